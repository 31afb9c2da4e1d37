"""Who says what inside a subtitle cue: WebVTT voice tags, "[Name]", "- Name:" or "Name:"."""

from __future__ import annotations

import html
import re

from nlp.ingest.labels import is_name, match_label

_VOICE = re.compile(r"<v(?:\.[^\s>]*)?\s+([^>]*)>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_DIALOGUE_DASH = re.compile(r"^\s*(?:-|>>)\s*")
_BRACKET = re.compile(r"^\[(?P<name>[^\]]{1,60})\]\s*(?P<text>.*)$")
# Bracketed captions that describe sound rather than name a speaker.
# fmt: off
_SOUNDS = frozenset(
    {
        "music", "laughter", "laughs", "laughing", "applause", "inaudible", "crosstalk", "silence",
        "noise", "sound", "cough", "coughs", "pause", "unintelligible", "indistinct", "chuckles", "sighs",
        "background",
    }
)
# fmt: on

Piece = tuple[str | None, str]


def cue_pieces(lines: list[str]) -> list[Piece]:
    """(speaker, text) pieces of a cue's text lines; speaker is None when the line names nobody."""
    pieces: list[Piece] = []
    for line in lines:
        parts = _VOICE.split(line)
        if _clean(parts[0]):
            pieces.append(_labelled(_clean(parts[0])))
        names, texts = parts[1::2], parts[2::2]
        pieces.extend(
            (" ".join(name.split()) or None, _clean(text)) for name, text in zip(names, texts, strict=True)
        )
    return pieces


def _labelled(text: str) -> Piece:
    text = _DIALOGUE_DASH.sub("", text)
    bracket = _BRACKET.match(text)
    if bracket is not None:
        name = bracket["name"].strip()
        if name.lower() in _SOUNDS or not is_name(name):
            return None, bracket["text"]
        return name, bracket["text"]
    label = match_label(text)
    if label is None or label.start is not None:
        return None, text
    return label.speaker, label.text


def _clean(text: str) -> str:
    return " ".join(html.unescape(_TAG.sub("", text)).split())
