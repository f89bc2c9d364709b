<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
    <context>
        <name>HeatmapPanel</name>
        <message>
            <source> km</source>
            <translation> km</translation>
        </message>
        <message>
            <source>0 = the groups are never in the same places; 1 = identical spatial pattern</source>
            <translation>0 = les groupes ne sont jamais aux mêmes endroits ; 1 = répartition spatiale identique</translation>
        </message>
        <message>
            <source>Bandwidth</source>
            <translation>Largeur</translation>
        </message>
        <message>
            <source>Cell size of the surface</source>
            <translation>Taille des cellules de la surface</translation>
        </message>
        <message>
            <source>Cells</source>
            <translation>Cellules</translation>
        </message>
        <message>
            <source>Gaussian kernel standard deviation</source>
            <translation>Largeur de bande : écart type du noyau gaussien</translation>
        </message>
        <message>
            <source>Keep an "Overlap heatmap" layer in the project, recomputed for the window the map shows</source>
            <translation>Garder dans le projet une couche "Carte de chaleur des chevauchements", recalculée pour la période affichée par la carte</translation>
        </message>
        <message>
            <source>Method</source>
            <translation>Méthode</translation>
        </message>
        <message>
            <source>Overlap heatmap</source>
            <translation>Carte de chaleur des chevauchements</translation>
        </message>
        <message>
            <source>Overlap index: –</source>
            <translation>Indice de chevauchement : –</translation>
        </message>
        <message>
            <source>Show on the map</source>
            <translation>Afficher sur la carte</translation>
        </message>
        <message>
            <source>Weight</source>
            <translation>Poids</translation>
        </message>
    </context>
    <context>
        <name>SahelOverlap</name>
        <message>
            <source> (not kept)</source>
            <translation> (non conservés)</translation>
        </message>
        <message>
            <source>; GIF: {path}</source>
            <translation> ; GIF : {path}</translation>
        </message>
        <message>
            <source>; no GIF (Pillow is not installed)</source>
            <translation> ; pas de GIF (Pillow n'est pas installé)</translation>
        </message>
        <message>
            <source>; {n} rows skipped (see the log)</source>
            <translation> ; {n} lignes ignorées (voir le journal)</translation>
        </message>
        <message>
            <source>&lt;A&gt; and &lt;B&gt; in the Sahel: parallel or contested operation?</source>
            <translation>&lt;A&gt; et &lt;B&gt; au Sahel : opérations parallèles ou disputées ?</translation>
        </message>
        <message>
            <source>&lt;b&gt;{window}&lt;/b&gt;: overlap index ({method}) &lt;b&gt;{index}&lt;/b&gt;</source>
            <translation>&lt;b&gt;{window}&lt;/b&gt; : chevauchement ({method}) &lt;b&gt;{index}&lt;/b&gt;</translation>
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
            <source>Actor preset:</source>
            <translation>Préréglage d'acteurs :</translation>
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
            <source>Also write the theatre-relative co-location (colocation, lclq_*, clq_*_global; about 45 % false positives)</source>
            <translation type="unfinished" />
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
            <source>Both present, undetermined</source>
            <translation>Indéterminé</translation>
        </message>
        <message>
            <source>CSV exports (*.csv *.tsv *.txt);;All files (*)</source>
            <translation>Exports CSV (*.csv *.tsv *.txt);;Tous les fichiers (*)</translation>
        </message>
        <message>
            <source>Cannot read the incidents: {error}</source>
            <translation>Impossible de lire les incidents : {error}</translation>
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
            <source>Clashes and joint operations count for both groups; {weight}, bandwidth {bandwidth} km, cells {cell} km</source>
            <translation>Les affrontements et les opérations conjointes comptent pour les deux groupes ; {weight}, largeur de bande {bandwidth} km, cellules {cell} km</translation>
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
            <source>Computing {window}…</source>
            <translation>Calcul de {window}…</translation>
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
            <source>Could not load incidents: {error}</source>
            <translation>Impossible de charger les incidents : {error}</translation>
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
            <source>Countries the source covers, comma-separated (optional)</source>
            <translation type="unfinished" />
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
            <source>Events per request (page size)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Export overlap map (PDF, PNG, SVG)</source>
            <translation>Exporter la carte des chevauchements</translation>
        </message>
        <message>
            <source>Export overlap map…</source>
            <translation>Exporter la carte des chevauchements…</translation>
        </message>
        <message>
            <source>Export the animation to a folder</source>
            <translation>Exporter l'animation dans un dossier</translation>
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
            <source>Flag rows farther than this outside their stated country (km)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Format</source>
            <translation type="unfinished" />
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
            <source>Hatched: class rests on ambiguous events</source>
            <translation>Hachuré : la classe repose sur des événements ambigus</translation>
        </message>
        <message>
            <source>Heatmap failed: {error}</source>
            <translation>Échec de la carte de chaleur : {error}</translation>
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
            <source>Load incidents (ACLED or UCDP GED export)</source>
            <translation>Charger des incidents (export ACLED ou UCDP GED)</translation>
        </message>
        <message>
            <source>Load incidents…</source>
            <translation>Charger des incidents…</translation>
        </message>
        <message>
            <source>Loaded {a}: {n_a}, {b}: {n_b}, clashes between them: {clash}, joint operations: {joint}, ambiguous (never counted): {ambiguous}, other actors: {other}</source>
            <translation>Chargés : {a} {n_a}, {b} {n_b}, affrontements entre eux {clash}, opérations conjointes {joint}, ambigus (jamais comptés) {ambiguous}, autres acteurs {other}</translation>
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
            <source>No incident layer with events of the two groups.</source>
            <translation>Aucune couche d'incidents avec des événements des deux groupes.</translation>
        </message>
        <message>
            <source>No layer of this project was fetched from ACLED: run 'Fetch incidents from ACLED' (Processing toolbox) first.</source>
            <translation>Aucune couche de ce projet n'a été récupérée d'ACLED : lancez d'abord « Récupérer les incidents d'ACLED » (boîte à outils de traitements).</translation>
        </message>
        <message>
            <source>No layer with dates: load incidents first</source>
            <translation>Aucune couche datée : chargez d'abord des incidents</translation>
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
            <source>One colour scale for every window, so that windows compare.</source>
            <translation>Une seule échelle de couleurs pour toutes les périodes, pour pouvoir les comparer.</translation>
        </message>
        <message>
            <source>One page per time window</source>
            <translation>Une page par période</translation>
        </message>
        <message>
            <source>Only uncertain attributions</source>
            <translation>Attributions incertaines seulement</translation>
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
            <source>Overlap heatmap files removed</source>
            <translation>Fichiers de la carte de chaleur des chevauchements supprimés</translation>
        </message>
        <message>
            <source>Overlap index: –</source>
            <translation>Indice de chevauchement : –</translation>
        </message>
        <message>
            <source>Overlap map layers ({zones})</source>
            <translation>Couches de la carte des chevauchements ({zones})</translation>
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
            <source>Pages (time windows)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Parallel operation</source>
            <translation>Opérations parallèles</translation>
        </message>
        <message>
            <source>Partitioned (each on its own ground)</source>
            <translation>Territoires séparés</translation>
        </message>
        <message>
            <source>Pause</source>
            <translation>Pause</translation>
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
            <source>Play</source>
            <translation>Lecture</translation>
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
            <source>Random seed</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Reading incidents</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Reading the incidents…</source>
            <translation>Lecture des incidents…</translation>
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
            <source>Refresh from ACLED</source>
            <translation>Actualiser depuis ACLED</translation>
        </message>
        <message>
            <source>Refresh from ACLED failed: {why}</source>
            <translation>Échec de l'actualisation depuis ACLED : {why}</translation>
        </message>
        <message>
            <source>Refreshed from ACLED: added {added}, updated {updated}, deleted {deleted}, unchanged {unchanged}.</source>
            <translation>Actualisé depuis ACLED : {added} ajoutés, {updated} mis à jour, {deleted} supprimés, {unchanged} inchangés.</translation>
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
            <source>Sahel Overlap needs {packages} (apt install them); its algorithms are not available.</source>
            <translation>Sahel Overlap a besoin de {packages} (à installer avec apt) ; ses algorithmes ne sont pas disponibles.</translation>
        </message>
        <message>
            <source>Sahel Overlap: overlap heatmap</source>
            <translation>Sahel Overlap : carte de chaleur</translation>
        </message>
        <message>
            <source>Sahel Overlap: time slider</source>
            <translation>Sahel Overlap : curseur temporel</translation>
        </message>
        <message>
            <source>Score zones (parallel vs contested)…</source>
            <translation>Évaluer les zones (parallèles ou disputées)…</translation>
        </message>
        <message>
            <source>Score zones: parallel vs contested operation</source>
            <translation>Évaluer les zones : opérations parallèles ou disputées</translation>
        </message>
        <message>
            <source>Scored zones</source>
            <translation>Zones évaluées</translation>
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
            <source>Several layers were fetched from ACLED: select the one to refresh.</source>
            <translation>Plusieurs couches ont été récupérées d'ACLED : sélectionnez celle à actualiser.</translation>
        </message>
        <message>
            <source>Share of both groups' activity found in each place: the surface sums to the overlap index over the map.</source>
            <translation>Part de l'activité des deux groupes trouvée en chaque lieu : la somme de la surface sur la carte est l'indice de chevauchement.</translation>
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
            <source>The scale is this window's until the curve over time is computed.</source>
            <translation>L'échelle est celle de cette période tant que la courbe au fil du temps n'est pas calculée.</translation>
        </message>
        <message>
            <source>Time slider</source>
            <translation>Curseur temporel</translation>
        </message>
        <message>
            <source>Time windows</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Title</source>
            <translation>Titre</translation>
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
            <source>Uncertainty patterns (CSV; default: the plugin's)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Updating the store</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Weight</source>
            <translation>Poids</translation>
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
            <source>Zones (optional; hexagons when empty)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>cancelled</source>
            <translation>annulé</translation>
        </message>
        <message>
            <source>cancelled: nothing was changed</source>
            <translation>annulé : rien n'a été modifié</translation>
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
            <source>clashes</source>
            <translation>affrontements</translation>
        </message>
        <message>
            <source>could not write {path}</source>
            <translation>impossible d'écrire {path}</translation>
        </message>
        <message>
            <source>day</source>
            <translation>jour</translation>
        </message>
        <message>
            <source>events</source>
            <translation>événements</translation>
        </message>
        <message>
            <source>events / month</source>
            <comment>chart axis</comment>
            <translation>év. / mois</translation>
        </message>
        <message>
            <source>fatalities</source>
            <translation>victimes</translation>
        </message>
        <message>
            <source>import cancelled</source>
            <translation>import annulé</translation>
        </message>
        <message>
            <source>joint operations</source>
            <comment>chart legend</comment>
            <translation>op. conjointes</translation>
        </message>
        <message>
            <source>min</source>
            <translation>min</translation>
        </message>
        <message>
            <source>min(pA, pB): the overlap coefficient</source>
            <translation>min(pA, pB) : le coefficient de chevauchement</translation>
        </message>
        <message>
            <source>min: high only where both groups are active (overlap coefficient); product: smoother (Bhattacharyya coefficient)</source>
            <translation>min : élevé seulement là où les deux groupes sont actifs (coefficient de chevauchement) ; produit : plus lisse (coefficient de Bhattacharyya)</translation>
        </message>
        <message>
            <source>month</source>
            <translation>mois</translation>
        </message>
        <message>
            <source>needs {packages}; install them and restart QGIS.</source>
            <translation>a besoin de {packages} ; installez-les et redémarrez QGIS.</translation>
        </message>
        <message>
            <source>no file was written</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>no incident layer</source>
            <translation>aucune couche d'incidents</translation>
        </message>
        <message>
            <source>number of days</source>
            <translation>nombre de jours</translation>
        </message>
        <message>
            <source>one scale, all windows</source>
            <translation>échelle commune</translation>
        </message>
        <message>
            <source>overlap index</source>
            <comment>chart axis</comment>
            <translation>indice</translation>
        </message>
        <message>
            <source>overlap over time: computing…</source>
            <translation>chevauchement au fil du temps : calcul…</translation>
        </message>
        <message>
            <source>product</source>
            <translation>produit</translation>
        </message>
        <message>
            <source>quarter</source>
            <translation>trimestre</translation>
        </message>
        <message>
            <source>shared probability per 1,000 km²</source>
            <translation>probabilité partagée pour 1 000 km²</translation>
        </message>
        <message>
            <source>sqrt(pA·pB): the Bhattacharyya coefficient</source>
            <translation>sqrt(pA·pB) : le coefficient de Bhattacharyya</translation>
        </message>
        <message>
            <source>the Sahel Overlap provider is already registered</source>
            <translation>le fournisseur Sahel Overlap est déjà enregistré</translation>
        </message>
        <message>
            <source>the import record could not be written into {path}</source>
            <translation>la fiche d'import n'a pas pu être écrite dans {path}</translation>
        </message>
        <message>
            <source>the refresh failed</source>
            <translation>l'actualisation a échoué</translation>
        </message>
        <message>
            <source>the whole period</source>
            <translation>toute la période</translation>
        </message>
        <message>
            <source>this window's scale</source>
            <translation>échelle provisoire</translation>
        </message>
        <message>
            <source>week</source>
            <translation>semaine</translation>
        </message>
        <message>
            <source>year</source>
            <translation>année</translation>
        </message>
        <message>
            <source>{algorithm} is not available (is the plugin's provider loaded?)</source>
            <translation>{algorithm} n'est pas disponible (le fournisseur de l'extension est-il chargé ?)</translation>
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
            <source>{a} only</source>
            <translation>{a} seul</translation>
        </message>
        <message>
            <source>{a}: {events_a} events, {b}: {events_b} events</source>
            <translation>{a} : {events_a} événements, {b} : {events_b} événements</translation>
        </message>
        <message>
            <source>{b} only</source>
            <translation>{b} seul</translation>
        </message>
        <message>
            <source>{callback} failed: {error}</source>
            <translation>{callback} a échoué : {error}</translation>
        </message>
        <message>
            <source>{layer} was not fetched from ACLED.</source>
            <translation>{layer} n'a pas été récupérée d'ACLED.</translation>
        </message>
        <message>
            <source>{n} frames written to {folder}</source>
            <translation>{n} images écrites dans {folder}</translation>
        </message>
        <message>
            <source>{plugin}: export overlap map</source>
            <translation>{plugin} : exporter la carte des chevauchements</translation>
        </message>
        <message>
            <source>{plugin}: import {file}</source>
            <translation>{plugin} : import de {file}</translation>
        </message>
        <message>
            <source>{plugin}: overlap heatmap</source>
            <translation>{plugin} : carte de chaleur des chevauchements</translation>
        </message>
        <message>
            <source>{plugin}: overlap over time</source>
            <translation>{plugin} : chevauchement au fil du temps</translation>
        </message>
        <message>
            <source>{plugin}: reading incidents</source>
            <translation>{plugin} : lecture des incidents</translation>
        </message>
        <message>
            <source>{plugin}: refresh {layer} from ACLED</source>
            <translation>{plugin} : actualisation de {layer} depuis ACLED</translation>
        </message>
        <message>
            <source>{value} or more</source>
            <translation>{value} ou plus</translation>
        </message>
    </context>
    <context>
        <name>TimeSliderPanel</name>
        <message>
            <source> d</source>
            <translation> j</translation>
        </message>
        <message>
            <source> fps</source>
            <translation> i/s</translation>
        </message>
        <message>
            <source>Animation…</source>
            <translation>Animation…</translation>
        </message>
        <message>
            <source>Build the report map of scored zones and incidents and open it in the layout designer</source>
            <translation>Construire la carte des chevauchements (zones évaluées et incidents) et l'ouvrir dans le concepteur de mise en page</translation>
        </message>
        <message>
            <source>Checked layers set the dates of the windows and the chart; any point layer with a date field can be added.</source>
            <translation>Les couches cochées fixent les dates des périodes et du graphique ; toute couche de points ayant un champ de date peut être ajoutée.</translation>
        </message>
        <message>
            <source>Cumulative</source>
            <translation>Cumulé</translation>
        </message>
        <message>
            <source>Date field</source>
            <translation>Champ de date</translation>
        </message>
        <message>
            <source>Export the animation (PNG frames and a GIF)</source>
            <translation>Exporter l'animation (images PNG et un GIF)</translation>
        </message>
        <message>
            <source>First window</source>
            <translation>Première période</translation>
        </message>
        <message>
            <source>How far each step moves the window</source>
            <translation>De combien chaque pas avance la période</translation>
        </message>
        <message>
            <source>How much time the map shows at once</source>
            <translation>Durée que la carte montre à la fois</translation>
        </message>
        <message>
            <source>Last window</source>
            <translation>Dernière période</translation>
        </message>
        <message>
            <source>Layers and date fields</source>
            <translation>Couches et champs de date</translation>
        </message>
        <message>
            <source>Look for layers again</source>
            <translation>Rechercher à nouveau les couches</translation>
        </message>
        <message>
            <source>Loop: start again after the last window</source>
            <translation>Boucle : recommencer après la dernière période</translation>
        </message>
        <message>
            <source>Next window</source>
            <translation>Période suivante</translation>
        </message>
        <message>
            <source>No incident layer</source>
            <translation>Aucune couche d'incidents</translation>
        </message>
        <message>
            <source>Overlap map…</source>
            <translation>Carte…</translation>
        </message>
        <message>
            <source>Play</source>
            <translation>Lecture</translation>
        </message>
        <message>
            <source>Playback speed (frames per second)</source>
            <translation>Vitesse de lecture (images par seconde)</translation>
        </message>
        <message>
            <source>Previous window</source>
            <translation>Période précédente</translation>
        </message>
        <message>
            <source>Show everything from the first event up to the window's end</source>
            <translation>Tout montrer depuis le premier événement jusqu'à la fin de la période</translation>
        </message>
        <message>
            <source>Step</source>
            <translation>Pas</translation>
        </message>
        <message>
            <source>Time slider</source>
            <translation>Curseur temporel</translation>
        </message>
        <message>
            <source>Window</source>
            <translation>Période</translation>
        </message>
    </context>
</TS>
