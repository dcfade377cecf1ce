"""What a query comes back as (an Answer), and how a refusal is told to the client.

Every error the server sends has the same JSON body,
``{"error": "<code>", "message": "<for people>", ...details}``, whichever part of the server
refused: the protocol layer, the query guard in a worker, or the worker pool.
"""

import json
from collections.abc import Iterator
from dataclasses import dataclass

ERROR_TYPE = "application/json"


@dataclass(frozen=True)
class Answer:
    """An HTTP answer in plain data, so that it can cross from a worker process."""

    status: int
    content_type: str
    body: bytes
    error: str | None = None
    retry_after: int | None = None  # seconds, for a refusal under load (503 busy)


@dataclass
class Streamed:
    """A successful answer whose body arrives in chunks."""

    content_type: str
    chunks: Iterator[bytes]


class Refusal(Exception):
    """A request the server will not run, with the status and code to tell the client."""

    def __init__(self, status: int, code: str, message: str, retry_after: int | None = None, **details):
        super().__init__(message)
        self.status, self.code, self.message, self.details = status, code, message, details
        self.retry_after = retry_after

    def answer(self) -> Answer:
        body = {"error": self.code, "message": self.message, **self.details}
        return Answer(self.status, ERROR_TYPE, json.dumps(body, ensure_ascii=False).encode("utf-8"), self.code,
                      self.retry_after)
