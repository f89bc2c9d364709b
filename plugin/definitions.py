"""Names shared by the core, the QGIS glue and the GUI: spelled once, here.

No Qt and no QGIS imports: the core imports this module too.
"""

from pathlib import Path


def N_(text: str) -> str:
    """Mark ``text`` for translation where Qt may not be imported; it is translated where
    it is shown (``i18n.tr(variable)``). scripts/i18n.py extracts it."""
    return text


def _same(text: str) -> str:
    return text


PLUGIN_NAME = "Sahel Overlap"
PLUGIN_FOLDER = "sahel_overlap"
PROVIDER_ID = "saheloverlap"
PROVIDER_NAME = "Sahel Overlap"

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
RESOURCES_DIR = ROOT / "resources"
UI_DIR = ROOT / "ui"
PRESETS_FILE = DATA_DIR / "actor_presets.csv"
# Words and phrases that, in an event's notes, express doubt about who acted: a same-side
# event whose notes hold one stays ambiguous rather than joint (core.joint).
UNCERTAINTY_FILE = DATA_DIR / "uncertainty_patterns.csv"
SAMPLE_CSV = DATA_DIR / "sample" / "synthetic_acled_sahel.csv"
SAMPLE_ZONES = DATA_DIR / "sample" / "synthetic_planted_zones.geojson"
SAMPLE_LABELS = DATA_DIR / "sample" / "synthetic_planted_labels.csv"
SYNTHETIC_LABEL = "SYNTHETIC sample data (generated, not real events)"

# --- Standard incident schema -------------------------------------------------
# Field names are at most 10 characters so a shapefile export keeps them.
F_EVENT_ID = "event_id"
F_DATE = "event_date"  # start date (a real date, not text)
F_DATE_END = "date_end"  # equals event_date for ACLED; GED events can span days
F_GROUP = "actor_grp"  # display name: group name, "A vs B", "ambiguous", "other"
F_SIDE = "side"  # one of SIDES below
F_CLASH = "clash"  # 1 when the event is a fight between the preset's two groups
F_ACTOR1 = "actor1"
F_ASSOC1 = "assoc1"
F_ACTOR2 = "actor2"
F_ASSOC2 = "assoc2"
F_EVENT_TYPE = "event_type"
F_SUB_TYPE = "sub_type"
F_FATALITIES = "fatalities"
F_COUNTRY = "country"
F_ADMIN1 = "admin1"
F_ADMIN2 = "admin2"
F_LOCATION = "location"
F_GEO_PREC = "geo_prec"
F_TIME_PREC = "time_prec"
F_SOURCE = "source_ds"
F_LAT = "latitude"
F_LON = "longitude"
# ACLED's "timestamp": the event's last change upstream (Unix seconds; empty for other
# sources). saheloverlap:fetchacled asks ACLED only for events changed since the newest.
F_ACLED_TS = "acled_ts"
# Geodesic km from the point to its stated country's outline (0 inside; null where the
# country is blank, unknown to the outlines, or the row SYNTHETIC).
F_COUNTRY_KM = "country_km"
# Not in the output schema (long text): read by the loaders to tell joint operations from
# uncertain attributions, shown in the import's review table; a mapped table may name it.
F_NOTES = "notes"

# (name, kind) in output order; kind is one of str, int, float, date.
INCIDENT_FIELDS = [
    (F_EVENT_ID, "str"),
    (F_DATE, "date"),
    (F_DATE_END, "date"),
    (F_GROUP, "str"),
    (F_SIDE, "str"),
    (F_CLASH, "int"),
    (F_ACTOR1, "str"),
    (F_ASSOC1, "str"),
    (F_ACTOR2, "str"),
    (F_ASSOC2, "str"),
    (F_EVENT_TYPE, "str"),
    (F_SUB_TYPE, "str"),
    (F_FATALITIES, "int"),
    (F_COUNTRY, "str"),
    (F_ADMIN1, "str"),
    (F_ADMIN2, "str"),
    (F_LOCATION, "str"),
    (F_GEO_PREC, "int"),
    (F_TIME_PREC, "int"),
    (F_SOURCE, "str"),
    (F_LAT, "float"),
    (F_LON, "float"),
    (F_ACLED_TS, "int"),
    (F_COUNTRY_KM, "float"),
]
INCIDENT_FIELD_NAMES = [name for name, _ in INCIDENT_FIELDS]
# What the scorer and the heatmap cannot work without.
REQUIRED_FOR_ANALYSIS = [F_EVENT_ID, F_DATE, F_SIDE, F_GROUP, F_CLASH, F_FATALITIES]

