"""Render the Processing help pages and the homepage from the docs (docs/help/, docs/index.html).

The algorithms' *Help* buttons open these HTML files from the plugin folder (offline),
each at its own section (plugin/provider/base.py, HELP_DOCS); docs/index.html is the
project's homepage (GitHub Pages serves docs/). The Markdown is what the zip ships
(scripts/package.py: the README's user part, developer-only mentions linked to the
repository), rendered with python3-markdown (Debian). tests/test_release.py checks that
the committed pages are current: rerun this after editing README.md or docs/methodology.md.

Run: /usr/bin/python3 scripts/make_help.py [--out DIR]
"""

from __future__ import annotations

import argparse
import html
import posixpath
import re
import sys
from pathlib import Path

import markdown  # python3-markdown (scripts/setup.sh)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import package  # noqa: E402

# Source document -> help page (paths relative to the repository root).
PAGES = {"README.md": "docs/help/guide.html", "docs/methodology.md": "docs/help/methodology.html"}
EXTENSIONS = ["extra", "toc", "sane_lists"]
STYLE = """body{font:15px/1.5 sans-serif;max-width:52em;margin:1em auto;padding:0 1em;color:#222}
nav{border-bottom:1px solid #ccc;padding-bottom:.4em;margin-bottom:1em}nav a{margin-right:1em}
table{border-collapse:collapse}td,th{border:1px solid #bbb;padding:.2em .5em;vertical-align:top}
code,pre{background:#f4f4f4}pre{padding:.6em;overflow-x:auto}img{max-width:100%}"""


def _relink(text: str, source: str, page: str, repository: str) -> str:
    """Relative links of ``source`` made relative to ``page``: .md files that have a page
    go to that page, other .md files to the repository."""
    src_dir, page_dir = posixpath.dirname(source), posixpath.dirname(page)

    def fix(m: re.Match) -> str:
        link, anchor = m.group(2), m.group(3) or ""
        if "://" in link or link.startswith("mailto:"):
            return m.group(0)
        target = posixpath.normpath(posixpath.join(src_dir, link))
        if target.endswith(".md"):
            if target not in PAGES:
                return f"{m.group(1)}{repository.rstrip('/')}/blob/main/{target}{anchor})"
            target = PAGES[target]
        return f"{m.group(1)}{posixpath.relpath(target, page_dir)}{anchor})"

    return re.sub(r"(\]\()([^)#\s]+)(#[^)\s]*)?\)", fix, text)


def _nav(page: str) -> str:
    links = [("Guide", PAGES["README.md"]), ("Methodology", PAGES["docs/methodology.md"])]
    here = posixpath.dirname(page)
    return " ".join(f'<a href="{posixpath.relpath(t, here)}">{n}</a>' for n, t in links)


def _document(title: str, body: str, page: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        f"<nav>{_nav(page)}</nav>\n{body}\n</body>\n</html>\n"
    )


def render_page(source: str, meta: dict) -> str:
    text = (ROOT / source).read_text(encoding="utf-8")
    if source == "README.md":
        text = package.user_guide(text)
    text = package.for_users(text, meta["repository"], source)
    text = _relink(text, source, PAGES[source], meta["repository"])
    body = markdown.markdown(text, extensions=EXTENSIONS, output_format="html")
    title = re.search(r"^# (.+)$", text, flags=re.M).group(1)
    return _document(f"Sahel Overlap: {title}", body, PAGES[source])


def render_index(meta: dict) -> str:
    """The homepage: what the plugin does, where its help, code and tracker are."""
    page = "docs/index.html"
    esc = html.escape
    body = (
        f"<h1>{esc(meta['name'])}</h1>\n<p>{esc(meta['description'])}</p>\n"
        f"<p>{esc(meta['about'])}</p>\n"
        '<p><img src="images/overlap_map.png" alt="Overlap map of the SYNTHETIC sample"></p>\n'
        "<ul>\n"
        '<li><a href="help/guide.html">User guide</a>: install, first analysis, command line, '
        "troubleshooting</li>\n"
        '<li lang="fr"><a href="help/guide.html#en-francais">Guide en français</a> : '
        "installation, première analyse, signification des classes</li>\n"
        '<li><a href="help/methodology.html">Methodology</a>: measures, classes, tests, '
        "limits</li>\n"
        f'<li><a href="{esc(meta["repository"])}">Source code and releases</a></li>\n'
        f'<li><a href="{esc(meta["tracker"])}">Report a problem</a></li>\n'
        "</ul>\n"
        f"<p>Version {esc(meta['version'])}; QGIS {esc(meta['qgisMinimumVersion'])} or "
        "newer; licence GPL-2.0-or-later.</p>"
    )
    return _document(meta["name"], body, page)


def render_all() -> dict[str, str]:
    """Every page by its path relative to the repository root."""
    meta = package.metadata((ROOT / "metadata.txt").read_text(encoding="utf-8"))
    pages = {page: render_page(source, meta) for source, page in PAGES.items()}
    pages["docs/index.html"] = render_index(meta)
    return pages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT), help="root to write docs/ under")
    args = parser.parse_args()
    for path, text in render_all().items():
        out = Path(args.out) / path
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
