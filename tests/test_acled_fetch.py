"""saheloverlap:fetchacled against a stand-in for ACLED's API on 127.0.0.1 (no network).

The stand-in (tests/acled_server.py) serves rows of the real ACLED files (skipped
without them) or planted rows; the stores the fetch writes are compared field by
field with what 'Import incidents' makes of the same events as a CSV export.
"""

from __future__ import annotations

import csv
import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from qgis.core import (
    QgsApplication,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProject,
    QgsVectorLayer,
)

from .acled_server import PASSWORD, USER, AcledStandIn

ALG = "saheloverlap:fetchacled"


class Recorder(QgsProcessingFeedback):
    """A feedback that keeps every line of the log."""

    def __init__(self):
        super().__init__()
        self.lines: list[str] = []

    def pushInfo(self, info):
        self.lines.append(info)
        super().pushInfo(info)

    def pushWarning(self, warning):
        self.lines.append(warning)
        super().pushWarning(warning)

    def reportError(self, error, fatalError=False):
        self.lines.append(error)
        super().reportError(error, fatalError)

    def setProgressText(self, text):
        self.lines.append(text)
        super().setProgressText(text)

    def text(self) -> str:
        return "\n".join(self.lines)


@pytest.fixture
def acled_env(monkeypatch):
    monkeypatch.setenv("ACLED_USERNAME", USER)
    monkeypatch.setenv("ACLED_PASSWORD", PASSWORD)


def iso_day(text: str) -> str:
    for fmt in ("%Y-%m-%d", "%d %B %Y", "%d-%b-%y", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text.strip(), fmt).strftime("%Y-%m-%d")
        except ValueError:
            continue
    raise ValueError(text)


def api_rows(path: Path) -> list[dict]:
    """A CSV export's rows as ACLED's API sends them: every value a string, the date
    as YYYY-MM-DD."""
    with open(path, encoding="utf-8", newline="") as fh:
        rows = [dict(r) for r in csv.DictReader(fh)]
    for r in rows:
        r["event_date"] = iso_day(r["event_date"])
    return rows


def fetch(server, out, feedback=None, **params):
    import processing

    values = {
        "COUNTRIES": "Mali",
        "START": "2017-01-01",
        "END": "2020-12-31",
        "API_URL": server.url,
        "OUTPUT": str(out),
        **params,
    }
    return processing.run(ALG, values, feedback=feedback or Recorder())


def import_csv(path, out, **params):
    import processing

    return processing.run(
        "saheloverlap:importincidents", {"INPUT": str(path), "OUTPUT": str(out), **params}
    )


def store_rows(path, layer=None) -> dict:
    """event id -> (attributes by name, point as text), read through QGIS."""
    uri = str(path) + (f"|layername={layer}" if layer else "")
    lyr = QgsVectorLayer(uri, "store", "ogr")
    assert lyr.isValid(), uri
    names = lyr.fields().names()
    out = {}
    for f in lyr.getFeatures():
        attrs = dict(zip(names, f.attributes()))
        attrs.pop("fid", None)
        eid = attrs["event_id"]
        assert eid not in out, f"{eid} stored twice"
        out[eid] = (attrs, f.geometry().asWkt(6))
    return out


def assert_same_store(fetched: dict, imported: dict):
    assert set(fetched) == set(imported)
    for eid, (attrs, geom) in imported.items():
        assert fetched[eid][1] == geom, eid
        for name, value in attrs.items():
            assert fetched[eid][0][name] == value, (eid, name, fetched[eid][0][name], value)


# --- planted rows (no real file needed) -------------------------------------------------

JNIM = "JNIM: Group for Support of Islam and Muslims"
ISGS = "Islamic State (Greater Sahara)"
ARMY = "Military Forces of Mali (2016-2021)"
CIVS = "Civilians (Mali)"
PLACES = [
    ("Bandiagara", "Mopti", "Bandiagara", 14.3493, -3.6102),
    ("Gao", "Gao", "Gao", 16.2717, -0.0447),
    ("Menaka", "Menaka", "Menaka", 15.9182, 2.4022),
    ("Douentza", "Mopti", "Douentza", 15.0019, -2.9497),
]
T0 = 1_700_000_000