# Values of F_SIDE. Clashes are activity of both groups; ambiguous ("A and/or B")
# attributions are kept but never counted for either group. Joint: both groups named on
# the same side as distinct actors, and notes that express no doubt about who acted
# (a joint operation; activity of both groups, never a clash; core.joint).
SIDE_A = "a"
SIDE_B = "b"
SIDE_CLASH = "clash"
SIDE_JOINT = "joint"
SIDE_AMBIGUOUS = "ambiguous"
SIDE_OTHER = "other"
SIDES = [SIDE_A, SIDE_B, SIDE_CLASH, SIDE_JOINT, SIDE_AMBIGUOUS, SIDE_OTHER]

SOURCE_ACLED = "ACLED"
SOURCE_UCDP = "UCDP GED"
SOURCE_MAPPED = "mapped"
# The bundled generated sample says so in every row it yields.
SOURCE_SYNTHETIC = "SYNTHETIC sample (ACLED format)"

# --- Zone classes -------------------------------------------------------------
# In order of precedence (core.scoring.class_rules applies them in this order; the
# first that holds decides).
Z_NO_DATA = "no_data"
Z_INACTIVE = "inactive"
Z_UNATTRIBUTED = "unattributed"  # events of the groups, all "A and/or B" (ambiguous)
Z_CONTESTED = "contested"
Z_SKIRMISH = "skirmish"  # MIN_CLASHES clashes or more, a share under the contested line
Z_COOPERATIVE = "cooperative"
Z_LOW_DATA = "low_data"
Z_A_ONLY = "a_only"
Z_B_ONLY = "b_only"
Z_UNDETERMINED = "undetermined"
Z_PARTITIONED = "partitioned"
Z_PARALLEL = "parallel"
ZONE_CLASSES = [
    Z_NO_DATA,
    Z_INACTIVE,
    Z_UNATTRIBUTED,
    Z_CONTESTED,
    Z_SKIRMISH,
    Z_COOPERATIVE,
    Z_LOW_DATA,
    Z_A_ONLY,
    Z_B_ONLY,
    Z_UNDETERMINED,
    Z_PARTITIONED,
    Z_PARALLEL,
]
# Classes that rest on an absence (of events, of a group, of enough events): claimed only
# where the source covers at least MIN_COVERAGE of the zone-window, else no_data. The
# others rest on events seen and stand at any coverage.
ABSENCE_CLASSES = [Z_INACTIVE, Z_UNATTRIBUTED, Z_LOW_DATA, Z_A_ONLY, Z_B_ONLY, Z_UNDETERMINED]


# Label templates: {a} and {b} are the groups' names.
ZONE_LABELS = {
    Z_NO_DATA: N_("No data (source covers too little)"),
    Z_INACTIVE: N_("No attributed activity"),
    Z_UNATTRIBUTED: N_("Only uncertain attributions"),
    Z_A_ONLY: N_("{a} only"),
    Z_B_ONLY: N_("{b} only"),
    Z_UNDETERMINED: N_("Both present, undetermined"),
    Z_PARTITIONED: N_("Partitioned (each on its own ground)"),
    Z_PARALLEL: N_("Parallel operation"),
    Z_CONTESTED: N_("Contested operation"),
    Z_SKIRMISH: N_("Occasional clashes"),
    Z_COOPERATIVE: N_("Cooperation (joint operations)"),
    Z_LOW_DATA: N_("Too few events"),
}


