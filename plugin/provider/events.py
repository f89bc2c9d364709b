"""The incidents a per-zone algorithm scores, read from a file or counted in PostGIS."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass
class Events:
    """The incidents to score, in metres, with what the provenance needs to know."""

    frame: pd.DataFrame
    names: tuple[str, str]
    windows: list
    import_meta: dict | None
    input_name: str
    input_path: str | None
    x: np.ndarray | None = None  # metres in an equal-area CRS (``crs_ea``), for the tests
    y: np.ndarray | None = None
    crs_ea: str = ""
    # Scored in PostGIS (issue 16): what the database counted (``pushdown.Counted``); the
    # frame then holds only the two groups' own events.
    counted: object | None = None
