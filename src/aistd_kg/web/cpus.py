"""Give each gunicorn worker its own share of the CPUs, shared with its query workers.

A request crosses processes twice (request thread -> query worker -> request thread) and
threads once (gunicorn's accepting thread -> request thread). When the parties sleep on
different CPUs each crossing wakes an idle CPU, which on a virtual machine costs 0.1-0.4
ms; on one CPU it is a context switch of microseconds. Measured on a 2-core machine at
100k triples, pinning each worker with its query workers to one core took a lookup from
1.9 to 1.4 ms at p50 and from about 900 to 1,300 requests/s at 16 connections. The price:
two heavy queries that land on the same worker share its CPUs while another worker's may
idle. ``pin_cpus = false`` turns it off.

The shares: the CPUs this process may use, dealt out in turn to the worker slots, so each
worker of two on eight CPUs gets four, and with more workers than CPUs they share.
A worker's slot is kept when gunicorn replaces it, so the shares stay even.
"""

import os


def share(slot: int, workers: int, allowed: list[int]) -> set[int]:
    """The CPUs of worker ``slot`` of ``workers``, from the sorted CPUs this process may use."""
    if workers >= len(allowed):
        return {allowed[slot % len(allowed)]}
    return set(allowed[slot % workers::workers])


def free_slot(taken: set[int]) -> int:
    """The lowest slot no running worker holds."""
    slot = 0
    while slot in taken:
        slot += 1
    return slot


def pin(slot: int, workers: int) -> set[int]:
    """Pin this process (and all it starts later) to its share; return the share."""
    cpus = share(slot, workers, sorted(os.sched_getaffinity(0)))
    os.sched_setaffinity(0, cpus)
    return cpus
