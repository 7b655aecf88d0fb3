"""Update from CMS against a hostile local server (issue 16, item 6): plain http, trickled bodies and headers,
header floods, redirects that fail elsewhere, downloads the importer refuses. Every failure is one sentence,
in bounded time, naming what really failed, and leaves nothing in the downloads folder.

The server runs on 127.0.0.1 in a thread; the limits are made small so each case ends in seconds.
"""

from __future__ import annotations

import contextlib
import io
import socket
import sys
import threading
import time
import zipfile
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from conftest import ZIP_2019, data_file

from medcode_gui.cli._common import MedcodeGroup
from medcode_gui.cli.update import update_command
from medcode_gui.codes.errors import MedcodeError
from medcode_gui.releases import cms_update
from medcode_gui.releases.cms_transfer import TransferLimits
from medcode_gui.releases.cms_update import update
from medcode_gui.store import ReferenceStore

STOP = threading.Event()  # ends the trickling handlers when the module's tests are done
QUICK = TransferLimits(timeout=2, deadline=30, min_rate=100, rate_window=1)
HANG_GUARD_S = 15  # each case ends within a few seconds with QUICK; this only catches a hang


def _not_a_release() -> bytes:
    """A whole, valid zip the importer refuses (it holds no HCPCS file)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("readme.txt", "Nothing to import here.\n" * 100)
    return buffer.getvalue()


class HostileHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        with contextlib.suppress(BrokenPipeError, ConnectionResetError, OSError):
            self._route(self.path)

    def _route(self, path: str) -> None:
        if path == "/trickle.zip":  # one byte every 0.3 s: about 3 bytes a second, for ever
            self._headers(200, {"Content-Length": "1000000"})
            self._drip(b"P", 0.3)
        elif path == "/steady.zip":  # fast enough for the minimum rate, but never done
            self._headers(200, {"Content-Length": str(100 * 2**20)})
            self._drip(b"x" * 400, 0.05)
        elif path == "/slow-headers.zip":  # a header line a byte at a time, never finished
            self.wfile.write(b"HTTP/1.1 200 OK\r\nX-Slow: ")
            self._drip(b"a", 0.2)
        elif path == "/header-flood.zip":  # endless headers, sent as fast as they are read
            self.wfile.write(b"HTTP/1.1 200 OK\r\n")
            for number in range(100_000):
                if STOP.is_set():
                    return
                self.wfile.write(b"X-Flood-%d: x\r\n" % number)
        elif path.startswith("/redirect-to-port/"):
            port = path.rsplit("/", 1)[1]
            self._headers(302, {"Location": f"http://127.0.0.2:{port}/hcpcs.zip", "Content-Length": "0"})
        elif path == "/redirect-to-remote-http":
            self._headers(302, {"Location": "http://cms.example.invalid/hcpcs.zip", "Content-Length": "0"})
        elif path == "/not-a-release.zip":
            body = _not_a_release()
            self._headers(200, {"Content-Length": str(len(body)), "Content-Type": "application/zip"})
            self.wfile.write(body)
        else:
            self._headers(404, {"Content-Length": "0"})

    def _headers(self, status: int, headers: dict[str, str]) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.flush()

    def _drip(self, piece: bytes, every: float) -> None:
        while not STOP.wait(every):
            self.wfile.write(piece)
            self.wfile.flush()


@pytest.fixture(scope="module")
def hostile() -> Iterator[str]:
    STOP.clear()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), HostileHandler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    STOP.set()
    httpd.shutdown()
    httpd.server_close()
    thread.join(5)


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv(cms_update.PATTERN_ENV, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "user-data"))


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "update.sqlite"
    ReferenceStore(path).close()
    return path


def refused(db: Path, folder: Path, **options: object) -> tuple[str, float]:
    """The sentence and the seconds of a failing update; it left the database as it was and the folder empty.

    The update runs on a thread, so a hang fails the test (after HANG_GUARD_S) instead of holding it for ever.
    """
    before = db.read_bytes()
    limits = options.pop("limits", QUICK)
    outcome: list[BaseException | None] = []

    def run() -> None:
        try:
            with ReferenceStore(db) as store:
                update(store, folder=folder, limits=limits, **options)
            outcome.append(None)
        except BaseException as error:  # noqa: BLE001 - handed to the test's thread
            outcome.append(error)

    started = time.perf_counter()
    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(HANG_GUARD_S)
    elapsed = time.perf_counter() - started
    if worker.is_alive():
        pytest.fail(f"the update was still running after {HANG_GUARD_S} s")
    error = outcome[0]
    assert isinstance(error, MedcodeError), error
    assert db.read_bytes() == before
    assert not folder.exists() or list(folder.iterdir()) == []  # no .part, no refused download
    message = str(error)
    assert message.endswith(".") and "\n" not in message, message
    return message, elapsed


def test_built_in_source_is_https() -> None:
    assert cms_update.DEFAULT_PATTERN.startswith("https://")


@pytest.mark.parametrize(
    "options",
    [
        {"source": "http://cms.example.invalid/hcpcs.zip"},
        {"pattern": "http://mirror.example.invalid/{month}-{year}.zip"},
    ],
    ids=["source", "pattern"],
)
def test_plain_http_is_refused_off_this_computer(db: Path, tmp_path: Path, options: dict) -> None:
    message, _ = refused(db, tmp_path / "downloads", **options)
    assert "is a plain http address; MedCode downloads only over https" in message


def test_a_file_address_is_a_source(db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "downloads"
    with ReferenceStore(db) as store:
        outcome = update(store, source=data_file(ZIP_2019).as_uri(), folder=folder, limits=QUICK)
    assert (outcome.status, outcome.release.label, outcome.release.codes) == ("imported", "HCPCS-2019", 6440)
    assert [path.name for path in folder.iterdir()] == [data_file(ZIP_2019).name]


@pytest.mark.skipif(sys.platform == "win32", reason="no device file that never ends at a file: address")
def test_a_device_behind_a_file_address_is_refused(db: Path, tmp_path: Path) -> None:
    message, elapsed = refused(db, tmp_path / "downloads", source="file:///dev/zero")
    assert "is not a regular file" in message and elapsed < HANG_GUARD_S


def test_a_trickling_server_fails_on_the_minimum_rate(hostile: str, db: Path, tmp_path: Path) -> None:
    message, elapsed = refused(db, tmp_path / "downloads", source=f"{hostile}/trickle.zip")
    assert "is too slow" in message and "at least 100 needed" in message, message
    assert elapsed < HANG_GUARD_S


def test_a_download_that_never_ends_fails_at_the_deadline(hostile: str, db: Path, tmp_path: Path) -> None:
    limits = TransferLimits(timeout=2, deadline=2, min_rate=100, rate_window=1)
    message, elapsed = refused(db, tmp_path / "downloads", source=f"{hostile}/steady.zip", limits=limits)
    assert message == f"The download from {hostile.removeprefix('http://')} took longer than 2 s; try again later."
    assert 1.5 < elapsed < HANG_GUARD_S


def test_headers_trickled_for_ever_fail_within_the_timeout(hostile: str, db: Path, tmp_path: Path) -> None:
    message, elapsed = refused(db, tmp_path / "downloads", source=f"{hostile}/slow-headers.zip")
    assert "did not finish its answer's headers within 2 s" in message, message
    assert elapsed < HANG_GUARD_S


def test_a_header_flood_is_named_as_such_not_no_network(hostile: str, db: Path, tmp_path: Path) -> None:
    message, elapsed = refused(db, tmp_path / "downloads", source=f"{hostile}/header-flood.zip")
    host = hostile.removeprefix("http://")
    assert message == f"{host} sent an answer that is not valid HTTP (got more than 100 headers); refused."
    assert elapsed < HANG_GUARD_S


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.2", 0))
        return probe.getsockname()[1]


def test_a_redirect_failure_names_the_host_that_failed(hostile: str, db: Path, tmp_path: Path) -> None:
    port = closed_port()
    message, _ = refused(db, tmp_path / "downloads", source=f"{hostile}/redirect-to-port/{port}")
    assert message.startswith(f"No network: could not reach 127.0.0.2:{port} ("), message


def test_a_redirect_to_remote_plain_http_is_refused(hostile: str, db: Path, tmp_path: Path) -> None:
    message, _ = refused(db, tmp_path / "downloads", source=f"{hostile}/redirect-to-remote-http")
    assert message.startswith("http://cms.example.invalid/hcpcs.zip is a plain http address"), message


def test_a_download_the_importer_refuses_is_deleted(hostile: str, db: Path, tmp_path: Path) -> None:
    message, _ = refused(db, tmp_path / "downloads", source=f"{hostile}/not-a-release.zip")
    assert "holds no CMS HCPCS code file" in message


def test_command_takes_the_deadline_and_minimum_rate(hostile: str, db: Path) -> None:
    @click.group(cls=MedcodeGroup)
    @click.option("--db", "db_path")
    @click.pass_context
    def medcode(ctx: click.Context, db_path: str | None) -> None:
        ctx.obj = {"db_path": db_path}

    medcode.add_command(update_command)
    started = time.perf_counter()
    args = ["--db", str(db), "update", "--source", f"{hostile}/steady.zip", "--deadline", "2", "--min-rate", "10"]
    result = CliRunner().invoke(medcode, args)
    assert result.exit_code == 1 and "took longer than 2 s" in result.stderr, result.output
    assert time.perf_counter() - started < HANG_GUARD_S
