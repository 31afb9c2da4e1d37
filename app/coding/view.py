"""What a transcript or survey page shows of the coding: chips, content classes, filters, progress."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlmodel import Session

from app.coding.content import CONTENT_KIND, CONTENT_LABELS, SKIPPED_KIND, ContentView, effective_content
from app.coding.models import CodeOrigin, CodeRecord, CodingJob
from app.coding.service import codes_by_utterance, latest_job
from app.utterances.models import Utterance
from nlp.types import SpeakerRole

FILTER_KINDS = {"emotion": "emotion", "stage": "stage", "force": "force", "pain": "pain_point"}
# What a page says when a coder answered nothing on a coded substantive utterance; a filter's "none" picks it.
ABSTAINED = {"emotion": "neutral", "stage": "stage: unclear", "pain_point": "no pain"}
NONE = "none"
# The emotion coder's word for "no emotion found": its filter entry is the "none" one, which picks these too.
NEUTRAL = "neutral"
# The "none" option of a transcript page's filters, named as the chips name it.
ABSTAIN_CHOICES = {"emotion": "neutral (none found)", "stage": "no stage (unclear)", "pain": "no pain"}
NO_CONTENT = "no-content"
CONTENT_CHOICES = (CONTENT_LABELS[0], NO_CONTENT, *CONTENT_LABELS[1:])


@dataclass(frozen=True, slots=True)
class CodeFilter:
    """Query parameters of a transcript page: show only utterances carrying these codes (or this class).

    `content` is "substantive", "no-content" (any other class) or one class ("backchannel" ...).
    A code filter is a label, "any" (some label) or "none" (the coder abstained: "no pain", "stage: unclear").
    """

    emotion: str | None = None
    stage: str | None = None
    force: str | None = None
    pain: str | None = None
    content: str | None = None

    def __post_init__(self) -> None:
        if self.emotion == NEUTRAL:  # one neutral entry: "neutral" and "neutral (none found)" are the same
            object.__setattr__(self, "emotion", NONE)

    @property
    def active(self) -> bool:
        return any((self.emotion, self.stage, self.force, self.pain, self.content))

    def matches(self, codes: list[CodeRecord], content: ContentView | None = None) -> bool:
        if self.content and not _class_matches(self.content, content):
            return False
        for param, kind in FILTER_KINDS.items():
            wanted = getattr(self, param)
            if wanted == NONE:
                if not (_abstained_on(kind, codes, content) or _neutral(kind, codes, content)):
                    return False
            elif wanted and not any(c.kind == kind and (wanted == "any" or c.label == wanted) for c in codes):
                return False
        return True


def _abstained_on(kind: str, codes: list[CodeRecord], content: ContentView | None) -> bool:
    """Whether the page says the `kind` coder answered nothing here (only on coded substantive talk)."""
    return (
        kind in ABSTAINED
        and content is not None
        and content.substantive
        and ABSTAINED[kind] in _abstained(codes)
    )


def _neutral(kind: str, codes: list[CodeRecord], content: ContentView | None) -> bool:
    """Whether the emotion coder said "neutral" on substantive talk (and no emotion besides)."""
    if kind != "emotion" or content is None or not content.substantive:
        return False
    labels = {c.label for c in codes if c.kind == kind}
    return NEUTRAL in labels and labels <= {NEUTRAL, NONE}


def _class_matches(wanted: str, content: ContentView | None) -> bool:
    if content is None:
        return False
    if wanted == NO_CONTENT:
        return not content.substantive
    return content.content_class == wanted


@dataclass(slots=True)
class CodingView:
    """`codes`: the chips per utterance (a no-content utterance keeps only researcher and skipped ones);
    `content`: each respondent utterance's effective class; `counts`: respondent utterances per class;
    `abstained`: what the coders left open on a coded substantive utterance ("stage: unclear" ...)."""

    job: CodingJob | None
    codes: dict[int, list[CodeRecord]]
    facets: dict[str, list[str]] = field(default_factory=dict)
    hits: set[int] = field(default_factory=set)
    content: dict[int, ContentView] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    abstained: dict[int, list[str]] = field(default_factory=dict)

    @property
    def respondent_total(self) -> int:
        return sum(self.counts.values())

    @property
    def substantive(self) -> int:
        return self.counts.get(CONTENT_LABELS[0], 0)


def coding_view(
    session: Session, *, source_id: int, wanted: CodeFilter, utterances: Sequence[Utterance] = ()
) -> CodingView:
    """Codes of a source grouped by utterance, content classes of `utterances`, facets and matches."""
    codes = codes_by_utterance(session, source_id=source_id)
    respondents = [u for u in utterances if u.speaker_role == SpeakerRole.RESPONDENT]
    content = {u.id or 0: effective_content(codes.get(u.id or 0, []), u.text) for u in respondents}
    facets = {
        param: sorted({c.label for rows in codes.values() for c in rows if c.kind == kind} - {NEUTRAL, NONE})
        for param, kind in FILTER_KINDS.items()
    }
    candidates = set(codes) | set(content)
    hits = {
        uid for uid in candidates if wanted.active and wanted.matches(codes.get(uid, []), content.get(uid))
    }
    return CodingView(
        latest_job(session, source_id=source_id),
        {uid: _chips(rows, content.get(uid)) for uid, rows in codes.items()},
        facets,
        hits,
        content,
        _counts(content.values()),
        {uid: _abstained(codes.get(uid, [])) for uid, view in content.items() if view.substantive},
    )


def _chips(codes: list[CodeRecord], content: ContentView | None) -> list[CodeRecord]:
    shown = [c for c in codes if c.kind != CONTENT_KIND]
    if content is None or content.substantive:
        return shown
    return [c for c in shown if c.origin == CodeOrigin.RESEARCHER or c.kind == SKIPPED_KIND]


def _counts(views: Iterable[ContentView]) -> dict[str, int]:
    counted = Counter(view.content_class for view in views)
    return {label: counted[label] for label in CONTENT_LABELS if counted[label]}


def _abstained(codes: list[CodeRecord]) -> list[str]:
    """On a coded utterance, the coders that answered nothing: said plainly rather than left blank."""
    kinds = {c.kind for c in codes}
    if not kinds & {CONTENT_KIND, "emotion"}:  # not coded (yet), or skipped
        return []
    return [note for kind, note in ABSTAINED.items() if kind not in kinds]
