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
import tempfile
import time
import urllib.parse
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from ..codes.errors import DatabaseError, ImportCancelled, ImportFormatError, MedcodeError
from ..codes.records import ImportOutcome, ProgressCallback, no_progress
from ..importers import read_release
from ..importers.source import Source, open_zip
from ..paths import user_data_dir
from ..store import ReferenceStore
from .cms_transfer import (
    TIMEOUT_SECONDS,
    LocalFile,
    NotFound,
    Transfer,
    TransferLimits,
    check_scheme,
    host_of,
    open_url,
    reason_of,
)

PATTERN_ENV = "MEDCODE_UPDATE_URL_PATTERN"
# CMS's address for the quarterly files since about 2020; older quarters used other names, so the pattern
# can be changed (environment variable or --pattern) without a new release of the app.
DEFAULT_PATTERN = "https://www.cms.gov/files/zip/{month}-{year}-alpha-numeric-hcpcs-file.zip"
QUARTER_MONTHS = (1, 4, 7, 10)  # CMS publishes for January, April, July and October
DEFAULT_QUARTERS = 8
MAX_DOWNLOAD_BYTES = 100 * 1024 * 1024  # a quarterly file is about 2-10 MB; far more is not a release
CHUNK_BYTES = 64 * 1024
DOWNLOADS = "downloads"
PART_SUFFIX = ".part"


@dataclass(frozen=True)
class UpdateOutcome(ImportOutcome):
    """An import outcome that also says where the release came from."""

    url: str = ""
    file: Path | None = None  # the downloaded zip (already deleted when not kept)


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


def download(
    url: str,
    destination: str | Path,
    progress: ProgressCallback = no_progress,
    max_bytes: int = MAX_DOWNLOAD_BYTES,
    timeout: float = TIMEOUT_SECONDS,
    limits: TransferLimits | None = None,
) -> Path:
    """Download a release zip (an https address, a loopback http one, or a file: one) into destination.

    The body goes to a temporary file in that folder, renamed only once it is whole and a valid zip, so an
    interrupted, cancelled, too slow or damaged download leaves nothing behind. A 404 is one sentence here.
    """
    limits = limits or TransferLimits(timeout=timeout)
    check_scheme(url, explicit=True)
    if urllib.parse.urlsplit(url).scheme.lower() == "file":
        with LocalFile(url) as local:
            return save(local, url, Path(destination), progress, max_bytes)
    try:
        response, transfer = open_url(url, limits)
    except NotFound:
        raise MedcodeError(f"{url} answered 404 Not Found: there is no file at that address.") from None
    try:
        with response:
            return save(response, url, Path(destination), progress, max_bytes, transfer)
    finally:
        transfer.disarm()


def save(
    response: http.client.HTTPResponse | LocalFile,
    url: str,
    folder: Path,
    progress: ProgressCallback,
    max_bytes: int,
    transfer: Transfer | None = None,
) -> Path:
    """Stream an open response into folder/<name from the address>, checked whole before it gets that name."""
    target = folder / file_name(url)
    expected = _content_length(response, url, max_bytes)
    folder.mkdir(parents=True, exist_ok=True)
    descriptor, part_name = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=PART_SUFFIX)
    part = Path(part_name)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            received = _stream(response, handle, url, target.name, expected, progress, max_bytes, transfer)
        if expected is not None and received != expected:
            raise MedcodeError(
                f"The download of {url} is truncated: {received:,} of {expected:,} bytes arrived; try again."
            )
        validate_zip(part, target.name, url)
        os.replace(part, target)
    finally:
        # Whatever went wrong (cancel, Ctrl+C, too slow, a damaged body), no partial file is left in the folder.
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
    response: http.client.HTTPResponse | LocalFile,
    handle: IO[bytes],
    url: str,
    name: str,
    expected: int | None,
    progress: ProgressCallback,
    max_bytes: int,
    transfer: Transfer | None,
) -> int:
    """Copy the body as it arrives, reporting progress (which may raise ImportCancelled); the bytes received.

    read1 returns whatever has arrived, so a server trickling bytes is measured against the minimum rate
    between its bytes, not only when a whole chunk is in; the transfer's deadline shuts the socket if it passes.
    """
    received = 0
    stage = f"Downloading {name}"
    progress(stage, 0, expected or 0)
    rate = _RateCheck(url, transfer)
    while True:
        try:
            chunk = response.read1(CHUNK_BYTES)
        except (OSError, http.client.HTTPException) as error:
            rate.check_deadline()
            raise MedcodeError(f"The download of {url} broke off ({reason_of(error)}); try again.") from None
        rate.check_deadline()  # a shut socket reads as the end of the body
        if not chunk:
            return received
        received += len(chunk)
        if received > max_bytes:
            raise MedcodeError(f"{url} sent more than {megabytes(max_bytes)}, more than any release; refused.")
        handle.write(chunk)
        rate.check(received)
        progress(stage, received, expected or 0)


