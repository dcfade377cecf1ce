"""gunicorn's threaded worker with a time limit on every read from and write to a client.

gunicorn's gthread worker hands a connection to a request thread once its first bytes
arrive, and the thread then reads the rest of the request with blocking reads that have
no time limit: a client that sends half a header or half a body and stops holds the
thread until it hangs up. This worker sets the socket options SO_RCVTIMEO and SO_SNDTIMEO
on each client socket, so a blocked read or write fails after ``read_timeout`` seconds:
the request is dropped (half a header) or answered 408 (half a body, web/body.py), and
the thread is free again. A client that trickles bytes just fast enough can still hold a
thread for a header (at most 8 KiB a line); a buffering proxy in front ends that too.

Two savings on every request (measured with bench/profile.py: gunicorn's layer was 40 % of
an uncached lookup's CPU):

- After answering a kept-alive request, the thread waits up to ``LINGER`` for the client's
  next one and answers it itself. gthread would hand the connection back to its main thread
  (a byte through a pipe to wake it, the socket registered with the poller again, the next
  request handed to a thread once more): a client asking again at once is served without
  that round. A connection that stays quiet goes back to the poller as before, so an idle
  client holds a thread for at most ``LINGER``.
- The heartbeat to the master (a file's time stamp, a system call on every turn of the
  main loop, that is every request) is written at most once a second; the master's
  limit is the query time limit plus a minute.
"""

import logging
import select
import socket
import struct
import time

from gunicorn.workers.gthread import ThreadWorker

LINGER = 0.005  # seconds a thread waits for a kept-alive client's next request
HEARTBEAT = 1.0  # seconds between heartbeats at most


class BoundedThreadWorker(ThreadWorker):
    """gthread with read and write time limits on client sockets (set read_timeout before the workers start)."""

    read_timeout = 5.0
    _beaten = 0.0

    def notify(self) -> None:
        now = time.monotonic()
        if now - self._beaten >= HEARTBEAT:
            self._beaten = now
            super().notify()

    def init_process(self) -> None:
        self.log.error_log.addFilter(QuietTimeouts())
        super().init_process()

    def handle(self, conn):
        seconds = int(self.read_timeout)
        limit = struct.pack("ll", seconds, int((self.read_timeout - seconds) * 1_000_000))
        for option in (socket.SO_RCVTIMEO, socket.SO_SNDTIMEO):
            conn.sock.setsockopt(socket.SOL_SOCKET, option, limit)
        while True:
            kept = super().handle(conn)
            if kept is not True or not self.alive or not _asks_again(conn):
                return kept


def _asks_again(conn) -> bool:
    """Whether the client's next request is there within LINGER (or already read ahead)."""
    if conn.parser.unreader.buf.getvalue():
        return True
    return bool(select.select([conn.sock], [], [], LINGER)[0])


class QuietTimeouts(logging.Filter):
    """One line, not a traceback, for a client that stopped sending its request."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, BlockingIOError | TimeoutError):
            record.msg, record.args, record.exc_info, record.levelno = (
                "client too slow: no bytes of its request for %.3g s; connection dropped",
                (BoundedThreadWorker.read_timeout,), None, logging.INFO)
            record.levelname = "INFO"
        return True
