"""`python -m aistd_kg`: the aistd-kg command line."""

from .cli import main

main(prog_name="aistd-kg")
