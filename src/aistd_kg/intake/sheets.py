"""Read and write the template's tables as CSV files or as the sheets of an XLSX workbook."""

import csv
import datetime
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

from ..errors import InputError
from .template import TABLES


class TemplateFileError(InputError):
    """A file that is not a readable template: wrong type, unknown table, unknown or missing columns."""


@dataclass(frozen=True)
class Row:
    """One filled row: its number as a spreadsheet shows it (the header is row 1) and its cells."""

    number: int
    cells: dict[str, str]


@dataclass
class Sheet:
    """The rows of one table, and where they were read from."""

    table: str
    origin: str
    rows: list[Row] = field(default_factory=list)


def read_tables(paths: list[Path]) -> dict[str, Sheet]:
    """Read every table in the given CSV and XLSX files; a table may come from one file only."""
    sheets: dict[str, Sheet] = {}
    for path in paths:
        for sheet in _read_file(path):
            if sheet.table in sheets:
                raise TemplateFileError(f"{sheet.origin}: table {sheet.table!r} is also in {sheets[sheet.table].origin}")
            sheets[sheet.table] = sheet
    return sheets


def write_tables(rows: dict[str, list[dict[str, str]]], path: Path) -> list[Path]:
    """Write the tables to one XLSX workbook, or to one CSV file per table (<stem>.<table>.csv)."""
    if path.suffix.lower() == ".xlsx":
        workbook = openpyxl.Workbook()
        workbook.remove(workbook.active)
        for name, table_rows in rows.items():
            sheet = workbook.create_sheet(name)
            headers = TABLES[name].headers
            sheet.append(headers)
            for row in table_rows:
                sheet.append([row.get(header, "") for header in headers])
            for cells in sheet.iter_rows():
                for cell in cells:
                    cell.number_format = "@"  # text: keep "2025-03" and "007" as typed
        workbook.save(path)
        return [path]
    if path.suffix.lower() != ".csv":
        raise TemplateFileError(f"{path}: write a template as .csv or .xlsx")
    written = []
    for name, table_rows in rows.items():
        target = path.with_name(f"{path.stem}.{name}.csv")
        with open(target, "w", newline="", encoding="utf-8-sig") as handle:
            writer = csv.DictWriter(handle, fieldnames=TABLES[name].headers)
            writer.writeheader()
            writer.writerows(table_rows)
        written.append(target)
    return written


def _read_file(path: Path) -> list[Sheet]:
    if not path.is_file():
        raise TemplateFileError(f"{path}: no such file")
    if path.suffix.lower() == ".xlsx":
        return _read_workbook(path)
    if path.suffix.lower() == ".csv":
        table = path.stem.rsplit(".", 1)[-1]
        if table not in TABLES:
            raise TemplateFileError(f"{path}: name a CSV file <anything>.<table>.csv, with table one of {', '.join(TABLES)}")
        with open(path, newline="", encoding="utf-8-sig") as handle:
            return [_sheet(table, path.name, list(csv.reader(handle)))]
    raise TemplateFileError(f"{path}: a template is a .csv or .xlsx file")


def _read_workbook(path: Path) -> list[Sheet]:
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, OSError, KeyError, ValueError) as error:
        raise TemplateFileError(f"{path}: not a readable XLSX workbook ({error})") from None
    try:
        unknown = [name for name in workbook.sheetnames if name not in TABLES]
        if unknown:
            raise TemplateFileError(f"{path}: unknown sheet {unknown[0]!r}; the sheets are {', '.join(TABLES)}")
        return [_sheet(name, f"{path.name}, sheet {name}", [[_cell(v) for v in row] for row in workbook[name].iter_rows(values_only=True)])
                for name in workbook.sheetnames]
    finally:
        workbook.close()


def _cell(value) -> str:
    """A cell's text: numbers without a spurious '.0', dates as ISO dates, nothing as ''."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _sheet(table: str, origin: str, lines: list[list[str]]) -> Sheet:
    sheet = Sheet(table, origin)
    if not lines:
        raise TemplateFileError(f"{origin}: empty; the first row names the columns")
    headers = [header.strip() for header in lines[0]]
    while headers and not headers[-1]:
        headers.pop()
    known = TABLES[table].headers
    unknown = [header for header in headers if header not in known]
    if unknown:
        raise TemplateFileError(f"{origin}: unknown column {unknown[0]!r}; the columns of {table} are {', '.join(known)}")
    missing = [column.name for column in TABLES[table].columns if column.required == "yes" and column.name not in headers]
    if missing:
        raise TemplateFileError(f"{origin}: no column {missing[0]!r}, which {table} needs")
    for number, line in enumerate(lines[1:], start=2):
        cells = {header: (line[i] if i < len(line) else "").replace("\r\n", "\n").strip() for i, header in enumerate(headers)}
        if any(cells.values()):
            sheet.rows.append(Row(number, cells))
    return sheet
