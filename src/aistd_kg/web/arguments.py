"""Read a request's parameters strictly: whole numbers in range, JSON of bounded size and depth.

Every check runs before any matching or querying, costs time linear in the input, and
refuses what it cannot use with a 4xx that names the parameter (never a 500).
"""

import json
import re

from ..query.answers import Refusal

WHOLE_NUMBER = re.compile(r"[0-9]{1,9}", re.ASCII)


def whole_number(arguments, name: str, default: int, low: int, high: int) -> int:
    """The parameter as a whole number from low to high (default when absent); ASCII digits only."""
    value = arguments.get(name)
    if value is None:
        return default
    if not WHOLE_NUMBER.fullmatch(value) or not low <= int(value) <= high:
        raise Refusal(400, "bad-parameter", f"{name} must be a whole number from {low} to {high}")
    return int(value)


def json_value(text: str, name: str, max_bytes: int, max_depth: int, code: str = "bad-json"):
    """The parameter parsed as JSON: at most max_bytes long, nested at most max_depth deep, valid Unicode.

    code: the error code of a 400.
    """
    if len(text) > max_bytes:
        raise Refusal(413, "too-large", f"{name} is longer than {max_bytes} characters", limit=max_bytes)
    try:
        value = json.loads(text)
    except RecursionError:
        raise Refusal(400, code, f"{name} is nested more than {max_depth} levels deep") from None
    except ValueError as error:
        raise Refusal(400, code, f"{name} is not JSON: {error}") from None
    if _depth(value) > max_depth:
        raise Refusal(400, code, f"{name} is nested more than {max_depth} levels deep")
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise Refusal(400, code, f"{name} holds a lone surrogate (\\ud800–\\udfff), which is not text") from None
    return value


def _depth(value) -> int:
    """How deeply lists and objects nest in a parsed JSON value (a scalar is 0)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        node, level = stack.pop()
        children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else None
        if children is not None:
            deepest = max(deepest, level)
            stack.extend((child, level + 1) for child in children)
    return deepest
