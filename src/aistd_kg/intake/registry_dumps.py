"""Read catalogue records from registries' data dumps, checking every field the catalogue uses.

Kinds of dump:

- ``iso-open-data``: ISO Open Data ``iso_deliverables_metadata`` as JSON Lines or CSV (told
  apart by the first character). Fields read: ``id``, ``deliverableType`` (IS, TS, TR, PAS,
  Guide), ``supplementType`` (Amd), ``reference``, ``title`` (``{"en": …}``; in the CSV
  ``title.en``), ``publicationDate``, ``edition``, ``icsCode``, ``ownerCommittee``,
  ``currentStage`` (the harmonized stage code, ``6060`` or ``60.60``), ``replaces``,
  ``replacedBy`` (ids of other records).
- ``samr-csv``: a CSV export of the Chinese national standards platform (UTF-8, with or
  without BOM), one row per national standard: 标准号, 中文标准名称 (or 标准名称), 英文标准名称,
  标准状态 (现行 / 即将实施 / 废止), 发布日期, 实施日期, 归口单位, and optionally 采标号 with
  采用程度 (IDT / MOD / NEQ), ICS, CCS.

A dump that cannot be read raises DumpError naming the file, the line and the field.
"""

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..errors import InputError

KINDS = ("iso-open-data", "samr-csv")

ISO_DELIVERABLES = {"IS": "deliverable-standard", "TS": "deliverable-technical-specification",
                    "TR": "deliverable-technical-report", "PAS": "deliverable-pas", "Guide": "deliverable-guide"}
ISO_REQUIRED = ("id", "deliverableType", "reference", "title", "ownerCommittee", "currentStage")
SAMR_STAGES = {"现行": "stage-cn-in-force", "即将实施": "stage-cn-issued", "废止": "stage-cn-abolished"}
SAMR_TYPES = {"GB": "type-national-mandatory", "GB/T": "type-national-recommended", "GB/Z": "type-national-guidance"}
SAMR_REQUIRED = ("标准号", "中文标准名称", "标准状态", "发布日期", "实施日期")
# other names the same columns go by: ISO's CSV spells the English title title.en; the platform's exports 标准名称 and 状态
ISO_ALIASES = {"title.en": "title"}
SAMR_ALIASES = {"标准名称": "中文标准名称", "状态": "标准状态"}
DEGREES = ("IDT", "MOD", "NEQ")
STAGE_CODE = re.compile(r"^([0-9]{2})\.?([0-9]{2})$")
GB_NUMBER = re.compile(r"^(GB(?:/[TZ])?) [0-9]+(\.[0-9]+)*-[0-9]{4}$")


class DumpError(InputError):
    """A dump that cannot be read: names the file, the line and the field, and what is wrong."""

    def __init__(self, path: Path, message: str, line: int | None = None, field_name: str | None = None):
        where = str(path) + (f", line {line}" if line else "") + (f", field {field_name}" if field_name else "")
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class CatalogueRecord:
    """One registry record as the catalogue reads it; vocabulary values are aistdv: local names."""

    line: int
    record_id: str
    identifier: str
    title_en: str | None
    title_zh: str | None
    committee: str | None
    stage: str
    standard_type: str
    deliverable_type: str
    published: date | None = None
    implemented: date | None = None
    edition: int | None = None
    ics: tuple[str, ...] = ()
    ccs: tuple[str, ...] = ()
    replaces: tuple[str, ...] = ()  # record ids in the same dump
    adopted: str | None = None
    degree: str | None = None
    extra: dict = field(default_factory=dict, compare=False)


def read_dump(path: Path, kind: str, known_stages: set[str]) -> list[CatalogueRecord]:
    """Every record of the dump, checked; known_stages are the aistdv: stage names the graph defines.

    :raises DumpError: the file cannot be read, a line is malformed, a column or field is missing
        or has a value the catalogue does not know.
    """
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as error:
        raise DumpError(path, f"cannot read: {error.strerror}") from None
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        raise DumpError(path, f"not UTF-8 (byte {error.start}); save the dump as UTF-8", line) from None
    if kind == "iso-open-data":
        rows = _json_lines(path, text) if text.lstrip().startswith("{") else _csv_rows(path, text, ISO_REQUIRED, ISO_ALIASES)
        return [_iso_record(path, line, row, known_stages) for line, row in rows]
    if kind == "samr-csv":
        return [_samr_record(path, line, row) for line, row in _csv_rows(path, text, SAMR_REQUIRED, SAMR_ALIASES)]
    raise DumpError(path, f"unknown kind of dump {kind!r}; known: {', '.join(KINDS)}")


def _json_lines(path: Path, text: str) -> Iterator[tuple[int, dict]]:
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise DumpError(path, f"not a JSON object: {error.msg} (column {error.colno})", number) from None
        if not isinstance(row, dict):
            raise DumpError(path, "not a JSON object", number)
        yield number, row


