"""SYNTHETIC sample data: an ACLED-style table with a planted ground truth.

Nothing here is a real event. The generator writes a dyadic ACLED export
(31 columns, as a 2020 export) for Mali, Burkina Faso and Niger, 2017-2022,
calibrated on the public picture of JNIM (group A) and ISGS (group B), plus
a set of circular zones in which the yearly relation of the two groups is
*planted* (``a_only``, ``b_only``, ``parallel``, ``contested``, ``cooperative``,
``inactive``, ``low_data``, ``undetermined``, ``partitioned``, ``no_data``) so that the
scoring algorithm can be tested against a known answer. Joint operations are coded as
ACLED codes them (both groups on one side: actor and associate actor) with plain notes;
other same-side events say "JNIM or ISGS militants" and must stay ambiguous.
``actor_based`` turns the export into ACLED's actor-based layout (one row per side). Events outside the zones are
realistic background without clashes. The "export" covers Mali and Burkina Faso
2017-2022 and Niger only to 30 June 2022 (a half-covered last year); one zone
lies in Mauritania, which it does not cover at all.

Pure numpy/pandas: no Qt and no QGIS imports.

API::

    events_df, zones, labels_df = generate_sample(seed=20170302)
    paths = write_sample(out_dir)  # the three files of data/sample/

``zones`` is a GeoJSON FeatureCollection (a plain dict, EPSG:4326).
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..plugin.definitions import (
    SAMPLE_CSV,
    SAMPLE_LABELS,
    SAMPLE_ZONES,
    Z_A_ONLY,
    Z_B_ONLY,
    Z_CONTESTED,
    Z_COOPERATIVE,
    Z_INACTIVE,
    Z_LOW_DATA,
    Z_NO_DATA,
    Z_PARALLEL,
    Z_PARTITIONED,
    Z_UNDETERMINED,
)

DEFAULT_SEED = 20170302
YEARS = list(range(2017, 2023))
FIRST_CLASH_DAY = dt.date(2020, 1, 1)  # no JNIM-ISGS clash before this day
JNIM_FOUNDED = dt.date(2017, 3, 2)
SHARE_AMBIGUOUS = 0.03  # of the events in a zone-year, ambiguous ones (default)
# The last day the "export" covers, per country (others: the end of YEARS).
COVERED_UNTIL = {"Niger": dt.date(2022, 6, 30)}

ACLED_COLUMNS = [
    "data_id",
    "iso",
    "event_id_cnty",
    "event_id_no_cnty",
    "event_date",
    "year",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "timestamp",
    "iso3",
]
LABEL_COLUMNS = ["zone_id", "year", "planted_class"]
# ACLED's actor-based (monadic) layout: one row per side; actor2, assoc_actor_2 and inter2
# become the second row's actor1, assoc_actor_1 and inter1 (28 columns).
ACTOR_BASED_COLUMNS = [c for c in ACLED_COLUMNS if c not in ("actor2", "assoc_actor_2", "inter2")]

# --- Actor names as ACLED spells them -----------------------------------------
JNIM = "JNIM: Group for Support of Islam and Muslims"
JNIM_COMPONENTS = [
    "Katiba Macina",
    "Ansar Dine",
    "Al Mourabitoune Battalion",
    "Katiba Serma",
    "AQIM: Al Qaeda in the Islamic Maghreb",
]
ISGS_NAMES = [  # (first day, name)
    (dt.date(1900, 1, 1), "Islamic State (Greater Sahara)"),
    (dt.date(2019, 7, 1), "Islamic State (West Africa) - Greater Sahara Faction"),
    (dt.date(2022, 3, 1), "Islamic State (Sahel)"),
]
COUNTRIES = {  # name: (event id prefix, iso number, iso3)
    "Mali": ("MLI", 466, "MLI"),
    "Burkina Faso": ("BFO", 854, "BFA"),
    "Niger": ("NIR", 562, "NER"),
}
MILITARY = {
    "Mali": "Military Forces of Mali (2013-2021)",
    "Burkina Faso": "Military Forces of Burkina Faso (2015-2022)",
    "Niger": "Military Forces of Niger (2011-2021)",
}
MINUSMA = (
    "MINUSMA: United Nations Multidimensional Integrated Stabilization Mission in Mali (2013-)"
)
FRANCE = "Military Forces of France"
MILITIAS = {  # communal / identity militias (inter 4)
    "Mali": ["Dan Na Ambassagou", "Dozo Communal Militia (Mali)"],
    "Burkina Faso": ["Koglweogo Communal Militia (Burkina Faso)"],
    "Niger": ["Unidentified Communal Militia (Niger)"],
}
CIVILIAN_ASSOC = {
    "Mali": [
        "Fulani Ethnic Group (Mali)",
        "Dogon Ethnic Group (Mali)",
        "Tuareg Ethnic Group (Mali)",
    ],
    "Burkina Faso": ["Fulani Ethnic Group (Burkina Faso)", "Christian Group (Burkina Faso)"],
    "Niger": ["Tuareg Ethnic Group (Niger)", "Fulani Ethnic Group (Niger)"],
}
INTER_STATE, INTER_REBEL, INTER_MILITIA, INTER_CIVILIANS, INTER_EXTERNAL = 1, 2, 4, 7, 8

ET_BATTLE = ("Battles", "Armed clash")
ET_VAC = ("Violence against civilians", "Attack")
ET_IED = ("Explosions/Remote violence", "Remote explosive/landmine/IED")
ET_LOOT = ("Strategic developments", "Looting/property destruction")

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def civilians(country: str) -> str:
    return f"Civilians ({country})"


def isgs_name(day: dt.date) -> str:
    """ACLED's name of ISGS valid on ``day``."""
    name = ISGS_NAMES[0][1]
    for start, label in ISGS_NAMES:
        if day >= start:
            name = label
    return name


def ambiguous_name(day: dt.date) -> str:
    return f"{JNIM} and/or {isgs_name(day)}"


