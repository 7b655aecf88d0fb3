"""The network side of update from CMS: which addresses may be used, and one GET within limits of time.

With cms_update the only modules of the app that touch the network (a test checks it). Every wait is bounded:
each read by a timeout, the answer's headers by the same time in all, the whole download by a deadline that
shuts the socket itself when it passes, and the body by a minimum rate; errors name the host that failed.
"""

from __future__ import annotations

import contextlib
import email.message
import http.client
import ipaddress
import socket
import ssl
import stat
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .. import __version__
from ..codes.errors import MedcodeError

TIMEOUT_SECONDS = 30.0  # per connect and per read, and for the whole answer's headers
DEADLINE_SECONDS = 600.0  # the whole download, however the server sends it
MIN_RATE = 1024  # bytes a second, averaged over RATE_WINDOW_SECONDS: slower is a stalled or hostile server
RATE_WINDOW_SECONDS = 20.0
NOT_FOUND = (404, 410)  # "no file for this quarter (yet)": try an older quarter
LOOPBACK_NAMES = ("localhost", "localhost.")


@dataclass(frozen=True)
class TransferLimits:
    """How long a download may take: per read, for the headers, overall, and the slowest rate accepted."""

    timeout: float = TIMEOUT_SECONDS
    deadline: float = DEADLINE_SECONDS
    min_rate: float = MIN_RATE
    rate_window: float = RATE_WINDOW_SECONDS


class NotFound(Exception):
    """A candidate address answered 404/410 (or a web page instead of a file): try the next one."""


def is_loopback(url: str) -> bool:
    """The address names this computer (127.0.0.0/8, ::1, localhost): nothing crosses a network."""
    host = (urllib.parse.urlsplit(url).hostname or "").lower()
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_scheme(url: str, explicit: bool = False) -> None:
    """https only; plain http only on this computer (a local mirror or a test); file: only as an explicit source.

    The release is imported with no signature to check, so only https says it came from the site named.
    """
    scheme = urllib.parse.urlsplit(url).scheme.lower()
    if scheme == "https" or (scheme == "file" and explicit):
        return
    if scheme == "http":
        if is_loopback(url):
            return
        raise MedcodeError(
            f"{url} is a plain http address; MedCode downloads only over https (plain http only from this "
            "computer, for a local mirror)."
        )
    raise MedcodeError(
        f"{url} is not an http or https address; give a web address, or import a local file with "
        "`medcode import` instead."
    )


class _HttpsOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects (CMS uses them) to https only (to plain http only from an address of this computer).

    Remembers the address it was sent to last, so an error names the host that really failed.
    """

    def __init__(self, url: str) -> None:
        super().__init__()
        self.current = url

    def http_error_302(self, req, fp, code, msg, headers):  # noqa: ANN001, ANN201 - urllib's signature
        # Checked before urllib's own check, whose refusal would read as an HTTP error of the server.
        location = headers.get("Location") or headers.get("URI")
        if location:
            target = urllib.parse.urljoin(req.full_url, location)
            check_scheme(target)
            if urllib.parse.urlsplit(target).scheme == "http" and not is_loopback(req.full_url):
                raise MedcodeError(f"{host_of(req.full_url)} redirected to {target}, a plain http address; refused.")
            self.current = target
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


class Transfer:
    """One download's clock. Its deadline is enforced on the socket itself: when it passes, the socket is shut,
    so no read (of a header line trickled a byte at a time, or of the body) can outlast it."""

    def __init__(self, limits: TransferLimits) -> None:
        self.limits = limits
        self.started = time.monotonic()
        self.expired = ""  # what was too slow, once the deadline has passed
        self._sockets: list[socket.socket] = []
        self._timer: threading.Timer | None = None

    def arm(self, seconds: float, what: str) -> None:
        """Shut the connection after seconds (from now), unless disarmed first; `what` says what was too slow."""
        self.disarm()
        self._timer = threading.Timer(max(seconds, 0.0), self._expire, [what])
        self._timer.daemon = True
        self._timer.start()

    def disarm(self) -> None:
        if self._timer is not None:
            self._timer.cancel()

    def remaining(self) -> float:
        return self.limits.deadline - (time.monotonic() - self.started)

    def attach(self, sock: socket.socket) -> None:
        self._sockets.append(sock)
        if self.expired:
            self._shut(sock)

    def _expire(self, what: str) -> None:
        self.expired = what
        for sock in self._sockets:
            self._shut(sock)

    @staticmethod
    def _shut(sock: socket.socket) -> None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)  # wakes a blocked recv on every platform; close() alone may not


def _watched(base: type[http.client.HTTPConnection], transfer: Transfer) -> type[http.client.HTTPConnection]:
    class Watched(base):  # type: ignore[valid-type, misc]
        def connect(self) -> None:
            super().connect()
            transfer.attach(self.sock)

    return Watched


class _WatchedHttp(urllib.request.HTTPHandler):
    def __init__(self, transfer: Transfer) -> None:
        super().__init__()
        self._connection = _watched(http.client.HTTPConnection, transfer)

    def http_open(self, req):  # noqa: ANN001, ANN201 - urllib's signature
        return self.do_open(self._connection, req)


class _WatchedHttps(urllib.request.HTTPSHandler):
    def __init__(self, transfer: Transfer) -> None:
        super().__init__()
        self._connection = _watched(http.client.HTTPSConnection, transfer)

    def https_open(self, req):  # noqa: ANN001, ANN201 - urllib's signature
        return self.do_open(self._connection, req, context=self._context, check_hostname=self._check_hostname)


def _opener(transfer: Transfer, redirects: _HttpsOnlyRedirects) -> urllib.request.OpenerDirector:
    """An opener with http(s) handlers only: no file://, ftp:// or data: handler to be tricked into using."""
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),  # honours http(s)_proxy, as a user behind a proxy expects
        _WatchedHttp(transfer),
        _WatchedHttps(transfer),
        redirects,
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