class _RateCheck:
    """The bytes of each window of limits.rate_window seconds, held to limits.min_rate (none for a local file)."""

    def __init__(self, url: str, transfer: Transfer | None) -> None:
        self.url, self.transfer = url, transfer
        self.since, self.at = time.monotonic(), 0

    def check_deadline(self) -> None:
        if self.transfer is not None and self.transfer.expired:
            raise MedcodeError(
                f"The download from {host_of(self.url)} took longer than {self.transfer.limits.deadline:g} s; "
                "try again later."
            )

    def check(self, received: int) -> None:
        if self.transfer is None:
            return
        limits, elapsed = self.transfer.limits, time.monotonic() - self.since
        if elapsed < limits.rate_window:
            return
        if received - self.at < limits.min_rate * elapsed:
            raise MedcodeError(
                f"The download from {host_of(self.url)} is too slow ({(received - self.at) / elapsed:,.0f} bytes a "
                f"second over {elapsed:.0f} s, at least {limits.min_rate:,.0f} needed); try again later."
            )
        self.since, self.at = time.monotonic(), received


def validate_zip(path: Path, name: str, url: str) -> None:
    """A whole zip: the zip signature, the importer's safety checks, and every member's checksum."""
    with path.open("rb") as handle:
        start = handle.read(15)
    if start[:4] != b"PK\x03\x04":
        raise MedcodeError(f"{url} did not send a zip file (it starts with {start!r}); nothing was imported.")
    source = Source(name, None, "", path=path, size=path.stat().st_size, head=start)
    try:
        with open_zip(source) as archive:  # sizes, ratios and nesting checked before testzip inflates anything
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
    limits: TransferLimits | None = None,
) -> tuple[str, Path]:
    """Download the explicit source, or the newest candidate that exists: (its address, the file)."""
    limits = limits or TransferLimits()
    if source:
        return source, download(source, folder, progress, limits=limits)
    urls = candidate_urls(resolve_pattern(pattern), today)
    for number, url in enumerate(urls, start=1):
        progress(f"Looking for {url}", number - 1, len(urls))
        try:
            response, transfer = open_url(url, limits, candidate=True)
        except NotFound:
            continue
        try:
            with response:
                return url, save(response, url, folder, progress, MAX_DOWNLOAD_BYTES, transfer)
        finally:
            transfer.disarm()
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
    limits: TransferLimits | None = None,
) -> UpdateOutcome:
    """Download the newest quarterly HCPCS zip (or source) and import it in one transaction.

    A download the importer refuses (a hostile or foreign zip) is deleted, as is one whose import is cancelled.
    """
    if store.read_only:  # say so before downloading megabytes that cannot be written
        raise DatabaseError(f"{store.path} is read-only; importing is disabled.")
    if source:
        check_scheme(source, explicit=True)
    limits = limits or TransferLimits(timeout=timeout)
    url, path = fetch(Path(folder) if folder else downloads_folder(), source, pattern, progress, today, limits)
    try:
        outcome = store.import_release(read_release(path, progress=progress), progress=progress)
    except (ImportCancelled, ImportFormatError):
        path.unlink(missing_ok=True)  # cancelled or refused: leave nothing, as a failed import does
        raise
    finally:
        if not keep:
            path.unlink(missing_ok=True)
    return UpdateOutcome(outcome.release, outcome.status, outcome.warnings, url=url, file=path)
