"""Participants grouped into personas from what they said and who they are.

Mean utterance embeddings are dominated by talk every participant shares (the questions, the product,
small talk), so clustering them mixes populations. Each participant is described instead by blocks,
each centred and scaled to unit total variance, then weighted (`BLOCK_WEIGHTS`):

* ``embedding``: a weighted mean of the participant's embeddings (corpus mean removed) in which each
  utterance counts by how *distinctive* it is: -log of the share of other participants who said something
  close to it (best-match cosine above a threshold, averaged over thresholds at several quantiles of
  all best-match similarities). Talk everyone shares weighs ~0; talk only some participants share
  weighs most. This block carries the grouping;
* ``lexical``: TF-IDF over the participant's words, reduced by LSA (register: "our customers, the
  network" against "my house, the kids");
* ``register``: shares of first-person singular and plural, second and third person words;
* ``codes``: share of each journey stage, force, emotion and pain category, and mean valence;
* ``attributes``: one-hot profile fields and attributes that at least two participants share.

Participants are grouped into the k groups of least within-group sum of squares that `group_labels` finds:
Ward's agglomerative tree, whose greedy merges cannot be undone, refined by k-means from Ward's groups and
from `KMEANS_STARTS` k-means++ starts (fixed seed, so deterministic). The number of personas
is the smallest k in 2..max_k whose silhouette is within `NEAR_TIE` of the best (passing over a k that makes a
persona only of the few respondents of one interview, when another k does not), and one persona is
returned when the data show no groups at all (`structure_test`: on the top principal components, the
best silhouette is no better than the mean of uniform data filling the same box, as in the gap statistic:
the grouping's own score then prefers no split), or when there are fewer than `MIN_PARTICIPANTS`
participants.

Only substantive utterances (`nlp.content`) count, and participants with too little substantive talk
(`nlp.aggregate.talk.TalkFloor`: fewer than 5 utterances or 40 content words, capped at a quarter of the
median participant's) are left out of the grouping, with the reason in `PersonaGrouping.left_out`:
a participant who only said "[REDACTED; Introduction]" is no persona of their own.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from nlp.aggregate.evidence import Evidence
from nlp.aggregate.kmeans import best_partition
from nlp.aggregate.talk import TalkFloor, substantive, too_little_talk
from nlp.types import FORCES

MIN_PARTICIPANTS = 4
# k-means++ starts besides Ward's groups. On real meetings (bench/eval_real_groups.py) Ward's 2-group cut
# joined a third topic to the wrong population and spread more than the population split; 10 starts missed
# that split for 2 of 5 seeds, 100 found it for all. Batched in numpy (nlp.aggregate.kmeans): 100 starts
# for k = 2..6 take ~0.05 s for 100 participants, ~2 s for 1,000 (fewer starts for many rows).
KMEANS_STARTS = 100
NEAR_TIE = 0.02
NULL_DRAWS = 20
# One persona only when the best grouping scores no better than structureless data does on average; a
# margin above that mean (2 standard deviations once) returned one persona where the scores preferred two.
NULL_MARGIN = 0.0
MAX_BLOCK_DIMS = 10
PROFILE_FIELDS = ("job_title", "company", "sector", "company_size", "revenue_band", "committee_role")
BLOCKS = ("embedding", "lexical", "register", "codes", "attributes")
# On the fictional proxy study (bench/eval_personas.py) the distinctive-embedding block alone separates the
# populations best; the other blocks help where register or profiles differ, so they weigh less.
BLOCK_WEIGHTS = {"embedding": 1.0, "lexical": 0.3, "register": 0.2, "codes": 0.2, "attributes": 0.5}
MATCH_QUANTILES = (0.5, 0.6, 0.7, 0.8)
# An interview source with fewer respondents than this is a conversation (an interview, a group interview or
# a focus group): a persona made only of its respondents describes that conversation. A larger one is read
# as a survey is.
CONVERSATION_SIZE = 10
# At most this many conversations are set aside, one after another (`_set_aside`); past it the scores
# alone choose among the k that remain.
MAX_SET_ASIDE = 3
# Thresholds stay in this cosine range: above it, near-copies ("Yeah, exactly.") would be split by noise.
MATCH_RANGE = (0.3, 0.85)
STRUCTURE_DIMS = 5
MAX_REFERENCE = 300
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
_REGISTER = {
    "first_singular": {"i", "i'm", "i've", "i'd", "i'll", "me", "my", "mine", "myself"},
    "first_plural": {"we", "we're", "we've", "we'd", "we'll", "us", "our", "ours", "ourselves"},
    "second": {"you", "you're", "you've", "your", "yours"},
    "third_plural": {"they", "they're", "they've", "them", "their", "theirs"},
}


@dataclass(frozen=True)
class ParticipantProfile:
    """Who a participant is, as the researcher recorded it (all optional except the key)."""

    key: str
    name: str | None = None
    job_title: str | None = None
    company: str | None = None
    sector: str | None = None
    company_size: str | None = None
    revenue_band: str | None = None
    committee_role: str | None = None
    attributes: Mapping[str, str] = field(default_factory=dict)


@dataclass
class PersonaGrouping:
    """Which persona each participant belongs to, and how the number of personas was chosen.

    Attributes:
        labels: Participant key -> persona index 0..k-1, the largest persona first.
        k: Number of personas.
        chosen_by: "silhouette" (chosen from the data), "user" (given), "single" (too few participants),
            "no-structure" (no grouping beat structureless data) or "no-evidence" (nothing to group on).
        scores: Silhouette of the grouping for each k tried.
        left_out: Participant key -> why they were not grouped (too little substantive talk); they have
            no entry in `labels`.
        passed_over: k -> the source whose respondents alone would have been one of its personas, for
            each k not chosen for that reason (`one_conversation`).
        set_aside: Sources whose respondents were a persona of their own at every k: the others were
            grouped without them, and each of them joined the persona nearest them.
    """

    labels: dict[str, int]
    k: int
    chosen_by: str
    scores: dict[int, float] = field(default_factory=dict)
    left_out: dict[str, str] = field(default_factory=dict)
    passed_over: dict[int, str] = field(default_factory=dict)
    set_aside: list[str] = field(default_factory=list)


@dataclass
class KChoice:
    """What `choose_k` decided: the number of groups, each row's group, and why."""

    k: int
    labels: np.ndarray
    scores: dict[int, float]
    chosen_by: str
    passed_over: dict[int, str] = field(default_factory=dict)
    set_aside: list[str] = field(default_factory=list)


