"""Build dist/sahel_overlap-<version>.zip for QGIS's plugin manager, and check it.

Only files git tracks under the plugin's runtime folders go in: no tests, dev
tools, caches or local outputs. The zip's README.md is the user guide: the
repository README up to its "## Development" section (install, first analysis,
command line, troubleshooting), with nothing that points at files the zip lacks.
The zip is then checked as plugins.qgis.org checks an upload (``validate``).

Run: /usr/bin/python3 scripts/package.py [--out DIR]
"""

from __future__ import annotations

import argparse
import configparser
import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "sahel_overlap"
INCLUDE = ["metadata.txt", "__init__.py", "LICENSE", "README.md", "CHANGELOG.md",
           "plugin", "ui", "resources", "data", "docs"]  # fmt: skip
USER_GUIDE_END = "## Development"  # the README's developer part starts here
CLONE_ONLY = ("<!-- clone-only -->", "<!-- /clone-only -->")  # cut from the zip's README

# What plugins.qgis.org's upload validator checks (qgis/QGIS-Django, plugins/validator.py).
MAX_SIZE = 25_000_000  # bytes
REQUIRED = ["name", "description", "version", "qgisMinimumVersion", "author", "email",
            "about", "tracker", "repository"]  # fmt: skip
URL_KEYS = ["tracker", "repository", "homepage"]
BOOLEANS = ["experimental", "deprecated", "server"]
FORBIDDEN_DIRS = ["__MACOSX", ".git", "__pycache__"]
# The plugin manager's categories (PyQGIS cookbook, metadata.txt).
CATEGORIES = ["Raster", "Vector", "Database", "Mesh", "Web"]
# Compiled code must not ship: by extension and by magic bytes (ELF, PE, Mach-O, .pyc).
BINARY_SUFFIXES = (".pyc", ".pyo", ".so", ".pyd", ".dll", ".dylib", ".exe", ".o", ".a")
BINARY_MAGIC = (b"\x7fELF", b"MZ", b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe", b"\xca\xfe\xba\xbe")
# Developer-only things the user guide must not send a user to.
DEV_ONLY = re.compile(r"`make [a-z]|\bscripts/|\btests/|\bbenchmarks/|\.venv\b")


def metadata(text: str) -> dict:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read_string(text)
    return dict(parser["general"])


def user_guide(readme: str) -> str:
    """The README's user part: everything before the developers' section, without the
    blocks marked for a clone only (the quick start at the top)."""
    head, sep, _dev = readme.partition("\n" + USER_GUIDE_END)
    if not sep:
        raise SystemExit(f"README.md has no '{USER_GUIDE_END}' section to cut at")
    head = re.sub(
        rf"{re.escape(CLONE_ONLY[0])}.*?{re.escape(CLONE_ONLY[1])}\n*", "", head, flags=re.S
    )
    return head.rstrip() + "\n"


def placeholder_urls(meta: dict) -> list[str]:
    hosts = {k: urlparse(meta.get(k, "")).hostname or "" for k in URL_KEYS}
    return [k for k, host in hosts.items() if host.endswith(".invalid")]


def validate(zip_path: Path) -> list[str]:
    """Problems plugins.qgis.org (and a user's QGIS) would find in the zip; [] if none."""
    problems = []
    if zip_path.stat().st_size > MAX_SIZE:
        problems.append(f"zip is {zip_path.stat().st_size} bytes, more than {MAX_SIZE}")
    with zipfile.ZipFile(zip_path) as zf:
        names = zf.namelist()
        bad = zf.testzip()
        if bad:
            problems.append(f"corrupt member {bad}")
        tops = {n.split("/")[0] for n in names}
        if tops != {PACKAGE}:
            problems.append(f"top-level entries {sorted(tops)}, expected only {PACKAGE}/")
        if not re.match(r"^[A-Za-z][A-Za-z0-9-_]+$", PACKAGE):
            problems.append(f"package folder name {PACKAGE!r} not allowed")
        for name in names:
            parts = name.split("/")
            if ".." in name or name.startswith("/"):
                problems.append(f"path information in {name}")
            if any(p in FORBIDDEN_DIRS for p in parts) or name.endswith(BINARY_SUFFIXES):
                problems.append(f"forbidden file {name}")
            if any(p.startswith(".") for p in parts if p):
                problems.append(f"hidden file {name}")
            if not name.endswith("/") and zf.read(name)[:4].startswith(BINARY_MAGIC):
                problems.append(f"binary file {name}")
        for required in ("__init__.py", "metadata.txt", "LICENSE"):
            if f"{PACKAGE}/{required}" not in names:
                problems.append(f"no {required}")
        if problems:
            return problems
        meta = metadata(zf.read(f"{PACKAGE}/metadata.txt").decode("utf-8"))
        for key in REQUIRED:
            if not meta.get(key, "").strip():
                problems.append(f"metadata: {key} missing or empty")
        for key in URL_KEYS:
            url = urlparse(meta.get(key, ""))
            if not (url.scheme in ("http", "https") and url.netloc):
                problems.append(f"metadata: {key} is not a web address")
        if "@" not in meta.get("email", ""):
            problems.append("metadata: email is not an address")
        if "/" in meta.get("author", ""):
            problems.append("metadata: author contains a slash")
        for key in BOOLEANS:
            if meta.get(key, "False").strip().lower() not in ("true", "false", "1", "0"):
                problems.append(f"metadata: {key} is not true or false")
        if not re.fullmatch(r"\d+\.\d+(\.\d+)?", meta.get("version", "")):
            problems.append(f"metadata: version {meta.get('version')!r} is not x.y[.z]")
        if not re.fullmatch(r"\d+\.\d+(\.\d+)?", meta.get("qgisMinimumVersion", "")):
            problems.append("metadata: qgisMinimumVersion is not x.y[.z]")
        if meta.get("category") and meta["category"] not in CATEGORIES:
            problems.append(f"metadata: category {meta['category']!r} not in {CATEGORIES}")
        if meta.get("hasProcessingProvider") != "yes":
            problems.append("metadata: hasProcessingProvider is not yes")
        if f"{PACKAGE}/{meta.get('icon', '')}" not in names:
            problems.append(f"metadata: icon {meta.get('icon')!r} not in the zip")
        readme = zf.read(f"{PACKAGE}/README.md").decode("utf-8")
        for hit in sorted(set(DEV_ONLY.findall(readme))):
            problems.append(f"README.md points users at developer-only {hit!r}")
        for link in re.findall(r"\]\(([^)#\s]+)", readme):
            if "://" not in link and f"{PACKAGE}/{link}" not in names:
                problems.append(f"README.md links to {link}, which the zip lacks")
    return problems


def build(out_dir: Path) -> Path:
    meta = metadata((ROOT / "metadata.txt").read_text(encoding="utf-8"))
    files = subprocess.run(
        ["git", "ls-files", "--", *INCLUDE], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    files = [f for f in files if "__pycache__" not in f and not f.endswith(".pyc")]
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / f"{PACKAGE}-{meta['version']}.zip"
    guide = user_guide((ROOT / "README.md").read_text(encoding="utf-8"))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in files:
            if name == "README.md":
                zf.writestr(f"{PACKAGE}/README.md", guide)
            else:
                zf.write(ROOT / name, f"{PACKAGE}/{name}")
    out.write_bytes(buffer.getvalue())
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "dist"), help="folder for the zip")
    args = parser.parse_args()
    out = build(Path(args.out))
    problems = validate(out)
    for problem in problems:
        print(f"package: {problem}", file=sys.stderr)
    if problems:
        out.unlink()
        return 1
    meta = metadata((ROOT / "metadata.txt").read_text(encoding="utf-8"))
    for key in placeholder_urls(meta):
        print(f"package: note: {key} is a placeholder ({meta[key]}); set it before "
              "uploading to plugins.qgis.org", file=sys.stderr)  # fmt: skip
    size = out.stat().st_size
    print(f"{out}: {len(zipfile.ZipFile(out).namelist())} files, {size / 1e6:.1f} MB, checked")
    return 0


if __name__ == "__main__":
    sys.exit(main())
