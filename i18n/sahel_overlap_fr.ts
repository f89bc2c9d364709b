<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
    <context>
        <name>HeatmapPanel</name>
        <message>
            <source> km</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>0 = the groups are never in the same places; 1 = identical spatial pattern</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Bandwidth</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Cell size of the surface</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Cells</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Gaussian kernel standard deviation</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Keep an "Overlap heatmap" layer in the project, recomputed for the window the map shows</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Method</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Overlap heatmap</source>
            <translation>Carte de chaleur des chevauchements</translation>
        </message>
        <message>
            <source>Overlap index: –</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Show on the map</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Weight</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>SahelOverlap</name>
        <message>
            <source>({share} drawn)</source>
            <translation>({share} retenus)</translation>
        </message>
        <message>
            <source>; pooled in zones at {km} km / {days} days: {ratio}× (p = {p})</source>
            <translation> ; regroupé sur les zones à {km} km / {days} jours : {ratio}× (p = {p})</translation>
        </message>
        <message>
            <source>ACLED API address</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>ACLED account (authentication configuration; else ACLED_USERNAME/ACLED_PASSWORD)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Actor preset (group A vs group B)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Admin regions (Natural Earth)</source>
            <translation>Régions administratives (Natural Earth)</translation>
        </message>
        <message>
            <source>Alias table (CSV; default: the plugin's)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>All files written (';')</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>All incidents ({a}, {b}, others)</source>
            <translation>Tous les incidents ({a}, {b}, autres)</translation>
        </message>
        <message>
            <source>Also write the theatre-relative co-location (colocation, lclq_*, clq_*_global; about 45 % false positives)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Ambiguous {a}/{b} attribution</source>
            <translation>Attribution ambiguë {a}/{b}</translation>
        </message>
        <message>
            <source>Analysis</source>
            <translation>Analyse</translation>
        </message>
        <message>
            <source>Asking ACLED</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Bandwidth (km, Gaussian standard deviation)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Base map (Natural Earth)</source>
            <translation>Fond de carte (Natural Earth)</translation>
        </message>
        <message>
            <source>Both present, undetermined</source>
            <translation>Indéterminé</translation>
        </message>
        <message>
            <source>Cannot tell (too few events or close pairs expected)</source>
            <translation>Impossible de conclure (trop peu d'événements ou de paires proches attendues)</translation>
        </message>
        <message>
            <source>Cell size (km)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Checking rows</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Checking the output</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Clash share at which contested_score reaches 1 (contested from half)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Class decided by ambiguous attributions</source>
            <translation>Classe décidée par des attributions ambiguës</translation>
        </message>
        <message>
            <source>Close in space: at most this many km apart</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Close in time: at most this many days apart</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Co-location quotient + clash share, Sahel Overlap</source>
            <translation>quotient de co-localisation + part des affrontements, Sahel Overlap</translation>
        </message>
        <message>
            <source>Colour: the ratio alone. Outlined, with *: p &lt; 0.05 (two-sided, dates permuted within each group); other cells are within chance, whatever their colour. Red: more pairs than chance. p is per cell (16 cells per window: about one in 20 null cells is marked by chance).</source>
            <translation>Couleur : le rapport seul. Encadrées, avec * : p &lt; 0.05 (bilatéral, dates permutées au sein de chaque groupe) ; les autres cellules restent dans les limites du hasard, quelle que soit leur couleur. Rouge : plus de paires que le hasard. p est calculée par cellule (16 cellules par période : environ une cellule nulle sur 20 est marquée par hasard).</translation>
        </message>
        <message>
            <source>Confirm deletions (a replace scope may delete more than it writes)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Contested operation</source>
            <translation>Zone disputée (affrontements)</translation>
        </message>
        <message>
            <source>Cooperation (joint operations)</source>
            <translation>Coopération (opérations conjointes)</translation>
        </message>
        <message>
            <source>Count affiliated groups (e.g. Katiba Macina as JNIM)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Countries (ACLED names, comma separated)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Countries (Natural Earth)</source>
            <translation>Pays (Natural Earth)</translation>
        </message>
        <message>
            <source>Countries the source covers, comma-separated (optional)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Data source</source>
            <translation>Source des données</translation>
        </message>
        <message>
            <source>Data: ACLED (Armed Conflict Location &amp; Event Data Project), acleddata.com</source>
            <translation>Données : ACLED (Armed Conflict Location &amp; Event Data Project), acleddata.com</translation>
        </message>
        <message>
            <source>Data: UCDP Georeferenced Event Dataset (GED), ucdp.uu.se</source>
            <translation>Données : UCDP Georeferenced Event Dataset (GED), ucdp.uu.se</translation>
        </message>
        <message>
            <source>Data: source not recorded in the layers</source>
            <translation>Données : source non indiquée dans les couches</translation>
        </message>
        <message>
            <source>Data: user-supplied incident table</source>
            <translation>Données : table d'incidents fournie par l'utilisateur</translation>
        </message>
        <message>
            <source>Data: {source}</source>
            <translation>Données : {source}</translation>
        </message>
        <message>
            <source>Does one group's violence follow the other's, nearby, within days? A two-group Knox test per zone and time window.

Per zone (your polygons, or hexagons of the fixed equal-area grid) and window: the number of (A, B) pairs of events within DISTANCE_KM and DAYS of each other (knox_pairs), its expectation when the dates are permuted within each group among that group's own events of the zone-window (knox_expected: each group keeps its places and its calendar), their ratio, a two-sided Monte Carlo p-value (knox_p; PERMUTATIONS and SEED make it reproducible) with its Monte Carlo standard error (knox_p_se) and the permutations it got (knox_perms), a z-score from the exact permutation variance (knox_z) and Benjamini-Hochberg q-values across the zones of the window (knox_q). Zones whose decision the first PERMUTATIONS leave unsettled (a p at or near the floor for the number of zones tested) get more, doubling, up to MAX_PERMUTATIONS; clearly null zones stop at the first pass. Direction: among the close pairs on different days, the share in which B's event comes after A's (b_after_a), its expectation and its own test (b_after_a_p).

Classes (interaction): attraction / avoidance (knox_q &lt; 0.05, more / fewer close pairs than chance), none (not significant, though significance was within reach), low_data (fewer than MIN_EVENTS events of a group, no pair within DISTANCE_KM, every pair within it, under 3 close pairs expected and nothing significant: even no close pair at all would not have shown avoidance, or a zone that could not be significant alone among the zones tested even with MAX_PERMUTATIONS or at its most extreme count; knox_note says which).

Pooled answer per window: the close pairs summed over the tested zones, dates permuted within each zone and group; ratio, p and z in the log, the output's metadata and the Knox chart's panel titles.

Zones must be several times wider than DISTANCE_KM: the test compares pairs close in space with the zone's other pairs, so in a zone no wider than the distance the two calendars alone fix the count. Hence 100 km hexagons by default, not the 25 km of scorezones: give both the same ZONES to compare them zone by zone.

Left out: clashes between the groups, their joint operations (both contact, not sequence: one event of both groups is no pair of events) and ambiguous attributions (uncertainty), and events whose day is not known (ACLED time_precision 2-3, GED date_prec 2+) unless KEEP_IMPRECISE_DATES.

Second output: the global Knox table of each window (distance bands 5/10/25/50 km x time bands 3/7/14/30 days: pairs, expected, ratio, p; dates permuted within each group over the whole window, GLOBAL_PERMUTATIONS), as a table and a heat-map chart (PNG and SVG; cells with p &lt; 0.05 outlined). The output's metadata and the PROVENANCE output record how it was made. Fields and limits: docs/methodology.md.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Draws the scored zones (output of 'Score zones') and the incidents on the plugin's landscape A4 layout: zone classes with the groups' names in the legend (a pattern keeps each class apart on a greyscale print), zone names when the zones have a name field, group A's incidents red, group B's blue, clashes between them as dark stars, countries and admin regions from QGIS's Natural Earth map, scale bar, north arrow, locator inset, a chart of all groups' events per month, the data source with its attribution, the method, how the zones were scored (when their metadata says) and the export date. Every text is at least 7 pt at print size.

One page per time window: each page's map shows only the zones and the incidents of its window. Unchecked, a single page shows the most recent window; score with the 'whole period' window for one map of everything. Whichever of the plugin's per-group layers you pick as INCIDENTS, the map and its chart show all groups.

PDF: one file, one page per window, vector maps and chart, selectable text, title, subject and data source in its properties. PNG and SVG: one file per window, named &lt;output&gt;_&lt;window&gt;&lt;extension&gt;, the window being 2019 (a year), 2019-Q1 (a quarter), 2019-03 (a month) or 20170302-20221231 (any other range); OUTPUT is then the first file and FILES lists them all, separated by ';'. SVG pages are converted from the PDF with poppler's pdftocairo (Debian/Ubuntu: poppler-utils), because QGIS 3.22's own SVG export leaves the maps unclipped; without it the algorithm says so and writes nothing.

The inputs are only read (never opened for writing). Names from the data (groups, zones, sources) are printed as they are, never evaluated as QGIS expressions.

INTERACTION (optional): the output of 'Space-time interaction between the two groups', run with the same windows; zone-windows it classed attraction (solid) or avoidance (dashed) are outlined over the zone classes, with a legend entry.

To edit the map before exporting, use the plugin menu's 'Export overlap map…', which opens the same layout in the layout designer.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Events per month</source>
            <translation>Événements par mois</translation>
        </message>
        <message>
            <source>Events per request (page size)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Export overlap map (PDF, PNG, SVG)</source>
            <translation>Exporter la carte des chevauchements</translation>
        </message>
        <message>
            <source>Exported {date}</source>
            <translation>Exporté le {date}</translation>
        </message>
        <message>
            <source>Fetch incidents from ACLED (API, incremental update)</source>
            <translation>Récupérer les incidents d'ACLED (API, mise à jour incrémentale)</translation>
        </message>
        <message>
            <source>Fetches events from ACLED's API (an ACLED account with API access) and writes them into an incident store (GeoPackage or PostGIS) exactly as 'Import incidents' writes an ACLED export: the same actor preset, clashes, joint operations, ambiguous attributions, coverage and review table.

Countries: ACLED's country names, comma separated (Mali, Burkina Faso, Niger). Start and end: the event dates to ask for (end: today when empty).

Updating: when the output already holds ACLED events (a GeoPackage table or a PostGIS table), only events changed since its newest ACLED timestamp are asked for; they replace their stored version (matched by event id), and events ACLED has deleted since then are removed. Nothing else in the file or table is touched. The log and the store's metadata say when it was synced and how many events were added, updated, deleted and left unchanged.

Credentials: an authentication configuration (Basic: your ACLED e-mail and password), or the environment variables ACLED_USERNAME and ACLED_PASSWORD (qgis_process). The password is sent only to ACLED's token endpoint and is never written to the output, the log or the project. Requests go through QGIS's network settings (proxy, SSL). Busy answers (429) and server errors are tried again after a pause; a refused login or an account without API access stop the run, and nothing is written when a run fails or is canceled.

ACLED's terms apply to the data: name ACLED (acleddata.com) on every map and do not redistribute the events.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Fewest clashes for a contested zone</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Fewest events of each group to test a zone (else low_data)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Fewest events to classify a zone (else low_data)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>First {n} windows not shown.</source>
            <translation>Les {n} premières périodes ne sont pas affichées.</translation>
        </message>
        <message>
            <source>Flag rows farther than this outside their stated country (km)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Format</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>GDAL cannot read the projection {crs}</source>
            <translation>GDAL ne sait pas lire la projection {crs}</translation>
        </message>
        <message>
            <source>GDAL could not write {path}: {why}</source>
            <translation>GDAL n'a pas pu écrire {path} : {why}</translation>
        </message>
        <message>
            <source>GDAL has no {driver} driver</source>
            <translation>GDAL n'a pas de pilote {driver}</translation>
        </message>
        <message>
            <source>Global Knox chart (PNG)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Global Knox chart (SVG)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Global Knox table</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Group A</source>
            <translation>Groupe A</translation>
        </message>
        <message>
            <source>Group B</source>
            <translation>Groupe B</translation>
        </message>
        <message>
            <source>Hatched: class rests on ambiguous events</source>
            <translation>Hachuré : la classe repose sur des événements ambigus</translation>
        </message>
        <message>
            <source>Hexagon size when no zones are given (km between centres)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Hexagons when no zones are given</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Import incidents (ACLED, UCDP GED or mapped)</source>
            <translation>Importer des incidents (ACLED, UCDP GED ou autre)</translation>
        </message>
        <message>
            <source>Incident file (CSV export) or point layer</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Incident store</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Incidents</source>
            <translation>Incidents</translation>
        </message>
        <message>
            <source>Incidents (standard schema)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Keep events of other actors</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Keep events whose day is not known (ACLED time_precision 2-3)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Kernel densities</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Kernel density surfaces of the two groups' activity in a time window and the surface where they overlap, computed in an equal-area (Albers) projection fitted to the incidents.

Input: incidents in the plugin's standard schema (run 'Import incidents' first). A group's activity is its own events plus the clashes between the two groups and their joint operations; ambiguous attributions are left out. Events lasting several days count in every window they overlap. Start and end are optional (inclusive dates).

Gaussian kernel, bandwidth = its standard deviation in km (cut at 4 bandwidths). Weight: each event counts 1, or its number of fatalities.

Output: a GeoTIFF with 3 bands in the equal-area projection: 1 the overlap surface (shared probability per km²; it sums, times the cell area, to the overlap index), 2 and 3 the densities of group A and B (events or fatalities per km²). The grid covers all events of the layer (padded by 4 bandwidths) whatever the window, so rasters of different windows line up cell for cell.

Method: min(pA, pB) gives the overlap coefficient (0 = never in the same places, 1 = identical spatial pattern); sqrt(pA·pB) the Bhattacharyya coefficient. OVERLAP_INDEX returns that figure for use in models.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Layout</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Least coverage (area share × day share) to claim an absence (inactive, unattributed, low_data, one group only, undetermined)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Leave events located only to a region (geo_precision 3) out of the co-location tests</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Locator (Natural Earth)</source>
            <translation>Carte de situation (Natural Earth)</translation>
        </message>
        <message>
            <source>Map file</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Maps</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Method: {method} {version}</source>
            <translation>Méthode : {method} {version}</translation>
        </message>
        <message>
            <source>Most permutations a zone gets when its decision is not settled</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Most time windows scored (more is usually a wrong date)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Most time windows tested (more is usually a wrong date)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No attributed activity</source>
            <translation>Aucune activité attribuée</translation>
        </message>
        <message>
            <source>No data (source covers too little)</source>
            <translation>Pas de données</translation>
        </message>
        <message>
            <source>No space-time interaction shown</source>
            <translation>Aucune interaction spatio-temporelle démontrée</translation>
        </message>
        <message>
            <source>Occasional clashes</source>
            <translation>Affrontements occasionnels</translation>
        </message>
        <message>
            <source>One page per time window</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Only uncertain attributions</source>
            <translation>Attributions incertaines seulement</translation>
        </message>
        <message>
            <source>Other actors</source>
            <translation>Autres acteurs</translation>
        </message>
        <message>
            <source>Overlap</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Overlap heatmap</source>
            <translation>Carte de chaleur des chevauchements</translation>
        </message>
        <message>
            <source>Overlap heatmap (kernel density of both groups)</source>
            <translation>Carte de chaleur des chevauchements</translation>
        </message>
        <message>
            <source>Overlap measure</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Overrides of the joint / ambiguous reading (CSV: event_id, override)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>PDF page {page} of {pages}</source>
            <translation>Page PDF {page} sur {pages}</translation>
        </message>
        <message>
            <source>Page {page} of {pages}: {window}</source>
            <translation>Page {page} sur {pages} : {window}</translation>
        </message>
        <message>
            <source>Pages (time windows)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Parallel operation</source>
            <translation>Opérations parallèles</translation>
        </message>
        <message>
            <source>Parallel: both {a} and {b} active in a zone, few or no fights between them. Contested: both active and clashing. Cooperation: joint operations (both named on one side, no doubt in the notes). Incidents shown are those of the window; ambiguous attributions are left out.</source>
            <translation>Parallèles : {a} et {b} tous deux actifs dans une zone, peu ou pas d'affrontements entre eux. Disputée : tous deux actifs et s'affrontant. Coopération : opérations conjointes (tous deux nommés du même côté, aucun doute dans les notes). Les incidents affichés sont ceux de la période ; les attributions ambiguës sont écartées.</translation>
        </message>
        <message>
            <source>Partitioned (each on its own ground)</source>
            <translation>Territoires séparés</translation>
        </message>
        <message>
            <source>Permutations for the global table</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Permutations for the per-zone test</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Permutations for the significance test</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Pooled (panel titles): the per-zone test's close pairs summed over the zones, dates permuted within each zone and group.</source>
            <translation>Regroupé (titres des graphiques) : les paires proches du test par zone, additionnées sur les zones, dates permutées au sein de chaque zone et de chaque groupe.</translation>
        </message>
        <message>
            <source>Preparing the layers</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Preset name (a preset of your alias table; overrides 'Actor preset')</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Provenance (JSON, as in metadata)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>QGIS cannot open {path}</source>
            <translation>QGIS ne peut pas ouvrir {path}</translation>
        </message>
        <message>
            <source>Random seed</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Reading incidents</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Reading the input</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Reads an ACLED export (dyadic or actor-based), a UCDP GED CSV or any table or point layer with mapped fields, and writes one point per event in the plugin's standard incident schema (EPSG:4326).

Actors are matched to the preset's two groups with the editable alias table (data/actor_presets.csv, or your own in 'Alias table': the preset is then the one named in 'Preset name', else the chosen 'Actor preset' if the table has it, else the table's only preset). Each event gets a side: a, b, clash (the two groups fight each other), joint (a joint operation: see below), ambiguous ('A and/or B' attributions, never counted for either group) or other.

Both groups named on the same side (actor and associate actor; in UCDP GED both in one side's actor list) is a joint operation only when the event's notes express no doubt about who acted: notes holding a word of the uncertainty table (data/uncertainty_patterns.csv or your own: 'or', 'presumed', 'suspected', 'ou', 'présumés', ...) leave it ambiguous, as do an 'and/or' name or a group on both sides. The log says how many were read each way and why. 'Review table' writes these events (place, date, actors, notes, reading, reason) as a CSV; fill in its 'override' column (joint, ambiguous or clash) and give it back as 'Overrides' to correct the reading; its hash goes into the provenance.

ACLED's actor-based layout repeats an event once per actor: rows sharing event_id_cnty are merged into one event, and a row for each group under one id is a clash. UCDP GED: a non-state (type 2) event between the groups is a clash.

A group named only as associate of a third party (the army, a militia, civilians) makes no clash and no joint operation: the event is the other group's own, listed in the review table with the reason; an override 'clash' restores the clash.

Every row with valid coordinates is kept. Field country_km holds the geodesic distance (WGS84 ellipsoid) from the point to its stated country's outline (Natural Earth; 0 inside, empty where not checked); rows more than 'COUNTRY_KM' (default 10 km) out are counted in the log and listed in the review table. UCDP GED's country is the state at the time of the event: compared where Natural Earth has an outline of that name, said so where not.

Rows that cannot be used (date not understood, coordinates missing, out of range or swapped, text not UTF-8, duplicate ids, lines with the wrong number of fields) are skipped and counted by reason in the log. The input file is never modified.

Into a PostGIS table that already holds events, an import adds the new events and updates changed ones by (source, event id); it deletes nothing, so a filtered export (some actors, a sample) never removes what it does not hold. 'Replace scope' (REPLACE_SCOPE, e.g. 'Burkina Faso;Mali 2019-01-01/2022-12-31') says the export is complete for those countries and days, every actor and event type: the source's events there that it does not hold are deleted, the log says how many, and an import that would delete more events than it holds there is refused unless 'Confirm deletions' (CONFIRM_DELETE) is set.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Replace a table of the same name when adding to an existing GeoPackage</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Replace scope (PostGIS: the export is complete for 'Country;Country FIRST/LAST'; the source's events there it does not hold are deleted)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Resolution (dpi)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Review table of the events to check (CSV)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Review table of the same-side events fetched (CSV)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>SVG export needs poppler's pdftocairo (Debian/Ubuntu: apt install poppler-utils), because QGIS 3.22's own SVG export draws the maps unclipped over the whole page. Export a PDF instead: Inkscape and Illustrator open it as vector drawings.</source>
            <translation>L'export SVG nécessite pdftocairo de poppler (Debian/Ubuntu : apt install poppler-utils), car l'export SVG de QGIS 3.22 dessine les cartes sans les découper, sur toute la page. Exportez plutôt un PDF : Inkscape et Illustrator l'ouvrent comme dessin vectoriel.</translation>
        </message>
        <message>
            <source>SVG layer error</source>
            <translation>erreur de couche SVG</translation>
        </message>
        <message>
            <source>SYNTHETIC</source>
            <translation>SYNTHÉTIQUE</translation>
        </message>
        <message>
            <source>SYNTHETIC sample data — not real events (generated in the ACLED format by Sahel Overlap)</source>
            <translation>Données d'exemple SYNTHÉTIQUES, non réelles (générées au format ACLED par Sahel Overlap)</translation>
        </message>
        <message>
            <source>Sahel Overlap map</source>
            <translation>Carte Sahel Overlap</translation>
        </message>
        <message>
            <source>Score zones: parallel vs contested operation</source>
            <translation>Évaluer les zones : opérations parallèles ou disputées</translation>
        </message>
        <message>
            <source>Scored zones</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Scores each zone (your polygons, or hexagons of a fixed equal-area grid) and each time window: does the source cover it, do the two groups of the incidents layer share ground, and where they do, do they fight?

Without ZONES the zones are adaptive (ZONING): each place gets the finest cell of a fixed hierarchy, hexagons of CELL_SIZE_KM grouped about 4, 16 or 64 at a time (2, 4, 8 times the size), that its events can classify: a cell is split unless that would put more than 10 % of its events in low_data zone-windows. The zones are chosen once for the run, so each is the same in every window; zone_id names the same ground in every run, zone_hexagons lists its hexagons. ZONING 'plain' (or CELL_SIZE_KM given in a script without ZONING) gives plain hexagons of CELL_SIZE_KM.

Classes, first rule that holds: no_data (the source does not cover the zone-window and it holds no event); inactive; unattributed (at least MIN_EVENTS events of the groups, all of them 'A and/or B'; fewer: low_data); contested (at least MIN_CLASHES clashes and a clash share of at least CLASH_SHARE/2, whatever the other events); skirmish (at least MIN_CLASHES clashes, a share under that line: clash evidence is never hidden); cooperative (at least 2 joint operations of the groups); low_data (fewer than MIN_EVENTS events); a_only / b_only (one group alone, or the other below MIN_SHARE, and no clash); undetermined (both present but too few events to rule out a clash share of CLASH_SHARE: the 95 % upper bound of its Clopper-Pearson interval is at or above it; or one clash with a minority group under MIN_SHARE; or own events of both in fewer than 2 common months); partitioned (the within-zone test finds both groups apart, p_wab and p_wba &lt; 0.05, also with each group's place counted once and, with at least 5 precise events of each group, on precise events); parallel (both present with own events in at least 2 common months). Classes resting on an absence (inactive, unattributed, low_data, a_only, b_only, undetermined) need coverage of at least MIN_COVERAGE, else no_data; the others rest on events seen and stand at any coverage. class_reason says why in words, with the clashes and the coverage.

Robust to stacked points: places_a/b (distinct coordinates of each group's own events), p_wab/wba_places (the within-zone test with each group's place counted once), p_wab/wba_precise (on geo_precision 1 events only; empty with fewer than 5 of each group); both run on the zone-windows partitioned on events (the only ones whose class they decide), empty elsewhere.

Per zone and window also: counts and fatalities per group (a clash or a joint operation counts for both, once among the distinct events; events_joint, fatal_joint), clash share with its 90 % interval (clash_share_lo/hi), the within-zone co-location quotients (wclq_ab/ba: neighbours and expected mix taken inside the zone) with permutation p-values (p_wab/wba) and Benjamini-Hochberg q-values across the window's zones (q_wab/wba); with THEATRE_CLQ only, the theatre-relative quotients (lclq_ab/ba, colocation, clq_ab/ba_global and the CLQ_AB/BA outputs: the zone's mix against the whole dataset; about 45 % false positives under a within-zone shuffle, docs/methodology.md); coverage (share of the zone-window the source covers: from the import's metadata, or COVERAGE_START/END and COVERAGE_COUNTRIES); the class with the ambiguous events counted for A or for B (class_if_ambiguous_a/b, class_stable); the zone's previous class and transition.

Clashes and joint operations are left out of the co-location tests, and joint operations stay joint in class_if_ambiguous_a/b. Events located only to a region (geo_precision 3) are left out of the co-location tests unless GEO_PRECISION is off. Events outside every zone are counted (EVENTS_OUTSIDE). The output's metadata records the plugin version, every parameter, the preset table's and the input's hashes, the coverage and the hexagon grid (PROVENANCE). INCIDENTS must be in the plugin's incident schema (output of 'Import incidents'). Formulas and thresholds: docs/methodology.md.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Scoring: {provenance}</source>
            <translation>Évaluation : {provenance}</translation>
        </message>
        <message>
            <source>Smallest share of the minority group for 'both present'</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Source covers from (optional; default: the import's record)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Source covers until (optional)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Source to score when the incidents mix sources (a source_ds value)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Space-time interaction (Knox test)</source>
            <translation>Interaction spatio-temporelle (test de Knox)</translation>
        </message>
        <message>
            <source>Space-time interaction (optional; output of 'Space-time interaction')</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Space-time interaction between the two groups</source>
            <translation>Interaction spatio-temporelle entre les deux groupes</translation>
        </message>
        <message>
            <source>Space-time interaction by zone</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Sync time (UTC)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Time windows</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Title (default: '&lt;A&gt; and &lt;B&gt; in the Sahel: …')</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Too few events</source>
            <translation>Trop peu d'événements</translation>
        </message>
        <message>
            <source>Two-group Knox test, {a} × {b}: observed / expected close pairs</source>
            <translation>Test de Knox à deux groupes, {a} × {b} : paires proches observées / attendues</translation>
        </message>
        <message>
            <source>Uncertainty patterns (CSV; default: the plugin's)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Updating the store</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Weight</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Writing incidents</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Writing the raster</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Zone class</source>
            <translation>Classe de zone</translation>
        </message>
        <message>
            <source>Zones (optional; hexagons when empty)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Zones of parallel and contested operation of {a} and {b}, {span} ({pages} page(s), one per time window). {source}.</source>
            <translation>Zones d'opérations parallèles et disputées : {a} et {b}, {span} ({pages} page(s), une par période). {source}.</translation>
        </message>
        <message>
            <source>Zones scored per time window, with the window's incidents · {span}</source>
            <translation>Zones évaluées par période, avec les incidents de la période · {span}</translation>
        </message>
        <message>
            <source>bandwidth and cell size must be positive numbers of km</source>
            <translation>la largeur de bande et la taille de cellule doivent être des nombres de km positifs</translation>
        </message>
        <message>
            <source>canceled</source>
            <translation>annulé</translation>
        </message>
        <message>
            <source>cannot open QGIS's base map {path}</source>
            <translation>impossible d'ouvrir le fond de carte de QGIS {path}</translation>
        </message>
        <message>
            <source>cannot open the incidents layer</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>cannot open the scored zones layer</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>cannot open {source} again</source>
            <translation>impossible de rouvrir {source}</translation>
        </message>
        <message>
            <source>cannot write in {folder}: {why}</source>
            <translation>impossible d'écrire dans {folder} : {why}</translation>
        </message>
        <message>
            <source>cannot write the file</source>
            <translation>impossible d'écrire le fichier</translation>
        </message>
        <message>
            <source>cannot write {path}: {why}</source>
            <translation>impossible d'écrire {path} : {why}</translation>
        </message>
        <message>
            <source>clashes</source>
            <translation>affrontements</translation>
        </message>
        <message>
            <source>days apart</source>
            <translation>jours d'écart</translation>
        </message>
        <message>
            <source>exporting {path} failed: {why}</source>
            <translation>l'export de {path} a échoué : {why}</translation>
        </message>
        <message>
            <source>incidents</source>
            <translation>incidents</translation>
        </message>
        <message>
            <source>it cannot be read: {why}</source>
            <translation>il ne peut pas être lu : {why}</translation>
        </message>
        <message>
            <source>it does not load as an image</source>
            <translation>il ne s'ouvre pas comme une image</translation>
        </message>
        <message>
            <source>it is empty</source>
            <translation>il est vide</translation>
        </message>
        <message>
            <source>it is not a whole SVG document: {why}</source>
            <translation>ce n'est pas un document SVG complet : {why}</translation>
        </message>
        <message>
            <source>its end (%%EOF) is missing</source>
            <translation>sa fin (%%EOF) manque</translation>
        </message>
        <message>
            <source>joint operations</source>
            <translation>opérations conjointes</translation>
        </message>
        <message>
            <source>km apart</source>
            <translation>km d'écart</translation>
        </message>
        <message>
            <source>method must be one of {values}</source>
            <translation>la méthode doit être l'une de {values}</translation>
        </message>
        <message>
            <source>no events of {a}, {b} or their clashes in the layer</source>
            <translation>aucun événement des groupes {a} et {b} ni de leurs affrontements dans la couche</translation>
        </message>
        <message>
            <source>no file was written</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>no incidents</source>
            <translation>aucun incident</translation>
        </message>
        <message>
            <source>not recorded</source>
            <translation>non indiquée</translation>
        </message>
        <message>
            <source>out of memory (lower the dpi)</source>
            <translation>mémoire insuffisante (baissez la résolution en dpi)</translation>
        </message>
        <message>
            <source>out of memory (try a lower resolution)</source>
            <translation>mémoire insuffisante (essayez une résolution plus basse)</translation>
        </message>
        <message>
            <source>pooled {km} km/{days} d: {ratio}×{star} p={p}</source>
            <translation>regroupé {km} km/{days} j : {ratio}×{star} p={p}</translation>
        </message>
        <message>
            <source>printing failed</source>
            <translation>l'impression a échoué</translation>
        </message>
        <message>
            <source>shared probability per 1,000 km²</source>
            <translation>probabilité partagée pour 1 000 km²</translation>
        </message>
        <message>
            <source>the export was canceled; nothing was written</source>
            <translation>l'export a été annulé ; rien n'a été écrit</translation>
        </message>
        <message>
            <source>the heatmap was canceled; nothing was written</source>
            <translation>la carte de chaleur a été annulée ; rien n'a été écrit</translation>
        </message>
        <message>
            <source>the incidents layer is missing or invalid</source>
            <translation>la couche des incidents manque ou n'est pas valide</translation>
        </message>
        <message>
            <source>the interaction layer has no field 'interaction': use the output of 'Space-time interaction between the two groups'</source>
            <translation>la couche d'interaction n'a pas de champ 'interaction' : utilisez la sortie de « Interaction spatio-temporelle entre les deux groupes »</translation>
        </message>
        <message>
            <source>the zones layer has no features with a window_start date</source>
            <translation>la couche des zones n'a aucune entité avec une date window_start</translation>
        </message>
        <message>
            <source>the zones layer has no field 'zone_class': use the output of 'Score zones'</source>
            <translation>la couche des zones n'a pas de champ 'zone_class' : utilisez la sortie de « Évaluer les zones : opérations parallèles ou disputées »</translation>
        </message>
        <message>
            <source>the zones layer has no field {field}: use the output of 'Score zones' (saheloverlap:scorezones)</source>
            <translation>la couche des zones n'a pas de champ {field} : utilisez la sortie de « Évaluer les zones : opérations parallèles ou disputées » (saheloverlap:scorezones)</translation>
        </message>
        <message>
            <source>the zones layer is missing or invalid</source>
            <translation>la couche des zones manque ou n'est pas valide</translation>
        </message>
        <message>
            <source>unknown format {format}; use one of {formats}</source>
            <translation>format inconnu {format} ; utilisez l'un de {formats}</translation>
        </message>
        <message>
            <source>weight must be one of {values}</source>
            <translation>la pondération doit être l'une de {values}</translation>
        </message>
        <message>
            <source>zone classes</source>
            <translation>classes de zones</translation>
        </message>
        <message>
            <source>{a} + {b} joint operations</source>
            <translation>Opérations conjointes {a} + {b}</translation>
        </message>
        <message>
            <source>{a} / {b} events</source>
            <translation>{a} / {b} événements</translation>
        </message>
        <message>
            <source>{a} and {b} close in space and time less than chance</source>
            <translation>{a} et {b} moins proches dans l'espace et le temps que le hasard ne le voudrait</translation>
        </message>
        <message>
            <source>{a} and {b} close in space and time more than chance</source>
            <translation>{a} et {b} plus proches dans l'espace et le temps que le hasard ne le voudrait</translation>
        </message>
        <message>
            <source>{a} and {b} in the Sahel: parallel or contested operation?</source>
            <translation>{a} et {b} au Sahel : opérations parallèles ou disputées ?</translation>
        </message>
        <message>
            <source>{a} only</source>
            <translation>{a} seul</translation>
        </message>
        <message>
            <source>{a} vs {b} clashes</source>
            <translation>Affrontements {a} contre {b}</translation>
        </message>
        <message>
            <source>{b} only</source>
            <translation>{b} seul</translation>
        </message>
        <message>
            <source>{group} incidents</source>
            <translation>Incidents {group}</translation>
        </message>
        <message>
            <source>{name} was not written completely (is the disk full?)</source>
            <translation>{name} n'a pas été écrit en entier (le disque est-il plein ?)</translation>
        </message>
        <message>
            <source>{name} was not written completely ({why}; the disk may be full): nothing was kept</source>
            <translation>{name} n'a pas été écrit en entier ({why} ; le disque est peut-être plein) : rien n'a été conservé</translation>
        </message>
        <message>
            <source>{source}. Base map: Natural Earth.</source>
            <translation>{source}. Fond de carte : Natural Earth.</translation>
        </message>
        <message>
            <source>{value} or more</source>
            <translation>{value} ou plus</translation>
        </message>
        <message>
            <source>{year} Q{quarter}</source>
            <translation>T{quarter} {year}</translation>
        </message>
    </context>
    <context>
        <name>TimeSliderPanel</name>
        <message>
            <source> d</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source> fps</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Animation…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Build the report map of scored zones and incidents and open it in the layout designer</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Checked layers set the dates of the windows and the chart; any point layer with a date field can be added.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Cumulative</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Date field</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Export the animation (PNG frames and a GIF)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>First window</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>How far each step moves the window</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>How much time the map shows at once</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Last window</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Layers and date fields</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Look for layers again</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Loop: start again after the last window</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Next window</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No incident layer</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Overlap map…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Play</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Playback speed (frames per second)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Previous window</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Show everything from the first event up to the window's end</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Step</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Time slider</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Window</source>
            <translation type="unfinished" />
        </message>
    </context>
</TS>