def group_participants(
    profiles: Sequence[ParticipantProfile],
    evidence: Sequence[Evidence],
    embeddings: np.ndarray,
    *,
    k: int | None = None,
    max_k: int = 6,
    seed: int = 0,
    floor: TalkFloor = TalkFloor(),
    conversations: Collection[str] | None = None,
) -> PersonaGrouping:
    """Group participants into personas.

    Args:
        profiles: Every participant to place; each gets a persona, with or without evidence.
        evidence: Coded respondent utterances; `participant` links each to a profile key.
        embeddings: (len(evidence), d) utterance embeddings, row i belonging to evidence[i].
        k: Number of personas wanted; None chooses it from the data.
        max_k: Largest number of personas tried when choosing.
        seed: Seed for the LSA and the structure test's reference draws (same seed, same grouping).
        floor: The least substantive talk a participant needs to be grouped.
        conversations: The sources that are conversations (interviews, group interviews, focus groups)
            rather than surveys; None: every source. A conversation with fewer than `CONVERSATION_SIZE`
            respondents (counted before any is left out) is one no persona may be made of alone.

    Returns:
        The grouping; persona 0 is the largest.
    """
    talks_in = _conversations_of(evidence, conversations)
    left_out = too_little_talk(evidence, floor)
    keys = [key for key in dict.fromkeys(profile.key for profile in profiles) if key not in left_out]
    if not keys:
        return PersonaGrouping({}, 0, "single", left_out=left_out)
    evidence, embeddings = _substantive(evidence, embeddings, left_out)
    grouping = _grouped(keys, profiles, evidence, embeddings, k=k, max_k=max_k, seed=seed, talks_in=talks_in)
    grouping.left_out = left_out
    return grouping


