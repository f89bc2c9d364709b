"""`make screenshots`: the README's dock screenshots, from the real QGIS desktop.

Starts QGIS on a 1366×768 Xvfb screen with a throw-away profile in which this
checkout is the plugin, runs ``scripts/screenshots.py`` inside it and leaves
``docs/images/docks_1366x768.png`` and ``docs/images/docks_column.png``.
Needs ``qgis`` and ``xvfb-run`` (Debian: qgis, xvfb).
"""

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import desktop_session  # noqa: E402

SIZE = "1366x768"


def main() -> int:
    if desktop_session.missing_tools():
        print("needs qgis and xvfb-run (apt install qgis xvfb)", file=sys.stderr)
        return 2
    out = ROOT / "docs" / "images"
    (out / "screenshots.log").unlink(missing_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        env = {"SAHEL_SHOTS_OUT": str(out), "SAHEL_SHOTS_WORK": str(Path(tmp) / "work")}
        desktop_session.run_qgis(ROOT / "scripts" / "screenshots.py", Path(tmp), env, SIZE, 300)
    log = out / "screenshots.log"
    print(log.read_text() if log.exists() else "no log: QGIS did not run the script")
    log.unlink(missing_ok=True)
    shots = [out / "docks_1366x768.png", out / "docks_column.png"]
    return 0 if all(p.exists() for p in shots) else 1


if __name__ == "__main__":
    sys.exit(main())
