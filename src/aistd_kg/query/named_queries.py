"""Competency queries: one SPARQL file each, with a header naming its title and parameters.

Header lines, before the query, each in English and (``@zh``) in Chinese:
    # title: Sub-areas of a part
    # title@zh: 某一部分下的子领域
    # description: The sub-areas the guide lists under one of its parts.
    # description@zh: 指南在其某一部分下列出的子领域。
    # param: part iri https://w3id.org/aistd-kg/id/category/cn-ai-industry-guide-draft-3
    # param@zh: part 部分
A ``param@zh`` line names a parameter and gives its Chinese label. Where a Chinese line is
missing the English text stands in. Parameters are bound as RDF terms (never spliced into
the text); the default binds when no value is given.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from rdflib import Literal, URIRef, Variable
from rdflib.namespace import XSD

from ..errors import InputError
from .guard import check
from .parameters import bound_text
from .terms import engine_terms

HEADER = re.compile(r"^#\s*(title|description|param)(@zh)?:\s*(.*?)\s*$")
IRI_FORBIDDEN = re.compile(r'[\s<>"{}|^`\\]')
KINDS = ("iri", "string", "integer", "date")


class ParameterError(InputError, ValueError):
    """A parameter value that is not valid for its declared kind, or an unknown parameter."""


class QueryFileError(InputError, ValueError):
    """A query file whose header cannot be read: no title, or a malformed or repeated parameter."""


@dataclass(frozen=True)
class Parameter:
    """A typed query parameter with its default."""

    name: str
    kind: str
    default: str
    label_zh: str = ""

    def label(self, language: str) -> str:
        """The parameter's label in the language: its Chinese label, or its name."""
        return self.label_zh if language == "zh" and self.label_zh else self.name

    def term(self, text: str):
        """Turn a text value into the RDF term this parameter binds."""
        if self.kind == "iri":
            if not re.match(r"^[a-z][a-z0-9+.-]*:", text, re.I) or IRI_FORBIDDEN.search(text):
                raise ParameterError(f"parameter {self.name!r} needs an absolute IRI, got {text!r}")
            return URIRef(text)
        if self.kind == "integer":
            if not re.fullmatch(r"[+-]?[0-9]+", text):
                raise ParameterError(f"parameter {self.name!r} needs an integer, got {text!r}")
            return Literal(int(text))
        if self.kind == "date":
            try:
                return Literal(date.fromisoformat(text), datatype=XSD.date)
            except ValueError:
                raise ParameterError(f"parameter {self.name!r} needs a date YYYY-MM-DD, got {text!r}") from None
        return Literal(text)


@dataclass(frozen=True)
class NamedQuery:
    """A query file: its name (file stem), header and SPARQL text."""

    name: str
    title: str
    description: str
    parameters: tuple[Parameter, ...]
    text: str
    title_zh: str = ""
    description_zh: str = ""

    @classmethod
    def from_file(cls, path: Path) -> "NamedQuery":
        text = path.read_text(encoding="utf-8")
        fields: dict[str, str] = {}
        parameters: dict[str, Parameter] = {}
        for line in text.splitlines():
            match = HEADER.match(line)
            if not match:
                continue
            key, chinese, value = match.groups()
            if key != "param":
                fields[key + (chinese or "")] = value
            elif chinese:
                name, _, label = value.partition(" ")
                if name not in parameters:
                    raise QueryFileError(f"{path}: '# param@zh: {value}' names no parameter declared above it")
                parameters[name] = replace(parameters[name], label_zh=label.strip())
            else:
                parameter = _parameter(path, value)
                if parameter.name in parameters:
                    raise QueryFileError(f"{path}: the parameter {parameter.name!r} is declared twice")
                parameters[parameter.name] = parameter
        if "title" not in fields:
            raise QueryFileError(f"{path}: the header has no '# title:' line")
        return cls(path.stem, fields["title"], fields.get("description", ""), tuple(parameters.values()), text,
                   fields.get("title@zh", ""), fields.get("description@zh", ""))

    def title_in(self, language: str) -> str:
        """The title in the language ("zh" or "en"); the English one where there is no Chinese."""
        return self.title_zh if language == "zh" and self.title_zh else self.title

    def description_in(self, language: str) -> str:
        """The description in the language; the English one where there is no Chinese."""
        return self.description_zh if language == "zh" and self.description_zh else self.description

    def terms(self, values: dict[str, str] | None = None) -> dict[str, object]:
        """The RDF terms to bind by parameter name (rdflib terms), from the given values or the defaults.

        :raises ParameterError: a name the query has no parameter for, or a value that does not fit its kind.
        """
        values = dict(values or {})
        known = {p.name for p in self.parameters}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ParameterError(f"query {self.name!r} has no parameter {', '.join(unknown)}")
        return {p.name: p.term(values.get(p.name, p.default)) for p in self.parameters}

    def bindings(self, values: dict[str, str] | None = None) -> dict[Variable, object]:
        """The same terms by variable, as rdflib's initBindings takes them."""
        return {Variable(name): term for name, term in self.terms(values).items()}

    def engine_bindings(self, values: dict[str, str] | None = None) -> dict:
        """The same terms as the engine takes them (terms.py)."""
        return engine_terms(self.terms(values))

    def text_with_defaults(self) -> str:
        """The text with the default parameters bound as /queries/<name> binds them (parameters.py): for the
        editor to show and for another engine to run."""
        return bound_text(check(self.text, None, None).form, self.text, self.engine_bindings())