def planted_row(n: int, actor1: str, actor2: str, ts: int, fatalities=1, notes="") -> dict:
    place, admin1, admin2, lat, lon = PLACES[n % len(PLACES)]
    return {
        "event_id_cnty": f"MLI{9000 + n}",
        "event_date": f"2020-{1 + n % 12:02d}-{1 + n % 27:02d}",
        "year": "2020",
        "time_precision": "1",
        "disorder_type": "Political violence",
        "event_type": "Battles" if actor2 != CIVS else "Violence against civilians",
        "sub_event_type": "Armed clash" if actor2 != CIVS else "Attack",
        "actor1": actor1,
        "assoc_actor_1": "",
        "inter1": "2",
        "actor2": actor2,
        "assoc_actor_2": "",
        "inter2": "1",
        "interaction": "12",
        "civilian_targeting": "",
        "iso": "466",
        "region": "Western Africa",
        "country": "Mali",
        "admin1": admin1,
        "admin2": admin2,
        "admin3": "",
        "location": place,
        "latitude": str(lat),
        "longitude": str(lon),
        "geo_precision": "1",
        "source": "Planted",
        "source_scale": "National",
        "notes": notes or f"Planted event {n}.",
        "fatalities": str(fatalities),
        "tags": "",
        "timestamp": str(ts),
    }


def planted_rows() -> list[dict]:
    rows = []
    for n in range(12):
        actor1, actor2 = [(JNIM, ARMY), (ISGS, CIVS), (JNIM, ISGS), (ISGS, ARMY)][n % 4]
        rows.append(planted_row(n, actor1, actor2, T0 + n))
    return rows


def write_csv(rows: list[dict], path: Path) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


# --- registration ---------------------------------------------------------------------


def test_fetch_algorithm_is_registered_with_help(plugin):
    alg = QgsApplication.processingRegistry().algorithmById(ALG)
    assert alg is not None
    assert "ACLED" in alg.shortHelpString() and "ACLED_PASSWORD" in alg.shortHelpString()
    names = {p.name() for p in alg.parameterDefinitions()}
    assert {"COUNTRIES", "START", "END", "LAYOUT", "OUTPUT", "AUTHCFG", "API_URL",
            "PAGE_SIZE"} <= names  # fmt: skip
    assert alg.parameterDefinition("API_URL").defaultValue() == "https://acleddata.com"
    assert alg.parameterDefinition("PAGE_SIZE").defaultValue() == 5000


# --- same events, same store ----------------------------------------------------------


@pytest.mark.real_data
@pytest.mark.parametrize(
    "name, layout",
    [("acled_mali_2017_2019.csv", 0), ("acled_mali_2017_2020_actor_based.csv", 1)],
)
def test_fetched_store_equals_imported_csv_field_by_field(
    plugin, real_data, tmp_path, acled_env, name, layout
):
    path = real_data / name
    rows = api_rows(path)
    dyadic = layout == 0
    with AcledStandIn(rows if dyadic else [], [] if dyadic else rows) as server:
        feedback = Recorder()
        result = fetch(server, tmp_path / "fetched.gpkg", feedback, LAYOUT=layout, PAGE_SIZE=100)
        reads = server.reads()
    imported = import_csv(path, tmp_path / "imported.gpkg")
    fetched_rows = store_rows(tmp_path / "fetched.gpkg")
    assert (
        len(fetched_rows)
        == imported["EVENTS_A"]
        + imported["EVENTS_B"]
        + imported["CLASHES"]
        + imported["JOINT"]
        + imported["AMBIGUOUS"]
    )
    assert_same_store(fetched_rows, store_rows(tmp_path / "imported.gpkg"))
    for key in ("EVENTS_A", "EVENTS_B", "CLASHES", "JOINT", "AMBIGUOUS", "SKIPPED"):
        assert result[key] == imported[key], key
    # Paged 100 at a time until a short page, with the filters the contract names.
    pages = len(rows) // 100 + 1
    assert [int(r["query"]["page"]) for r in reads] == list(range(1, pages + 1))
    assert {r["query"]["limit"] for r in reads} == {"100"}
    assert {r["query"]["country"] for r in reads} == {"Mali"}
    assert {r["query"]["event_date"] for r in reads} == {"2017-01-01|2020-12-31"}
    assert {r["query"]["export_type"] for r in reads} == {"dyadic" if dyadic else "monadic"}
    assert all(r["auth"] for r in reads)
    assert "timestamp" not in reads[0]["query"]  # a new store: the whole window
    assert result["ADDED"] == len(fetched_rows) and result["UNCHANGED"] == 0
    # The store keeps ACLED's timestamp of every event (the next update starts there).
    newest = max(int(r["timestamp"]) for r in rows)
    con = sqlite3.connect(tmp_path / "fetched.gpkg")
    assert con.execute("SELECT max(acled_ts), count(acled_ts) FROM fetched").fetchone() == (
        newest,
        len(fetched_rows),
    )
    con.close()


