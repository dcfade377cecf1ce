"""Serve the app with gunicorn (threaded workers with read time limits: worker.py), and rebuild the data on SIGHUP.

Each gunicorn worker is a process with ``threads`` request threads and its own pool of as
many query workers. SIGHUP to the master (``kill -HUP $(cat build/server.pid)``) runs
``aistd-kg reload`` in a child process, which rebuilds, validates and publishes a new store
only if the build passes, then gunicorn replaces its workers gracefully. A failed build
is logged and the old store goes on being served. The master's SIGCHLD handler is paused
while the child runs: gunicorn reaps any child it is told about, and would take the
rebuild's exit status.

A replica (``store`` set to a published store folder) and a server on an external store
(``store`` set to a URL) have nothing to build: SIGHUP only restarts the workers, which
re-read the external store's manifest. Either refuses to start when its store does not
check out (store.verify, RemoteStore).

A store is loaded in a child process (store.publish, isolated): a RocksDB store opened in
the master would not survive gunicorn's fork (its threads are gone in the workers, which
then crash on exit).
"""

import signal
import subprocess
import sys
from pathlib import Path

from gunicorn.app.base import BaseApplication

from ..store.local import StoreError, current, publish, stores_dir, verify
from ..store.remote import RemoteStore
from . import cpus
from .app import create_app
from .settings import Settings
from .worker import BoundedThreadWorker

PIDFILE = "server.pid"
REBUILD_TIMEOUT = 1800


def serve(settings: Settings, artifact: Path) -> None:
    """Check the store to serve (publishing the artifact first, unless one is given) and serve until stopped.

    :raises StoreError: the store cannot be published, is corrupt, or (external) cannot be read.
    """
    if settings.remote:
        RemoteStore(settings.store, settings.timeout)
    elif settings.store:
        verify(Path(settings.store))
    else:
        stores = stores_dir(settings.build_dir)
        try:
            published = publish(artifact, stores, isolated=True)
        except OSError as error:
            raise StoreError(f"cannot publish the store under {stores}: {error}; to serve a published "
                             "store from a read-only place, use --store FOLDER") from None
        verify(published)
    Server(settings).run()


def _assign_slot(arbiter, worker) -> None:
    """In the master: the new worker takes the lowest CPU slot no running worker holds (web/cpus.py)."""
    worker.cpu_slot = cpus.free_slot({getattr(other, "cpu_slot", -1) for other in arbiter.WORKERS.values()})


def _pin(arbiter, worker) -> None:
    """In the new worker, before it starts its query workers: pin it to its slot's CPUs."""
    share = cpus.pin(worker.cpu_slot, arbiter.cfg.workers)
    arbiter.log.info("worker %s (slot %s) runs on CPUs %s", worker.pid, worker.cpu_slot, sorted(share))


class Server(BaseApplication):
    """gunicorn running create_app(settings)."""

    def __init__(self, settings: Settings):
        self.settings = settings
        super().__init__()

    def load_config(self) -> None:
        settings = self.settings
        BoundedThreadWorker.read_timeout = settings.read_timeout  # the workers are forked from this process
        options = {
            "bind": f"{settings.host}:{settings.port}",
            "workers": settings.workers,
            "threads": settings.threads,
            "worker_class": "aistd_kg.web.worker.BoundedThreadWorker",
            # gthread workers heartbeat from their main loop, so this only catches a hung worker
            "timeout": int(settings.timeout) + 60,
            "graceful_timeout": int(settings.timeout) + 5,
            "limit_request_line": 8190,
            "pidfile": None if settings.store else str(settings.build_dir / PIDFILE),
            "proc_name": "aistd-kg",
            "control_socket_disable": True,
            "accesslog": None,
            "errorlog": "-",
            "on_reload": self.rebuild,
        }
        if settings.pin_cpus:
            options.update(pre_fork=_assign_slot, post_fork=_pin)
        for key, value in options.items():
            self.cfg.set(key, value)

    def load(self):
        return create_app(self.settings)

    def rebuild(self, arbiter) -> None:
        """Rebuild and publish in a child process; keep serving the old store if it fails."""
        if self.settings.store:
            arbiter.log.info("reload: serving %s, nothing to build; restarting the workers", self.settings.store)
            return
        command = [sys.executable, "-m", "aistd_kg.cli", "reload", "--build-dir", str(self.settings.build_dir.resolve())]
        previous = signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        try:
            code = subprocess.run(command, cwd=self.settings.root, timeout=REBUILD_TIMEOUT).returncode
        except (OSError, subprocess.SubprocessError) as error:
            code, reason = -1, str(error)
        else:
            reason = f"aistd-kg reload exited with {code}"
        finally:
            signal.signal(signal.SIGCHLD, previous)
        served = current(stores_dir(self.settings.build_dir))
        name = served.name if served else None
        if code == 0:
            arbiter.log.info("reload: now serving store %s", name)
        else:
            arbiter.log.error("reload refused (%s); still serving store %s", reason, name)
