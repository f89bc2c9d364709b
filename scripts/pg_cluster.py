"""A throw-away PostgreSQL 15 + PostGIS cluster for the tests and the benchmarks.

``initdb`` in a temporary folder, started on a free localhost port, stopped and
deleted by ``stop()``. PostgreSQL refuses to run as root (CI runs as root): as
root the server runs as the ``postgres`` user (``runuser``), in a folder it owns.
Clients use TCP on 127.0.0.1 with a password (scram-sha-256), as a team's
server would be reached; the superuser's password is in ``Cluster.password``.

    cluster = Cluster.start()          # raises ClusterError with the reason
    cluster.create_database("sahel")   # with the postgis extension
    ...
    cluster.stop()
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

BIN = Path("/usr/lib/postgresql/15/bin")
SUPERUSER = "sahel_admin"
# Settings for a disposable cluster: no durability (a crash loses nothing we keep).
FAST = {
    "listen_addresses": "127.0.0.1",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_wal_size": "4GB",
}
# Settings a team's server would have for this work (the benchmarks use them).
TUNED = {
    "shared_buffers": "512MB",
    "work_mem": "64MB",
    "maintenance_work_mem": "512MB",
    "max_parallel_workers_per_gather": "2",
}


class ClusterError(RuntimeError):
    """The cluster could not be started; the message says why."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_server_user() -> list[str]:
    """The command prefix that runs a server program as a user PostgreSQL accepts."""
    if os.geteuid() != 0:
        return []
    if shutil.which("runuser") is None:
        raise ClusterError("running as root and runuser is missing (util-linux)")
    try:
        import pwd

        pwd.getpwnam("postgres")
    except KeyError as err:
        raise ClusterError(
            "running as root and there is no 'postgres' user (install postgresql-15)"
        ) from err
    return ["runuser", "-u", "postgres", "--"]


def _run(cmd, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, check=False, **kw)


@dataclass
class Cluster:
    folder: Path
    port: int
    password: str
    user: str = SUPERUSER
    host: str = "127.0.0.1"
    _prefix: list = field(default_factory=list)

    @classmethod
    def start(cls, settings: dict | None = None, tries: int = 3) -> Cluster:
        """initdb and start a cluster; ``settings`` added to ``FAST``."""
        for program in ("initdb", "pg_ctl"):
            if not (BIN / program).is_file():
                raise ClusterError(f"{BIN / program} is missing (install postgresql-15)")
        prefix = _as_server_user()
        top = Path(tempfile.mkdtemp(prefix="sahel_pg_"))
        data = top / "data"
        password = secrets.token_urlsafe(18)
        pwfile = top / "pw"
        pwfile.write_text(password + "\n")
        if prefix:
            shutil.chown(top, "postgres", "postgres")
            shutil.chown(pwfile, "postgres", "postgres")
        os.chmod(top, 0o700)
        os.chmod(pwfile, 0o600)
        init = _run(
            [*prefix, str(BIN / "initdb"), "-D", str(data), "-U", SUPERUSER,
             f"--pwfile={pwfile}", "--auth-local=trust", "--auth-host=scram-sha-256",
             "-E", "UTF8", "--locale=C", "--no-sync"]
        )  # fmt: skip
        pwfile.unlink()
        if init.returncode != 0:
            shutil.rmtree(top, ignore_errors=True)
            raise ClusterError(f"initdb failed: {init.stderr.strip() or init.stdout.strip()}")
        conf = {**FAST, **(settings or {})}
        last = ""
        for _ in range(tries):
            port = free_port()
            opts = " ".join(f"-c {k}={v}" for k, v in conf.items())
            opts += f" -p {port} -k {data}"  # its socket in its own folder, not /run
            started = _run(
                [*prefix, str(BIN / "pg_ctl"), "-D", str(data), "-l", str(top / "log"),
                 "-o", opts, "-w", "-t", "60", "start"]
            )  # fmt: skip
            if started.returncode == 0:
                cluster = cls(top, port, password, _prefix=prefix)
                cluster._wait()
                return cluster
            last = started.stderr.strip() or started.stdout.strip()
            with contextlib.suppress(OSError):
                last += "\n" + (top / "log").read_text()[-2000:]
        shutil.rmtree(top, ignore_errors=True)
        raise ClusterError(f"pg_ctl start failed: {last}")

    def _wait(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex((self.host, self.port)) == 0:
                    return
            time.sleep(0.1)
        raise ClusterError(f"the server does not answer on port {self.port}")

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def dsn(self, dbname: str = "postgres", user: str | None = None, password=None) -> str:
        """A libpq connection string (password included: for the test set-up only)."""
        from psycopg2.extensions import make_dsn

        return make_dsn(
            host=self.host,
            port=self.port,
            dbname=dbname,
            user=user or self.user,
            password=password if password is not None else self.password,
        )

    def execute(self, sql: str, params=None, dbname: str = "postgres") -> None:
        import psycopg2

        con = psycopg2.connect(self.dsn(dbname))
        try:
            con.autocommit = True
            with con.cursor() as cur:
                cur.execute(sql, params)
        finally:
            con.close()

    def create_database(self, name: str, postgis: bool = True) -> str:
        """A new database (with the postgis extension); returns its name."""
        import psycopg2
        from psycopg2 import sql

        con = psycopg2.connect(self.dsn())
        try:
            con.autocommit = True
            with con.cursor() as cur:
                cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        finally:
            con.close()
        if postgis:
            self.execute("CREATE EXTENSION IF NOT EXISTS postgis", dbname=name)
        return name

    def log(self) -> str:
        try:
            return (self.folder / "log").read_text()
        except OSError:
            return ""

    def stop(self) -> None:
        if self.data.is_dir():
            _run([*self._prefix, str(BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast",
                  "-w", "stop"])  # fmt: skip
        shutil.rmtree(self.folder, ignore_errors=True)


def start_or_reason(settings: dict | None = None) -> tuple[Cluster | None, str]:
    """A started cluster and "", or None and why it could not start."""
    try:
        import psycopg2  # noqa: F401
    except ImportError:
        return None, "python3-psycopg2 is not installed (scripts/setup.sh installs it)"
    if not (Path("/usr/share/postgresql/15/extension") / "postgis.control").is_file():
        return None, "PostGIS for PostgreSQL 15 is not installed (postgresql-15-postgis-3)"
    try:
        return Cluster.start(settings), ""
    except (ClusterError, OSError) as err:
        return None, str(err)