# --- the incremental update ------------------------------------------------------------


def test_second_fetch_asks_only_for_changes_and_applies_them(plugin, tmp_path, acled_env):
    from sahel_overlap.plugin import definitions as d
    from sahel_overlap.plugin.io.metadata import read_metadata

    rows = planted_rows()
    store = tmp_path / "store.gpkg"
    with AcledStandIn(rows) as server:
        first = fetch(server, store, PAGE_SIZE=5)
        assert first["ADDED"] == 12 and first["UPDATED"] == 0
        # The file holds another table that the update must keep.
        con = sqlite3.connect(store)
        con.execute("CREATE TABLE analyst_notes (note TEXT)")
        con.execute("INSERT INTO analyst_notes VALUES ('keep me')")
        con.commit()
        con.close()
        newest = T0 + 11
        # Upstream: one event added, one changed (JNIM now, 7 dead), one changed to actors
        # outside the preset and one re-dated before the window (both leave the store),
        # one deleted.
        server.rows.append(planted_row(20, JNIM, CIVS, newest + 5))
        server.rows[1] = planted_row(1, JNIM, CIVS, newest + 6, fatalities=7)
        server.rows[3] = planted_row(3, ARMY, CIVS, newest + 7)
        server.rows[5] = {
            **server.rows[5],
            "event_date": "2016-11-30",
            "timestamp": str(newest + 3),
        }
        deleted = server.rows.pop(6)
        server.deleted.append((deleted["event_id_cnty"], newest + 8))
        server.deleted.append(("MLI1", newest - 100))  # before the store's newest: not asked
        server.log.clear()
        feedback = Recorder()
        second = fetch(server, store, feedback, PAGE_SIZE=5)
        log = list(server.log)
    reads = [r for r in log if r["path"] == "/api/acled/read"]
    dels = [r for r in log if r["path"] == "/api/deleted/read"]
    assert {r["query"]["timestamp"] for r in reads} == {str(newest)}
    assert {r["query"]["timestamp_where"] for r in reads} == {">"}
    assert [r["query"]["deleted_timestamp"] for r in dels] == [str(newest)]
    assert all("event_date" not in r["query"] for r in reads)  # every change, any date
    assert len(reads) == 1  # four changed rows: one short page
    assert (second["ADDED"], second["UPDATED"], second["DELETED"], second["UNCHANGED"]) == (
        1, 1, 3, 8
    )  # fmt: skip
    assert "added 1, updated 1, deleted 1, unchanged 8" in feedback.text()
    assert "1 changed rows are now dated outside 2017-01-01..2020-12-31" in feedback.text()
    # The store now equals an import of what ACLED holds today in the window.
    imported = tmp_path / "today.gpkg"
    window = [r for r in server.rows if "2017-01-01" <= r["event_date"] <= "2020-12-31"]
    import_csv(write_csv(window, tmp_path / "today.csv"), imported)
    assert_same_store(store_rows(store, "store"), store_rows(imported))
    assert store_rows(store, "store")["MLI9001"][0]["fatalities"] == 7
    con = sqlite3.connect(store)
    assert con.execute("SELECT note FROM analyst_notes").fetchall() == [("keep me",)]
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert con.execute("SELECT rtreecheck('rtree_store_geom')").fetchone() == ("ok",)
    assert con.execute("SELECT count(*) FROM rtree_store_geom").fetchone()[0] == len(
        store_rows(store, "store")
    )
    con.close()
    record = read_metadata(f"{store}|layername=store", d.META_IMPORT)
    assert record["acled"]["last_sync"] == {
        "added": 1, "updated": 1, "deleted": 1, "dropped": 2, "unchanged": 8
    }  # fmt: skip
    assert record["acled"]["newest_timestamp"] == newest + 7
    assert record["acled"]["synced"] == second["SYNCED"]
    assert record["coverage"]["countries"] == {"Mali": ["2017-01-01", "2020-12-31"]}


