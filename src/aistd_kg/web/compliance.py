"""/compliance: the provisions of the laws in the graph, each with how many standards sources tie to it.

Each provision links to the standards that help meet it (the named query
compliance-standards-for-provision as a table, with evidence and its authority) and to the whole
compliance path (compliance-path); a provision with none is marked a gap.
"""

import re

from flask import Blueprint, render_template

from .ui import select

bp = Blueprint("compliance", __name__)
NUMBER = re.compile(r"\d+")


@bp.route("/compliance")
def provisions():
    """The laws and their provisions, in the order of their numbers."""
    laws: dict[str, dict] = {}
    for row in select("compliance-provisions"):
        law = laws.setdefault(row["law"], {"iri": row["law"], "labelZh": row["lawZh"], "labelEn": row["lawEn"], "provisions": []})
        law["provisions"].append(row)
    for law in laws.values():
        law["provisions"].sort(key=_order)
    return render_template("compliance.html", laws=list(laws.values()))


def _order(row: dict[str, str]) -> tuple:
    """Articles by number (9 before 10), annexes after them; Chinese numerals by the label's article number."""
    found = NUMBER.search(row["number"]) or NUMBER.search(row["labelEn"])
    return (row["number"].startswith("Annex"), int(found.group()) if found else 0, row["number"])
