"""The plugin in the real QGIS desktop under Xvfb: load the sample, open the docks, move the slider.

Starts ``qgis`` with a throw-away profile in which the plugin is linked and
enabled, runs ``scripts/desktop_e2e.py`` inside it and reads its JSON result.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from .conftest import ROOT

SCRIPT = ROOT / "scripts" / "desktop_e2e.py"
TIMEOUT = 240


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


@pytest.mark.desktop
def test_docks_in_the_real_desktop(tmp_path):
    if shutil.which("qgis") is None or shutil.which("xvfb-run") is None:
        pytest.fail("the desktop test needs qgis and xvfb-run (apt install qgis xvfb)")
    make_profile(tmp_path)
    result, shot = tmp_path / "result.json", tmp_path / "desktop_screenshot.png"
    env = dict(
        os.environ,
        HOME=str(tmp_path / "home"),
        SAHEL_E2E_RESULT=str(result),
        SAHEL_E2E_SHOT=str(shot),
        SAHEL_E2E_WORK=str(tmp_path / "work"),
        PYTHONDONTWRITEBYTECODE="1",
    )
    env.pop("QT_QPA_PLATFORM", None)  # a real X display (Xvfb), not offscreen
    cmd = [
        "xvfb-run",
        "-a",
        "-s",
        "-screen 0 1600x1000x24",
        "qgis",
        "--profiles-path",
        str(tmp_path),
        "--nologo",
        "--noversioncheck",
        "--code",
        str(SCRIPT),
    ]
    try:
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=TIMEOUT)
        output = proc.stdout[-3000:] + proc.stderr[-3000:]
    except subprocess.TimeoutExpired as err:
        output = f"QGIS did not quit within {TIMEOUT} s; {err.stderr!r}"[-3000:]
    assert result.exists(), f"no result from QGIS: {output}"
    state = json.loads(result.read_text(encoding="utf-8"))
    steps = json.dumps(state["steps"], indent=1)
    assert not state["errors"], "Python errors in QGIS:\n" + "\n".join(state["errors"])
    assert state["ok"], steps
    assert state["heatmap_layers"] == 1 and state["heatmap_changed"]
    assert shot.exists() and shot.stat().st_size > 50_000
    out = ROOT / "out"
    out.mkdir(exist_ok=True)
    shutil.copy(shot, out / "desktop_screenshot.png")
