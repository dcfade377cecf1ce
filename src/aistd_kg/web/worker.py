"""gunicorn's threaded worker with a time limit on every read from and write to a client.

gunicorn's gthread worker hands a connection to a request thread once its first bytes
arrive, and the thread then reads the rest of the request with blocking reads that have
no time limit: a client that sends half a header or half a body and stops holds the
thread until it hangs up. This worker sets the socket options SO_RCVTIMEO and SO_SNDTIMEO
on each client socket, so a blocked read or write fails after ``read_timeout`` seconds:
the request is dropped (half a header) or answered 408 (half a body, web/body.py), and
the thread is free again. A client that trickles bytes just fast enough can still hold a
thread for a header (at most 8 KiB a line); a buffering proxy in front ends that too.
"""

import logging
import socket
import struct

from gunicorn.workers.gthread import ThreadWorker


class BoundedThreadWorker(ThreadWorker):
    """gthread with read and write time limits on client sockets (set read_timeout before the workers start)."""

    read_timeout = 5.0

    def init_process(self) -> None:
        self.log.error_log.addFilter(QuietTimeouts())
        super().init_process()

    def handle(self, conn):
        seconds = int(self.read_timeout)
        limit = struct.pack("ll", seconds, int((self.read_timeout - seconds) * 1_000_000))
        for option in (socket.SO_RCVTIMEO, socket.SO_SNDTIMEO):
            conn.sock.setsockopt(socket.SOL_SOCKET, option, limit)
        return super().handle(conn)


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