def test_nothing_changed_upstream_leaves_the_store_as_it_was(plugin, tmp_path, acled_env):
    store = tmp_path / "store.gpkg"
    with AcledStandIn(planted_rows()) as server:
        fetch(server, store)
        before = store_rows(store, "store")
        again = fetch(server, store)
    assert (again["ADDED"], again["UPDATED"], again["DELETED"], again["UNCHANGED"]) == (
        0, 0, 0, 12
    )  # fmt: skip
    assert store_rows(store, "store") == before


# --- failures: clear errors, nothing written --------------------------------------------


def test_busy_and_failing_server_is_retried_honouring_retry_after(
    plugin, tmp_path, acled_env, monkeypatch
):
    from sahel_overlap.plugin.io import acled_api

    monkeypatch.setattr(acled_api.AcledClient, "backoff", 0.05)
    with AcledStandIn(planted_rows()) as server:
        server.fail_next = [(429, {"Retry-After": "1"}), (503, {})]
        feedback = Recorder()
        t0 = dt.datetime.now()
        result = fetch(server, tmp_path / "store.gpkg", feedback)
        waited = (dt.datetime.now() - t0).total_seconds()
        reads = server.reads()
    assert result["ADDED"] == 12
    pages = [r["query"]["page"] for r in reads]
    assert set(pages) == {"1"} and len(pages) >= 3  # the same page again after each refusal
    assert waited >= 1.0  # Retry-After: 1 was honoured
    assert "ACLED answered 429" in feedback.text() and "trying again in 1 s" in feedback.text()
    assert "ACLED answered 503" in feedback.text()


@pytest.mark.parametrize(
    "setup, message",
    [
        ("wrong_password", "ACLED refused the credentials"),
        ("wrong_password_400", "ACLED refused the credentials"),
        ("no_api_access", "this account has no API access"),
        ("no_credentials", "no ACLED credentials"),
    ],
)
def test_refused_login_or_access_is_a_clear_error_and_writes_nothing(
    plugin, tmp_path, monkeypatch, setup, message
):
    monkeypatch.setenv("ACLED_USERNAME", USER)
    wrong = setup.startswith("wrong_password")
    monkeypatch.setenv("ACLED_PASSWORD", "wrong" if wrong else PASSWORD)
    if setup == "no_credentials":
        monkeypatch.delenv("ACLED_PASSWORD")
    out = tmp_path / "store.gpkg"
    with AcledStandIn(planted_rows()) as server:
        server.no_api_access = setup == "no_api_access"
        server.bad_login_status = 400 if setup == "wrong_password_400" else 401
        feedback = Recorder()
        with pytest.raises(QgsProcessingException) as err:
            fetch(server, out, feedback)
    assert message in str(err.value)
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []  # no staged file left either


def test_failed_update_leaves_the_store_untouched(plugin, tmp_path, acled_env):
    store = tmp_path / "store.gpkg"
    with AcledStandIn(planted_rows()) as server:
        fetch(server, store)
        before = store.read_bytes()
        server.rows.append(planted_row(30, JNIM, CIVS, T0 + 99))
        server.no_api_access = True
        with pytest.raises(QgsProcessingException, match="no API access"):
            fetch(server, store)
    assert store.read_bytes() == before


