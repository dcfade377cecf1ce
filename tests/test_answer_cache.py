"""The answer cache: complete 200 answers only, bounded in bytes, least recently used out."""

import gzip

from aistd_kg.query.answers import Answer, Refusal
from aistd_kg.web.answer_cache import MAX_ENTRY_BYTES, AnswerCache, etag


def answer(size: int) -> Answer:
    return Answer(200, "text/csv", b"x" * size)


def test_the_cache_keeps_at_most_its_bytes_dropping_the_least_recently_used():
    cache = AnswerCache(max_bytes=300, gzip_minimum=1000)
    for key in ("a", "b", "c"):
        cache.put((key,), answer(100))
    assert cache.get(("a",)) is not None  # now the most recently used
    cache.put(("d",), answer(100))
    assert [cache.get((key,)) is not None for key in "abcd"] == [True, False, True, True]
    assert cache.size == 300


def test_refusals_large_answers_and_a_zero_size_cache_keep_nothing():
    cache = AnswerCache(max_bytes=10 * MAX_ENTRY_BYTES, gzip_minimum=1000)
    cache.put(("refused",), Refusal(400, "syntax", "bad").answer())
    cache.put(("large",), answer(MAX_ENTRY_BYTES + 1))
    assert cache.get(("refused",)) is None and cache.get(("large",)) is None and cache.size == 0
    empty = AnswerCache(max_bytes=0, gzip_minimum=1000)
    empty.put(("empty",), answer(0))
    assert empty.get(("empty",)) is None


def test_the_tag_follows_every_part_of_the_key():
    key = ("digest", "SELECT * {}", "text/csv")
    assert etag(key) == etag(tuple(key)) and len(etag(key)) == 32
    assert len({etag(key), etag(("other digest", *key[1:])), etag((*key[:2], "application/sparql-results+json"))}) == 3


def test_an_answer_worth_compressing_is_kept_with_its_gzipped_body_which_counts_in_the_size():
    cache = AnswerCache(max_bytes=10_000, gzip_minimum=1000)
    small, large = cache.put(("small",), answer(999)), cache.put(("large",), answer(1000))
    assert small is not None and small.gzipped is None
    assert large is not None and gzip.decompress(large.gzipped) == b"x" * 1000
    assert cache.get(("large",)) is large and cache.size == 999 + 1000 + len(large.gzipped)
