"""Reading and checking data/canvas_cues.yaml: every key the canvas rules use, each word list a list of
strings and each pattern a valid regular expression, or a CanvasCuesError naming the key path."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from nlp.checking import Checker, DocumentError, kind_of, read_yaml

CUES_PATH = Path(__file__).parent / "data" / "canvas_cues.yaml"
_TOP = {"version", "price", "polarity", "outcomes", "committee", "knowledge", "digital", "background", "job"}
_TOP |= {"company_size", "spoken_stopwords", "committee_decision"}
_SECTIONS: dict[str, tuple[set[str], set[str]]] = {  # section: (required keys, optional keys)
    "price": ({"terms", "patterns"}, {"exclude", "context_terms", "context", "figurative"}),
    "polarity": ({"objection", "motivation"}, set()),
    "committee_decision": ({"alone", "context"}, {"modified"}),
    "outcomes": ({"terms"}, set()),
    "digital": ({"channels", "offline", "use", "before"}, set()),
    "background": ({"age", "life_stage", "family", "studies", "hobbies"}, set()),
    "job": ({"role_nouns"}, set()),
    "company_size": ({"units"}, set()),
}
_PATTERN_LISTS = (
    "price.patterns",
    "price.exclude",
    "price.figurative",
    "polarity.objection",
    "polarity.motivation",
    "digital.offline",
    "background.age",
    "background.studies",
)


class CanvasCuesError(DocumentError):
    """The canvas cue file is not valid: names the file, the key path and what is wrong."""


class _Check(Checker):
    error = CanvasCuesError

    def words(self, value: object, path: str, *, patterns: bool = False) -> list[str]:
        items = self.sequence(value, path, 1)
        for i, item in enumerate(items):
            if not isinstance(item, str):
                raise self.fail(
                    f"{path}[{i}]", f"expected a string, found {kind_of(item)} (quote no/on/yes/off)"
                )
            if patterns:
                self.pattern(item, f"{path}[{i}]")
        return [str(item) for item in items]

    def pattern(self, value: str, path: str) -> None:
        try:
            re.compile(value)
        except re.error as err:
            raise self.fail(path, f"not a valid regular expression: {err}") from err

    def labelled(self, value: object, path: str) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            raise self.fail(path, f"expected a mapping, found {kind_of(value)}")
        return value

    def groups(self, value: object, path: str, *, patterns: bool = False) -> None:
        """A mapping of label -> word (or pattern) list."""
        for label, items in self.labelled(value, path).items():
            self.words(items, f"{path}.{label}", patterns=patterns)


def load_canvas_cues(source: Path | Mapping[str, Any] = CUES_PATH) -> dict[str, Any]:
    """The cue file (or an already-parsed mapping, named "<dict>" in errors), checked.

    Raises:
        CanvasCuesError: naming the file, the key path ("background.family.children[2]") and the problem.
    """
    name = "<dict>" if isinstance(source, Mapping) else source.name
    data = source if isinstance(source, Mapping) else read_yaml(source, CanvasCuesError)
    return check_canvas_cues(data, name)


def check_canvas_cues(data: object, source: str) -> dict[str, Any]:
    check = _Check(source)
    doc = dict(check.mapping(data, "", _TOP, _TOP))
    if doc["version"] != 1:
        raise check.fail("version", f"unsupported version {doc['version']!r}; expected 1")
    for section, (required, optional) in _SECTIONS.items():
        check.mapping(doc[section], section, required | optional, required)
    for path in _PATTERN_LISTS:
        section, key = path.split(".")
        if key in doc[section]:
            check.words(doc[section][key], path, patterns=True)
    for path in ("price.context_terms", "price.context", "committee_decision.modified"):
        section, key = path.split(".")
        if key in doc[section]:
            check.words(doc[section][key], path)
    for path in (
        "committee_decision.alone",
        "committee_decision.context",
        "digital.use",
        "digital.before",
        "price.terms",
        "outcomes.terms",
        "job.role_nouns",
        "company_size.units",
    ):
        section, key = path.split(".")
        check.words(doc[section][key], path)
    check.words(doc["spoken_stopwords"], "spoken_stopwords")
    _check_nested(check, doc)
    return doc


def _check_nested(check: _Check, doc: Mapping[str, Any]) -> None:
    for role, terms in check.labelled(doc["committee"], "committee").items():
        if role == "case_sensitive":
            check.groups(terms, "committee.case_sensitive")
        else:
            check.words(terms, f"committee.{role}")
    check.groups(doc["knowledge"], "knowledge", patterns=True)
    check.groups(doc["digital"]["channels"], "digital.channels")
    for group in ("life_stage", "family"):
        check.groups(doc["background"][group], f"background.{group}", patterns=True)
    keys = {"patterns", "terms"}
    hobbies = check.mapping(doc["background"]["hobbies"], "background.hobbies", keys, keys)
    check.words(hobbies["patterns"], "background.hobbies.patterns", patterns=True)
    check.words(hobbies["terms"], "background.hobbies.terms")
