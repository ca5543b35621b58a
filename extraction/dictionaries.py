"""Load the phrase dictionaries under ``data/`` once, and match their phrases in text.

The dictionaries are data an analyst extends (YAML/CSV); this module turns each into one
compiled regular expression so that matching a sentence is a single scan. They hold only the
wordings, keyed by code: the codes' names and units belong to the dbt seeds
(``warehouse.reference``), read from there once. Matching ignores
case and treats runs of spaces, commas, slashes and dashes alike, because Vietnamese
reporting writes the same phrase as "máy tính/cán bộ, công chức" or "máy tính cán bộ công chức".
"""

from __future__ import annotations

import bisect
import csv
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from warehouse.reference import indicator_units

DATA_DIR = Path(__file__).resolve().parent / "data"

# Characters that separate words inside a phrase; any run of them matches any other run.
SEPARATOR_PATTERN = r"[\s,/\-–—&]+"
_SEPARATOR_RUN = re.compile(SEPARATOR_PATTERN)


# The old and the new place of the tone mark ("Uỷ ban"/"Ủy ban", "hoà"/"hòa"): both are common on
# provincial sites. Matching folds them to one, a swap of two characters that keeps every offset.
_OLD_TONE_PLACES = {
    "oà": "òa",
    "oá": "óa",
    "oả": "ỏa",
    "oã": "õa",
    "oạ": "ọa",
    "oè": "òe",
    "oé": "óe",
    "oẻ": "ỏe",
    "oẽ": "õe",
    "oẹ": "ọe",
    "uỳ": "ùy",
    "uý": "úy",
    "uỷ": "ủy",
    "uỹ": "ũy",
    "uỵ": "ụy",
}
_OLD_TONE_PLACE = re.compile("(" + "|".join(_OLD_TONE_PLACES) + r")(?!\w)")


def fold_tone_places(lowered: str) -> str:
    return (
        _OLD_TONE_PLACE.sub(lambda m: _OLD_TONE_PLACES[m.group(1)], lowered)
        if "o" in lowered or "u" in lowered
        else lowered
    )


def lower_same_length(text: str) -> str:
    """Lower case with every character kept in place, so offsets stay valid; old tone places folded."""
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(char.lower() if len(char.lower()) == 1 else char for char in text)
    return fold_tone_places(lowered)


@functools.lru_cache(maxsize=8192)
def normalize_phrase(text: str) -> str:
    """The lookup key of a phrase or of matched text: lower case, one space between words."""
    return _SEPARATOR_RUN.sub(" ", fold_tone_places(text.lower())).strip()


@dataclass(frozen=True)
class PhraseMatch:
    start: int
    end: int
    value: str  # what the phrase stands for (an indicator code, a level, ...)
    phrase: str  # the normalised phrase that matched


def first_character_guard(phrases: Iterable[str]) -> str:
    """A lookahead for the characters the phrases start with: the regex engine then rejects most
    positions of a sentence with one class test instead of trying every alternative there."""
    firsts = {phrase.strip()[0] for phrase in phrases if phrase.strip()}
    if not firsts or any(not char.isalnum() for char in firsts):
        return ""
    return "(?=[" + "".join(sorted(re.escape(char) for char in firsts)) + "])"


class PhraseMatcher:
    """Finds every phrase of a dictionary in a text, leftmost first, longest at a position."""

    def __init__(self, phrase_to_value: dict[str, str], *, case_sensitive: bool = False):
        self.phrase_to_value = {normalize_phrase(p): v for p, v in phrase_to_value.items()}
        self.case_sensitive = case_sensitive
        # longest first, so that "ứng dụng cntt trong nội bộ" wins over "ứng dụng cntt"
        phrases = sorted(phrase_to_value, key=lambda p: (-len(p), p))
        if not case_sensitive:
            phrases = [fold_tone_places(p.lower()) for p in phrases]
        alternatives = [
            SEPARATOR_PATTERN.join(re.escape(w) for w in _SEPARATOR_RUN.split(p.strip()) if w) for p in phrases
        ]
        # Case-insensitive matching runs on the lower-cased text with a case-sensitive pattern: much faster.
        self.pattern = re.compile(
            r"(?<!\w)" + first_character_guard(phrases) + r"(?:" + "|".join(alternatives) + r")(?!\w)"
        )

        # Readers ask about many spans of the same sentence: scan each sentence once, then filter.
        self._scan_cached = functools.lru_cache(maxsize=512)(self._scan)

    def _scan(self, text: str) -> tuple[tuple[PhraseMatch, ...], list[int]]:
        found = []
        for match in self.pattern.finditer(text if self.case_sensitive else lower_same_length(text)):
            key = normalize_phrase(match.group(0))
            value = self.phrase_to_value.get(key)
            if value is not None:
                found.append(PhraseMatch(match.start(), match.end(), value, key))
        return tuple(found), [m.start for m in found]

    def find_all(self, text: str, start: int = 0, end: int | None = None) -> list[PhraseMatch]:
        """Matches lying wholly inside text[start:end], leftmost first."""
        found, starts = self._scan_cached(text)
        if not found:  # most sentences hold no phrase of a given dictionary
            return []
        end = len(text) if end is None else end
        matches = []
        for index in range(bisect.bisect_left(starts, start), len(found)):
            match = found[index]
            if match.start >= end:
                break
            if match.end <= end:
                matches.append(match)
        return matches

    def search(self, text: str, start: int = 0, end: int | None = None) -> PhraseMatch | None:
        """The leftmost match lying wholly inside text[start:end], or None."""
        found, starts = self._scan_cached(text)
        if not found:
            return None
        end = len(text) if end is None else end
        for index in range(bisect.bisect_left(starts, start), len(found)):
            match = found[index]
            if match.start >= end:
                return None
            if match.end <= end:
                return match
        return None


