"""What runs the queries the server accepts: the local pool of query workers, or an external store."""

from typing import Protocol

from .answers import Answer, Streamed
from .engine import Job


class Backend(Protocol):
    """Answers jobs within the limits: query/pool.py's Pool and store/remote.py's RemoteStore."""

    @property
    def alive(self) -> int:
        """How many local query workers are running (none for an external store)."""
        ...

    @property
    def offline(self) -> bool:
        """Whether the query workers are cut off the network."""
        ...

    def run(self, job: Job, own: bool = False) -> Answer | Streamed:
        """The job's answer; a refusal's answer for anything refused, never an exception.

        own: one of the server's own queries (pages, lookups), admitted ahead of clients' queries.
        """
        ...

    def close(self) -> None:
        """Stop what runs the queries."""
        ...
