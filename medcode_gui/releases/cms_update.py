"""Update from CMS: download the newest quarterly alpha-numeric HCPCS zip and import it.

This is the only module of the app that touches the network (a test checks it), and it does so only when the
user asks for an update. No Qt here: the CLI (cli_update) and the window (gui/update_task) share it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import http.client
import os
import re
import ssl
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from .. import __version__
from ..codes.errors import DatabaseError, ImportCancelled, MedcodeError
from ..codes.records import ImportOutcome, ProgressCallback, no_progress
from ..importers import read_release
from ..importers.source import Source, open_zip
from ..paths import user_data_dir
from ..store import ReferenceStore

PATTERN_ENV = "MEDCODE_UPDATE_URL_PATTERN"
# CMS's address for the quarterly files since about 2020; older quarters used other names, so the pattern
# can be changed (environment variable or --pattern) without a new release of the app.
DEFAULT_PATTERN = "https://www.cms.gov/files/zip/{month}-{year}-alpha-numeric-hcpcs-file.zip"
QUARTER_MONTHS = (1, 4, 7, 10)  # CMS publishes for January, April, July and October
DEFAULT_QUARTERS = 8
MAX_DOWNLOAD_BYTES = 100 * 1024 * 1024  # a quarterly file is about 2-10 MB; far more is not a release
TIMEOUT_SECONDS = 30.0  # per connect and per read, not for the whole download
CHUNK_BYTES = 64 * 1024
NOT_FOUND = (404, 410)  # "no file for this quarter (yet)": try an older quarter
ALLOWED_SCHEMES = ("http", "https")
DOWNLOADS = "downloads"
PART_SUFFIX = ".part"


@dataclass(frozen=True)
class UpdateOutcome(ImportOutcome):
    """An import outcome that also says where the release came from."""

    url: str = ""
    file: Path | None = None  # the downloaded zip (already deleted when not kept)


class _NotFound(Exception):
    """A candidate address answered 404/410 (or a web page instead of a file): try the next one."""


# Candidate addresses ------------------------------------------------------------------------------------


def resolve_pattern(pattern: str | None = None) -> str:
    """--pattern wins, then MEDCODE_UPDATE_URL_PATTERN, then the CMS address built into the app."""
    return pattern or os.environ.get(PATTERN_ENV) or DEFAULT_PATTERN


def quarters_back(today: dt.date, quarters: int = DEFAULT_QUARTERS) -> list[tuple[int, int]]:
    """(year, month) of the quarter holding today and the ones before it, newest first."""
    month = max(m for m in QUARTER_MONTHS if m <= today.month)
    index = today.year * 4 + QUARTER_MONTHS.index(month)
    return [(i // 4, QUARTER_MONTHS[i % 4]) for i in range(index, index - quarters, -1)]


def candidate_urls(pattern: str, today: dt.date | None = None, quarters: int = DEFAULT_QUARTERS) -> list[str]:
    """The addresses to try, newest quarter first; the same address is listed once."""
    urls: list[str] = []
    for year, month in quarters_back(today or dt.date.today(), quarters):
        url = fill_pattern(pattern, year, month)
        if url not in urls:
            urls.append(url)
    return urls


def fill_pattern(pattern: str, year: int, month: int) -> str:
    """Fill {year} {month} (january) {Month} (January) {mm} (01); any other placeholder is refused."""
    name = dt.date(year, month, 1).strftime("%B")  # English under the C locale Python starts in
    try:
        return pattern.format(year=year, month=name.lower(), Month=name, mm=f"{month:02d}")
    except (KeyError, IndexError, ValueError) as error:
        raise MedcodeError(
            f"The update address pattern {pattern!r} is not valid ({error!r}); "
            "it may use the placeholders {year}, {month}, {Month} and {mm}."
        ) from None


# Downloading --------------------------------------------------------------------------------------------


def check_scheme(url: str) -> None:
    """Only http and https: a file:// (or ftp, data) address would read something other than a download."""
    scheme = urllib.parse.urlsplit(url).scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        raise MedcodeError(
            f"{url} is not an http or https address; give a web address, or import a local file with "
            "`medcode import` instead."
        )


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects (CMS uses them) but only to http and https addresses."""

    def http_error_302(self, req, fp, code, msg, headers):  # noqa: ANN001, ANN201 - urllib's signature
        # Checked before urllib's own check, whose refusal would read as an HTTP error of the server.
        location = headers.get("Location") or headers.get("URI")
        if location:
            check_scheme(urllib.parse.urljoin(req.full_url, location))
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def _opener() -> urllib.request.OpenerDirector:
    """An opener with http(s) handlers only: no file://, ftp:// or data: handler to be tricked into using."""
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),  # honours http(s)_proxy, as a user behind a proxy expects
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(),
        _HttpOnlyRedirects(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


def _host(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return parts.netloc.rpartition("@")[2] or url


def _reason(error: BaseException) -> str:
    """The short cause of a network error: 'Connection refused', 'Name or service not known', 'timed out'."""
    reason = getattr(error, "reason", error)
    if isinstance(reason, BaseException):
        return getattr(reason, "strerror", None) or str(reason) or type(reason).__name__
    return str(reason)


def no_network(url: str, error: BaseException) -> MedcodeError:
    return MedcodeError(
        f"No network: could not reach {_host(url)} ({_reason(error)}); "
        "import a downloaded file with `medcode import` instead."
    )


def open_url(url: str, timeout: float = TIMEOUT_SECONDS, candidate: bool = False) -> http.client.HTTPResponse:
    """GET url; 404/410 (and, while trying candidates, a web page in place of a file) raise _NotFound."""
    check_scheme(url)
    request = urllib.request.Request(url, headers={"User-Agent": f"MedCode-Browser/{__version__}"})
    try:
        response = _opener().open(request, timeout=timeout)
    except urllib.error.HTTPError as error:
        error.close()
        if error.code in NOT_FOUND:
            raise _NotFound(url) from None
        raise MedcodeError(f"{url} answered HTTP {error.code} ({error.reason}); try again later.") from None
    except (urllib.error.URLError, OSError, http.client.HTTPException) as error:
        if isinstance(getattr(error, "reason", error), ssl.SSLError):  # reached, but not trusted: not "no network"
            raise MedcodeError(f"The secure connection to {_host(url)} failed ({_reason(error)}).") from None
        raise no_network(url, error) from None
    # A site may answer a missing file with its "page not found" page and status 200.
    if candidate and response.headers.get_content_type() == "text/html":
        response.close()
        raise _NotFound(url)
    return response


def download(
    url: str,
    destination: str | Path,
    progress: ProgressCallback = no_progress,
    max_bytes: int = MAX_DOWNLOAD_BYTES,
    timeout: float = TIMEOUT_SECONDS,
) -> Path:
    """Download a release zip into the folder destination and return its path.

    The body goes to a temporary file in that folder, renamed only once it is whole and a valid zip, so an
    interrupted, cancelled or damaged download leaves nothing behind. A 404 is one sentence here.
    """
    try:
        response = open_url(url, timeout)
    except _NotFound:
        raise MedcodeError(f"{url} answered 404 Not Found: there is no file at that address.") from None
    with response:
        return save(response, url, Path(destination), progress, max_bytes)


def save(
    response: http.client.HTTPResponse, url: str, folder: Path, progress: ProgressCallback, max_bytes: int
) -> Path:
    """Stream an open response into folder/<name from the address>, checked whole before it gets that name."""
    target = folder / file_name(url)
    expected = _content_length(response, url, max_bytes)
    folder.mkdir(parents=True, exist_ok=True)
    descriptor, part_name = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=PART_SUFFIX)
    part = Path(part_name)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            received = _stream(response, handle, url, target.name, expected, progress, max_bytes)
        if expected is not None and received != expected:
            raise MedcodeError(
                f"The download of {url} is truncated: {received:,} of {expected:,} bytes arrived; try again."
            )
        validate_zip(part, target.name, url)
        os.replace(part, target)
    finally:
        # Whatever went wrong (cancel, Ctrl+C, a damaged body), no partial file is left in the folder.
        with contextlib.suppress(FileNotFoundError):
            part.unlink()
    return target


def file_name(url: str) -> str:
    """The last part of the address as a safe file name ending in .zip."""
    last = urllib.parse.unquote(urllib.parse.urlsplit(url).path).rstrip("/").rpartition("/")[2]
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", last).strip(".-") or "hcpcs-update"
    return name if name.lower().endswith(".zip") else f"{name}.zip"


def megabytes(size: int) -> str:
    return f"{size / 2**20:.0f} MB" if size >= 10 * 2**20 else f"{size / 2**20:.1f} MB"


def _content_length(response: http.client.HTTPResponse, url: str, max_bytes: int) -> int | None:
    """The announced size, refused at once when absurd (so nothing is read)."""
    value = response.headers.get("Content-Length")
    if value is None or not value.strip().isdigit():
        return None
    size = int(value)
    if size > max_bytes:
        raise MedcodeError(
            f"{url} offers {megabytes(size)}, far larger than any HCPCS release (at most {megabytes(max_bytes)}); "
            "refused."
        )
    return size


def _stream(
    response: http.client.HTTPResponse,
    handle: IO[bytes],
    url: str,
    name: str,
    expected: int | None,
    progress: ProgressCallback,
    max_bytes: int,
) -> int:
    """Copy the body in chunks, reporting progress (which may raise ImportCancelled); the bytes received."""
    received = 0
    stage = f"Downloading {name}"
    progress(stage, 0, expected or 0)
    while True:
        try:
            chunk = response.read(CHUNK_BYTES)
        except (OSError, http.client.HTTPException) as error:
            raise MedcodeError(f"The download of {url} broke off ({_reason(error)}); try again.") from None
        if not chunk:
            return received
        received += len(chunk)
        if received > max_bytes:
            raise MedcodeError(f"{url} sent more than {megabytes(max_bytes)}, more than any release; refused.")
        handle.write(chunk)
        progress(stage, received, expected or 0)


def validate_zip(path: Path, name: str, url: str) -> None:
    """A whole zip: the zip signature, the importer's safety checks, and every member's checksum."""
    data = path.read_bytes()
    if data[:4] != b"PK\x03\x04":
        raise MedcodeError(f"{url} did not send a zip file (it starts with {data[:15]!r}); nothing was imported.")
    try:
        with open_zip(Source(name, data, "")) as archive:
            bad = archive.testzip()
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError):
        bad = name
    except MedcodeError as error:
        raise MedcodeError(f"The download of {url} is not usable: {error}") from None
    if bad is not None:
        raise MedcodeError(f"The download of {url} is a damaged zip ({bad} fails its checksum); try again.")


