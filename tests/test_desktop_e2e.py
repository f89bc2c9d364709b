"""The plugin in the real QGIS desktop under Xvfb, driven as an analyst drives it.

Starts ``qgis`` with a throw-away profile in which the plugin is linked and
enabled, runs ``scripts/desktop_e2e.py`` inside it and asserts on its JSON:
what the analyst sees (frames drawn, heatmap on the map, labels, layers,
docks) and how long the main thread is blocked. Timings are QGIS's own on this
machine; the thresholds are the goals of issue 14, with the measured figures
in the assertion messages.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from .conftest import ROOT

SCRIPT = ROOT / "scripts" / "desktop_e2e.py"
SCALE_EVENTS = 200_000


def make_profile(base):
    profile = base / "profiles" / "default"
    plugins = profile / "python" / "plugins"
    plugins.mkdir(parents=True)
    (plugins / "sahel_overlap").symlink_to(ROOT, target_is_directory=True)
    (profile / "QGIS").mkdir()
    (profile / "QGIS" / "QGIS3.ini").write_text(
        "[PythonPlugins]\nsahel_overlap=true\n\n"
        "[qgis]\ncheckVersion=false\nallowVersionCheck=false\n"
        "[core]\nNewsFeed\\httpsfeedqgisorg\\disabled=true\n",
        encoding="utf-8",
    )
    return profile


def run_desktop(tmp_path, mode: str, timeout: int, screen="1600x1000", **env_extra) -> dict:
    if shutil.which("qgis") is None or shutil.which("xvfb-run") is None:
        pytest.fail("the desktop test needs qgis and xvfb-run (apt install qgis xvfb)")
    make_profile(tmp_path)
    result, shot = tmp_path / "result.json", tmp_path / "desktop_screenshot.png"
    env = dict(
        os.environ,
        HOME=str(tmp_path / "home"),
        SAHEL_E2E_MODE=mode,
        SAHEL_E2E_RESULT=str(result),
        SAHEL_E2E_SHOT=str(shot),
        SAHEL_E2E_WORK=str(tmp_path / "work"),
        SAHEL_E2E_TIMEOUT=str(timeout - 60),
        PYTHONDONTWRITEBYTECODE="1",
        **env_extra,
    )
    env.pop("QT_QPA_PLATFORM", None)  # a real X display (Xvfb), not offscreen
    cmd = [
        "xvfb-run",
        "-a",
        "-s",
        f"-screen 0 {screen}x24",
        "qgis",
        "--profiles-path",
        str(tmp_path),
        "--nologo",
        "--noversioncheck",
        "--code",
        str(SCRIPT),
    ]
    try:
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)
        output = proc.stdout[-3000:] + proc.stderr[-3000:]
    except subprocess.TimeoutExpired as err:
        output = f"QGIS did not quit within {timeout} s; {err.stderr!r}"[-3000:]
    assert result.exists(), f"no result from QGIS: {output}"
    state = json.loads(result.read_text(encoding="utf-8"))
    state["shot"] = shot
    out = ROOT / "out"
    out.mkdir(exist_ok=True)
    (out / f"desktop_e2e_{mode}.json").write_text(json.dumps(state, indent=1, default=str))
    if shot.exists():
        shutil.copy(shot, out / f"desktop_screenshot_{mode}.png")
    return state


def assert_checks(state, names):
    steps = json.dumps(state["steps"], indent=1, default=str)
    assert not state["errors"], "Python errors in QGIS:\n" + "\n".join(state["errors"])
    for name in names:
        assert name in state["checks"], f"never checked: {name}\n{steps}"
        got = state["checks"][name]
        assert got["ok"], f"{name}: {json.dumps(got, default=str)}"
    assert state["ok"], steps


@pytest.fixture(scope="module")
def analyst_csv(tmp_path_factory):
    """A SYNTHETIC ACLED export of 200,000 events (the sample's rows redrawn)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import data
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    path = tmp_path_factory.mktemp("e2e") / "synthetic_acled_200k.csv"
    return data.acled_csv(SCALE_EVENTS, path)


@pytest.mark.desktop
def test_the_desktop_at_analyst_scale(tmp_path, analyst_csv):
    """200,000 events: docks open < 1 s, every frame played at 2 frames/s drawn, the
    heatmap of a new window on the map < 500 ms after the slider stops, no main-thread
    stall over 100 ms; closing/reopening the heatmap dock, 5 reloads, a new project
    with a fresh load: exactly the layers, docks and labels expected."""
    state = run_desktop(tmp_path, "scale", 900, SAHEL_E2E_CSV=str(analyst_csv))
    assert_checks(
        state,
        [
            "zoomed to the incidents",
            "All incidents layer active",
            "Score zones from the toolbox preselects All incidents",
            "first dock opening < 1 s",
            "main window fits the screen with both docks open",
            "no freeze of 1 s while the docks first read and compute",
            "every frame played was drawn",
            "stalls while playing < 100 ms",
            "heatmap labels named the surface on the map at every frame",
            "heatmap labels are the shown window's after play",
            "heatmap of the new window drawn < 500 ms after the slider stops",
            "stalls while changing options < 100 ms",
            "closed heatmap dock: no layer, nothing computed",
            "reopened heatmap dock shows the current window",
            "reloads keep exactly the expected layers and docks",
            "new project: docks emptied",
            "new project and fresh load: heatmap and chart follow",
        ],
    )
    assert state["shot"].exists() and state["shot"].stat().st_size > 50_000


@pytest.mark.desktop
def test_twenty_reloads_leave_nothing_behind(tmp_path):
    """Issue 13's leak: 20 reloads with both docks open on a loaded project; layers,
    heatmap cache folders and threads back to the baseline, memory within 10 %; then
    unload removes the docks, the heatmap layer and its folder."""
    state = run_desktop(tmp_path, "reloads", 900, SAHEL_E2E_RELOADS="20")
    assert_checks(
        state,
        [
            "layers back to baseline",
            "one heatmap cache folder",
            "threads back to baseline",
            "memory within 10 %",
            "unload removes the docks, the heatmap layer and its folder",
        ],
    )
