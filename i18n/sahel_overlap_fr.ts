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
            <translation>Pondération</translation>
        </message>
    </context>
    <context>
        <name>SahelOverlap</name>
        <message>
            <source>  covers {country} from {first} to {last}</source>
            <translation>  couvre {country} du {first} au {last}</translation>
        </message>
        <message>
            <source> (and {n} removed: their new version is no longer kept)</source>
            <translation> (et {n} retirés : leur nouvelle version n'est plus conservée)</translation>
        </message>
        <message>
            <source> (the disk is full)</source>
            <translation> (le disque est plein)</translation>
        </message>
        <message>
            <source> (the folder or file is read-only, or you may not write there)</source>
            <translation> (le dossier ou le fichier est en lecture seule, ou vous n'avez pas le droit d'y écrire)</translation>
        </message>
        <message>
            <source>ACLED API address</source>
            <translation>Adresse de l'API ACLED</translation>
        </message>
        <message>
            <source>ACLED account (authentication configuration; else ACLED_USERNAME/ACLED_PASSWORD)</source>
            <translation>Compte ACLED (configuration d'authentification ; sinon ACLED_USERNAME/ACLED_PASSWORD)</translation>
        </message>
        <message>
            <source>ACLED export</source>
            <translation>Export ACLED</translation>
        </message>
        <message>
            <source>ACLED lists {n} events deleted since then</source>
            <translation>ACLED indique {n} événements supprimés depuis</translation>
        </message>
        <message>
            <source>ACLED returned {n} rows</source>
            <translation>ACLED a renvoyé {n} lignes</translation>
        </message>
        <message>
            <source>ACLED sync at {time}: {counts}</source>
            <translation>Synchronisation ACLED à {time} : {counts}</translation>
        </message>
        <message>
            <source>Actor preset (group A vs group B)</source>
            <translation>Préréglage d'acteurs (groupe A contre groupe B)</translation>
        </message>
        <message>
            <source>Actor-based (one row per actor)</source>
            <translation>Par acteur (une ligne par acteur)</translation>
        </message>
        <message>
            <source>Alias table (CSV; default: the plugin's)</source>
            <translation>Table d'alias (CSV ; par défaut : celle du plugin)</translation>
        </message>
        <message>
            <source>All files written (';')</source>
            <translation>Tous les fichiers écrits (séparés par ';')</translation>
        </message>
        <message>
            <source>Also write the theatre-relative co-location (colocation, lclq_*, clq_*_global; about 45 % false positives)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Ambiguous attributions</source>
            <translation>Attributions ambiguës</translation>
        </message>
        <message>
            <source>Ambiguous attributions fetched</source>
            <translation>Attributions ambiguës récupérées</translation>
        </message>
        <message>
            <source>Analysis</source>
            <translation>Analyse</translation>
        </message>
        <message>
            <source>Asking ACLED</source>
            <translation>Interrogation d'ACLED</translation>
        </message>
        <message>
            <source>Asking ACLED only for events changed after timestamp {since}</source>
            <translation>Seuls les événements modifiés après l'horodatage {since} sont demandés à ACLED</translation>
        </message>
        <message>
            <source>Auto-detect from the header</source>
            <translation>Détection automatique d'après l'en-tête</translation>
        </message>
        <message>
            <source>Bandwidth (km, Gaussian standard deviation)</source>
            <translation>Largeur de bande (km, écart type gaussien)</translation>
        </message>
        <message>
            <source>Both present, undetermined</source>
            <translation>Indéterminé</translation>
        </message>
        <message>
            <source>Canceled: the run did not finish and nothing was written</source>
            <translation>Annulé : l'exécution n'est pas allée à son terme et rien n'a été écrit</translation>
        </message>
        <message>
            <source>Cannot tell (too few events or close pairs expected)</source>
            <translation>Impossible de conclure (trop peu d'événements ou de paires proches attendues)</translation>
        </message>
        <message>
            <source>Cell size (km)</source>
            <translation>Taille de cellule (km)</translation>
        </message>
        <message>
            <source>Checking rows</source>
            <translation>Vérification des lignes</translation>
        </message>
        <message>
            <source>Checking the output</source>
            <translation>Vérification de la sortie</translation>
        </message>
        <message>
            <source>Clash share at which contested_score reaches 1 (contested from half)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Clashes between the groups</source>
            <translation>Affrontements entre les groupes</translation>
        </message>
        <message>
            <source>Clashes between the groups fetched</source>
            <translation>Affrontements entre les groupes récupérés</translation>
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
            <source>Confirm deletions (a replace scope may delete more than it writes)</source>
            <translation>Confirmer les suppressions (un périmètre de remplacement peut supprimer plus qu'il n'écrit)</translation>
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
            <translation>Compter les groupes affiliés (p. ex. la Katiba Macina comme JNIM)</translation>
        </message>
        <message>
            <source>Counting in PostGIS ({table})</source>
            <translation>Comptage dans PostGIS ({table})</translation>
        </message>
        <message>
            <source>Countries (ACLED names, comma separated)</source>
            <translation>Pays (noms ACLED, séparés par des virgules)</translation>
        </message>
        <message>
            <source>Countries the source covers, comma-separated (optional)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Date field (mapped format)</source>
            <translation>Champ de date (format associé)</translation>
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
            <translation>Dessine les zones évaluées (sortie de « Évaluer les zones ») et les incidents sur la mise en page A4 paysage du plugin : classes de zones avec les noms des groupes dans la légende (un motif distingue chaque classe sur une impression en niveaux de gris), noms des zones quand les zones ont un champ de nom, incidents du groupe A en rouge, ceux du groupe B en bleu, affrontements entre eux en étoiles sombres, pays et régions administratives de la carte Natural Earth de QGIS, barre d'échelle, flèche du nord, carte de situation, graphique des événements de tous les groupes par mois, source des données avec son attribution, méthode, manière dont les zones ont été évaluées (quand leurs métadonnées l'indiquent) et date de l'export. Chaque texte mesure au moins 7 pt à la taille d'impression.

Une page par période : la carte de chaque page ne montre que les zones et les incidents de sa période. Décoché, une seule page montre la période la plus récente ; évaluez avec le découpage « toute la période » pour une seule carte de l'ensemble. Quelle que soit la couche par groupe du plugin choisie comme INCIDENTS, la carte et son graphique montrent tous les groupes.

PDF : un fichier, une page par période, cartes et graphique vectoriels, texte sélectionnable, titre, sujet et source des données dans ses propriétés. PNG et SVG : un fichier par période, nommé &lt;output&gt;_&lt;window&gt;&lt;extension&gt;, la période étant 2019 (une année), 2019-Q1 (un trimestre), 2019-03 (un mois) ou 20170302-20221231 (toute autre plage) ; OUTPUT est alors le premier fichier et FILES les liste tous, séparés par ';'. Les pages SVG sont converties depuis le PDF avec pdftocairo de poppler (Debian/Ubuntu : poppler-utils), car l'export SVG de QGIS 3.22 laisse les cartes non découpées ; sans lui, l'algorithme le signale et n'écrit rien.

Les entrées sont seulement lues (jamais ouvertes en écriture). Les noms issus des données (groupes, zones, sources) sont imprimés tels quels, jamais évalués comme expressions QGIS.

INTERACTION (facultatif) : la sortie de « Interaction spatio-temporelle entre les deux groupes », exécutée avec les mêmes périodes ; les zones-périodes qu'elle a classées attraction (trait plein) ou évitement (tirets) sont entourées par-dessus les classes de zones, avec une entrée de légende.

Pour modifier la carte avant de l'exporter, utilisez « Exporter la carte des chevauchements… » du menu du plugin, qui ouvre la même mise en page dans le concepteur de mise en page.</translation>
        </message>
        <message>
            <source>Dyadic (one row per event; ACLED's default)</source>
            <translation>Dyadique (une ligne par événement ; par défaut chez ACLED)</translation>
        </message>
        <message>
            <source>End date</source>
            <translation>Date de fin</translation>
        </message>
        <message>
            <source>Event id field (mapped format)</source>
            <translation>Champ d'identifiant d'événement (format associé)</translation>
        </message>
        <message>
            <source>Event type field (mapped format)</source>
            <translation>Champ du type d'événement (format associé)</translation>
        </message>
        <message>
            <source>Events (each counts 1)</source>
            <translation>Événements (chacun compte 1)</translation>
        </message>
        <message>
            <source>Events added to the store</source>
            <translation>Événements ajoutés à la base</translation>
        </message>
        <message>
            <source>Events left unchanged in the store</source>
            <translation>Événements inchangés dans la base</translation>
        </message>
        <message>
            <source>Events of group A</source>
            <translation>Événements du groupe A</translation>
        </message>
        <message>
            <source>Events of group A fetched</source>
            <translation>Événements du groupe A récupérés</translation>
        </message>
        <message>
            <source>Events of group A in the window (clashes included)</source>
            <translation>Événements du groupe A dans la période (affrontements compris)</translation>
        </message>
        <message>
            <source>Events of group B</source>
            <translation>Événements du groupe B</translation>
        </message>
        <message>
            <source>Events of group B fetched</source>
            <translation>Événements du groupe B récupérés</translation>
        </message>
        <message>
            <source>Events of group B in the window (clashes included)</source>
            <translation>Événements du groupe B dans la période (affrontements compris)</translation>
        </message>
        <message>
            <source>Events per request (page size)</source>
            <translation>Événements par requête (taille de page)</translation>
        </message>
        <message>
            <source>Events removed from the store</source>
            <translation>Événements retirés de la base</translation>
        </message>
        <message>
            <source>Events updated in the store</source>
            <translation>Événements mis à jour dans la base</translation>
        </message>
        <message>
            <source>Export overlap map (PDF, PNG, SVG)</source>
            <translation>Exporter la carte des chevauchements</translation>
        </message>
        <message>
            <source>Fatalities</source>
            <translation>Victimes</translation>
        </message>
        <message>
            <source>Fatalities field (mapped format)</source>
            <translation>Champ des victimes (format associé)</translation>
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
            <translation>Récupère des événements depuis l'API d'ACLED (un compte ACLED avec accès à l'API) et les écrit dans une base d'incidents (GeoPackage ou PostGIS) exactement comme « Importer des incidents » écrit un export ACLED : même préréglage d'acteurs, affrontements, opérations conjointes, attributions ambiguës, couverture et table de vérification.

Pays : les noms de pays d'ACLED, séparés par des virgules (Mali, Burkina Faso, Niger). Début et fin : les dates d'événements demandées (fin : aujourd'hui si vide).

Mise à jour : quand la sortie contient déjà des événements ACLED (une table GeoPackage ou une table PostGIS), seuls les événements modifiés depuis son horodatage ACLED le plus récent sont demandés ; ils remplacent leur version stockée (appariée par identifiant d'événement), et les événements qu'ACLED a supprimés depuis sont retirés. Rien d'autre dans le fichier ou la table n'est touché. Le journal et les métadonnées de la base indiquent quand elle a été synchronisée et combien d'événements ont été ajoutés, mis à jour, supprimés et laissés inchangés.

Identifiants : une configuration d'authentification (Basic : votre e-mail et votre mot de passe ACLED), ou les variables d'environnement ACLED_USERNAME et ACLED_PASSWORD (qgis_process). Le mot de passe n'est envoyé qu'au point d'accès de jeton d'ACLED et n'est jamais écrit dans la sortie, le journal ou le projet. Les requêtes passent par les paramètres réseau de QGIS (proxy, SSL). Les réponses « occupé » (429) et les erreurs du serveur sont réessayées après une pause ; une connexion refusée ou un compte sans accès à l'API arrêtent l'exécution, et rien n'est écrit quand une exécution échoue ou est annulée.

Les conditions d'utilisation d'ACLED s'appliquent aux données : citez ACLED (acleddata.com) sur chaque carte et ne redistribuez pas les événements.</translation>
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
            <source>First actor field (mapped format)</source>
            <translation>Champ du premier acteur (format associé)</translation>
        </message>
        <message>
            <source>First event date</source>
            <translation>Date du premier événement</translation>
        </message>
        <message>
            <source>Flag rows farther than this outside their stated country (km)</source>
            <translation>Signaler les lignes situées plus loin que ceci hors de leur pays déclaré (km)</translation>
        </message>
        <message>
            <source>Format</source>
            <translation>Format</translation>
        </message>
        <message>
            <source>Full analysis (model): import, score, heatmap, map</source>
            <translation>Analyse complète (modèle) : import, évaluation, carte de chaleur, carte</translation>
        </message>
        <message>
            <source>Global Knox chart (PNG)</source>
            <translation>Graphique de Knox global (PNG)</translation>
        </message>
        <message>
            <source>Global Knox chart (SVG)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Global Knox table</source>
            <translation>Table de Knox globale</translation>
        </message>
        <message>
            <source>Hatched: class rests on ambiguous events</source>
            <translation>Hachuré : la classe repose sur des événements ambigus</translation>
        </message>
        <message>
            <source>Hexagon size when no zones are given (km between centres)</source>
            <translation>Taille des hexagones sans zones fournies (km entre centres)</translation>
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
            <source>Imports an ACLED or UCDP GED export, scores zones of parallel against contested operation per time window (your polygons, or 25 km hexagons; by year unless you choose another window), tests the space-time interaction between the two groups in the same windows (your polygons, or 100 km hexagons), computes the overlap heatmap of the whole period and exports the map as a PDF, one page per window, with the interaction's findings outlined. Open it in the Graphical Modeler to change a step's settings or add steps.

Command line: qgis_process.bin run saheloverlap:full_analysis -- incidents_file=acled.csv window=1 import_incidents:incidents=incidents.gpkg score_zones:zones=zones.gpkg overlap_heatmap:heatmap=heatmap.tif export_map:map=overlap_map.pdf</source>
            <translation>Importe un export ACLED ou UCDP GED, évalue des zones d'opérations parallèles ou disputées par période (vos polygones, ou des hexagones de 25 km ; par année sauf si vous choisissez un autre découpage), teste l'interaction spatio-temporelle entre les deux groupes sur les mêmes périodes (vos polygones, ou des hexagones de 100 km), calcule la carte de chaleur des chevauchements sur toute la période et exporte la carte en PDF, une page par période, avec les résultats de l'interaction entourés. Ouvrez-le dans le modeleur graphique pour changer les réglages d'une étape ou ajouter des étapes.

En ligne de commande : qgis_process.bin run saheloverlap:full_analysis -- incidents_file=acled.csv window=1 import_incidents:incidents=incidents.gpkg score_zones:zones=zones.gpkg overlap_heatmap:heatmap=heatmap.tif export_map:map=overlap_map.pdf</translation>
        </message>
        <message>
            <source>Incident export (ACLED / UCDP GED CSV)</source>
            <translation>Export d'incidents (CSV ACLED / UCDP GED)</translation>
        </message>
        <message>
            <source>Incident file (CSV export) or point layer</source>
            <translation>Fichier d'incidents (export CSV) ou couche de points</translation>
        </message>
        <message>
            <source>Incident store</source>
            <translation>Base d'incidents</translation>
        </message>
        <message>
            <source>Incidents</source>
            <translation>Incidents</translation>
        </message>
        <message>
            <source>Incidents (GeoPackage)</source>
            <translation>Incidents (GeoPackage)</translation>
        </message>
        <message>
            <source>Incidents (standard schema)</source>
            <translation>Incidents (schéma standard)</translation>
        </message>
        <message>
            <source>Incorrect parameter value for {name}</source>
            <translation>Valeur de paramètre incorrecte pour {name}</translation>
        </message>
        <message>
            <source>Interrupted (SIGINT): canceling</source>
            <translation>Interrompu (SIGINT) : annulation</translation>
        </message>
        <message>
            <source>Joint operations of the groups</source>
            <translation>Opérations conjointes des groupes</translation>
        </message>
        <message>
            <source>Joint operations of the groups fetched</source>
            <translation>Opérations conjointes des groupes récupérées</translation>
        </message>
        <message>
            <source>Keep events of other actors</source>
            <translation>Conserver les événements d'autres acteurs</translation>
        </message>
        <message>
            <source>Keep events whose day is not known (ACLED time_precision 2-3)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Kernel densities</source>
            <translation>Densités de noyau</translation>
        </message>
        <message>
            <source>Kernel density surfaces of the two groups' activity in a time window and the surface where they overlap, computed in an equal-area (Albers) projection fitted to the incidents.

Input: incidents in the plugin's standard schema (run 'Import incidents' first). A group's activity is its own events plus the clashes between the two groups and their joint operations; ambiguous attributions are left out. Events lasting several days count in every window they overlap. Start and end are optional (inclusive dates).

Gaussian kernel, bandwidth = its standard deviation in km (cut at 4 bandwidths). Weight: each event counts 1, or its number of fatalities.

Output: a GeoTIFF with 3 bands in the equal-area projection: 1 the overlap surface (shared probability per km²; it sums, times the cell area, to the overlap index), 2 and 3 the densities of group A and B (events or fatalities per km²). The grid covers all events of the layer (padded by 4 bandwidths) whatever the window, so rasters of different windows line up cell for cell.

Method: min(pA, pB) gives the overlap coefficient (0 = never in the same places, 1 = identical spatial pattern); sqrt(pA·pB) the Bhattacharyya coefficient. OVERLAP_INDEX returns that figure for use in models.</source>
            <translation>Surfaces de densité de noyau de l'activité des deux groupes sur une période et surface où elles se chevauchent, calculées dans une projection équivalente (Albers) ajustée aux incidents.

Entrée : incidents au schéma standard du plugin (exécutez d'abord « Importer des incidents »). L'activité d'un groupe comprend ses propres événements plus les affrontements entre les deux groupes et leurs opérations conjointes ; les attributions ambiguës sont exclues. Les événements qui durent plusieurs jours comptent dans chaque période qu'ils recouvrent. Le début et la fin sont facultatifs (dates incluses).

Noyau gaussien, largeur de bande = son écart type en km (coupé à 4 largeurs de bande). Pondération : chaque événement compte 1, ou son nombre de victimes.

Sortie : un GeoTIFF à 3 bandes dans la projection équivalente : 1 la surface de chevauchement (probabilité partagée par km² ; sa somme, multipliée par l'aire d'une cellule, donne l'indice de chevauchement), 2 et 3 les densités des groupes A et B (événements ou victimes par km²). La grille couvre tous les événements de la couche (avec une marge de 4 largeurs de bande) quelle que soit la période, de sorte que les rasters de périodes différentes se superposent cellule par cellule.

Méthode : min(pA, pB) donne le coefficient de chevauchement (0 = jamais aux mêmes endroits, 1 = répartition spatiale identique) ; sqrt(pA·pB) le coefficient de Bhattacharyya. OVERLAP_INDEX renvoie cette valeur pour les modèles.</translation>
        </message>
        <message>
            <source>Last event date</source>
            <translation>Date du dernier événement</translation>
        </message>
        <message>
            <source>Latitude field (mapped CSV; layers use their geometry)</source>
            <translation>Champ de latitude (CSV associé ; les couches utilisent leur géométrie)</translation>
        </message>
        <message>
            <source>Layout</source>
            <translation>Structure de l'export</translation>
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
            <source>Longitude field (mapped CSV; layers use their geometry)</source>
            <translation>Champ de longitude (CSV associé ; les couches utilisent leur géométrie)</translation>
        </message>
        <message>
            <source>Map file</source>
            <translation>Fichier de la carte</translation>
        </message>
        <message>
            <source>Mapped fields</source>
            <translation>Champs associés</translation>
        </message>
        <message>
            <source>Maps</source>
            <translation>Cartes</translation>
        </message>
        <message>
            <source>Models</source>
            <translation>Modèles</translation>
        </message>
        <message>
            <source>Month</source>
            <translation>Mois</translation>
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
            <source>Notes field (mapped format; tells joint operations apart)</source>
            <translation>Champ des notes (format associé ; distingue les opérations conjointes)</translation>
        </message>
        <message>
            <source>Occasional clashes</source>
            <translation>Affrontements occasionnels</translation>
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
            <translation>Chevauchements</translation>
        </message>
        <message>
            <source>Overlap heatmap</source>
            <translation>Carte de chaleur des chevauchements</translation>
        </message>
        <message>
            <source>Overlap heatmap (GeoTIFF)</source>
            <translation>Carte de chaleur des chevauchements (GeoTIFF)</translation>
        </message>
        <message>
            <source>Overlap heatmap (kernel density of both groups)</source>
            <translation>Carte de chaleur des chevauchements</translation>
        </message>
        <message>
            <source>Overlap index (0 = apart, 1 = identical)</source>
            <translation>Indice de chevauchement (0 = séparés, 1 = identiques)</translation>
        </message>
        <message>
            <source>Overlap map (PDF, one page per window)</source>
            <translation>Carte des chevauchements (PDF, une page par période)</translation>
        </message>
        <message>
            <source>Overlap measure</source>
            <translation>Mesure du chevauchement</translation>
        </message>
        <message>
            <source>Overrides of the joint / ambiguous reading (CSV: event_id, override)</source>
            <translation>Corrections manuelles de la lecture conjointe / ambiguë (CSV : event_id, override)</translation>
        </message>
        <message>
            <source>PDF (one page per window)</source>
            <translation>PDF (une page par période)</translation>
        </message>
        <message>
            <source>PNG (one image per window)</source>
            <translation>PNG (une image par période)</translation>
        </message>
        <message>
            <source>Pages (time windows)</source>
            <translation>Pages (périodes)</translation>
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
            <source>PostGIS: {n} events counted in the database ({seconds} s); the two groups' own {own} events read for the co-location tests</source>
            <translation>PostGIS : {n} événements comptés dans la base ({seconds} s) ; les {own} événements propres aux deux groupes lus pour les tests de co-localisation</translation>
        </message>
        <message>
            <source>Preparing the layers</source>
            <translation>Préparation des couches</translation>
        </message>
        <message>
            <source>Preset name (a preset of your alias table; overrides 'Actor preset')</source>
            <translation>Nom du préréglage (un préréglage de votre table d'alias ; remplace « Préréglage d'acteurs »)</translation>
        </message>
        <message>
            <source>Provenance (JSON, as in metadata)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Quarter</source>
            <translation>Trimestre</translation>
        </message>
        <message>
            <source>Random seed</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Read {rows} rows as {source} ({layout}); kept {events} events.</source>
            <translation>{rows} lignes lues comme {source} ({layout}) ; {events} événements conservés.</translation>
        </message>
        <message>
            <source>Reading incidents</source>
            <translation>Lecture des incidents</translation>
        </message>
        <message>
            <source>Reading the input</source>
            <translation>Lecture de l'entrée</translation>
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
            <translation>Lit un export ACLED (dyadique ou par acteur), un CSV UCDP GED ou toute table ou couche de points aux champs associés, et écrit un point par événement dans le schéma d'incidents standard du plugin (EPSG:4326).

Les acteurs sont rapprochés des deux groupes du préréglage avec la table d'alias modifiable (data/actor_presets.csv, ou la vôtre dans « Table d'alias » : le préréglage est alors celui nommé dans « Nom du préréglage », sinon le « Préréglage d'acteurs » choisi si la table le contient, sinon le seul préréglage de la table). Chaque événement reçoit un côté : a, b, clash (les deux groupes s'affrontent), joint (une opération conjointe : voir plus bas), ambiguous (attributions « A et/ou B », jamais comptées pour l'un ou l'autre groupe) ou other.

Les deux groupes nommés du même côté (acteur et acteur associé ; dans UCDP GED, tous deux dans la liste d'acteurs d'un même côté) ne font une opération conjointe que si les notes de l'événement n'expriment aucun doute sur l'auteur : des notes contenant un mot de la table d'incertitude (data/uncertainty_patterns.csv ou la vôtre : 'or', 'presumed', 'suspected', 'ou', 'présumés', ...) le laissent ambigu, de même qu'un nom « et/ou » ou un groupe des deux côtés. Le journal indique combien ont été lus de chaque façon et pourquoi. « Table de vérification » écrit ces événements (lieu, date, acteurs, notes, lecture, motif) en CSV ; remplissez sa colonne 'override' (joint, ambiguous ou clash) et redonnez-la comme « Corrections manuelles » pour corriger la lecture ; son empreinte entre dans la provenance.

Le format par acteur d'ACLED répète un événement une fois par acteur : les lignes partageant event_id_cnty sont fusionnées en un événement, et une ligne pour chaque groupe sous un même identifiant est un affrontement. UCDP GED : un événement non étatique (type 2) entre les groupes est un affrontement.

Un groupe nommé seulement comme associé d'un tiers (l'armée, une milice, des civils) ne fait ni affrontement ni opération conjointe : l'événement est celui de l'autre groupe, listé dans la table de vérification avec le motif ; une correction manuelle 'clash' rétablit l'affrontement.

Toute ligne aux coordonnées valides est conservée. Le champ country_km contient la distance géodésique (ellipsoïde WGS84) du point au contour de son pays déclaré (Natural Earth ; 0 à l'intérieur, vide là où ce n'est pas vérifié) ; les lignes à plus de 'COUNTRY_KM' (10 km par défaut) à l'extérieur sont comptées dans le journal et listées dans la table de vérification. Le pays d'UCDP GED est l'État à la date de l'événement : il est comparé là où Natural Earth a un contour de ce nom, et le journal le signale sinon.

Les lignes inutilisables (date non comprise, coordonnées manquantes, hors limites ou inversées, texte non UTF-8, identifiants en double, lignes au mauvais nombre de champs) sont ignorées et comptées par motif dans le journal. Le fichier d'entrée n'est jamais modifié.

Dans une table PostGIS qui contient déjà des événements, un import ajoute les nouveaux événements et met à jour ceux qui ont changé, par (source, identifiant d'événement) ; il ne supprime rien, de sorte qu'un export filtré (certains acteurs, un échantillon) ne retire jamais ce qu'il ne contient pas. « Périmètre de remplacement » (REPLACE_SCOPE, p. ex. 'Burkina Faso;Mali 2019-01-01/2022-12-31') indique que l'export est complet pour ces pays et ces jours, tous acteurs et types d'événements confondus : les événements de la source qui s'y trouvent et qu'il ne contient pas sont supprimés, le journal indique combien, et un import qui supprimerait plus d'événements qu'il n'en contient là est refusé sauf si « Confirmer les suppressions » (CONFIRM_DELETE) est coché.</translation>
        </message>
        <message>
            <source>Replace a table of the same name when adding to an existing GeoPackage</source>
            <translation>Remplacer une table du même nom lors d'un ajout à un GeoPackage existant</translation>
        </message>
        <message>
            <source>Replace scope (PostGIS: the export is complete for 'Country;Country FIRST/LAST'; the source's events there it does not hold are deleted)</source>
            <translation>Périmètre de remplacement (PostGIS : l'export est complet pour 'Pays;Pays PREMIER/DERNIER' ; les événements de la source qui s'y trouvent et qu'il ne contient pas sont supprimés)</translation>
        </message>
        <message>
            <source>Resolution (dpi)</source>
            <translation>Résolution (dpi)</translation>
        </message>
        <message>
            <source>Review table of the events to check (CSV)</source>
            <translation>Table de vérification des événements à contrôler (CSV)</translation>
        </message>
        <message>
            <source>Review table of the same-side events fetched (CSV)</source>
            <translation>Table de vérification des événements d'un même côté récupérés (CSV)</translation>
        </message>
        <message>
            <source>Review table: {path} (1 event to check; fill in its 'override' column and give it back as 'Overrides' to correct a reading)</source>
            <translation>Table de vérification : {path} (1 événement à contrôler ; remplissez sa colonne 'override' et redonnez-la comme « Corrections manuelles » pour corriger une lecture)</translation>
        </message>
        <message>
            <source>Review table: {path} ({n} events to check; fill in its 'override' column and give it back as 'Overrides' to correct a reading)</source>
            <translation>Table de vérification : {path} ({n} événements à contrôler ; remplissez sa colonne 'override' et redonnez-la comme « Corrections manuelles » pour corriger une lecture)</translation>
        </message>
        <message>
            <source>Rows skipped</source>
            <translation>Lignes ignorées</translation>
        </message>
        <message>
            <source>SOURCE {source} is not a source of the incidents (within START..END); their sources: {sources}</source>
            <translation>SOURCE {source} n'est pas une source des incidents (entre START et END) ; leurs sources : {sources}</translation>
        </message>
        <message>
            <source>SVG (one file per window; needs poppler's pdftocairo)</source>
            <translation>SVG (un fichier par période ; nécessite pdftocairo de poppler)</translation>
        </message>
        <message>
            <source>SYNTHETIC sample rows: coordinates not checked against a country</source>
            <translation>lignes de l'échantillon SYNTHÉTIQUE : coordonnées non vérifiées par rapport à un pays</translation>
        </message>
        <message>
            <source>Same-side events (both groups named on one side): {same_side}; read as joint operations: {joint}; left ambiguous: {ambiguous}</source>
            <translation>Événements d'un même côté (les deux groupes nommés du même côté) : {same_side} ; lus comme opérations conjointes : {joint} ; laissés ambigus : {ambiguous}</translation>
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
            <source>Second actor field (mapped format)</source>
            <translation>Champ du second acteur (format associé)</translation>
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
            <translation>Interaction spatio-temporelle (facultatif ; sortie de « Interaction spatio-temporelle »)</translation>
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
            <source>Start date</source>
            <translation>Date de début</translation>
        </message>
        <message>
            <source>Suggested colour-scale maximum</source>
            <translation>Maximum suggéré de l'échelle de couleurs</translation>
        </message>
        <message>
            <source>Sync time (UTC)</source>
            <translation>Heure de synchronisation (UTC)</translation>
        </message>
        <message>
            <source>The output format keeps no metadata: 'Score zones' will not know what the source covers (save as GeoPackage, or give the coverage when scoring).</source>
            <translation>Le format de sortie ne conserve pas de métadonnées : « Évaluer les zones » ne saura pas ce que couvre la source (enregistrez en GeoPackage, ou indiquez la couverture lors de l'évaluation).</translation>
        </message>
        <message>
            <source>The output format keeps no metadata: it cannot be updated from ACLED later and 'Score zones' will not know what it covers (save as GeoPackage).</source>
            <translation>Le format de sortie ne conserve pas de métadonnées : elle ne pourra pas être mise à jour depuis ACLED plus tard et « Évaluer les zones » ne saura pas ce qu'elle couvre (enregistrez en GeoPackage).</translation>
        </message>
        <message>
            <source>The zones' shapefile field names are read as the full ones.</source>
            <translation>Les noms de champs abrégés du shapefile des zones sont lus comme les noms complets.</translation>
        </message>
        <message>
            <source>Time windows</source>
            <translation>Découpage temporel</translation>
        </message>
        <message>
            <source>Title (default: '&lt;A&gt; and &lt;B&gt; in the Sahel: …')</source>
            <translation>Titre (par défaut : « &lt;A&gt; et &lt;B&gt; au Sahel : … »)</translation>
        </message>
        <message>
            <source>Too few events</source>
            <translation>Trop peu d'événements</translation>
        </message>
        <message>
            <source>UCDP GED CSV</source>
            <translation>CSV UCDP GED</translation>
        </message>
        <message>
            <source>UCDP GED country (the state at the time of the event) with no outline of that name: coordinates not checked</source>
            <translation>pays UCDP GED (l'État à la date de l'événement) sans contour de ce nom : coordonnées non vérifiées</translation>
        </message>
        <message>
            <source>Uncertainty patterns (CSV; default: the plugin's)</source>
            <translation>Motifs d'incertitude (CSV ; par défaut : ceux du plugin)</translation>
        </message>
        <message>
            <source>Updating the store</source>
            <translation>Mise à jour de la base</translation>
        </message>
        <message>
            <source>Weight</source>
            <translation>Pondération</translation>
        </message>
        <message>
            <source>Whole period</source>
            <translation>Toute la période</translation>
        </message>
        <message>
            <source>Window end (optional, inclusive)</source>
            <translation>Fin de la période (facultatif, incluse)</translation>
        </message>
        <message>
            <source>Window start (optional, inclusive)</source>
            <translation>Début de la période (facultatif, inclus)</translation>
        </message>
        <message>
            <source>Writing feature by feature ({reason})</source>
            <translation>Écriture entité par entité ({reason})</translation>
        </message>
        <message>
            <source>Writing incidents</source>
            <translation>Écriture des incidents</translation>
        </message>
        <message>
            <source>Writing the raster</source>
            <translation>Écriture du raster</translation>
        </message>
        <message>
            <source>Writing {format}: the file name ends in .{extension}</source>
            <translation>Écriture en {format} : le nom du fichier se termine par .{extension}</translation>
        </message>
        <message>
            <source>Wrote {path}</source>
            <translation>Écrit : {path}</translation>
        </message>
        <message>
            <source>Year</source>
            <translation>Année</translation>
        </message>
        <message>
            <source>Zones (optional)</source>
            <translation>Zones (facultatif)</translation>
        </message>
        <message>
            <source>Zones (optional; hexagons when empty)</source>
            <translation>Zones (facultatif ; hexagones si vide)</translation>
        </message>
        <message>
            <source>a cell holds a NUL byte</source>
            <translation>une cellule contient un octet NUL</translation>
        </message>
        <message>
            <source>a layer {name} ({kind})</source>
            <translation>une couche {name} ({kind})</translation>
        </message>
        <message>
            <source>a plain SQLite table {name} (not a GeoPackage layer)</source>
            <translation>une table SQLite simple {name} (pas une couche GeoPackage)</translation>
        </message>
        <message>
            <source>a view {name}</source>
            <translation>une vue {name}</translation>
        </message>
        <message>
            <source>added {added}, updated {updated}, deleted {deleted}, unchanged {unchanged}</source>
            <translation>ajoutés {added}, mis à jour {updated}, supprimés {deleted}, inchangés {unchanged}</translation>
        </message>
        <message>
            <source>ambiguous {n}: {reason}</source>
            <translation>{n} ambigus : {reason}</translation>
        </message>
        <message>
            <source>analyst overrides applied: {applied} ({changed} changed the plugin's reading)</source>
            <translation>corrections manuelles de l'analyste appliquées : {applied} ({changed} ont changé la lecture du plugin)</translation>
        </message>
        <message>
            <source>between {first} and {last}</source>
            <translation>entre {first} et {last}</translation>
        </message>
        <message>
            <source>cannot create the output {path}</source>
            <translation>impossible de créer la sortie {path}</translation>
        </message>
        <message>
            <source>cannot open the incidents layer</source>
            <translation>impossible d'ouvrir la couche des incidents</translation>
        </message>
        <message>
            <source>cannot open the scored zones layer</source>
            <translation>impossible d'ouvrir la couche des zones évaluées</translation>
        </message>
        <message>
            <source>cannot read model {path}</source>
            <translation>impossible de lire le modèle {path}</translation>
        </message>
        <message>
            <source>cannot write in {folder}: {error}</source>
            <translation>impossible d'écrire dans {folder} : {error}</translation>
        </message>
        <message>
            <source>coordinates (0, 0): a placeholder, not a place</source>
            <translation>coordonnées (0, 0) : une valeur de remplissage, pas un lieu</translation>
        </message>
        <message>
            <source>coordinates missing or not numbers</source>
            <translation>coordonnées manquantes ou non numériques</translation>
        </message>
        <message>
            <source>coordinates out of range</source>
            <translation>coordonnées hors limites</translation>
        </message>
        <message>
            <source>coordinates written with a decimal comma (13,9135): re-save the CSV with a decimal point (LibreOffice: English locale; Excel: File &gt; Options &gt; Advanced &gt; separators)</source>
            <translation>coordonnées écrites avec une virgule décimale (13,9135) : réenregistrez le CSV avec un point décimal (LibreOffice : paramètres régionaux anglais ; Excel : Fichier &gt; Options &gt; Options avancées &gt; séparateurs)</translation>
        </message>
        <message>
            <source>country not in the boundary table: coordinates not checked</source>
            <translation>pays absent de la table des frontières : coordonnées non vérifiées</translation>
        </message>
        <message>
            <source>date before the source's first year or after today</source>
            <translation>date antérieure à la première année de la source ou postérieure à aujourd'hui</translation>
        </message>
        <message>
            <source>date missing or not understood</source>
            <translation>date manquante ou non comprise</translation>
        </message>
        <message>
            <source>duplicate event id</source>
            <translation>identifiant d'événement en double</translation>
        </message>
        <message>
            <source>end date before the start date or after today: set to the start date</source>
            <translation>date de fin antérieure à la date de début ou postérieure à aujourd'hui : ramenée à la date de début</translation>
        </message>
        <message>
            <source>feature {fid} is a MultiPoint of {n} points: one event has one place. Split it first (Vector geometry &gt; Multipart to singleparts, native:multiparttosingleparts) and give each part its own event id</source>
            <translation>l'entité {fid} est un MultiPoint de {n} points : un événement a un seul lieu. Séparez-la d'abord (Géométrie vectorielle &gt; De morceaux multiples à morceaux uniques, native:multiparttosingleparts) et donnez à chaque partie son propre identifiant d'événement</translation>
        </message>
        <message>
            <source>file not found: {path}</source>
            <translation>fichier introuvable : {path}</translation>
        </message>
        <message>
            <source>file not found: {path} (a relative path is read from the current folder, {folder}; give the full path)</source>
            <translation>fichier introuvable : {path} (un chemin relatif est lu depuis le dossier courant, {folder} ; donnez le chemin complet)</translation>
        </message>
        <message>
            <source>kept {n}: {reason}</source>
            <translation>{n} lignes conservées : {reason}</translation>
        </message>
        <message>
            <source>latitude and longitude swapped</source>
            <translation>latitude et longitude inversées</translation>
        </message>
        <message>
            <source>line with the wrong number of fields</source>
            <translation>ligne avec un mauvais nombre de champs</translation>
        </message>
        <message>
            <source>min(pA, pB): overlap coefficient (share of activity in common)</source>
            <translation>min(pA, pB) : coefficient de chevauchement (part d'activité commune)</translation>
        </message>
        <message>
            <source>model {file}: steps not available: {steps}</source>
            <translation>modèle {file} : étapes non disponibles : {steps}</translation>
        </message>
        <message>
            <source>no actor of the preset (not kept)</source>
            <translation>aucun acteur du préréglage (non conservée)</translation>
        </message>
        <message>
            <source>no clash or joint operation read ({n}): {reason}</source>
            <translation>ni affrontement ni opération conjointe retenus ({n}) : {reason}</translation>
        </message>
        <message>
            <source>no country given: coordinates not checked against a country</source>
            <translation>aucun pays indiqué : coordonnées non vérifiées par rapport à un pays</translation>
        </message>
        <message>
            <source>no event of either group in the incidents (within START..END): nothing to score</source>
            <translation>aucun événement de l'un ou l'autre groupe dans les incidents (entre START et END) : rien à évaluer</translation>
        </message>
        <message>
            <source>no events of {a} or {b} {span}</source>
            <translation>aucun événement de {a} ou de {b} {span}</translation>
        </message>
        <message>
            <source>no events of {a} or {b} {span}; the layer has events from {first} to {last}</source>
            <translation>aucun événement de {a} ou de {b} {span} ; la couche a des événements du {first} au {last}</translation>
        </message>
        <message>
            <source>no events of {name} {span}: the overlap is 0</source>
            <translation>aucun événement de {name} {span} : le chevauchement est 0</translation>
        </message>
        <message>
            <source>no fatalities of {name} {span}: its surface is 0</source>
            <translation>aucune victime de {name} {span} : sa surface est 0</translation>
        </message>
        <message>
            <source>no file was written</source>
            <translation>aucun fichier n'a été écrit</translation>
        </message>
        <message>
            <source>no preset {name} in {where}; its presets: {presets}</source>
            <translation>aucun préréglage {name} dans {where} ; ses préréglages : {presets}</translation>
        </message>
        <message>
            <source>no preset {name} in {where}; its presets: {presets} (name one in 'Preset name', PRESET_NAME)</source>
            <translation>aucun préréglage {name} dans {where} ; ses préréglages : {presets} (nommez-en un dans « Nom du préréglage », PRESET_NAME)</translation>
        </message>
        <message>
            <source>none</source>
            <translation>aucune</translation>
        </message>
        <message>
            <source>note: {note}</source>
            <translation>remarque : {note}</translation>
        </message>
        <message>
            <source>page {page}: {n} rows so far</source>
            <translation>page {page} : {n} lignes jusqu'ici</translation>
        </message>
        <message>
            <source>skipped {n}: {reason}</source>
            <translation>{n} lignes ignorées : {reason}</translation>
        </message>
        <message>
            <source>sqrt(pA·pB): Bhattacharyya coefficient (smoother)</source>
            <translation>sqrt(pA·pB) : coefficient de Bhattacharyya (plus lisse)</translation>
        </message>
        <message>
            <source>text is not valid UTF-8</source>
            <translation>texte non valide en UTF-8</translation>
        </message>
        <message>
            <source>the alias table {file}</source>
            <translation>la table d'alias {file}</translation>
        </message>
        <message>
            <source>the attribute table {file} cannot be read back: {error}</source>
            <translation>la table attributaire {file} ne peut pas être relue : {error}</translation>
        </message>
        <message>
            <source>the attribute table {file} holds {held} of {records} rows: it was not written completely (the disk may be full); nothing was kept</source>
            <translation>la table attributaire {file} contient {held} lignes sur {records} : elle n'a pas été écrite entièrement (le disque est peut-être plein) ; rien n'a été conservé</translation>
        </message>
        <message>
            <source>the attribute table {file} was not written (the disk may be full)</source>
            <translation>la table attributaire {file} n'a pas été écrite (le disque est peut-être plein)</translation>
        </message>
        <message>
            <source>the first event</source>
            <translation>le premier événement</translation>
        </message>
        <message>
            <source>the incidents hold no event of {name}: every zone will be one-group or inactive. Score the layer with all groups (the import's output), not a per-group layer.</source>
            <translation>les incidents ne contiennent aucun événement de {name} : chaque zone sera à un seul groupe ou inactive. Évaluez la couche avec tous les groupes (la sortie de l'import), pas une couche par groupe.</translation>
        </message>
        <message>
            <source>the incidents mix sources ({sources}): they describe many of the same events, so a clash would be counted twice. Score one source: give its name in SOURCE.</source>
            <translation>les incidents mélangent des sources ({sources}) : elles décrivent en grande partie les mêmes événements, un affrontement serait donc compté deux fois. Évaluez une seule source : donnez son nom dans SOURCE.</translation>
        </message>
        <message>
            <source>the incidents were not written: {error}</source>
            <translation>les incidents n'ont pas été écrits : {error}</translation>
        </message>
        <message>
            <source>the incidents were not written: {error} (is the disk full?); nothing was kept</source>
            <translation>les incidents n'ont pas été écrits : {error} (le disque est-il plein ?) ; rien n'a été conservé</translation>
        </message>
        <message>
            <source>the incidents were not written: {error}{hint}; nothing was kept</source>
            <translation>les incidents n'ont pas été écrits : {error}{hint} ; rien n'a été conservé</translation>
        </message>
        <message>
            <source>the incidents were written, but not their import record (coverage): {error}; import again to record it</source>
            <translation>les incidents ont été écrits, mais pas leur fiche d'import (couverture) : {error} ; importez à nouveau pour l'enregistrer</translation>
        </message>
        <message>
            <source>the last event</source>
            <translation>le dernier événement</translation>
        </message>
        <message>
            <source>the output cannot be read back: {error}</source>
            <translation>la sortie ne peut pas être relue : {error}</translation>
        </message>
        <message>
            <source>the output holds {found} of {expected} features and an unfinished journal ({journal}): it was not written completely (the disk may be full); nothing was kept</source>
            <translation>la sortie contient {found} entités sur {expected} et un journal inachevé ({journal}) : elle n'a pas été écrite entièrement (le disque est peut-être plein) ; rien n'a été conservé</translation>
        </message>
        <message>
            <source>the output holds {found} of {expected} features: it was not written completely (the disk may be full); nothing was kept</source>
            <translation>la sortie contient {found} entités sur {expected} : elle n'a pas été écrite entièrement (le disque est peut-être plein) ; rien n'a été conservé</translation>
        </message>
        <message>
            <source>the output was not written completely (the disk may be full): {error}</source>
            <translation>la sortie n'a pas été écrite entièrement (le disque est peut-être plein) : {error}</translation>
        </message>
        <message>
            <source>the plugin's alias table</source>
            <translation>la table d'alias du plugin</translation>
        </message>
        <message>
            <source>the store holds ACLED's {stored} layout, not {chosen}: update it with the same layout, or fetch into a new store</source>
            <translation>la base contient la structure {stored} d'ACLED, pas {chosen} : mettez-la à jour avec la même structure, ou récupérez dans une nouvelle base</translation>
        </message>
        <message>
            <source>the store was fetched for {countries} from {first} to {last}; an update asks only for what changed since then, so it keeps those countries and that window (leave START and END as they were, or END empty). For other countries or days, fetch them into a new store.</source>
            <translation>la base a été récupérée pour {countries} du {first} au {last} ; une mise à jour ne demande que ce qui a changé depuis, elle garde donc ces pays et cette période (laissez START et END tels quels, ou END vide). Pour d'autres pays ou d'autres jours, récupérez-les dans une nouvelle base.</translation>
        </message>
        <message>
            <source>the store was made with the preset {stored}, not {chosen}: update it with that preset, or fetch into a new store</source>
            <translation>la base a été créée avec le préréglage {stored}, pas {chosen} : mettez-la à jour avec ce préréglage, ou récupérez dans une nouvelle base</translation>
        </message>
        <message>
            <source>the store was not changed: {error}</source>
            <translation>la base n'a pas été modifiée : {error}</translation>
        </message>
        <message>
            <source>the store was not updated: {error}</source>
            <translation>la base n'a pas été mise à jour : {error}</translation>
        </message>
        <message>
            <source>unknown format</source>
            <translation>format inconnu</translation>
        </message>
        <message>
            <source>{a} and {b} are the same file ({file}): one would overwrite the other. Give each output its own file (or its own table of a GeoPackage).</source>
            <translation>{a} et {b} sont le même fichier ({file}) : l'une écraserait l'autre. Donnez à chaque sortie son propre fichier (ou sa propre table d'un GeoPackage).</translation>
        </message>
        <message>
            <source>{a} and {b} are the same table {table} of file ({file}): one would overwrite the other. Give each output its own file (or its own table of a GeoPackage).</source>
            <translation>{a} et {b} sont la même table {table} du fichier ({file}) : l'une écraserait l'autre. Donnez à chaque sortie son propre fichier (ou sa propre table d'un GeoPackage).</translation>
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
            <source>{a}: {n_a} events, {b}: {n_b} events {span}; overlap index ({method}) = {index}; grid {nx} x {ny} cells of {cell} km in {crs}</source>
            <translation>{a} : {n_a} événements, {b} : {n_b} événements {span} ; indice de chevauchement ({method}) = {index} ; grille de {nx} x {ny} cellules de {cell} km en {crs}</translation>
        </message>
        <message>
            <source>{a}: {n_a}, {b}: {n_b}, clashes between them: {clashes}, joint operations: {joint}, ambiguous (never counted): {ambiguous}, other actors: {other}</source>
            <translation>{a} : {n_a}, {b} : {n_b}, affrontements entre eux : {clashes}, opérations conjointes : {joint}, ambigus (jamais comptés) : {ambiguous}, autres acteurs : {other}</translation>
        </message>
        <message>
            <source>{a}: {n_a}, {b}: {n_b}, clashes between them: {clashes}, joint operations: {joint}, ambiguous (never counted): {ambiguous}, other actors: {other} (not kept)</source>
            <translation>{a} : {n_a}, {b} : {n_b}, affrontements entre eux : {clashes}, opérations conjointes : {joint}, ambigus (jamais comptés) : {ambiguous}, autres acteurs : {other} (non conservés)</translation>
        </message>
        <message>
            <source>{b} only</source>
            <translation>{b} seul</translation>
        </message>
        <message>
            <source>{end} ({last}) is before {start} ({first})</source>
            <translation>{end} ({last}) est antérieur à {start} ({first})</translation>
        </message>
        <message>
            <source>{error}; nothing was written</source>
            <translation>{error} ; rien n'a été écrit</translation>
        </message>
        <message>
            <source>{file} cannot be opened to fold its write-ahead log in: {error}</source>
            <translation>{file} ne peut pas être ouvert pour y intégrer son journal d'écriture anticipée : {error}</translation>
        </message>
        <message>
            <source>{file} cannot be read: permission denied</source>
            <translation>{file} ne peut pas être lu : permission refusée</translation>
        </message>
        <message>
            <source>{file} is damaged or not a GeoPackage (no gpkg_contents table)</source>
            <translation>{file} est endommagé ou n'est pas un GeoPackage (pas de table gpkg_contents)</translation>
        </message>
        <message>
            <source>{file} is empty (0 bytes)</source>
            <translation>{file} est vide (0 octet)</translation>
        </message>
        <message>
            <source>{file} is not a GeoPackage (not an SQLite database)</source>
            <translation>{file} n'est pas un GeoPackage (pas une base SQLite)</translation>
        </message>
        <message>
            <source>{file} is not a layer QGIS can open (GDAL: {error})</source>
            <translation>{file} n'est pas une couche que QGIS peut ouvrir (GDAL : {error})</translation>
        </message>
        <message>
            <source>{file} is not a regular file (a pipe, socket or device): save it to a file</source>
            <translation>{file} n'est pas un fichier ordinaire (un tube, une socket ou un périphérique) : enregistrez-le dans un fichier</translation>
        </message>
        <message>
            <source>{file} is open in another program (its write-ahead log {log} is live): writing to it now would corrupt it. Close the layers or programs that use it (in QGIS: remove its layers from the project or stop editing them), then run again, or choose another output file.</source>
            <translation>{file} est ouvert dans un autre programme (son journal d'écriture anticipée {log} est actif) : y écrire maintenant le corromprait. Fermez les couches ou les programmes qui l'utilisent (dans QGIS : retirez ses couches du projet ou quittez le mode édition), puis relancez, ou choisissez un autre fichier de sortie.</translation>
        </message>
        <message>
            <source>{key} applies to a PostGIS table output (a file output is written whole); leave it empty</source>
            <translation>{key} s'applique à une sortie en table PostGIS (une sortie fichier est écrite en entier) ; laissez-le vide</translation>
        </message>
        <message>
            <source>{key}: a distance in km, 0 or more (got {value})</source>
            <translation>{key} : une distance en km, 0 ou plus (reçu {value})</translation>
        </message>
        <message>
            <source>{key}: a table can be added to an existing GeoPackage (.gpkg) only; {file} is kept. Choose a .gpkg file or a new file.</source>
            <translation>{key} : une table ne peut être ajoutée qu'à un GeoPackage (.gpkg) existant ; {file} est conservé. Choisissez un fichier .gpkg ou un nouveau fichier.</translation>
        </message>
        <message>
            <source>{key}: cannot open {value} as a table or a vector layer</source>
            <translation>{key} : impossible d'ouvrir {value} comme table ou couche vectorielle</translation>
        </message>
        <message>
            <source>{key}: name at least one country</source>
            <translation>{key} : nommez au moins un pays</translation>
        </message>
        <message>
            <source>{key}: name at least one country (ACLED's spelling)</source>
            <translation>{key} : nommez au moins un pays (orthographe d'ACLED)</translation>
        </message>
        <message>
            <source>{key}: the table {table} could not be added to {file} ({error}); the GeoPackage is as it was</source>
            <translation>{key} : la table {table} n'a pas pu être ajoutée à {file} ({error}) ; le GeoPackage est inchangé</translation>
        </message>
        <message>
            <source>{key}: {error}; nothing was written</source>
            <translation>{key} : {error} ; rien n'a été écrit</translation>
        </message>
        <message>
            <source>{key}: {file} already holds other layers or tables ({tables}); writing to it would replace the whole file and they would be lost. Choose a new file, or add a table to this GeoPackage ('Save to GeoPackage…' in the dialog; on the command line {example}).</source>
            <translation>{key} : {file} contient déjà d'autres couches ou tables ({tables}) ; y écrire remplacerait tout le fichier et elles seraient perdues. Choisissez un nouveau fichier, ou ajoutez une table à ce GeoPackage (« Enregistrer vers un GeoPackage… » dans la boîte de dialogue ; en ligne de commande {example}).</translation>
        </message>
        <message>
            <source>{key}: {file} already holds {what}; it is kept. Choose another table name, or set OVERWRITE_TABLE (advanced) to replace it.</source>
            <translation>{key} : {file} contient déjà {what} ; le fichier reste intact. Choisissez un autre nom de table, ou activez OVERWRITE_TABLE (paramètre avancé) pour la remplacer.</translation>
        </message>
        <message>
            <source>{key}: {file} already holds {what}; it is kept. Choose another table name.</source>
            <translation>{key} : {file} contient déjà {what} ; le fichier reste intact. Choisissez un autre nom de table.</translation>
        </message>
        <message>
            <source>{key}: {file} is not a regular file (a device, pipe or socket, or a link to one): it is kept. Choose a file.</source>
            <translation>{key} : {file} n'est pas un fichier ordinaire (un périphérique, un tube ou une socket, ou un lien vers l'un d'eux) : il est conservé. Choisissez un fichier.</translation>
        </message>
        <message>
            <source>{key}: {table} is a name GeoPackage keeps for its own tables (spatial indexes, metadata): choose another table name.</source>
            <translation>{key} : {table} est un nom que GeoPackage réserve à ses propres tables (index spatiaux, métadonnées) : choisissez un autre nom de table.</translation>
        </message>
        <message>
            <source>{layer} is not a point layer</source>
            <translation>{layer} n'est pas une couche de points</translation>
        </message>
        <message>
            <source>{name}: parallel and contested operation of armed groups</source>
            <translation>{name} : opérations parallèles et disputées de groupes armés</translation>
        </message>
        <message>
            <source>{n} changed rows are now dated outside {first}..{last}: not kept (their stored version is removed)</source>
            <translation>{n} lignes modifiées sont désormais datées hors de {first}..{last} : non conservées (leur version stockée est retirée)</translation>
        </message>
        <message>
            <source>{n} events lie farther outside their stated country than COUNTRY_KM: kept (field country_km); the review table (REVIEW_TABLE) lists them</source>
            <translation>{n} événements sont situés hors de leur pays déclaré à plus de COUNTRY_KM : conservés (champ country_km) ; la table de vérification (REVIEW_TABLE) les liste</translation>
        </message>
        <message>
            <source>{n} overrides name no same-side event of this file and were ignored: {ids}</source>
            <translation>{n} corrections manuelles ne désignent aucun événement d'un même côté de ce fichier et ont été ignorées : {ids}</translation>
        </message>
        <message>
            <source>{n} rows merged into their event (actor-based layout)</source>
            <translation>{n} lignes fusionnées dans leur événement (format par acteur)</translation>
        </message>
        <message>
            <source>{n} rows skipped; see the reasons above</source>
            <translation>{n} lignes ignorées ; voir les motifs ci-dessus</translation>
        </message>
        <message>
            <source>{output} is the file {input} reads ({file}): it would be overwritten. Choose another output file.</source>
            <translation>{output} est le fichier que lit {input} ({file}) : il serait écrasé. Choisissez un autre fichier de sortie.</translation>
        </message>
        <message>
            <source>{path} is a folder, not a file</source>
            <translation>{path} est un dossier, pas un fichier</translation>
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
