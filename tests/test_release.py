"""What a new user meets first: `make demo` runs clean."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

from .conftest import ROOT


def test_demo_runs_clean_and_writes_every_output(tmp_path):
    """A green demo prints no GDAL/QGIS ERROR line (they once came from a GeoPackage
    reopened for writing while read-only connections were open on it)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "demo.py"), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    output = run.stdout + run.stderr
    assert run.returncode == 0, output[-3000:]
    assert "ERROR" not in output, output[-3000:]
    assert "Warning 1:" not in output, output[-3000:]  # GDAL: quiet as well as green
    assert "Traceback" not in output
    for name in ["synthetic_incidents.gpkg", "synthetic_scored_zones.gpkg",
                 "synthetic_scored_hexagons.gpkg", "synthetic_overlap_heatmap.tif",
                 "overlap_map.pdf", "overlap_map.png"]:  # fmt: skip
        assert (tmp_path / name).stat().st_size > 0, name


def hold_lock(path, seconds: float) -> subprocess.Popen:
    """Another process holding an fcntl lock, as apt and dpkg do."""
    code = (
        "import fcntl, sys, time\n"
        f"f = open({str(path)!r}, 'w')\n"
        "fcntl.lockf(f, fcntl.LOCK_EX)\n"
        "print('locked', flush=True)\n"
        f"time.sleep({seconds})\n"
    )
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    return holder


def test_setup_waits_for_the_package_manager_lock_and_says_so(tmp_path):
    lock = tmp_path / "lock-frontend"
    lock.touch()
    env = dict(os.environ, DPKG_LOCKS=str(lock))
    script = str(ROOT / "scripts" / "wait_for_dpkg.sh")
    free = subprocess.run(["bash", script, "5"], env=env, capture_output=True, text=True)
    assert free.returncode == 0 and free.stderr == ""  # nothing held: silent, at once

    holder = hold_lock(lock, 3)
    try:
        run = subprocess.run(["bash", script, "30"], env=env, capture_output=True, text=True)
    finally:
        holder.wait()
        holder.stdout.close()
    assert run.returncode == 0, run.stderr
    assert f"another package manager holds {lock}" in run.stderr
    assert "lock is free after" in run.stderr

    holder = hold_lock(lock, 10)
    try:
        run = subprocess.run(["bash", script, "2"], env=env, capture_output=True, text=True)
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
    assert run.returncode == 1
    assert "still held after 2 s" in run.stderr
    setup = (ROOT / "scripts" / "setup.sh").read_text(encoding="utf-8")
    assert "wait_for_dpkg.sh" in setup and "DPkg::Lock::Timeout" in setup


