"""Faceted lists: the rows of a named query grouped by entity, filtered by the facets chosen, counted, sorted, paged.

A list's query answers one row per property value (queries/lists-*.rq): the rows of one entity are merged
into one, each column holding the set of its values. Within a facet the values chosen are alternatives,
between facets they must all hold. A facet's counts are taken over the rows the other facets let through,
so each count is the number of rows choosing that value as well would give.
"""

import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

PAGE_SIZE = 50


@dataclass(frozen=True)
class Column:
    """A column of a list: a variable of its query, with its heading in each language.

    facet: the list can be filtered by it (its URL parameter is the variable's name); iri: its values are IRIs,
    shown by their labels; numeric: sorted as numbers; names: the words shown for coded values, {value: (zh, en)};
    shown: a column of the table (else only a facet); localized: its values are those of the query's variables
    <name>Zh and <name>En, in the language chosen, else the other one.
    """

    name: str
    zh: str
    en: str
    facet: bool = False
    iri: bool = False
    numeric: bool = False
    names: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    shown: bool = True
    localized: bool = False


@dataclass(frozen=True)
class Listing:
    """A list page: its named query, the variable that identifies a row's entity, its headings, its columns, the
    column it is sorted by unless asked otherwise (descending: highest first), the column that orders rows the sort
    leaves level, and the variable of the entity its titles link to (else the key)."""

    query: str
    key: str
    zh: str
    en: str
    columns: tuple[Column, ...]
    sort: str
    descending: bool = False
    then: str = ""
    link: str = ""

    def column(self, name: str) -> Column:
        """The column of that name.

        :raises KeyError: the list has none.
        """
        return {column.name: column for column in self.columns}[name]

    @property
    def facets(self) -> tuple[Column, ...]:
        return tuple(column for column in self.columns if column.facet)


Row = dict[str, set[str]]


def merge(rows: Iterable[Mapping[str, str]], key: str) -> list[Row]:
    """The query's rows merged by entity (the key variable), in the order each entity first appears."""
    merged: dict[str, Row] = {}
    for row in rows:
        entity = merged.setdefault(row[key], {})
        for name, value in row.items():
            entity.setdefault(name, set()).add(value)
    return list(merged.values())


@dataclass
class Selection:
    """What the URL asks of a list: the values chosen in each facet, the sort column and direction, the page."""

    chosen: dict[str, list[str]]
    sort: str
    descending: bool
    page: int

    @classmethod
    def of(cls, listing: Listing, args) -> "Selection":
        """The selection in a request's arguments (a MultiDict); unknown sorts and pages fall back to the defaults."""
        chosen = {column.name: values for column in listing.facets if (values := args.getlist(column.name))}
        sort = args.get("sort", "")
        if sort not in {column.name for column in listing.columns}:
            sort, descending = listing.sort, listing.descending
        else:
            descending = args.get("order") == "desc"
        page = args.get("page", "1")
        return cls(chosen, sort, descending, int(page) if page.isdigit() and int(page) > 0 else 1)

    def admits(self, row: Row, but: str = "") -> bool:
        """Whether the row has one of the chosen values of every facet (but the one named)."""
        return all(row.get(name, set()) & set(values) for name, values in self.chosen.items() if name != but)


def filtered(rows: list[Row], selection: Selection) -> list[Row]:
    return [row for row in rows if selection.admits(row)]


def counts(rows: list[Row], selection: Selection, column: Column) -> Counter:
    """How many rows each value of a facet would keep, the other facets' choices applied."""
    return Counter(value for row in rows if selection.admits(row, but=column.name) for value in row.get(column.name, ()))


def ordered(rows: list[Row], column: Column, descending: bool, shown: Callable[[Row, Column], str]) -> list[Row]:
    """Rows sorted by a column (numbers as numbers, else by the text shown); rows without a value come last."""
    def key(row: Row):
        if column.numeric:
            return min(float(value) for value in row[column.name])
        return shown(row, column).casefold()

    present = [row for row in rows if row.get(column.name)]
    return sorted(present, key=key, reverse=descending) + [row for row in rows if not row.get(column.name)]


def page_of(rows: list[Row], page: int) -> tuple[list[Row], int, int]:
    """The rows of one page, its number (the last page if the one asked for is beyond it) and the number of pages."""
    pages = max(1, math.ceil(len(rows) / PAGE_SIZE))
    page = min(page, pages)
    return rows[(page - 1) * PAGE_SIZE:page * PAGE_SIZE], page, pages
