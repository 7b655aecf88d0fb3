"""Update from CMS, against a local HTTP server on 127.0.0.1 serving the real 2019 zip and broken variants.

No test reaches beyond this machine: a failed name lookup is faked (the resolver may be a remote address).
"""

from __future__ import annotations

import datetime as dt
import re
import socket
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from fake_cms import ZIP_NAME, Handler

import medcode_gui
from medcode_gui.cli import cli
from medcode_gui.codes.errors import ImportCancelled, MedcodeError
from medcode_gui.releases import cms_update
from medcode_gui.releases.cms_update import candidate_urls, download, update
from medcode_gui.store import ReferenceStore

PACKAGE = Path(medcode_gui.__file__).resolve().parent
NETWORK_MODULES = {Path("releases") / "cms_update.py", Path("releases") / "cms_transfer.py"}


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No proxy in the way of 127.0.0.1, no pattern from the developer's shell, user data in tmp_path."""
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv(cms_update.PATTERN_ENV, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "user-data"))


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "update.sqlite"
    ReferenceStore(path).close()
    return path


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run_update(db: Path, folder: Path, **options: object) -> cms_update.UpdateOutcome:
    with ReferenceStore(db) as store:
        return update(store, folder=folder, timeout=5, **options)


def failure_of(db: Path, folder: Path, **options: object) -> str:
    """The sentence of a failing update, after checking it changed neither the database nor the folder."""
    before = db.read_bytes()
    with pytest.raises(MedcodeError) as caught:
        run_update(db, folder, **options)
    assert db.read_bytes() == before
    assert not folder.exists() or list(folder.iterdir()) == []  # no partial file, no .part leftover
    return str(caught.value)


def one_sentence(text: str) -> bool:
    return text.endswith(".") and "\n" not in text and not re.search(r"\.\s+[A-Z]", text)


# Candidate addresses ------------------------------------------------------------------------------------


def test_candidates_newest_quarter_first() -> None:
    urls = candidate_urls(cms_update.DEFAULT_PATTERN, dt.date(2025, 5, 20), quarters=6)
    assert urls == [
        f"https://www.cms.gov/files/zip/{month}-alpha-numeric-hcpcs-file.zip"
        for month in ("april-2025", "january-2025", "october-2024", "july-2024", "april-2024", "january-2024")
    ]
    assert len(candidate_urls(cms_update.DEFAULT_PATTERN, dt.date(2025, 1, 1))) == 8
    other = candidate_urls("https://m.example/{Month}_{mm}_{year}.zip", dt.date(2024, 12, 31), quarters=2)
    assert other == ["https://m.example/October_10_2024.zip", "https://m.example/July_07_2024.zip"]
    assert candidate_urls("https://m.example/latest.zip", dt.date(2024, 12, 31)) == ["https://m.example/latest.zip"]


def test_pattern_comes_from_option_then_environment_then_code(monkeypatch: pytest.MonkeyPatch) -> None:
    assert cms_update.resolve_pattern() == cms_update.DEFAULT_PATTERN
    monkeypatch.setenv(cms_update.PATTERN_ENV, "https://mirror.example/{year}.zip")
    assert cms_update.resolve_pattern() == "https://mirror.example/{year}.zip"
    assert cms_update.resolve_pattern("https://other.example/{year}.zip") == "https://other.example/{year}.zip"
    with pytest.raises(MedcodeError, match="placeholders"):
        candidate_urls("https://m.example/{quarter}.zip", dt.date(2024, 1, 1))


# Downloading and importing ------------------------------------------------------------------------------


