"""How long the reliability suite runs: fast in `make test`, long with AISTD_KG_LONG=1 (`make reliability`)."""

import os

LONG = os.environ.get("AISTD_KG_LONG") == "1"
FIGURES = os.environ.get("AISTD_KG_FIGURES")  # where the figures for REPORT.md are written, if anywhere


def scaled(fast, long):
    """The fast figure in a normal run, the long one with AISTD_KG_LONG=1."""
    return long if LONG else fast
