"""Start and stop the HTTP systems under test, on free 127.0.0.1 ports, and measure their memory and CPU time.

- ``Endpoint``: ``aistd-kg serve --build-dir <dir>`` (gunicorn + pyoxigraph, default
  settings: 2 workers × 4 threads). Its first start loads ``<dir>/aistd-kg.trig`` into
  ``<dir>/store``; later starts open the persisted store.
- ``Peer``: ``rdflib-endpoint serve <dir>/aistd-kg.trig`` (rdflib in-memory Dataset with a
  union default graph, FastAPI + uvicorn), which parses the file on every start.

Cold start is the time from spawning the process to the first 200 answer to the lookup
query. Memory is the summed PSS (proportional set size, so pages shared between forked
workers count once) of the process and all its descendants, sampled every 0.2 s; the peak
is reported. CPU time is the user + system seconds of the same processes.
"""

import os
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
START_TIMEOUT = 600


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    parent = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            tree.setdefault(parent, []).append(int(entry))
    return tree


def descendants(root: int) -> list[int]:
    """A process and all its descendants."""
    tree, todo, found = _children(), [root], []
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(tree.get(pid, []))
    return found


def tree_pss_mb(root: int) -> float:
    """Summed PSS of a process and its descendants, in MB."""
    total = 0
    for pid in descendants(root):
        try:
            with open(f"/proc/{pid}/smaps_rollup") as handle:
                total += next(int(line.split()[1]) for line in handle if line.startswith("Pss:"))
        except (OSError, StopIteration):
            pass
    return total / 1024


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process and its descendants (from /proc)."""
    total = 0.0
    for process in descendants(pid):
        try:
            fields = Path(f"/proc/{process}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


class MemoryWatch(threading.Thread):
    """Samples tree_pss_mb(pid) until stopped; .peak is the largest sample."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self.stopped = pid, 0.0, threading.Event()
        self.start()

    def run(self) -> None:
        while not self.stopped.wait(0.2):
            self.peak = max(self.peak, tree_pss_mb(self.pid))


class Server:
    """A server process on a loopback port; subclasses say how to start it and where it answers."""

    name = ""
    cwd = ROOT

    def __init__(self, build_dir: Path, probe: str):
        self.build_dir, self.probe, self.port = build_dir, probe, free_port()
        self.process: subprocess.Popen | None = None
        self.cold_start: float | None = None
        self.watch: MemoryWatch | None = None

    def command(self) -> list[str]:
        raise NotImplementedError

    def url(self, path_and_query: str) -> str:
        return f"http://127.0.0.1:{self.port}{path_and_query}"

    def start(self, sample_memory: bool = True) -> float:
        """Spawn and wait for the first answer to the probe; return the seconds that took.

        :param sample_memory: sample the memory every 0.2 s until stop(), which returns the peak; off where the memory
            is read once instead (sampling costs CPU the server would otherwise have).
        """
        started = time.perf_counter()
        log = open(self.build_dir / f"{self.name}.log", "ab")
        self.process = subprocess.Popen(self.command(), stdout=log, stderr=log, start_new_session=True,
                                        cwd=self.cwd)
        self.watch = MemoryWatch(self.process.pid) if sample_memory else None
        while time.perf_counter() - started < START_TIMEOUT:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.process.returncode}; see {log.name}")
            try:
                with urllib.request.urlopen(self.url(self.probe), timeout=60) as answer:
                    if answer.status == 200:
                        self.cold_start = time.perf_counter() - started
                        return self.cold_start
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"{self.name} did not answer within {START_TIMEOUT} s")

    def stop(self) -> float | None:
        """Stop the process group we started; return the peak memory sampled, in MB (None when not sampled)."""
        if self.watch:
            self.watch.stopped.set()
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        return round(self.watch.peak, 1) if self.watch else None


class Endpoint(Server):
    name = "endpoint"

    def command(self) -> list[str]:
        return [str(VENV_BIN / "aistd-kg"), "serve", "--build-dir", str(self.build_dir), "--port", str(self.port)]

    def reset(self) -> None:
        """Forget the persisted store, so the next start loads the artifact."""
        shutil.rmtree(self.build_dir / "store", ignore_errors=True)


class Peer(Server):
    name = "rdflib-endpoint"

    def command(self) -> list[str]:
        return [str(VENV_BIN / "rdflib-endpoint"), "serve", str(self.build_dir / "aistd-kg.trig"),
                "--host", "127.0.0.1", "--port", str(self.port)]

