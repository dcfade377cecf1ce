"""Read the cells of one template row into RDF values, noting every problem by sheet, row and column."""

import re
from dataclasses import dataclass
from datetime import date

from rdflib import Literal
from rdflib.namespace import XSD

from . import naming
from .sheets import Row
from .template import FORMATS, Table

DATE = re.compile(r"^(\d{4})(-(0[1-9]|1[0-2])(-(\d{2}))?)?$")
STARS = re.compile(r"^★{1,4}$")


@dataclass(frozen=True, order=True)
class Problem:
    """What is wrong with one cell, in plain words."""

    sheet: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"sheet {self.sheet}, row {self.row}, column {self.column}: {self.message}"


class Cells:
    """One row of a table, read column by column; a bad or missing value becomes a Problem."""

    def __init__(self, table: Table, row: Row, problems: list[Problem]):
        self.table, self.row, self.problems = table, row, problems

    def problem(self, column: str, message: str) -> None:
        self.problems.append(Problem(self.table.name, self.row.number, column, message))

    def text(self, column: str, required: bool | None = None) -> str:
        """The cell's text; a required cell that is empty is a problem."""
        value = self.row.cells.get(column, "")
        if required is None:
            required = self.table.column(column).required == "yes"
        if required and not value:
            self.problem(column, f"missing {self.table.column(column).title}")
        return value

    def lines(self, column: str, required: bool | None = None) -> list[str]:
        """The cell's entries, one per line."""
        return [line.strip() for line in self.text(column, required).split("\n") if line.strip()]

    def slug(self, column: str, required: bool | None = None) -> str:
        value = self.text(column, required)
        if value and not naming.SLUG.match(value):
            self.problem(column, f"{value!r} is not a slug: write {FORMATS['slug']}")
            return ""
        return value

    def integer(self, column: str, required: bool | None = None) -> Literal | None:
        value = self.text(column, required)
        if not value:
            return None
        if not value.isdigit() or int(value) < 1:
            self.problem(column, f"{value!r} is not a whole number from 1")
            return None
        return Literal(int(value))

    def date(self, column: str) -> Literal | None:
        """A date as precise as written: YYYY (xsd:gYear), YYYY-MM (xsd:gYearMonth) or YYYY-MM-DD (xsd:date)."""
        value = self.text(column)
        if not value:
            return None
        match = DATE.match(value)
        if not match:
            self._bad_date(column, value)
            return None
        if not match.group(5):
            return Literal(value, datatype=XSD.gYearMonth if match.group(3) else XSD.gYear)
        try:
            date.fromisoformat(value)
        except ValueError:
            self._bad_date(column, value)
            return None
        return Literal(value, datatype=XSD.date)

    def choice(self, column: str, choices: dict, required: bool | None = None):
        """The RDF term a choice stands for."""
        value = self.text(column, required)
        if value and value not in choices:
            self.problem(column, f"unknown {self.table.column(column).title} {value!r}: write one of {', '.join(choices)}")
            return None
        return choices.get(value)

    def flag(self, column: str) -> bool:
        value = self.text(column)
        if value not in ("", "yes"):
            self.problem(column, f"{value!r}: write yes, or leave the cell empty")
        return value == "yes"

    def stars(self, column: str) -> Literal | None:
        """An urgency: 1 to 4 stars, written as a number or as stars."""
        value = self.text(column)
        if not value:
            return None
        if STARS.match(value):
            return Literal(len(value))
        if value in ("1", "2", "3", "4"):
            return Literal(int(value))
        self.problem(column, f"bad urgency {value!r}: write 1 to 4, as a number or as stars (★★★)")
        return None

    def _bad_date(self, column: str, value: str) -> None:
        self.problem(column, f"bad date {value!r}: write {FORMATS['date']}")
