"""ACLED's API over QGIS's network stack: credentials, token, paged reads, deletions.

Requests go through ``QgsBlockingNetworkRequest``, so the proxy and SSL settings of
QGIS apply, and they work from a Processing run or a ``QgsTask`` alike. The password
is read from a QGIS authentication configuration (``QgsAuthManager``) or from the
environment, sent once to ACLED's token endpoint and dropped; the bearer token lives
in this object only. Neither is ever put in a message: errors name the URL without
its query and the HTTP status.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from urllib.parse import urlencode

from qgis.core import QgsApplication, QgsAuthMethodConfig, QgsBlockingNetworkRequest
from qgis.PyQt.QtCore import QByteArray, QUrl
from qgis.PyQt.QtNetwork import QNetworkRequest

from ..core.errors import Message, TranslatableError
from ..definitions import N_

DEFAULT_URL = "https://acleddata.com"
TOKEN_PATH = "/oauth/token"
READ_PATH = "/api/acled/read"
DELETED_PATH = "/api/deleted/read"
ENV_USER, ENV_PASSWORD = "ACLED_USERNAME", "ACLED_PASSWORD"
REFUSED = N_("ACLED refused the credentials (check the e-mail and password of your ACLED account)")
NO_ACCESS = N_("this account has no API access (ACLED answered 403: ask ACLED for API access)")
RETRIES = 5  # attempts after a 429 or a 5xx before giving up
MAX_WAIT = 120.0  # seconds: a longer Retry-After is not waited for


class AcledApiError(TranslatableError, RuntimeError):
    """The API could not be used; the message says why (never with a credential; in
    English, ``translated(tr)`` in the user's language)."""


class AcledCanceled(Exception):
    """The feedback asked to stop."""


@dataclass
class Credentials:
    username: str
    password: str

    def __repr__(self) -> str:  # never printed by accident (tracebacks, logs)
        return "Credentials(<hidden>)"


def credentials(authcfg: str | None = None, environ=None) -> Credentials:
    """E-mail and password from the QGIS authentication configuration ``authcfg`` (a
    Basic configuration), else from ``ACLED_USERNAME`` / ``ACLED_PASSWORD``."""
    environ = os.environ if environ is None else environ
    if authcfg:
        manager = QgsApplication.authManager()
        config = QgsAuthMethodConfig()
        if not manager.loadAuthenticationConfig(authcfg, config, True) or not config.isValid():
            raise AcledApiError(
                N_(
                    "the authentication configuration {authcfg} cannot be read (does it exist, "
                    "and is the master password set?)"
                ),
                authcfg=repr(authcfg),
            )
        user, password = config.config("username"), config.config("password")
        if not user or not password:
            raise AcledApiError(
                N_(
                    "the authentication configuration {authcfg} has no user name and password "
                    "(use the 'Basic' method: your ACLED e-mail and password)"
                ),
                authcfg=repr(authcfg),
            )
        return Credentials(user, password)
    user, password = environ.get(ENV_USER, ""), environ.get(ENV_PASSWORD, "")
    if not user or not password:
        raise AcledApiError(
            N_(
                "no ACLED credentials: choose an authentication configuration holding your "
                "ACLED e-mail and password, or set {user} and {password}"
            ),
            user=ENV_USER,
            password=ENV_PASSWORD,
        )
    return Credentials(user, password)


def _safe_url(url: str) -> str:
    """An address fit for a message: no query, no user name or password."""
    return QUrl(url).adjusted(QUrl.RemoveUserInfo | QUrl.RemoveQuery).toString()


class AcledClient:
    """One session with ACLED's API. ``feedback`` (a ``QgsFeedback``) cancels requests
    and waits; ``sleep`` is how back-off waits (tests shorten it)."""

    backoff = 2.0  # seconds before the first retry without Retry-After; doubles

    def __init__(self, base_url: str, creds: Credentials, feedback=None, log=None):
        self.base_url = (base_url or DEFAULT_URL).rstrip("/")
        self._creds = creds
        self._token: str | None = None
        self.feedback = feedback
        self.log = log or (lambda _text: None)
        self.requests = 0

    # --- plumbing --------------------------------------------------------------------
    def _canceled(self) -> bool:
        return self.feedback is not None and self.feedback.isCanceled()

    def _wait(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if self._canceled():
                raise AcledCanceled()
            time.sleep(min(0.1, max(0.0, end - time.monotonic())))

    def _send(self, path: str, params: dict | None = None, form: dict | None = None) -> dict:
        """One request with retries: the parsed JSON body. 401/403 and other 4xx are
        errors at once; 429, 5xx and connection failures are retried with back-off."""
        url = self.base_url + path + ("?" + urlencode(params) if params else "")
        delay = self.backoff
        for attempt in range(RETRIES + 1):
            if self._canceled():
                raise AcledCanceled()
            request = QNetworkRequest(QUrl(url))
            request.setRawHeader(b"Accept", b"application/json")
            if form is None and self._token:
                request.setRawHeader(b"Authorization", f"Bearer {self._token}".encode())
            blocking = QgsBlockingNetworkRequest()
            self.requests += 1
            if form is not None:
                request.setHeader(
                    QNetworkRequest.ContentTypeHeader, "application/x-www-form-urlencoded"
                )
                code = blocking.post(
                    request, QByteArray(urlencode(form).encode()), True, self.feedback
                )
            else:
                code = blocking.get(request, True, self.feedback)
            if self._canceled():
                raise AcledCanceled()
            reply = blocking.reply()
            status = reply.attribute(QNetworkRequest.HttpStatusCodeAttribute)
            status = int(status) if status is not None else 0
            body = bytes(reply.content())
            if code == QgsBlockingNetworkRequest.NoError and 200 <= status < 300:
                return self._json(body, url)
            # OAuth answers a wrong password with 400 invalid_grant (RFC 6749, 5.2).
            if status == 401 or (form is not None and status == 400 and b"invalid_grant" in body):
                raise AcledApiError(REFUSED)
            if status == 403:
                raise AcledApiError(NO_ACCESS)
            # A transfer broken off (no status, or a 2xx whose body did not arrive whole)
            # is tried again like a busy server.
            retry = status == 429 or status >= 500 or status < 400
            if not retry or attempt == RETRIES:
                what = f"HTTP {status}" if status >= 400 else blocking.errorMessage()
                raise AcledApiError(
                    N_("ACLED's API at {url} failed: {what}{attempts}{detail}"),
                    url=_safe_url(url),
                    what=what,
                    attempts=Message(N_(" after {n} attempts"), n=attempt + 1) if retry else "",
                    detail=self._detail(body),
                )
            wait = self._retry_after(reply, delay)
            said = (
                status
                if status >= 400
                else f"{status or 'no connection'}: {blocking.errorMessage()}"
            )
            self.log(
                f"ACLED answered {said} at {_safe_url(url)}; "
                f"trying again in {wait:g} s ({attempt + 1} of {RETRIES})"
            )
            self._wait(wait)
            delay *= 2
        raise AssertionError("unreachable")

    @staticmethod
    def _retry_after(reply, default: float) -> float:
        raw = bytes(reply.rawHeader(b"Retry-After")).decode("latin-1").strip()
        if raw.isdigit():
            return min(float(raw), MAX_WAIT)
        return min(default, MAX_WAIT)

    @staticmethod
    def _detail(body: bytes) -> str:
        try:
            message = json.loads(body.decode("utf-8")).get("message") or ""
        except (ValueError, AttributeError, UnicodeDecodeError):
            message = ""
        return f": {str(message)[:200]}" if message else ""

    @staticmethod
    def _json(body: bytes, url: str) -> dict:
        try:
            value = json.loads(body.decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as err:
            raise AcledApiError(
                N_("ACLED's API at {url} did not answer JSON"), url=_safe_url(url)
            ) from err
        if not isinstance(value, dict):
            raise AcledApiError(
                N_("ACLED's API at {url} answered {what}"),
                url=_safe_url(url),
                what=type(value).__name__,
            )
        return value

    # --- the API -----------------------------------------------------------------------
    def login(self) -> None:
        """A bearer token for this session (the password is not kept afterwards)."""
        answer = self._send(
            TOKEN_PATH,
            form={
                "grant_type": "password",
                "client_id": "acled",
                "username": self._creds.username,
                "password": self._creds.password,
            },
        )
        token = answer.get("access_token")
        if not token:
            raise AcledApiError(N_("ACLED's token endpoint gave no access token"))
        self._token = str(token)
        self._creds = Credentials(self._creds.username, "")

    def _pages(self, path: str, params: dict, page_size: int, progress=None) -> list[dict]:
        """Every row of a paged endpoint: pages 1, 2, ... until a short page."""
        if self._token is None:
            self.login()
        rows: list[dict] = []
        seen: set = set()
        page = 1
        while True:
            answer = self._send(path, {**params, "limit": str(page_size), "page": str(page)})
            if answer.get("success") is False or int(answer.get("status", 200)) >= 400:
                raise AcledApiError(
                    N_("ACLED's API at {url} refused the query{detail}"),
                    url=path,
                    detail=self._detail(json.dumps(answer).encode()),
                )
            data = answer.get("data") or []
            if not isinstance(data, list):
                raise AcledApiError(N_("ACLED's API at {url} answered no list of rows"), url=path)
            # A server that ignores ``page`` sends the first page again: stop, never page
            # forever (rows are ids, their first and last tell a repeated page).
            ends = (_row_id(data[0]), _row_id(data[-1])) if data else None
            if ends is not None and ends in seen:
                raise AcledApiError(
                    N_(
                        "ACLED's API at {url} sent page {page} again (it ignores paging); "
                        "nothing was written"
                    ),
                    url=path,
                    page=page,
                )
            if ends is not None:
                seen.add(ends)
            rows.extend(data)
            if progress is not None:
                progress(page, len(rows))
            if len(data) < page_size:
                return rows
            page += 1

    def read(self, params: dict, page_size: int, progress=None) -> list[dict]:
        """Events matching ``params`` (``core.acled_sync.query_filters``)."""
        return self._pages(READ_PATH, params, page_size, progress)

    def deleted(self, params: dict, page_size: int, progress=None) -> list[str]:
        """Ids of events deleted upstream (``core.acled_sync.deletion_filters``)."""
        rows = self._pages(DELETED_PATH, params, page_size, progress)
        return [str(r.get("event_id_cnty", "")) for r in rows if r.get("event_id_cnty")]


def _row_id(row) -> str:
    """A row's identity for spotting a repeated page (events by id, deletions by id)."""
    if isinstance(row, dict):
        return str(row.get("event_id_cnty") or row.get("event_id") or sorted(row.items()))
    return str(row)
