"""A table (a header and rows of text) as a CSV or XLSX download."""

import csv
import io

from flask import Response

FORMATS = {"csv": "text/csv; charset=utf-8",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def download(table: list[list[str]], fmt: str, name: str) -> Response:
    """The table as a file named name.<fmt> (fmt: one of FORMATS)."""
    body = _csv(table) if fmt == "csv" else _xlsx(table, name)
    return Response(body, content_type=FORMATS[fmt],
                    headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'})


def _csv(table: list[list[str]]) -> bytes:
    text = io.StringIO()
    csv.writer(text).writerows(table)
    return text.getvalue().encode("utf-8")


def _xlsx(table: list[list[str]], name: str) -> bytes:
    """One sheet (named after the file), its header row frozen. openpyxl is imported here: it may load numpy,
    whose threads would keep a process that imported the web app from confining itself (query/sandbox.py)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(name[:31])
    sheet.freeze_panes = "A2"
    for row in table:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