def format_acled_date(day: dt.date, style: str = "acled") -> str:
    """``15 March 2020`` (ACLED export), ``2020-03-15`` (iso) or ``15-March-2020`` (dashed)."""
    if style == "iso":
        return day.isoformat()
    sep = "-" if style == "dashed" else " "
    return f"{day.day:02d}{sep}{MONTHS[day.month - 1]}{sep}{day.year}"


# --- Zones ---------------------------------------------------------------------
@dataclass(frozen=True)
class Zone:
    zone_id: str
    name: str
    country: str
    admin1: str
    admin2: str
    locations: tuple[str, ...]
    lon: float
    lat: float
    radius_km: float
    classes: tuple[str, ...]  # one per year of YEARS
    base: int  # events a year before the YEAR_FACTOR
    switch: bool = False
    split: bool = False  # group A in the western half, B in the eastern half
    minor_share: float = 0.0  # a_only zones: share of group B events (below 10 %)
    amb_share: float = SHARE_AMBIGUOUS  # share of ambiguous ("A and/or B") events

    @property
    def planted(self) -> str:
        parts = []
        start = 0
        for i in range(1, len(YEARS) + 1):
            if i == len(YEARS) or self.classes[i] != self.classes[start]:
                y0, y1 = YEARS[start], YEARS[i - 1]
                span = f"{y0}" if y0 == y1 else f"{y0}-{y1}"
                parts.append(f"{self.classes[start]} {span}")
                start = i
        text = ", ".join(parts)
        return f"switch: {text}" if self.switch else text


def _all(cls: str) -> tuple[str, ...]:
    return (cls,) * len(YEARS)


_SWITCH = (Z_PARALLEL,) * 3 + (Z_CONTESTED,) * 3
A, B, P, N, L = Z_A_ONLY, Z_B_ONLY, Z_PARALLEL, Z_INACTIVE, Z_LOW_DATA  # N: no activity
U, T, X = Z_UNDETERMINED, Z_PARTITIONED, Z_NO_DATA
C, K = Z_CONTESTED, Z_COOPERATIVE

