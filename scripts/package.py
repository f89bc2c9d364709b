"""Build dist/sahel_overlap-<version>.zip for QGIS's plugin manager.

Only files git tracks under the plugin's runtime folders go in: no tests, dev
tools, caches or local outputs.
"""

import configparser
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INCLUDE = ["metadata.txt", "__init__.py", "LICENSE", "README.md", "CHANGELOG.md",
           "plugin", "ui", "resources", "data", "docs"]  # fmt: skip


def main() -> int:
    meta = configparser.ConfigParser()
    meta.read(ROOT / "metadata.txt", encoding="utf-8")
    version = meta["general"]["version"]
    files = subprocess.run(
        ["git", "ls-files", "--", *INCLUDE], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    files = [f for f in files if "__pycache__" not in f and not f.endswith(".pyc")]
    out = ROOT / "dist" / f"sahel_overlap-{version}.zip"
    out.parent.mkdir(exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in files:
            zf.write(ROOT / name, f"sahel_overlap/{name}")
    print(f"{out.relative_to(ROOT)}: {len(files)} files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
