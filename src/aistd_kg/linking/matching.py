"""Normalize standard identifiers and titles, and score how well a query matches an entity's texts.

Identifiers ("designations") are compared on a key: NFKC (full-width characters become
ASCII), every dash a hyphen, upper case, no spaces — so "ISO/IEC 42001:2023",
"ISO/IEC42001：2023" and "iso/iec 42001:2023" are one key. A key splits into the undated
designation and its year (":2023", "-2025", "—2025"). The base of a designation drops the
prefixes of national adoption in front of an ISO / IEC / EN designation ("BS ISO/IEC 42001",
"BS EN ISO/IEC 22989", "DIN EN …", "GB/T ISO/IEC …"); a dual designation
("GB/T 19001-2016/ISO 9001:2015") is two designations. The number of a designation is its
last token with three or more digits ("42001", "5259-4", "45288.1").

Titles are compared on a key that keeps only letters and digits (NFKC, case-folded), so
punctuation, dashes and spacing do not matter in zh or en; the search text of a title keeps
en word boundaries and drops the spaces next to CJK characters.

Scores are in [0, 1]; an identifier match always outranks a title match of the same kind:

==========================  =====  =================================================
kind                        score  when
==========================  =====  =================================================
identifier                  1.0    same designation and year
identifier-undated          0.95   same designation; one side without year
label                       0.9    same title key (alternative label: 0.85), or 0.88 (0.83)
                                   once a trailing parenthesis is dropped ("… (SAC/TC 260)")
code                        0.9    same code (skos:notation)
number                      0.85   the query is the designation's number (0.8 when the
                                   designation is a national adoption)
identifier-other-year       0.7    same designation, another year
adopted                     0.8    same base designation, one side a national adoption
                                   (0.6 with another year)
series                      0.75   the query designation is the designation up to a part
                                   ("GB/T 45288" → "GB/T 45288.1-2025")
label-prefix                0.6–0.85  the title starts with the query
label-substring             0.45–0.75  the title contains the query
label-words                 0.35–0.65  the title contains every word of the query (en)
identifier-substring        0.5–0.7   the designation contains the query
==========================  =====  =================================================

Ranges grow with the share of the title or designation that the query covers.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache

DASHES = dict.fromkeys(map(ord, "‐‑‒–—―−－"), "-")
SPACES_AROUND_SEPARATOR = re.compile(r"\s*([/:\-.])\s*")
YEAR = re.compile(r"^(.+?)[:\-]((?:19|20)\d{2})$")
NATIONAL_PREFIX = re.compile(r"^(?:BS|DIN|NF|NEN|UNE|UNI|SS|SN|CSN|PN|ÖNORM|GB/T|GB/Z|GB)\s+(?=(?:EN|ISO|IEC)\b)")
EN_PREFIX = re.compile(r"^EN\s+(?=(?:ISO|IEC)\b)")
DUAL = re.compile(r"(?<=\d)\s*/\s*(?=(?:ISO|IEC|IEEE|ITU|EN)\b)")
LETTER_SEPARATOR = re.compile(r"(?<=[A-Z])[/\-]")
NUMBER = re.compile(r"^[A-Z]*\.?(\d{3,}(?:[.\-]\d+)*)$")
DESIGNATION_CHARACTERS = re.compile(r"[A-Z0-9/ .:\-]*")
MAX_TEXT = 200  # the longest query text compared: matching is linear in it, but callers refuse longer ones first
PART_SEPARATORS = ".-"
CJK = r"\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
SPACE_NEAR_CJK = re.compile(rf"(?<=[{CJK}])\s+|\s+(?=[{CJK}])")
CJK_CHARACTER = re.compile(rf"[{CJK}]")
NOT_WORD = re.compile(r"[\W_]+")
TRAILING_PARENTHESIS = re.compile(r"\s*[(（][^()（）]*[)）]\s*$")


@dataclass(frozen=True)
class Match:
    """How a query matched one text of an entity."""

    score: float
    kind: str
    field: str
    value: str
    lang: str | None = None

    @property
    def evidence(self) -> str:
        """The match in words, e.g. 'identifier-undated: identifier "BS ISO/IEC 42001:2023"'."""
        where = f"{self.field}@{self.lang}" if self.lang else self.field
        return f'{self.kind}: {where} "{self.value}"'


def spaced(text: str) -> str:
    """NFKC, hyphens for every dash, upper case, single spaces, none around / : - ."""
    text = unicodedata.normalize("NFKC", text).translate(DASHES).upper()
    return SPACES_AROUND_SEPARATOR.sub(r"\1", " ".join(text.split()))


def identifier_key(text: str) -> str:
    """The comparison key of a designation or code: "ISO/IEC 42001:2023" → "ISO/IEC42001:2023"."""
    return spaced(text).replace(" ", "")


def looks_like_identifier(text: str) -> bool:
    """Whether text could be a designation or code (ASCII designation characters and a digit)."""
    text = spaced(text)
    return bool(DESIGNATION_CHARACTERS.fullmatch(text)) and any(character.isdigit() for character in text)


@dataclass(frozen=True)
class Designation:
    """One designation split into the forms it is compared by."""

    text: str

    @cached_property
    def _spaced(self) -> str:
        return spaced(self.text)

    @cached_property
    def key(self) -> str:
        return self._spaced.replace(" ", "")

    @cached_property
    def _dated(self) -> tuple[str, str | None]:
        found = YEAR.match(self._spaced)
        return (found[1], found[2]) if found else (self._spaced, None)

    @property
    def year(self) -> str | None:
        return self._dated[1]

    @cached_property
    def undated(self) -> str:
        return self._dated[0].replace(" ", "")

    @cached_property
    def compact(self) -> str:
        """The undated designation without a slash or hyphen after a letter: "GBT42755", "gbt-42755" and
        "GB/T 42755" are one, as "ISOIEC42001" and "ISO/IEC 42001" are."""
        return LETTER_SEPARATOR.sub("", self.undated)

    @cached_property
    def base(self) -> str:
        """The undated designation without national adoption prefixes."""
        text = NATIONAL_PREFIX.sub("", self._dated[0])
        return EN_PREFIX.sub("", text).replace(" ", "")

    @property
    def adopted(self) -> bool:
        return self.base != self.undated

    @cached_property
    def number(self) -> str | None:
        """The number of the designation: its last token with at least three digits, letters dropped."""
        last = self._dated[0].rsplit(" ", 1)[-1]
        found = NUMBER.match(last)
        return found[1] if found else None

    @property
    def is_number(self) -> bool:
        """Whether the designation is only a number ("42001", "5259-4")."""
        return self.number is not None and self.undated == self.number


@lru_cache(maxsize=65536)
def designations(text: str) -> tuple[Designation, ...]:
    """The designations in an identifier: one, or two for a dual designation."""
    return tuple(Designation(part) for part in DUAL.split(spaced(text)) if part)


def compare_identifiers(query: Designation, entity: Designation) -> tuple[float, str] | None:
    """Score and kind of the match of a queried designation with an entity's, or None."""
    other_year = bool(query.year and entity.year and query.year != entity.year)
    if query.key == entity.key or (query.compact == entity.compact and query.year == entity.year):
        return 1.0, "identifier"
    if query.undated == entity.undated or query.compact == entity.compact:
        return (0.7, "identifier-other-year") if other_year else (0.95, "identifier-undated")
    if query.base == entity.base:
        return (0.6 if other_year else 0.8), "adopted"
    if query.is_number and query.number == entity.number:
        return (0.8 if entity.adopted else 0.85), "number"
    if _part_of(query.base, entity.base) or _part_of(query.compact, entity.compact) \
            or (query.is_number and entity.number and _part_of(query.number, entity.number)):
        return 0.75, "series"
    return None


