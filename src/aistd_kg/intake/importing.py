"""Turn a filled template into Turtle: check every row, build the graph, validate it with the rest of the data, write it.

Nothing is written unless every row is right and the data, with the new graph, passes the
SHACL shapes; then the file is written atomically. An existing file is replaced only when
asked to.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, RDFS, BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from ..build.derive import apply_rules
from ..build.loading import Layout, load_dataset, parse_turtle
from ..build.validation import Violation, validate
from ..errors import InputError, InvalidData
from ..namespaces import AISTD, graph_iri
from . import naming
from .cells import Cells, Problem
from .sheets import Sheet, TemplateFileError, read_tables
from .template import (
    CATEGORIES,
    EDITIONS,
    ENGLISH_TITLES,
    FRAMEWORK,
    KINDS_OF_FRAMEWORK,
    KINDS_OF_STANDARD,
    STANDARDS,
    STATUSES,
    Table,
)
from .writing import write_turtle

Track = Callable[[list, str], Iterable]


class ImportRefused(InputError):
    """An import that cannot start: the output exists, or the framework is not named by a slug."""


@dataclass
class ImportResult:
    """What an import found wrong, and the file it wrote if nothing was."""

    problems: list[Problem] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    written: Path | None = None
    triples: int = 0

    def checked(self) -> "ImportResult":
        """This result if it wrote the file.

        :raises InvalidData: it found problems, and wrote nothing.
        """
        if self.written is None:
            count = len(self.problems) + len(self.violations)
            raise InvalidData(f"import refused: {count} problem(s); nothing was written")
        return self


def import_template(root: Path, files: list[Path], framework: str, out: Path | None = None,
                    replace: bool = False, track: Track | None = None) -> ImportResult:
    """Import the template files for the framework into out (default data/<framework>.ttl).

    :raises TemplateFileError: a file is not a readable template.
    :raises ImportRefused: out exists and replace is not set, or the framework is not a slug.
    """
    slug = _slug(framework)
    layout = Layout(root)
    out = out or layout.root / "data" / f"{slug}.ttl"
    if out.exists() and not replace:
        raise ImportRefused(f"{out} exists: give --replace to replace it, or another --out")
    builder = read_template(root, files, slug, without=out, track=track)
    result = ImportResult(problems=sorted(builder.problems))
    if result.problems:
        return result
    dataset = builder.dataset
    named = dataset.graph(graph_iri(out.stem))
    for triple in builder.graph:
        named.add(triple)
    apply_rules(dataset, layout.rules_dir)
    errors = [v for v in validate(dataset, parse_turtle(layout.shapes_file)) if v.severity == "Violation"]
    result.violations = [builder.locate(violation) for violation in errors]
    if not result.violations:
        result.written, result.triples = _write(builder.graph, out, [path.name for path in files]), len(builder.graph)
    return result


def read_template(root: Path, files: list[Path], framework: str, without: Path | None = None,
                  track: Track | None = None) -> "Builder":
    """Read and check the template files against root's ontology and data (all of it but one file, if given).

    :raises TemplateFileError: a file is not a readable template.
    :raises ImportRefused: the framework is not a slug.
    """
    sheets = read_tables(files)
    if not any(sheet.rows for sheet in sheets.values()):
        raise TemplateFileError(f"{', '.join(map(str, files))}: no filled row in any of the tables")
    layout = Layout(root)
    kept = [path for path in layout.data_files if without is None or path.resolve() != without.resolve()]
    builder = Builder(_slug(framework), load_dataset(layout.ontology_files + kept), track or (lambda rows, label: rows))
    builder.build(sheets)
    return builder


def _slug(framework: str) -> str:
    try:
        return naming.framework_slug(framework)
    except ValueError as error:
        raise ImportRefused(str(error)) from None


class Builder:
    """Reads the rows of a template for one framework into a graph, noting every problem."""

    def __init__(self, framework_slug: str, dataset: Dataset, track: Track):
        self.slug, self.dataset, self.track = framework_slug, dataset, track
        self.framework = naming.iri("framework", framework_slug)
        self.graph = Graph()
        self.problems: list[Problem] = []
        self.places: dict[URIRef, tuple[str, int]] = {}
        self.keys: dict[str, int] = {}
        self.defined: dict[tuple[URIRef, URIRef], bool] = {}

    def build(self, sheets: dict[str, Sheet]) -> Graph:
        """The graph of every table given; the framework must be given or already defined."""
        if FRAMEWORK.name in sheets:
            self._framework(sheets[FRAMEWORK.name])
        elif not self._defined(self.framework, AISTD.Framework):
            self.problems.append(Problem(FRAMEWORK.name, 1, "framework",
                                         f"fw:{self.slug} is not defined in data/: add a framework sheet"))
        if CATEGORIES.name in sheets:
            self._categories(sheets[CATEGORIES.name])
        if STANDARDS.name in sheets:
            self._standards(sheets[STANDARDS.name])
        return self.graph

    def locate(self, violation: Violation) -> str:
        """A SHACL violation, with the sheet and row of the node it is about when the node came from the template."""
        for node, (sheet, row) in self.places.items():
            name = self.dataset.namespace_manager.normalizeUri(node)
            if violation.node in (name, f"[blank node of {name}]"):
                return f"sheet {sheet}, row {row}: {violation}"
        return str(violation)

    # --- tables -------------------------------------------------------------------------

    def _framework(self, sheet: Sheet) -> None:
        rows = sheet.rows
        for extra in rows[1:]:
            Cells(FRAMEWORK, extra, self.problems).problem("framework", "the framework sheet has one row only")
        if not rows:
            return
        cells = Cells(FRAMEWORK, rows[0], self.problems)
        node = self.framework
        if (given := cells.slug("framework")) and given != self.slug:
            cells.problem("framework", f"{given!r} is not the framework being imported ({self.slug!r})")
        self.places[node] = (sheet.table, rows[0].number)
        self._add(node, RDF.type, cells.choice("kind", KINDS_OF_FRAMEWORK))
        self._names(cells, node, SKOS.prefLabel)
        self._add(node, AISTD.versionOf, self._reference(cells, "series", "framework", AISTD.FrameworkSeries))
        self._add(node, AISTD.previousVersion, self._reference(cells, "previous_version", "framework", AISTD.Framework))
        for followed in cells.lines("follows"):
            self._add(node, AISTD.follows, self._known(cells, "follows", followed, "framework", AISTD.Framework))
        self._add(node, AISTD.editionStatus, cells.choice("edition", EDITIONS))
        self._add(node, AISTD.describedIn, self._reference(cells, "described_in", "document", AISTD.Document))
        self._add(node, AISTD.jurisdiction, self._reference(cells, "jurisdiction", "jurisdiction", AISTD.Jurisdiction))
        self._citations(cells, node, _source_columns(FRAMEWORK))

    def _categories(self, sheet: Sheet) -> None:
        rows = sheet.rows
        levels: dict = {}
        codes: dict[str, int] = {}
        for row in rows:  # keys first: a parent may come after its child
            cells = Cells(CATEGORIES, row, [])
            key, level = cells.slug("key"), cells.integer("level")
            if key and key not in self.keys:
                self.keys[key], levels[key] = row.number, level
        for row in self.track(rows, "categories"):
            cells = Cells(CATEGORIES, row, self.problems)
            key = cells.slug("key")
            if key and self.keys.get(key) != row.number:
                cells.problem("key", f"duplicate key {key!r}: row {self.keys[key]} has it too")
            node = naming.iri("category", f"{self.slug}-{key}")
            self.places[node] = (sheet.table, row.number)
            self._add(node, RDF.type, AISTD.Category)
            self._add(node, SKOS.inScheme, self.framework)
            level = cells.integer("level")
            self._add(node, AISTD.level, level)
            depth = int(level) if level is not None else None
            parent = cells.slug("parent", required=depth is not None and depth > 1)
            if parent and depth == 1:
                cells.problem("parent", f"a level-1 category has no parent, but {parent!r} is given")
            elif parent and parent not in self.keys and not self._defined(self._category(parent), AISTD.Category):
                cells.problem("parent", f"unknown parent {parent!r}: no category of this framework has that key")
            elif parent and depth is not None and levels.get(parent) is not None and int(levels[parent]) != depth - 1:
                cells.problem("level", f"level {depth} does not fit under parent {parent!r} of level {levels[parent]}: "
                                       "a category is one level below its parent")
            self._add(node, SKOS.broader, self._category(parent) if parent else None)
            self._add(node, SKOS.topConceptOf, self.framework if depth == 1 else None)
            self._add(node, AISTD.position, cells.integer("position"))
            self._add(node, AISTD.rowNumber, cells.integer("row"))
            if code := cells.text("code"):
                if code in codes:
                    cells.problem("code", f"duplicate code {code!r}: row {codes[code]} has it too")
                codes.setdefault(code, row.number)
                self._add(node, SKOS.notation, Literal(code))
            if cells.flag("code_inferred"):
                self._add(node, AISTD.notationInferred, Literal(True))
            self._names(cells, node, SKOS.prefLabel)
            for name in cells.lines("alt_names_zh"):
                self._add(node, SKOS.altLabel, Literal(name, lang="zh"))
            for language in ("zh", "en"):
                if scope := cells.text(f"scope_{language}"):
                    self._add(node, SKOS.scopeNote, Literal(scope, lang=language))
            self._notes(cells, node)
            self._citations(cells, node, _source_columns(CATEGORIES))

    def _standards(self, sheet: Sheet) -> None:
        keys: dict[str, int] = {}
        numbers: dict[int, int] = {}
        for row in self.track(sheet.rows, "standards"):
            cells = Cells(STANDARDS, row, self.problems)
            key, kind = cells.slug("key"), cells.choice("kind", KINDS_OF_STANDARD)
            if key in keys:
                cells.problem("key", f"duplicate key {key!r}: row {keys[key]} has it too")
            keys.setdefault(key, row.number)
            planned = kind == AISTD.PlannedStandard
            node = naming.iri("planned", f"{self.slug}-{key}") if planned else naming.iri("standard", key)
            self.places[node] = (sheet.table, row.number)
            self._add(node, RDF.type, kind)
            if (number := cells.integer("list_number")) is not None:
                if int(number) in numbers:
                    cells.problem("list_number", f"duplicate list number {number}: row {numbers[int(number)]} has it too")
                numbers.setdefault(int(number), row.number)
                self._add(node, AISTD.listNumber, number)
            identifier = cells.text("identifier", required=kind == AISTD.Standard)
            if identifier and kind != AISTD.Standard:
                cells.problem("identifier", "only a standard (kind standard) has an identifier")
            self._add(node, DCTERMS.identifier, Literal(identifier) if identifier else None)
            self._names(cells, node, RDFS.label)
            self._add(node, AISTD.englishTitleKind, cells.choice("english_title", ENGLISH_TITLES))
            category = cells.slug("category", required=planned)
            if category and category not in self.keys and not self._defined(self._category(category), AISTD.Category):
                cells.problem("category", f"unknown category {category!r}: no category of this framework has that key")
            self._add(node, AISTD.classifiedUnder, self._category(category) if category else None)
            urgency = cells.stars("urgency")
            if urgency is not None and not planned:
                cells.problem("urgency", "only a planned standard has an urgency")
            self._add(node, AISTD.urgency, urgency)
            self._add(node, AISTD.urgencyNotStated, Literal(True) if planned and urgency is None else None)
            self._add(node, DCTERMS.issued, cells.date("issued"))
            self._notes(cells, node)
            self._citations(cells, node, _source_columns(STANDARDS))
            self._status(cells, node)

    def _status(self, cells: Cells, node: URIRef) -> None:
        since, as_of = cells.date("status_since"), cells.date("status_as_of")
        dated = since is not None or as_of is not None
        status = cells.choice("status", STATUSES, required=dated)
        self._add(node, AISTD.status, status)
        if since is not None and as_of is not None:
            cells.problem("status_as_of", "give status_since or status_as_of, not both")
        if not dated:
            if cells.text("status_source"):
                cells.problem("status_source", "locates a dated status, but no status_since or status_as_of is given")
            return
        if status is None:
            return
        date = since if since is not None else as_of
        record = naming.status_record(node, status, since is not None, str(date))
        self._add(record, RDF.type, AISTD.StatusRecord)
        self._add(record, AISTD.statusOf, node)
        self._add(record, AISTD.status, status)
        self._add(record, AISTD.statusSince if since is not None else AISTD.statusAsOf, date)
        self._citations(cells, record, {"status_source": None})

    # --- cells to triples ---------------------------------------------------------------

    def _add(self, subject, predicate, value) -> None:
        if value is not None:
            self.graph.add((subject, predicate, value))

    def _names(self, cells: Cells, node: URIRef, predicate: URIRef) -> None:
        for language in ("zh", "en"):
            if name := cells.text(f"name_{language}"):
                self._add(node, predicate, Literal(name, lang=language))

    def _notes(self, cells: Cells, node: URIRef) -> None:
        for note in cells.lines("notes"):
            self._add(node, AISTD.sourceNote, Literal(note, lang="en"))

    def _citations(self, cells: Cells, node: URIRef, columns: dict) -> None:
        """One citation per locator of each source column, into the row's document; at least one in all."""
        document = self._reference(cells, "document", "document", AISTD.Document)
        located = [(locator, supports) for column, supports in columns.items() for locator in cells.lines(column)]
        if not located:
            cells.problem(next(iter(columns)), f"missing {cells.table.column(next(iter(columns))).title}")
        for locator, supports in located:
            citation = BNode()
            self._add(node, AISTD.citation, citation)
            self._add(citation, RDF.type, AISTD.Citation)
            self._add(citation, AISTD.citedDocument, document)
            self._add(citation, AISTD.locator, Literal(locator))
            self._add(citation, AISTD.citesFor, supports)

    def _reference(self, cells: Cells, column: str, kind: str, cls: URIRef) -> URIRef | None:
        slug = cells.slug(column)
        return self._known(cells, column, slug, kind, cls) if slug else None

    def _known(self, cells: Cells, column: str, slug: str, kind: str, cls: URIRef) -> URIRef | None:
        node = naming.iri(kind, slug)
        if not self._defined(node, cls):
            cells.problem(column, f"unknown {cells.table.column(column).title} {slug!r}: "
                                  f"data/ defines no {cls.fragment} {naming.prefixed(kind, slug)}")
            return None
        return node

    def _defined(self, node: URIRef, cls: URIRef) -> bool:
        """Whether the data already defines the node as an instance of the class (or of a subclass)."""
        if (node, cls) not in self.defined:
            ask = self.dataset.query("ASK { ?node a/rdfs:subClassOf* ?class }", initBindings={"node": node, "class": cls})
            self.defined[node, cls] = bool(ask.askAnswer)
        return self.defined[node, cls]

    def _category(self, key: str) -> URIRef:
        return naming.iri("category", f"{self.slug}-{key}")


def _source_columns(table: Table) -> dict[str, URIRef | None]:
    """The columns locating a row's citations: source (the node as a whole), then each *_source column of its node,
    with the property it supports (template.py)."""
    return {"source": None} | {column: prop for prop, column in table.cited_fields().items()}


def _write(graph: Graph, out: Path, sources: list[str]) -> Path:
    """Serialize the graph as Turtle with the project's prefixes, atomically."""
    return write_turtle(graph, out, f"# Imported with `aistd-kg import` from {', '.join(sources)}; "
                        "the columns are explained in docs/templates.md.\n\n")
