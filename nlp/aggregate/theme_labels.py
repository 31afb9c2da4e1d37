"""Readable theme labels: c-TF-IDF keywords plus a short phrase a participant actually said.

Keywords come from BERTopic's class-based TF-IDF over a CountVectorizer that drops English stop words,
contractions and the filler words of speech ("yeah", "like", "know" ...). The phrase is the clause of a
typical member that carries the most keyword weight, trimmed to a few words. Everything here is
deterministic: ties are broken by position.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from itertools import pairwise
from typing import TYPE_CHECKING

import numpy as np

from nlp.content import BACKCHANNEL_WORDS, strip_markers

if TYPE_CHECKING:
    from sklearn.feature_extraction.text import CountVectorizer

# Words of speech that say nothing about the topic.
_FILLER = """
    actually ah anyway anyways basically bit definitely did does doing er get gets getting going gonna
    got guess hmm honestly just kind kinda know like literally little lot lots maybe mean means mm no
    nope obviously oh ok okay pretty probably quite really right said say saying says sort sorta stuff
    super sure tell thing things think thought told totally uh uhm um umm wanna want wanted wants yeah
    yep yes yup mm mmm mhm hmm huh uh-huh mm-hmm alright cool great perfect awesome nice fine exactly
    absolutely interesting sorry thank thanks bye bye-bye hello hi hey cheers course welcome pleasure
    excuse pardon cheerio man wow gosh geez jeez whoa phew oops ugh yay
    redacted inaudible unintelligible crosstalk laughs laughter laughing pause mainly mostly usually
    generally normally typically especially particularly
"""
_CONTRACTIONS = """
    ain't aren't can't cannot couldn't didn't doesn't don't hadn't hasn't haven't he's here's how's i'd
    i'll i'm i've isn't it'd it's let's mustn't needn't she's shouldn't that's there's they'd they'll
    they're they've wasn't we'd we'll we're we've weren't what's where's who's won't wouldn't y'all
    you'd you'll you're you've
"""
FILLER_WORDS = frozenset(_FILLER.split())
CONTRACTIONS = frozenset(_CONTRACTIONS.split())
# Letters only (numbers make poor labels); inner apostrophes and hyphens kept, so "don't" stays one stop
# word and "top-up" one keyword; never the tail of a contraction ("ll" of "I'll", "ve" of "I've").
TOKEN_PATTERN = r"(?u)(?<![\w'\u2019])[^\W\d_]{2,}(?:['-][^\W\d_]+)*\b"
LABEL_KEYWORDS = 2
PHRASE_WORDS = 8  # clauses up to this long are preferred ...
PHRASE_MAX_WORDS = 11  # ... and longer ones are cut to this many words
_CLAUSE_BREAK = re.compile(r"[.!?;:\n]+|,\s+|\s+[-\u2013\u2014]+\s+|\s+but\s+", re.IGNORECASE)
_SEGMENT_BREAK = re.compile(r"[.!?;:,()\[\]\n\"]+|\s[-\u2013\u2014]+\s")
_WORD = re.compile(TOKEN_PATTERN)
_LEADING_FILLER = re.compile(  # not "no" or "right": "No one used it", "Right now we ..."
    r"^(?:(?:yeah|yes|yep|so|um+|uh+|er|ah|oh|okay|ok|well|and|but|like|honestly|basically|actually|man|wow|"
    r"i mean|you know|i think|i guess)(?:[\s,.]+|$))+",
    re.IGNORECASE,
)


@cache
def stop_words() -> frozenset[str]:
    """scikit-learn's English stop words, the filler words of speech (with the content filter's backchannel
    words, such as "'kay") and contractions (sklearn loads here, not at import: it takes seconds)."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS) | FILLER_WORDS | CONTRACTIONS | BACKCHANNEL_WORDS


def normalise(text: str) -> str:
    """Lower case with typographic apostrophes made plain, as the vectorizer sees it."""
    return text.lower().replace("\u2019", "'").replace("\u2018", "'")


def analyse(text: str) -> list[str]:
    """Words that are not stop words, and bigrams of two such words side by side in one clause.

    Unlike CountVectorizer's own n-grams, a bigram never bridges a removed stop word or a sentence
    break, so "limit for top-ups" gives "limit" and "top-ups" but no "limit top-ups".
    """
    stops = stop_words()
    terms: list[str] = []
    for segment in _SEGMENT_BREAK.split(normalise(strip_markers(text))):
        words = _WORD.findall(segment)
        terms.extend(word for word in words if word not in stops)
        terms.extend(
            f"{first} {second}"
            for first, second in pairwise(words)
            if first not in stops and second not in stops
        )
    return terms


