"""Build dist/sahel_overlap-<version>.zip for QGIS's plugin manager, and check it.

Only files git tracks under the plugin's runtime folders go in: no tests, dev
tools, caches or local outputs. The zip's README.md is the user guide: the
repository README up to its "## Development" section (install, first analysis,
command line, troubleshooting), with nothing that points at files the zip lacks.
Every shipped Markdown file (and the help pages rendered from them) points at the
developer-only files it mentions (tests/, scripts/, ``make`` targets) through links to the
source repository instead (``for_users``). Files derived from ACLED's data stay out
(ACLED's terms forbid redistributing them). The zip is then checked as plugins.qgis.org
checks an upload (``validate``); what that needs the network for is checked only with
``--online`` and otherwise listed as not checked.

Run: /usr/bin/python3 scripts/package.py [--out DIR] [--online]
"""

from __future__ import annotations

import argparse
import configparser
import io
import re
import subprocess
import sys
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "sahel_overlap"
INCLUDE = ["metadata.txt", "__init__.py", "LICENSE", "README.md", "CHANGELOG.md",
           "plugin", "ui", "resources", "data", "docs", "i18n"]  # fmt: skip
# Derived from ACLED's files, whose terms forbid redistribution: in the repository only.
ACLED_DERIVED = ["docs/real_data_tables.md"]  # also in DEV_FILE
USER_GUIDE_END = "## Development"  # the README's developer part starts here
CLONE_ONLY = ("<!-- clone-only -->", "<!-- /clone-only -->")  # cut from the zip's README

# What plugins.qgis.org's upload validator checks (qgis/QGIS-Django, plugins/validator.py).
MAX_SIZE = 25_000_000  # bytes
REQUIRED = ["name", "description", "version", "qgisMinimumVersion", "author", "email",
            "about", "tracker", "repository"]  # fmt: skip
URL_KEYS = ["tracker", "repository", "homepage"]
# The validator refuses these exact values, then sends each URL a HEAD request and refuses
# any status >= 400; reserved names (RFC 2606, RFC 6761) can never answer.
FORBIDDEN_URLS = {"tracker": "http://bugs", "repository": "http://repo",
                  "homepage": "http://homepage"}  # fmt: skip
