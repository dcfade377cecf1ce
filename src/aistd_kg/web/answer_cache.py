"""Answers kept in memory, and the validators that let clients and caches reuse them.

The data served do not change between publications, so an answer is a function of the key
(the store's digest, the query text, its dataset, its bound parameters, the base IRI and
the formats negotiated). The key's hash is the answer's ETag — weak, since the gzip-encoded
body shares it — so a GET whose ``If-None-Match`` names it is answered 304 before anything
runs, and a repeated query is answered from memory. A new publication changes the digest,
so nothing of an old store is ever served again. Only complete 200 answers of at most
MAX_ENTRY_BYTES are kept, least recently used first out, within ``max_bytes`` a process.
"""

import hashlib
import threading
from collections import OrderedDict

from ..query.answers import Answer

MAX_ENTRY_BYTES = 1024 * 1024
CACHE_CONTROL = "no-cache"  # caches may keep an answer but must ask again (a 304 when unchanged): a reload shows at once


def etag(key: tuple) -> str:
    """The entity tag of the answer to a key (sent weak: W/"…")."""
    return hashlib.sha256(repr(key).encode("utf-8")).hexdigest()[:32]


class AnswerCache:
    """A least-recently-used map from keys to complete answers, bounded in bytes; safe across threads."""

    def __init__(self, max_bytes: int):
        self.max_bytes, self.size = max_bytes, 0
        self._answers: OrderedDict[tuple, Answer] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> Answer | None:
        with self._lock:
            answer = self._answers.get(key)
            if answer is not None:
                self._answers.move_to_end(key)
            return answer

    def put(self, key: tuple, answer: Answer) -> None:
        """Keep a complete 200 answer small enough to keep; anything else is ignored."""
        size = len(answer.body)
        if answer.status != 200 or not self.max_bytes or size > min(MAX_ENTRY_BYTES, self.max_bytes):
            return
        with self._lock:
            if key in self._answers:
                return
            self._answers[key] = answer
            self.size += size
            while self.size > self.max_bytes:
                _, dropped = self._answers.popitem(last=False)
                self.size -= len(dropped.body)