def make_vectorizer() -> CountVectorizer:
    """The CountVectorizer every theme label is built from (also handed to BERTopic)."""
    from sklearn.feature_extraction.text import CountVectorizer

    return CountVectorizer(analyzer=analyse)


def group_keywords(texts: Sequence[str], groups: Sequence[Sequence[int]], top_n: int = 10) -> list[list[str]]:
    """Top c-TF-IDF terms of each group of texts, as BERTopic computes topic words.

    Args:
        texts: All texts; a group lists indices into them.
        groups: Index lists; texts in no group form one more class, so common words score low.
        top_n: Terms to keep per group, best first, after dropping a term that repeats a better one.

    Returns:
        One keyword list per group (empty when a group has no word that is not a stop word).
    """
    if not groups:
        return []
    grouped = {index for group in groups for index in group}
    rest = [index for index in range(len(texts)) if index not in grouped]
    classes = ["\n".join(texts[i] for i in group) for group in groups]
    if rest:
        classes.append("\n".join(texts[i] for i in rest))
    vectorizer = make_vectorizer()
    if len(classes) == 1:  # nothing to contrast with: the terms most members use
        vectorizer.set_params(binary=True)
        classes = [texts[i] for i in groups[0]]
    try:
        counts = vectorizer.fit_transform(classes)
    except ValueError:  # nothing but stop words, digits and punctuation
        return [[] for _ in groups]
    terms = vectorizer.get_feature_names_out()
    if len(groups) == 1 and not rest:
        return [_top_terms(np.arange(len(terms)), np.asarray(counts.sum(axis=0)).ravel(), terms, top_n)]
    if len(terms) == 1:  # one word in all: ClassTfidfTransformer cannot weigh it (and fails)
        return [[str(terms[0])] if counts[row].sum() > 0 else [] for row in range(len(groups))]
    from bertopic.vectorizers import ClassTfidfTransformer  # BERTopic loads on first use, not at import

    weights = ClassTfidfTransformer(reduce_frequent_words=True).fit_transform(counts).tocsr()
    rows = [weights.getrow(row) for row in range(len(groups))]
    return [_top_terms(row.indices, row.data, terms, top_n) for row in rows]


def _top_terms(columns: np.ndarray, weights: np.ndarray, terms: np.ndarray, top_n: int) -> list[str]:
    """Terms by weight, heaviest first, alphabetical among equals (a sparse row: columns and weights)."""
    names = terms[columns]
    chosen: list[str] = []
    for position in np.lexsort((names, -weights)):
        if weights[position] <= 0 or len(chosen) == top_n:
            break
        _add_term(chosen, str(names[position]))
    return chosen


def _add_term(chosen: list[str], term: str) -> None:
    """Keep the more specific of a term and a term inside it ("card delivery" over "card", "limits")."""
    if any(_covers(kept, term) for kept in chosen):
        return
    absorbed = [position for position, kept in enumerate(chosen) if _covers(term, kept)]
    if not absorbed:
        chosen.append(term)
        return
    chosen[absorbed[0]] = term  # in the place of the best term it absorbs
    for position in reversed(absorbed[1:]):
        del chosen[position]


def _covers(longer: str, shorter: str) -> bool:
    """Every word of `shorter` is a word of `longer` or a form of it ("limit" ~ "limits")."""
    return all(any(_same_word(word, other) for other in longer.split()) for word in shorter.split())


def _same_word(first: str, second: str) -> bool:
    short, long = sorted((first, second), key=len)
    return short == long or (len(short) >= 4 and long.startswith(short) and len(long) - len(short) <= 3)


def choose_phrase(
    texts: Sequence[str], ordered: Sequence[int], keywords: Sequence[str], pool: int = 30
) -> str:
    """A short clause from one of the first `pool` members that carries the most keyword weight.

    Args:
        texts: All texts.
        ordered: Member indices, most typical first; earlier members win ties.
        keywords: The theme's keywords, best first (earlier keywords weigh more).
        pool: How many of the most typical members to read.
    """
    weights = _keyword_weights(keywords)
    best, best_score = "", -1.0
    for rank, index in enumerate(ordered[:pool]):
        for clause in _clauses(texts[index]):
            score = _score(clause, weights) - 0.01 * rank
            if score > best_score:
                best, best_score = clause, score
    if not best and ordered:  # every clause was filler ("Okay. So, yeah."): quote the first member
        best = " ".join(texts[ordered[0]].split())
    return _trim(best, weights)


