"""PostGIS as the team's incident store: connections, the bulk COPY writer, the binary reader.

One package, a module per role (``connection``, ``tables``, ``copy_in``, ``writer``,
``reader``, ``pushdown``); everything others use is imported from here.

Where things run: the database filters, counts and indexes; QGIS receives only
the columns (and, for push-down, the rows) it needs, as binary ``COPY``
streams parsed with numpy (no ``getFeatures`` row by row).

- ``PgTable``: where an incident table lives (connection keywords without any
  password, QGIS authentication configuration id, schema, table, subset).
  Credentials come from QGIS's authentication manager (``authcfg``) or a
  ``pg_service.conf`` service that libpq reads; nothing here writes a password
  anywhere (layer URIs made here never hold one).
- ``write_incidents``: the import's frame into a table made from
  ``definitions.INCIDENT_FIELDS`` (new fields become new columns), in one
  transaction: an upsert by (source, event id) that deletes nothing, unless the
  analyst gives a ``ReplaceScope`` where the export is complete; binary ``COPY``,
  indexes on date, side, geometry and (source, event) unique, named with a hash
  of the full table name (``object_name``).
- ``upsert_incidents`` and ``delete_events``: the same upsert, and deleting listed
  event ids of one source (ACLED's deletions list), for the live ACLED update.
- ``read_frame``: the frame ``io.readers.read_incidents`` gives for a file,
  read from a table through one binary ``COPY`` of fixed-width columns.
- Coverage and import records per table and source in ``sahel_overlap_meta``.

Every identifier goes through ``psycopg2.sql.Identifier`` and every value is a
bound parameter; the only SQL text taken as it is, is a layer's own subset
string (which QGIS itself sends to the server as written).
"""

from __future__ import annotations

from .connection import (
    GEOM,
    KEY,
    META_TABLE,
    NAME_BYTES,
    PROVIDER,
    SRID,
    PgError,
    PgTable,
    check_names,
    connect,
    destination_table,
    is_postgis,
    require_driver,
)
from .copy_in import WriteCanceledError, column_tokens, copy_chunks
from .pushdown import Overview, Pushed, Selection, medians, overview, pushdown
from .reader import ReadCanceledError, copy_out, lonlat_sql, point_sql, read_frame, single_day
from .tables import (
    create_indexes,
    ensure_meta_table,
    ensure_table,
    import_metadata,
    index_names,
    object_name,
    read_meta,
    sources,
    table_coverage,
    write_meta,
)
from .writer import (
    DeleteRefusedError,
    ReplaceScope,
    WriteReport,
    coverage_of,
    delete_events,
    record_output_metadata,
    upsert_incidents,
    write_incidents,
    write_output,
)

__all__ = [
    "GEOM", "KEY", "META_TABLE", "NAME_BYTES", "PROVIDER", "SRID", "DeleteRefusedError",
    "Overview", "PgError", "PgTable", "Pushed", "ReadCanceledError", "ReplaceScope",
    "Selection", "WriteCanceledError", "WriteReport", "check_names", "column_tokens",
    "connect", "copy_chunks", "copy_out", "coverage_of", "create_indexes", "delete_events",
    "destination_table", "ensure_meta_table", "ensure_table", "import_metadata",
    "index_names", "is_postgis", "lonlat_sql", "medians", "object_name", "overview",
    "point_sql", "pushdown", "read_frame", "read_meta", "record_output_metadata",
    "require_driver", "single_day", "sources", "table_coverage", "upsert_incidents",
    "write_incidents", "write_meta", "write_output",
]  # fmt: skip
