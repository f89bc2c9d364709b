"""saheloverlap:fetchacled: events from ACLED's API into an incident store, kept in step.

The fetched rows go through the import's own code (``ImportIncidentsAlgorithm``:
presets, clashes, joint operations, ambiguity, coverage, review table, writers), so
the same events fetched or imported from a CSV export make the same store. A store
that already holds ACLED events is updated in place: only events changed since its
newest ``timestamp`` are asked for, upserted by event id, and the ids ACLED lists as
deleted since then removed (``core.acled_sync`` plans it, ``io.store_sync`` applies it).
"""

from __future__ import annotations

import contextlib
import sqlite3

import pandas as pd
from qgis.core import (
    QgsProcessing,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingOutputLayerDefinition,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterAuthConfig,
    QgsProcessingParameterDateTime,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)
from qgis.PyQt.QtCore import QUrl

from .. import definitions as d
from ..core import acled_sync as sync
from ..core import incidents as inc
from ..core.provenance import import_record, now_utc
from ..definitions import N_
from ..i18n import error_text
from ..io import acled_api as api
from ..io import postgis, store_sync
from ..io.metadata import read_metadata, write_output_metadata
from ..io.natural_earth import country_shapes
from ..io.writers import WriteCanceled
from .alg_import import ImportIncidentsAlgorithm
from .base import canceled_error, destination_of

LAYOUT_LABELS = [
    N_("Dyadic (one row per event; ACLED's default)"),
    N_("Actor-based (one row per actor)"),
]
ACLED_KEY = "acled"  # the section of the import record (META_IMPORT) a fetch keeps


def public_url(url: str) -> str:
    """The API address as it may be written down: no user name or password in it."""
    return QUrl(url).adjusted(QUrl.RemoveUserInfo | QUrl.RemoveQuery).toString().rstrip("/")