# --- credentials stay secret -------------------------------------------------------------


def test_credentials_never_reach_output_log_provenance_or_project(plugin, tmp_path, acled_env):
    import processing

    store = tmp_path / "store.gpkg"
    with AcledStandIn(planted_rows()) as server:
        feedback = Recorder()
        fetch(server, store, feedback)
        fetch(server, store, feedback)
        token_posts = [r for r in server.log if r["path"] == "/oauth/token"]
    assert token_posts and all(
        r["form"]["username"] == USER and r["content_type"] == "application/x-www-form-urlencoded"
        for r in token_posts
    )
    zones = tmp_path / "zones.gpkg"
    processing.run(
        "saheloverlap:scorezones",
        {"INCIDENTS": f"{store}|layername=store", "CELL_SIZE_KM": 50, "OUTPUT": str(zones)},
    )
    project = QgsProject()
    project.addMapLayer(QgsVectorLayer(f"{store}|layername=store", "incidents", "ogr"))
    project.write(str(tmp_path / "project.qgz"))
    for secret in (PASSWORD, "tok-5d1c9e"):
        assert secret not in feedback.text()
        for path in tmp_path.rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                assert secret.encode() not in data, (secret, path.name)
    # The project is a zip: look inside it too.
    import zipfile

    with zipfile.ZipFile(tmp_path / "project.qgz") as z:
        for name in z.namelist():
            assert PASSWORD.encode() not in z.read(name)


def test_credentials_from_an_authentication_configuration(plugin, tmp_path, monkeypatch):
    from qgis.core import QgsAuthMethodConfig

    monkeypatch.delenv("ACLED_USERNAME", raising=False)
    monkeypatch.delenv("ACLED_PASSWORD", raising=False)
    manager = QgsApplication.authManager()
    if not manager.masterPasswordIsSet():
        manager.setMasterPassword("sahel-test-master", True)  # as test_postgis
    config = QgsAuthMethodConfig("Basic")
    config.setName("ACLED test")
    config.setConfig("username", USER)
    config.setConfig("password", PASSWORD)
    assert manager.storeAuthenticationConfig(config)
    store = tmp_path / "store.gpkg"
    with AcledStandIn(planted_rows()) as server:
        result = fetch(server, store, AUTHCFG=config.id())
    assert result["ADDED"] == 12
    assert PASSWORD.encode() not in store.read_bytes()


# --- the desktop's "Refresh from ACLED" -----------------------------------------------


def wait_for(controller, seconds=60):
    import time

    from qgis.PyQt.QtCore import QCoreApplication

    deadline = time.monotonic() + seconds
    while controller.outcome is None and time.monotonic() < deadline:
        QCoreApplication.processEvents()
        time.sleep(0.01)
    assert controller.outcome is not None, "the refresh task did not finish"
    return controller.outcome


def test_refresh_action_updates_the_project_layer_in_a_task(
    plugin, qgis_iface, qgis_new_project, tmp_path, acled_env
):
    from sahel_overlap.plugin.gui.acled_refresh import RefreshController, acled_layers

    store = tmp_path / "store.gpkg"
    project = QgsProject.instance()
    with AcledStandIn(planted_rows()) as server:
        fetch(server, store, START="2020-01-01")
        layer = QgsVectorLayer(f"{store}|layername=store", "incidents", "ogr")
        project.addMapLayer(layer)
        assert acled_layers(project) == [layer] and layer.featureCount() == 12
        server.rows.append(planted_row(40, ISGS, CIVS, T0 + 50))
        server.rows[0] = planted_row(0, JNIM, ARMY, T0 + 51, fatalities=9)
        # Re-dated before the first fetch's START (2020-01-01, from the store's metadata).
        server.rows[2] = {**server.rows[2], "event_date": "2019-06-01", "timestamp": str(T0 + 52)}
        server.log.clear()
        controller = RefreshController(qgis_iface, project)
        assert controller.start() is not None  # the project's only ACLED layer
        ok, results, error = wait_for(controller)
        reads = server.reads()
    assert ok, error
    assert (results["ADDED"], results["UPDATED"], results["DELETED"], results["UNCHANGED"]) == (
        1, 1, 1, 10
    )  # fmt: skip
    # The settings of the first fetch, from the store's metadata, and only the changes.
    assert reads and {r["query"]["timestamp"] for r in reads} == {str(T0 + 11)}
    assert all("event_date" not in r["query"] for r in reads)
    assert {r["query"]["country"] for r in reads} == {"Mali"}
    assert layer.featureCount() == 12  # the layer shows the update
    fatalities = {f["event_id"]: f["fatalities"] for f in layer.getFeatures()}
    assert fatalities["MLI9000"] == 9 and "MLI9040" in fatalities
    assert "MLI9002" not in fatalities


