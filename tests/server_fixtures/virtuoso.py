"""Run Virtuoso Open Source (Debian's virtuoso-opensource-7-bin) on 127.0.0.1 with a throwaway database.

A fresh database has the administrator ``dba`` with the password ``dba``; the Graph Store
Protocol endpoint that accepts writes (``/sparql-graph-crud-auth``) takes those with HTTP
digest authentication, and ``/sparql`` answers queries without any.
"""

import shutil
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from .harness import free_port

EXECUTABLE = "virtuoso-t"
PACKAGE = "virtuoso-opensource-7-bin"
USER = PASSWORD = "dba"
SETTINGS = """[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DirsAllowed = {folder}
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {folder}

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 60
"""


@dataclass
class Virtuoso:
    """A running virtuoso-t and its URLs."""

    process: subprocess.Popen
    folder: Path
    http_port: int

    @property
    def sparql_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql"

    @property
    def gsp_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql-graph-crud-auth"

    def log_text(self) -> str:
        return "".join(path.read_text(errors="replace") for path in sorted(self.folder.glob("*.log")))

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def unavailable() -> str | None:
    """Why Virtuoso cannot be run here, or None."""
    if shutil.which(EXECUTABLE) is None:
        return (f"{EXECUTABLE} is not installed: tests/setup/system-packages.sh installs the Debian package "
                f"{PACKAGE} (it needs root and apt-get)")
    return None


def start(folder: Path, ready_timeout: float = 60) -> Virtuoso:
    """Start virtuoso-t in the foreground on free ports and wait until /sparql answers.

    :raises RuntimeError: it exited or did not answer in time (with its log).
    """
    folder.mkdir(parents=True, exist_ok=True)
    http_port = free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(SETTINGS.format(folder=folder, sql_port=free_port(), http_port=http_port), encoding="utf-8")
    with open(folder / "console.log", "wb") as console:
        process = subprocess.Popen([EXECUTABLE, "+configfile", str(ini), "+foreground"], cwd=folder,
                                   stdout=console, stderr=subprocess.STDOUT)
    server = Virtuoso(process, folder, http_port)
    deadline = time.monotonic() + ready_timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"virtuoso-t exited with {process.returncode}:\n{server.log_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"{server.sparql_url}?query=ASK%7B%7D", timeout=2) as response:
                if response.status == 200:
                    return server
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.3)
    server.stop()
    raise RuntimeError(f"virtuoso-t did not answer in {ready_timeout} s:\n{server.log_text()[-2000:]}")
