"""Journey maps: a framework's stages as columns, rows of evidence-backed cells.

Machine-filled rows (script, touchpoints, actions, thoughts, pain points, channels, teams) hold
ranked `CellItem`s; the emotions row holds one `EmotionCell` per stage; opportunities and KPIs are
researcher-entered and passed through. Every machine-filled cell keeps the ids of its utterances and
up to three verbatim quotes. `journey_to_dict` / `journey_from_dict` give the JSON a snapshot stores.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any, Protocol

from nlp.aggregate.evidence import Evidence, Quote
from nlp.aggregate.journey_rows import EXTRACTED_ROWS, RowExtractor, default_extractor
from nlp.aggregate.quotes import pick_quotes as choose_quotes
from nlp.aggregate.support import Support, claim_low_support, low_support_note
from nlp.aggregate.talk import substantive
from nlp.dataclass_io import from_dict

ROW_KEYS = (
    "script",
    "touchpoints",
    "actions",
    "thoughts",
    "emotions",
    "pain_points",
    "opportunities",
    "channels",
    "teams",
    "kpis",
)
ROW_TITLES = {
    "script": "Script",
    "touchpoints": "Touchpoints",
    "actions": "Actions",
    "thoughts": "Thoughts",
    "emotions": "Emotions",
    "pain_points": "Pain points",
    "opportunities": "Opportunities",
    "channels": "Channels",
    "teams": "Teams involved",
    "kpis": "KPIs",
}
ITEM_ROWS = tuple(key for key in ROW_KEYS if key not in ("emotions", "opportunities", "kpis"))
FEASIBILITY = ("high", "medium", "low")
MAX_QUOTES = 3
MAX_SCRIPT_ITEMS = 3
PUSH_MIN_SCORE = 0.5
CONFIDENCE = 0.95
SCHEMA_VERSION = 1
NEUTRAL = "neutral"
# Below this share of a stage's emotion-coded utterances, its most frequent felt emotion does not
# describe the stage: the stage reads "mostly neutral" and the emotion is named as the most felt.
FELT_SHARE_MIN = 0.2

Strength = Callable[[Evidence], tuple[float, ...]]
_WORD = re.compile(r"[a-z]+")


class StageLike(Protocol):
    """Anything with a stage id and name: a `Stage` here or a framework's `nlp.frameworks.Stage`."""

    @property
    def id(self) -> str: ...

    @property
    def name(self) -> str: ...


@dataclass(slots=True)
class Stage:
    """A column of the map."""

    id: str
    name: str


@dataclass(slots=True)
class CellItem:
    """One claim in a cell: a label, how often and by how many people it came up, and its evidence.

    Attributes:
        label: Normalised label (a lexicon's canonical name, a verb phrase, a theme or pain category).
        count: Utterances that support it.
        participants: Distinct participants among them.
        utterance_ids: Their ids, ascending.
        quotes: Up to three verbatim quotes, one per participant first, strongest first.
        score: A pain item's mean pain score; None in other rows.
    """

    label: str
    count: int
    participants: int
    utterance_ids: list[int]
    quotes: list[Quote]
    score: float | None = None

    @property
    def support_note(self) -> str:
        """ "low support: 1 utterance, 1 participant" when the claim rests on one participant, else ""."""
        return low_support_note(self.count, self.participants) if claim_low_support(self.participants) else ""


@dataclass(slots=True)
class EmotionCell:
    """The emotion curve at one stage.

    Attributes:
        n: Utterances with a valence.
        mean_valence: Their mean, -1..1; None when n is 0.
        low: Lower end of a 95% Student-t interval for the mean, clipped to -1..1; None when n < 2
            (one utterance gives no spread to build an interval on).
        high: Upper end, likewise.
        dominant: Most frequent emotion, "neutral" only when no other emotion was coded.
        dominant_share: Its share of the stage's emotion-coded utterances (neutral ones included).
        utterance_ids: Utterances with a valence or an emotion, ascending.
        quotes: The most intense of them (largest |valence|), one per participant first.
    """

    n: int
    mean_valence: float | None
    low: float | None
    high: float | None
    dominant: str | None
    dominant_share: float | None
    utterance_ids: list[int]
    quotes: list[Quote]


@dataclass(frozen=True, slots=True)
class Feeling:
    """What a stage's emotion cell says in words, the same on the map, its curve and its exports.

    Attributes:
        label: "mostly neutral", the dominant emotion, or "neutral" when none was coded.
        detail: "most felt: satisfaction 6%" beside "mostly neutral", the dominant's share ("42%")
            beside an emotion, or "".
    """

    label: str
    detail: str

    def __str__(self) -> str:
        return f"{self.label} ({self.detail})" if self.detail else self.label