def _substantive(
    evidence: Sequence[Evidence], embeddings: np.ndarray, left_out: Mapping[str, str]
) -> tuple[list[Evidence], np.ndarray]:
    rows = [i for i in substantive(evidence) if evidence[i].participant not in left_out]
    return [evidence[i] for i in rows], np.asarray(embeddings)[rows]


def _grouped(
    keys: list[str],
    profiles: Sequence[ParticipantProfile],
    evidence: Sequence[Evidence],
    embeddings: np.ndarray,
    *,
    k: int | None,
    max_k: int,
    seed: int,
    talks_in: Mapping[str, frozenset[str]],
) -> PersonaGrouping:
    profiles = [profile for profile in profiles if profile.key in set(keys)]
    features, grouped_keys = participant_features(profiles, evidence, embeddings, seed=seed)
    if not grouped_keys:
        return _finish(keys, {}, profiles, "no-evidence", {})
    if k is not None:
        k = max(1, min(k, len(grouped_keys)))  # never more personas than participants with evidence
        labels = group_labels(features, k, seed) if k > 1 else np.zeros(len(grouped_keys), dtype=int)
        scores = {k: silhouette(features, labels)} if 1 < k < len(grouped_keys) else {}
        return _finish(keys, dict(zip(grouped_keys, labels.tolist(), strict=True)), profiles, "user", scores)
    if len(grouped_keys) < MIN_PARTICIPANTS:
        return _finish(keys, dict.fromkeys(grouped_keys, 0), profiles, "single", {})
    choice = choose_k(
        features, max_k=max_k, seed=seed, sources=[talks_in.get(key, frozenset()) for key in grouped_keys]
    )
    grouped = dict(zip(grouped_keys, choice.labels.tolist(), strict=True))
    grouping = _finish(keys, grouped, profiles, choice.chosen_by, choice.scores)
    grouping.passed_over, grouping.set_aside = choice.passed_over, choice.set_aside
    return grouping


def participant_features(
    profiles: Sequence[ParticipantProfile],
    evidence: Sequence[Evidence],
    embeddings: np.ndarray,
    *,
    seed: int = 0,
    blocks: Sequence[str] = BLOCKS,
    weights: Mapping[str, float] | None = None,
) -> tuple[np.ndarray, list[str]]:
    """One row per participant with evidence: the scaled feature blocks side by side.

    Returns:
        (features, keys): features is (n, d) float64; keys[i] is the participant of row i, in profile order
        (participants with evidence but no profile come after).
    """
    rows = _rows_by_participant(evidence)
    keys = [p.key for p in profiles if p.key in rows] + [
        key for key in rows if key not in {p.key for p in profiles}
    ]
    keys = list(dict.fromkeys(keys))
    if not keys:
        return np.zeros((0, 0)), []
    matrix = np.asarray(embeddings, dtype=np.float64)
    by_key = {p.key: p for p in profiles}
    builders = {
        "embedding": lambda: distinctive_means(matrix, [rows[key] for key in keys]),
        "lexical": lambda: _lexical_block([_text_of(evidence, rows[key]) for key in keys], seed),
        "register": lambda: _register_block([_text_of(evidence, rows[key]) for key in keys]),
        "codes": lambda: _code_block([[evidence[i] for i in rows[key]] for key in keys]),
        "attributes": lambda: attribute_block([by_key.get(key, ParticipantProfile(key)) for key in keys]),
    }
    weights = BLOCK_WEIGHTS if weights is None else weights
    parts = [weights.get(name, 1.0) * _scaled(builders[name]()) for name in blocks]
    parts = [part for part in parts if part.shape[1]]
    if not parts:
        return np.zeros((len(keys), 1)), keys
    return np.hstack(parts), keys


