"""The server's settings: defaults, then a TOML config file, then AISTD_KG_* variables, then flags.

Each later source overrides the earlier ones field by field. The config file is named by
``--config`` or ``AISTD_KG_CONFIG`` and holds a ``[server]`` table whose keys are the field
names below (``port = 8080``, ``cors_origins = ["https://example.org"]``). In the
environment a field is ``AISTD_KG_`` + its name in capitals (``AISTD_KG_MAX_RESULT_MB=5``);
lists are comma-separated.
"""

import dataclasses
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .host import public_base

ENV_PREFIX = "AISTD_KG_"


@dataclass(frozen=True)
class Settings:
    """Where the server listens, how much work it does at once, and the limits of one query."""

    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 2
    threads: int = 64  # request threads per process: enough that waiting queries and slow clients leave some free
    query_workers: int = 4  # query worker processes per process; one is kept for the server's own queries
    queue: int = 16  # clients' queries per process that may wait for a query worker
    read_timeout: float = 5.0  # longest wait for the next bytes of a request; a body must arrive within 3x this
    timeout: float = 10.0
    max_result_mb: float = 256.0
    max_query_length: int = 100_000
    memory_mb: int = 1024
    pin_cpus: bool = True  # each worker and its query workers on their own share of the CPUs (web/cpus.py)
    cache_mb: float = 64.0  # answers kept in memory a process (web/answer_cache.py); 0: none
    cors_origins: tuple[str, ...] = ("*",)
    base_url: str = ""  # the public base of absolute links; empty: http://host:port as bound
    allowed_hosts: tuple[str, ...] = ()  # Host headers kept in absolute links as sent (e.g. "kg.example.org")
    store: str = ""  # empty: the build's own store; a published store folder (a replica); an external store's URL
    build_dir: Path = Path("build")
    root: Path = Path(".")

    def __post_init__(self):
        public_base(self.public_base_url)

    @property
    def remote(self) -> bool:
        """Whether queries go to an external SPARQL store."""
        return self.store.startswith(("http://", "https://"))

    @property
    def public_base_url(self) -> str:
        """The base of every absolute link the server builds (web/host.py)."""
        return self.base_url or f"http://{self.host}:{self.port}"

    @property
    def max_result_bytes(self) -> int:
        return int(self.max_result_mb * 1024 * 1024)

    @property
    def cache_bytes(self) -> int:
        return int(self.cache_mb * 1024 * 1024)

    @property
    def max_body_bytes(self) -> int:
        """A form-encoded query of max_query_length characters fits: up to 9 bytes a character."""
        return 9 * self.max_query_length + 4096

    @classmethod
    def load(cls, config: Path | None = None, environ=None, **flags) -> "Settings":
        """Merge the sources; flags that are None were not given.

        :raises ValueError: a value that does not fit its field, or an unknown key in the file.
        """
        environ = os.environ if environ is None else environ
        values: dict[str, object] = {}
        config = config or environ.get(ENV_PREFIX + "CONFIG")
        if config:
            with open(config, "rb") as handle:
                values.update(tomllib.load(handle).get("server", {}))
        for field in dataclasses.fields(cls):
            if ENV_PREFIX + field.name.upper() in environ:
                values[field.name] = environ[ENV_PREFIX + field.name.upper()]
        values.update({name: value for name, value in flags.items() if value is not None})
        types = {field.name: field.type for field in dataclasses.fields(cls)}
        unknown = sorted(set(values) - set(types))
        if unknown:
            raise ValueError(f"unknown setting(s): {', '.join(unknown)}")
        return cls(**{name: _coerce(name, types[name], value) for name, value in values.items()})


def _coerce(name: str, kind, value):
    """Turn a value from a file, the environment or a flag into the field's type."""
    try:
        if kind == tuple[str, ...]:
            items = value.split(",") if isinstance(value, str) else value
            return tuple(item.strip() for item in items if item.strip())
        if kind is bool and isinstance(value, str):
            return _truth(value)
        if kind is int and isinstance(value, float):
            raise ValueError("not a whole number")
        return kind(value)
    except (TypeError, ValueError) as error:
        raise ValueError(f"setting {name!r}: cannot use {value!r} ({error})") from None


def _truth(text: str) -> bool:
    """A yes/no setting written as text (the environment, a flag)."""
    word = text.strip().lower()
    if word in ("1", "true", "yes", "on"):
        return True
    if word in ("0", "false", "no", "off"):
        return False
    raise ValueError("not one of true / false, yes / no, on / off, 1 / 0")
