"""Which utterances carry content a coder or an aggregate may use, and why the others do not.

Real interview talk is full of backchannels ("Yeah.", "Mm-hmm."), greetings and thanks, talk about the
interview itself ("Can you hear me?", "What was the question?") and transcription or redaction markers
("[inaudible]", "[REDACTED]"). Such utterances get no emotion, pain, stage or force codes and never feed
themes, personas, canvases or journey cells. The rules are word lists and patterns: no model, no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

CONTENT_CODER = "desirelines.content"
CONTENT_VERSION = "3"  # 2: word fragments, false starts, set reactions and slide navigation; 3: guest thanks


class ContentClass(StrEnum):
    """What an utterance is, as far as coding is concerned."""

    SUBSTANTIVE = "substantive"
    BACKCHANNEL = "backchannel"
    COURTESY = "courtesy"
    PROCEDURAL = "procedural"
    MARKER = "marker"


REASONS: dict[ContentClass, str] = {
    ContentClass.SUBSTANTIVE: "substantive talk",
    ContentClass.BACKCHANNEL: "backchannel, filler or minimal answer",
    ContentClass.COURTESY: "greeting, thanks or goodbye",
    ContentClass.PROCEDURAL: "talk about the interview itself",
    ContentClass.MARKER: "redaction or transcription marker only",
}


@dataclass(frozen=True, slots=True)
class ContentLabel:
    """The class of one utterance, with a short reason a researcher can read."""

    content_class: ContentClass
    reason: str

    @property
    def substantive(self) -> bool:
        return self.content_class is ContentClass.SUBSTANTIVE


# [inaudible], [REDACTED; Introduction], (laughs), <crosstalk>, {noise}, ** and *** runs, "xxx".
_MARKER = re.compile(r"\[[^\]]{0,80}\]|\([^)]{0,40}\)|<[^>]{0,40}>|\{[^}]{0,40}\}|\*{2,}|\bx{3,}\b", re.I)
# Pseudonyms the redaction step writes stay in the sentence as a word, so they are not markers.
_PSEUDONYM = re.compile(r"\[(?:participant|person|interviewer|respondent|speaker)\b[^\]]*\]", re.I)


def _words(block: str) -> frozenset[str]:
    return frozenset(block.split())


_WORD = re.compile(r"[a-z]+(?:['\u2019-][a-z]+)*")

_FILLERS = _words(
    """
    yeah yea yep yup yes yeh ya ye no nope nah okay ok okey kay alright right sure uh um uhm erm er ah oh ooh
    eh hm hmm hmmm mm mmm mhm mm-hmm mmhmm uh-huh uh-hum huh ha haha hah hehe lol lmao lmfao rofl wow cool
    great perfect awesome nice
    good fine exactly absolutely definitely totally true correct indeed interesting gotcha lovely brilliant
    super fantastic wonderful excellent fair agreed sweet well so like anyway anyways basically literally
    actually really yes-yes okay-okay course obviously possibly presumably apparently certainly surely
    splendid dunno
    """
)
BACKCHANNEL_WORDS = _FILLERS
# Set phrases that acknowledge or react and say nothing else ("Makes sense.", "Good point.", "I see.").
_BACKCHANNEL_PHRASE = re.compile(
    r"""\b(?:makes?\ (?:perfect\ |total\ |a\ lot\ of\ )?sense | good\ (?:point|idea|question|call)
    | (?:great|excellent|interesting|fantastic|fair|tough|loaded)\ (?:question|point)
    | fair\ enough | i\ see | no\ idea | well\ done | there\ you\ go | you(?:'re|\ are)\ right
    | (?:just\ )?kidding | never\ mind | me\ too | same\ here)\b""",
    re.X,
)
# Moving through slides or questions, when nothing else is said ("Next one.", "The next slide.").
_NAVIGATION = re.compile(r"\bnext\ (?:one|slide|page|question)\b", re.X)
# A courtesy needs one of these words ...
_COURTESY_ANCHORS = _words(
    """
    hi hello hey hiya morning afternoon evening thanks thank thankyou cheers bye goodbye welcome pleasure
    sorry pardon cheerio bye-bye appreciate appreciated
    """
)
_COURTESY_PHRASE = re.compile(
    r"\b(?:take care|nice to (?:meet|see|talk)|have a (?:nice|good|great)|no (?:problem|worries)|excuse me"
    r"|for having (?:me|us)|(?:great|good|nice|glad|happy|pleased|lovely|excited) to be (?:here|on|with))\b"
)
# ... and may hold these besides fillers and function words ("Have a nice weekend", "Take care").
_COURTESY = _COURTESY_ANCHORS | _words(
    """
    excuse care meet meeting nice glad much lot again day weekend rest have enjoy see talk soon later take
    problem worries time today inviting invite invited invitation show podcast episode happy pleased
    excited everyone everybody folks guys
    """
)
# Function words: an utterance made only of these (and fillers) says nothing codable on its own.
_FUNCTION = _words(
    """
    i me my mine myself we us our ours you your yours he him his she her hers it its they them their theirs
    this that these those there here what which who whom whose when where why how a an the and or but if then
    than as at by for from in into of off on onto out over to up down with about again once all any both each
    few more most other some such only own same too very just not nor don't didn't doesn't isn't wasn't aren't
    weren't won't wouldn't can't couldn't shouldn't haven't hasn't hadn't i'm i've i'd i'll you're you've
    you'd you'll it's that's there's he's she's we're we've they're they've let's what's am is are was were
    be been
    being have has had having do does did doing will would shall should can could may might must know think
    guess mean suppose say said get got go going gonna kind sort bit little lot thing things stuff something
    anything nothing everything one ones them either neither whatever whichever maybe probably perhaps
    depends depend mostly much many also still even yet ever never always sometimes now then too pretty quite
    """
)
# Talk about the interview itself: clear in an utterance of up to MAX_PROCEDURAL_WORDS words ...
_PROCEDURAL = re.compile(
    r"""
    \b(?:can|could)\ you\ (?:hear|see)\ me\b | \byou(?:'re|\ are)\ (?:on\ )?mute[d]?\b | \bunmute\b
    | \b(?:share|sharing)\ (?:my|your|the)\ screen\b | \bsee\ my\ screen\b
    | \b(?:is\ (?:it|this)|are\ you|start(?:ed)?|stop(?:ped)?|begin)\ (?:the\ )?recording\b
    | \brecord(?:ing)?\ (?:this|the\ (?:call|session|interview|conversation))\b
    | \b(?:what|which)\ was\ the\ (?:question|last\ part)\b | \brepeat\ the\ question\b
    | \b(?:could|can)\ you\ (?:please\ )?(?:repeat|rephrase|say\ that\ again)\b
    | \bdidn't\ (?:catch|hear|get)\ (?:that|you|the\ question)\b | \byou\ (?:froze|cut\ out|broke\ up)\b
    | \bpronounc\w* | \bpronunciation\b | \bspell\ (?:your|my)\ name\b | \bconsent\ form\b
    | \bthis\ (?:interview|call|session|conversation)\b
    | \bany\ (?:other\ |more\ )?questions\ for\ me\b | \bout\ of\ time\b | \bhappy\ to\ help\b
    """,
    re.I | re.X,
)
# ... and these only in a short one (up to MAX_SHORT_WORDS), where they cannot be about anything else.
_PROCEDURAL_SHORT = re.compile(
    r"""
    \b(?:go|going)\ ahead\b | \bgo\ on\b | \bmoving\ on\b | \b(?:next|last|final)\ question\b
    | \bbefore\ we\ (?:start|begin)\b | \bget\ started\b | \bwrap\ (?:it\ )?up\b | \bmy\ name\ is\b
    | \bnice\ to\ meet\b | \bthe\ (?:interview|study|recording)\b
    | \b(?:my|your)\ (?:internet|connection|wifi|wi-fi|audio|mic|microphone|camera)\b
    """,
    re.I | re.X,
)
MAX_PROCEDURAL_WORDS = 18
MAX_SHORT_WORDS = 8
MAX_MINIMAL_WORDS = 8
# A false start: the speaker breaks off ("Meaning -?", "The battery -", "depending on ...") and restarts.
MAX_CUT_OFF_WORDS = 3
_CUT_OFF = re.compile(r"(?:-|\u2013|\u2014|\.\.\.|\u2026)\s*[?.!]?\s*$")
_TOKEN = re.compile(r"[A-Za-z]+(?:['\u2019-][A-Za-z]+)*")
_VOWEL = re.compile(r"[aeiouy]")


@lru_cache(maxsize=50_000)  # pages and maps over a project ask again about the same texts
def classify(text: str) -> ContentLabel:
    """Say whether `text` is substantive, or which kind of no-content utterance it is."""
    unmasked = _PSEUDONYM.sub(" person ", text)
    stripped = _MARKER.sub(" ", unmasked)
    words = _WORD.findall(stripped.lower().replace("\u2019", "'"))
    if not words:
        has_marker = bool(_MARKER.search(unmasked))
        return _label(ContentClass.MARKER if has_marker else ContentClass.BACKCHANNEL)
    return _label(_class_of(words, stripped, _fragments(stripped)))


def is_substantive(text: str) -> bool:
    """True when `text` carries content the coders and aggregates may use."""
    return classify(text).substantive


def content_words(text: str) -> list[str]:
    """The words of `text` that say something of their own: not fillers, function words or word pieces."""
    words = _WORD.findall(_MARKER.sub(" ", text).lower().replace("\u2019", "'"))
    return _content_words(" ".join(words), _fragments(text))


def _fragments(text: str) -> frozenset[str]:
    """Cut-off word pieces in `text`, lower-cased: single letters other than "a" and "I" ("H h", "the d"),
    and two letters without a vowel unless written in capitals ("th", "wh"; "TV" and "HR" are words)."""
    return frozenset(
        token.lower()
        for token in _TOKEN.findall(text)
        if (len(token) == 1 and token.lower() not in "ai")
        or (len(token) == 2 and not _VOWEL.search(token.lower()) and not token.isupper())
    )


def _class_of(words: list[str], text: str, fragments: frozenset[str] = frozenset()) -> ContentClass:
    joined = " ".join(words)
    if len(words) <= MAX_PROCEDURAL_WORDS and _PROCEDURAL.search(joined):
        return ContentClass.PROCEDURAL
    if len(words) <= MAX_SHORT_WORDS and _PROCEDURAL_SHORT.search(joined):
        return ContentClass.PROCEDURAL
    content = _content_words(joined, fragments)
    if all(w in _FILLERS for w in words):
        return ContentClass.BACKCHANNEL
    if _only_courtesy_words(words, text) and (
        any(w in _COURTESY_ANCHORS for w in words) or _COURTESY_PHRASE.search(joined)
    ):
        return ContentClass.COURTESY
    if not content and len(words) <= MAX_MINIMAL_WORDS:
        return ContentClass.BACKCHANNEL
    if len(words) <= MAX_MINIMAL_WORDS and not _content_words(_NAVIGATION.sub(" ", joined), fragments):
        return ContentClass.PROCEDURAL
    if len(words) <= MAX_MINIMAL_WORDS and not _content_words(
        _BACKCHANNEL_PHRASE.sub(" ", joined), fragments
    ):
        return ContentClass.BACKCHANNEL
    if len(words) <= MAX_CUT_OFF_WORDS and len(content) <= 1 and _CUT_OFF.search(text):
        return ContentClass.BACKCHANNEL
    return ContentClass.SUBSTANTIVE


def _only_courtesy_words(words: list[str], text: str) -> bool:
    """Whether every word is a courtesy, filler or function word, or a name the text addresses ("Thanks
    for having me, Daniel."); the names are read only when a word is none of the others."""
    names: frozenset[str] | None = None
    for word in words:
        if word in _COURTESY or word in _FILLERS or word in _FUNCTION:
            continue
        # A name starts with a capital: without that capital letter anywhere in the text, it is none.
        if word[0].upper() not in text:
            return False
        names = _names(text) if names is None else names
        if word not in names:
            return False
    return True


def _names(text: str) -> frozenset[str]:
    """Capitalised words after the first, lower-cased: the names a greeting or thanks may address."""
    return frozenset(token.lower() for token in _TOKEN.findall(text)[1:] if token[:1].isupper())


def _content_words(joined: str, fragments: frozenset[str]) -> list[str]:
    return [w for w in joined.split() if w not in _FILLERS and w not in _FUNCTION and w not in fragments]


def _label(content_class: ContentClass) -> ContentLabel:
    return ContentLabel(content_class, REASONS[content_class])


# What a transcript puts in brackets is a mark; in parentheses only these notes are ("We used Asana (the
# project tool)" and "option (3)" are talk).
_BRACKETED = re.compile(r"\[[^\]]{0,80}\]|<[^>]{0,40}>|\{[^}]{0,40}\}")
_NOTE = re.compile(
    r"\((?:\s*(?:laugh\w*|chuckl\w*|inaudible|unintelligible|indiscernible|unclear|crosstalk|cross-talk"
    r"|overlapping|pause|silence|cough\w*|sigh\w*|noise|background\ noise|interruption|redacted|music"
    r"|applause|vocalsound|gap)\s*[,;]?)+\)",
    re.I | re.X,
)


def spoken_text(text: str) -> str:
    """What was said, for an encoder: bracketed marks and parenthesised transcription notes removed
    (pseudonyms kept), so that "[inaudible]" or "{vocalsound}" cannot make sentences look alike."""
    kept = _BRACKETED.sub(lambda m: m.group(0) if _PSEUDONYM.fullmatch(m.group(0)) else " ", text)
    kept = _NOTE.sub(" ", kept)
    return re.sub(r"\s+([.,!?;:])", r"\1", re.sub(r"\s+", " ", kept)).strip()


def without_transcription_notes(text: str) -> str:
    """A quote as shown: without a transcriber's notes on how it was said ("Me. [laughs] Mostly me." ->
    "Me. Mostly me.", "(crosstalk)", "[inaudible 0:12]"), pseudonyms and redactions kept ("[REDACTED]" says
    that something was said); the text itself when nothing else would be left."""
    kept = _BRACKETED.sub(lambda m: m.group(0) if _shown_mark(m.group(0)) else " ", text)
    kept = re.sub(r"\s+([.,!?;:])", r"\1", re.sub(r"\s+", " ", _NOTE.sub(" ", kept))).strip()
    return kept if _WORD.search(_BRACKETED.sub(" ", kept).lower()) else text


def _shown_mark(mark: str) -> bool:
    return bool(_PSEUDONYM.fullmatch(mark)) or "redact" in mark.lower()


def strip_markers(text: str) -> str:
    """The text without transcription and redaction markers (pseudonyms kept), whitespace folded."""
    kept = _MARKER.sub(lambda m: m.group(0) if _PSEUDONYM.fullmatch(m.group(0)) else " ", text)
    return re.sub(r"\s+([.,!?;:])", r"\1", re.sub(r"\s+", " ", kept)).strip()