# fmt: off
ZONES: list[Zone] = [
    # JNIM only: western / central Mali, Sourou (Burkina Faso)
    Zone("Z01", "Nara (synthetic)", "Mali", "Koulikoro", "Nara",
         ("Nara", "Guire", "Dilly", "Mourdiah"), -7.30, 15.20, 55, _all(A), 42),
    Zone("Z02", "Niono (synthetic)", "Mali", "Segou", "Niono",
         ("Niono", "Diabaly", "Dogofry", "Sokolo", "Nampala"), -6.00, 14.30, 48, _all(A), 55),
    Zone("Z03", "Macina (synthetic)", "Mali", "Segou", "Macina",
         ("Macina", "Kolongo", "Monimpebougou", "Souleye"), -4.90, 13.95, 45, _all(A), 50),
    Zone("Z04", "Lere (synthetic)", "Mali", "Tombouctou", "Niafunke",
         ("Lere", "Dianke", "Soumpi", "Fatakara"), -4.90, 15.70, 42, _all(A), 45),
    Zone("Z05", "Niafunke (synthetic)", "Mali", "Tombouctou", "Niafunke",
         ("Niafunke", "Sarafere", "Koumaira", "Banikane"), -4.00, 15.93, 42, _all(A), 45),
    Zone("Z06", "Tombouctou (synthetic)", "Mali", "Tombouctou", "Tombouctou",
         ("Timbuktu", "Kabara", "Ber", "Bintagoungou"), -3.00, 16.77, 45, _all(A), 45),
    Zone("Z07", "Sourou (synthetic)", "Burkina Faso", "Boucle du Mouhoun", "Sourou",
         ("Tougan", "Kassoum", "Lanfiera", "Di"), -3.07, 13.07, 45, _all(A), 48),
    # ISGS only: Menaka, Gao/Ansongo, Yagha, western Niger
    Zone("Z08", "Ménaka (synthetic)", "Mali", "Menaka", "Menaka",
         ("Menaka", "Intahaka", "Tinabaw", "Alata"), 2.40, 15.90, 45, _all(B), 34),
    Zone("Z09", "Ansongo (synthetic)", "Mali", "Gao", "Ansongo",
         ("Ansongo", "Ouatagouna", "Bourra", "Talataye"), 0.50, 15.66, 45, _all(B), 30),
    Zone("Z10", "Tillabéri (synthetic)", "Niger", "Tillaberi", "Tillaberi",
         ("Tillaberi", "Sinder", "Anzourou", "Ayorou"), 1.45, 14.20, 48, _all(B), 34),
    Zone("Z11", "Banibangou (synthetic)", "Niger", "Tillaberi", "Banibangou",
         ("Banibangou", "Chinegodar", "Adab-Dab"), 2.70, 15.05, 42, _all(B), 28),
    Zone("Z12", "Tillia (synthetic)", "Niger", "Tahoua", "Tillia",
         ("Tillia", "Tassara", "Intikane"), 4.80, 16.10, 55, _all(B), 28),
    Zone("Z13", "Yagha (synthetic)", "Burkina Faso", "Sahel", "Yagha",
         ("Sebba", "Solhan", "Mansila", "Titabe"), 0.52, 13.44, 45, _all(B), 32),
    # parallel in every year
    Zone("Z14", "Hombori (synthetic)", "Mali", "Mopti", "Douentza",
         ("Hombori", "Boni", "Gafiti", "Tindibena"), -1.70, 15.28, 45, _all(P), 50),
    Zone("Z15", "Sanmatenga (synthetic)", "Burkina Faso", "Centre-Nord", "Sanmatenga",
         ("Kaya", "Barsalogho", "Pissila", "Dablo"), -1.07, 13.10, 45, _all(P), 50),
    Zone("Z16", "Gourma BF (synthetic)", "Burkina Faso", "Est", "Gourma",
         ("Fada N'Gourma", "Matiacoali", "Diabo", "Tibga"), 0.35, 12.06, 50, _all(P), 48),
    Zone("Z17", "Tapoa (synthetic)", "Burkina Faso", "Est", "Tapoa",
         ("Diapaga", "Kantchari", "Tansarga", "Logobou"), 1.78, 12.07, 50, _all(P), 45),
    # switch zones: parallel 2017-2019, contested 2020-2022
    Zone("Z18", "Gourma (synthetic)", "Mali", "Tombouctou", "Gourma-Rharous",
         ("Gossi", "Inadiatafane", "Ndaki", "Gourma-Rharous"), -1.90, 16.20, 45, _SWITCH, 55,
         switch=True),
    Zone("Z19", "Douentza (synthetic)", "Mali", "Mopti", "Douentza",
         ("Douentza", "Dallah", "Kerena", "Tedie"), -2.95, 15.00, 45, _SWITCH, 55, switch=True),
    Zone("Z20", "Soum (synthetic)", "Burkina Faso", "Sahel", "Soum",
         ("Djibo", "Baraboule", "Pobe-Mengao", "Tongomayel", "Nassoumbou"), -1.40, 14.20, 45,
         _SWITCH, 60, switch=True),
    Zone("Z21", "Oudalan (synthetic)", "Burkina Faso", "Sahel", "Oudalan",
         ("Gorom-Gorom", "Markoye", "Tin-Akoff", "Deou", "Oursi"), -0.30, 14.60, 45, _SWITCH, 55,
         switch=True),
    Zone("Z22", "Mopti delta (synthetic)", "Mali", "Mopti", "Mopti",
         ("Dialloube", "Konna", "Sio", "Kouakourou"), -4.00, 14.75, 45, _SWITCH, 55,
         switch=True),
    # zones that change
    Zone("Z23", "Koro (synthetic)", "Mali", "Mopti", "Koro",
         ("Koro", "Dinangourou", "Dioungani", "Madougou"), -3.00, 14.07, 45,
         (L, A, A, A, A, A), 45),
    Zone("Z24", "Bourem (synthetic)", "Mali", "Gao", "Bourem",
         ("Bourem", "Temera", "Bamba", "Taboye"), -0.35, 16.95, 48, (A, A, P, P, P, P), 42),
    Zone("Z25", "Torodi (synthetic)", "Niger", "Tillaberi", "Torodi",
         ("Torodi", "Makalondi", "Tamou"), 1.80, 13.12, 45, (N, B, B, P, P, P), 40),
    # no activity at all
    Zone("Z26", "Kita (synthetic)", "Mali", "Kayes", "Kita",
         ("Kita",), -9.50, 13.05, 60, _all(N), 0),
    Zone("Z27", "Dosso (synthetic)", "Niger", "Dosso", "Dosso",
         ("Dosso",), 3.20, 13.05, 55, _all(N), 0),
    # 1-3 events of the two groups a year
    Zone("Z28", "Kidal (synthetic)", "Mali", "Kidal", "Kidal",
         ("Kidal", "Essouk", "Anefis"), 1.40, 18.45, 60, _all(L), 0),
    Zone("Z29", "Houet (synthetic)", "Burkina Faso", "Hauts-Bassins", "Houet",
         ("Bobo-Dioulasso", "Dande", "Satiri"), -4.30, 11.18, 50, _all(L), 0),
    # each group on its own half of the zone, no clash: partitioned
    Zone("Z30", "In-Tillit (synthetic)", "Mali", "Gao", "Gao",
         ("In-Tillit", "Doro", "Tin-Hama", "Intahaka"), -0.60, 15.55, 40, _all(T), 45,
         split=True),
    # both groups, no clash, but 8-14 events a year: a contest cannot be ruled out
    Zone("Z31", "Kolokani (synthetic)", "Mali", "Koulikoro", "Kolokani",
         ("Kolokani", "Nossombougou", "Didieni", "Massantola"), -8.30, 14.30, 40, _all(U), 0),
    # in Mauritania, which the export does not cover: no data
    Zone("Z32", "Nema (synthetic)", "Mauritania", "Hodh Ech Chargui", "Nema",
         ("Nema",), -7.26, 16.62, 45, _all(X), 0),
    # JNIM with a few ISGS events and many "JNIM and/or ISGS" ones: the class depends on
    # whom the ambiguous events are given to (class_stable = 0)
    Zone("Z33", "Solenzo (synthetic)", "Burkina Faso", "Boucle du Mouhoun", "Banwa",
         ("Solenzo", "Kouka", "Sami", "Tansila"), -4.20, 12.40, 40, _all(A), 40,
         minor_share=0.06, amb_share=0.3),
    # joint operations (both groups on one side, plain notes) in 2018-2019, then war: a
    # parallel year with "JNIM or ISGS" same-side events that must stay ambiguous, two
    # cooperative years, contested years (2020 with joint operations too)
    Zone("Z34", "Tarkint (synthetic)", "Mali", "Gao", "Bourem",
         ("Tarkint", "Almoustarat", "Inaggar", "Tabankort"), 0.60, 17.75, 40, (P, K, K, C, C, C),
         48),
]
# Joint operations planted per zone and year (the cooperative rule needs 2), and same-side
# events whose notes say "JNIM or ISGS" / "presumed": ambiguous, never joint (misread,
# Z34 2017 and Hombori Z14 in every year would turn cooperative).
JOINT_EVENTS = {"Z34": {2018: 6, 2019: 5, 2020: 2}}
UNCERTAIN_PAIRS = {"Z34": {2017: 3, 2018: 1}, "Z14": dict.fromkeys(YEARS, 2)}
# fmt: on


@dataclass(frozen=True)
class Hotspot:
    """A cluster of background events outside the zones."""

    lon: float
    lat: float
    sigma: float  # degrees
    country: str
    admin1: str
    admin2: str
    locations: tuple[str, ...]
    weight: float  # share of the background events
    p_a: float  # of the jihadist events there, share of JNIM (rest ISGS)