def feeling(cell: EmotionCell) -> Feeling:
    """The words for a stage's emotions: a felt emotion rarer than `FELT_SHARE_MIN` is not "mostly" it."""
    if cell.dominant is None:
        return Feeling(NEUTRAL, "")
    share = "" if cell.dominant_share is None else f"{round(cell.dominant_share * 100)}%"
    if cell.dominant != NEUTRAL and cell.dominant_share is not None and cell.dominant_share < FELT_SHARE_MIN:
        return Feeling(f"mostly {NEUTRAL}", f"most felt: {cell.dominant} {share}")
    return Feeling(cell.dominant, share)


@dataclass(slots=True)
class Opportunity:
    """A researcher's idea for a stage, linked to the labels of the pain items it answers."""

    id: int
    text: str
    stage: str
    feasibility: str
    pain_points: list[str] = field(default_factory=list)


@dataclass(slots=True)
class JourneyMap:
    """A journey map, overall (persona None) or for one persona.

    Attributes:
        framework: Id of the journey framework.
        stages: Columns in journey order.
        persona: The persona's name, or None for the whole project.
        participants: Distinct participants in the evidence (staged or not).
        utterances: Evidence items given (staged or not).
        rows: Row key (ITEM_ROWS) -> stage id -> ranked items.
        emotions: Stage id -> emotion cell.
        opportunities: Stage id -> researcher opportunities, high feasibility first.
        kpis: Stage id -> researcher goals.
        unstaged: Utterances whose stage is missing or not in the framework.
        support: Stage id -> utterances and participants behind the stage; `low` when too few to trust.
        no_content: Utterances given that carry no content (fillers, thanks, markers) and were left out.
    """

    framework: str
    stages: list[Stage]
    persona: str | None
    participants: int
    utterances: int
    rows: dict[str, dict[str, list[CellItem]]]
    emotions: dict[str, EmotionCell]
    opportunities: dict[str, list[Opportunity]]
    kpis: dict[str, list[str]]
    unstaged: int
    support: dict[str, Support] = field(default_factory=dict)
    no_content: int = 0


def build_journey_map(
    stages: Sequence[StageLike],
    evidence: Sequence[Evidence],
    *,
    framework: str,
    persona: str | None = None,
    pain_groups: Mapping[int, str] | None = None,
    opportunities: Sequence[Opportunity] = (),
    kpis: Mapping[str, Sequence[str]] | None = None,
    extractor: RowExtractor | None = None,
) -> JourneyMap:
    """Aggregate coded evidence into a journey map.

    Args:
        stages: The framework's stages in journey order (framework `Stage`s work as they are).
        evidence: Coded utterances, already filtered to the persona when `persona` is set.
        framework: The framework id, kept on the map.
        persona: The persona's name, or None for the overall map.
        pain_groups: Utterance id -> theme label from a themes run over the pain points; pain items
            are grouped by it, falling back to the pain category for utterances it leaves out. A theme's
            quotes are first its members in the stage that share a content word with its label (a theme
            is labelled from all its members, and a stage may hold only a few, off-centre ones).
        opportunities: Researcher opportunities; those whose stage is not a column are left out.
        kpis: Stage id -> researcher goals; stages that are not columns are left out.
        extractor: Row extractor for the lexical rows; the shipped lexicon's by default.

    Raises:
        ValueError: two stages share an id, or an opportunity's feasibility is not high/medium/low.
    """
    given = len(evidence)
    evidence = [evidence[i] for i in substantive(evidence)]  # no filler, thanks or marker fills a cell
    columns = [Stage(stage.id, stage.name) for stage in stages]
    ids = [stage.id for stage in columns]
    if len(set(ids)) != len(ids):
        raise ValueError(f"stage ids must be unique, found {ids}")
    by_stage: dict[str, list[Evidence]] = {stage_id: [] for stage_id in ids}
    for item in sorted(evidence, key=lambda e: e.utterance_id):
        if item.stage in by_stage:
            by_stage[item.stage].append(item)
    rows_of = extractor or default_extractor()
    cells = {stage_id: _stage_rows(items, rows_of, pain_groups or {}) for stage_id, items in by_stage.items()}
    return JourneyMap(
        framework=framework,
        stages=columns,
        persona=persona,
        participants=len({participant_key(e) for e in evidence}),
        utterances=len(evidence),
        rows={row: {stage_id: cells[stage_id][row] for stage_id in ids} for row in ITEM_ROWS},
        emotions={stage_id: emotion_cell(items) for stage_id, items in by_stage.items()},
        opportunities=_opportunities_by_stage(opportunities, ids),
        kpis={stage_id: [str(goal) for goal in (kpis or {}).get(stage_id, ())] for stage_id in ids},
        unstaged=len(evidence) - sum(len(items) for items in by_stage.values()),
        support={stage_id: stage_support(items) for stage_id, items in by_stage.items()},
        no_content=given - len(evidence),
    )


