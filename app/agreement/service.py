"""Agreement between the machine and researchers, per code kind and label, on the project's reviewed codes."""

from __future__ import annotations

from collections.abc import Hashable, Mapping

from sqlmodel import Session, col, select

from app.agreement.models import AgreementReport, Cell, KindAgreement, LabelAgreement
from app.coding.models import CodeOrigin, CodeRecord
from app.errors import InvalidInput, NotFound
from app.review.labels import MULTI_LABEL_KINDS, NONE, REVIEW_KINDS, is_refusal, not_a_label, refused_label
from app.review.queue import label_options
from app.utterances.models import Utterance
from app.words import plural
from nlp.agreement import compare, per_label

Unit = Hashable

# Below this many units kappa's 95% interval is about +/-0.35 or wider at typical agreement (observed 0.8,
# chance 0.5), so a figure from fewer is shown with a low-support note rather than read as a measurement.
MIN_UNITS = 20


def _codes(session: Session, *, project_id: int, kind: str, origin: CodeOrigin) -> list[CodeRecord]:
    query = (
        select(CodeRecord)
        .where(CodeRecord.project_id == project_id, CodeRecord.kind == kind, CodeRecord.origin == origin)
        .order_by(col(CodeRecord.id))
    )
    return list(session.exec(query).all())


def researcher_labels(session: Session, *, project_id: int, kind: str) -> dict[Unit, str]:
    """The latest researcher decision per utterance (per force for forces); refusals = "none"."""
    labels: dict[Unit, str] = {}
    for code in _codes(session, project_id=project_id, kind=kind, origin=CodeOrigin.RESEARCHER):
        if kind in MULTI_LABEL_KINDS:
            force = refused_label(code.label) or code.label
            labels[(code.utterance_id, force)] = NONE if is_refusal(code.label) else force
        else:
            labels[code.utterance_id] = NONE if is_refusal(code.label) else code.label
    return labels


def machine_labels(
    session: Session, *, project_id: int, kind: str, units: Mapping[Unit, str]
) -> dict[Unit, str]:
    """The machine's label on each unit the researchers decided ("none" where the machine coded nothing)."""
    best: dict[int, CodeRecord] = {}
    present: set[tuple[int, str]] = set()
    for code in _codes(session, project_id=project_id, kind=kind, origin=CodeOrigin.MACHINE):
        present.add((code.utterance_id, code.label))
        if code.utterance_id not in best or code.score > best[code.utterance_id].score:
            best[code.utterance_id] = code
    if kind in MULTI_LABEL_KINDS:
        return {unit: _force(unit, present) for unit in units}
    return {unit: best[unit].label if unit in best else NONE for unit in units if isinstance(unit, int)}


def _force(unit: Unit, present: set[tuple[int, str]]) -> str:
    uid, force = unit if isinstance(unit, tuple) else (unit, "")
    return str(force) if (uid, force) in present else NONE


def utterance_of(unit: Unit) -> int:
    return int(unit[0]) if isinstance(unit, tuple) else int(str(unit))


def kind_agreement(kind: str, a: Mapping[Unit, str], b: Mapping[Unit, str]) -> KindAgreement:
    """Agreement of two coders on one kind, with one-vs-rest per label and the confusion cells."""
    overall = compare(a, b)
    labels = [
        LabelAgreement(label=label, units=found.units, kappa=found.kappa, alpha=found.alpha)
        for label, found in per_label(a, b).items()
    ]
    cells = [
        Cell(a=x, b=y, count=len(units), utterance_ids=sorted({utterance_of(u) for u in units}))
        for (x, y), units in sorted(overall.confusion.items())
    ]
    return KindAgreement(
        kind=kind,
        units=overall.units,
        observed=overall.observed,
        kappa=overall.kappa,
        alpha=overall.alpha,
        labels=labels,
        cells=cells,
        low_support=overall.units < MIN_UNITS,
        support_note=support_note(overall.units),
    )


def support_note(units: int) -> str:
    """ "low support: 6 units (kappa and alpha need 20 or more)" when too few units back them, else ""."""
    if units >= MIN_UNITS:
        return ""
    return f"low support: {plural(units, 'unit')} (kappa and alpha need {MIN_UNITS} or more)"


def machine_vs_researcher(session: Session, *, project_id: int) -> AgreementReport:
    """Per kind, the machine's label against the researchers' latest decision on every reviewed utterance."""
    found = (machine_vs_researcher_on(session, project_id=project_id, kind=kind) for kind in REVIEW_KINDS)
    kinds = [k for k in found if k is not None]
    return AgreementReport(project_id=project_id, comparison="machine vs researcher", kinds=kinds)


def machine_vs_researcher_on(session: Session, *, project_id: int, kind: str) -> KindAgreement | None:
    """One kind of the report; None when no researcher has decided a code of that kind."""
    mine = researcher_labels(session, project_id=project_id, kind=kind)
    if not mine:
        return None
    machine = machine_labels(session, project_id=project_id, kind=kind, units=mine)
    return kind_agreement(kind, machine, mine)


def cell_utterances(session: Session, *, project_id: int, kind: str, a: str, b: str) -> list[Utterance]:
    """The utterances behind one confusion-matrix cell: the machine said `a`, a researcher `b`.

    Raises:
        NotFound: `kind` is not a kind review covers.
        InvalidInput: `a` or `b` is not a label of the kind (nor "none", nor one the report holds).
    """
    if kind not in REVIEW_KINDS:
        kinds = ", ".join(REVIEW_KINDS)
        raise NotFound(f"There is no agreement for code kind {kind!r}: the kinds are {kinds}.")
    found = machine_vs_researcher_on(session, project_id=project_id, kind=kind)
    cells = found.cells if found else []
    labels = [*label_options(session, project_id=project_id).get(kind, []), NONE]
    labels += sorted({label for c in cells for label in (c.a, c.b)} - set(labels))
    for label in (a, b):
        if label not in labels:
            raise InvalidInput(not_a_label(kind, label, labels))
    ids = [i for c in cells if c.a == a and c.b == b for i in c.utterance_ids]
    return list(session.exec(select(Utterance).where(col(Utterance.id).in_(ids)).order_by(col(Utterance.id))))


def report_rows(report: AgreementReport) -> list[list[str]]:
    """The report as CSV rows: one per kind (label "*") and one per label."""
    rows = [["comparison", "kind", "label", "units", "observed", "kappa", "alpha", "support"]]
    for kind in report.kinds:
        rows.append(
            [
                report.comparison,
                kind.kind,
                "*",
                str(kind.units),
                f"{kind.observed:.4f}",
                _num(kind.kappa),
                _num(kind.alpha),
                kind.support_note,
            ]
        )
        rows += [
            [
                report.comparison,
                kind.kind,
                found.label,
                str(found.units),
                "",
                _num(found.kappa),
                _num(found.alpha),
                kind.support_note,
            ]
            for found in kind.labels
        ]
    return rows


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"
