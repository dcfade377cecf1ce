"""Match a free-text topic ("大模型", "biometrics", "risk management") against the graph's texts.

A topic with Chinese characters matches a text that contains it, spaces aside ("数据 标注"
matches "包括数据标注、数据治理"). Any other topic matches a text that has each of its
words, compared by their Snowball (Porter 2) stems and case-folded, in any order:
"biometrics" matches "Biometric recognition standards", "risk management" matches "AI risk
management" and "management of risks", not "risk assessment". English function words
("of", "and", …) are not required.
"""

import re
import threading
from dataclasses import dataclass

from ..linking.matching import has_cjk

WORD = re.compile(r"[^\W_]+")
FUNCTION_WORDS = frozenset("a an and as at by for from in into of on or the to with".split())


_local = threading.local()


def _stemmer():
    """This thread's Snowball English stemmer (a stemmer keeps its word in itself, so threads cannot share one),
    loaded on first use: the package loads every language's (0.1 s), and only the advisor needs one."""
    if not hasattr(_local, "stemmer"):
        import snowballstemmer

        _local.stemmer = snowballstemmer.stemmer("english")
    return _local.stemmer


@dataclass(frozen=True)
class Topic:
    """A topic as it is compared: its Chinese text without spaces, or the stems of its English words."""

    text: str
    chinese: str
    stems: frozenset[str]

    @classmethod
    def of(cls, text: str) -> "Topic":
        text = " ".join(text.split())
        if has_cjk(text):
            return cls(text, "".join(text.split()), frozenset())
        return cls(text, "", frozenset(stems(text)) - {_stemmer().stemWord(w) for w in FUNCTION_WORDS})

    def is_empty(self) -> bool:
        return not (self.chinese or self.stems)

    def matches(self, text: str) -> bool:
        """Whether the text is about the topic, as the module docstring says."""
        if self.chinese:
            return self.chinese in "".join(text.split())
        return bool(self.stems) and self.stems <= stems(text)


def stems(text: str) -> set[str]:
    """The Snowball stems of the text's words, case-folded."""
    return set(_stemmer().stemWords([word.casefold() for word in WORD.findall(text)]))
