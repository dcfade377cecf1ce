"""Write a query's answer as a table an analyst opens: CSV (UTF-8 with a byte-order mark, which
spreadsheet programs need to read Chinese) or an XLSX workbook (whole numbers as numbers)."""

import csv
import io
import re
from pathlib import Path

import openpyxl

from ..errors import InputError
from ..files import replacing, write_text

WHOLE_NUMBER = re.compile(r"-?[0-9]{1,15}")


def write_table(header: list[str], rows: list[list[str]], path: Path, title: str) -> None:
    """Write header and rows to path (.csv or .xlsx) atomically; title names the workbook's sheet.

    :raises InputError: path has another extension.
    """
    suffix = path.suffix.lower()
    if suffix == ".csv":
        text = io.StringIO()
        csv.writer(text, lineterminator="\n").writerows([header, *rows])
        write_text(path, "\ufeff" + text.getvalue())
    elif suffix == ".xlsx":
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.title = title[:31]
        sheet.append(header)
        for row in rows:
            sheet.append([int(value) if WHOLE_NUMBER.fullmatch(value) else value for value in row])
        sheet.freeze_panes = "A2"
        with replacing(path) as temporary:
            workbook.save(temporary)
    else:
        raise InputError(f"{path}: write a table as .csv or .xlsx")