def test_refresh_failure_is_reported_and_changes_nothing(
    plugin, qgis_iface, qgis_new_project, tmp_path, acled_env, monkeypatch
):
    from sahel_overlap.plugin.gui.acled_refresh import RefreshController

    store = tmp_path / "store.gpkg"
    project = QgsProject.instance()
    with AcledStandIn(planted_rows()) as server:
        fetch(server, store)
        before = store.read_bytes()
        layer = QgsVectorLayer(f"{store}|layername=store", "incidents", "ogr")
        project.addMapLayer(layer)
        monkeypatch.setenv("ACLED_PASSWORD", "expired")
        controller = RefreshController(qgis_iface, project)
        controller.start(layer)
        ok, _results, error = wait_for(controller)
    assert not ok and "ACLED refused the credentials" in error
    assert "expired" not in error
    assert store.read_bytes() == before


# --- qgis_process, as the README writes it ---------------------------------------------


def test_readme_fetch_command_runs_with_qgis_process(tmp_path, qgis_process_env):
    """The README's command, pointed at the stand-in (API_URL added), credentials from
    the environment; run twice: the second run is an update."""
    import re
    import shlex
    import subprocess

    from .conftest import QGIS_PROCESS, ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    body = readme.split("## Live ACLED data", 1)[1].split("\n## ", 1)[0]
    block = re.findall(r"```sh\n(.*?)```", body, flags=re.S)[0]
    text = re.sub(r"\\\n\s*", " ", block)
    commands = [ln.split("  #")[0].strip() for ln in text.splitlines() if ln.strip()]
    assert commands[0].startswith("export ACLED_USERNAME=")
    args = shlex.split(commands[1])
    assert args[:3] == ["qgis_process", "run", "saheloverlap:fetchacled"]
    env = dict(qgis_process_env, ACLED_USERNAME=USER, ACLED_PASSWORD=PASSWORD)
    with AcledStandIn(planted_rows()) as server:
        runs = []
        for _ in range(2):
            run = subprocess.run(
                [QGIS_PROCESS, *args[1:], f"API_URL={server.url}"], cwd=tmp_path, env=env,
                capture_output=True, text=True, timeout=300,
            )  # fmt: skip
            assert run.returncode == 0, (run.stdout[-2000:], run.stderr[-2000:])
            runs.append(run.stdout + run.stderr)
        reads = server.reads()
    assert "added 12, updated 0, deleted 0, unchanged 0" in runs[0]
    assert "added 0, updated 0, deleted 0, unchanged 12" in runs[1]
    assert {r["query"]["country"] for r in reads} == {"Mali|Burkina Faso|Niger"}
    assert "timestamp" in reads[-1]["query"] and "timestamp" not in reads[0]["query"]
    assert all(PASSWORD not in out for out in runs)
    assert len(store_rows(tmp_path / "acled_sahel.gpkg")) == 12


# --- PostGIS stores (a throw-away cluster; runs with CI=true) -----------------------------