def stage_support(items: Sequence[Evidence]) -> Support:
    """The utterances and distinct participants one stage rests on."""
    return Support(len(items), len({participant_key(e) for e in items}))


def participant_key(item: Evidence) -> str:
    """Who said it, for counting people: the participant, else the source (an unnamed interviewee is
    one person), else the utterance itself."""
    if item.participant is not None:
        return f"p:{item.participant}"
    if item.source is not None:
        return f"s:{item.source}"
    return f"u:{item.utterance_id}"


def pick_quotes(items: Iterable[Evidence], strength: Strength, limit: int = MAX_QUOTES) -> list[Quote]:
    """Up to `limit` verbatim quotes: strongest first, those that stand alone before those that do not,
    one per participant before any second one, no two with the same words.

    Ties in strength go to the lower utterance id, so the choice is deterministic.
    """
    ranked = sorted(items, key=lambda e: (tuple(-value for value in strength(e)), e.utterance_id))
    return choose_quotes(ranked, participant_key, limit)


def intensity(item: Evidence) -> tuple[float, ...]:
    """How strongly felt an utterance is: |valence|, then the emotion code's confidence."""
    return (abs(item.valence or 0.0), item.emotion_score)


def _script_strength(item: Evidence) -> tuple[float, ...]:
    return (item.forces.get("push", 0.0), *intensity(item))


def _pain_strength(item: Evidence) -> tuple[float, ...]:
    return (item.pain_score, *intensity(item))


def _stage_rows(
    items: Sequence[Evidence], extractor: RowExtractor, pain_groups: Mapping[int, str]
) -> dict[str, list[CellItem]]:
    """Row key -> ranked items for one stage's evidence."""
    groups: dict[str, dict[str, list[Evidence]]] = {row: {} for row in ITEM_ROWS}
    for item in items:
        push = item.forces.get("push", 0.0) >= PUSH_MIN_SCORE
        found = extractor.labels(item.text, push=push)
        for row in EXTRACTED_ROWS:
            for label in found[row]:
                groups[row].setdefault(label, []).append(item)
        if item.pain is not None:
            groups["pain_points"].setdefault(pain_groups.get(item.utterance_id, item.pain), []).append(item)
    rows = {row: _ranked(groups[row], intensity) for row in ITEM_ROWS}
    rows["script"] = _ranked(groups["script"], _script_strength)[:MAX_SCRIPT_ITEMS]
    themes = set(pain_groups.values())
    rows["pain_points"] = _ranked(
        groups["pain_points"], _pain_strength, scored=True, strengths={t: _theme_strength(t) for t in themes}
    )
    return rows


def _theme_strength(label: str) -> Strength:
    """Pain strength, after whether the utterance says a content word of the theme's label."""
    said = _label_words(label)
    return lambda item: (float(bool(_label_words(item.text) & said)), *_pain_strength(item))


def _label_words(text: str) -> frozenset[str]:
    """The text's words of three letters or more that are no stop words, a plural "s" dropped."""
    stops = _stop_words()
    words = _WORD.findall(text.lower().replace("\u2019", "'"))
    return frozenset(w.removesuffix("s") for w in words if len(w) > 2 and w not in stops)


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from nlp.aggregate.theme_labels import stop_words  # here: scikit-learn takes seconds to import

    return stop_words()


def _ranked(
    groups: Mapping[str, list[Evidence]],
    strength: Strength,
    *,
    scored: bool = False,
    strengths: Mapping[str, Strength] | None = None,
) -> list[CellItem]:
    """Items ranked by participants, then utterances, then score, then label (`strengths`: a label's own
    order of quotes, in place of `strength`)."""
    items = [
        cell_item(label, members, (strengths or {}).get(label, strength), scored=scored)
        for label, members in groups.items()
    ]
    return sorted(
        items, key=lambda i: (-i.participants, -i.count, -(i.score or 0.0), i.label.casefold(), i.label)
    )