class FetchAcledAlgorithm(ImportIncidentsAlgorithm):
    COUNTRIES = "COUNTRIES"
    START = "START"
    END = "END"
    LAYOUT = "LAYOUT"
    AUTHCFG = "AUTHCFG"
    API_URL = "API_URL"
    PAGE_SIZE = "PAGE_SIZE"

    def name(self):
        return "fetchacled"

    def displayName(self):
        return self.tr("Fetch incidents from ACLED (API, incremental update)")

    def shortHelpString(self):
        return self.tr(
            "Fetches events from ACLED's API (an ACLED account with API access) and writes "
            "them into an incident store (GeoPackage or PostGIS) exactly as 'Import "
            "incidents' writes an ACLED export: the same actor preset, clashes, joint "
            "operations, ambiguous attributions, coverage and review table.\n\n"
            "Countries: ACLED's country names, comma separated (Mali, Burkina Faso, Niger). "
            "Start and end: the event dates to ask for (end: today when empty).\n\n"
            "Updating: when the output already holds ACLED events (a GeoPackage table or a "
            "PostGIS table), only events changed since its newest ACLED timestamp are asked "
            "for; they replace their stored version (matched by event id), and events ACLED "
            "has deleted since then are removed. Nothing else in the file or table is "
            "touched. The log and the store's metadata say when it was synced and how many "
            "events were added, updated, deleted and left unchanged.\n\n"
            "Credentials: an authentication configuration (Basic: your ACLED e-mail and "
            "password), or the environment variables ACLED_USERNAME and ACLED_PASSWORD "
            "(qgis_process). The password is sent only to ACLED's token endpoint and is "
            "never written to the output, the log or the project. Requests go through QGIS's "
            "network settings (proxy, SSL). Busy answers (429) and server errors are tried "
            "again after a pause; a refused login or an account without API access stop "
            "the run, and nothing is written when a run fails or is canceled.\n\n"
            "ACLED's terms apply to the data: name ACLED (acleddata.com) on every map and do "
            "not redistribute the events."
        )

    def initAlgorithm(self, config=None):
        self.addParameter(
            QgsProcessingParameterString(
                self.COUNTRIES,
                self.tr("Countries (ACLED names, comma separated)"),
                defaultValue="Mali, Burkina Faso, Niger",
            )
        )
        for key, label in [(self.START, N_("First event date")), (self.END, N_("Last event date"))]:
            self.addParameter(
                QgsProcessingParameterDateTime(
                    key, self.tr(label), QgsProcessingParameterDateTime.Date, optional=True
                )
            )
        self.addParameter(
            QgsProcessingParameterEnum(
                self.LAYOUT,
                self.tr("Layout"),
                options=[self.tr(label) for label in LAYOUT_LABELS],
                defaultValue=0,
            )
        )
        self.addParameter(
            QgsProcessingParameterAuthConfig(
                self.AUTHCFG,
                self.tr("ACLED account (authentication configuration; else ACLED_USERNAME/"
                        "ACLED_PASSWORD)"),
                optional=True,
            )
        )  # fmt: skip
        advanced = [
            *self.add_reading_parameters(),
            QgsProcessingParameterString(
                self.API_URL, self.tr("ACLED API address"), defaultValue=api.DEFAULT_URL
            ),
            QgsProcessingParameterNumber(
                self.PAGE_SIZE,
                self.tr("Events per request (page size)"),
                QgsProcessingParameterNumber.Integer,
                defaultValue=5000,
                minValue=1,
                maxValue=100_000,
            ),
        ]
        for param in advanced:
            param.setFlags(param.flags() | param.FlagAdvanced)
            self.addParameter(param)
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                self.OUTPUT, self.tr("Incident store"), QgsProcessing.TypeVectorPoint
            )
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                self.REVIEW_TABLE,
                self.tr("Review table of the same-side events fetched (CSV)"),
                fileFilter="CSV (*.csv)",
                optional=True,
                createByDefault=False,
            )
        )
        for key, label in [
            ("EVENTS_A", N_("Events of group A fetched")),
            ("EVENTS_B", N_("Events of group B fetched")),
            ("CLASHES", N_("Clashes between the groups fetched")),
            ("JOINT", N_("Joint operations of the groups fetched")),
            ("AMBIGUOUS", N_("Ambiguous attributions fetched")),
            ("SKIPPED", N_("Rows skipped")),
            ("ADDED", N_("Events added to the store")),
            ("UPDATED", N_("Events updated in the store")),
            ("DELETED", N_("Events removed from the store")),
            ("UNCHANGED", N_("Events left unchanged in the store")),
        ]:
            self.addOutput(QgsProcessingOutputNumber(key, self.tr(label)))
        self.addOutput(QgsProcessingOutputString("SYNCED", self.tr("Sync time (UTC)")))

    # --- checks ---------------------------------------------------------------------
    def _gpkg_store(self, parameters, context):
        dest = destination_of(parameters, self.OUTPUT, context)
        if dest.path is None or dest.path.suffix.lower() != ".gpkg" or not dest.path.is_file():
            return None
        return store_sync.open_gpkg_store(dest.path, dest.table)

    def output_problems(self, parameters, context) -> str | None:
        # An existing store is updated in place, in one transaction: its other tables stay,
        # and readers (QGIS showing it) may keep it open.
        try:
            if self._gpkg_store(parameters, context) is not None:
                return None
        except store_sync.StoreError as err:
            return f"{self.OUTPUT}: {err}"
        return super().output_problems(parameters, context)

    def checkParameterValues(self, parameters, context):
        countries = self._countries(parameters, context)
        if not countries:
            return False, self.tr("{key}: name at least one country (ACLED's spelling)").format(
                key=self.COUNTRIES
            )
        return super().checkParameterValues(parameters, context)

    def _countries(self, parameters, context) -> list[str]:
        text = self.parameterAsString(parameters, self.COUNTRIES, context) or ""
        return [c.strip() for c in text.replace(";", ",").split(",") if c.strip()]

    # --- run ----------------------------------------------------------------------------
    def processAlgorithm(self, parameters, context, feedback):
        options = self._options(parameters, context)
        options["fmt"] = inc.FORMAT_ACLED
        countries = self._countries(parameters, context)
        if not countries:
            raise QgsProcessingException(
                self.tr("{key}: name at least one country").format(key=self.COUNTRIES)
            )
        first, last = self.date_range_params(parameters, self.START, self.END, context)
        today = pd.Timestamp.today().normalize()
        start = first.strftime("%Y-%m-%d") if first is not None else None
        end = min(last, today) if last is not None else today
        end = end.strftime("%Y-%m-%d")
        layout = sync.LAYOUTS[self.parameterAsEnum(parameters, self.LAYOUT, context)]
        url = self.parameterAsString(parameters, self.API_URL, context) or api.DEFAULT_URL
        page_size = self.parameterAsInt(parameters, self.PAGE_SIZE, context)
        authcfg = self.parameterAsString(parameters, self.AUTHCFG, context) or None

        store = self._existing_store(parameters, context)
        since = None
        if store is not None:
            since = self._check_store(store, options, layout)
            if since is not None:
                self._check_window(store, countries, start, end)
        try:
            creds = api.credentials(authcfg)
        except api.AcledApiError as err:
            raise QgsProcessingException(error_text(err)) from err
        client = api.AcledClient(url, creds, feedback, feedback.pushInfo)
        del creds
        review = None
        try:
            # An update asks for every change in the countries, whatever its date: an event
            # whose corrected date left the window must leave the store too.
            window = (None, None) if since is not None else (start, end)
            rows, deleted = self._fetch(client, countries, *window, layout, since,
                                        page_size, feedback)  # fmt: skip
            frame = sync.rows_frame(rows, layout)
            fetched = list(frame[sync.ID_COLUMN]) if sync.ID_COLUMN in frame.columns else []
            if since is not None:
                frame, outside = sync.inside_window(frame, start, end)
                if outside:
                    feedback.pushInfo(
                        self.tr(
                            "{n} changed rows are now dated outside {first}..{last}: not kept "
                            "(their stored version is removed)"
                        ).format(n=outside, first=start or sync.FIRST_DAY, last=end)
                    )
            events, report = self._import_rows(frame, options, feedback, store is not None)
            self._log(report, feedback)
            review = self._stage_review(report, parameters, context)
            coverage = sync.requested_coverage(countries, start, end)
            newest = max(
                (t for t in (since, sync.newest_timestamp(frame.get("timestamp", []))) if t),
                default=None,
            )
            acled = {
                "api": public_url(url),
                "authcfg": authcfg,  # an id in the QGIS authentication database, no secret
                "countries": countries,
                "start": start,
                "end": end,
                "layout": layout,
                "include_affiliates": options["include"],
                "keep_other": options["keep_other"],
                "newest_timestamp": newest,
                "synced": now_utc(),
                "requests": client.requests,
            }
            if store is None:
                dest_id, plan = self._write_new(events, report, parameters, context, feedback)
            else:
                dest_id, plan = self._update(store, events, fetched, deleted, parameters,
                                             context, feedback)  # fmt: skip
            acled["last_sync"] = plan.counts()
            feedback.pushInfo(
                self.tr("ACLED sync at {time}: {counts}").format(
                    time=acled["synced"], counts=plan.line(self.tr)
                )
            )
            self._record(dest_id, context, feedback, report, options, coverage, store, acled)
            review_path = self._commit_review(review, report, feedback)
            review = None
            self._present(events, options["preset"], dest_id, context)
        except api.AcledCanceled as err:
            raise canceled_error() from err
        except (inc.Canceled, WriteCanceled, store_sync.StoreCanceled) as err:
            raise canceled_error() from err
        except api.AcledApiError as err:
            raise QgsProcessingException(
                self.tr("{error}; nothing was written").format(error=error_text(err))
            ) from err
        except store_sync.StoreError as err:
            raise QgsProcessingException(
                self.tr("the store was not changed: {error}").format(error=err)
            ) from err
        except (OSError, sqlite3.Error) as err:
            raise QgsProcessingException(
                self.tr(
                    "the incidents were not written: {error} (is the disk full?); nothing was kept"
                ).format(error=err)
            ) from err
        finally:
            if review is not None:
                with contextlib.suppress(OSError):
                    review[0].unlink()
        return {
            self.OUTPUT: dest_id,
            "EVENTS_A": report.sides[d.SIDE_A],
            "EVENTS_B": report.sides[d.SIDE_B],
            "CLASHES": report.sides[d.SIDE_CLASH],
            "JOINT": report.sides[d.SIDE_JOINT],
            "AMBIGUOUS": report.sides[d.SIDE_AMBIGUOUS],
            "SKIPPED": sum(report.skipped.values()),
            "ADDED": plan.added,
            "UPDATED": plan.updated,
            "DELETED": plan.deleted + plan.dropped,
            "UNCHANGED": plan.unchanged,
            "SYNCED": acled["synced"],
            self.REVIEW_TABLE: review_path,
        }

    # --- steps ----------------------------------------------------------------------------
    def _existing_store(self, parameters, context):
        """("gpkg", GpkgStore) or ("postgis", PgTable, ids, newest) for a store that
        already holds events; None for a new output."""
        try:
            gpkg = self._gpkg_store(parameters, context)
        except store_sync.StoreError as err:
            raise QgsProcessingException(f"{self.OUTPUT}: {err}") from err
        if gpkg is not None:
            return ("gpkg", gpkg)
        table = postgis.destination_table(
            self.parameterAsOutputLayer(parameters, self.OUTPUT, context)
        )
        if table is None:
            return None
        try:
            ids, newest = store_sync.postgis_ids(table, d.SOURCE_ACLED)
        except postgis.PgError as err:
            raise QgsProcessingException(str(err)) from err
        return ("postgis", table, ids, newest) if ids else None

    def _store_record(self, store) -> dict:
        if store[0] == "gpkg":
            gpkg = store[1]
            return read_metadata(f"{gpkg.path}|layername={gpkg.table}", d.META_IMPORT) or {}
        return postgis.import_metadata(store[1], d.SOURCE_ACLED) or {}

    def _check_store(self, store, options, layout) -> int | None:
        """The timestamp to ask for changes after (None: fetch the whole window), once
        the store is known to have been made with the same preset and layout."""
        record = self._store_record(store)
        preset = record.get("preset")
        if preset and preset != options["preset"].name:
            raise QgsProcessingException(
                self.tr(
                    "the store was made with the preset {stored}, not {chosen}: update it with "
                    "that preset, or fetch into a new store"
                ).format(stored=repr(preset), chosen=repr(options["preset"].name))
            )
        previous = record.get(ACLED_KEY) or {}
        if previous.get("layout") and previous["layout"] != layout:
            raise QgsProcessingException(
                self.tr(
                    "the store holds ACLED's {stored} layout, not {chosen}: update it with the "
                    "same layout, or fetch into a new store"
                ).format(stored=previous["layout"], chosen=layout)
            )
        stored = store[1].newest if store[0] == "gpkg" else store[3]
        known = [t for t in (stored, previous.get("newest_timestamp")) if t is not None]
        return int(max(known)) if known else None

    def _check_window(self, store, countries, start, end) -> None:
        """An update asks only for events changed since the last fetch: it cannot fill in
        countries or days the store was not fetched for, whose events ACLED stamped before
        (they would be missed while the coverage claimed them), and a narrower window would
        delete stored events. Refused unless the window is the stored one (an end that was
        the day of that fetch may move on: later events carry later stamps)."""
        previous = self._store_record(store).get(ACLED_KEY) or {}
        if not previous.get("synced"):
            return
        before = (previous.get("countries") or [], previous.get("start"), previous.get("end"))
        synced_day = str(previous["synced"])[:10]
        same_place = sorted(c.lower() for c in before[0]) == sorted(c.lower() for c in countries)
        end_moves_on = (before[2] or "") >= synced_day and (end or "") >= (before[2] or "")
        if same_place and before[1] == start and (before[2] == end or end_moves_on):
            return
        raise QgsProcessingException(
            self.tr(
                "the store was fetched for {countries} from {first} to {last}; an update asks "
                "only for what changed since then, so it keeps those countries and that window "
                "(leave START and END as they were, or END empty). For other countries or "
                "days, fetch them into a new store."
            ).format(
                countries=", ".join(before[0]),
                first=before[1] or sync.FIRST_DAY,
                last=before[2],
            )
        )

    def _fetch(self, client, countries, start, end, layout, since, page_size, feedback):
        """Rows and deleted ids; 0-40 % of the progress (pages: their count is unknown)."""
        feedback.setProgressText(self.tr("Asking ACLED"))
        if since is not None:
            feedback.pushInfo(
                self.tr("Asking ACLED only for events changed after timestamp {since}").format(
                    since=since
                )
            )
        page_text = self.tr("page {page}: {n} rows so far")

        def progress(page, n):
            feedback.pushInfo("  " + page_text.format(page=page, n=n))
            feedback.setProgress(35.0 * (1.0 - 0.5**page))

        params = sync.query_filters(countries, start, end, layout, since)
        client.login()
        rows = client.read(params, page_size, progress)
        feedback.pushInfo(self.tr("ACLED returned {n} rows").format(n=len(rows)))
        deleted: list[str] = []
        if since is not None:
            deleted = client.deleted(sync.deletion_filters(since), page_size)
            feedback.pushInfo(
                self.tr("ACLED lists {n} events deleted since then").format(n=len(deleted))
            )
        feedback.setProgress(40)
        return rows, deleted

    def _import_rows(self, frame, options, feedback, updating: bool):
        """The import's own reading of the rows: (events, report)."""
        checks = inc.Checks(countries=country_shapes(), is_canceled=feedback.isCanceled)
        report = inc.ImportReport(rows_read=len(frame))
        if len(frame) == 0 and updating:
            report.source, report.layout = d.SOURCE_ACLED, "no change"
            return _empty_events(), report
        try:
            events, report = inc.load_frame(
                frame, options["preset"], inc.FORMAT_ACLED, None, options["include"],
                options["keep_other"], report, checks, options["rules"],
            )  # fmt: skip
        except inc.IncidentFormatError as err:
            # An update whose changed rows are all of other actors (or unusable) keeps
            # nothing new: the plan still removes their stored versions.
            if updating and report.events == 0 and report.accounted() == report.rows_read:
                return _empty_events(), report
            raise QgsProcessingException(error_text(err)) from err
        feedback.setProgress(50)
        return events, report

    def _write_new(self, events, report, parameters, context, feedback):
        """A new store, through the import's writer."""
        dest_id = self._write(events, parameters, context, feedback, report)
        plan = sync.plan_sync([], events[d.F_EVENT_ID], events, [])
        return dest_id, plan

    def _update(self, store, events, fetched, deleted, parameters, context, feedback):
        feedback.setProgressText(self.tr("Updating the store"))
        if store[0] == "gpkg":
            gpkg = store[1]
            plan = sync.plan_sync(gpkg.ids, fetched, events, deleted)
            store_sync.apply_gpkg(gpkg, plan.remove_ids, events, feedback.isCanceled)
            dest_id = f"{gpkg.path}|layername={gpkg.table}"
            self._load_on_completion(dest_id, parameters, context)
        else:
            _kind, table, ids, _newest = store
            plan = sync.plan_sync(ids, fetched, events, deleted)
            gone = set(plan.remove_ids) - set(events[d.F_EVENT_ID].astype(str))
            try:
                # One transaction: the upsert and the removal of what ACLED deleted.
                dest_id = postgis.write_output(
                    table, events, self.parameterDefinition(self.OUTPUT),
                    parameters.get(self.OUTPUT), context, feedback, {}, delete_ids=gone,
                )  # fmt: skip
            except postgis.WriteCanceledError as err:
                raise WriteCanceled() from err
            except Exception as err:
                if type(err).__module__.startswith("psycopg2") or isinstance(err, postgis.PgError):
                    raise QgsProcessingException(
                        self.tr("the store was not updated: {error}").format(error=err)
                    ) from err
                raise
        feedback.setProgress(95)
        return dest_id, plan

    def _load_on_completion(self, dest_id, parameters, context) -> None:
        value = parameters.get(self.OUTPUT)
        if isinstance(value, QgsProcessingOutputLayerDefinition) and value.destinationProject:
            name = value.destinationName or self.parameterDefinition(self.OUTPUT).description()
            context.addLayerToLoadOnCompletion(
                dest_id, QgsProcessingContext.LayerDetails(name, value.destinationProject,
                                                           self.OUTPUT)
            )  # fmt: skip

    def _record(self, dest_id, context, feedback, report, options, coverage, store, acled):
        """The import record (META_IMPORT) with the fetch's section; an update keeps the
        store's earlier coverage and adds the new window."""
        record = import_record(
            report, options["preset"].name, options["preset_table"] or None,
            f"ACLED API ({', '.join(acled['countries'])})", None, options["rules"],
        )  # fmt: skip
        previous = self._store_record(store) if store is not None else {}
        old_cov = ((previous.get("coverage") or {}).get("countries")) or {}
        record["coverage"] = {
            "source": "ACLED API: the days asked for, per country (every fetch so far)",
            "countries": sync.merge_coverage(old_cov, coverage),
        }
        record[ACLED_KEY] = acled
        for country, (first, last) in sorted(record["coverage"]["countries"].items()):
            feedback.pushInfo(
                self.tr("  covers {country} from {first} to {last}").format(
                    country=country, first=first, last=last
                )
            )
        if not write_output_metadata(dest_id, context, d.META_IMPORT, record):
            feedback.pushInfo(
                self.tr(
                    "The output format keeps no metadata: it cannot be updated from ACLED later "
                    "and 'Score zones' will not know what it covers (save as GeoPackage)."
                )
            )

    def _options(self, parameters, context) -> dict:
        options = super()._options(parameters, context)
        options["preset_table"] = self.parameterAsFile(parameters, self.PRESET_TABLE, context)
        return options


def _empty_events() -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series([], dtype=object) for name in d.INCIDENT_FIELD_NAMES})
