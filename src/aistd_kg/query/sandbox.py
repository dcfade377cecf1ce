"""Confine a query worker process: no network, and a ceiling on its memory.

The guard refuses SERVICE before execution, but rdflib and pyoxigraph parse separately,
so a parser difference could let pyoxigraph see a SERVICE that rdflib did not. As a second
wall the worker moves itself into new Linux user and network namespaces: its only network
interface is a loopback that is down, so any connection fails at once. The user namespace
maps the worker's own user and group onto themselves, so files read the same as before.
Where the kernel refuses namespaces (some containers), the worker goes on with the guard
alone and reports it; /healthz shows which. The kernel grants the namespaces only to a
single-threaded process, so nothing a worker imports before it confines itself (the main
module, which multiprocessing imports in every child, included) may start a thread.

The memory ceiling (RLIMIT_DATA) makes a query that would exhaust the machine (an ORDER BY
over a huge product) abort its worker instead; the pool answers 503 and starts another.
"""

import ctypes
import os
import resource

CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000


def confine(memory_mb: int) -> bool:
    """Limit the process's memory and cut it off the network; return whether the network is cut."""
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    return isolate_network()


def isolate_network() -> bool:
    """Move this (single-threaded) process into new user and network namespaces."""
    uid, gid = os.getuid(), os.getgid()
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.unshare(CLONE_NEWUSER | CLONE_NEWNET) != 0:
        return False
    for name, text in (("setgroups", "deny"), ("uid_map", f"{uid} {uid} 1"), ("gid_map", f"{gid} {gid} 1")):
        with open(f"/proc/self/{name}", "w") as handle:
            handle.write(text)
    return True
