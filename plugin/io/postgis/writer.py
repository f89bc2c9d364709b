"""Writing an import into a PostGIS table: the upsert by (source, event id), the
analyst's replace scope, deleting listed events, and the Processing output.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from ... import definitions as d
from .connection import GEOM, PgError, PgTable, connect, psycopg2, require_driver, sql
from .copy_in import WriteCanceledError, _copy_frame
from .tables import (
    _drop_indexes,
    _merge_coverage,
    create_indexes,
    ensure_meta_table,
    ensure_table,
    sources,
    write_meta,
)


@dataclass(frozen=True)
class ReplaceScope:
    """Where an export is complete, by the analyst's word: these countries, events
    starting from ``first`` to ``last`` (days included), every actor and event type.
    Rows of the export's source in the scope that the export does not hold are deleted.

    Written ``Country;Other country FIRST/LAST`` (ISO days, the ISO 8601 interval), one
    string that a model input or ``qgis_process`` passes as it is, e.g.
    ``Burkina Faso;Mali 2019-01-01/2022-12-31``.
    """

    countries: tuple
    first: str  # ISO day
    last: str  # ISO day

    FORM = "Country;Other country FIRST/LAST, e.g. 'Burkina Faso;Mali 2019-01-01/2022-12-31'"

    @classmethod
    def parse(cls, text: str | None) -> ReplaceScope | None:
        text = (text or "").strip()
        if not text:
            return None
        match = re.fullmatch(r"(.+?)\s+(\d{4}-\d{2}-\d{2})\s*/\s*(\d{4}-\d{2}-\d{2})", text)
        if match is None:
            raise ValueError(f"replace scope {text!r} is not of the form {cls.FORM}")
        countries = []
        for name in match.group(1).split(";"):
            name = name.strip()
            if not name:
                raise ValueError(f"replace scope {text!r} has an empty country ({cls.FORM})")
            if name not in countries:
                countries.append(name)
        try:
            first, last = (pd.Timestamp(match.group(k)).date() for k in (2, 3))
        except ValueError as err:
            raise ValueError(f"replace scope {text!r}: {err}") from err
        if last < first:
            raise ValueError(f"replace scope {text!r} ends before it starts")
        return cls(tuple(countries), first.isoformat(), last.isoformat())

    def __str__(self) -> str:
        return f"{';'.join(self.countries)} {self.first}/{self.last}"


class DeleteRefusedError(PgError):
    """A scope replace would delete more events than the export holds in the scope."""


@dataclass
class WriteReport:
    table: PgTable
    created: bool
    inserted: int  # events new to the table
    updated: int = 0  # events the table held with other values (same source and id)
    unchanged: int = 0  # events the table held as they are
    deleted: int = 0  # rows deleted: absent from the export in its replace scope, or listed
    kept: int = 0  # rows of the table not touched
    in_scope: int = 0  # events of the export inside the replace scope
    deleted_by_country: dict = field(default_factory=dict)
    scope_unmatched: list = field(default_factory=list)  # scope countries found nowhere
    seconds_copy: float = 0.0
    seconds_total: float = 0.0

    @property
    def written(self) -> int:
        return self.inserted + self.updated


def coverage_of(frame: pd.DataFrame) -> dict:
    """Per country, the first and last day of the frame's events (ISO dates)."""
    if frame.empty:
        return {}
    country = frame[d.F_COUNTRY].fillna("").astype(str)
    start = pd.to_datetime(frame[d.F_DATE])
    end = pd.to_datetime(frame[d.F_DATE_END]).fillna(start)
    spans = pd.DataFrame({"c": country, "s": start, "e": end}).groupby("c")
    first, last = spans["s"].min(), spans["e"].max()
    return {
        str(c): (first[c].date().isoformat(), last[c].date().isoformat())
        for c in first.index
        if c and pd.notna(first[c])
    }


def _frame_source(frame: pd.DataFrame) -> str | None:
    sources = sorted(set(frame[d.F_SOURCE].astype(str))) if len(frame) else []
    if len(sources) > 1:
        raise PgError(f"one import holds one source, not {', '.join(sources)}")
    ids = frame[[d.F_SOURCE, d.F_EVENT_ID]]
    if ids[d.F_EVENT_ID].isna().any():
        raise PgError(f"{int(ids[d.F_EVENT_ID].isna().sum())} events have no {d.F_EVENT_ID}")
    twice = ids[ids.duplicated()][d.F_EVENT_ID]
    if len(twice):
        shown = ", ".join(map(str, twice.iloc[:5]))
        raise PgError(f"{len(twice)} event ids come more than once in one import ({shown})")
    return sources[0] if sources else None


