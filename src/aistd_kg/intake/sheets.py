"""Read and write the template's tables as CSV files or as the sheets of an XLSX workbook.

Reading is bounded, so that no file can take the machine's memory or time: a file of at
most MAX_FILE_BYTES; a workbook whose parts unpack to at most MAX_UNPACKED_BYTES (checked
from its directory before anything is unpacked); at most MAX_ROWS rows a table and
MAX_CELL_CHARACTERS characters a cell (Excel's own limit). A formula cell is refused as a
formula: the template takes typed values, and a workbook's stored results of formulas may
be missing or stale.
"""

import csv
import datetime
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

from ..errors import InputError
from .template import TABLES

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_ROWS = 20_000
MAX_CELL_CHARACTERS = 32_767


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
    if path.stat().st_size > MAX_FILE_BYTES:
        raise TemplateFileError(f"{path}: larger than {MAX_FILE_BYTES // 2**20} MiB, the most a template may be")
    if path.suffix.lower() == ".xlsx":
        return _read_workbook(path)
    if path.suffix.lower() == ".csv":
        table = path.stem.rsplit(".", 1)[-1]
        if table not in TABLES:
            raise TemplateFileError(f"{path}: name a CSV file <anything>.<table>.csv, with table one of {', '.join(TABLES)}")
        with open(path, newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            try:
                return [_sheet(table, path.name, _bounded(reader, path.name))]
            except csv.Error as error:  # among others, a cell over the csv module's own limit of 131,072
                raise TemplateFileError(f"{path}, line {reader.line_num}: not readable as CSV ({error})") from None
            except UnicodeDecodeError as error:
                raise TemplateFileError(f"{path}: not UTF-8 text ({error})") from None
    raise TemplateFileError(f"{path}: a template is a .csv or .xlsx file")


def _read_workbook(path: Path) -> list[Sheet]:
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
        if unpacked > MAX_UNPACKED_BYTES:
            raise TemplateFileError(f"{path}: its parts unpack to {unpacked:,} bytes, more than the "
                                    f"{MAX_UNPACKED_BYTES // 2**20} MiB a template may hold")
        workbook = openpyxl.load_workbook(path, read_only=True)
    except (zipfile.BadZipFile, InvalidFileException, OSError, KeyError, ValueError) as error:
        raise TemplateFileError(f"{path}: not a readable XLSX workbook ({error})") from None
    try:
        unknown = [name for name in workbook.sheetnames if name not in TABLES]
        if unknown:
            raise TemplateFileError(f"{path}: unknown sheet {unknown[0]!r}; the sheets are {', '.join(TABLES)}")
        sheets = []
        for name in workbook.sheetnames:
            origin = f"{path.name}, sheet {name}"
            rows = ([_cell(cell, origin, number) for cell in row]
                    for number, row in enumerate(workbook[name].iter_rows(), start=1))
            sheets.append(_sheet(name, origin, _bounded(rows, origin)))
        return sheets
    finally:
        workbook.close()


def _bounded(rows, origin: str) -> list[list[str]]:
    """The rows (the header and at most MAX_ROWS more), each cell at most MAX_CELL_CHARACTERS long."""
    lines: list[list[str]] = []
    for number, row in enumerate(rows, start=1):
        if number > MAX_ROWS + 1:
            raise TemplateFileError(f"{origin}: more than {MAX_ROWS:,} rows, the most a table may have; "
                                    "split it into several imports")
        for column, text in enumerate(row, start=1):
            if len(text) > MAX_CELL_CHARACTERS:
                raise TemplateFileError(f"{origin}, row {number}, column {column}: {len(text):,} characters, more "
                                        f"than the {MAX_CELL_CHARACTERS:,} a cell may hold")
        lines.append(row)
    return lines


def _cell(cell, origin: str, row: int) -> str:
    """A cell's text: numbers without a spurious '.0', dates as ISO dates, nothing as ''; a formula is refused."""
    if cell.data_type == "f":
        raise TemplateFileError(f"{origin}, row {row}, column {cell.column_letter}: a formula ({cell.value}); "
                                "type its value instead")
    value = cell.value
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
