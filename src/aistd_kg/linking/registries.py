"""Propose links between the graph's entities and the records of a registry dump, for review.

``aistd-kg link --registry FILE --kind KIND`` reads a registry dump, matches every record
against the built graph — by identifier first, by normalized title only when no identifier
matches — and writes one proposal per match: entity, record id and URL, score, how it
matched and the evidence. It writes only the proposals file: curated data is never changed;
an editor reviews the proposals and records the links that hold, with their source.

Kinds of dump (fields read; others are ignored):

- ``iso-open-data``: ISO Open Data ``iso_deliverables_metadata``, JSON Lines or CSV
  (detected from the first character): ``id`` (the catalogue number, also giving the URL
  https://www.iso.org/standard/<id>.html), ``reference`` (the designation), ``title``
  (``{"en": …, "fr": …}``; in the CSV ``title.en`` and ``title.fr``). Matched against
  standardization items.
- ``wikidata-json``: a Wikidata JSON dump (a JSON array with one entity per line, as in
  ``latest-all.json``) or a ``Special:EntityData`` file (``{"entities": {…}}``): ``id``,
  ``labels`` and ``aliases`` (titles, zh and en), and every string or external-id claim
  (a possible designation; the evidence names the property). Matched against all entities.
- ``csv``: a CSV of Chinese national standards (UTF-8, with or without BOM) with the
  columns ``标准号`` (designation, also the record id) and ``标准名称`` (title), and
  optionally ``英文标准名称`` (English title) and ``链接`` (the record's URL). Matched against
  standardization items.

A proposal's status is ``new``, ``linked`` (the graph already links the entity to the
record's URL, directly or by an ``aistd:registryLink``) or ``ambiguous`` (the record matches
several entities equally well).
"""

import csv
import io
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph

from ..errors import InputError
from ..files import write_text
from ..namespaces import AISTD
from .matching import Match, Query
from .search_index import Entity, SearchIndex

COLUMNS = ("entity", "entity_label", "record_id", "record_url", "record_label", "score", "matched", "evidence", "status")
IDENTIFIER_SCORE = 0.6
DEPTH = 10
STANDARDS = (str(AISTD.StandardizationItem),)
WIKIDATA_ID = re.compile(r"^[QPL]\d+$")


class RegistryError(InputError):
    """A registry dump that cannot be read; names the file, the line or record and what is wrong."""


@dataclass(frozen=True)
class Record:
    """What a registry record offers for matching."""

    id: str
    url: str | None
    identifiers: tuple[tuple[str, str], ...]  # (field, designation)
    titles: tuple[tuple[str, str | None, str], ...]  # (field, lang, title)

    @property
    def label(self) -> str:
        return next((title for _, _, title in self.titles), self.id)


@dataclass(frozen=True)
class Proposal:
    """A proposed link from an entity to a record, with its evidence."""

    entity: Entity
    record: Record
    match: Match
    record_field: str
    record_value: str
    status: str

    def row(self) -> dict:
        return {"entity": self.entity.iri, "entity_label": self.entity.name("zh"), "record_id": self.record.id,
                "record_url": self.record.url or "", "record_label": self.record.label, "score": f"{self.match.score:.3f}",
                "matched": "identifier" if self.match.field == "identifier" else "title",
                "evidence": f'{self.record_field} "{self.record_value}" ~ {self.match.evidence}', "status": self.status}


def open_graph(artifact: Path) -> tuple[pyoxigraph.Store, SearchIndex]:
    """The built graph, in memory, and its search index."""
    store = pyoxigraph.Store()
    store.bulk_load(path=str(artifact), format=pyoxigraph.RdfFormat.TRIG)
    return store, SearchIndex.of_store(store)


def read_registry(path: Path, kind: str) -> Iterator[Record]:
    """The records of a dump of that kind.

    :raises RegistryError: the file cannot be read, or a line or record is malformed.
    """
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            yield from READERS[kind](handle, path)
    except (OSError, UnicodeDecodeError) as error:
        raise RegistryError(f"{path}: cannot read: {error}") from None


