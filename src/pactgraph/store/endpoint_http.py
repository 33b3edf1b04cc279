"""HTTP for endpoints: a total deadline per request, and credentials from the environment.

Credentials come only from the environment — ``PACTGRAPH_ENDPOINT_TOKEN`` (a bearer token) or
``PACTGRAPH_ENDPOINT_USER`` and ``PACTGRAPH_ENDPOINT_PASSWORD`` — never from the command line,
and never appear in messages. A user and password answer whichever scheme the server's challenge
asks for, Basic or Digest (Virtuoso's ``/sparql-graph-crud-auth`` asks for Digest).

Every request has a total deadline: a watchdog shuts the connection's sockets down when it
passes, so a server that trickles its answer a byte at a time is stopped as surely as one that
says nothing (a per-read socket timeout alone would wait forever for the first, each byte
resetting it). The deadline also goes to the server, as a ``Timeout`` header in seconds, which a
server that does not know it ignores; the ``timeout`` parameter is not sent, because its unit
differs between servers (seconds for Apache Jena Fuseki, milliseconds for Virtuoso, which then
returns partial "anytime" answers).
"""

from __future__ import annotations

import contextlib
import http.client
import math
import os
import re
import socket
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from pactgraph.errors import EndpointError
from pactgraph.store.backends import DeadlineError, QuerySyntaxError, safe_url


class Readable(Protocol):
    """A request body read in blocks: an open file, or a slice of one."""

    def read(self, size: int = -1, /) -> bytes: ...


Body = bytes | Readable


def base_headers(accept: str) -> dict[str, str]:
    """The headers of every request; a bearer token, if set, is sent as is."""
    headers = {"Accept": accept, "User-Agent": "pactgraph"}
    token = os.environ.get("PACTGRAPH_ENDPOINT_TOKEN")
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return headers


class _SigningDigest(urllib.request.HTTPDigestAuthHandler):
    """Digest that, once challenged, signs each later request of its session at once.

    urllib answers a challenge by sending the request again; a server that answers 401 before
    reading a large PUT body (Virtuoso does) closes the connection mid-upload ("broken pipe").
    ``push`` therefore draws the challenge with a body-less request first, and every PUT after it
    goes out signed with the same nonce (its count incremented, as RFC 7616 has it).
    """

    def __init__(self, passwords: urllib.request.HTTPPasswordMgr) -> None:
        super().__init__(passwords)
        self.challenge: dict[str, str] | None = None

    def retry_http_digest_auth(self, req: urllib.request.Request, auth: str) -> Any:
        _, challenge = auth.split(" ", 1)
        parsed = urllib.request.parse_http_list(challenge)
        self.challenge = urllib.request.parse_keqv_list([p for p in parsed if p])
        return super().retry_http_digest_auth(req, auth)

    def http_request(self, req: urllib.request.Request) -> urllib.request.Request:
        if self.challenge is not None and not req.has_header(self.auth_header):  # not a retry
            signed = self.get_authorization(req, self.challenge)
            if signed:
                req.add_unredirected_header(self.auth_header, f"Digest {signed}")
        return req

    https_request = http_request

    def http_error_401(self, req: Any, fp: Any, code: int, msg: str, headers: Any) -> Any:
        return _closing(super().http_error_401, req, fp, code, msg, headers)


class _Basic(urllib.request.HTTPBasicAuthHandler):
    def http_error_401(self, req: Any, fp: Any, code: int, msg: str, headers: Any) -> Any:
        return _closing(super().http_error_401, req, fp, code, msg, headers)


def _closing(handle: Any, req: Any, fp: Any, code: int, msg: str, headers: Any) -> Any:
    """An auth handler's answer to a 401; the 401's own response is closed once another takes
    its place (urllib leaves its socket open when it retries, or gives up with a new error)."""
    try:
        answer = handle(req, fp, code, msg, headers)
    except urllib.error.HTTPError as error:
        if error.fp is not fp:
            fp.close()
        raise
    if answer is not None:
        fp.close()
    return answer


def auth_handlers(url: str) -> list[urllib.request.BaseHandler]:
    """Basic and Digest handlers (each answering its challenge) for the environment's user; one
    list serves a session of requests (a Digest challenge, once met, signs the later ones)."""
    user = os.environ.get("PACTGRAPH_ENDPOINT_USER")
    if not user or os.environ.get("PACTGRAPH_ENDPOINT_TOKEN"):  # a token wins, as it always has
        return []
    passwords = urllib.request.HTTPPasswordMgrWithPriorAuth()
    password = os.environ.get("PACTGRAPH_ENDPOINT_PASSWORD", "")
    # Not sent before the server asks: Virtuoso answers an unasked-for Basic header with a bare
    # 401 (no challenge). Once a Basic server has accepted it, later requests carry it at once.
    passwords.add_password(None, url, user, password, is_authenticated=False)
    # The Digest handler (handler_order 490) sees a 401 before the Basic one, which would raise
    # ValueError on a Digest-only challenge.
    return [_SigningDigest(passwords), _Basic(passwords)]


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urllib.parse.urlsplit(url)
    default = {"http": 80, "https": 443}.get(parts.scheme)
    return parts.scheme, (parts.hostname or "").lower(), parts.port or default


