"""Sockets on 127.0.0.1 that record what reaches them: a bare listener, and a relay in front of a server."""

import socket
import threading


class Listener:
    """A TCP server on 127.0.0.1 that records every connection it gets."""

    def __init__(self):
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.socket.settimeout(0.2)
        self.port = self.socket.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/"
        self.received: list[bytes] = []
        self.running = True
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while self.running:
            try:
                connection, _ = self.socket.accept()
            except (TimeoutError, OSError):
                continue
            self._take(connection)

    def _take(self, connection: socket.socket) -> None:
        """Record what the connection sends first, then close it."""
        with connection:
            connection.settimeout(1)
            self._handle(connection)

    def _handle(self, connection: socket.socket) -> None:
        try:
            self.received.append(connection.recv(4096) or b"(connected)")
        except OSError:
            self.received.append(b"(connected)")

    def close(self) -> None:
        self.running = False
        self.thread.join()
        self.socket.close()


class Relay(Listener):
    """A listener that passes each connection on to a server on 127.0.0.1, recording what clients send."""

    def __init__(self, upstream_port: int):
        self.upstream_port = upstream_port
        self.sent = bytearray()
        super().__init__()

    def _take(self, connection: socket.socket) -> None:
        """Relay the connection in a thread of its own, so that several can be open at once."""
        threading.Thread(target=self._handle, args=(connection,), daemon=True).start()

    def _handle(self, connection: socket.socket) -> None:
        with connection, socket.create_connection(("127.0.0.1", self.upstream_port)) as upstream:
            back = threading.Thread(target=self._pump, args=(upstream, connection, None), daemon=True)
            back.start()
            self._pump(connection, upstream, self.sent)
            back.join()

    @staticmethod
    def _pump(source: socket.socket, target: socket.socket, record: bytearray | None) -> None:
        try:
            while data := source.recv(65536):
                if record is not None:
                    record += data
                target.sendall(data)
        except OSError:
            pass
        finally:
            try:
                target.shutdown(socket.SHUT_WR)
            except OSError:
                pass
