"""The spreadsheet template: its tables and columns, in one place for the exporter, the importer and the docs.

A filled template is up to three tables: ``framework`` (the framework version, one row),
``categories`` (one row per category) and ``standards`` (one row per standard or planned
standard of its lists). In an XLSX workbook each is a sheet of that name; as CSV each is a
file named ``<anything>.<table>.csv``.
"""

from dataclasses import dataclass

from rdflib import RDF, RDFS, URIRef
from rdflib.namespace import DCTERMS, SKOS

from ..namespaces import AISTD, AISTDV

# Values of the choice columns, each with the RDF term it stands for.
KINDS_OF_FRAMEWORK = {
    "standard-system guide": AISTD.StandardSystemGuide,
    "governance framework": AISTD.GovernanceFramework,
    "risk management framework": AISTD.RiskManagementFramework,
}
EDITIONS = {
    "consultation draft": AISTDV["edition-consultation-draft"],
    "trial": AISTDV["edition-trial"],
    "final": AISTDV["edition-final"],
}
KINDS_OF_STANDARD = {
    "planned": AISTD.PlannedStandard,
    "standard": AISTD.Standard,
    "item": AISTD.StandardizationItem,
}
STATUSES = {
    "planned": AISTDV["status-planned"],
    "under development": AISTDV["status-under-development"],
    "published": AISTDV["status-published"],
    "in force": AISTDV["status-in-force"],
    "withdrawn": AISTDV["status-withdrawn"],
}
ENGLISH_TITLES = {
    "official": AISTDV["title-official"],
    "translation": AISTDV["title-translation"],
}

# What a kind of column accepts, in the words the docs and the error messages use.
FORMATS = {
    "slug": "lowercase letters, digits and hyphens",
    "text": "any text; line breaks are kept",
    "lines": "one entry per line",
    "integer": "a whole number from 1",
    "date": "YYYY, YYYY-MM or YYYY-MM-DD, as precise as the source",
    "choice": "one of the values listed",
    "flag": "yes, or empty",
    "stars": "1 to 4, as a number or as stars (★★★); empty means the source shows none",
}


@dataclass(frozen=True)
class Column:
    """One column of a table: its header, what it means, whether it must be filled, and its kind."""

    name: str
    title: str
    meaning: str
    kind: str = "text"
    required: str = ""  # empty: optional; "yes": always; otherwise the condition, in words
    choices: tuple[str, ...] = ()
    carries: URIRef | None = None  # the property the column fills, or whose citations it locates
    language: str = ""  # the language of the literals it fills

    @property
    def locates(self) -> bool:
        """Whether the column holds locators of citations (a *_source column) rather than values."""
        return self.name.endswith("_source")


@dataclass(frozen=True)
class Table:
    """A table of the template: its name (the sheet), what one row is, and its columns."""

    name: str
    row: str
    columns: tuple[Column, ...]

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)

    def column(self, name: str) -> Column:
        return next(column for column in self.columns if column.name == name)

    def properties(self) -> dict[URIRef, tuple[str, ...]]:
        """The properties the table's value columns fill (not the node's type), each with the languages of
        its literals (none: any value)."""
        found: dict[URIRef, tuple[str, ...]] = {}
        for column in self.columns:
            if column.carries is not None and column.carries != RDF.type and not column.locates:
                languages = found.get(column.carries, ())
                found[column.carries] = languages + ((column.language,) if column.language else ())
        return found

    def cited_fields(self) -> dict[URIRef, str]:
        """The *_source columns of the row's node: property -> the column locating its citations."""
        return {column.carries: column.name for column in self.columns if column.locates and column.carries is not None}


SOURCE_COLUMNS = (
    Column("document", "cited document", "the source document the row's citations point into: the slug of a defined document "
           "(doc:<slug>)", "slug", "yes"),
    Column("source", "source", "where in that document the row as a whole comes from (section, table, row): the "
           "locator of each citation", "lines", "unless a *_source column of the row is filled"),
)