def _csv_rows(path: Path, text: str, required: tuple[str, ...], aliases: dict[str, str]) -> Iterator[tuple[int, dict]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [aliases.get(name.strip(), name.strip()) for name in reader.fieldnames or []]
    missing = [name for name in required if name not in header]
    if missing:
        raise DumpError(path, f"missing column(s) {', '.join(missing)}; the header has {', '.join(header) or 'nothing'}", 1)
    reader.fieldnames = header
    for row in reader:
        if None in row:
            raise DumpError(path, f"{len(header) + len(row[None])} cells where the header has {len(header)}", reader.line_num)
        if "title" in required:
            row["title"] = {"en": row.get("title")}
        yield reader.line_num, row


def _iso_record(path: Path, line: int, row: dict, known_stages: set[str]) -> CatalogueRecord:
    def need(name: str):
        value = row.get(name)
        if value in (None, "", [], {}):
            raise DumpError(path, "missing value", line, name)
        return value

    kind = str(need("deliverableType")).strip()
    supplement = str(row.get("supplementType") or "").strip()
    deliverable = "deliverable-amendment" if supplement == "Amd" else ISO_DELIVERABLES.get(kind)
    if deliverable is None:
        raise DumpError(path, f"unknown deliverable type {kind!r}; known: {', '.join(ISO_DELIVERABLES)}", line, "deliverableType")
    title = need("title")
    title_en = title.get("en") if isinstance(title, dict) else None
    if not title_en:
        raise DumpError(path, "no English title", line, "title")
    return CatalogueRecord(
        line=line, record_id=str(need("id")).strip(), identifier=" ".join(str(need("reference")).split()),
        title_en=" ".join(title_en.split()), title_zh=None, committee=str(need("ownerCommittee")).strip(),
        stage=_iso_stage(path, line, need("currentStage"), known_stages), standard_type="type-international",
        deliverable_type=deliverable, published=_date(path, line, "publicationDate", row.get("publicationDate")),
        edition=_integer(path, line, "edition", row.get("edition")), ics=tuple(_listed(row.get("icsCode"))),
        replaces=tuple(str(value) for value in _listed(row.get("replaces"))))


def _iso_stage(path: Path, line: int, value, known_stages: set[str]) -> str:
    found = STAGE_CODE.match(str(value).strip())
    name = f"stage-{found[1]}-{found[2]}" if found else None
    if name not in known_stages:
        raise DumpError(path, f"unknown stage code {value!r}: not a harmonized stage code the catalogue knows", line, "currentStage")
    return name


def _samr_record(path: Path, line: int, row: dict) -> CatalogueRecord:
    def cell(name: str) -> str:
        return " ".join((row.get(name) or "").split())

    identifier = cell("标准号").replace("—", "-").replace("－", "-")
    found = GB_NUMBER.match(identifier)
    if not found:
        raise DumpError(path, f"not a national standard number: {identifier!r}", line, "标准号")
    status = cell("标准状态")
    if status not in SAMR_STAGES:
        raise DumpError(path, f"unknown status {status!r}; known: {', '.join(SAMR_STAGES)}", line, "标准状态")
    if not cell("中文标准名称"):
        raise DumpError(path, "missing value", line, "中文标准名称")
    degree = cell("采用程度").upper() or None
    if degree and degree not in DEGREES:
        raise DumpError(path, f"unknown degree of correspondence {degree!r}; known: {', '.join(DEGREES)}", line, "采用程度")
    return CatalogueRecord(
        line=line, record_id=identifier, identifier=identifier, title_en=cell("英文标准名称") or None,
        title_zh=cell("中文标准名称"), committee=cell("归口单位") or None, stage=SAMR_STAGES[status],
        standard_type=SAMR_TYPES[found[1]],
        deliverable_type="deliverable-technical-document" if found[1] == "GB/Z" else "deliverable-standard",
        published=_date(path, line, "发布日期", cell("发布日期")), implemented=_date(path, line, "实施日期", cell("实施日期")),
        ics=tuple(_split(cell("ICS"))), ccs=tuple(_split(cell("CCS"))), adopted=cell("采标号") or None, degree=degree)


def _date(path: Path, line: int, name: str, value) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise DumpError(path, f"not a date YYYY-MM-DD: {value!r}", line, name) from None


def _integer(path: Path, line: int, name: str, value) -> int | None:
    if value in (None, ""):
        return None
    if not re.fullmatch(r"[0-9]+", str(value).strip()):
        raise DumpError(path, f"not a whole number: {value!r}", line, name)
    return int(str(value).strip())


def _listed(value) -> list[str]:
    """A list field: a JSON list, or in the CSV its Python-style rendering "['35.020']"."""
    if isinstance(value, list):
        return [str(item) for item in value]
    return [item for item in re.findall(r"[^\[\]',\s]+", str(value or ""))]


def _split(value: str) -> list[str]:
    return [part for part in re.split(r"[;；,，\s]+", value) if part]