def choose_k(
    features: np.ndarray,
    *,
    max_k: int = 6,
    seed: int = 0,
    sources: Sequence[frozenset[str]] | None = None,
    set_aside_left: int = MAX_SET_ASIDE,
) -> KChoice:
    """Pick the number of groups: the fewest whose silhouette is near the best, or 1 without structure.

    Args:
        sources: For each row, the conversations (interviews with few respondents) its participant
            spoke in, or an empty set (a survey respondent). A k whose grouping makes a persona only of
            the respondents of one conversation (`one_conversation`) is passed over: three guests of one
            group interview talk about the same things because they answered the same questions
            together, which makes them no kind of customer. When every k makes one, the others are
            grouped without that conversation's respondents, who then join the persona nearest them
            (`_set_aside`), at most `set_aside_left` conversations in turn.
    """
    n = features.shape[0]
    candidates = range(2, min(max_k, n - 1) + 1)
    labelings = {k: group_labels(features, k, seed) for k in candidates}
    scores = {k: silhouette(features, labels) for k, labels in labelings.items()}
    if not scores:
        return KChoice(1, np.zeros(n, dtype=int), scores, "single")
    observed, threshold = structure_test(features, candidates, seed)
    if observed <= threshold:
        return KChoice(1, np.zeros(n, dtype=int), scores, "no-structure")
    made = {k: one_conversation(labels, sources) if sources else None for k, labels in labelings.items()}
    passed_over = {k: source for k, source in made.items() if source is not None}
    if sources and len(passed_over) == len(scores):
        choice = None
        if set_aside_left > 0:
            source = passed_over[min(scores)]
            choice = _set_aside(
                features, max_k=max_k, seed=seed, sources=sources, source=source, left=set_aside_left
            )
        if choice is not None:
            return choice
        passed_over = {}  # too few others to group, or enough set aside: the scores alone choose
    eligible = {k: score for k, score in scores.items() if k not in passed_over}
    best = max(eligible.values())
    chosen = min(k for k, score in eligible.items() if score >= best - NEAR_TIE)
    return KChoice(chosen, labelings[chosen], scores, "silhouette", passed_over)


def _set_aside(
    features: np.ndarray, *, max_k: int, seed: int, sources: Sequence[frozenset[str]], source: str, left: int
) -> KChoice | None:
    """Group every row but the respondents of `source`, then put each of them in the nearest group
    (least squared distance to its centre). None when fewer than `MIN_PARTICIPANTS` others are left."""
    apart = np.array([source in row for row in sources])
    rest = np.flatnonzero(~apart)
    if len(rest) < MIN_PARTICIPANTS:
        return None
    inner = choose_k(
        features[rest],
        max_k=max_k,
        seed=seed,
        sources=[sources[i] for i in rest.tolist()],
        set_aside_left=left - 1,
    )
    labels = np.zeros(len(features), dtype=int)
    labels[rest] = inner.labels
    groups = sorted(set(inner.labels.tolist()))
    centres = np.vstack([features[rest][inner.labels == group].mean(axis=0) for group in groups])
    for row in np.flatnonzero(apart).tolist():
        labels[row] = groups[int(np.argmin(((centres - features[row]) ** 2).sum(axis=1)))]
    return KChoice(
        inner.k, labels, inner.scores, inner.chosen_by, inner.passed_over, [source, *inner.set_aside]
    )


def one_conversation(labels: np.ndarray, sources: Sequence[frozenset[str]]) -> str | None:
    """The conversation, if a group holds only respondents who all spoke in it (some may also have spoken
    in another: a focus group member interviewed again later is still of that focus group).

    Args:
        sources: For each row, the conversations its participant spoke in (`_conversations_of`).
    """
    for group in np.unique(labels):
        common = frozenset.intersection(*(sources[row] for row in np.flatnonzero(labels == group).tolist()))
        if common:
            return min(common)
    return None