# Finding and importing the newest release ---------------------------------------------------------------


def downloads_folder() -> Path:
    return user_data_dir() / DOWNLOADS


def fetch(
    folder: Path,
    source: str | None = None,
    pattern: str | None = None,
    progress: ProgressCallback = no_progress,
    today: dt.date | None = None,
    timeout: float = TIMEOUT_SECONDS,
) -> tuple[str, Path]:
    """Download the explicit source, or the newest candidate that exists: (its address, the file)."""
    if source:
        return source, download(source, folder, progress, timeout=timeout)
    urls = candidate_urls(resolve_pattern(pattern), today)
    for number, url in enumerate(urls, start=1):
        progress(f"Looking for {url}", number - 1, len(urls))
        try:
            response = open_url(url, timeout, candidate=True)
        except _NotFound:
            continue
        with response:
            return url, save(response, url, folder, progress, MAX_DOWNLOAD_BYTES)
    raise MedcodeError(
        f"No HCPCS file was found at the {len(urls)} addresses tried, from {urls[0]} back to {urls[-1]}; "
        f"CMS may have renamed them: set {PATTERN_ENV} or give --source."
    )


def update(
    store: ReferenceStore,
    source: str | None = None,
    pattern: str | None = None,
    progress: ProgressCallback = no_progress,
    today: dt.date | None = None,
    folder: str | Path | None = None,
    keep: bool = True,
    timeout: float = TIMEOUT_SECONDS,
) -> UpdateOutcome:
    """Download the newest quarterly HCPCS zip (or source) and import it in one transaction."""
    if store.read_only:  # say so before downloading megabytes that cannot be written
        raise DatabaseError(f"{store.path} is read-only; importing is disabled.")
    if source:
        check_scheme(source)
    url, path = fetch(Path(folder) if folder else downloads_folder(), source, pattern, progress, today, timeout)
    try:
        outcome = store.import_release(read_release(path, progress=progress), progress=progress)
    except ImportCancelled:
        path.unlink(missing_ok=True)  # cancelled: leave nothing, as a cancelled import does
        raise
    finally:
        if not keep:
            path.unlink(missing_ok=True)
    return UpdateOutcome(outcome.release, outcome.status, outcome.warnings, url=url, file=path)