def _keyword_weights(keywords: Sequence[str]) -> dict[str, float]:
    weights: dict[str, float] = {}
    for rank, term in enumerate(keywords):
        for word in term.split():
            weights.setdefault(word, 1.0 / (1 + rank))
    return weights


def _clauses(text: str) -> list[str]:
    pieces = (
        _LEADING_FILLER.sub("", piece.strip(" \"'")).strip(" ,.")
        for piece in _CLAUSE_BREAK.split(strip_markers(text))
    )
    return [piece for piece in pieces if _words(piece)]


def _words(text: str) -> list[str]:
    return _WORD.findall(normalise(text))


def _score(clause: str, weights: dict[str, float]) -> float:
    words = _words(clause)
    hits = sum(weights.get(word, 0.0) for word in set(words))
    # Prefer clauses of three to eight words: long enough to read, short enough for a label.
    length_penalty = 0.1 * max(0, len(words) - PHRASE_WORDS) + 0.1 * max(0, 3 - len(words))
    return hits - length_penalty


def _trim(clause: str, weights: dict[str, float]) -> str:
    """The clause, or the window of PHRASE_MAX_WORDS words in it with the most keyword weight."""
    tokens = clause.split()
    if len(tokens) <= PHRASE_MAX_WORDS:
        return _as_quote(clause)
    windows = [
        tokens[start : start + PHRASE_MAX_WORDS] for start in range(len(tokens) - PHRASE_MAX_WORDS + 1)
    ]
    scores = [sum(weights.get(word, 0.0) for word in set(_words(" ".join(window)))) for window in windows]
    start = int(np.argmax(scores))  # the earliest of equally good windows
    prefix = "..." if start > 0 else ""
    suffix = "..." if start + PHRASE_MAX_WORDS < len(tokens) else ""
    return f"{prefix}{_as_quote(' '.join(windows[start]))}{suffix}"


def _as_quote(text: str) -> str:
    """Trimmed; a leading function word lower-cased ("my card ..."), names and acronyms kept."""
    text = " ".join(text.split()).strip(" ,.")
    first = text.split(" ", 1)[0] if text else ""
    if first and first != "I" and normalise(first).strip(".,!?;:") in stop_words():
        return text[0].lower() + text[1:]
    return text


def compose_label(keywords: Sequence[str], phrase: str) -> str:
    """ "card delivery - 'when will my card arrive'": one or two keywords and the phrase."""
    head = ", ".join(keywords[:LABEL_KEYWORDS])
    if head and phrase:
        return f"{head} - '{phrase}'"
    return head or (f"'{phrase}'" if phrase else "(no words)")


def label_members(
    texts: Sequence[str], members: Sequence[int], *, embeddings: np.ndarray | None = None, top_n: int = 10
) -> tuple[str, list[str], str]:
    """Label an arbitrary set of texts, e.g. two themes a researcher merged.

    Keywords are c-TF-IDF terms of the members against all other texts, so pass the whole run's
    texts: given only the members' own texts there is nothing to contrast with, and the terms most
    members use lead instead. The phrase comes from the members nearest their centroid when
    `embeddings` are given, else from members in the given order.

    Args:
        texts: All texts of the run (or only the members', see above).
        members: Indices of the texts to label.
        embeddings: Optional (n, d) embeddings of all texts, to find the most typical members.
        top_n: Keywords to return.

    Returns:
        (label, keywords, phrase).
    """
    if not members:
        return compose_label([], ""), [], ""
    keywords = group_keywords(texts, [members], top_n)[0]
    ordered = list(members) if embeddings is None else by_centrality(embeddings, members)
    phrase = choose_phrase(texts, ordered, keywords)
    return compose_label(keywords, phrase), keywords, phrase


def by_centrality(embeddings: np.ndarray, members: Sequence[int]) -> list[int]:
    """Members ordered by cosine similarity to their (normalised) mean, most typical first."""
    index = np.asarray(members, dtype=np.int64)
    vectors = embeddings[index]
    centre = vectors.mean(axis=0)
    centre /= max(float(np.linalg.norm(centre)), 1e-12)
    similarity = vectors @ centre
    return [int(i) for i in index[np.lexsort((index, -similarity))]]