def test_update_from_source_imports_the_2019_release(server: str, db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "downloads"
    stages: list[str] = []
    outcome = run_update(db, folder, source=f"{server}/files/{ZIP_NAME}", progress=lambda s, d, t: stages.append(s))
    assert (outcome.status, outcome.release.label, outcome.release.codes) == ("imported", "HCPCS-2019", 6440)
    assert outcome.release.modifiers == 360
    assert outcome.file == folder / ZIP_NAME and outcome.file.read_bytes() == Handler.zip_bytes
    assert [p.name for p in folder.iterdir()] == [ZIP_NAME]
    assert f"Downloading {ZIP_NAME}" in stages and "Writing codes" in stages
    again = run_update(db, folder, source=f"{server}/files/{ZIP_NAME}", keep=False)
    assert again.status == "unchanged" and list(folder.iterdir()) == []


def test_download_reports_bytes_against_content_length(server: str, tmp_path: Path) -> None:
    reports: list[tuple[str, int, int]] = []
    path = download(f"{server}/files/{ZIP_NAME}", tmp_path, lambda *r: reports.append(r), timeout=5)
    size = len(Handler.zip_bytes)
    assert path.read_bytes() == Handler.zip_bytes
    assert reports[0] == (f"Downloading {ZIP_NAME}", 0, size) and reports[-1] == (f"Downloading {ZIP_NAME}", size, size)
    assert [done for _, done, _ in reports] == sorted(done for _, done, _ in reports)


def test_pattern_mode_skips_missing_quarters_to_the_newest_that_exists(server: str, db: Path, tmp_path: Path) -> None:
    tried: list[str] = []

    def progress(stage: str, done: int, total: int) -> None:
        if stage.startswith("Looking for "):
            tried.append(stage.removeprefix("Looking for "))

    folder = tmp_path / "downloads"
    outcome = run_update(
        db, folder, pattern=f"{server}/quarters/{{month}}-{{year}}.zip", today=dt.date(2025, 3, 1), progress=progress
    )
    # january-2025 is a 404, october-2024 a "not found" web page, july-2024 the file.
    assert [url.rpartition("/")[2] for url in tried] == ["january-2025.zip", "october-2024.zip", "july-2024.zip"]
    assert outcome.url == f"{server}/quarters/july-2024.zip"
    assert (outcome.release.label, outcome.release.codes) == ("HCPCS-2019", 6440)
    assert [p.name for p in folder.iterdir()] == ["july-2024.zip"]


def test_every_quarter_missing_names_the_newest_and_oldest_address(server: str, db: Path, tmp_path: Path) -> None:
    message = failure_of(
        db, tmp_path / "downloads", pattern=f"{server}/none/{{month}}-{{year}}.zip", today=dt.date(2025, 3, 1)
    )
    assert f"{server}/none/january-2025.zip" in message and f"{server}/none/april-2023.zip" in message
    assert "8 addresses" in message and one_sentence(message)


@pytest.mark.parametrize(
    ("route", "expected"),
    [
        ("/truncated.zip", "damaged or truncated zip"),
        ("/lying.zip", "is truncated"),
        ("/notzip.zip", "did not send a zip file"),
        ("/huge.zip", "far larger than any HCPCS release"),
        ("/error.zip", "answered HTTP 500"),
        ("/missing.zip", "404 Not Found"),
    ],
)
def test_bad_answers_give_one_sentence_and_change_nothing(
    server: str, db: Path, tmp_path: Path, route: str, expected: str
) -> None:
    message = failure_of(db, tmp_path / "downloads", source=f"{server}{route}")
    assert expected in message and one_sentence(message), message


def test_a_body_over_the_maximum_is_refused_while_streaming(server: str, tmp_path: Path) -> None:
    whole = download(f"{server}/no-length.zip", tmp_path / "whole", timeout=5)  # no Content-Length is fine
    assert whole.read_bytes() == Handler.zip_bytes
    with pytest.raises(MedcodeError, match="more than any release"):
        download(f"{server}/no-length.zip", tmp_path / "capped", max_bytes=100_000, timeout=5)
    assert list((tmp_path / "capped").iterdir()) == []


@pytest.mark.parametrize(
    "cancel_now",
    [
        lambda stage, done, total: stage.startswith("Downloading") and done > total // 3,  # mid-download
        lambda stage, done, total: stage == "Writing codes" and done,  # during the import
    ],
    ids=["mid-download", "during-import"],
)
def test_cancel_leaves_nothing(server: str, db: Path, tmp_path: Path, cancel_now) -> None:  # noqa: ANN001
    def progress(stage: str, done: int, total: int) -> None:
        if cancel_now(stage, done, total):
            raise ImportCancelled("Update cancelled; the database is unchanged.")

    before = db.read_bytes()
    folder = tmp_path / "downloads"
    with pytest.raises(ImportCancelled):
        run_update(db, folder, source=f"{server}/files/{ZIP_NAME}", progress=progress)
    assert db.read_bytes() == before and list(folder.iterdir()) == []


def test_refused_port_says_no_network(db: Path, tmp_path: Path) -> None:
    message = failure_of(db, tmp_path / "downloads", source=f"http://127.0.0.1:{closed_port()}/{ZIP_NAME}")
    assert message.startswith("No network: could not reach 127.0.0.1:")
    assert "refused" in message and "`medcode import`" in message and one_sentence(message)


def test_unknown_host_says_no_network(db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_getaddrinfo = socket.getaddrinfo

    def getaddrinfo(host: str, *args: object, **kwargs: object) -> object:
        # The resolver here is a remote address, which tests must not contact; answer as it would for .invalid.
        if str(host).endswith(".invalid"):
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    message = failure_of(
        db, tmp_path / "downloads", pattern="https://cms.invalid/{month}-{year}.zip", today=dt.date(2025, 3, 1)
    )
    assert message == (
        "No network: could not reach cms.invalid (Name or service not known); "
        "import a downloaded file with `medcode import` instead."
    )


@pytest.mark.parametrize("source", ["ftp://example.org/x.zip", "data:,hello", "gopher://example.org/x.zip"])
def test_only_http_and_https_addresses(db: Path, tmp_path: Path, source: str) -> None:
    message = failure_of(db, tmp_path / "downloads", source=source)
    assert "is not an http or https address" in message and one_sentence(message)


def test_redirect_to_a_local_file_is_refused(server: str, db: Path, tmp_path: Path) -> None:
    message = failure_of(db, tmp_path / "downloads", source=f"{server}/redirect-to-file")
    assert "file:///etc/passwd is not an http or https address" in message


def test_read_only_database_refused_before_downloading(db: Path, tmp_path: Path) -> None:
    db.chmod(0o444)
    try:
        with ReferenceStore(db) as store:
            assert store.read_only  # even for root: the owner's read-only mark is honoured
            with pytest.raises(MedcodeError, match="read-only"):
                update(store, source="http://127.0.0.1:9/never-contacted.zip", folder=tmp_path / "downloads")
    finally:
        db.chmod(0o644)
    assert not (tmp_path / "downloads").exists()


# The command --------------------------------------------------------------------------------------------


@pytest.fixture
def medcode() -> click.Group:
    """The real `medcode` group: the command is tested as the user reaches it (a group without it fails)."""
    return cli


def test_command_imports_and_prints_one_summary_line(server: str, db: Path, tmp_path: Path, medcode) -> None:
    runner = CliRunner()
    args = ["--db", str(db), "update", "--source", f"{server}/files/{ZIP_NAME}"]
    result = runner.invoke(medcode, args)
    assert result.exit_code == 0, result.output
    assert re.fullmatch(
        rf"{ZIP_NAME}: imported HCPCS-2019 \(effective 2019-01-01\): 6,440 codes, 360 modifiers in [\d.]+ s\n",
        result.stdout,
    )
    assert f"update: Downloading {ZIP_NAME}" in result.stderr
    downloads = tmp_path / "user-data" / "MedCode Browser" / "downloads"
    assert [p.name for p in downloads.iterdir()] == [ZIP_NAME]
    again = runner.invoke(medcode, [*args, "--no-keep"])
    assert again.exit_code == 0 and again.stdout.startswith(f"{ZIP_NAME}: unchanged HCPCS-2019")
    assert list(downloads.iterdir()) == []


def test_command_failure_is_one_sentence_and_status_1(server: str, db: Path, medcode) -> None:
    result = CliRunner().invoke(medcode, ["--db", str(db), "update", "--source", f"{server}/lying.zip"])
    assert result.exit_code == 1 and result.stdout == ""
    lines = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(lines) == 1 and "is truncated" in lines[0]
    refused = CliRunner().invoke(medcode, ["--db", str(db), "update", "--source", "ftp://example.org/x.zip"])
    assert refused.exit_code == 1 and "not an http or https address" in refused.stderr


def test_command_pattern_option(server: str, db: Path, medcode, monkeypatch: pytest.MonkeyPatch) -> None:
    # The command tries quarters from today's: the fake site holds the one before today's quarter only.
    year, month = cms_update.quarters_back(dt.date.today())[1]
    name = f"{cms_update.fill_pattern('{month}', year, month)}-{year}.zip"
    monkeypatch.setattr(Handler, "existing_quarter", f"/quarters/{name}")
    pattern = f"{server}/quarters/{{month}}-{{year}}.zip"
    result = CliRunner().invoke(medcode, ["--db", str(db), "update", "--pattern", pattern])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"{name}: imported HCPCS-2019")
    assert result.stderr.count("update: Looking for") == 2


def test_cli_module_loads_no_network_code_for_help() -> None:
    """The cli package imports the update command at start: that must stay cheap and free of network code."""
    code = (
        "import sys; import medcode_gui.cli as c; from medcode_gui.cli.update import update_command; "
        "c.cli.add_command(update_command); "
        "print(sorted(m for m in ('urllib.request', 'http.client', 'medcode_gui.releases.cms_update') "
        "if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
    from medcode_gui.cli import update as cli_update

    assert cli_update.PATTERN_ENV == cms_update.PATTERN_ENV


# The window's worker ------------------------------------------------------------------------------------


def wait_until_deleted(qtbot, thread) -> None:  # noqa: ANN001 - QtBot, QThread
    """start_update deletes the thread once it has finished: gone means done, and safe to leave."""
    import shiboken6

    qtbot.waitUntil(lambda: not shiboken6.isValid(thread), timeout=10_000)


def test_worker_imports_on_a_thread(qtbot, server: str, db: Path, tmp_path: Path) -> None:
    from medcode_gui.gui.releases.update_task import UpdateWorker, start_update

    worker = UpdateWorker(db, source=f"{server}/files/{ZIP_NAME}", folder=tmp_path / "downloads", timeout=5)
    stages: list[str] = []
    worker.progress.connect(lambda stage, done, total: stages.append(stage))
    with qtbot.waitSignal(worker.succeeded, timeout=60_000) as signal:
        thread = start_update(worker, None)
    assert signal.args[0] == [f"{ZIP_NAME}: imported HCPCS-2019 (6,440 codes, 360 modifiers)"]
    assert f"Downloading {ZIP_NAME}" in stages
    wait_until_deleted(qtbot, thread)


def test_worker_reports_failure_and_cancel(qtbot, server: str, db: Path, tmp_path: Path) -> None:
    from medcode_gui.gui.releases.update_task import CANCELLED, UpdateWorker, start_update

    before = db.read_bytes()
    broken = UpdateWorker(db, source=f"{server}/truncated.zip", folder=tmp_path / "downloads", timeout=5)
    with qtbot.waitSignal(broken.failed, timeout=30_000) as signal:
        first = start_update(broken, None)
    assert "damaged or truncated zip" in signal.args[0] and signal.args[0].endswith("The database is unchanged.")
    wait_until_deleted(qtbot, first)

    cancelled = UpdateWorker(db, source=f"{server}/files/{ZIP_NAME}", folder=tmp_path / "downloads", timeout=5)
    cancelled.cancel()  # before the first chunk: the first progress report stops it
    with qtbot.waitSignal(cancelled.failed, timeout=30_000) as signal:
        second = start_update(cancelled, None)
    assert signal.args[0] == CANCELLED
    wait_until_deleted(qtbot, second)
    assert db.read_bytes() == before and list((tmp_path / "downloads").iterdir()) == []


def test_worker_cancel_from_a_signal_of_the_window_thread(qtbot, server: str, db: Path, tmp_path: Path) -> None:
    """As the progress dialog does: its canceled signal, connected to worker.cancel, stops the running worker."""
    from PySide6.QtCore import QObject, Signal, Slot

    from medcode_gui.gui.releases.update_task import CANCELLED, UpdateWorker, start_update

    class Dialog(QObject):
        canceled = Signal()

        @Slot(str, int, int)
        def on_progress(self, stage: str, done: int, total: int) -> None:  # runs on the window's thread
            if done:
                self.canceled.emit()

    before = db.read_bytes()
    dialog = Dialog()
    worker = UpdateWorker(db, source=f"{server}/files/{ZIP_NAME}", folder=tmp_path / "downloads", timeout=5)
    worker.progress.connect(dialog.on_progress)
    dialog.canceled.connect(worker.cancel)
    with qtbot.waitSignal(worker.failed, timeout=60_000) as signal:
        thread = start_update(worker, None)
    assert signal.args[0] == CANCELLED
    wait_until_deleted(qtbot, thread)
    assert db.read_bytes() == before and list((tmp_path / "downloads").iterdir()) == []


# Only this module touches the network -------------------------------------------------------------------

NETWORK_IMPORT = re.compile(
    r"^\s*(?:import|from)\s+(?:urllib|http|socket|ssl|requests|httpx|aiohttp|PySide6\.QtNetwork)\b"
    r"|QtNetwork|QNetworkAccessManager",
    re.MULTILINE,
)


def test_no_other_module_imports_network_code() -> None:
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.relative_to(PACKAGE) not in NETWORK_MODULES and NETWORK_IMPORT.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
    assert all(NETWORK_IMPORT.search((PACKAGE / module).read_text(encoding="utf-8")) for module in NETWORK_MODULES)
