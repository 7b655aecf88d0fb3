"""A fake CMS site on 127.0.0.1 serving the real 2019 zip and broken variants (the update tests use it).

No test reaches beyond this machine.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from conftest import ZIP_2019, data_file

ZIP_NAME = "2019-Alpha-Numeric-HCPCS-File.zip"


class Handler(BaseHTTPRequestHandler):
    """Routes of the fake CMS site; `zip_bytes` is set by the server fixture from ../shared/data."""

    zip_bytes = b""
    existing_quarter = "/quarters/july-2024.zip"  # the only quarter the fake site holds
    html_quarter = "/quarters/october-2024.zip"  # a "page not found" page with status 200, as some sites do

    def log_message(self, *args: object) -> None:  # keep pytest's output clean
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        path, whole = self.path, self.zip_bytes
        half = whole[: len(whole) // 2]
        if path in (f"/files/{ZIP_NAME}", self.existing_quarter):
            self._send(200, whole)
        elif path == "/truncated.zip":
            self._send(200, half)  # honest Content-Length, damaged zip
        elif path == "/lying.zip":
            self._send(200, half, length=len(whole))  # announces the whole size, then hangs up
        elif path == "/no-length.zip":
            self._send(200, whole, length=-1)  # the body ends when the connection closes
        elif path == "/huge.zip":
            self._send(200, b"", length=500 * 2**20)
        elif path == "/notzip.zip":
            self._send(200, b"Just some text, not a zip at all.\n", "text/plain")
        elif path == "/redirect-to-file":
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()
        elif path == "/error.zip":
            self._send(500, b"Internal error", "text/plain")
        elif path == self.html_quarter:
            self._send(200, b"<html><body>Page not found</body></html>", "text/html")
        else:
            self._send(404, b"Not found", "text/plain")

    def _send(self, status: int, body: bytes, content_type: str = "application/zip", length: int | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        if length != -1:
            self.send_header("Content-Length", str(len(body) if length is None else length))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client may stop reading: fine
            self.wfile.write(body)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """The base address of the fake site, http://127.0.0.1:PORT."""
    Handler.zip_bytes = data_file(ZIP_2019).read_bytes()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    thread.join(5)