def _parameter(path: Path, spec: str) -> Parameter:
    parts = spec.split(None, 2)
    if len(parts) != 3 or parts[1] not in KINDS:
        raise QueryFileError(f"{path}: a '# param:' line reads 'name kind default' with kind in {KINDS}, got {spec!r}")
    return Parameter(*parts)


def load_queries(folder: Path) -> dict[str, NamedQuery]:
    """Every query file in the folder, by name, in the order of their names."""
    return {q.name: q for q in map(NamedQuery.from_file, sorted(folder.glob("*.rq"), key=lambda path: path.stem))}


def find_query(name: str, folder: Path) -> NamedQuery:
    """The query in a .rq file, or the named query of this name in folder.

    :raises InputError: there is no such query.
    """
    path = Path(name)
    if path.suffix == ".rq":
        if not path.is_file():
            raise InputError(f"{path}: no such query file")
        return NamedQuery.from_file(path)
    found = load_queries(folder).get(name)
    if found is None:
        raise InputError(f"no query named {name!r} in {folder.name}/")
    return found


def parse_values(assignments: Iterable[str]) -> dict[str, str]:
    """NAME=VALUE assignments (the command line's -p) as a dictionary.

    :raises ParameterError: an assignment has no '=' or no name.
    """
    values = {}
    for assignment in assignments:
        name, equals, value = assignment.partition("=")
        if not equals or not name:
            raise ParameterError(f"a parameter reads NAME=VALUE, got {assignment!r}")
        values[name] = value
    return values


def run(query: NamedQuery, graph, values: dict[str, str] | None = None):
    """Run the query on an rdflib graph or dataset with its parameters bound."""
    return graph.query(query.text, initBindings=query.bindings(values))


def result_rows(result) -> list[list[str]]:
    """A SELECT result as rows of lexical forms ('' for unbound); an ASK as [['true'|'false']]."""
    if result.type == "ASK":
        return [[str(bool(result.askAnswer)).lower()]]
    return [["" if value is None else str(value) for value in row] for row in result]


def render_query_index(queries: dict[str, NamedQuery], markdown: bool = False) -> str:
    """One line per query: name, title and parameters; as a Markdown table when asked."""
    def params(query: NamedQuery) -> str:
        return ", ".join(f"{p.name} ({p.kind})" for p in query.parameters)

    if not markdown:
        return "\n".join(f"{q.name}: {q.title}" + (f" [{params(q)}]" if q.parameters else "") for q in queries.values())
    rows = [f"| `{q.name}` | {q.title} | {params(q)} |" for q in queries.values()]
    return "\n".join(["| query | question | parameters |", "|---|---|---|", *rows])