def write_incidents(
    table: PgTable,
    frame: pd.DataFrame,
    coverage: dict | None = None,
    record: dict | None = None,
    feedback=None,
    *,
    scope: ReplaceScope | None = None,
    confirm_delete: bool = False,
    delete_ids=(),
) -> WriteReport:
    """Put an import's events into ``table`` (created if missing), all or nothing.

    By default an upsert by (source, event id): events new to the table are added,
    events it holds with other values are updated in place (their ``fid`` kept), and
    nothing is deleted, so a filtered or partial export never removes what it does not
    claim. Sources stay apart (one import holds one source).

    ``scope`` (the analyst's word that the export is complete there) also deletes the
    source's rows in the scope that the export does not hold; refused with
    ``DeleteRefusedError`` when that is more than the export's own events in the scope,
    unless ``confirm_delete``. ``delete_ids``: event ids of the frame's source to delete
    in the same transaction (ACLED's deletions list; ids the frame holds are kept).
    ``record`` (the import's metadata document) is kept per source beside the merged
    coverage (``coverage``, default: the frame's countries and days).
    """
    import time

    require_driver()
    t0 = time.perf_counter()
    source = _frame_source(frame)
    if source is None and (scope is not None or len(delete_ids)):
        raise PgError("an empty import names no source whose events to delete")
    coverage = coverage_of(frame) if coverage is None else coverage
    con = connect(table)
    try:
        with con.cursor() as cur:
            created = ensure_table(cur, table)
            ensure_meta_table(cur, table.schema)
            # One importer at a time per table (a second waits), readers go on reading.
            cur.execute(sql.SQL("LOCK TABLE {} IN SHARE ROW EXCLUSIVE MODE").format(table.ident()))
            cur.execute(sql.SQL("SELECT count(*) FROM {}").format(table.ident()))
            before = cur.fetchone()[0]
            t1 = time.perf_counter()
            report = WriteReport(table, created, 0)
            if before == 0:
                # An empty table: rows straight in, indexes built once afterwards.
                _drop_indexes(cur, table)
                _copy_frame(cur, table.ident(), frame, feedback)
                report.inserted = len(frame)
                if scope is not None:
                    report.in_scope = _count_in_scope(cur, table.ident(), source, scope)
                    held = set(frame[d.F_COUNTRY].astype(str))
                    report.scope_unmatched = [c for c in scope.countries if c not in held]
                create_indexes(cur, table)
            else:
                create_indexes(cur, table)  # the upsert keys on the unique index
                _upsert(cur, table, frame, source, scope, delete_ids, report, feedback)
                if scope is not None and report.deleted > report.in_scope and not confirm_delete:
                    raise DeleteRefusedError(
                        f"replacing {source} in {scope} would delete {report.deleted} events "
                        f"this export does not hold, more than the {report.in_scope} it holds "
                        "there: nothing was written. If the export is complete for that "
                        "scope (every actor and event type), set CONFIRM_DELETE; otherwise "
                        "import without a replace scope (adds and updates, deletes nothing)"
                    )
            report.kept = before - report.updated - report.unchanged - report.deleted
            t_copy = time.perf_counter() - t1
            if source is not None:
                _merge_coverage(cur, table, source, coverage, record)
            cur.execute(sql.SQL("ANALYZE {}").format(table.ident()))
        con.commit()
    except (WriteCanceledError, PgError):
        con.rollback()
        raise
    except psycopg2.Error as err:
        con.rollback()
        raise PgError(f"writing {table.name()} failed: {str(err).strip()}") from err
    finally:
        con.close()
    report.seconds_copy, report.seconds_total = t_copy, time.perf_counter() - t0
    return report


def upsert_incidents(
    table: PgTable, frame: pd.DataFrame, coverage=None, record=None, feedback=None
) -> WriteReport:
    """Add the frame's new events and update the changed ones, by (source, event id);
    delete nothing. One transaction; the table is created if missing."""
    return write_incidents(table, frame, coverage, record, feedback)


def delete_events(table: PgTable, source: str, event_ids) -> int:
    """Delete the rows of ``source`` with these event ids (one transaction); returns how
    many were deleted. Other sources' rows are never touched."""
    require_driver()
    ids = sorted({str(i) for i in event_ids})
    con = connect(table)
    try:
        with con.cursor() as cur:
            cur.execute(
                "SELECT 1 FROM information_schema.tables WHERE table_schema = %s "
                "AND table_name = %s",
                (table.schema, table.table),
            )
            if cur.fetchone() is None:
                raise PgError(f"PostGIS table {table.name()} does not exist")
            cur.execute(sql.SQL("LOCK TABLE {} IN SHARE ROW EXCLUSIVE MODE").format(table.ident()))
            deleted = _delete_ids(cur, table, source, ids)
        con.commit()
    except PgError:
        con.rollback()
        raise
    except psycopg2.Error as err:
        con.rollback()
        raise PgError(f"deleting from {table.name()} failed: {str(err).strip()}") from err
    finally:
        con.close()
    return deleted