def structure_test(features: np.ndarray, candidates: range, seed: int) -> tuple[float, float]:
    """Is there any grouping at all? The gap-statistic reference, with silhouettes.

    On the top `STRUCTURE_DIMS` principal components (where group differences live; the other
    directions are mostly noise), the best silhouette over `candidates` is compared with the same on
    `NULL_DRAWS` draws of uniform data filling the same box of components (no groups).

    Returns:
        (observed best silhouette, threshold): the reference mean plus `NULL_MARGIN` standard deviations.
    """
    centred = features - features.mean(axis=0)
    _, _, axes = np.linalg.svd(centred, full_matrices=False)
    scores = centred @ axes[: min(STRUCTURE_DIMS, len(axes))].T
    # Ward alone here: k-means restarts on structureless draws cost seconds, and whether there is any
    # grouping at all does not hinge on which of two near-equal cuts is taken.
    observed = max(silhouette(scores, ward_labels(scores, k)) for k in candidates)
    rng = np.random.default_rng(seed)
    low, high = scores.min(axis=0), scores.max(axis=0)
    reference = []
    for _ in range(NULL_DRAWS):
        blob = rng.uniform(low, high, size=scores.shape)
        reference.append(max(silhouette(blob, ward_labels(blob, k)) for k in candidates))
    return observed, float(np.mean(reference) + NULL_MARGIN * np.std(reference))


def group_labels(features: np.ndarray, k: int, seed: int = 0) -> np.ndarray:
    """k groups with the least within-group sum of squares found from Ward's groups or k-means++ starts.

    Ward's clustering minimises that sum greedily, one merge at a time, and an early merge is never
    undone; k-means (Lloyd) from Ward's group centres can only lower the sum, and k-means++ starts can
    reach a partition the tree never offered. The lowest sum wins, Ward's refinement on ties.
    """
    ward = ward_labels(features, k)
    if len(np.unique(features, axis=0)) <= k:  # k-means cannot place k distinct centres
        return ward
    centres = np.vstack([features[ward == group].mean(axis=0) for group in range(k)])
    return best_partition(features, k, starts=KMEANS_STARTS, seed=seed, init=centres).labels


def ward_labels(features: np.ndarray, k: int) -> np.ndarray:
    """Ward agglomerative clustering into k groups (deterministic)."""
    from sklearn.cluster import AgglomerativeClustering

    return np.asarray(AgglomerativeClustering(n_clusters=k, linkage="ward").fit_predict(features))


def silhouette(features: np.ndarray, labels: np.ndarray) -> float:
    """Silhouette coefficient, or -1 when it is undefined (one group, or every point alone)."""
    from sklearn.metrics import silhouette_score

    groups = len(set(labels.tolist()))
    if groups < 2 or groups >= len(labels):
        return -1.0
    return float(silhouette_score(features, labels))


def attribute_block(profiles: Sequence[ParticipantProfile]) -> np.ndarray:
    """One-hot profile fields and attributes; only values two or more (but not all) participants share."""
    values = [_profile_values(profile) for profile in profiles]
    counts = Counter(item for items in values for item in items)
    kept = sorted(item for item, count in counts.items() if 2 <= count < len(profiles))
    index = {item: column for column, item in enumerate(kept)}
    block = np.zeros((len(profiles), len(kept)))
    for row, items in enumerate(values):
        for item in items:
            if item in index:
                block[row, index[item]] = 1.0
    return block


def _profile_values(profile: ParticipantProfile) -> set[tuple[str, str]]:
    pairs = [(name, getattr(profile, name)) for name in PROFILE_FIELDS]
    pairs += list(profile.attributes.items())
    return {(name.strip().lower(), str(value).strip().lower()) for name, value in pairs if value}


def _rows_by_participant(evidence: Sequence[Evidence]) -> dict[str, list[int]]:
    rows: dict[str, list[int]] = defaultdict(list)
    for index, item in enumerate(evidence):
        if item.participant is not None:
            rows[item.participant].append(index)
    return dict(rows)


