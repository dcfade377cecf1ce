"""The processes of a running server: gunicorn's master and workers, and the query workers under them."""

import time

import psutil


def tree(pid: int) -> list[psutil.Process]:
    """The process and all its descendants."""
    root = psutil.Process(pid)
    return [root, *root.children(recursive=True)]


def memory_mb(pid: int) -> float:
    """Resident memory of the whole tree, in MiB (shared pages counted once per process)."""
    total = 0
    for process in tree(pid):
        try:
            total += process.memory_info().rss
        except psutil.Error:  # gone meanwhile
            pass
    return round(total / 2**20, 1)


def gunicorn_workers(master: int) -> list[psutil.Process]:
    """The gunicorn worker processes: the master's children that run the same command (not its helpers)."""
    command = psutil.Process(master).cmdline()
    return [child for child in psutil.Process(master).children() if _command(child) == command]


def query_workers(master: int) -> list[psutil.Process]:
    """The query worker processes: the children of each gunicorn worker's forkserver."""
    servers = [child for worker in gunicorn_workers(master) for child in _children(worker)
               if "multiprocessing.forkserver" in " ".join(_command(child))]
    return [worker for server in servers for worker in _children(server) if worker.is_running()]


def busiest(processes: list[psutil.Process], interval: float = 0.5) -> psutil.Process:
    """The process that used the most CPU over the interval."""
    before = {p.pid: sum(p.cpu_times()[:2]) for p in processes}
    time.sleep(interval)
    return max(processes, key=lambda p: sum(p.cpu_times()[:2]) - before[p.pid])


def _command(process: psutil.Process) -> list[str]:
    try:
        return process.cmdline()
    except psutil.Error:  # gone, or a zombie not yet reaped
        return []


def _children(process: psutil.Process) -> list[psutil.Process]:
    try:
        return process.children()
    except psutil.Error:
        return []