RESERVED_HOSTS = re.compile(
    r"(^|\.)(invalid|test|example|localhost|local)$|^example\.(com|net|org)$|^localhost$"
)
# What only plugins.qgis.org (or a network) can check: said on every offline run.
NOT_CHECKED_OFFLINE = [
    (
        "that homepage, tracker and repository answer a HEAD request with a status below "
        "400 (run with --online)"
    ),
    "that the name is not taken by another plugin and the version is new for it",
    "the reviewers' manual approval",
]
BOOLEANS = ["experimental", "deprecated", "server"]
FORBIDDEN_DIRS = ["__MACOSX", ".git", "__pycache__"]
# The plugin manager's categories (PyQGIS cookbook, metadata.txt).
CATEGORIES = ["Raster", "Vector", "Database", "Mesh", "Web"]
# Compiled code must not ship: by extension and by magic bytes (ELF, PE, Mach-O, .pyc).
BINARY_SUFFIXES = (".pyc", ".pyo", ".so", ".pyd", ".dll", ".dylib", ".exe", ".o", ".a")
BINARY_MAGIC = (b"\x7fELF", b"MZ", b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe", b"\xca\xfe\xba\xbe")
# Developer-only things the user guide must not send a user to.
DEV_ONLY = re.compile(
    r"`make [a-z]|\bmake (?:demo|test|lint|bench|package|install|screenshots)\b"
    r"|\bscripts/|\btests/|\bbenchmarks/|\bdevtools/|\.venv\b"
)
DEV_FILE = re.compile(
    r"(?<![\w/.-])((?:scripts|tests|benchmarks|devtools)/[\w./-]*\w|docs/real_data_tables\.md)"
)
REPO_LINK = re.compile(r"\[[^\]]*\]\(https?://[^)\s]+\)")


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
    """The URL keys that can never answer: the validator's placeholders, reserved names."""
    bad = []
    for key in URL_KEYS:
        url = meta.get(key, "").strip()
        host = urlparse(url).hostname or ""
        if url.rstrip("/") == FORBIDDEN_URLS[key] or RESERVED_HOSTS.search(host):
            bad.append(key)
    return bad


def for_users(markdown: str, repository: str, path: str = "README.md") -> str:
    """A shipped document: what it says about developer-only files (tests/, scripts/,
    ``make`` targets, ACLED-derived tables) becomes a link into the source repository,
    which has them; ``path`` is the document's own place (for its relative links)."""
    repo = repository.rstrip("/")
    folder = path.rsplit("/", 1)[0] + "/" if "/" in path else ""

    def target(text: str) -> str | None:
        found = DEV_FILE.search(text)
        if found:
            return f"{repo}/blob/main/{found.group(1)}"
        return f"{repo}#development" if re.search(r"\bmake [a-z]", text) else None

    def code_span(m: re.Match) -> str:
        if m.group(1) or m.group(3):  # already a link's text
            return m.group(0)
        url = target(m.group(2))
        return f"[{m.group(2)}]({url})" if url else m.group(0)

    parts = re.split(r"(```.*?```)", markdown, flags=re.S)  # code blocks stay as they are
    for i in range(0, len(parts), 2):
        text = parts[i]
        for derived in ACLED_DERIVED:
            relative = derived[len(folder) :] if derived.startswith(folder) else derived
            text = text.replace(f"]({relative})", f"]({repo}/blob/main/{derived})")
        pieces = re.split(r"((?<!\[)`[^`\n]+`(?!\]))", text)
        for j in range(0, len(pieces), 2):  # plain text: bare paths become links
            pieces[j] = DEV_FILE.sub(
                lambda m: f"[`{m.group(1)}`]({repo}/blob/main/{m.group(1)})", pieces[j]
            )
        text = "".join(pieces)
        text = re.sub(r"(\[)?(`[^`\n]+`)(\]\()?", code_span, text)
        parts[i] = text
    return "".join(parts)


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
        problems += licence_problems(zf.read(f"{PACKAGE}/LICENSE"))
        problems += icon_problems(zf.read(f"{PACKAGE}/{meta['icon']}"), meta["icon"])
        for key in placeholder_urls(meta):
            problems.append(f"metadata: {key} {meta[key]!r} can never answer the validator")
        for derived in ACLED_DERIVED:
            if f"{PACKAGE}/{derived}" in names:
                problems.append(f"{derived} is derived from ACLED's data: not redistributable")
        for name in names:
            if name.endswith(".md"):
                problems += document_problems(zf.read(name).decode("utf-8"), name, names)
    return problems


def document_problems(text: str, name: str, names: list[str]) -> list[str]:
    """A shipped document that sends users to files the zip lacks."""
    problems = []
    short = name.split("/", 1)[1]
    outside_links = REPO_LINK.sub("", re.sub(r"```.*?```", "", text, flags=re.S))
    for hit in sorted(set(DEV_ONLY.findall(outside_links))):
        problems.append(f"{short} points users at developer-only {hit!r}")
    folder = name.rsplit("/", 1)[0]
    for link in re.findall(r"\]\(([^)#\s]+)", text):
        if "://" in link or link.startswith("mailto:"):
            continue
        target = "/".join(_normalise(f"{folder}/{link}".split("/")))
        if target not in names:
            problems.append(f"{short} links to {link}, which the zip lacks")
    return problems


def _normalise(parts: list[str]) -> list[str]:
    out: list[str] = []
    for part in parts:
        if part == "..":
            out = out[:-1]
        elif part not in ("", "."):
            out.append(part)
    return out


def licence_problems(data: bytes) -> list[str]:
    """plugins.qgis.org requires a LICENSE file; QGIS plugins must be GPL-compatible
    (the plugin repository's rules): this one must be a GPL text."""
    text = data.decode("utf-8", "replace")
    if len(text.strip()) < 200:
        return ["LICENSE is empty or too short to be a licence text"]
    if "GNU GENERAL PUBLIC LICENSE" not in text.upper():
        return ["LICENSE is not a GNU GPL text (plugins must be GPL-compatible)"]
    return []


def icon_problems(data: bytes, path: str) -> list[str]:
    """The icon the plugin manager shows: a readable PNG, JPEG or SVG."""
    if path.lower().endswith(".svg"):
        try:
            root = ET.fromstring(data)
        except ET.ParseError as error:
            return [f"icon {path} is not valid SVG: {error}"]
        if not root.tag.endswith("svg"):
            return [f"icon {path} is not an SVG document"]
        return []
    if data.startswith(b"\x89PNG\r\n\x1a\n") or data.startswith(b"\xff\xd8\xff"):
        return []
    return [f"icon {path} is neither SVG, PNG nor JPEG"]


def url_answers(url: str, timeout: float = 15.0) -> str:
    """The validator's online check: a HEAD request; '' if it answers below 400."""
    request = urllib.request.Request(url, method="HEAD", headers={"User-Agent": "Mozilla/5.0"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except (urllib.error.URLError, OSError) as error:
        return f"cannot reach {url}: {error}"
    return "" if status < 400 else f"{url} answers {status}"


def build(out_dir: Path) -> Path:
    meta = metadata((ROOT / "metadata.txt").read_text(encoding="utf-8"))
    files = subprocess.run(
        ["git", "ls-files", "--", *INCLUDE], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    files = [f for f in files if "__pycache__" not in f and not f.endswith(".pyc")]
    files = [f for f in files if f not in ACLED_DERIVED]
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / f"{PACKAGE}-{meta['version']}.zip"
    guide = user_guide((ROOT / "README.md").read_text(encoding="utf-8"))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in files:
            if name == "README.md":
                zf.writestr(f"{PACKAGE}/README.md", for_users(guide, meta["repository"]))
            elif name.endswith(".md"):
                text = (ROOT / name).read_text(encoding="utf-8")
                zf.writestr(f"{PACKAGE}/{name}", for_users(text, meta["repository"], name))
            else:
                zf.write(ROOT / name, f"{PACKAGE}/{name}")
    out.write_bytes(buffer.getvalue())
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "dist"), help="folder for the zip")
    parser.add_argument("--online", action="store_true", help="also request the URLs")
    args = parser.parse_args()
    out = build(Path(args.out))
    problems = validate(out)
    meta = metadata((ROOT / "metadata.txt").read_text(encoding="utf-8"))
    if args.online:
        problems += [p for p in (url_answers(meta[k]) for k in URL_KEYS) if p]
    for problem in problems:
        print(f"package: {problem}", file=sys.stderr)
    if problems:
        out.unlink()
        return 1
    not_checked = NOT_CHECKED_OFFLINE[1:] if args.online else NOT_CHECKED_OFFLINE
    for item in not_checked:
        print(f"package: not checked here: {item}", file=sys.stderr)
    size = out.stat().st_size
    print(f"{out}: {len(zipfile.ZipFile(out).namelist())} files, {size / 1e6:.1f} MB, checked")
    return 0


if __name__ == "__main__":
    sys.exit(main())
