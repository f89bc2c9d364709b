"""`make screenshots`: the README's dock screenshots, from the real QGIS desktop.

Starts QGIS on a 1366×768 Xvfb screen with a throw-away profile in which this
checkout is the plugin, runs ``scripts/screenshots.py`` inside it and leaves
``docs/images/docks_1366x768.png`` and ``docs/images/docks_column.png``.
Needs ``qgis`` and ``xvfb-run`` (Debian: qgis, xvfb).
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZE = "1366x768"


def main() -> int:
    if shutil.which("qgis") is None or shutil.which("xvfb-run") is None:
        print("needs qgis and xvfb-run (apt install qgis xvfb)", file=sys.stderr)
        return 2
    out = ROOT / "docs" / "images"
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        profile = tmp / "profiles" / "default"
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
        env = dict(
            os.environ,
            HOME=str(tmp / "home"),
            SAHEL_SHOTS_OUT=str(out),
            SAHEL_SHOTS_WORK=str(tmp / "work"),
            PYTHONDONTWRITEBYTECODE="1",
        )
        env.pop("QT_QPA_PLATFORM", None)
        (out / "screenshots.log").unlink(missing_ok=True)
        cmd = ["xvfb-run", "-a", "-s", f"-screen 0 {SIZE}x24", "qgis", "--profiles-path",
               str(tmp), "--nologo", "--noversioncheck", "--code",
               str(ROOT / "scripts" / "screenshots.py")]  # fmt: skip
        subprocess.run(cmd, env=env, capture_output=True, timeout=300, cwd=ROOT)
    log = out / "screenshots.log"
    print(log.read_text() if log.exists() else "no log: QGIS did not run the script")
    log.unlink(missing_ok=True)
    shots = [out / "docks_1366x768.png", out / "docks_column.png"]
    return 0 if all(p.exists() for p in shots) else 1


if __name__ == "__main__":
    sys.exit(main())