def propose(store: pyoxigraph.Store, index: SearchIndex, records, kind: str) -> Iterator[Proposal]:
    """Proposals for each record: its best identifier matches, else its exact (normalized) title matches."""
    types = () if kind == "wikidata-json" else STANDARDS
    for record in records:
        found = _by_identifier(index, record, types) or _by_title(index, record, types)
        if not found:
            continue
        top = max(match.score for _, match, _, _ in found)
        best = [item for item in found if item[1].score == top]
        for entity, match, field, value in best:
            status = "ambiguous" if len(best) > 1 else "linked" if _linked(store, entity, record) else "new"
            yield Proposal(entity, record, match, field, value, status)


def write_proposals(proposals, output: Path | None, protected: Path) -> int:
    """Write the proposals as TSV (CSV when output ends in .csv) atomically, or to stdout; return how many.

    :raises RegistryError: output lies inside the protected folder (the curated data).
    """
    if output is not None and output.resolve().is_relative_to(protected.resolve()):
        raise RegistryError(f"{output}: proposals are never written into {protected}; choose another file")
    dialect = "excel" if output is not None and output.suffix == ".csv" else "excel-tab"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, COLUMNS, dialect=dialect, lineterminator="\n")
    writer.writeheader()
    count = 0
    for proposal in proposals:
        writer.writerow(proposal.row())
        count += 1
    if output is None:
        sys.stdout.write(buffer.getvalue())
        return count
    try:
        write_text(output, buffer.getvalue(), newline="")
    except OSError as error:
        raise RegistryError(f"{output}: cannot write: {error}") from None
    return count


def _by_identifier(index: SearchIndex, record: Record, types) -> list:
    found: dict = {}
    for field, value in record.identifiers:
        query = Query(value)
        if not query.designations:
            continue
        for hit in index.search(value, types, limit=DEPTH):
            match, previous = hit.entity.score(query, ("identifier",)), found.get(hit.entity.iri)
            if match and match.score >= IDENTIFIER_SCORE and (previous is None or match.score > previous[1].score):
                found[hit.entity.iri] = (hit.entity, match, field, value)
    return list(found.values())


def _by_title(index: SearchIndex, record: Record, types) -> list:
    found = {}
    for field, _, title in record.titles:
        query = Query(title)
        for hit in index.search(title, types, limit=DEPTH):
            match = hit.entity.score(query, ("label", "altLabel"))
            if match and match.kind == "label" and hit.entity.iri not in found:
                found[hit.entity.iri] = (hit.entity, match, field, title)
    return list(found.values())


def _linked(store: pyoxigraph.Store, entity: Entity, record: Record) -> bool:
    """Whether the graph already links the entity to the record's URL, directly or by an aistd:registryLink."""
    if not record.url:
        return False
    subject, target = pyoxigraph.NamedNode(entity.iri), pyoxigraph.NamedNode(record.url)
    holders = [subject] + [quad.object for quad in store.quads_for_pattern(
        subject, pyoxigraph.NamedNode(str(AISTD.registryLink)), None, None)]
    return any(next(store.quads_for_pattern(holder, None, target, None), None) for holder in holders)


def _iso_open_data(handle, path: Path) -> Iterator[Record]:
    first = handle.read(1)
    handle.seek(0)
    if first == "{":
        for number, line in enumerate(handle, 1):
            if line.strip():
                yield _iso_record(_json_line(line, path, number), path, f"line {number}")
    else:
        rows = csv.DictReader(handle)
        _require_columns(rows.fieldnames, ("id", "reference", "title.en"), path)
        for row in rows:
            where = f"line {rows.line_num}"
            yield _iso_record({"id": row["id"], "reference": row["reference"],
                               "title": {"en": row.get("title.en"), "fr": row.get("title.fr")}}, path, where)


def _iso_record(data, path: Path, where: str) -> Record:
    if not isinstance(data, dict):
        raise RegistryError(f"{path}: {where}: a deliverable must be a JSON object")
    number, reference = str(data.get("id") or "").strip(), data.get("reference")
    if not number.isdigit():
        raise RegistryError(f"{path}: {where}: 'id' must be the ISO catalogue number (digits), not {data.get('id')!r}")
    if not isinstance(reference, str) or not reference.strip():
        raise RegistryError(f"{path}: {where}: 'reference' (the designation) is missing or empty")
    title = data.get("title") or {}
    if not isinstance(title, dict):
        raise RegistryError(f"{path}: {where}: 'title' must be an object of titles by language")
    titles = tuple((f"title.{lang}", lang, text.strip()) for lang, text in sorted(title.items())
                   if isinstance(text, str) and text.strip())
    return Record(number, f"https://www.iso.org/standard/{number}.html", (("reference", reference.strip()),), titles)