def zone_label(zone_class: str, name_a: str, name_b: str, translate=_same) -> str:
    """Readable label of a zone class with the groups' names (``translate``: i18n.tr to
    have it in the user's language)."""
    return translate(ZONE_LABELS[zone_class]).format(a=name_a, b=name_b)


# --- Time windows (enum order is part of the public algorithm contract) -----
WINDOW_WHOLE = "whole"
WINDOW_YEAR = "year"
WINDOW_QUARTER = "quarter"
WINDOW_MONTH = "month"
WINDOWS = [WINDOW_WHOLE, WINDOW_YEAR, WINDOW_QUARTER, WINDOW_MONTH]

# --- Colours (hex) --------------------------------------------------------------
COLOUR_A = "#d7191c"  # JNIM red
COLOUR_B = "#2b83ba"  # ISGS blue
COLOUR_CLASH = "#7b3294"  # purple star for fights between them
COLOUR_JOINT = "#01665e"  # dark teal triangle for their joint operations
COLOUR_AMBIGUOUS = "#969696"
ZONE_COLOURS = {
    # Chosen so that every pair of classes stays apart on screen, for deuteranopes and
    # protanopes, and on a greyscale print, with the fill patterns of
    # render.print_style.ZONE_PATTERNS (tests/test_zone_colours.py: CIEDE2000 thresholds).
    Z_NO_DATA: "#ffffff",  # not looked at: drawn as a grey hatch without fill
    Z_INACTIVE: "#c0c0c0",
    Z_CONTESTED: "#6a2383",
    Z_COOPERATIVE: "#2b7871",  # teal: apart from every other class in colour and in grey
    Z_LOW_DATA: "#bababa",
    Z_A_ONLY: "#c38468",
    Z_B_ONLY: "#6a91a3",
    Z_UNDETERMINED: "#f0dfbd",
    Z_PARTITIONED: "#90ba5e",
    Z_PARALLEL: "#efd27c",
    Z_SKIRMISH: "#b06a8c",
    Z_UNATTRIBUTED: "#d3d1db",
}
# Zones whose class changes when the ambiguous ("A and/or B") events are given to
# either group (class_stable = 0) are hatched in this colour, with this legend entry.
COLOUR_UNSTABLE = "#404040"
UNSTABLE_LABEL = N_("Hatched: class rests on ambiguous events")

DEFAULT_PRESET = "JNIM vs ISGS (Sahel)"

# --- Metadata in output files (io.metadata; JSON documents, see docs/methodology.md) ---
META_IMPORT = "SAHEL_OVERLAP_IMPORT"  # imported incidents: coverage per country, preset, input
META_PROVENANCE = "SAHEL_OVERLAP_PROVENANCE"  # scored zones: how they were made

# --- Space-time interaction classes (saheloverlap:interaction) -----------------
I_ATTRACTION = "attraction"
I_AVOIDANCE = "avoidance"
I_NONE = "none"
I_LOW_DATA = "low_data"
INTERACTION_CLASSES = [I_ATTRACTION, I_AVOIDANCE, I_NONE, I_LOW_DATA]
INTERACTION_COLOURS = {
    I_ATTRACTION: "#d95f02",
    I_AVOIDANCE: "#1b9e77",
    I_NONE: "#f0f0f0",
    I_LOW_DATA: "#bdbdbd",
}


INTERACTION_LABELS = {
    I_ATTRACTION: N_("{a} and {b} close in space and time more than chance"),
    I_AVOIDANCE: N_("{a} and {b} close in space and time less than chance"),
    I_NONE: N_("No space-time interaction shown"),
    I_LOW_DATA: N_("Cannot tell (too few events or close pairs expected)"),
}


def interaction_label(cls: str, name_a: str, name_b: str, translate=_same) -> str:
    """Readable label of an interaction class with the groups' names (``translate``: as
    in zone_label)."""
    return translate(INTERACTION_LABELS[cls]).format(a=name_a, b=name_b)
