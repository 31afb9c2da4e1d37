"""Content words and phrases of what participants say: the recurring themes of a canvas field and the
words a persona name may take.

Singular and plural count as one word; adverbs, spoken stop words (`canvas_cues.yaml`), markers and, for
names and canvas themes, calendar and number words, generic nouns, feelings, past participles and
adjectives never count.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from itertools import pairwise

from nlp.aggregate.canvas_rules import get_cue_finder
from nlp.aggregate.evidence import Evidence
from nlp.aggregate.theme_labels import FILLER_WORDS
from nlp.content import strip_markers

MAX_THEMES = 5
WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


def recurring_phrases(
    statements: Sequence[Evidence],
    background: Sequence[Evidence] = (),
    limit: int = MAX_THEMES,
    *,
    keep: Callable[[str], bool] | None = None,
) -> list[tuple[str, int]]:
    """Content words and word pairs that recur in `statements`, with the participants who said them,
    most participants first.

    Singular and plural count as one phrase ("problem", "problems"), shown as it was said most often;
    adverbs ("necessarily") and spoken stop words ("using") are no theme. A phrase must come from two
    participants (or twice from the only one). The `limit` kept rank by participants times their inverse
    document frequency in `background` (all the persona's utterances), so words that fill every answer
    ("new", "weeks") sink; a pair counts half as much again as a single word, and replaces its words when
    as many people said it. With `keep`, a phrase counts only when `keep` accepts each of its words.
    """
    people: dict[str, set[str]] = defaultdict(set)
    said: Counter[str] = Counter()
    surface: dict[str, Counter[str]] = defaultdict(Counter)
    for item in statements:
        for phrase, form in _phrases_of(item.text).items():
            people[phrase].add(item.participant or str(item.utterance_id))
            said[phrase] += 1
            surface[phrase][form] += 1
    speakers = len({item.participant for item in statements})
    enough = [
        p
        for p in people
        if (len(people[p]) >= 2 if speakers > 1 else said[p] >= 2)
        and (keep is None or all(keep(word) for word in p.split()))
    ]
    pairs = [p for p in enough if " " in p]
    covered = {w for p in pairs for w in p.split() if len(people[p]) >= len(people[w])}
    documents = list(background) or list(statements)
    frequency = Counter(phrase for item in documents for phrase in _phrases_of(item.text))

    def weight(phrase: str) -> float:
        rarity = math.log((len(documents) + 1) / (frequency[phrase] + 1)) + 1
        return len(people[phrase]) * rarity * (1.5 if " " in phrase else 1.0)

    ranked = sorted((p for p in enough if p not in covered), key=lambda p: (-weight(p), p))[:limit]
    ranked.sort(key=lambda p: -len(people[p]))  # stable: equal counts keep their weight order
    return [(_said_most(surface[phrase]), len(people[phrase])) for phrase in ranked]


def _said_most(forms: Counter[str]) -> str:
    return min(forms, key=lambda form: (-forms[form], form))


def _phrases_of(text: str) -> dict[str, str]:
    """Content words and adjacent pairs, keyed by their singular ("data problem") with the words as said."""
    words = WORD.findall(text.lower().replace("\u2019", "'"))
    kept = [content_word(w) and not adverb(w) for w in words]
    phrases = {singular(w): w for w, keep in zip(words, kept, strict=True) if keep}
    for (a, keep_a), (b, keep_b) in pairwise(zip(words, kept, strict=True)):
        if keep_a and keep_b:
            phrases[f"{singular(a)} {singular(b)}"] = f"{a} {b}"
    return phrases


def content_word(word: str) -> bool:
    return len(word) > 2 and word not in _stop_words()


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    from nlp.aggregate.theme_labels import CONTRACTIONS  # "we'd" is no recurring theme

    spoken = frozenset(get_cue_finder().cues["spoken_stopwords"])
    return frozenset(ENGLISH_STOP_WORDS) | spoken | CONTRACTIONS


def word_people(evidence: Iterable[Evidence]) -> dict[str, set[str | None]]:
    """The participants who say each word that could name a persona (`name_word`), as said."""
    people: dict[str, set[str | None]] = defaultdict(set)
    for item in evidence:
        for word in WORD.findall(strip_markers(item.text).lower()):
            if len(word) > 3 and "'" not in word and name_word(word):
                people[word].add(item.participant)
    return people


def name_word(word: str) -> bool:
    """A word that could say what a group is about: a content word, not an adverb, a calendar or number
    word ("friday", "twenty"), a generic noun ("problem", "part"), a feeling ("scared", "bad"), a past
    participle ("crashed", "decided") or an adjective by its ending ("useful", "various", "available").
    Gerunds stay: "pricing" and "hiring" are topics."""
    return (
        content_word(word)
        and not adverb(word)
        and word not in FILLER_WORDS  # "course" of "of course"
        and word not in _CALENDAR_AND_NUMBERS
        and word not in _GENERIC_VERBS
        and word not in _GENERIC_NOUNS
        and word not in _FEELINGS
        and not (word.endswith("ed") and word not in _ED_NOUNS)
        and not (word.endswith(_ADJECTIVE_ENDINGS) and word not in _ADJECTIVE_ENDING_NOUNS)
    )


_CALENDAR_AND_NUMBERS = frozenset(
    {
        *("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mondays", "fridays"),
        *("weekend", "weekends", "weekday", "date", "dates", "january", "february", "march", "april", "june"),
        *("july", "august", "september", "october", "november", "december"),
        *("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"),
        *(
            "thirteen",
            "fifteen",
            "twenty",
            "thirty",
            "forty",
            "fifty",
            "sixty",
            "seventy",
            "eighty",
            "ninety",
        ),
        *("hundred", "hundreds", "thousand", "thousands", "million", "millions", "billion", "billions"),
        *("dozen", "dozens"),
    }
)
# Verbs a survey question puts in every answer ("would you recommend"), or that only hedge ("sounds").
_GENERIC_VERBS = frozenset({"recommend", "recommends", "sound", "sounds", "seem", "seems"})
# Nouns any statement may hold ("the problem was", "part of it"): they say nothing of what it is about.
_GENERIC_NOUNS = frozenset(
    {
        *("problem", "problems", "issue", "issues", "reason", "reasons", "part", "parts", "people", "person"),
        *("place", "case", "cases", "fact", "question", "questions", "answer", "idea", "ideas", "number"),
        *("numbers", "kinds", "type", "types", "piece", "pieces", "side", "whole", "end", "start"),
    }
)
# How the speaker felt ("scared", "bad"): a feeling is not a topic, a job or a name.
_FEELINGS = frozenset(
    {
        *("bad", "worse", "worst", "happy", "unhappy", "sad", "afraid", "scared", "worried", "nervous"),
        *("anxious", "upset", "angry", "glad", "excited", "stressed", "terrified", "annoyed", "awful"),
        *("terrible", "horrible", "fine", "okay", "nice", "love", "hate", "fear", "worry", "worries"),
        *("frustrating", "frustration", "painful", "scary", "stressful", "exciting", "relieved", "proud"),
    }
)
_ED_NOUNS = frozenset({"need", "feed", "seed", "speed", "breed", "shed", "bed", "red", "greed", "reed"})
_ADJECTIVE_ENDINGS = ("ous", "ful", "able", "ible", "ical")
_ADJECTIVE_ENDING_NOUNS = frozenset(
    {"variable", "variables", "deliverable", "deliverables", "vegetable", "vegetables", "receivable", "bible"}
)


# Plurals in -ies whose singular ends in -ie, not -y ("movies", not "movy").
_IE_PLURALS = frozenset(
    {"movies", "cookies", "series", "species", "rookies", "selfies", "zombies", "calories"}
)
# Nouns in -ly; every other -ly word is taken for an adverb ("quickly"), which names no persona.
_LY_NOUNS = frozenset(
    {"family", "supply", "assembly", "anomaly", "monopoly", "july", "italy", "reply", "ally"}
)


def adverb(word: str) -> bool:
    return word.endswith("ly") and word not in _LY_NOUNS


def singular(word: str) -> str:
    """Plural to singular for the common English endings ("companies", "approaches", "tools")."""
    if len(word) > 4 and word.endswith("ies") and word not in _IE_PLURALS:
        return word[:-3] + "y"
    if len(word) > 5 and word.endswith(("ches", "shes", "sses", "xes", "zes")):
        return word[:-2]
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word