FRAMEWORK = Table("framework", "the framework version itself (exactly one row)", (
    Column("framework", "framework", "the version's slug: its IRI is fw:<slug>; `--framework` names it", "slug", "yes"),
    Column("kind", "kind of framework", "what kind of framework it is", "choice", "yes", tuple(KINDS_OF_FRAMEWORK), RDF.type),
    Column("name_zh", "Chinese name", "its Chinese name, as the source prints it", "text", "yes", carries=SKOS.prefLabel,
           language="zh"),
    Column("name_en", "English name", "its English name (a careful translation where the source has none)", "text", "yes",
           carries=SKOS.prefLabel, language="en"),
    Column("series", "series", "the framework series it is a version of: the slug of a defined series", "slug",
           carries=AISTD.versionOf),
    Column("previous_version", "previous version", "the defined version this one revises", "slug", carries=AISTD.previousVersion),
    Column("follows", "framework followed", "a defined framework this one says it follows, one per line", "lines", carries=AISTD.follows),
    Column("follows_source", "source of what it follows", "locators of the citations that show what it follows", "lines",
           carries=AISTD.follows),
    Column("edition", "edition status", "the edition status", "choice", "yes", tuple(EDITIONS), AISTD.editionStatus),
    Column("edition_source", "source of the edition status", "locators of the citations that show the edition status", "lines",
           carries=AISTD.editionStatus),
    Column("described_in", "describing document", "the defined document that sets the framework out", "slug", carries=AISTD.describedIn),
    Column("jurisdiction", "jurisdiction", "the defined jurisdiction it belongs to (place:<slug>)", "slug", carries=AISTD.jurisdiction),
    *SOURCE_COLUMNS,
))

CATEGORIES = Table("categories", "one category of the framework", (
    Column("key", "key", "the category's key, unique in the framework: its IRI is cat:<framework>-<key>", "slug", "yes"),
    Column("parent", "parent", "the key of the broader category", "slug", "when level is more than 1", carries=SKOS.broader),
    Column("level", "level", "its depth: 1 for a top-level part, one more than its parent's below it", "integer", "yes",
           carries=AISTD.level),
    Column("position", "position", "its number among its siblings in the source", "integer", carries=AISTD.position),
    Column("row", "row number", "its row number (序号) in the source table", "integer", carries=AISTD.rowNumber),
    Column("code", "code", "the code the source prints for it, unique in the framework", "text", carries=SKOS.notation),
    Column("code_inferred", "inferred-code flag", "yes when the source does not print the code and it was inferred from an "
           "unambiguous sequence", "flag", carries=AISTD.notationInferred),
    Column("code_source", "source of the code", "locators of the citations that show the code", "lines", carries=SKOS.notation),
    Column("name_zh", "Chinese name", "its Chinese name, as the source prints it", "text", "yes", carries=SKOS.prefLabel,
           language="zh"),
    Column("name_en", "English name", "its English name (a careful translation)", "text", "yes", carries=SKOS.prefLabel,
           language="en"),
    Column("name_source", "source of the name", "locators of the citations that show the name", "lines", carries=SKOS.prefLabel),
    Column("alt_names_zh", "other Chinese names", "other Chinese names the sources use, one per line", "lines", carries=SKOS.altLabel,
           language="zh"),
    Column("scope_zh", "Chinese scope text", "its scope text, the source's words", "text", carries=SKOS.scopeNote,
           language="zh"),
    Column("scope_en", "English scope text", "its scope text in English", "text", carries=SKOS.scopeNote, language="en"),
    Column("scope_source", "source of the scope text", "locators of the citations that show the scope text", "lines",
           carries=SKOS.scopeNote),
    Column("notes", "source notes", "how the source was read (an ambiguity, a misprint kept as printed), in English, one note "
           "per line", "lines", carries=AISTD.sourceNote, language="en"),
    *SOURCE_COLUMNS,
))