def _conversations_of(
    evidence: Sequence[Evidence], conversations: Collection[str] | None
) -> dict[str, frozenset[str]]:
    """Participant -> the conversations they spoke in: sources in `conversations` (every source when
    None) with fewer than `CONVERSATION_SIZE` respondents, all of them counted."""
    spoke: dict[str, set[str]] = defaultdict(set)
    for item in evidence:
        if item.participant is not None and item.source is not None:
            spoke[item.participant].add(item.source)
    respondents = Counter(source for sources in spoke.values() for source in sources)
    small = {
        source
        for source, count in respondents.items()
        if count < CONVERSATION_SIZE and (conversations is None or source in conversations)
    }
    return {key: frozenset(sources & small) for key, sources in spoke.items()}


def _text_of(evidence: Sequence[Evidence], rows: list[int]) -> str:
    return " ".join(evidence[i].text for i in rows)


def distinctive_means(matrix: np.ndarray, rows: list[list[int]]) -> np.ndarray:
    """Each participant's mean embedding (corpus mean removed), utterances weighted by `distinctiveness`.

    Args:
        matrix: (utterances, d) L2-normalised embeddings.
        rows: For each participant, the row numbers of their utterances.
    """
    centred = matrix - matrix.mean(axis=0)
    if len(rows) < 2:
        return np.vstack([centred[r].mean(axis=0) for r in rows])
    weights = distinctiveness(matrix, rows)
    return np.vstack([_weighted_mean(centred[r], weights[r]) for r in rows])


def distinctiveness(matrix: np.ndarray, rows: list[list[int]]) -> np.ndarray:
    """Weight of each utterance: -log of the share of *other* participants who said something close to it.

    "Close" is a best-match cosine at or above a threshold; the weight is averaged over thresholds at
    `MATCH_QUANTILES` of all best-match similarities (kept within `MATCH_RANGE`), and a share of zero
    counts as 1/n. Talk every
    participant shares weighs ~0; talk only some participants share weighs most.
    """
    n = len(rows)
    best = best_matches(matrix, rows)
    thresholds = np.clip(np.nanquantile(best, MATCH_QUANTILES), *MATCH_RANGE)
    with np.errstate(invalid="ignore"):
        shares = [np.nanmean(best >= threshold, axis=1) for threshold in thresholds]
    return np.asarray(
        np.mean([-np.log(np.clip(np.nan_to_num(share, nan=1.0), 1 / n, 1)) for share in shares], axis=0)
    )


def best_matches(matrix: np.ndarray, rows: list[list[int]]) -> np.ndarray:
    """(utterances, participants): cosine of each utterance's closest utterance by each participant;
    NaN for the utterance's own participant. At most `MAX_REFERENCE` evenly spaced utterances per
    participant are compared, which bounds the cost on long interviews."""
    vectors = np.asarray(matrix, dtype=np.float32)
    best = np.empty((vectors.shape[0], len(rows)), dtype=np.float32)
    for column, own in enumerate(rows):
        reference = own if len(own) <= MAX_REFERENCE else [own[i] for i in _evenly(len(own), MAX_REFERENCE)]
        best[:, column] = (vectors @ vectors[reference].T).max(axis=1)
        best[own, column] = np.nan
    return best


def _evenly(size: int, count: int) -> list[int]:
    return np.linspace(0, size - 1, count).round().astype(int).tolist()


def _weighted_mean(vectors: np.ndarray, weights: np.ndarray) -> np.ndarray:
    total = float(weights.sum())
    if total <= 1e-12:
        return np.asarray(vectors.mean(axis=0))
    return np.asarray((weights[:, None] * vectors).sum(axis=0) / total)


def _lexical_block(texts: list[str], seed: int) -> np.ndarray:
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer

    try:
        tfidf = TfidfVectorizer(
            sublinear_tf=True, min_df=2, token_pattern=r"[a-z]+(?:'[a-z]+)?"
        ).fit_transform([text.lower() for text in texts])
    except ValueError:  # no word used by two participants
        return np.zeros((len(texts), 0))
    dims = min(MAX_BLOCK_DIMS, tfidf.shape[0] - 1, tfidf.shape[1] - 1)
    spread = np.asarray((tfidf.max(axis=0) - tfidf.min(axis=0)).todense())
    if dims < 1 or not spread.any():  # nothing to reduce, or everyone used the same words alike
        return np.zeros((len(texts), 0))
    reduced = TruncatedSVD(n_components=dims, random_state=seed).fit_transform(tfidf)
    return np.asarray(reduced / np.maximum(np.linalg.norm(reduced, axis=1, keepdims=True), 1e-12))


