"""Run `aistd-kg serve` (gunicorn) as a real process on a free port and talk to it over HTTP."""

import http.client
import json
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from aistd_kg.build.artifact import ARTIFACT_NAME
from aistd_kg.store.local import publish, stores_dir
from aistd_kg.web.app import create_app
from aistd_kg.web.service import EXTENSION
from aistd_kg.web.settings import Settings

CLI = Path(sys.executable).parent / "aistd-kg"
REPO = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent


@dataclass
class Reply:
    """An HTTP response, read whole."""

    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def json(self):
        return json.loads(self.body)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    @property
    def media_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip()


class Server:
    """A server the tests send requests to; request() is what each kind defines."""

    url: str
    build_dir: Path

    def request(self, method: str, path: str, body: bytes | str | None = None, headers: dict | None = None,
                timeout: float = 30) -> Reply:
        raise NotImplementedError

    def query(self, query: str, accept: str | None = None, **params) -> Reply:
        """POST a query form-encoded (the most common client request)."""
        fields = {"query": query, **{k.replace("_", "-"): v for k, v in params.items()}}
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if accept:
            headers["Accept"] = accept
        return self.request("POST", "/sparql", urllib.parse.urlencode(fields, doseq=True), headers)



class RunningServer(Server):
    """A server process and the address it answers on."""

    def __init__(self, process: subprocess.Popen, port: int, log: Path, build_dir: Path):
        self.process, self.port, self.log, self.build_dir = process, port, log, build_dir
        self.url = f"http://127.0.0.1:{port}"

    def request(self, method: str, path: str, body: bytes | str | None = None, headers: dict | None = None,
                timeout: float = 30) -> Reply:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body.encode("utf-8") if isinstance(body, str) else body,
                               headers=headers or {})
            response = connection.getresponse()
            return Reply(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
        finally:
            connection.close()

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class AppServer(Server):
    """The app on Flask's test client: the same routes, without gunicorn, a socket or a process of its own."""

    url = "http://localhost"

    def __init__(self, app, build_dir: Path):
        self.app, self.build_dir, self.client = app, build_dir, app.test_client()

    def request(self, method: str, path: str, body: bytes | str | None = None, headers: dict | None = None,
                timeout: float = 30) -> Reply:
        response = self.client.open(path, method=method, data=body, headers=headers or {})
        return Reply(response.status_code, {k.lower(): v for k, v in response.headers.items()}, response.get_data())


@contextmanager
def in_process(project: Path, build_dir: Path | None = None):
    """The app serving a project's build (published first, as `aistd-kg serve` does) for the duration of the block."""
    build_dir = build_dir or project / "build"
    publish(build_dir / ARTIFACT_NAME, stores_dir(build_dir))
    app = create_app(Settings(build_dir=build_dir, root=project, query_workers=2, base_url="http://localhost"))
    app.config.update(TESTING=True)
    try:
        yield AppServer(app, build_dir)
    finally:
        app.extensions[EXTENSION].backend.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(project: Path, *options: str, build_dir: Path | None = None, ready_timeout: float = 60) -> RunningServer:
    """Start the server for a project folder and wait until /healthz answers."""
    build_dir = build_dir or project / "build"
    port = free_port()
    log = build_dir.parent / f"server-{port}.log"
    command = [str(CLI), "serve", "--build-dir", str(build_dir), "--port", str(port), "--workers", "1",
               *options]
    with open(log, "wb") as handle:
        process = subprocess.Popen(command, cwd=project, stdout=handle, stderr=subprocess.STDOUT)
    return wait_until_ready(RunningServer(process, port, log, build_dir), "the server", ready_timeout)


def wait_until_ready(server: RunningServer, name: str, ready_timeout: float) -> RunningServer:
    """The server once its /healthz answers 200; stopped, and an error naming it, if it exits or stays silent."""
    deadline = time.monotonic() + ready_timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"{name} exited with {server.process.returncode}:\n{server.log_text()}")
        try:
            if server.request("GET", "/healthz", timeout=2).status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"{name} did not answer in {ready_timeout} s:\n{server.log_text()}")


@contextmanager
def serving(project: Path, *options: str, build_dir: Path | None = None):
    """A server for the duration of the block."""
    server = start(project, *options, build_dir=build_dir)
    try:
        yield server
    finally:
        server.stop()


def write_trig(build_dir: Path, graphs: dict[str, str]) -> Path:
    """Write an artifact directly: graph IRI -> N-Triples text."""
    build_dir.mkdir(parents=True, exist_ok=True)
    artifact = build_dir / "aistd-kg.trig"
    artifact.write_text("".join(f"<{name}> {{\n{triples}}}\n" for name, triples in graphs.items()), encoding="utf-8")
    return artifact


def protocol_graphs() -> dict[str, str]:
    """The W3C protocol tests' three graphs (named as the tests expect) and a chain of 300 links."""
    folder = FIXTURES / "w3c-protocol"
    graphs = {f"http://kasei.us/2009/09/sparql/data/data{n}.rdf": (folder / f"data{n}.nt").read_text(encoding="utf-8")
              for n in (1, 2, 3)}
    graphs["http://example.org/chain"] = "".join(
        f"<http://example.org/n{i}> <http://example.org/next> <http://example.org/n{i + 1}> .\n" for i in range(300))
    return graphs


def protocol_project(folder: Path) -> Path:
    """A project folder whose build holds the W3C protocol tests' graphs (see protocol_graphs)."""
    write_trig(folder / "build", protocol_graphs())
    return folder


def built_project(folder: Path) -> Path:
    """A project folder with the real ontology, the shape tests' valid base data and the fixture queries, built."""
    shutil.copytree(REPO / "ontology", folder / "ontology")
    (folder / "data").mkdir()
    shutil.copy(REPO / "tests" / "shape_cases" / "_base.ttl", folder / "data" / "base.ttl")
    shutil.copytree(FIXTURES / "queries", folder / "queries")
    done = subprocess.run([str(CLI), "build"], cwd=folder, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return folder