def _load_yaml(name: str) -> dict:
    path = DATA_DIR / name
    with open(path, encoding="utf-8") as handle:
        loaded = yaml.safe_load(handle)
    if not isinstance(loaded, dict):
        raise ValueError(f"{path}: expected a mapping at the top level; fix the file's shape")
    return loaded


def _invert(groups: dict[str, Iterable[str]]) -> dict[str, str]:
    """{value: [phrase, ...]} -> {phrase: value}; the first value listed keeps a shared phrase."""
    inverted: dict[str, str] = {}
    for value, phrases in groups.items():
        for phrase in phrases or []:
            inverted.setdefault(str(phrase), value)
    return inverted


@functools.cache
def indicator_definitions() -> dict:
    return _load_yaml("indicators.yaml")["indicators"]


@functools.cache
def indicator_unit(code: str) -> str | None:
    """The unit of an indicator code, from its seed row (ref_indicators.csv); a phrase group resolved
    by the level written near it (``online_services``) has the unit its codes share."""
    units = indicator_units()
    if code in units:
        return units[code]
    shared = {
        units.get(resolved) for resolved in (indicator_definitions().get(code) or {}).get("resolved_by_level", ())
    }
    return shared.pop() if len(shared) == 1 else None


@functools.cache
def indicator_phrase_matcher() -> PhraseMatcher:
    groups = {code: spec.get("phrases", []) for code, spec in indicator_definitions().items() if code != "ict_budget"}
    return PhraseMatcher(_invert(groups))


@functools.cache
def budget_word_matcher() -> PhraseMatcher:
    return PhraseMatcher(_invert({"ict_budget": indicator_definitions()["ict_budget"]["phrases"]}))


@functools.cache
def count_noun_matcher() -> PhraseMatcher:
    """Count nouns; a noun shared by several indicators resolves in indicators.py."""
    groups = {code: spec.get("count_nouns", []) for code, spec in indicator_definitions().items()}
    return PhraseMatcher(_invert(groups))


@functools.cache
def level_matcher() -> PhraseMatcher:
    return PhraseMatcher(_invert(_load_yaml("levels.yaml")["levels"]))


@functools.cache
def calibration_rules() -> tuple[dict, ...]:
    """The confidence calibration (data/calibration.yaml), applied by calibration.py."""
    return tuple(_load_yaml("calibration.yaml")["rules"])


@functools.cache
def cues() -> dict:
    return _load_yaml("cues.yaml")


@functools.cache
def cue_matcher(name: str) -> PhraseMatcher:
    return PhraseMatcher({phrase: name for phrase in cues()[name]})


@functools.cache
def incident_definitions() -> dict:
    return _load_yaml("incidents.yaml")


@functools.cache
def incident_type_matcher() -> PhraseMatcher:
    return PhraseMatcher(_invert(incident_definitions()["types"]))


@functools.cache
def hypothetical_matcher() -> PhraseMatcher:
    return PhraseMatcher({phrase: "hypothetical" for phrase in incident_definitions()["hypothetical_words"]})


@functools.cache
def incident_unit_matcher() -> PhraseMatcher:
    return PhraseMatcher({noun: noun for noun in incident_definitions()["unit_nouns"]})


@functools.cache
def ranking_definitions() -> dict:
    return _load_yaml("rankings.yaml")


@functools.cache
def ranking_name_matcher() -> PhraseMatcher:
    return PhraseMatcher(_invert(ranking_definitions()["rankings"]))


@functools.cache
def other_index_matcher() -> PhraseMatcher:
    return PhraseMatcher({phrase: "other" for phrase in ranking_definitions()["other_indices"]})


@functools.cache
def ranking_component_matcher() -> PhraseMatcher:
    return PhraseMatcher(_invert(ranking_definitions()["components"]))


@functools.cache
def province_alias_rows() -> list[dict]:
    """How each pre-2025 province is written in text and in site addresses, keyed by its code of
    ref_provinces.csv (which owns the names and the 2025 successors)."""
    with open(DATA_DIR / "province_aliases.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))
