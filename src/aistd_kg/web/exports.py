"""A table (a header and rows of text) as a CSV or XLSX download, written as the command line writes it
(publish/tables.py)."""

from flask import Response

from ..publish.tables import MEDIA_TYPES, table_bytes


def download(table: list[list[str]], fmt: str, name: str) -> Response:
    """The table as a file named name.<fmt> (fmt: one of publish.tables.FORMATS)."""
    return Response(table_bytes(table[0], table[1:], fmt, name), content_type=MEDIA_TYPES[fmt],
                    headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'})
