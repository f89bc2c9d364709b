"""Run a script inside the real QGIS desktop under Xvfb, this checkout as its plugin.

One set-up for the desktop end-to-end test, its benchmark step and the README's
screenshots: a throw-away profile (plugin linked and enabled, no version check
or news feed), a throw-away home, ``qgis --code SCRIPT`` on an Xvfb screen.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def missing_tools() -> list[str]:
    return [tool for tool in ("qgis", "xvfb-run") if shutil.which(tool) is None]


def make_profile(base: Path, locale: str | None = None) -> Path:
    """A profile under ``base/profiles/default`` with the plugin linked and enabled
    (and QGIS set to ``locale``, e.g. "fr_FR", as Options > General sets it)."""
    profile = base / "profiles" / "default"
    plugins = profile / "python" / "plugins"
    plugins.mkdir(parents=True)
    (plugins / "sahel_overlap").symlink_to(ROOT, target_is_directory=True)
    (profile / "QGIS").mkdir()
    (profile / "QGIS" / "QGIS3.ini").write_text(
        "[PythonPlugins]\nsahel_overlap=true\n\n"
        "[qgis]\ncheckVersion=false\nallowVersionCheck=false\n"
        "[core]\nNewsFeed\\httpsfeedqgisorg\\disabled=true\n"
        + (f"\n[locale]\noverrideFlag=true\nuserLocale={locale}\n" if locale else ""),
        encoding="utf-8",
    )
    return profile


def run_qgis(
    script: Path, base: Path, env: dict, screen: str, timeout: float, locale: str | None = None
) -> str:
    """``qgis --code script`` with a fresh profile in ``base``; its last output.

    ``env`` adds to the environment (the script's own settings); QGIS gets a real
    X display, not the offscreen platform. Returns stdout+stderr's tail (or why
    it did not finish in ``timeout`` seconds) for error messages.
    """
    make_profile(base, locale)
    full = dict(os.environ, HOME=str(base / "home"), PYTHONDONTWRITEBYTECODE="1", **env)
    full.pop("QT_QPA_PLATFORM", None)
    cmd = ["xvfb-run", "-a", "-s", f"-screen 0 {screen}x24", "qgis", "--profiles-path",
           str(base), "--nologo", "--noversioncheck", "--code", str(script)]  # fmt: skip
    try:
        proc = subprocess.run(
            cmd, env=full, capture_output=True, text=True, timeout=timeout, cwd=ROOT
        )
        return proc.stdout[-3000:] + proc.stderr[-3000:]
    except subprocess.TimeoutExpired as err:
        return f"QGIS did not quit within {timeout} s; {err.stderr!r}"[-3000:]
