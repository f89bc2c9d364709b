"""Provenance of the plugin's outputs: what went in, with which settings (no Qt, no QGIS).

A briefing's numbers must be traceable: the scored zones carry the plugin version,
every parameter, a hash of the actor preset table, the input's name and hash, how
same-side events were read (the uncertainty patterns' and the analyst's override
table's hashes) and the coverage (``io.metadata`` stores the document in the output file). ``footer_line``
turns it into the one line a printed map carries.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from .. import definitions as d
from ..definitions import N_

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


def cooperation_record(report, rules=None) -> dict:
    """How the same-side events were read (``core.joint``): the uncertainty patterns' and
    the analyst's override table's names and hashes, and the counts."""
    patterns = Path(rules.patterns_file) if rules is not None else d.UNCERTAINTY_FILE
    overrides = Path(rules.overrides_file) if rules is not None and rules.overrides_file else None
    counts = dict(getattr(report, "joint", None) or {})
    return {
        "uncertainty_patterns": {"name": patterns.name, "sha256": file_sha256(patterns)},
        "overrides": None
        if overrides is None
        else {
            "name": overrides.name,
            "sha256": file_sha256(overrides),
            "events": len(rules.overrides),
            "unused": len(getattr(report, "overrides_unused", []) or []),
        },
        **counts,
    }


def import_record(
    report, preset_name: str, preset_table, input_name: str, input_path=None, rules=None
):
    """What the import writes into its output's metadata (``definitions.META_IMPORT``);
    ``rules``: how same-side events were read (``core.joint.Rules``; None: the plugin's
    patterns, no override)."""
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
        "cooperation": cooperation_record(report, rules),
        "coverage": {
            "source": "import: first and last day of the valid rows, per country",
            "countries": {c: list(v) for c, v in sorted(report.coverage.items())},
        },
    }


def footer_line(prov: dict | None, translate=str) -> str:
    """One line for a map's footer: version, input and its hash, settings, coverage
    (``translate``: i18n.tr for the words in the user's language; values stay as given).

    Short enough for one line of a landscape A4 page: hashes cut to 8 characters, the
    coverage as its first day to the last day most countries share, and the countries
    whose coverage ends elsewhere.
    """
    if not prov:
        return ""
    t = translate
    params = prov.get("parameters", {})
    inp = prov.get("input", {})
    digest = (inp.get("sha256") or "")[:SHORT_HASH]
    presets = ((prov.get("preset_table") or {}).get("sha256") or "")[:SHORT_HASH]
    parts = [f"v{prov.get('version', '?')}"]  # (the map names the plugin already)
    if inp.get("name"):
        parts.append(f"{inp['name']}" + (f" (sha256 {digest})" if digest else ""))
    if presets:
        parts.append(t(N_("presets {hash}")).format(hash=presets))
    overrides = ((prov.get("cooperation") or {}).get("overrides") or {}).get("sha256")
    if overrides:
        parts.append(t(N_("overrides {hash}")).format(hash=overrides[:SHORT_HASH]))
    if "SEED" in params or "PERMUTATIONS" in params:
        parts.append(
            t(N_("seed {seed}, {n} permutations")).format(
                seed=params.get("SEED"), n=params.get("PERMUTATIONS")
            )
        )
    names = {
        "MIN_EVENTS": N_("min. events"),
        "MIN_CLASHES": N_("clashes"),
        "MIN_SHARE": N_("share"),
        "CLASH_SHARE": N_("clash share"),
    }
    settings = ", ".join(f"{t(label)} {params[k]}" for k, label in names.items() if k in params)
    if settings:
        parts.append(settings)
    cov = prov.get("coverage") or {}
    countries = cov.get("countries") or {}
    if countries:
        first = min(a for a, _ in countries.values())
        lasts = [b for _, b in countries.values()]
        common = max(set(lasts), key=lasts.count)
        others = [
            t(N_("{country} to {last}")).format(country=c, last=b)
            for c, (_, b) in sorted(countries.items())
            if b != common
        ]
        parts.append(
            ", ".join([t(N_("covered {first}..{last}")).format(first=first, last=common), *others])
        )
    elif cov:
        parts.append(t(N_("coverage unknown")))
    return " · ".join(parts)