def _part_of(series: str, designation: str) -> bool:
    """Whether designation is a part of series: "GB/T45288" and "GB/T45288.1"."""
    return len(designation) > len(series) and designation.startswith(series) and designation[len(series)] in PART_SEPARATORS


@lru_cache(maxsize=65536)
def title_key(text: str) -> str:
    """The comparison key of a title: letters and digits only, NFKC, case-folded."""
    return NOT_WORD.sub("", unicodedata.normalize("NFKC", text).casefold())


def title_keys(text: str) -> set[str]:
    """The title key of text, and that of text without a trailing parenthesis."""
    return {key for key in (title_key(text), title_key(TRAILING_PARENTHESIS.sub("", text))) if key}


def search_text(text: str) -> str:
    """Text as the full-text index holds it: NFKC, case-folded, punctuation as spaces, no spaces by CJK."""
    text = NOT_WORD.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()
    return SPACE_NEAR_CJK.sub("", text)


def has_cjk(text: str) -> bool:
    return bool(CJK_CHARACTER.search(text))


class Query:
    """A search string prepared once for comparison with many texts."""

    def __init__(self, text: str):
        self.text = text
        self.key = title_key(text)
        self.search = search_text(text)
        self.words = [title_key(word) for word in self.search.split()] if not has_cjk(self.search) else []
        self.designations = designations(text) if looks_like_identifier(text) else ()
        self.code_key = identifier_key(text)

    def compare(self, field: str, value: str, lang: str | None = None) -> Match | None:
        """How well the query matches one text of an entity; field is identifier, code, label or altLabel."""
        if field == "identifier":
            return self._identifier(value)
        if field == "code":
            same = identifier_key(value) == self.code_key or title_key(value) == self.key  # "SC 42" is "sc-42"
            return Match(0.9, "code", field, value) if same else None
        return self._title(field, value, lang)

    def _identifier(self, value: str) -> Match | None:
        scored = [found for query in self.designations for entity in designations(value)
                  if (found := compare_identifiers(query, entity))]
        if scored:
            score, kind = max(scored)
            return Match(score, kind, "identifier", value)
        text, key = search_text(value), title_key(value)
        if self.search and self.search in text:
            return Match(round(0.5 + 0.2 * len(self.search) / len(text), 4), "identifier-substring", "identifier", value)
        if self.key and self.key in key:  # spaced or joined otherwise: "SC42" in "SAC/TC 28/SC 42"
            return Match(round(0.5 + 0.2 * len(self.key) / len(key), 4), "identifier-substring", "identifier", value)
        return None

    def _title(self, field: str, value: str, lang: str | None) -> Match | None:
        key = title_key(value)
        if not self.key or not key:
            return None
        label = "label" if field == "label" else "altLabel"
        cover = len(self.key) / len(key)
        if key == self.key:
            return Match(0.9 if field == "label" else 0.85, "label", label, value, lang)
        if value.endswith((")", "）")) and title_key(TRAILING_PARENTHESIS.sub("", value)) == self.key:
            return Match(0.88 if field == "label" else 0.83, "label", label, value, lang)
        if key.startswith(self.key):
            return Match(round(0.6 + 0.25 * cover, 4), "label-prefix", label, value, lang)
        if self.key in key:
            return Match(round(0.45 + 0.3 * cover, 4), "label-substring", label, value, lang)
        if len(self.words) > 1 and all(word in key for word in self.words):
            return Match(round(0.35 + 0.3 * cover, 4), "label-words", label, value, lang)
        return None


def best(matches) -> Match | None:
    """The highest-scoring match (identifier before code before label on equal scores), or None."""
    order = {"identifier": 0, "code": 1, "label": 2, "altLabel": 3}
    found = [m for m in matches if m is not None]
    return min(found, key=lambda m: (-m.score, order[m.field], len(m.value))) if found else None
