"""A stand-in for ACLED's API on 127.0.0.1 (an ephemeral port), for the fetch tests.

It implements the contract the plugin relies on: ``POST /oauth/token`` (form-encoded
password grant), ``GET /api/acled/read`` (country, event_date BETWEEN, timestamp >,
export_type, limit/page), ``GET /api/deleted/read`` (deleted_timestamp >), bearer
tokens, and on request a 429 with Retry-After, a 503, a 401 and a 403. Every request
is logged (path, query, form without the password) for the tests to assert on.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

USER, PASSWORD = "analyst@example.org", "Sesame-7f3a-NOT-TO-BE-SEEN"
TOKEN = "tok-5d1c9e-bearer"


class AcledStandIn:
    def __init__(self, rows=None, monadic_rows=None):
        self.rows = list(rows or [])  # dyadic rows: dicts of strings, as ACLED sends them
        self.monadic_rows = list(monadic_rows or [])
        self.deleted: list[tuple[str, int]] = []  # (event_id_cnty, deleted_timestamp)
        self.log: list[dict] = []
        self.fail_next: list[tuple[int, dict]] = []  # (status, headers) for the next reads
        self.no_api_access = False
        self.bad_login_status = 401  # OAuth servers also answer 400 invalid_grant
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)

    def reads(self, path="/api/acled/read") -> list[dict]:
        return [r for r in self.log if r["path"] == path]

    # --- the contract --------------------------------------------------------------------
    def _token(self, form: dict) -> tuple[int, dict]:
        if form.get("grant_type") != "password" or form.get("client_id") != "acled":
            return 400, {"error": "unsupported_grant_type"}
        if form.get("username") != USER or form.get("password") != PASSWORD:
            return self.bad_login_status, {
                "error": "invalid_grant",
                "message": "The user credentials were incorrect.",
            }
        return 200, {"access_token": TOKEN, "refresh_token": "r-1", "expires_in": 86400,
                     "token_type": "Bearer"}  # fmt: skip

    def _read(self, q: dict) -> tuple[int, dict]:
        rows = self.monadic_rows if q.get("export_type") == "monadic" else self.rows
        if "country" in q:
            wanted = set(q["country"].split("|"))
            rows = [r for r in rows if r["country"] in wanted]
        if q.get("event_date_where") == "BETWEEN":
            first, last = q["event_date"].split("|")
            rows = [r for r in rows if first <= r["event_date"] <= last]
        if "timestamp" in q:
            assert q.get("timestamp_where") == ">", q
            rows = [r for r in rows if int(r["timestamp"]) > int(q["timestamp"])]
        return 200, self._page(rows, q)

    def _deleted(self, q: dict) -> tuple[int, dict]:
        since = int(q.get("deleted_timestamp", 0))
        assert q.get("deleted_timestamp_where") == ">", q
        rows = [
            {"event_id_cnty": eid, "deleted_timestamp": str(ts)}
            for eid, ts in self.deleted
            if ts > since
        ]
        return 200, self._page(rows, q)

    @staticmethod
    def _page(rows, q) -> dict:
        limit, page = int(q.get("limit", 5000)), int(q.get("page", 1))
        part = rows[(page - 1) * limit : page * limit]
        return {"status": 200, "success": True, "count": len(part), "data": part}

    def _handler(self):
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def _answer(self, status, body, headers=None):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self):
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                with stand_in._lock:
                    stand_in.log.append({
                        "method": "POST", "path": parts.path,
                        "form": {k: v for k, v in form.items() if k != "password"},
                        "content_type": self.headers.get("Content-Type"),
                    })  # fmt: skip
                if parts.path != "/oauth/token":
                    return self._answer(404, {"message": "no such endpoint"})
                self._answer(*stand_in._token(form))

            def do_GET(self):
                parts = urlsplit(self.path)
                q = {k: v[0] for k, v in parse_qs(parts.query).items()}
                auth = self.headers.get("Authorization", "")
                with stand_in._lock:
                    stand_in.log.append({"method": "GET", "path": parts.path, "query": q,
                                         "auth": auth == f"Bearer {TOKEN}"})  # fmt: skip
                    failure = stand_in.fail_next.pop(0) if stand_in.fail_next else None
                if auth != f"Bearer {TOKEN}":
                    return self._answer(401, {"message": "Unauthorized"})
                if stand_in.no_api_access:
                    return self._answer(403, {"message": "Access denied: no API access"})
                if failure is not None:
                    status, headers = failure
                    return self._answer(status, {"message": "slow down"}, headers)
                if parts.path == "/api/acled/read":
                    return self._answer(*stand_in._read(q))
                if parts.path == "/api/deleted/read":
                    return self._answer(*stand_in._deleted(q))
                self._answer(404, {"message": "no such endpoint"})

        return Handler
