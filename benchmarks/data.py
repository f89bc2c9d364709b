"""SYNTHETIC benchmark data, generated at run time from the bundled sample.

``acled_csv(n, path)``: an ACLED-format CSV of ``n`` rows (the sample's rows
drawn at random, coordinates jittered by ~5 km, unique ids).
``incidents_gpkg(n, path)``: a GeoPackage of ``n`` events in the plugin's
standard schema (sides a, b, clash, ambiguous), built the same way from the
sample's imported events. Nothing here is a real event.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from sahel_overlap.plugin import definitions as d
from sahel_overlap.plugin.core import incidents as inc
from sahel_overlap.plugin.core.presets import load_presets
from sahel_overlap.plugin.io.writers import write_incidents_gpkg

JITTER_DEG = 0.05  # standard deviation, about 5 km


def _draw(frame: pd.DataFrame, n: int, seed: int) -> tuple[pd.DataFrame, np.ndarray]:
    rng = np.random.default_rng(seed)
    rows = rng.integers(0, len(frame), n)
    out = frame.iloc[rows].reset_index(drop=True)
    return out, rng.normal(0.0, JITTER_DEG, size=(n, 2))


def acled_csv(n: int, path: str | Path, seed: int = 1) -> Path:
    path = Path(path)
    raw, _ = inc.read_table(d.SAMPLE_CSV)
    out, jitter = _draw(raw, n, seed)
    lat = pd.to_numeric(out["latitude"]) + jitter[:, 0]
    lon = pd.to_numeric(out["longitude"]) + jitter[:, 1]
    out["latitude"] = lat.round(4).astype(str)
    out["longitude"] = lon.round(4).astype(str)
    ids = np.arange(1, n + 1)
    out["data_id"] = (9_000_000 + ids).astype(str)
    out["event_id_no_cnty"] = ids.astype(str)
    out["event_id_cnty"] = out["event_id_cnty"].str[:3] + pd.Series(ids).astype(str)
    out.to_csv(path, index=False)
    return path


def sample_events() -> pd.DataFrame:
    raw, _ = inc.read_table(d.SAMPLE_CSV)
    preset = load_presets()[d.DEFAULT_PRESET]
    events, _ = inc.load_frame(raw, preset, inc.FORMAT_ACLED)
    return events


def incidents_gpkg(n: int, path: str | Path, seed: int = 2, events=None) -> Path:
    path = Path(path)
    events = sample_events() if events is None else events
    out, jitter = _draw(events, n, seed)
    out[d.F_LAT] = (out[d.F_LAT].astype(float) + jitter[:, 0]).round(4)
    out[d.F_LON] = (out[d.F_LON].astype(float) + jitter[:, 1]).round(4)
    out[d.F_EVENT_ID] = "SYN" + pd.Series(np.arange(1, n + 1)).astype(str)
    if path.exists():
        path.unlink()
    written = Path(write_incidents_gpkg(out, path))
    # What the import would record: the countries and days covered (scorezones then
    # computes coverage, as on an imported file).
    from sahel_overlap.plugin.core.coverage import source_coverage
    from sahel_overlap.plugin.io.metadata import write_metadata

    covered = source_coverage(out[d.F_COUNTRY], out[d.F_DATE], out[d.F_DATE_END])
    write_metadata(
        str(written),
        d.META_IMPORT,
        {"coverage": {"countries": {c: list(v) for c, v in covered.items()}}},
    )
    return written
