"""Where a PostGIS incident table lives and how to reach it: ``PgTable`` (names
checked, parsed with QGIS's ``QgsDataSourceUri``), credentials, ``connect``.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field

try:  # python3-psycopg2 (scripts/setup.sh); a clear error when it is missing
    import psycopg2
    import psycopg2.errors
    from psycopg2 import sql
except ImportError:  # pragma: no cover - reported when a PostGIS table is used
    psycopg2 = None
    sql = None

META_TABLE = "sahel_overlap_meta"
PROVIDER = "postgres"
GEOM = "geom"
KEY = "fid"
SRID = 4326
PG_TYPES = {"str": "text", "int": "integer", "float": "double precision", "date": "timestamp"}
APPLICATION = "Sahel Overlap"
_PG_EPOCH_DAYS = 10957  # 2000-01-01 (PostgreSQL's epoch) in days since 1970-01-01


class PgError(RuntimeError):
    """A PostGIS table cannot be used; the message says why (never a password)."""


def require_driver() -> None:
    if psycopg2 is None:
        raise PgError(
            "PostGIS needs the psycopg2 module (Debian: python3-psycopg2; Windows: it ships "
            "with QGIS's Python)"
        )


# --- where a table lives ------------------------------------------------------------

# libpq keywords a QgsDataSourceUri may carry (password deliberately absent).
_CONN_KEYS = ("service", "host", "port", "dbname", "user", "sslmode")
_SSL_MODES = {0: None, 1: "disable", 2: "allow", 3: "prefer", 4: "require", 5: "verify-ca",
              6: "verify-full"}  # fmt: skip


@dataclass(frozen=True)
class PgTable:
    """An incident table: connection keywords, auth config, schema, table, subset."""

    conn: tuple  # ((libpq keyword, value), ...) without a password
    authcfg: str = ""
    schema: str = "public"
    table: str = "incidents"
    geom: str = GEOM
    key: str = KEY
    subset: str = ""
    # A password given in a URI (never written anywhere by the plugin; kept out of
    # equality and repr so it does not reach logs or caches' keys).
    password: str = field(default="", compare=False, repr=False)

    @classmethod
    def from_uri(cls, text: str, subset: str | None = None) -> PgTable:
        """From a postgres layer source or a Processing destination
        (``postgres://…``, ``postgis:…``)."""
        from qgis.core import QgsDataSourceUri

        for prefix in ("postgres://", "postgis:", "postgres:"):
            if text.startswith(prefix):
                text = text[len(prefix) :]
                break
        uri = QgsDataSourceUri(text)
        _check_table_clause(text, uri)
        conn = {
            "service": uri.service(),
            "host": uri.host(),
            "port": uri.port(),
            "dbname": uri.database(),
            "user": uri.username(),
            "sslmode": _SSL_MODES.get(int(uri.sslMode())),
        }
        if not uri.table():
            raise PgError("the PostGIS destination names no table")
        table = cls(
            conn=tuple((k, str(v)) for k, v in conn.items() if v),
            authcfg=uri.authConfigId() or "",
            schema=uri.schema() or "public",
            table=uri.table(),
            geom=uri.geometryColumn() or GEOM,
            key=(uri.keyColumn() or KEY).strip('"'),
            subset=uri.sql() if subset is None else subset,
            password=uri.password() or "",
        )
        check_names(table)
        return table

    @classmethod
    def from_layer(cls, layer) -> PgTable:
        return cls.from_uri(layer.source(), layer.subsetString() or "")

    def with_subset(self, subset: str) -> PgTable:
        return PgTable(self.conn, self.authcfg, self.schema, self.table, self.geom, self.key,
                       subset, self.password)  # fmt: skip

    def uri(self, subset: str | None = None) -> str:
        """A QGIS postgres layer source for the table (never with a password)."""
        from qgis.core import QgsDataSourceUri

        conn = dict(self.conn)
        uri = QgsDataSourceUri()
        if conn.get("service"):
            uri.setConnection(conn["service"], conn.get("dbname", ""), conn.get("user", ""), "",
                              QgsDataSourceUri.SslPrefer, self.authcfg)  # fmt: skip
        else:
            uri.setConnection(conn.get("host", ""), conn.get("port", ""), conn.get("dbname", ""),
                              conn.get("user", ""), "", QgsDataSourceUri.SslPrefer,
                              self.authcfg)  # fmt: skip
        if conn.get("sslmode"):
            modes = {v: k for k, v in _SSL_MODES.items() if v}
            uri.setSslMode(QgsDataSourceUri.SslMode(modes[conn["sslmode"]]))
        uri.setDataSource(self.schema, self.table, self.geom,
                          self.subset if subset is None else subset, self.key)  # fmt: skip
        uri.setSrid(str(SRID))
        uri.setWkbType(1)  # QgsWkbTypes.Point: QGIS need not scan the table for it
        return uri.uri(False)

    def name(self) -> str:
        return f"{self.schema}.{self.table}"

    def ident(self):
        return sql.Identifier(self.schema, self.table)

    def where(self) -> sql.Composable:
        """The layer's subset as a WHERE clause (its own SQL, as QGIS sends it)."""
        return sql.SQL(" WHERE ({})").format(sql.SQL(self.subset)) if self.subset else sql.SQL("")


NAME_BYTES = 63  # PostgreSQL cuts longer identifiers (NAMEDATALEN - 1), silently


def check_names(table: PgTable) -> None:
    """Refuse names PostgreSQL would cut (and so point at another object) or cannot hold."""
    for what, name in (("schema", table.schema), ("table", table.table),
                       ("geometry column", table.geom), ("key column", table.key)):  # fmt: skip
        size = len(name.encode("utf-8"))
        if not name or size > NAME_BYTES or "\x00" in name:
            raise PgError(
                f"the PostGIS {what} name {name!r} cannot be used: PostgreSQL names hold 1 to "
                f"{NAME_BYTES} bytes (UTF-8) and no NUL; this one has {size}"
            )


def _check_table_clause(text: str, uri) -> None:
    """The ``table=`` clause must read back as what QGIS parsed from it: QGIS's parser
    stops at a quote it does not expect (``"quo""te"`` gives ``quo``), and an import into
    a table other than the one named must not happen."""
    from qgis.core import QgsDataSourceUri

    at = re.search(r"(?:^|\s)table=", text)
    if at is None:
        return  # no table clause: from_uri says so
    clause = text[at.end() :]
    expected = QgsDataSourceUri()
    expected.setDataSource(uri.schema(), uri.table(), "")
    quoted = expected.quotedTablename()  # how QGIS itself writes the name back
    plain = uri.table() if not uri.schema() else f"{uri.schema()}.{uri.table()}"
    for form in (quoted, plain, f"'{plain}'"):
        if clause.startswith(form) and (len(clause) == len(form) or clause[len(form)].isspace()):
            return
    shown = clause.split(" (", 1)[0].split(" sql=", 1)[0]
    raise PgError(
        f"the PostGIS table {shown!r} cannot be read without guessing (QGIS reads it as "
        f'{quoted}); quote the name with double quotes, a quote inside it as \\"'
    )


def is_postgis(layer) -> bool:
    return hasattr(layer, "providerType") and layer.providerType() == PROVIDER


def destination_table(destination: str) -> PgTable | None:
    """The table a Processing destination string names, or None (not PostGIS)."""
    text = str(destination or "")
    if text.startswith(("postgres://", "postgis:", "postgres:")):
        return PgTable.from_uri(text, subset="")
    return None


# --- connections ---------------------------------------------------------------------

_AUTH_LOCK = threading.Lock()


def _credentials(authcfg: str) -> tuple[str, str]:
    """User name and password of a QGIS authentication configuration (Basic method)."""
    from qgis.core import QgsApplication, QgsAuthMethodConfig

    manager = QgsApplication.authManager()
    config = QgsAuthMethodConfig()
    with _AUTH_LOCK:  # the manager's database is not made for concurrent readers
        ok = manager.loadAuthenticationConfig(authcfg, config, True)
    if not ok or not config.isValid():
        raise PgError(
            f"QGIS authentication configuration {authcfg!r} cannot be read (unknown id, or "
            "the master password is not set)"
        )
    if config.method() != "Basic":
        raise PgError(
            f"QGIS authentication configuration {authcfg!r} uses {config.method()}; "
            "PostGIS tables need a Basic (user name and password) configuration"
        )
    return config.config("username"), config.config("password")


def connect(table: PgTable):
    """A psycopg2 connection for ``table`` (credentials from QGIS or libpq's service)."""
    require_driver()
    kw = dict(table.conn)
    if table.authcfg:
        user, password = _credentials(table.authcfg)
        if user:
            kw["user"] = user
        kw["password"] = password
    elif table.password:
        kw["password"] = table.password
    try:
        con = psycopg2.connect(application_name=APPLICATION, connect_timeout=15, **kw)
    except psycopg2.Error as err:
        where = kw.get("service") or f"{kw.get('host', 'localhost')}:{kw.get('port', 5432)}"
        # libpq's message names the host and the user, never the password.
        raise PgError(f"cannot connect to PostGIS ({where}): {str(err).strip()}") from err
    with con.cursor() as cur:
        cur.execute("SET TIME ZONE 'UTC'")  # timestamps without zone: no shifts
        # PostGIS functions carry high planner costs, which set off JIT compilation:
        # a second or more per query and per parallel worker, for nothing here.
        cur.execute("SET jit = off")
    con.commit()
    return con
