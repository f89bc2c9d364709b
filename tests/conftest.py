"""Test set-up: load the plugin the way QGIS does (classFactory, then initProcessing).

The repository root is the plugin folder, whose installed name is
``sahel_overlap``; a symlink under a temp dir makes it importable by that name.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from headless import ensure_importable  # noqa: E402

PKG_DIR = ensure_importable()
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PROJ_DATA", "/usr/share/proj")

# Property tests draw the same examples on every run (a CI run must not turn red on a
# new random draw); `HYPOTHESIS_PROFILE=explore make test` searches afresh.
settings.register_profile("repeatable", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False, database=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

REAL_DATA = ROOT.parent / "shared" / "data" / "real"
QGIS_PROCESS = "/usr/bin/qgis_process.bin"


def pytest_report_header(config):
    try:
        from osgeo import gdal
        from qgis.core import Qgis
        from qgis.PyQt.QtCore import QT_VERSION_STR

        versions = (
            f"QGIS {Qgis.QGIS_VERSION}, GDAL {gdal.__version__}, Qt {QT_VERSION_STR}, "
            f"Python {sys.version.split()[0]}"
        )
        return [versions]
    except ImportError as err:  # pragma: no cover - reported, not fatal
        return [f"QGIS not importable: {err}"]


@pytest.fixture(scope="session")
def plugin(qgis_iface, qgis_processing):
    """The plugin loaded as QGIS loads it; its provider registered."""
    import sahel_overlap

    instance = sahel_overlap.classFactory(qgis_iface)
    instance.initProcessing()
    yield instance
    if instance.provider is not None:
        from qgis.core import QgsApplication

        QgsApplication.processingRegistry().removeProvider(instance.provider)
        instance.provider = None


@pytest.fixture
def french():
    """The French translation installed for one test, English again after it (other
    tests read English texts)."""
    from sahel_overlap.plugin import i18n

    assert i18n.install("fr") == "fr"
    try:
        yield
    finally:
        i18n.uninstall()


@pytest.fixture(scope="session")
def real_data() -> Path:
    if not REAL_DATA.is_dir():
        pytest.skip(f"real ACLED files not available ({REAL_DATA} missing)")
    return REAL_DATA


@pytest.fixture(scope="session")
def preset():
    from sahel_overlap.plugin.core.presets import load_presets

    return load_presets()["JNIM vs ISGS (Sahel)"]


@pytest.fixture
def out_dir(tmp_path) -> Path:
    return tmp_path


@pytest.fixture
def qgis_process_env(tmp_path) -> dict:
    """Environment for qgis_process with the plugin installed and enabled in a
    throw-away home and profile (pytest-qgis exports its own profile path, which
    would otherwise be shared between runs)."""
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "sahel_overlap").symlink_to(ROOT, target_is_directory=True)
    home = tmp_path / "home"
    home.mkdir()
    env = dict(
        os.environ, HOME=str(home), QGIS_PLUGINPATH=str(plugins), QT_QPA_PLATFORM="offscreen"
    )
    env["QGIS_CUSTOM_CONFIG_PATH"] = str(tmp_path / "profile")
    enable = subprocess.run(
        [QGIS_PROCESS, "plugins", "enable", "sahel_overlap"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert enable.returncode == 0, enable.stdout + enable.stderr
    return env


# --- PostGIS: a throw-away cluster started by the tests themselves ----------------------


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@pytest.fixture(scope="session")
def pg_cluster():
    """PostgreSQL 15 + PostGIS in a temporary folder on a free localhost port, stopped
    at the end. Outside CI a machine without it skips (with the reason); in CI
    (``CI`` set, as ``.ci/run`` runs) a cluster that cannot start fails the tests."""
    from pg_cluster import start_or_reason

    cluster, why = start_or_reason({"log_statement": "all"})
    if cluster is None:
        message = f"cannot start a throw-away PostgreSQL/PostGIS cluster: {why}"
        if _in_ci():
            pytest.fail(message + " (CI: PostGIS tests must run)")
        pytest.skip(message)
    try:
        cluster.create_database("sahel")
        yield cluster
    finally:
        cluster.stop()


# --- small and read-only disks (tests run as root, whom file modes do not stop) --------


def _tmpfs(mnt: Path, options: str) -> Path:
    """Mount a tmpfs on mnt, or skip when this user may not mount one."""
    mnt.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(mnt)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({mounted.stderr.decode().strip()})")
    return mnt


def _unmount(mnt: Path) -> None:
    import gc

    gc.collect()  # exceptions pytest kept may hold layers open on the disk
    if subprocess.run(["umount", str(mnt)], capture_output=True).returncode != 0:
        subprocess.run(["umount", "-l", str(mnt)], check=True)


@pytest.fixture
def small_disk(tmp_path):
    """A 1 MiB tmpfs: a full disk for the write paths."""
    mnt = _tmpfs(tmp_path / "small_disk", "size=1m")
    yield mnt
    _unmount(mnt)


@pytest.fixture
def read_only_dir(tmp_path):
    """A read-only tmpfs."""
    mnt = _tmpfs(tmp_path / "read_only", "ro,size=1m")
    yield mnt
    _unmount(mnt)
