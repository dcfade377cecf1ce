"""The entry point of the aistd-kg console script, which imports the command line only when it runs.

A query worker starts by importing the main module of the process that started it (multiprocessing's
forkserver does so): for the server, the console script, whose one import is this module. Were it
cli.py, every worker would first load rdflib, pySHACL and the rest of the command line.
"""


def main() -> None:
    """Run the aistd-kg command line."""
    from .cli import main as command_line

    command_line()