@pytest.fixture
def pg_dest(pg_cluster, qgis_app):
    import uuid

    from qgis.core import QgsAuthMethodConfig

    from sahel_overlap.plugin.io.postgis import PgTable

    manager = QgsApplication.authManager()
    if not manager.masterPasswordIsSet():
        manager.setMasterPassword("sahel-test-master", True)  # as test_postgis
    config = QgsAuthMethodConfig()
    config.setName("acled fetch test cluster")
    config.setMethod("Basic")
    config.setConfig("username", pg_cluster.user)
    config.setConfig("password", pg_cluster.password)
    assert manager.storeAuthenticationConfig(config)[0]
    table = PgTable(
        conn=(("host", pg_cluster.host), ("port", str(pg_cluster.port)), ("dbname", "sahel")),
        authcfg=config.id(),
        schema=f"t_{uuid.uuid4().hex[:10]}",
        table="incidents",
    )
    return table, "postgres://" + table.uri(subset="")


def layer_rows(layer) -> dict:
    names = layer.fields().names()
    out = {}
    for f in layer.getFeatures():
        attrs = dict(zip(names, f.attributes()))
        attrs.pop("fid", None)
        out[attrs["event_id"]] = (attrs, f.geometry().asWkt(6))
    return out


def test_postgis_store_is_upserted_and_keeps_other_sources(plugin, pg_dest, tmp_path, acled_env):
    import processing

    from sahel_overlap.plugin import definitions as d

    _table, dest = pg_dest
    processing.run("saheloverlap:importincidents", {"INPUT": str(d.SAMPLE_CSV), "OUTPUT": dest})
    layer = QgsVectorLayer(dest[len("postgres://") :], "pg", "postgres")
    synthetic = layer.featureCount()
    with AcledStandIn(planted_rows()) as server:
        first = fetch(server, dest)
        newest = T0 + 11
        server.rows.append(planted_row(20, JNIM, CIVS, newest + 5))
        server.rows[1] = planted_row(1, JNIM, CIVS, newest + 6, fatalities=7)
        server.rows[3] = planted_row(3, ARMY, CIVS, newest + 7)
        gone = server.rows.pop(6)
        server.deleted.append((gone["event_id_cnty"], newest + 8))
        server.log.clear()
        second = fetch(server, dest)
        reads = server.reads()
    assert first["ADDED"] == 12
    assert {r["query"]["timestamp"] for r in reads} == {str(newest)}
    assert (second["ADDED"], second["UPDATED"], second["DELETED"], second["UNCHANGED"]) == (
        1, 1, 2, 9
    )  # fmt: skip
    imported = tmp_path / "today.gpkg"
    import_csv(write_csv(server.rows, tmp_path / "today.csv"), imported)
    layer = QgsVectorLayer(dest[len("postgres://") :], "pg", "postgres")
    layer.setSubsetString(f"\"source_ds\" = '{d.SOURCE_ACLED}'")
    assert_same_store(layer_rows(layer), store_rows(imported))
    layer.setSubsetString(f"\"source_ds\" = '{d.SOURCE_SYNTHETIC}'")
    assert layer.featureCount() == synthetic  # the other source is untouched


# --- cancel ------------------------------------------------------------------------------


class CancelAtPage(Recorder):
    """Cancels once the log reports page ``page`` (a user pressing Cancel mid-fetch)."""

    def __init__(self, page: int):
        super().__init__()
        self.page = page

    def pushInfo(self, info):
        super().pushInfo(info)
        if info.strip().startswith(f"page {self.page}:"):
            self.cancel()


def test_cancel_between_pages_stops_asking_and_writes_nothing(plugin, tmp_path, acled_env):
    out = tmp_path / "store.gpkg"
    with AcledStandIn(planted_rows()) as server:
        with pytest.raises(QgsProcessingException, match="Canceled"):
            fetch(server, out, CancelAtPage(2), PAGE_SIZE=3)
        pages = [r["query"]["page"] for r in server.reads()]
    assert pages == ["1", "2"]  # 12 rows, 3 a page: pages 3 to 5 never asked for
    assert list(tmp_path.iterdir()) == []