def load_package_script():
    spec = importlib.util.spec_from_file_location("package", ROOT / "scripts" / "package.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_package_passes_the_plugin_repository_checks(tmp_path):
    """The zip QGIS's plugin manager installs, checked as plugins.qgis.org checks uploads."""
    run = subprocess.run(
        ["/usr/bin/python3", str(ROOT / "scripts" / "package.py"), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    package = load_package_script()
    meta = package.metadata((ROOT / "metadata.txt").read_text(encoding="utf-8"))
    zip_path = tmp_path / f"sahel_overlap-{meta['version']}.zip"
    assert package.validate(zip_path) == []
    names = zipfile.ZipFile(zip_path).namelist()
    assert "sahel_overlap/resources/models/full_analysis.model3" in names
    assert "sahel_overlap/resources/layouts/overlap_map.qpt" in names
    assert "sahel_overlap/docs/methodology.md" in names
    assert not [n for n in names if n.startswith(("sahel_overlap/tests", "sahel_overlap/scripts",
                                                  "sahel_overlap/benchmarks"))]  # fmt: skip
    guide = zipfile.ZipFile(zip_path).read("sahel_overlap/README.md").decode("utf-8")
    for section in ("## Install in QGIS", "## First analysis", "## Command line",
                    "## Troubleshooting", "saheloverlap:full_analysis"):  # fmt: skip
        assert section in guide, section
    assert "## Development" not in guide and "make " not in guide
    assert "clone-only" not in guide and "From a clone" not in guide
    # ...while the repository's README opens with the two set-up commands, after the map
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme.index("overlap_map.png") < readme.index("make demo") < readme.index("make test")
    assert readme.index("make test") < readme.index("## What it does")
    # real addresses (the README's project home), and a word on what needs the network
    assert package.placeholder_urls(meta) == []
    home = readme.split("## Project home", 1)[1].split("\n## ", 1)[0]
    for key in ("repository", "tracker", "homepage"):
        assert f"<{meta[key]}>" in home, key
    assert "not checked here" in run.stderr and "--online" in run.stderr


# The zip's folders and the files at its top: a new folder or top-level file is a
# decision to ship it, made here.
SHIPPED_TOP = {"__init__.py", "metadata.txt", "LICENSE", "README.md", "CHANGELOG.md"}
SHIPPED_FOLDERS = {"plugin", "plugin/core", "plugin/io", "plugin/io/postgis",
                   "plugin/provider", "plugin/render", "plugin/gui", "ui", "resources/icons", "resources/layouts",
                   "resources/models", "resources/styles", "data", "data/sample", "docs",
                   "docs/help", "docs/images", "i18n"}  # fmt: skip


def test_the_zip_holds_the_plugin_and_nothing_for_developers_only(tmp_path):
    package = load_package_script()
    subprocess.run(
        ["/usr/bin/python3", str(ROOT / "scripts" / "package.py"), "--out", str(tmp_path)],
        check=True, capture_output=True,
    )  # fmt: skip
    zip_path = next(tmp_path.glob("sahel_overlap-*.zip"))
    names = [n.split("/", 1)[1] for n in zipfile.ZipFile(zip_path).namelist()]
    assert {n for n in names if "/" not in n} == SHIPPED_TOP
    assert {n.rsplit("/", 1)[0] for n in names if "/" in n} == SHIPPED_FOLDERS
    tracked = subprocess.run(
        ["git", "ls-files", "plugin", "ui", "resources", "data", "docs", "i18n"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    assert sorted(n for n in names if n not in SHIPPED_TOP) == sorted(
        n for n in tracked if n not in package.ACLED_DERIVED
    )
    # developer-only code and ACLED-derived tables stay in the repository
    assert "plugin/core/synthetic.py" not in names and not any("devtools" in n for n in names)
    assert "docs/real_data_tables.md" not in names
    assert (ROOT / "docs" / "real_data_tables.md").is_file()
    assert not list((ROOT / "plugin").rglob("synthetic.py"))
    # shipped documents point at developer-only files through the repository only
    meta = package.metadata((ROOT / "metadata.txt").read_text(encoding="utf-8"))
    with zipfile.ZipFile(zip_path) as zf:
        method = zf.read("sahel_overlap/docs/methodology.md").decode("utf-8")
    repo = meta["repository"]
    assert f"[`tests/test_interaction.py`]({repo}/blob/main/tests/test_interaction.py)" in method
    assert f"]({repo}/blob/main/docs/real_data_tables.md)" in method
    assert "](real_data_tables.md)" not in method


def test_the_validator_refuses_what_the_repository_refuses(tmp_path):
    package = load_package_script()
    good = tmp_path / "good.zip"
    subprocess.run(
        ["/usr/bin/python3", str(ROOT / "scripts" / "package.py"), "--out", str(tmp_path)],
        check=True, capture_output=True,
    )  # fmt: skip
    built = next(tmp_path.glob("sahel_overlap-*.zip"))
    built.rename(good)

    def variant(name, extra: dict, drop=(), meta_edit=None):
        path = tmp_path / name
        with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w") as dst:
            for item in src.namelist():
                if item in drop or item in extra:
                    continue
                data = src.read(item)
                if meta_edit and item.endswith("/metadata.txt"):
                    data = meta_edit(data.decode("utf-8")).encode("utf-8")
                dst.writestr(item, data)
            for item, data in extra.items():
                dst.writestr(item, data)
        return package.validate(path)

    assert variant("ok.zip", {}) == []
    assert variant("pyc.zip", {"sahel_overlap/plugin/x.pyc": b"\x00"})
    assert variant("cache.zip", {"sahel_overlap/plugin/__pycache__/x.py": b""})
    assert variant("elf.zip", {"sahel_overlap/plugin/lib.bin": b"\x7fELF\x02\x01"})
    assert variant("hidden.zip", {"sahel_overlap/.gitignore": b"out/"})
    assert variant("nolicence.zip", {}, drop=("sahel_overlap/LICENSE",))
    assert variant("category.zip", {}, meta_edit=lambda t: t.replace("category=Vector",
                                                                     "category=Analysis"))  # fmt: skip
    assert variant("url.zip", {}, meta_edit=lambda t: t.replace(
        "tracker=https://", "tracker=ftp:/"))  # fmt: skip
    assert variant("devreadme.zip", {"sahel_overlap/README.md": b"Run `make test`."})
    assert variant("devdocs.zip", {"sahel_overlap/docs/methodology.md": b"See tests/x.py."})
    assert variant("deadlink.zip", {"sahel_overlap/docs/methodology.md": b"[t](tables.md)"})
    assert variant("acled.zip", {"sahel_overlap/docs/real_data_tables.md": b"# tables"})
    assert variant("licence.zip", {"sahel_overlap/LICENSE": b"All rights reserved."})
    assert variant("icon.zip", {"sahel_overlap/resources/icons/icon.svg": b"<svg"})
    for placeholder in ("https://placeholder.invalid/x", "http://bugs", "https://example.org/x",
                        "http://localhost:8000/x"):  # fmt: skip
        assert variant("placeholder.zip", {}, meta_edit=lambda t, p=placeholder: re.sub(
            r"tracker=.*", f"tracker={p}", t))  # fmt: skip
    # ...and links into the repository are what a shipped document may do
    linked = b"[`tests/x.py`](https://github.com/o/r/blob/main/tests/x.py), [h](help/x.html)"
    assert variant("linked.zip", {"sahel_overlap/docs/methodology.md": linked}) == [
        "docs/methodology.md links to help/x.html, which the zip lacks"
    ]


def test_version_and_changelog_are_kept_in_step():
    package = load_package_script()
    meta = package.metadata((ROOT / "metadata.txt").read_text(encoding="utf-8"))
    version = meta["version"]
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## \[([^\]]+)\]", changelog, flags=re.M)
    assert headings and headings[0] == version, (headings[:2], version)
    assert "Unreleased" not in headings  # entries go into the version's own section
    assert meta["changelog"].strip().startswith(version)
    assert meta["category"] in package.CATEGORIES


def test_metadata_changelog_about_and_description_follow_the_changelog_highlights():
    """The rule (CHANGELOG.md says it too): the top section's "Highlights" are lines
    "- **Name**: text"; metadata's changelog repeats them without the asterisks, in order,
    and its about and description name every feature."""
    package = load_package_script()
    meta = package.metadata((ROOT / "metadata.txt").read_text(encoding="utf-8"))
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    top = changelog.split("\n## [", 2)[1]
    highlights = top.split("### Highlights", 1)[1].split("\n### ", 1)[0]
    lines = [ln[2:] for ln in highlights.splitlines() if ln.startswith("- ")]
    names = [re.match(r"\*\*([^*]+)\*\*: ", ln).group(1) for ln in lines]
    assert len(names) >= 5 and {"Cooperation", "Space-time interaction", "PostGIS"} <= set(names)
    listed = [ln.strip()[2:] for ln in meta["changelog"].splitlines() if ln.strip()[:2] == "- "]
    assert listed == [ln.replace("**", "") for ln in lines]
    for name in names:
        assert name.lower() in meta["about"].lower(), name
        assert name.lower() in meta["description"].lower(), name


def test_help_links_open_each_algorithm_at_its_own_section(plugin):
    """Every Help button opens a shipped HTML page (no .md shown as raw text) at a section
    that exists on it; the interaction at its methodology section, not the guide."""
    from html.parser import HTMLParser

    from qgis.core import QgsApplication
    from qgis.PyQt.QtCore import QUrl

    class Ids(HTMLParser):
        def __init__(self):
            super().__init__()
            self.ids = set()

        def handle_starttag(self, tag, attrs):
            self.ids.update(v for k, v in attrs if k == "id")

    registry = QgsApplication.processingRegistry()
    targets = {}
    for alg in registry.providerById("saheloverlap").algorithms():
        url = QUrl(alg.create().helpUrl() if alg.name() == "full_analysis" else alg.helpUrl())
        path = Path(url.toLocalFile())
        assert url.isLocalFile() and path.suffix == ".html", (alg.id(), url.toString())
        assert path.parent == ROOT / "docs" / "help" and path.is_file(), (alg.id(), path)
        ids = Ids()
        ids.feed(path.read_text(encoding="utf-8"))
        assert url.fragment() in ids.ids, (alg.id(), url.fragment())
        targets[alg.name()] = (path.name, url.fragment())
    assert len(set(targets.values())) == len(targets)  # each algorithm to its own section
    assert targets["interaction"] == (
        "methodology.html", "8-space-time-interaction-saheloverlapinteraction"
    )  # fmt: skip


def test_help_pages_and_homepage_are_rendered_from_the_current_docs(tmp_path):
    """docs/help/*.html and docs/index.html are scripts/make_help.py's output for the
    committed README.md, docs/methodology.md and metadata.txt (rerun it after editing them)."""
    run = subprocess.run(
        ["/usr/bin/python3", str(ROOT / "scripts" / "make_help.py"), "--out", str(tmp_path)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    fresh = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*.html"))
    assert fresh == [Path("docs/help/guide.html"), Path("docs/help/methodology.html"),
                     Path("docs/index.html")]  # fmt: skip
    for rel in fresh:
        assert (ROOT / rel).read_text(encoding="utf-8") == (tmp_path / rel).read_text(
            encoding="utf-8"
        ), f"{rel} is stale: run /usr/bin/python3 scripts/make_help.py"
    guide = (ROOT / "docs/help/guide.html").read_text(encoding="utf-8")
    assert "<table>" in guide and 'src="../images/overlap_map.png"' in guide
    assert 'href="methodology.html"' in guide and "make demo" not in guide
    home = (ROOT / "docs/index.html").read_text(encoding="utf-8")
    assert 'href="help/guide.html"' in home and 'src="images/overlap_map.png"' in home


def test_readme_pictures_are_regenerated_by_a_script(tmp_path):
    """docs/images come from scripts/make_images.py (the map part here; the desktop
    screenshot needs Xvfb and runs with the desktop test's tools)."""
    from qgis.PyQt.QtGui import QImage

    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_images.py"), "--only", "map",
         "--out", str(tmp_path)],
        capture_output=True, text=True, env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    fresh, shipped = (
        QImage(str(tmp_path / "overlap_map.png")),
        QImage(str(ROOT / "docs" / "images" / "overlap_map.png")),
    )
    assert not fresh.isNull() and fresh.size() == shipped.size()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for link in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", readme):
        assert (ROOT / link).is_file(), link


def readme_commands(section: str) -> list[str]:
    """The shell commands of a README section's code blocks, continuation lines joined."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    body = readme.split(f"## {section}", 1)[1].split("\n## ", 1)[0]
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", body, flags=re.S):
        text = re.sub(r"\\\n\s*", " ", block)
        commands += [ln.split("  #")[0].strip() for ln in text.splitlines() if ln.strip()]
    return commands


def test_readme_command_line_runs_as_written(tmp_path, qgis_process_env):
    """Every qgis_process command of the README's pipeline, on the SYNTHETIC sample."""
    import shlex

    from sahel_overlap.plugin import definitions as d

    from .conftest import QGIS_PROCESS

    commands = readme_commands("Command line: the whole pipeline")
    assert [c.split()[2] for c in commands] == [
        "saheloverlap:importincidents", "saheloverlap:scorezones",
        "saheloverlap:overlapheatmap", "saheloverlap:exportmap",
        "saheloverlap:interaction", "saheloverlap:full_analysis",
    ]  # fmt: skip
    for command in commands:
        args = shlex.split(command.replace("acled_mali.csv", str(d.SAMPLE_CSV)))
        assert args[0] == "qgis_process"
        run = subprocess.run(
            [QGIS_PROCESS, *args[1:]], cwd=tmp_path, env=qgis_process_env,
            capture_output=True, text=True,
        )  # fmt: skip
        assert run.returncode == 0, (command, run.stdout[-1500:], run.stderr[-1500:])
        assert "ERROR" not in run.stdout + run.stderr, command
    for name in ("incidents.gpkg", "zones.gpkg", "heatmap.tif", "overlap_map.pdf",
                 "interaction.gpkg", "knox.csv", "knox.png", "knox.svg"):  # fmt: skip
        assert (tmp_path / name).stat().st_size > 0, name


def test_an_empty_heatmap_window_prints_no_gdal_error(qgis_new_project, tmp_path, capfd):
    """An empty window's raster is all zeros; QGIS's default stretch on opening it made
    GDAL print "ERROR 5: … dfMax should be strictly greater than dfMin"."""
    import numpy as np
    from osgeo import gdal
    from qgis.core import QgsProject

    from sahel_overlap.plugin.render.heatmap_layer import HeatmapLayer

    paths = []
    for name in ("first.tif", "second.tif"):
        ds = gdal.GetDriverByName("GTiff").Create(str(tmp_path / name), 40, 30, 3, gdal.GDT_Float32)
        ds.SetGeoTransform([0, 5000, 0, 1_500_000, 0, -5000])
        for band in range(1, 4):
            ds.GetRasterBand(band).WriteArray(np.zeros((30, 40), np.float32))
        ds = None
        paths.append(str(tmp_path / name))
    capfd.readouterr()
    heatmap = HeatmapLayer(QgsProject.instance())
    first = heatmap.show(paths[0], "+proj=longlat +datum=WGS84 +no_defs", 1.0)  # new layer
    again = heatmap.show(paths[1], "+proj=longlat +datum=WGS84 +no_defs", 1.0)  # new source
    assert first.isValid() and again is first and first.source() == paths[1]
    assert "ERROR" not in capfd.readouterr().err
    heatmap.remove()