# fmt: off
HOTSPOTS: list[Hotspot] = [
    Hotspot(-5.40, 14.90, 0.30, "Mali", "Mopti", "Tenenkou", ("Tenenkou", "Dioura", "Toguere Coumbe"), 1.2, 1.0),
    Hotspot(-4.90, 13.20, 0.30, "Mali", "Segou", "San", ("San", "Tominian", "Sy"), 0.8, 1.0),
    Hotspot(-6.30, 13.40, 0.30, "Mali", "Segou", "Segou", ("Segou", "Markala", "Dioro"), 0.7, 1.0),
    Hotspot(-3.70, 14.25, 0.25, "Mali", "Mopti", "Bandiagara", ("Bandiagara", "Bankass", "Sangha"), 1.3, 0.95),
    Hotspot(-9.60, 15.20, 0.40, "Mali", "Kayes", "Nioro", ("Nioro du Sahel", "Dieme", "Troungoumbe"), 0.3, 1.0),
    Hotspot(-2.30, 17.20, 0.35, "Mali", "Tombouctou", "Gourma-Rharous", ("Ber", "Bambara Maounde"), 0.5, 0.9),
    Hotspot(0.05, 16.27, 0.20, "Mali", "Gao", "Gao", ("Gao", "Djebock", "Sossokoira"), 0.7, 0.5),
    Hotspot(1.00, 15.20, 0.25, "Mali", "Gao", "Ansongo", ("Tessit", "In-Delimane", "Tin-Hama"), 0.9, 0.3),
    Hotspot(3.30, 15.45, 0.30, "Mali", "Menaka", "Menaka", ("Inekar", "Anderamboukane", "Tidermene"), 0.8, 0.1),
    Hotspot(0.00, 13.90, 0.20, "Burkina Faso", "Sahel", "Seno", ("Dori", "Seytenga", "Bani"), 1.0, 0.4),
    Hotspot(-2.20, 13.70, 0.25, "Burkina Faso", "Nord", "Loroum", ("Titao", "Ouindigui", "Solle"), 1.0, 1.0),
    Hotspot(-1.55, 13.62, 0.15, "Burkina Faso", "Centre-Nord", "Bam", ("Bourzanga", "Kongoussi", "Zimtenga"), 0.6, 0.95),
    Hotspot(-3.90, 12.70, 0.30, "Burkina Faso", "Boucle du Mouhoun", "Kossi", ("Nouna", "Barani", "Djibasso"), 0.7, 1.0),
    Hotspot(0.50, 12.90, 0.25, "Burkina Faso", "Est", "Gnagna", ("Bogande", "Gayeri", "Manni"), 0.8, 0.6),
    Hotspot(0.75, 11.25, 0.25, "Burkina Faso", "Est", "Kompienga", ("Pama", "Kompienga", "Madjoari"), 0.6, 1.0),
    Hotspot(2.08, 14.32, 0.18, "Niger", "Tillaberi", "Ouallam", ("Ouallam", "Tondikiwindi", "Dingazi"), 0.9, 0.1),
    Hotspot(0.75, 14.00, 0.18, "Niger", "Tillaberi", "Tera", ("Tera", "Gorouol", "Diagourou"), 0.7, 0.3),
]
# fmt: on

# Yearly factor on the events of a zone (times Zone.base) and background events a year.
YEAR_FACTOR = {2017: 0.4, 2018: 0.58, 2019: 0.9, 2020: 0.92, 2021: 0.94, 2022: 1.0}
BACKGROUND_EVENTS = {2017: 170, 2018: 300, 2019: 440, 2020: 470, 2021: 480, 2022: 520}
MIN_ZONE_EVENTS = 18  # planted-class zone-years get at least this many (+0..5) group events
# Parallel and partitioned zone-years need enough clash-free events to rule out a 10 %
# clash share (29: the one-sided 95 % bound of 0 in 29 is 9.8 %); planted well above.
MIN_SHARED_EVENTS = 40
SHARE_OTHER = 0.10  # of the events in a zone-year, events with no jihadist actor
BG_MIX = {"a": 0.6, "b": 0.2, "amb": 0.04, "other": 0.16}  # background by kind
SHARE_REGION_CENTROID = 0.03  # background events located only to their region
# Mean fatalities per event, by kind, and a year factor (lethality grows to 2019).
FATALITY_MEAN = {"a": 2.3, "b": 3.8, "clash": 6.0, "joint": 5.0, "amb": 2.5, "other": 1.6}
FATALITY_YEAR = {2017: 0.8, 2018: 0.95, 2019: 1.05, 2020: 1.05, 2021: 1.05, 2022: 1.2}

KM_PER_DEG_LAT = 110.574


def _km_per_deg_lon(lat: float) -> float:
    return 111.320 * math.cos(math.radians(lat))


def zone_polygon(zone: Zone, n: int = 24) -> list[list[float]]:
    """Closed counter-clockwise ring (lon, lat) of a ``n``-gon of the zone's radius."""
    ring = []
    for k in range(n):
        t = 2 * math.pi * k / n
        lon = zone.lon + zone.radius_km * math.cos(t) / _km_per_deg_lon(zone.lat)
        lat = zone.lat + zone.radius_km * math.sin(t) / KM_PER_DEG_LAT
        ring.append([round(lon, 5), round(lat, 5)])
    ring.append(list(ring[0]))
    return ring


def zone_distance_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance in km (spherical Earth)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dlat = p2 - p1
    dlon = math.radians(lon2 - lon1)
    h = math.sin(dlat / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dlon / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def check_zones(zones: list[Zone] | None = None, gap_km: float = 10.0) -> None:
    """Raise ValueError if two zones overlap or come closer than ``gap_km``."""
    zones = ZONES if zones is None else zones
    for i, z1 in enumerate(zones):
        if len(z1.classes) != len(YEARS):
            raise ValueError(f"{z1.zone_id}: one class per year expected")
        for z2 in zones[i + 1 :]:
            dist = zone_distance_km(z1.lon, z1.lat, z2.lon, z2.lat)
            if dist < z1.radius_km + z2.radius_km + gap_km:
                raise ValueError(f"zones {z1.zone_id} and {z2.zone_id} overlap ({dist:.0f} km)")


def zones_geojson(zones: list[Zone] | None = None) -> dict:
    """The planted zones as a GeoJSON FeatureCollection (EPSG:4326)."""
    zones = ZONES if zones is None else zones
    features = [
        {
            "type": "Feature",
            "properties": {
                "zone_id": z.zone_id,
                "zone_name": z.name,
                "country": z.country,
                "planted": z.planted,
            },
            "geometry": {"type": "Polygon", "coordinates": [zone_polygon(z)]},
        }
        for z in zones
    ]
    return {
        "type": "FeatureCollection",
        "name": "synthetic_planted_zones",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}},
        "features": features,
    }