def host_of(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return parts.netloc.rpartition("@")[2] or url


def reason_of(error: BaseException) -> str:
    """The short cause of a network error: 'Connection refused', 'Name or service not known', 'timed out'."""
    reason = getattr(error, "reason", error)
    if isinstance(reason, BaseException):
        return getattr(reason, "strerror", None) or str(reason) or type(reason).__name__
    return str(reason)


def no_network(url: str, error: BaseException) -> MedcodeError:
    return MedcodeError(
        f"No network: could not reach {host_of(url)} ({reason_of(error)}); "
        "import a downloaded file with `medcode import` instead."
    )


def too_slow(url: str, transfer: Transfer) -> MedcodeError:
    limits = transfer.limits
    if transfer.expired == "headers":
        return MedcodeError(
            f"{host_of(url)} did not finish its answer's headers within {limits.timeout:g} s; "
            "it is stalled or hostile, refused."
        )
    return MedcodeError(f"The download from {host_of(url)} took longer than {limits.deadline:g} s; try again later.")


def _failure(url: str, error: BaseException, transfer: Transfer) -> MedcodeError:
    """The sentence for a GET that failed before its answer's body: what really failed, and where."""
    if transfer.expired:
        return too_slow(url, transfer)
    if isinstance(error, http.client.RemoteDisconnected):
        return MedcodeError(f"{host_of(url)} closed the connection without answering; try again later.")
    if isinstance(error, http.client.HTTPException):  # too many headers, a header line too long, no HTTP at all
        return MedcodeError(f"{host_of(url)} sent an answer that is not valid HTTP ({reason_of(error)}); refused.")
    reason = getattr(error, "reason", error)
    if isinstance(reason, ssl.SSLError):  # reached, but not trusted: not "no network"
        return MedcodeError(f"The secure connection to {host_of(url)} failed ({reason_of(error)}).")
    if isinstance(reason, TimeoutError):
        return MedcodeError(f"{host_of(url)} did not answer within {transfer.limits.timeout:g} s; try again later.")
    return no_network(url, error)


def open_url(
    url: str, limits: TransferLimits | None = None, candidate: bool = False
) -> tuple[http.client.HTTPResponse, Transfer]:
    """GET url: the answer (its body unread) and the transfer that bounds reading it; close and disarm both.

    404/410 (and, while trying candidates, a web page in place of a file) raise NotFound.
    """
    check_scheme(url)
    transfer, redirects = Transfer(limits or TransferLimits()), _HttpsOnlyRedirects(url)
    request = urllib.request.Request(url, headers={"User-Agent": f"MedCode-Browser/{__version__}"})
    transfer.arm(transfer.limits.timeout, "headers")  # a header trickled a byte at a time is cut here
    try:
        response = _opener(transfer, redirects).open(request, timeout=transfer.limits.timeout)
        if transfer.expired:  # the socket was shut mid-headers: what arrived is not an answer
            response.close()
            raise too_slow(redirects.current, transfer)
    except urllib.error.HTTPError as error:
        transfer.disarm()
        error.close()
        if error.code in NOT_FOUND:
            raise NotFound(url) from None
        answer = f"HTTP {error.code} ({error.reason})"
        raise MedcodeError(f"{redirects.current} answered {answer}; try again later.") from None
    except (urllib.error.URLError, OSError, http.client.HTTPException) as error:
        transfer.disarm()
        raise _failure(redirects.current, error, transfer) from None
    except BaseException:
        transfer.disarm()
        raise
    transfer.arm(transfer.remaining(), "download")
    # A site may answer a missing file with its "page not found" page and status 200.
    if candidate and response.headers.get_content_type() == "text/html":
        transfer.disarm()
        response.close()
        raise NotFound(url)
    return response, transfer


class LocalFile:
    """A file: address (an explicit --source on this computer) read like an answer: headers and read1."""

    def __init__(self, url: str) -> None:
        parts = urllib.parse.urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            raise MedcodeError(f"{url} names a file on another computer; give a local file or a web address.")
        path = Path(urllib.request.url2pathname(parts.path))
        try:
            if not stat.S_ISREG(path.stat().st_mode):
                raise MedcodeError(f"{path} is not a regular file (a device, pipe or socket); refused.")
            self._file: BinaryIO = path.open("rb")
        except OSError as error:
            raise MedcodeError(f"{path} cannot be read: {error.strerror or error}.") from None
        self.headers = email.message.Message()
        self.headers["Content-Length"] = str(path.stat().st_size)

    def read1(self, size: int) -> bytes:
        return self._file.read1(size)

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> LocalFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
