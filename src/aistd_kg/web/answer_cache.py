"""Answers kept in memory, and the validators that let clients and caches reuse them.

The data served do not change between publications, so an answer is a function of the key
(the store's digest, the query text, its dataset, its bound parameters, the base IRI and
the formats negotiated). The key's hash is the answer's ETag — weak, since the gzip-encoded
body shares it — so a GET whose ``If-None-Match`` names it is answered 304 before anything
runs, and a repeated query is answered from memory. A new publication changes the digest,
so nothing of an old store is ever served again. Only complete 200 answers of at most
MAX_ENTRY_BYTES are kept, least recently used first out, within ``max_bytes`` a process (their
gzip-compressed bodies counted too).

An answer worth compressing (gzip_minimum bytes or more) is kept with its gzip-compressed body,
compressed once when it is kept, so a repeated answer costs no compression.
"""

import gzip
import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass

from ..query.answers import Answer

MAX_ENTRY_BYTES = 1024 * 1024
CACHE_CONTROL = "no-cache"  # caches may keep an answer but must ask again (a 304 when unchanged): a reload shows at once


def etag(key: tuple) -> str:
    """The entity tag of the answer to a key (sent weak: W/"…")."""
    return hashlib.sha256(repr(key).encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True)
class Kept:
    """A kept answer and, when it is worth compressing, its body gzip-compressed."""

    answer: Answer
    gzipped: bytes | None

    @property
    def size(self) -> int:
        return len(self.answer.body) + len(self.gzipped or b"")


class AnswerCache:
    """A least-recently-used map from keys to complete answers, bounded in bytes; safe across threads."""

    def __init__(self, max_bytes: int, gzip_minimum: int):
        self.max_bytes, self.gzip_minimum, self.size = max_bytes, gzip_minimum, 0
        self._answers: OrderedDict[tuple, Kept] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> Kept | None:
        with self._lock:
            answer = self._answers.get(key)
            if answer is not None:
                self._answers.move_to_end(key)
            return answer

    def put(self, key: tuple, answer: Answer) -> Kept | None:
        """Keep a complete 200 answer small enough to keep, and return it as kept; anything else is ignored."""
        if answer.status != 200 or not self.max_bytes or len(answer.body) > min(MAX_ENTRY_BYTES, self.max_bytes):
            return None
        large = len(answer.body) >= self.gzip_minimum
        kept = Kept(answer, gzip.compress(answer.body, compresslevel=5) if large else None)
        with self._lock:
            if key in self._answers:
                return self._answers[key]
            self._answers[key] = kept
            self.size += kept.size
            while self.size > self.max_bytes:
                _, dropped = self._answers.popitem(last=False)
                self.size -= dropped.size
        return kept