def _delete_ids(cur, table: PgTable, source: str, ids: list) -> int:
    if not ids:
        return 0
    cur.execute(
        sql.SQL("DELETE FROM {} WHERE {} = %s AND {} = ANY(%s::text[])").format(
            table.ident(), sql.Identifier(d.F_SOURCE), sql.Identifier(d.F_EVENT_ID)
        ),
        (source, ids),
    )
    return cur.rowcount


def _scope_sql(alias: sql.Composable) -> sql.Composable:
    return sql.SQL(
        "{a}.{src} = %(source)s AND {a}.{country} = ANY(%(countries)s::text[]) "
        "AND {a}.{date} >= %(first)s::date AND {a}.{date} < %(last)s::date + 1"
    ).format(a=alias, src=sql.Identifier(d.F_SOURCE), country=sql.Identifier(d.F_COUNTRY),
             date=sql.Identifier(d.F_DATE))  # fmt: skip


def _scope_params(source: str, scope: ReplaceScope) -> dict:
    return {"source": source, "countries": list(scope.countries), "first": scope.first,
            "last": scope.last}  # fmt: skip


def _count_in_scope(cur, target, source: str, scope: ReplaceScope) -> int:
    cur.execute(
        sql.SQL("SELECT count(*) FROM {} AS s WHERE ").format(target) + _scope_sql(sql.SQL("s")),
        _scope_params(source, scope),
    )
    return int(cur.fetchone()[0])


def _upsert(cur, table: PgTable, frame, source, scope, delete_ids, report, feedback) -> None:
    """Stage the frame; insert its new events, update the changed ones in place; with a
    scope, delete the source's rows in it that the frame does not hold; then the listed
    ids. Counts go into ``report``."""
    names = [n for n, _ in d.INCIDENT_FIELDS]
    cols = [sql.Identifier(c) for c in [*names, GEOM]]
    listed = sql.SQL(", ").join(cols)
    stage = sql.Identifier("sahel_stage")
    cur.execute(
        sql.SQL("CREATE TEMP TABLE {} ON COMMIT DROP AS SELECT {} FROM {} WITH NO DATA").format(
            stage, listed, table.ident()
        )
    )
    _copy_frame(cur, stage, frame, feedback)
    cur.execute(sql.SQL("ANALYZE {}").format(stage))
    ex = sql.SQL(", ").join(sql.SQL("EXCLUDED.{}").format(c) for c in cols)
    old = sql.SQL(", ").join(sql.SQL("t.{}").format(c) for c in cols)
    # xmax = 0 on the returned row: it was inserted, not updated. Rows whose values are
    # all the same are not rewritten (no dead tuples, no WAL) and not returned.
    cur.execute(
        sql.SQL(
            "WITH up AS (INSERT INTO {t} AS t ({cols}) SELECT {cols} FROM {stage} "
            "ON CONFLICT ({src}, {eid}) DO UPDATE SET ({cols}) = ROW({ex}) "
            "WHERE ROW({old}) IS DISTINCT FROM ROW({ex}) RETURNING (t.xmax = 0) AS new) "
            "SELECT count(*) FILTER (WHERE new), count(*) FILTER (WHERE NOT new) FROM up"
        ).format(
            t=table.ident(),
            cols=listed,
            stage=stage,
            src=sql.Identifier(d.F_SOURCE),
            eid=sql.Identifier(d.F_EVENT_ID),
            ex=ex,
            old=old,
        )
    )
    report.inserted, report.updated = (int(v) for v in cur.fetchone())
    report.unchanged = len(frame) - report.inserted - report.updated
    if scope is not None:
        report.in_scope = _count_in_scope(cur, stage, source, scope)
        cur.execute(
            sql.SQL("SELECT DISTINCT {c} FROM {t} WHERE {s} = %s AND {c} = ANY(%s::text[])").format(
                c=sql.Identifier(d.F_COUNTRY), t=table.ident(), s=sql.Identifier(d.F_SOURCE)
            ),
            (source, list(scope.countries)),
        )
        known = {r[0] for r in cur.fetchall()} | set(frame[d.F_COUNTRY].astype(str))
        report.scope_unmatched = [c for c in scope.countries if c not in known]
        cur.execute(
            sql.SQL(
                "WITH gone AS (DELETE FROM {t} AS t WHERE {inside} AND NOT EXISTS (SELECT 1 "
                "FROM {stage} AS s WHERE s.{src} = t.{src} AND s.{eid} = t.{eid}) "
                "RETURNING t.{country}) SELECT {country}, count(*) FROM gone GROUP BY 1"
            ).format(
                t=table.ident(),
                inside=_scope_sql(sql.SQL("t")),
                stage=stage,
                src=sql.Identifier(d.F_SOURCE),
                eid=sql.Identifier(d.F_EVENT_ID),
                country=sql.Identifier(d.F_COUNTRY),
            ),
            _scope_params(source, scope),
        )
        report.deleted_by_country = {str(c): int(n) for c, n in cur.fetchall()}
        report.deleted = sum(report.deleted_by_country.values())
    held = set(frame[d.F_EVENT_ID].astype(str))
    report.deleted += _delete_ids(cur, table, source, sorted({str(i) for i in delete_ids} - held))


