"""Write files atomically: a reader sees the old file or the new one, never half of one."""

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def replacing(target: Path, prefix: str | None = None) -> Iterator[Path]:
    """A temporary file beside target, which replaces target when the block ends without error.

    The temporary file is removed whatever happens. :raises OSError: it cannot be created.
    """
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=prefix or f".{target.name}.", suffix=".tmp")
    os.close(handle)
    try:
        yield Path(temporary)
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def write_text(target: Path, text: str, newline: str | None = None) -> Path:
    """Write the text (UTF-8) to target atomically; return target."""
    with replacing(target) as temporary, open(temporary, "w", encoding="utf-8", newline=newline) as stream:
        stream.write(text)
    return target