def labels_frame(zones: list[Zone] | None = None) -> pd.DataFrame:
    zones = ZONES if zones is None else zones
    rows = [(z.zone_id, y, c) for z in zones for y, c in zip(YEARS, z.classes)]
    return pd.DataFrame(rows, columns=LABEL_COLUMNS)


# --- Event generation ------------------------------------------------------------
def _points_in_zone(
    rng: np.random.Generator, zone: Zone, n: int, half: int = 0
) -> list[tuple[float, float]]:
    """``n`` points uniform in a disc of 0.88 x the zone radius (strictly inside the polygon);
    ``half`` -1 / +1: only in the western / eastern part, 0.15 x the radius off the centre."""
    r = 0.88 * zone.radius_km * np.sqrt(rng.random(n))
    t = 2 * np.pi * rng.random(n)
    dx = r * np.cos(t)
    if half:
        dx = half * (0.15 * zone.radius_km + 0.85 * np.abs(dx))
    lon = zone.lon + dx / _km_per_deg_lon(zone.lat)
    lat = zone.lat + r * np.sin(t) / KM_PER_DEG_LAT
    return [(round(float(x), 4), round(float(y), 4)) for x, y in zip(lon, lat)]


def _outside_zones(lon: float, lat: float, margin_km: float = 8.0) -> bool:
    for z in ZONES:
        dx = (lon - z.lon) * _km_per_deg_lon(z.lat)
        dy = (lat - z.lat) * KM_PER_DEG_LAT
        if math.hypot(dx, dy) < z.radius_km + margin_km:
            return False
    return True


def _year_range(year: int, country: str = "") -> tuple[dt.date, dt.date]:
    # JNIM exists from 2 March 2017: zone events of 2017 start that day.
    start = JNIM_FOUNDED if year == 2017 else dt.date(year, 1, 1)
    return start, min(dt.date(year, 12, 31), COVERED_UNTIL.get(country, dt.date(year, 12, 31)))