def _register_block(texts: list[str]) -> np.ndarray:
    block = np.zeros((len(texts), len(_REGISTER)))
    for row, text in enumerate(texts):
        words = _WORD.findall(text.lower().replace("\u2019", "'"))
        for column, vocabulary in enumerate(_REGISTER.values()):
            block[row, column] = sum(word in vocabulary for word in words) / max(len(words), 1)
    return _standardised(block)


def _code_block(items: list[list[Evidence]]) -> np.ndarray:
    names = sorted(
        {f"stage:{e.stage}" for group in items for e in group if e.stage}
        | {f"emotion:{e.emotion}" for group in items for e in group if e.emotion}
        | {f"pain:{e.pain}" for group in items for e in group if e.pain}
    ) + [f"force:{force}" for force in FORCES]
    index = {name: column for column, name in enumerate(names)}
    block = np.zeros((len(items), len(names) + 1))
    for row, group in enumerate(items):
        for item in group:
            labels = [f"stage:{item.stage}", f"emotion:{item.emotion}", f"pain:{item.pain}"]
            labels += [f"force:{force}" for force, score in item.forces.items() if score >= 0.5]
            for label in labels:
                if label in index:
                    block[row, index[label]] += 1.0 / len(group)
        block[row, -1] = float(np.mean([e.valence for e in group if e.valence is not None] or [0.0]))
    return _standardised(block)


def _standardised(block: np.ndarray) -> np.ndarray:
    spread = block.std(axis=0)
    keep = spread > 1e-12
    return (block[:, keep] - block[:, keep].mean(axis=0)) / spread[keep]


def _scaled(block: np.ndarray) -> np.ndarray:
    """Centre a block and give it unit total variance, so every block weighs the same in distances."""
    if block.shape[1] == 0:
        return block
    centred = block - block.mean(axis=0)
    total = float(centred.var(axis=0).sum())
    if total <= 1e-12:
        return np.zeros((block.shape[0], 0))
    return centred / np.sqrt(total)


def _finish(
    keys: list[str],
    grouped: dict[str, int],
    profiles: Sequence[ParticipantProfile],
    chosen_by: str,
    scores: dict[int, float],
) -> PersonaGrouping:
    labels = {**grouped, **_place_without_evidence(keys, grouped, profiles)}
    order = sorted(set(labels.values()), key=lambda g: (-sum(v == g for v in labels.values()), g))
    renumber = {old: new for new, old in enumerate(order)}
    ordered = {key: renumber[labels[key]] for key in keys if key in labels}
    ordered.update({key: renumber[label] for key, label in labels.items() if key not in ordered})
    return PersonaGrouping(ordered, len(order), chosen_by, {k: round(s, 4) for k, s in scores.items()})


def _place_without_evidence(
    keys: list[str], grouped: dict[str, int], profiles: Sequence[ParticipantProfile]
) -> dict[str, int]:
    """Persona for each participant without evidence: the one whose members share most of its profile."""
    missing = [key for key in keys if key not in grouped]
    if not missing:
        return {}
    if not grouped:
        return dict.fromkeys(missing, 0)
    by_key = {p.key: p for p in profiles}
    values = {key: _profile_values(by_key[key]) for key in keys if key in by_key}
    sizes = Counter(grouped.values())
    placed = {}
    for key in missing:
        overlap: dict[int, float] = defaultdict(float)
        for other, label in grouped.items():
            overlap[label] += len(values.get(key, set()) & values.get(other, set())) / sizes[label]
        placed[key] = max(sorted(sizes), key=lambda label: (overlap[label], sizes[label]))
    return placed
