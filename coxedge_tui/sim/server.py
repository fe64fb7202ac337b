"""Serve a Simulator over real HTTP on a loopback address."""

from __future__ import annotations

import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import parse_qsl, urlsplit

from .simulator import Simulator


class _Handler(BaseHTTPRequestHandler):
    server: SimulatorServer
    protocol_version = "HTTP/1.1"

    def _serve(self) -> None:
        sim = self.server.simulator
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if sim.latency:
            time.sleep(sim.latency)
        answer = sim.handle(self.command, parts.path, dict(parse_qsl(parts.query)), dict(self.headers.items()), body)
        if answer.delay:
            time.sleep(answer.delay)
        if answer.action is not None:
            # Refused, timed out or dropped: the socket closes with no answer at all.
            self.close_connection = True
            return
        try:
            self.send_response(answer.status)
            for name, value in answer.headers.items():
                self.send_header(name, value)
            if "Content-Length" not in answer.headers:
                self.send_header("Content-Length", str(len(answer.body)))
            self.end_headers()
            self.wfile.write(answer.body)
        except (BrokenPipeError, ConnectionResetError):
            # The client gave up waiting (a slow-answer fault): nobody is left to answer.
            self.close_connection = True

    do_GET = do_POST = do_DELETE = do_PUT = do_PATCH = _serve

    def log_message(self, format: str, *args: object) -> None:
        if self.server.verbose:
            super().log_message(format, *args)


class SimulatorServer(ThreadingHTTPServer):
    """`with SimulatorServer(sim) as server:` serves on server.url until the block ends."""

    daemon_threads = True

    def __init__(self, simulator: Simulator, host: str = "127.0.0.1", port: int = 0, verbose: bool = False) -> None:
        super().__init__((host, port), _Handler)
        self.simulator = simulator
        self.verbose = verbose
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        shown = host.decode() if isinstance(host, bytes) else host
        return f"http://{shown}:{port}/api/v2"

    def handle_error(self, request: object, client_address: object) -> None:
        """A client gone before its request was read (an app that exits at once) is no error worth a traceback."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]

    def start(self) -> SimulatorServer:
        # A short poll interval makes stop() quick, which tests starting many servers notice.
        self._thread = threading.Thread(target=self.serve_forever, args=(0.05,), name="cox-sim", daemon=True)
        self._thread.start()
        return self

    def wait(self) -> None:
        """Block until the server stops (or Ctrl+C)."""
        if self._thread is not None:
            self._thread.join()

    def stop(self) -> None:
        self.shutdown()
        self.server_close()

    def __enter__(self) -> SimulatorServer:
        return self.start()

    def __exit__(self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()