# Processing outputs written by ``write_output``: their source, for the import's record.
_OUTPUT_SOURCES: dict = {}
# ... and the table written, with the password its destination gave (the output id has none).
_OUTPUT_TABLES: dict = {}


def record_output_metadata(dest_id: str, key: str, document: dict) -> bool:
    """The import's metadata document (``definitions.META_IMPORT``) of a PostGIS output,
    kept per source in ``sahel_overlap_meta``; its coverage merged into the source's."""
    table = _OUTPUT_TABLES.pop(dest_id, None) or PgTable.from_uri(dest_id, subset="")
    con = connect(table)
    try:
        with con.cursor() as cur:
            ensure_meta_table(cur, table.schema)
            for source in _OUTPUT_SOURCES.pop(dest_id, None) or sources(cur, table):
                countries = ((document.get("coverage") or {}).get("countries")) or {}
                _merge_coverage(cur, table, source, {c: tuple(v) for c, v in countries.items()},
                                None)  # fmt: skip
                write_meta(cur, table, source, key, document)
        con.commit()
        return True
    except psycopg2.Error as err:
        con.rollback()
        raise PgError(f"writing the metadata of {table.name()} failed: {err}") from err
    finally:
        con.close()


# --- Processing outputs ----------------------------------------------------------------


def write_output(table: PgTable, events: pd.DataFrame, parameter, value, context, feedback,
                 coverage=None, record=None, scope=None, confirm_delete=False,
                 delete_ids=()) -> str:  # fmt: skip
    """The import's output into a PostGIS table (``write_incidents``: an upsert, plus the
    replace ``scope`` or the listed ``delete_ids`` when given, in the same transaction); returns the
    output's id (``postgres://`` + a layer source without a password) and asks the
    context to load it when the user asked for the output to be opened."""
    from qgis.core import QgsProcessingContext, QgsProcessingOutputLayerDefinition

    if table.password and not table.authcfg:
        feedback.reportError(
            "The PostGIS destination carries a password: the loaded layer will not (store "
            "credentials in QGIS's authentication manager or a pg_service.conf service).",
            False,
        )
    feedback.setProgressText(f"Writing incidents into PostGIS table {table.name()} (COPY)")
    report = write_incidents(table, events, coverage, record, feedback, scope=scope,
                             confirm_delete=confirm_delete, delete_ids=delete_ids)  # fmt: skip
    feedback.pushInfo(
        f"PostGIS {table.name()}: {report.inserted} new events, {report.updated} updated, "
        f"{report.unchanged} unchanged (by source and event id), {report.deleted} deleted, "
        f"{report.kept} other rows kept ({report.seconds_total:.1f} s, "
        f"COPY {report.seconds_copy:.1f} s)"
    )
    if scope is not None:
        by_country = ", ".join(f"{c} {n}" for c, n in sorted(report.deleted_by_country.items()))
        feedback.pushWarning(
            f"Replace scope {scope}: {report.deleted} events of this source deleted because "
            f"this export does not hold them ({by_country or 'none'}); the export holds "
            f"{report.in_scope} events there"
        )
        for country in report.scope_unmatched:
            feedback.pushWarning(
                f"Replace scope: no event of this source in {country!r}, in the table or in "
                "this export (a country is written as in the data: "
                f"{', '.join(sorted(set(events[d.F_COUNTRY].astype(str)))[:6])})"
            )
    dest_id = "postgres://" + table.uri(subset="")
    _OUTPUT_SOURCES[dest_id] = sorted(set(events[d.F_SOURCE].astype(str)))
    _OUTPUT_TABLES[dest_id] = table
    if isinstance(value, QgsProcessingOutputLayerDefinition) and value.destinationProject:
        name = value.destinationName or parameter.description()
        details = QgsProcessingContext.LayerDetails(
            name, value.destinationProject, parameter.name()
        )
        context.addLayerToLoadOnCompletion(dest_id, details)
    return dest_id
