"""A query's answer as a table an analyst opens: CSV (UTF-8 with a byte-order mark, which
spreadsheet programs need to read Chinese) or an XLSX workbook (whole numbers as numbers), as a
file (the command line) or as bytes (the web interface's downloads)."""

import csv
import io
import re
from pathlib import Path

from ..errors import InputError
from ..files import replacing

MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
FORMATS = tuple(MEDIA_TYPES)
WHOLE_NUMBER = re.compile(r"-?[0-9]{1,15}")


def table_bytes(header: list[str], rows: list[list[str]], fmt: str, title: str) -> bytes:
    """The table in fmt (one of FORMATS); title names the workbook's sheet, its header row frozen."""
    if fmt == "csv":
        text = io.StringIO()
        csv.writer(text, lineterminator="\n").writerows([header, *rows])
        return ("\ufeff" + text.getvalue()).encode("utf-8")
    import openpyxl  # here, not above: it may load numpy, whose threads would keep a process from confining itself

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(header)
    for row in rows:
        sheet.append([int(value) if WHOLE_NUMBER.fullmatch(value) else value for value in row])
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def write_table(header: list[str], rows: list[list[str]], path: Path, title: str) -> None:
    """Write header and rows to path (.csv or .xlsx) atomically.

    :raises InputError: path has another extension.
    """
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise InputError(f"{path}: write a table as .csv or .xlsx")
    data = table_bytes(header, rows, fmt, title)
    with replacing(path) as temporary:
        temporary.write_bytes(data)