STANDARDS = Table("standards", "one standard or planned standard the framework lists", (
    Column("key", "key", "the item's key: a planned standard's IRI is plan:<framework>-<key>, any other item's "
           "std:<key>", "slug", "yes"),
    Column("kind", "kind of item", "planned: a direction of a priority list; standard: a deliverable with an identifier; "
           "item: a standard known only by its title", "choice", "yes", tuple(KINDS_OF_STANDARD), RDF.type),
    Column("list_number", "list number", "its number (序号) in the source's list", "integer", carries=AISTD.listNumber),
    Column("identifier", "identifier", "the identifier exactly as published", "text", "when kind is standard",
           carries=DCTERMS.identifier),
    Column("name_zh", "Chinese title", "its Chinese title, as the source prints it", "text", "yes", carries=RDFS.label,
           language="zh"),
    Column("name_en", "English title", "its English title", "text", "yes", carries=RDFS.label, language="en"),
    Column("english_title", "kind of English title", "whether the English title is the official one or a translation", "choice",
           choices=tuple(ENGLISH_TITLES), carries=AISTD.englishTitleKind),
    Column("category", "category", "the key of the category it is classified under", "slug", "when kind is planned",
           carries=AISTD.classifiedUnder),
    Column("urgency", "urgency", "the urgency the source prints, in stars (planned standards only)", "stars",
           carries=AISTD.urgency),
    Column("status", "status", "its current status", "choice", "when a status date is given", tuple(STATUSES),
           AISTD.status),
    Column("status_since", "status start date", "the date it entered that status (立项, 发布, 实施, 废止 on that date)", "date",
           carries=AISTD.statusSince),
    Column("status_as_of", "status date", "a date at which the source shows it in that status, when the source does not say "
           "since when", "date", carries=AISTD.statusAsOf),
    # the status record's own citations: it carries no property of the standard
    Column("status_source", "source of the dated status", "locators of the citations that show the dated status (same document)",
           "lines", "when a status date is given"),
    Column("issued", "issue date", "its publication date", "date", carries=DCTERMS.issued),
    Column("notes", "source notes", "how the source was read, in English, one note per line", "lines", carries=AISTD.sourceNote,
           language="en"),
    *SOURCE_COLUMNS,
))

TABLES = {table.name: table for table in (FRAMEWORK, CATEGORIES, STANDARDS)}

NOT_CARRIED = (
    "the quotes of citations (aistd:quote): a citation keeps its document and locator",
    "citations that support fields the template has no column for (aistd:citesFor skos:definition, skos:note, "
    "dcterms:description, aistd:sourceNote and the like)",
    "on the framework: descriptions, notes, source notes, targets, figures and principles",
    "on categories: definitions (skos:definition) and notes (skos:note)",
    "on standards: committees, publishers, drafters, types, ICS / CCS codes, implementation dates, and all "
    "status records but one (the one dated in status_since or status_as_of)",
    "anything the build derives (skos:hasTopConcept, skos:narrower, superclass types)",
)


def render_markdown() -> str:
    """The template's documentation, as Markdown (docs/templates.md is this text)."""
    lines = [
        "# Spreadsheet templates",
        "",
        "<!-- Generated by `aistd-kg template docs` from src/aistd_kg/intake/template.py; do not edit. -->",
        "",
        "A filled template is turned into Turtle by `aistd-kg import`; an existing framework is written into",
        "one by `aistd-kg template export`. The template is up to three tables. In an XLSX workbook each is a",
        "sheet named after the table; as CSV (UTF-8) each is a file named `<anything>.<table>.csv`. The first",
        "row holds the column names below, in any order; an empty row is skipped. Several entries in one cell",
        "go on separate lines.",
        "",
        "Kinds of value: " + "; ".join(f"**{kind}**: {meaning}" for kind, meaning in FORMATS.items()) + ".",
    ]
    for table in TABLES.values():
        lines += ["", f"## `{table.name}`: {table.row}", "",
                  "| column | meaning | kind | required | values |", "|---|---|---|---|---|"]
        for column in table.columns:
            values = ", ".join(f"`{choice}`" for choice in column.choices)
            lines.append(f"| `{column.name}` | {column.meaning} | {column.kind} | {column.required} | {values} |")
    lines += ["", "## What the template does not carry", "",
              "An export followed by an import gives back exactly the triples the columns above fill, with",
              "their citations. It leaves out:", ""]
    lines += [f"- {item}" for item in NOT_CARRIED]
    return "\n".join(lines) + "\n"