def _spread_dates(
    rng: np.random.Generator, year: int, counts: list[int], country: str = ""
) -> list[list[dt.date]]:
    """Dates for several groups of events sharing the same active months.

    The active months of the zone-year are drawn once; every group's events
    cycle through them, so the groups are active in (mostly) the same months.
    """
    start, end = _year_range(year, country)
    months = list(range(start.month, end.month + 1))
    total = sum(counts)
    n_active = int(min(len(months), max(5, total // 3)))
    active = sorted(rng.choice(months, size=n_active, replace=False).tolist())
    out = []
    for n in counts:
        order = rng.permutation(active).tolist()
        picked = [order[i % n_active] for i in range(n)]
        days = []
        for m in picked:
            first = dt.date(year, m, 1)
            if first < start:
                first = start
            last = (dt.date(year + 1, 1, 1) if m == 12 else dt.date(year, m + 1, 1)) - dt.timedelta(
                days=1
            )
            last = min(last, end)
            span = (last - first).days
            days.append(first + dt.timedelta(days=int(rng.integers(0, span + 1))))
        out.append(days)
    return out


def _fatalities(rng: np.random.Generator, kind: str, etype: tuple[str, str], year: int) -> int:
    mean = FATALITY_MEAN[kind] * FATALITY_YEAR[year]
    if etype == ET_LOOT:
        mean = 0.3
    elif etype == ET_IED:
        mean *= 0.6
    shape = 0.7
    return int(rng.negative_binomial(shape, shape / (shape + mean)))


def _group_event(rng: np.random.Generator, kind: str, day: dt.date, country: str) -> dict:
    """Actors and event type of an event of one group (kind "a", "b" or "amb")."""
    if kind == "a":
        weights = [0.30, 0.35, 0.22, 0.13]
    elif kind == "b":
        weights = [0.42, 0.36, 0.10, 0.12]
    else:
        weights = [0.50, 0.30, 0.20, 0.0]
    etype = [ET_VAC, ET_BATTLE, ET_IED, ET_LOOT][rng.choice(4, p=weights)]
    assoc1 = ""
    if kind == "a":
        actor1 = JNIM
        if day < JNIM_FOUNDED:  # before JNIM: only its future components
            actor1 = JNIM_COMPONENTS[int(rng.integers(len(JNIM_COMPONENTS)))]
        elif rng.random() < 0.2:
            actor1 = JNIM_COMPONENTS[int(rng.integers(len(JNIM_COMPONENTS)))]
            assoc1 = JNIM
    elif kind == "b":
        actor1 = isgs_name(day)
    else:
        actor1 = ambiguous_name(day)
    inter1 = INTER_REBEL
    assoc2 = ""
    if etype in (ET_VAC, ET_LOOT):
        actor2, inter2 = civilians(country), INTER_CIVILIANS
        if rng.random() < 0.15:
            assoc2 = CIVILIAN_ASSOC[country][int(rng.integers(len(CIVILIAN_ASSOC[country])))]
        if etype == ET_LOOT and rng.random() < 0.3:  # sole-actor event
            actor2, inter2, assoc2 = "", 0, ""
    else:
        u = rng.random()
        if country == "Mali" and u < 0.15:
            actor2, inter2 = MINUSMA, INTER_EXTERNAL
        elif u < 0.25:
            actor2, inter2 = FRANCE, INTER_EXTERNAL
        else:
            actor2, inter2 = MILITARY[country], INTER_STATE
        if etype == ET_IED and rng.random() < 0.25:
            actor2, inter2 = civilians(country), INTER_CIVILIANS
    event = {
        "event_type": etype[0],
        "sub_event_type": etype[1],
        "actor1": actor1,
        "assoc_actor_1": assoc1,
        "inter1": inter1,
        "actor2": actor2,
        "assoc_actor_2": assoc2,
        "inter2": inter2,
        "_etype": etype,
    }
    if etype == ET_BATTLE and rng.random() < 0.25:  # the state as actor1
        _swap(event)
    return event


def _swap(event: dict) -> None:
    event["actor1"], event["actor2"] = event["actor2"], event["actor1"]
    event["assoc_actor_1"], event["assoc_actor_2"] = event["assoc_actor_2"], event["assoc_actor_1"]
    event["inter1"], event["inter2"] = event["inter2"], event["inter1"]


def _clash_event(rng: np.random.Generator, day: dt.date) -> dict:
    event = {
        "event_type": ET_BATTLE[0],
        "sub_event_type": ET_BATTLE[1],
        "actor1": JNIM,
        "assoc_actor_1": "",
        "inter1": INTER_REBEL,
        "actor2": isgs_name(day),
        "assoc_actor_2": "",
        "inter2": INTER_REBEL,
        "_etype": ET_BATTLE,
    }
    if rng.random() < 0.5:  # the direction means nothing
        _swap(event)
    return event


def _pair_event(rng: np.random.Generator, day: dt.date, country: str, certain: bool) -> dict:
    """Both groups on one side, as ACLED codes a joint operation and an uncertain
    attribution alike: one group as actor1, the other as its associate actor (either
    way round; the state as actor1 in a quarter of battles). ``certain``: the notes say
    they acted together; else they say "JNIM or ISGS" (``_note``)."""
    etype = [ET_BATTLE, ET_VAC, ET_IED][rng.choice(3, p=[0.6, 0.25, 0.15])]
    pair = [JNIM, isgs_name(day)]
    if rng.random() < 0.5:
        pair.reverse()
    if etype == ET_VAC:
        actor2, inter2 = civilians(country), INTER_CIVILIANS
    else:
        actor2, inter2 = MILITARY[country], INTER_STATE
    event = {
        "event_type": etype[0],
        "sub_event_type": etype[1],
        "actor1": pair[0],
        "assoc_actor_1": pair[1],
        "inter1": INTER_REBEL,
        "actor2": actor2,
        "assoc_actor_2": "",
        "inter2": inter2,
        "_etype": etype,
        "_pair": "joint" if certain else "uncertain",
    }
    if etype == ET_BATTLE and rng.random() < 0.25:
        _swap(event)
    return event


def _other_event(rng: np.random.Generator, country: str) -> dict:
    u = rng.random()
    if u < 0.5:
        actor1, inter1 = MILITARY[country], INTER_STATE
        etype, actor2, inter2 = ET_VAC, civilians(country), INTER_CIVILIANS
    elif u < 0.85:
        actor1 = MILITIAS[country][int(rng.integers(len(MILITIAS[country])))]
        inter1 = INTER_MILITIA
        etype, actor2, inter2 = ET_VAC, civilians(country), INTER_CIVILIANS
    else:
        actor1 = MILITIAS[country][int(rng.integers(len(MILITIAS[country])))]
        inter1 = INTER_MILITIA
        etype, actor2, inter2 = ET_BATTLE, MILITARY[country], INTER_STATE
    assoc2 = ""
    if actor2.startswith("Civilians") and rng.random() < 0.3:
        assoc2 = CIVILIAN_ASSOC[country][int(rng.integers(len(CIVILIAN_ASSOC[country])))]
    return {
        "event_type": etype[0],
        "sub_event_type": etype[1],
        "actor1": actor1,
        "assoc_actor_1": "",
        "inter1": inter1,
        "actor2": actor2,
        "assoc_actor_2": assoc2,
        "inter2": inter2,
        "_etype": etype,
    }


_VERBS = {
    ET_VAC: "attacked civilians",
    ET_BATTLE: "clashed with",
    ET_IED: "an IED struck",
    ET_LOOT: "looted and burned property",
}


def _short(actor: str) -> str:
    if not actor:
        return "unidentified assailants"
    if " and/or " in actor:
        return "JNIM and/or IS militants (unclear)"
    return actor.split(":")[0].split(" (")[0]


_PAIR_VERBS = {
    ET_BATTLE: "attacked a position of the",
    ET_VAC: "attacked",
    ET_IED: "planted an IED that hit the",
}


def _note(rng: np.random.Generator, ev: dict, day: dt.date, place: str, admin2: str) -> str:
    etype = ev["_etype"]
    who, other = _short(ev["actor1"]), _short(ev["actor2"])
    date_text = format_acled_date(day)
    pair = ev.get("_pair")
    if pair:  # both groups on one side
        target = _short(ev["actor2"] if ev["inter1"] == INTER_REBEL else ev["actor1"])
        verb = _PAIR_VERBS[etype]
        if pair == "joint":
            text = (
                f"On {date_text}, JNIM and ISGS militants jointly {verb} {target} near "
                f"{place} ({admin2}), fighting side by side."
            )
        elif rng.random() < 0.5:
            text = f"On {date_text}, JNIM or ISGS militants {verb} {target} near {place}."
        else:
            text = f"On {date_text}, presumed ISGS militants {verb} {target} near {place}."
        return "SYNTHETIC: " + text
    if etype == ET_BATTLE:
        text = f"On {date_text}, {who} clashed with {other} near {place} ({admin2})."
    elif etype == ET_IED:
        text = f"On {date_text}, an IED attributed to {who} hit {other} near {place}."
    elif etype == ET_LOOT:
        text = f"On {date_text}, {who} looted shops, burned granaries near {place}."
    else:
        text = f"On {date_text}, {who} attacked civilians in {place} ({admin2})."
    u = rng.random()
    if u < 0.08:
        text += ' Attackers were described as "armed men on motorbikes".'
    elif u < 0.10:
        text += "\nFigures could not be confirmed, sources differ."
    return "SYNTHETIC: " + text


class _Builder:
    """Collects events; turns them into the ACLED table."""

    def __init__(self, rng: np.random.Generator):
        self.rng = rng
        self.rows: list[dict] = []

    def add(
        self,
        ev: dict,
        kind: str,
        day: dt.date,
        lonlat: tuple[float, float],
        country: str,
        admin1: str,
        admin2: str,
        locations: tuple[str, ...],
        geo_precision: int = 0,
    ) -> None:
        rng = self.rng
        place = locations[int(rng.integers(len(locations)))]
        ev = dict(ev)
        ev["fatalities"] = _fatalities(rng, kind, ev["_etype"], day.year)
        ev["notes"] = _note(rng, ev, day, place, admin2)
        ev.pop("_etype")
        ev.pop("_pair", None)
        u = rng.random()
        style = "iso" if u < 0.05 else ("dashed" if u < 0.07 else "acled")
        codes = sorted([ev["inter1"], ev["inter2"]])
        interaction = codes[1] * 10 if codes[0] == 0 else codes[0] * 10 + codes[1]
        tp = rng.random()
        gp = rng.random()
        lag = int(rng.integers(5, 60))
        upload = calendar.timegm(day.timetuple()) + lag * 86400 + int(rng.integers(0, 86400))
        ev.update(
            {
                "_day": day,
                "event_date": format_acled_date(day, style),
                "year": day.year,
                "time_precision": 1 if tp < 0.88 else (2 if tp < 0.98 else 3),
                "interaction": interaction,
                "region": "Western Africa",
                "country": country,
                "admin1": admin1,
                "admin2": admin2,
                "admin3": place if country != "Niger" else "",
                "location": place,
                "longitude": lonlat[0],
                "latitude": lonlat[1],
                "geo_precision": geo_precision if geo_precision else (1 if gp < 0.8 else 2),
                "source": "Synthetic generator",
                "source_scale": "Synthetic",
                "timestamp": upload,
            }
        )
        self.rows.append(ev)

    def frame(self) -> pd.DataFrame:
        df = pd.DataFrame(self.rows)
        # Sort by date (ties in a random but fixed order), then number as ACLED does.
        df["_tie"] = self.rng.permutation(len(df))
        df = df.sort_values(["_day", "_tie"], kind="mergesort").reset_index(drop=True)
        prefix = df["country"].map(lambda c: COUNTRIES[c][0])
        number = df.groupby("country").cumcount() + 1001
        df["iso"] = df["country"].map(lambda c: COUNTRIES[c][1]).astype(int)
        df["iso3"] = df["country"].map(lambda c: COUNTRIES[c][2])
        df["event_id_no_cnty"] = number.astype(int)
        df["event_id_cnty"] = prefix + number.astype(str)
        df["data_id"] = np.arange(len(df), dtype=np.int64) + 7_100_001
        for col in ("inter1", "inter2", "interaction", "fatalities", "year", "timestamp"):
            df[col] = df[col].astype(np.int64)
        return df[ACLED_COLUMNS].copy()


def _zone_year(b: _Builder, zone: Zone, year: int, cls: str) -> None:
    rng = b.rng
    if cls in (Z_INACTIVE, Z_NO_DATA):
        return
    if cls == Z_LOW_DATA:
        n = int(rng.integers(1, 4))
        kinds = ["a" if rng.random() < 0.6 else "b" for _ in range(n)]
        (days,) = _spread_dates(rng, year, [n], zone.country)
        pts = _points_in_zone(rng, zone, n)
        for kind, day, pt in zip(kinds, days, pts):
            ev = _group_event(rng, kind, day, zone.country)
            b.add(ev, kind, day, pt, zone.country, zone.admin1, zone.admin2, zone.locations)
        return
    noise = float(rng.lognormal(0.0, 0.12))
    floor = MIN_ZONE_EVENTS + int(rng.integers(0, 6))
    if cls in (Z_PARALLEL, Z_PARTITIONED, Z_COOPERATIVE):
        floor = MIN_SHARED_EVENTS + int(rng.integers(0, 6))
    n = max(floor, round(zone.base * YEAR_FACTOR[year] * noise))
    n_clash = 0
    if cls == Z_UNDETERMINED:  # few events: 0 clashes in 8-14 leaves 19-31 % possible
        n = int(rng.integers(8, 15))
    if cls == Z_A_ONLY:
        n_b = max(1, int(n * zone.minor_share)) if zone.minor_share else 0
        n_a = n - n_b
    elif cls == Z_B_ONLY:
        n_a, n_b = 0, n
    elif cls in (Z_PARALLEL, Z_PARTITIONED, Z_UNDETERMINED, Z_COOPERATIVE):
        n_b = round(n * rng.uniform(0.35, 0.5))
        n_a = n - n_b
    else:  # contested
        if year < FIRST_CLASH_DAY.year:
            raise ValueError("no clash may be planted before 2020")
        n_clash = max(4, round(n * rng.uniform(0.12, 0.22)))
        rest = n - n_clash
        n_b = round(rest * rng.uniform(0.35, 0.5))
        n_a = rest - n_b
    n_amb = int(rng.binomial(n, zone.amb_share))
    n_other = int(rng.binomial(n, SHARE_OTHER))
    counts = [n_a, n_b, n_clash, n_amb, n_other]
    day_lists = _spread_dates(rng, year, counts, zone.country)
    if zone.split:  # A west, B east; the rest anywhere
        pts = (
            _points_in_zone(rng, zone, n_a, half=-1)
            + _points_in_zone(rng, zone, n_b, half=1)
            + _points_in_zone(rng, zone, sum(counts) - n_a - n_b)
        )
    else:
        pts = _points_in_zone(rng, zone, sum(counts))
    k = 0
    for kind, days in zip(["a", "b", "clash", "amb", "other"], day_lists):
        for day in days:
            if kind == "clash":
                ev = _clash_event(rng, day)
            elif kind == "other":
                ev = _other_event(rng, zone.country)
            else:
                ev = _group_event(rng, kind, day, zone.country)
            b.add(ev, kind, day, pts[k], zone.country, zone.admin1, zone.admin2, zone.locations)
            k += 1
    _same_side_year(b, zone, year)


def _same_side_year(b: _Builder, zone: Zone, year: int) -> None:
    """The zone-year's planted joint operations and its "JNIM or ISGS" same-side events."""
    rng = b.rng
    n_joint = JOINT_EVENTS.get(zone.zone_id, {}).get(year, 0)
    n_pairs = UNCERTAIN_PAIRS.get(zone.zone_id, {}).get(year, 0)
    if not n_joint + n_pairs:
        return
    days_joint, days_pairs = _spread_dates(rng, year, [n_joint, n_pairs], zone.country)
    pts = _points_in_zone(rng, zone, n_joint + n_pairs)
    where = (zone.country, zone.admin1, zone.admin2, zone.locations)
    for day, pt in zip(days_joint, pts[:n_joint]):
        b.add(_pair_event(rng, day, zone.country, certain=True), "joint", day, pt, *where)
    for day, pt in zip(days_pairs, pts[n_joint:]):
        b.add(_pair_event(rng, day, zone.country, certain=False), "amb", day, pt, *where)


def _background_year(b: _Builder, year: int) -> None:
    rng = b.rng
    weights = np.array([h.weight for h in HOTSPOTS])
    weights = weights / weights.sum()
    kinds = list(BG_MIX)
    p_kind = np.array([BG_MIX[k] for k in kinds])
    n = BACKGROUND_EVENTS[year]
    for _ in range(n):
        h = HOTSPOTS[int(rng.choice(len(HOTSPOTS), p=weights))]
        start, end = dt.date(year, 1, 1), _year_range(year, h.country)[1]
        span = (end - start).days
        # A few events are placed only to their region (geo_precision 3): at its centre.
        centroid = rng.random() < SHARE_REGION_CENTROID
        while True:
            lon = round(float(h.lon + (0.0 if centroid else rng.normal(0, h.sigma))), 4)
            lat = round(float(h.lat + (0.0 if centroid else rng.normal(0, h.sigma))), 4)
            if _outside_zones(lon, lat):
                break
            centroid = False  # a centre inside a zone: an ordinary event instead
        kind = kinds[int(rng.choice(len(kinds), p=p_kind))]
        if kind in ("a", "b"):
            kind = "a" if rng.random() < h.p_a else "b"
        day = start + dt.timedelta(days=int(rng.integers(0, span + 1)))
        if kind == "other":
            ev = _other_event(rng, h.country)
        else:
            if kind == "amb" and day < JNIM_FOUNDED:
                kind = "a"
            ev = _group_event(rng, kind, day, h.country)
        b.add(
            ev, kind, day, (lon, lat), h.country, h.admin1, h.admin2, h.locations,
            geo_precision=3 if centroid else 0,
        )  # fmt: skip


def generate_sample(
    seed: int = DEFAULT_SEED,
) -> tuple[pd.DataFrame, dict, pd.DataFrame]:
    """The SYNTHETIC sample: (ACLED events table, zones GeoJSON dict, planted labels).

    Deterministic: the same seed gives identical outputs.
    """
    check_zones()
    rng = np.random.default_rng(seed)
    b = _Builder(rng)
    for year in YEARS:
        for zone in ZONES:
            _zone_year(b, zone, year, zone.classes[YEARS.index(year)])
        _background_year(b, year)
    return b.frame(), zones_geojson(), labels_frame()


def actor_based(events: pd.DataFrame) -> pd.DataFrame:
    """The export in ACLED's actor-based layout: one row per side of each event (the
    second side's actor, associate actor and inter code in actor1, assoc_actor_1 and
    inter1), an event's rows next to each other, every row its own ``data_id``."""
    first = events.copy()
    second = events[events["actor2"] != ""].copy()
    second["actor1"] = second["actor2"]
    second["assoc_actor_1"] = second["assoc_actor_2"]
    second["inter1"] = second["inter2"]
    first["_side"], second["_side"] = 0, 1
    rows = pd.concat([first, second]).rename_axis("_event").reset_index()
    rows = rows.sort_values(["_event", "_side"], kind="mergesort").reset_index(drop=True)
    rows["data_id"] = np.arange(len(rows), dtype=np.int64) + 8_100_001
    return rows[ACTOR_BASED_COLUMNS].copy()


# --- Writing -------------------------------------------------------------------
def events_csv_text(events: pd.DataFrame, columns: list[str] | None = None) -> str:
    """The events as CSV text (comma separated, minimal quoting, ``\\n`` line ends)."""
    columns = columns or ACLED_COLUMNS
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(columns)
    for row in events[columns].itertuples(index=False):
        out = []
        for col, value in zip(columns, row):
            if col in ("latitude", "longitude"):
                out.append(f"{value:.4f}")
            else:
                out.append(str(value))
        writer.writerow(out)
    return buf.getvalue()


def zones_geojson_text(zones: dict) -> str:
    return json.dumps(zones, ensure_ascii=False, indent=1) + "\n"


def labels_csv_text(labels: pd.DataFrame) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(LABEL_COLUMNS)
    for row in labels[LABEL_COLUMNS].itertuples(index=False):
        writer.writerow([str(v) for v in row])
    return buf.getvalue()


def write_sample(out_dir: str | Path | None = None, seed: int = DEFAULT_SEED) -> dict[str, Path]:
    """Write the three sample files into ``out_dir`` (default: data/sample/).

    Returns {"csv": path, "zones": path, "labels": path}.
    """
    out = Path(out_dir) if out_dir else SAMPLE_CSV.parent
    out.mkdir(parents=True, exist_ok=True)
    events, zones, labels = generate_sample(seed)
    paths = {
        "csv": out / SAMPLE_CSV.name,
        "zones": out / SAMPLE_ZONES.name,
        "labels": out / SAMPLE_LABELS.name,
    }
    texts = {
        "csv": events_csv_text(events),
        "zones": zones_geojson_text(zones),
        "labels": labels_csv_text(labels),
    }
    for key, path in paths.items():
        path.write_bytes(texts[key].encode("utf-8"))
    return paths


def write_actor_based(path: str | Path, seed: int = DEFAULT_SEED) -> Path:
    """The sample's events in ACLED's actor-based layout (``actor_based``), as a CSV."""
    path = Path(path)
    events, _zones, _labels = generate_sample(seed)
    frame = actor_based(events)
    path.write_bytes(events_csv_text(frame, ACTOR_BASED_COLUMNS).encode("utf-8"))
    return path