def cell_item(
    label: str, members: Sequence[Evidence], strength: Strength, *, scored: bool = False
) -> CellItem:
    """The item for `label` backed by `members` (score: their mean pain score when `scored`)."""
    return CellItem(
        label=label,
        count=len(members),
        participants=len({participant_key(e) for e in members}),
        utterance_ids=sorted(e.utterance_id for e in members),
        quotes=pick_quotes(members, strength),
        score=math.fsum(e.pain_score for e in members) / len(members) if scored else None,
    )


def emotion_cell(items: Sequence[Evidence]) -> EmotionCell:
    """Mean valence with a 95% t-interval, dominant emotion and the most intense quotes."""
    valences = [e.valence for e in items if e.valence is not None]
    coded = [e for e in items if e.valence is not None or e.emotion is not None]
    mean, low, high = mean_interval(valences)
    dominant, share = _dominant([e.emotion for e in items if e.emotion is not None])
    felt = [e for e in coded if intensity(e)[0] > 0 or (e.emotion is not None and e.emotion != NEUTRAL)]
    return EmotionCell(
        n=len(valences),
        mean_valence=mean,
        low=low,
        high=high,
        dominant=dominant,
        dominant_share=share,
        utterance_ids=[e.utterance_id for e in coded],
        quotes=pick_quotes(felt, intensity),
    )


def mean_interval(values: Sequence[float]) -> tuple[float | None, float | None, float | None]:
    """Mean and the two ends of its 95% Student-t interval, clipped to -1..1.

    (None, None, None) for no values; (mean, None, None) for one value.
    """
    if not values:
        return None, None, None
    n = len(values)
    mean = math.fsum(values) / n
    if n < 2:
        return mean, None, None
    spread = math.sqrt(math.fsum((v - mean) ** 2 for v in values) / (n - 1))
    from scipy.special import stdtrit  # here: scipy takes a second to import

    half = float(stdtrit(n - 1, 0.5 + CONFIDENCE / 2)) * spread / math.sqrt(n)
    return mean, max(-1.0, mean - half), min(1.0, mean + half)


def _dominant(emotions: Sequence[str]) -> tuple[str | None, float | None]:
    if not emotions:
        return None, None
    counts = Counter(emotions)
    candidates = {k: v for k, v in counts.items() if k != NEUTRAL} or dict(counts)
    label = min(candidates, key=lambda k: (-candidates[k], k))
    return label, counts[label] / len(emotions)


def _opportunities_by_stage(
    opportunities: Sequence[Opportunity], ids: Sequence[str]
) -> dict[str, list[Opportunity]]:
    out: dict[str, list[Opportunity]] = {stage_id: [] for stage_id in ids}
    for item in opportunities:
        feasibility = str(getattr(item.feasibility, "value", item.feasibility))
        if feasibility not in FEASIBILITY:
            raise ValueError(
                f"opportunity {item.id}: feasibility {feasibility!r} is not one of {FEASIBILITY}"
            )
        if item.stage in out:
            out[item.stage].append(
                Opportunity(item.id, item.text, item.stage, feasibility, [str(p) for p in item.pain_points])
            )
    for items in out.values():
        items.sort(key=lambda o: (FEASIBILITY.index(o.feasibility), o.id))
    return out


def journey_to_dict(journey: JourneyMap) -> dict[str, Any]:
    """The map as JSON-ready data (what a snapshot stores); `journey_from_dict` reads it back.

    A stage's support also stores whether it is `low`, a row item its `support` note (blank unless it
    rests on one participant), and an emotion cell its `feeling` in words, for readers of the JSON;
    reading ignores them.
    """
    data = {"version": SCHEMA_VERSION, **asdict(journey)}
    data["support"] = {sid: support.to_dict() for sid, support in journey.support.items()}
    for kind, by_stage in journey.rows.items():
        for sid, items in by_stage.items():
            for item, stored in zip(items, data["rows"][kind][sid], strict=True):
                stored["support"] = item.support_note
    for sid, cell in journey.emotions.items():
        data["emotions"][sid]["feeling"] = asdict(feeling(cell))
    return data


def journey_from_dict(data: Mapping[str, Any]) -> JourneyMap:
    """Read back what `journey_to_dict` wrote, now or in an older release (keys added since take
    their defaults: `support` empty, `no_content` 0, an item's `score` None).

    Raises:
        ValueError: the data is of another schema version, lacks a key or has a value of the wrong shape.
    """
    if data.get("version") != SCHEMA_VERSION:
        raise ValueError(f"journey map data has version {data.get('version')!r}; expected {SCHEMA_VERSION}")
    try:
        return from_dict(JourneyMap, data)
    except (KeyError, TypeError, ValueError) as err:
        raise ValueError(f"journey map data is malformed: {err}") from err
