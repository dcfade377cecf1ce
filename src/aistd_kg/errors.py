"""The errors the command line turns into exit codes (README, "Exit codes").

An InputError (a file that does not parse, a missing build, a bad option value) exits with 2;
InvalidData (violations, an inconsistency, a query that failed) exits with 1. Each module's own
errors derive from one of them; cli.py maps them in one place.
"""


class KnowledgeGraphError(Exception):
    """An error the command line reports in one line, with its exit code."""

    exit_code = 1
    prefix = ""  # what the line starts with

    def report(self) -> str:
        """The line the command line prints."""
        return f"{self.prefix}{self}"


class InputError(KnowledgeGraphError):
    """What was given cannot be used: a usage or input error."""

    exit_code = 2
    prefix = "error: "


class InvalidData(KnowledgeGraphError):
    """The data is invalid (violations, inconsistency) or a query failed; its message says what was refused."""

    exit_code = 1


class MissingBuild(InputError):
    """The command needs the built graph, and there is none."""

    def __init__(self, artifact):
        super().__init__(f"{artifact} does not exist: run 'aistd-kg build' first")
