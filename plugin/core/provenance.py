"""Provenance of the plugin's outputs: what went in, with which settings (no Qt, no QGIS).

A briefing's numbers must be traceable: the scored zones carry the plugin version,
every parameter, a hash of the actor preset table, the input's name and hash and
the coverage (``io.metadata`` stores the document in the output file). ``footer_line``
turns it into the one line a printed map carries.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from .. import definitions as d

SHORT_HASH = 8  # on a map footer; the metadata holds the full hashes


def plugin_version() -> str:
    try:
        for line in (d.ROOT / "metadata.txt").read_text(encoding="utf-8").splitlines():
            if line.startswith("version="):
                return line.split("=", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def file_sha256(path) -> str | None:
    """SHA-256 of a file (what ``sha256sum`` prints), or None if it cannot be read."""
    try:
        with open(path, "rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError:
        return None


def now_utc() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def import_record(report, preset_name: str, preset_table, input_name: str, input_path=None):
    """What the import writes into its output's metadata (``definitions.META_IMPORT``)."""
    table = Path(preset_table) if preset_table else d.PRESETS_FILE
    return {
        "plugin": d.PLUGIN_NAME,
        "version": plugin_version(),
        "created": now_utc(),
        "input": {
            "name": input_name,
            "sha256": file_sha256(input_path) if input_path else None,
            "rows_read": int(report.rows_read),
        },
        "preset": preset_name,
        "preset_table": {"name": table.name, "sha256": file_sha256(table)},
        "events": int(report.events),
        "coverage": {
            "source": "import: first and last day of the valid rows, per country",
            "countries": {c: list(v) for c, v in sorted(report.coverage.items())},
        },
    }


def footer_line(prov: dict | None) -> str:
    """One line for a map's footer: version, input and its hash, settings, coverage.

    Short enough for one line of a landscape A4 page: hashes cut to 8 characters, the
    coverage as its first day to the last day most countries share, and the countries
    whose coverage ends elsewhere.
    """
    if not prov:
        return ""
    params = prov.get("parameters", {})
    inp = prov.get("input", {})
    digest = (inp.get("sha256") or "")[:SHORT_HASH]
    presets = ((prov.get("preset_table") or {}).get("sha256") or "")[:SHORT_HASH]
    parts = [f"v{prov.get('version', '?')}"]  # (the map names the plugin already)
    if inp.get("name"):
        parts.append(f"{inp['name']}" + (f" (sha256 {digest})" if digest else ""))
    if presets:
        parts.append(f"presets {presets}")
    if "SEED" in params or "PERMUTATIONS" in params:
        parts.append(f"seed {params.get('SEED')}, {params.get('PERMUTATIONS')} permutations")
    names = {
        "MIN_EVENTS": "min. events",
        "MIN_CLASHES": "clashes",
        "MIN_SHARE": "share",
        "CLASH_SHARE": "clash share",
    }
    settings = ", ".join(f"{label} {params[k]}" for k, label in names.items() if k in params)
    if settings:
        parts.append(settings)
    cov = prov.get("coverage") or {}
    countries = cov.get("countries") or {}
    if countries:
        first = min(a for a, _ in countries.values())
        lasts = [b for _, b in countries.values()]
        common = max(set(lasts), key=lasts.count)
        others = [f"{c} to {b}" for c, (_, b) in sorted(countries.items()) if b != common]
        parts.append(", ".join([f"covered {first}..{common}", *others]))
    elif cov:
        parts.append("coverage unknown")
    return " · ".join(parts)