class _Redirect(urllib.request.HTTPRedirectHandler):
    """Redirects that keep credentials home and requests whole.

    A query or upload (POST, PUT) is never followed: urllib would send a 302'd POST again as a GET,
    without its query. A HEAD is followed, and loses its Authorization header when the redirect
    leaves its origin (scheme, host and port): a token is for the server it was given for.
    """

    def redirect_request(
        self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str
    ) -> Any:
        method = req.get_method()
        if method not in ("GET", "HEAD"):
            fp.close()
            raise EndpointError(
                f"{safe_url(req.full_url)} answered HTTP {code} {msg}, redirecting the {method} "
                f"to {safe_url(newurl)}; pactgraph does not follow a redirect of a {method} (it "
                "would be sent again without its body): use the address it names"
            )
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None and _origin(newurl) != _origin(req.full_url):
            for name in list(new.headers):
                if name.lower() in ("authorization", "proxy-authorization"):
                    del new.headers[name]
        return new


class _Watchdog:
    """Shuts down every socket a request opened once its deadline passes."""

    def __init__(self, timeout: float | None) -> None:
        self.timeout = timeout
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = None if timeout is None else threading.Timer(timeout, self._expire)
        if self._timer is not None:
            self._timer.daemon = True
            self._timer.start()

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shut(sock)

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed
        sock.shutdown(socket.SHUT_RDWR)


def _watched_connection(base: type[http.client.HTTPConnection], dog: _Watchdog) -> Any:
    class Watched(base):  # type: ignore[valid-type,misc]
        def connect(self) -> None:
            super().connect()
            dog.watch(self.sock)

    return Watched


def _rewind(request: urllib.request.Request) -> urllib.request.Request:
    # An authentication handler answers a challenge by sending the same Request again: a file
    # body must then be read from its start, not from where the first attempt left it.
    if hasattr(request.data, "seek"):
        request.data.seek(0)  # type: ignore[union-attr]
    return request


class _HTTP(urllib.request.HTTPHandler):
    def __init__(self, dog: _Watchdog) -> None:
        super().__init__()
        self.dog = dog

    def http_request(self, request: urllib.request.Request) -> urllib.request.Request:
        return super().http_request(_rewind(request))

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        connection = _watched_connection(http.client.HTTPConnection, self.dog)
        return self.do_open(connection, req)


class _HTTPS(urllib.request.HTTPSHandler):
    def __init__(self, dog: _Watchdog) -> None:
        super().__init__()
        self.dog = dog

    def https_request(self, request: urllib.request.Request) -> urllib.request.Request:
        return super().https_request(_rewind(request))

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        connection = _watched_connection(http.client.HTTPSConnection, self.dog)
        return self.do_open(connection, req, context=self._context)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Reply:
    body: bytes
    server: str  # the Server header ("" when absent): how an engine names itself


def _detail(body: str) -> str:
    """What an error answer says: its first line, or an HTML page's text (Virtuoso answers
    "SR172: Transaction deadlocked" inside an HTML page whose first line is its DOCTYPE)."""
    body = body.strip()
    if body.startswith("<"):
        text = " ".join(re.sub(r"<[^>]*>", " ", body).split())
        return text[:300]
    return body.splitlines()[0] if body else ""


def request(
    method: str,
    url: str,
    *,
    body: Body | None,
    headers: Mapping[str, str],
    timeout: float | None,
    auth: Sequence[urllib.request.BaseHandler] | None = None,
) -> Reply:
    """The answer, all of it within ``timeout`` seconds (None: no deadline).

    A file ``body`` is sent with the Content-Length its caller gives in ``headers`` (not
    chunked, which some servers refuse on a PUT), and read again from its start on a retry.
    ``auth``: the handlers of a session (:func:`auth_handlers`); by default, new ones.
    """
    dog = _Watchdog(timeout)
    handlers = auth_handlers(url) if auth is None else auth
    try:
        return _exchange(dog, method, url, body=body, headers=headers, auth=handlers)
    finally:
        dog.cancel()


def _exchange(
    dog: _Watchdog,
    method: str,
    url: str,
    *,
    body: Body | None,
    headers: Mapping[str, str],
    auth: Sequence[urllib.request.BaseHandler],
) -> Reply:
    sent = dict(headers)
    if dog.timeout is not None:
        sent["Timeout"] = str(max(1, math.ceil(dog.timeout)))
    req = urllib.request.Request(url, data=body, headers=sent, method=method)
    opener = urllib.request.build_opener(_HTTP(dog), _HTTPS(dog), _Redirect(), *auth)

    def late() -> DeadlineError:
        return DeadlineError(
            f"{safe_url(url)} did not answer within the deadline of {dog.timeout:g} s "
            "(a longer one: --timeout SECONDS or PACTGRAPH_TIMEOUT)"
        )

    try:
        with opener.open(req, timeout=dog.timeout) as response:
            data: bytes = response.read()
            server = response.headers.get("Server", "")
    except urllib.error.HTTPError as error:
        if dog.expired:
            raise late() from None
        with error:  # its socket, closed
            detail = _detail(error.read(2000).decode("utf-8", "replace"))
        reason = f": {detail}" if detail else ""
        if error.code == 400:
            raise QuerySyntaxError(
                f"{safe_url(url)} refused the query (HTTP 400){reason}"
            ) from None
        raise EndpointError(
            f"{safe_url(url)} answered HTTP {error.code} {error.reason}{reason}"
        ) from None
    except (urllib.error.URLError, TimeoutError, OSError, http.client.HTTPException) as error:
        if dog.expired:
            raise late() from None
        cause = error.reason if isinstance(error, urllib.error.URLError) else error
        raise EndpointError(f"cannot reach {safe_url(url)}: {cause}") from None
    except ValueError as error:  # urllib's answer to an authentication scheme it does not know
        raise EndpointError(f"{safe_url(url)} asked for {error}") from None
    if dog.expired:  # a shut socket can look like the end of a complete answer
        raise late()
    return Reply(data, server)