def _wikidata(handle, path: Path) -> Iterator[Record]:
    first = handle.read(1)
    while first.isspace():
        first = handle.read(1)
    handle.seek(0)
    if first == "{":  # Special:EntityData
        try:
            data = json.load(handle)
        except ValueError as error:
            raise RegistryError(f"{path}: not JSON: {error}") from None
        entities = data.get("entities") if isinstance(data, dict) else None
        if not isinstance(entities, dict):
            raise RegistryError(f"{path}: an entity data file needs an 'entities' object")
        for key, entity in entities.items():
            yield _wikidata_record(entity, path, f"entity {key}")
        return
    for number, line in enumerate(handle, 1):
        text = line.strip().rstrip(",")
        if text and text not in ("[", "]"):
            yield _wikidata_record(_json_line(text, path, number), path, f"line {number}")


def _wikidata_record(entity, path: Path, where: str) -> Record:
    if not isinstance(entity, dict):
        raise RegistryError(f"{path}: {where}: an entity must be a JSON object")
    qid = entity.get("id")
    if not isinstance(qid, str) or not WIKIDATA_ID.match(qid):
        raise RegistryError(f"{path}: {where}: 'id' must be a Wikidata id such as Q42, not {qid!r}")
    labels, aliases, claims = entity.get("labels", {}), entity.get("aliases", {}), entity.get("claims", {})
    if not all(isinstance(part, dict) for part in (labels, aliases, claims)):
        raise RegistryError(f"{path}: {where} ({qid}): 'labels', 'aliases' and 'claims' must be objects")
    titles = [("label", lang, _text(value)) for lang, value in sorted(labels.items()) if _wanted(lang, _text(value))]
    titles += [("alias", lang, _text(value)) for lang, values in sorted(aliases.items()) if isinstance(values, list)
               for value in values if _wanted(lang, _text(value))]
    identifiers = []
    for prop, statements in sorted(claims.items()):
        for statement in statements if isinstance(statements, list) else []:
            snak = statement.get("mainsnak", {}) if isinstance(statement, dict) else {}
            value = snak.get("datavalue", {}).get("value") if isinstance(snak.get("datavalue"), dict) else None
            if snak.get("datatype") in ("external-id", "string") and isinstance(value, str):
                identifiers.append((f"claim {prop}", value))
            elif snak.get("datatype") == "monolingualtext" and isinstance(value, dict) \
                    and _wanted(value.get("language"), value.get("text")):
                titles.append((f"claim {prop}", value["language"], value["text"]))
    return Record(qid, f"http://www.wikidata.org/entity/{qid}", tuple(identifiers), tuple(titles))


def _text(value) -> str | None:
    """The text of a Wikidata label or alias object."""
    return value.get("value") if isinstance(value, dict) else None


def _wanted(lang, text) -> bool:
    """Whether it is a non-empty zh or en text (zh-hans, zh-cn, en-gb … count)."""
    return isinstance(lang, str) and lang.split("-")[0] in ("zh", "en") and isinstance(text, str) and bool(text.strip())


def _gb_csv(handle, path: Path) -> Iterator[Record]:
    rows = csv.DictReader(handle)
    _require_columns(rows.fieldnames, ("标准号", "标准名称"), path)
    for row in rows:
        designation = (row.get("标准号") or "").strip()
        if not designation:
            raise RegistryError(f"{path}: line {rows.line_num}: 标准号 (the designation) is empty")
        titles = [(column, lang, (row.get(column) or "").strip()) for column, lang in (("标准名称", "zh"), ("英文标准名称", "en"))]
        yield Record(designation, (row.get("链接") or "").strip() or None, (("标准号", designation),),
                     tuple(title for title in titles if title[2]))


def _json_line(text: str, path: Path, number: int):
    try:
        return json.loads(text)
    except ValueError as error:
        raise RegistryError(f"{path}: line {number}: not JSON: {error}") from None


READERS = {"iso-open-data": _iso_open_data, "wikidata-json": _wikidata, "csv": _gb_csv}
KINDS = tuple(READERS)


def _require_columns(found, required: tuple[str, ...], path: Path) -> None:
    missing = [column for column in required if column not in (found or [])]
    if missing:
        raise RegistryError(f"{path}: line 1: missing column(s) {', '.join(missing)} "
                            f"(found: {', '.join(found or []) or 'none'})")