def test_cancel_during_an_update_leaves_the_store_as_it_was(plugin, tmp_path, acled_env):
    store = tmp_path / "store.gpkg"
    with AcledStandIn(planted_rows()) as server:
        fetch(server, store)
        before = store.read_bytes()
        for n in range(12, 20):
            server.rows.append(planted_row(n, JNIM, ARMY, T0 + 100 + n))
        with pytest.raises(QgsProcessingException, match="Canceled"):
            fetch(server, store, CancelAtPage(2), PAGE_SIZE=3)
    assert store.read_bytes() == before


def test_a_store_from_before_timestamps_is_brought_up_to_date(plugin, tmp_path, acled_env):
    """A GeoPackage written without acled_ts (an older import): the first fetch into it
    gets the field added and every fetched event upserted; the next asks for changes."""
    from osgeo import ogr, osr

    from sahel_overlap.plugin import definitions as d
    from sahel_overlap.plugin.core import incidents as inc
    from sahel_overlap.plugin.core.presets import load_presets
    from sahel_overlap.plugin.io.schema import OGR_TYPES
    from sahel_overlap.plugin.io.writers import bulk_insert_incidents

    rows = planted_rows()
    events, _ = inc.load_file(write_csv(rows[:8], tmp_path / "old.csv"), load_presets()[
        d.DEFAULT_PRESET])  # fmt: skip
    store = tmp_path / "store.gpkg"
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(store))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    lyr = ds.CreateLayer("store", srs, ogr.wkbPoint, ["SPATIAL_INDEX=YES"])
    for name, kind in d.INCIDENT_FIELDS:
        if name != d.F_ACLED_TS:
            lyr.CreateField(ogr.FieldDefn(name, OGR_TYPES[kind]))
    lyr = ds = None
    bulk_insert_incidents(str(store), events)
    with AcledStandIn(rows) as server:
        first = fetch(server, store)
        reads = server.reads()
        server.log.clear()
        second = fetch(server, store)
        again = server.reads()
    assert "timestamp" not in reads[0]["query"]  # nothing to start from: the whole window
    assert (first["ADDED"], first["UPDATED"], first["UNCHANGED"]) == (4, 8, 0)
    assert {r["query"]["timestamp"] for r in again} == {str(T0 + 11)}
    assert (second["ADDED"], second["UPDATED"], second["UNCHANGED"]) == (0, 0, 12)
    imported = tmp_path / "today.gpkg"
    import_csv(write_csv(rows, tmp_path / "today.csv"), imported)
    assert_same_store(store_rows(store, "store"), store_rows(imported))


def test_an_update_keeps_the_stored_window(plugin, tmp_path, acled_env):
    """An update asks only for events changed since the last fetch: a wider window would
    miss the older events of the new days while the coverage claimed them, a narrower one
    would delete stored events. Both are refused, the store unchanged; the same window
    updates."""
    rows = planted_rows()
    store = tmp_path / "store.gpkg"
    with AcledStandIn(rows) as server:
        fetch(server, store, START="2020-01-01", END="2020-06-30")
        before = store.read_bytes()
        for change in ({"START": "2020-01-01", "END": "2020-12-31"},
                       {"START": "2020-03-01", "END": "2020-06-30"},
                       {"COUNTRIES": "Mali, Niger", "START": "2020-01-01", "END": "2020-06-30"}):  # fmt: skip
            with pytest.raises(QgsProcessingException, match="keeps those countries and that"):
                fetch(server, store, **change)
            assert store.read_bytes() == before
        same = fetch(server, store, START="2020-01-01", END="2020-06-30")
        assert (same["ADDED"], same["DELETED"]) == (0, 0)


def test_a_server_that_ignores_paging_is_an_error_not_an_endless_fetch(plugin, tmp_path, acled_env):
    """A server that sends the first page again for every page was paged forever (2.86 M
    rows in memory within a minute): the repeated page stops the fetch, nothing written."""
    rows = planted_rows()
    with AcledStandIn(rows) as server:
        # every page is the first
        server._page = lambda rows, q: {"status": 200, "success": True, "data": rows[:5]}
        with pytest.raises(QgsProcessingException, match="ignores paging"):
            fetch(server, tmp_path / "store.gpkg", PAGE_SIZE=5)
    assert not (tmp_path / "store.gpkg").exists()
