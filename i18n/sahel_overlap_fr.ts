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
            <translation>Garder dans le projet une couche « Carte de chaleur des chevauchements », recalculée pour la période affichée par la carte</translation>
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
            <source>  covers {country} from {first} to {last}</source>
            <translation>  couvre {country} du {first} au {last}</translation>
        </message>
        <message>
            <source>  low_data: {n} zone-windows: {note}</source>
            <translation>  low_data : {n} zones-périodes : {note}</translation>
        </message>
        <message>
            <source>  {cls}: {n} zone-windows</source>
            <translation>  {cls} : {n} zones-périodes</translation>
        </message>
        <message>
            <source>  {label}: {n} zone-windows</source>
            <translation>  {label} : {n} zones-périodes</translation>
        </message>
        <message>
            <source>  {n} zone-windows change class when the ambiguous events are given to one group (class_stable = 0)</source>
            <translation>  {n} zones-périodes changent de classe quand les événements ambigus sont attribués à un groupe (class_stable = 0)</translation>
        </message>
        <message>
            <source>  {n} zones of this window were still undecided when the sequential permutations reached their work budget or MAX_PERMUTATIONS: significant on their p, or else low_data (knox_perms and knox_p_se say how sure the p is).</source>
            <translation>  {n} zones de cette période étaient encore indécises quand les permutations séquentielles ont atteint leur budget de calcul ou MAX_PERMUTATIONS : significatives d'après leur p, sinon low_data (knox_perms et knox_p_se disent quelle confiance accorder au p).</translation>
        </message>
        <message>
            <source> (and {n} removed: their new version is no longer kept)</source>
            <translation> (et {n} retirés : leur nouvelle version n'est plus conservée)</translation>
        </message>
        <message>
            <source> (not kept)</source>
            <translation> (non conservés)</translation>
        </message>
        <message>
            <source> (the disk is full)</source>
            <translation> (le disque est plein)</translation>
        </message>
        <message>
            <source> (the file has columns named {there}, but the field mapping does not name them: map them too, or leave the whole mapping empty to read an ACLED or UCDP file by its header)</source>
            <translation> (le fichier a des colonnes nommées {there}, mais l'association des champs ne les nomme pas : associez-les aussi, ou laissez toute l'association vide pour lire un fichier ACLED ou UCDP d'après son en-tête)</translation>
        </message>
        <message>
            <source> (the folder or file is read-only, or you may not write there)</source>
            <translation> (le dossier ou le fichier est en lecture seule, ou vous n'avez pas le droit d'y écrire)</translation>
        </message>
        <message>
            <source> Where the window's pairs within 50 km exceed {budget}, a seeded random share of each group's events is used.</source>
            <translation> Là où les paires à moins de 50 km de la période dépassent {budget}, une part aléatoire (à graine fixe) des événements de chaque groupe est utilisée.</translation>
        </message>
        <message>
            <source> after {n} attempts</source>
            <translation> après {n} tentatives</translation>
        </message>
        <message>
            <source>(none)</source>
            <translation>(aucune)</translation>
        </message>
        <message>
            <source>({share} drawn)</source>
            <translation>({share} retenus)</translation>
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
            <source>; pooled in zones at {km} km / {days} days: {ratio}× (p = {p})</source>
            <translation> ; regroupé sur les zones à {km} km / {days} jours : {ratio}× (p = {p})</translation>
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
            <source>A zone-window is tested when it holds at least {m} events of each group (MIN_EVENTS): {n} zone-windows hold fewer.</source>
            <translation>Une zone-période est testée quand elle contient au moins {m} événements de chaque groupe (MIN_EVENTS) : {n} zones-périodes en contiennent moins.</translation>
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
            <source>ACLED refused the credentials (check the e-mail and password of your ACLED account)</source>
            <translation>ACLED a refusé les identifiants (vérifiez l'adresse e-mail et le mot de passe de votre compte ACLED)</translation>
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
            <source>ACLED's API at {url} answered no list of rows</source>
            <translation>l'API d'ACLED à {url} n'a renvoyé aucune liste de lignes</translation>
        </message>
        <message>
            <source>ACLED's API at {url} answered {what}</source>
            <translation>l'API d'ACLED à {url} a renvoyé {what}</translation>
        </message>
        <message>
            <source>ACLED's API at {url} did not answer JSON</source>
            <translation>l'API d'ACLED à {url} n'a pas répondu en JSON</translation>
        </message>
        <message>
            <source>ACLED's API at {url} failed: {what}{attempts}{detail}</source>
            <translation>échec de l'API d'ACLED à {url} : {what}{attempts}{detail}</translation>
        </message>
        <message>
            <source>ACLED's API at {url} refused the query{detail}</source>
            <translation>l'API d'ACLED à {url} a refusé la requête{detail}</translation>
        </message>
        <message>
            <source>ACLED's API at {url} sent page {page} again (it ignores paging); nothing was written</source>
            <translation>l'API d'ACLED à {url} a renvoyé de nouveau la page {page} (elle ignore la pagination) ; rien n'a été écrit</translation>
        </message>
        <message>
            <source>ACLED's token endpoint gave no access token</source>
            <translation>le service de jetons d'ACLED n'a fourni aucun jeton d'accès</translation>
        </message>
        <message>
            <source>Actor preset (group A vs group B)</source>
            <translation>Préréglage d'acteurs (groupe A contre groupe B)</translation>
        </message>
        <message>
            <source>Actor preset:</source>
            <translation>Préréglage d'acteurs :</translation>
        </message>
        <message>
            <source>Actor-based (one row per actor)</source>
            <translation>Par acteur (une ligne par acteur)</translation>
        </message>
        <message>
            <source>Adaptive zones: {sizes} (the finest hexagon where splitting leaves at most {share:.0%} of a cell's events in low-data or uncovered windows; the same zones in every window).</source>
            <translation>Zones adaptatives : {sizes} (l'hexagone le plus fin là où la division laisse au plus {share:.0%} des événements d'une cellule dans des périodes low_data ou non couvertes ; les mêmes zones dans chaque période).</translation>
        </message>
        <message>
            <source>Adaptive: hexagons of CELL_SIZE_KM where the events allow, up to 8 times larger where they are few (the same zones in every window)</source>
            <translation>Adaptatif : hexagones de CELL_SIZE_KM là où les événements le permettent, jusqu'à 8 fois plus grands là où ils sont rares (les mêmes zones dans chaque période)</translation>
        </message>
        <message>
            <source>Admin regions (Natural Earth)</source>
            <translation>Régions administratives (Natural Earth)</translation>
        </message>
        <message>
            <source>Alias table (CSV; default: the plugin's)</source>
            <translation>Table d'alias (CSV ; par défaut : celle de l'extension)</translation>
        </message>
        <message>
            <source>All files written (';')</source>
            <translation>Tous les fichiers écrits (séparés par ';')</translation>
        </message>
        <message>
            <source>All incidents ({a}, {b}, others)</source>
            <translation>Tous les incidents ({a}, {b}, autres)</translation>
        </message>
        <message>
            <source>Also write the theatre-relative co-location (colocation, lclq_*, clq_*_global; about 45 % false positives)</source>
            <translation>Écrire aussi la co-localisation relative au théâtre (colocation, lclq_*, clq_*_global ; environ 45 % de faux positifs)</translation>
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
            <source>Ambiguous {a}/{b} attribution</source>
            <translation>Attribution ambiguë {a}/{b}</translation>
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
            <source>Base map (Natural Earth)</source>
            <translation>Fond de carte (Natural Earth)</translation>
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
            <source>Canceled: the run did not finish and nothing was written</source>
            <translation>Annulé : l'exécution n'est pas allée à son terme et rien n'a été écrit</translation>
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
            <translation>Part d'affrontements à laquelle contested_score atteint 1 (contested dès la moitié)</translation>
        </message>
        <message>
            <source>Clashes and joint operations count for both groups; {weight}, bandwidth {bandwidth} km, cells {cell} km</source>
            <translation>Les affrontements et les opérations conjointes comptent pour les deux groupes ; {weight}, largeur de bande {bandwidth} km, cellules {cell} km</translation>
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
            <source>Class decided by ambiguous attributions</source>
            <translation>Classe décidée par des attributions ambiguës</translation>
        </message>
        <message>
            <source>Close in space: at most this many km apart</source>
            <translation>Proches dans l'espace : au plus ce nombre de km d'écart</translation>
        </message>
        <message>
            <source>Close in time: at most this many days apart</source>
            <translation>Proches dans le temps : au plus ce nombre de jours d'écart</translation>
        </message>
        <message>
            <source>Co-location quotient + clash share, Sahel Overlap</source>
            <translation>quotient de co-localisation + part des affrontements, Sahel Overlap</translation>
        </message>
        <message>
            <source>Colour: the ratio alone. Outlined, with *: p &lt; 0.05 (two-sided, dates permuted within each group); other cells are within chance, whatever their colour. Red: more pairs than chance. p is per cell (16 cells per window: about one in 20 null cells is marked by chance).</source>
            <translation>Couleur : le rapport seul. Encadrées, avec * : p &lt; 0.05 (bilatéral, dates permutées au sein de chaque groupe) ; les autres cellules restent dans les limites du hasard, quelle que soit leur couleur. Rouge : plus de paires que le hasard. p est calculée par cellule (16 cellules par période : environ une cellule sans interaction réelle sur 20 est marquée par hasard).</translation>
        </message>
        <message>
            <source>Computing {window}…</source>
            <translation>Calcul de {window}…</translation>
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
            <source>Could not load incidents: {error}</source>
            <translation>Impossible de charger les incidents : {error}</translation>
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
            <source>Countries (Natural Earth)</source>
            <translation>Pays (Natural Earth)</translation>
        </message>
        <message>
            <source>Countries the source covers, comma-separated (optional)</source>
            <translation>Pays couverts par la source, séparés par des virgules (facultatif)</translation>
        </message>
        <message>
            <source>Coverage unknown: the incidents carry no import record (import them with 'Import incidents' into a GeoPackage, or give COVERAGE_START/END). No zone is classed no_data; coverage is left empty.</source>
            <translation>Couverture inconnue : les incidents ne portent aucune trace d'import (importez-les avec « Importer des incidents » dans un GeoPackage, ou donnez COVERAGE_START/END). Aucune zone n'est classée no_data ; la couverture reste vide.</translation>
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
            <source>Data: {source}.</source>
            <translation>Données : {source}.</translation>
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
            <translation>Les violences d'un groupe suivent-elles celles de l'autre, à proximité, en quelques jours ? Un test de Knox à deux groupes par zone et par période.

Par zone (vos polygones, ou les hexagones de la grille fixe à aires égales) et par période : le nombre de paires d'événements (A, B) distants d'au plus DISTANCE_KM et DAYS (knox_pairs), son espérance quand les dates sont permutées au sein de chaque groupe parmi les événements propres de ce groupe dans la zone-période (knox_expected : chaque groupe garde ses lieux et son calendrier), leur rapport, une valeur p de Monte-Carlo bilatérale (knox_p ; PERMUTATIONS et SEED la rendent reproductible) avec son erreur type de Monte-Carlo (knox_p_se) et le nombre de permutations effectuées (knox_perms), un score z tiré de la variance exacte de permutation (knox_z) et les valeurs q de Benjamini-Hochberg sur les zones de la période (knox_q). Les zones dont la décision n'est pas tranchée par les PERMUTATIONS initiales (une valeur p au plancher ou près du plancher pour le nombre de zones testées) en reçoivent davantage, en doublant, jusqu'à MAX_PERMUTATIONS ; les zones clairement non significatives s'arrêtent au premier passage. Sens : parmi les paires proches à des jours différents, la part où l'événement de B suit celui de A (b_after_a), son espérance et son propre test (b_after_a_p).

Classes (interaction) : attraction / avoidance (knox_q &lt; 0.05, plus / moins de paires proches que le hasard), none (non significatif, alors que la significativité était à portée), low_data (moins de MIN_EVENTS événements d'un groupe, aucune paire à moins de DISTANCE_KM, toutes les paires à moins de cette distance, moins de 3 paires proches attendues sans rien de significatif : même l'absence de toute paire proche n'aurait pas montré d'évitement, ou une zone qui ne pourrait pas être significative seule parmi les zones testées, même avec MAX_PERMUTATIONS ou avec son nombre de paires le plus extrême ; knox_note dit lequel).

Réponse regroupée par période : les paires proches additionnées sur les zones testées, dates permutées au sein de chaque zone et de chaque groupe ; rapport, p et z dans le journal, les métadonnées de la sortie et les titres des panneaux du graphique de Knox.

Les zones doivent être plusieurs fois plus larges que DISTANCE_KM : le test compare les paires proches dans l'espace aux autres paires de la zone, donc dans une zone pas plus large que la distance, les deux calendriers suffisent à fixer le décompte. D'où des hexagones de 100 km par défaut, et non les 25 km de scorezones : donnez aux deux les mêmes ZONES pour les comparer zone par zone.

Exclus : les affrontements entre les groupes, leurs opérations conjointes (les deux relèvent du contact, non de la succession : un événement des deux groupes n'est pas une paire d'événements) et les attributions ambiguës (incertitude), ainsi que les événements dont le jour n'est pas connu (ACLED time_precision 2-3, GED date_prec 2+), sauf avec KEEP_IMPRECISE_DATES.

Seconde sortie : la table de Knox globale de chaque période (bandes de distance 5/10/25/50 km x bandes de temps 3/7/14/30 jours : paires, attendues, rapport, p ; dates permutées au sein de chaque groupe sur toute la période, GLOBAL_PERMUTATIONS), en table et en graphique de type carte de chaleur (PNG et SVG ; cellules à p &lt; 0.05 encadrées). Les métadonnées de la sortie et la sortie PROVENANCE indiquent comment elle a été produite. Champs et limites : docs/methodology.md.</translation>
        </message>
        <message>
            <source>Draws the scored zones (output of 'Score zones') and the incidents on the plugin's landscape A4 layout: zone classes with the groups' names in the legend (a pattern keeps each class apart on a greyscale print), zone names when the zones have a name field, group A's incidents red, group B's blue, clashes between them as dark stars, countries and admin regions from QGIS's Natural Earth map, scale bar, north arrow, locator inset, a chart of all groups' events per month, the data source with its attribution, the method, how the zones were scored (when their metadata says) and the export date. Every text is at least 7 pt at print size.

One page per time window: each page's map shows only the zones and the incidents of its window. Unchecked, a single page shows the most recent window; score with the 'whole period' window for one map of everything. Whichever of the plugin's per-group layers you pick as INCIDENTS, the map and its chart show all groups.

PDF: one file, one page per window, vector maps and chart, selectable text, title, subject and data source in its properties. PNG and SVG: one file per window, named &lt;output&gt;_&lt;window&gt;&lt;extension&gt;, the window being 2019 (a year), 2019-Q1 (a quarter), 2019-03 (a month) or 20170302-20221231 (any other range); OUTPUT is then the first file and FILES lists them all, separated by ';'. SVG pages are converted from the PDF with poppler's pdftocairo (Debian/Ubuntu: poppler-utils), because QGIS 3.22's own SVG export leaves the maps unclipped; without it the algorithm says so and writes nothing.

The inputs are only read (never opened for writing). Names from the data (groups, zones, sources) are printed as they are, never evaluated as QGIS expressions.

INTERACTION (optional): the output of 'Space-time interaction between the two groups', run with the same windows; zone-windows it classed attraction (solid) or avoidance (dashed) are outlined over the zone classes, with a legend entry.

To edit the map before exporting, use the plugin menu's 'Export overlap map…', which opens the same layout in the layout designer.</source>
            <translation>Dessine les zones évaluées (sortie de « Évaluer les zones ») et les incidents sur la mise en page A4 paysage de l'extension : classes de zones avec les noms des groupes dans la légende (un motif distingue chaque classe sur une impression en niveaux de gris), noms des zones quand les zones ont un champ de nom, incidents du groupe A en rouge, ceux du groupe B en bleu, affrontements entre eux en étoiles sombres, pays et régions administratives de la carte Natural Earth de QGIS, barre d'échelle, flèche du nord, carte de situation, graphique des événements de tous les groupes par mois, source des données avec son attribution, méthode, manière dont les zones ont été évaluées (quand leurs métadonnées l'indiquent) et date de l'export. Chaque texte mesure au moins 7 pt à la taille d'impression.

Une page par période : la carte de chaque page ne montre que les zones et les incidents de sa période. Décoché, une seule page montre la période la plus récente ; évaluez avec le découpage « toute la période » pour une seule carte de l'ensemble. Quelle que soit la couche par groupe de l'extension choisie comme INCIDENTS, la carte et son graphique montrent tous les groupes.

PDF : un fichier, une page par période, cartes et graphique vectoriels, texte sélectionnable, titre, sujet et source des données dans ses propriétés. PNG et SVG : un fichier par période, nommé &lt;output&gt;_&lt;window&gt;&lt;extension&gt;, la période étant 2019 (une année), 2019-Q1 (un trimestre), 2019-03 (un mois) ou 20170302-20221231 (toute autre plage) ; OUTPUT est alors le premier fichier et FILES les liste tous, séparés par ';'. Les pages SVG sont converties depuis le PDF avec pdftocairo de poppler (Debian/Ubuntu : poppler-utils), car l'export SVG de QGIS 3.22 laisse les cartes non découpées ; sans lui, l'algorithme le signale et n'écrit rien.

Les entrées sont seulement lues (jamais ouvertes en écriture). Les noms issus des données (groupes, zones, sources) sont imprimés tels quels, jamais évalués comme expressions QGIS.

INTERACTION (facultatif) : la sortie de « Interaction spatio-temporelle entre les deux groupes », exécutée avec les mêmes périodes ; les zones-périodes qu'elle a classées attraction (trait plein) ou évitement (tirets) sont entourées par-dessus les classes de zones, avec une entrée de légende.

Pour modifier la carte avant de l'exporter, utilisez « Exporter la carte des chevauchements… » du menu de l'extension, qui ouvre la même mise en page dans le concepteur de mise en page.</translation>
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
            <source>Events outside every zone</source>
            <translation>Événements hors de toute zone</translation>
        </message>
        <message>
            <source>Events per month</source>
            <translation>Événements par mois</translation>
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
            <source>Export overlap map…</source>
            <translation>Exporter la carte des chevauchements…</translation>
        </message>
        <message>
            <source>Export the animation to a folder</source>
            <translation>Exporter l'animation dans un dossier</translation>
        </message>
        <message>
            <source>Exported {date}</source>
            <translation>Exporté le {date}</translation>
        </message>
        <message>
            <source>Fatalities</source>
            <translation>Morts</translation>
        </message>
        <message>
            <source>Fatalities field (mapped format)</source>
            <translation>Champ du nombre de morts (format associé)</translation>
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
            <translation>Nombre minimal d'affrontements pour une zone disputée</translation>
        </message>
        <message>
            <source>Fewest events of each group to test a zone (else low_data)</source>
            <translation>Nombre minimal d'événements de chaque groupe pour tester une zone (sinon low_data)</translation>
        </message>
        <message>
            <source>Fewest events to classify a zone (else low_data)</source>
            <translation>Nombre minimal d'événements pour classer une zone (sinon low_data)</translation>
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
            <source>First {n} windows not shown.</source>
            <translation>Les {n} premières périodes ne sont pas affichées.</translation>
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
            <translation>Graphique de Knox global (PNG)</translation>
        </message>
        <message>
            <source>Global Knox chart (SVG)</source>
            <translation>Graphique de Knox global (SVG)</translation>
        </message>
        <message>
            <source>Global Knox table</source>
            <translation>Table de Knox globale</translation>
        </message>
        <message>
            <source>Global co-location quotient A to B (last window)</source>
            <translation>Quotient de co-localisation global de A vers B (dernière période)</translation>
        </message>
        <message>
            <source>Global co-location quotient B to A (last window)</source>
            <translation>Quotient de co-localisation global de B vers A (dernière période)</translation>
        </message>
        <message>
            <source>Global table: {n} windows use a random share of the events (smallest {share:.0%}) to keep the pairs within 50 km under {budget}.</source>
            <translation>Table globale : {n} périodes utilisent une part aléatoire des événements (la plus petite : {share:.0%}) pour garder les paires à moins de 50 km sous {budget}.</translation>
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
            <source>Groups: a = {a}, b = {b}; equal-area CRS: {crs}</source>
            <translation>Groupes : a = {a}, b = {b} ; SCR à aires égales : {crs}</translation>
        </message>
        <message>
            <source>Groups: a = {a}, b = {b}; equal-area CRS: {crs}; close = within {km:g} km and {days} days.</source>
            <translation>Groupes : a = {a}, b = {b} ; SCR à aires égales : {crs} ; proches = à moins de {km:g} km et {days} jours.</translation>
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
            <translation>Taille des hexagones quand aucune zone n'est donnée (km entre centres)</translation>
        </message>
        <message>
            <source>Hexagons of {km:g} km are less than twice DISTANCE_KM ({distance:g} km): most pairs of a hexagon are close in space, so the per-zone test has little to compare. Use hexagons of 3-4 x DISTANCE_KM or a smaller DISTANCE_KM.</source>
            <translation>Des hexagones de {km:g} km font moins du double de DISTANCE_KM ({distance:g} km) : la plupart des paires d'un hexagone sont proches dans l'espace, le test par zone a donc peu à comparer. Utilisez des hexagones de 3 à 4 x DISTANCE_KM ou une DISTANCE_KM plus petite.</translation>
        </message>
        <message>
            <source>Hexagons when no zones are given</source>
            <translation>Hexagones quand aucune zone n'est donnée</translation>
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
            <translation>Garder les événements dont le jour n'est pas connu (ACLED time_precision 2-3)</translation>
        </message>
        <message>
            <source>Kept {n} events whose day is not known (time precision 2+): their dates are the first day of a week or month, which blurs DAYS.</source>
            <translation>{n} événements dont le jour n'est pas connu sont gardés (précision temporelle 2+) : leur date est le premier jour d'une semaine ou d'un mois, ce qui brouille DAYS.</translation>
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

Entrée : incidents au schéma standard de l'extension (exécutez d'abord « Importer des incidents »). L'activité d'un groupe comprend ses propres événements plus les affrontements entre les deux groupes et leurs opérations conjointes ; les attributions ambiguës sont exclues. Les événements qui durent plusieurs jours comptent dans chaque période qu'ils recouvrent. Le début et la fin sont facultatifs (dates incluses).

Noyau gaussien, largeur de bande = son écart type en km (coupé à 4 largeurs de bande). Pondération : chaque événement compte 1, ou son nombre de morts.

Sortie : un GeoTIFF à 3 bandes dans la projection équivalente : 1 la surface de chevauchement (probabilité partagée par km² ; sa somme, multipliée par l'aire d'une cellule, donne l'indice de chevauchement), 2 et 3 les densités des groupes A et B (événements ou morts par km²). La grille couvre tous les événements de la couche (avec une marge de 4 largeurs de bande) quelle que soit la période, de sorte que les rasters de périodes différentes se superposent cellule par cellule.

Méthode : min(pA, pB) donne le coefficient de chevauchement (0 = jamais aux mêmes endroits, 1 = répartition spatiale identique) ; sqrt(pA·pB) le coefficient de Bhattacharyya. OVERLAP_INDEX renvoie cette valeur pour les modèles.</translation>
        </message>
        <message>
            <source>Knox chart written: {path}</source>
            <translation>Graphique de Knox écrit : {path}</translation>
        </message>
        <message>
            <source>Knox test: {zones} zones, {windows} windows, {perms} permutations</source>
            <translation>Test de Knox : {zones} zones, {windows} périodes, {perms} permutations</translation>
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
            <translation>Couverture minimale (part de surface × part de jours) pour conclure à une absence (inactive, unattributed, low_data, un seul groupe, undetermined)</translation>
        </message>
        <message>
            <source>Leave events located only to a region (geo_precision 3) out of the co-location tests</source>
            <translation>Exclure des tests de co-localisation les événements localisés seulement à une région (geo_precision 3)</translation>
        </message>
        <message>
            <source>Left out of {a} and {b}: {clashes} clashes between them, {joint} joint operations, {ambiguous} ambiguous attributions and {other} events of other actors (contact and uncertainty, not sequence).</source>
            <translation>Exclus des événements des groupes {a} et {b} : {clashes} affrontements entre eux, {joint} opérations conjointes, {ambiguous} attributions ambiguës et {other} événements d'autres acteurs (contact et incertitude, non succession).</translation>
        </message>
        <message>
            <source>Left out {n} events whose day is not known (ACLED time_precision 2-3, GED date_prec 2+); KEEP_IMPRECISE_DATES keeps them.</source>
            <translation>{n} événements dont le jour n'est pas connu sont exclus (ACLED time_precision 2-3, GED date_prec 2+) ; KEEP_IMPRECISE_DATES les garde.</translation>
        </message>
        <message>
            <source>Left out {n} zones with empty or unrepairable geometry.</source>
            <translation>{n} zones à géométrie vide ou irréparable sont exclues.</translation>
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
            <source>Locator (Natural Earth)</source>
            <translation>Carte de situation (Natural Earth)</translation>
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
            <source>Method: {method} {version}</source>
            <translation>Méthode : {method} {version}</translation>
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
            <translation>Nombre maximal de permutations pour une zone dont la décision n'est pas tranchée</translation>
        </message>
        <message>
            <source>Most time windows scored (more is usually a wrong date)</source>
            <translation>Nombre maximal de périodes évaluées (au-delà, c'est en général une date erronée)</translation>
        </message>
        <message>
            <source>Most time windows tested (more is usually a wrong date)</source>
            <translation>Nombre maximal de périodes testées (au-delà, c'est en général une date erronée)</translation>
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
            <source>Notes field (mapped format; tells joint operations apart)</source>
            <translation>Champ des notes (format associé ; distingue les opérations conjointes)</translation>
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
            <source>Other actors</source>
            <translation>Autres acteurs</translation>
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
            <source>Overlap heatmap files removed</source>
            <translation>Fichiers de la carte de chaleur des chevauchements supprimés</translation>
        </message>
        <message>
            <source>Overlap index (0 = apart, 1 = identical)</source>
            <translation>Indice de chevauchement (0 = séparés, 1 = identiques)</translation>
        </message>
        <message>
            <source>Overlap index: –</source>
            <translation>Indice de chevauchement : –</translation>
        </message>
        <message>
            <source>Overlap map (PDF, one page per window)</source>
            <translation>Carte des chevauchements (PDF, une page par période)</translation>
        </message>
        <message>
            <source>Overlap map layers ({zones})</source>
            <translation>Couches de la carte des chevauchements ({zones})</translation>
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
            <source>PDF page {page} of {pages}</source>
            <translation>Page PDF {page} sur {pages}</translation>
        </message>
        <message>
            <source>PNG (one image per window)</source>
            <translation>PNG (une image par période)</translation>
        </message>
        <message>
            <source>Page {page} of {pages}: {window}</source>
            <translation>Page {page} sur {pages} : {window}</translation>
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
            <source>Parallel: both {a} and {b} active in a zone, few or no fights between them. Contested: both active and clashing. Cooperation: joint operations (both named on one side, no doubt in the notes). Incidents shown are those of the window; ambiguous attributions are left out.</source>
            <translation>Opérations parallèles : {a} et {b} tous deux actifs dans une zone, peu ou pas d'affrontements entre eux. Zone disputée : tous deux actifs et s'affrontant. Coopération : opérations conjointes (tous deux nommés du même côté, aucun doute dans les notes). Les incidents affichés sont ceux de la période ; les attributions ambiguës sont écartées.</translation>
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
            <translation>Permutations pour la table globale</translation>
        </message>
        <message>
            <source>Permutations for the per-zone test</source>
            <translation>Permutations pour le test par zone</translation>
        </message>
        <message>
            <source>Permutations for the significance test</source>
            <translation>Permutations pour le test de significativité</translation>
        </message>
        <message>
            <source>Plain hexagons of CELL_SIZE_KM</source>
            <translation>Hexagones simples de CELL_SIZE_KM</translation>
        </message>
        <message>
            <source>Play</source>
            <translation>Lecture</translation>
        </message>
        <message>
            <source>Pooled (panel titles): the per-zone test's close pairs summed over the zones, dates permuted within each zone and group.</source>
            <translation>Regroupé (titres des graphiques) : les paires proches du test par zone, additionnées sur les zones, dates permutées au sein de chaque zone et de chaque groupe.</translation>
        </message>
        <message>
            <source>Pooled over {zones} zones (those with pairs to permute, MIN_EVENTS or not), {when}: {pairs} close pairs against {expected:.1f} expected (ratio {ratio:.2f}), p = {p:.3g} ({perms} permutations, dates within each zone and group), z = {z:.2f}.</source>
            <translation>Regroupé sur {zones} zones (celles qui ont des paires à permuter, MIN_EVENTS atteint ou non), {when} : {pairs} paires proches contre {expected:.1f} attendues (rapport {ratio:.2f}), p = {p:.3g} ({perms} permutations, dates au sein de chaque zone et groupe), z = {z:.2f}.</translation>
        </message>
        <message>
            <source>Pooled, {when}: no zone tested.</source>
            <translation>Regroupé, {when} : aucune zone testée.</translation>
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
            <translation>Provenance (JSON, comme dans les métadonnées)</translation>
        </message>
        <message>
            <source>QGIS cannot open {path}</source>
            <translation>QGIS ne peut pas ouvrir {path}</translation>
        </message>
        <message>
            <source>Quarter</source>
            <translation>Trimestre</translation>
        </message>
        <message>
            <source>Random seed</source>
            <translation>Graine aléatoire</translation>
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
            <source>Reading the incidents…</source>
            <translation>Lecture des incidents…</translation>
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
            <translation>Lit un export ACLED (dyadique ou par acteur), un CSV UCDP GED ou toute table ou couche de points aux champs associés, et écrit un point par événement dans le schéma d'incidents standard de l'extension (EPSG:4326).

Les acteurs sont rapprochés des deux groupes du préréglage avec la table d'alias modifiable (data/actor_presets.csv, ou la vôtre dans « Table d'alias » : le préréglage est alors celui nommé dans « Nom du préréglage », sinon le « Préréglage d'acteurs » choisi si la table le contient, sinon le seul préréglage de la table). Chaque événement reçoit un côté : a, b, clash (les deux groupes s'affrontent), joint (une opération conjointe : voir plus bas), ambiguous (attributions « A et/ou B », jamais comptées pour l'un ou l'autre groupe) ou other.

Les deux groupes nommés du même côté (acteur et acteur associé ; dans UCDP GED, tous deux dans la liste d'acteurs d'un même côté) ne font une opération conjointe que si les notes de l'événement n'expriment aucun doute sur l'auteur : des notes contenant un mot de la table d'incertitude (data/uncertainty_patterns.csv ou la vôtre : 'or', 'presumed', 'suspected', 'ou', 'présumés', ...) le laissent ambigu, de même qu'un nom « et/ou » ou un groupe des deux côtés. Le journal indique combien ont été lus de chaque façon et pourquoi. « Table de vérification » écrit ces événements (lieu, date, acteurs, notes, lecture, motif) en CSV ; remplissez sa colonne 'override' (joint, ambiguous ou clash) et redonnez-la comme « Corrections manuelles » pour corriger la lecture ; son empreinte entre dans la provenance.

La structure par acteur d'ACLED répète un événement une fois par acteur : les lignes partageant event_id_cnty sont fusionnées en un événement, et une ligne pour chaque groupe sous un même identifiant est un affrontement. UCDP GED : un événement non étatique (type 2) entre les groupes est un affrontement.

Un groupe nommé seulement comme associé d'un tiers (l'armée, une milice, des civils) ne fait ni affrontement ni opération conjointe : l'événement est celui de l'autre groupe, listé dans la table de vérification avec le motif ; une correction manuelle 'clash' rétablit l'affrontement.

Toute ligne aux coordonnées valides est conservée. Le champ country_km contient la distance géodésique (ellipsoïde WGS84) du point au contour de son pays déclaré (Natural Earth ; 0 à l'intérieur, vide là où ce n'est pas vérifié) ; les lignes à plus de 'COUNTRY_KM' (10 km par défaut) à l'extérieur sont comptées dans le journal et listées dans la table de vérification. Le pays d'UCDP GED est l'État à la date de l'événement : il est comparé là où Natural Earth a un contour de ce nom, et le journal le signale sinon.

Les lignes inutilisables (date non comprise, coordonnées manquantes, hors limites ou inversées, texte non UTF-8, identifiants en double, lignes au mauvais nombre de champs) sont ignorées et comptées par motif dans le journal. Le fichier d'entrée n'est jamais modifié.

Dans une table PostGIS qui contient déjà des événements, un import ajoute les nouveaux événements et met à jour ceux qui ont changé, par (source, identifiant d'événement) ; il ne supprime rien, de sorte qu'un export filtré (certains acteurs, un échantillon) ne retire jamais ce qu'il ne contient pas. « Périmètre de remplacement » (REPLACE_SCOPE, p. ex. 'Burkina Faso;Mali 2019-01-01/2022-12-31') indique que l'export est complet pour ces pays et ces jours, tous acteurs et types d'événements confondus : les événements de la source qui s'y trouvent et qu'il ne contient pas sont supprimés, le journal indique combien, et un import qui supprimerait plus d'événements qu'il n'en contient là est refusé sauf si « Confirmer les suppressions » (CONFIRM_DELETE) est coché.</translation>
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
            <source>Repaired {n} invalid zone geometries.</source>
            <translation>{n} géométries de zones invalides réparées.</translation>
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
            <source>SYNTHETIC sample data (generated, not real events)</source>
            <translation>Données d'exemple SYNTHÉTIQUES (générées, pas des événements réels)</translation>
        </message>
        <message>
            <source>SYNTHETIC sample data — not real events (generated in the ACLED format by Sahel Overlap)</source>
            <translation>Données d'exemple SYNTHÉTIQUES, non réelles (générées au format ACLED par Sahel Overlap)</translation>
        </message>
        <message>
            <source>SYNTHETIC sample rows: coordinates not checked against a country</source>
            <translation>lignes de l'échantillon SYNTHÉTIQUE : coordonnées non vérifiées par rapport à un pays</translation>
        </message>
        <message>
            <source>Sahel Overlap map</source>
            <translation>Carte Sahel Overlap</translation>
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
            <source>Same-side events (both groups named on one side): {same_side}; read as joint operations: {joint}; left ambiguous: {ambiguous}</source>
            <translation>Événements d'un même côté (les deux groupes nommés du même côté) : {same_side} ; lus comme opérations conjointes : {joint} ; laissés ambigus : {ambiguous}</translation>
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
            <translation>Évalue chaque zone (vos polygones, ou les hexagones d'une grille fixe à aires égales) et chaque période : la source la couvre-t-elle, les deux groupes de la couche d'incidents partagent-ils le terrain et, là où c'est le cas, s'affrontent-ils ?

Sans ZONES, les zones sont adaptatives (ZONING) : chaque lieu reçoit la cellule la plus fine d'une hiérarchie fixe, des hexagones de CELL_SIZE_KM regroupés par environ 4, 16 ou 64 (2, 4, 8 fois la taille), que ses événements permettent de classer : une cellule est divisée sauf si cela mettrait plus de 10 % de ses événements dans des zones-périodes low_data. Les zones sont choisies une fois pour toute l'exécution, si bien que chacune est la même dans chaque période ; zone_id désigne le même terrain à chaque exécution, zone_hexagons liste ses hexagones. ZONING « Hexagones simples » (ou CELL_SIZE_KM donné dans un script sans ZONING) donne des hexagones simples de CELL_SIZE_KM.

Classes, dans l'ordre (la première règle vérifiée l'emporte) : no_data (la source ne couvre pas la zone-période et celle-ci ne contient aucun événement) ; inactive ; unattributed (au moins MIN_EVENTS événements des groupes, tous « A et/ou B » ; moins : low_data) ; contested (au moins MIN_CLASHES affrontements et une part d'affrontements d'au moins CLASH_SHARE/2, quels que soient les autres événements) ; skirmish (au moins MIN_CLASHES affrontements, une part sous ce seuil : les affrontements observés ne sont jamais masqués) ; cooperative (au moins 2 opérations conjointes des groupes) ; low_data (moins de MIN_EVENTS événements) ; a_only / b_only (un groupe seul, ou l'autre sous MIN_SHARE, et aucun affrontement) ; undetermined (les deux présents mais trop peu d'événements pour exclure une part d'affrontements de CLASH_SHARE : la borne supérieure à 95 % de son intervalle de Clopper-Pearson l'atteint ou la dépasse ; ou un affrontement avec un groupe minoritaire sous MIN_SHARE ; ou des événements propres des deux groupes dans moins de 2 mois communs) ; partitioned (le test intra-zone trouve les deux groupes séparés, p_wab et p_wba &lt; 0.05, aussi en comptant une seule fois chaque lieu d'un groupe et, avec au moins 5 événements précis de chaque groupe, sur les événements précis) ; parallel (les deux présents, avec des événements propres dans au moins 2 mois communs). Les classes qui reposent sur une absence (inactive, unattributed, low_data, a_only, b_only, undetermined) exigent une couverture d'au moins MIN_COVERAGE, sinon no_data ; les autres reposent sur des événements observés et valent quelle que soit la couverture. class_reason en donne la raison en toutes lettres, avec les affrontements et la couverture.

Robuste aux points empilés : places_a/b (coordonnées distinctes des événements propres de chaque groupe), p_wab/wba_places (le test intra-zone en comptant une seule fois chaque lieu d'un groupe), p_wab/wba_precise (sur les seuls événements de geo_precision 1 ; vide avec moins de 5 événements de chaque groupe) ; tous deux calculés sur les zones-périodes classées séparées d'après les événements (les seules dont ils décident la classe), vides ailleurs.

Par zone et par période également : nombres d'événements et de morts par groupe (un affrontement ou une opération conjointe compte pour les deux, une seule fois parmi les événements distincts ; events_joint, fatal_joint), part d'affrontements avec son intervalle à 90 % (clash_share_lo/hi), les quotients de co-localisation intra-zone (wclq_ab/ba : voisins et mélange attendu pris dans la zone) avec leurs valeurs p de permutation (p_wab/wba) et les valeurs q de Benjamini-Hochberg sur les zones de la période (q_wab/wba) ; avec THEATRE_CLQ seulement, les quotients relatifs au théâtre (lclq_ab/ba, colocation, clq_ab/ba_global et les sorties CLQ_AB/BA : le mélange de la zone comparé à l'ensemble des données ; environ 45 % de faux positifs sous une permutation intra-zone, docs/methodology.md) ; la couverture (part de la zone-période que la source couvre : d'après les métadonnées de l'import, ou COVERAGE_START/END et COVERAGE_COUNTRIES) ; la classe avec les événements ambigus comptés pour A ou pour B (class_if_ambiguous_a/b, class_stable) ; la classe précédente de la zone et la transition.

Les affrontements et les opérations conjointes sont exclus des tests de co-localisation, et les opérations conjointes restent conjointes dans class_if_ambiguous_a/b. Les événements localisés seulement à une région (geo_precision 3) sont exclus des tests de co-localisation, sauf si GEO_PRECISION est désactivé. Les événements hors de toute zone sont comptés (EVENTS_OUTSIDE). Les métadonnées de la sortie enregistrent la version de l'extension, chaque paramètre, les empreintes de la table des préréglages et de l'entrée, la couverture et la grille d'hexagones (PROVENANCE). INCIDENTS doit suivre le schéma d'incidents de l'extension (sortie de « Importer des incidents »). Formules et seuils : docs/methodology.md.</translation>
        </message>
        <message>
            <source>Scoring {zones} zones in {windows} windows</source>
            <translation>Évaluation de {zones} zones sur {windows} périodes</translation>
        </message>
        <message>
            <source>Scoring: {provenance}</source>
            <translation>Évaluation : {provenance}</translation>
        </message>
        <message>
            <source>Second actor field (mapped format)</source>
            <translation>Champ du second acteur (format associé)</translation>
        </message>
        <message>
            <source>Sequential permutations: {more} of {tested} tested zone-windows were not settled by the first {first} and got more (up to {most}); {capped} reached MAX_PERMUTATIONS. A zone still undecided then is classed on its p if significant, else low_data (knox_p_se gives the p's Monte Carlo error).</source>
            <translation>Permutations séquentielles : {more} des {tested} zones-périodes testées n'étaient pas tranchées après les {first} premières et en ont reçu davantage (jusqu'à {most}) ; {capped} ont atteint MAX_PERMUTATIONS. Une zone encore indécise est alors classée d'après son p s'il est significatif, sinon low_data (knox_p_se donne l'erreur de Monte-Carlo du p).</translation>
        </message>
        <message>
            <source>Several layers were fetched from ACLED: select the one to refresh.</source>
            <translation>Plusieurs couches ont été récupérées d'ACLED : sélectionnez celle à actualiser.</translation>
        </message>
        <message>
            <source>Shapefile: score fields longer than 10 characters get short names ({names}); the map export reads them. A .dbf cuts text at 254 characters (long class_reason texts): a GeoPackage keeps the full names and texts.</source>
            <translation>Shapefile : les champs de score de plus de 10 caractères reçoivent des noms courts ({names}) ; l'export de carte les lit. Un .dbf coupe le texte à 254 caractères (longs textes de class_reason) : un GeoPackage garde les noms et les textes complets.</translation>
        </message>
        <message>
            <source>Share of both groups' activity found in each place: the surface sums to the overlap index over the map.</source>
            <translation>Part de l'activité des deux groupes trouvée en chaque lieu : la somme de la surface sur la carte est l'indice de chevauchement.</translation>
        </message>
        <message>
            <source>Smallest share of the minority group for 'both present'</source>
            <translation>Part minimale du groupe minoritaire pour « les deux présents »</translation>
        </message>
        <message>
            <source>Source covers from (optional; default: the import's record)</source>
            <translation>La source couvre à partir du (facultatif ; par défaut : la trace de l'import)</translation>
        </message>
        <message>
            <source>Source covers until (optional)</source>
            <translation>La source couvre jusqu'au (facultatif)</translation>
        </message>
        <message>
            <source>Source covers {where} from {start} to {end} ({note}).</source>
            <translation>La source couvre {where} du {start} au {end} ({note}).</translation>
        </message>
        <message>
            <source>Source to score when the incidents mix sources (a source_ds value)</source>
            <translation>Source à évaluer quand les incidents mêlent plusieurs sources (une valeur de source_ds)</translation>
        </message>
        <message>
            <source>Space-time interaction (Knox test)</source>
            <translation>Interaction spatio-temporelle (test de Knox)</translation>
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
            <translation>Interaction spatio-temporelle par zone</translation>
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
            <source>The incidents have no geo_prec field: no event is left out.</source>
            <translation>Les incidents n'ont pas de champ geo_prec : aucun événement n'est exclu.</translation>
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
            <source>The output format keeps no metadata: the provenance is in the PROVENANCE output only (a GeoPackage keeps it).</source>
            <translation>Le format de sortie ne garde pas de métadonnées : la provenance n'est que dans la sortie PROVENANCE (un GeoPackage la garde).</translation>
        </message>
        <message>
            <source>The scale is this window's until the curve over time is computed.</source>
            <translation>L'échelle est celle de cette période tant que la courbe au fil du temps n'est pas calculée.</translation>
        </message>
        <message>
            <source>The window starting {day} has no event.</source>
            <translation>La période commençant le {day} n'a aucun événement.</translation>
        </message>
        <message>
            <source>The zones' feature id {name} is written as {new}.</source>
            <translation>L'identifiant d'entité des zones {name} est écrit sous le nom {new}.</translation>
        </message>
        <message>
            <source>The zones' shapefile field names are read as the full ones.</source>
            <translation>Les noms de champs abrégés du shapefile des zones sont lus comme les noms complets.</translation>
        </message>
        <message>
            <source>Time slider</source>
            <translation>Curseur temporel</translation>
        </message>
        <message>
            <source>Time windows</source>
            <translation>Découpage temporel</translation>
        </message>
        <message>
            <source>Title</source>
            <translation>Titre</translation>
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
            <source>Two-group Knox test, {a} × {b}: observed / expected close pairs</source>
            <translation>Test de Knox à deux groupes, {a} × {b} : paires proches observées / attendues</translation>
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
            <translation>Motifs d'incertitude (CSV ; par défaut : ceux de l'extension)</translation>
        </message>
        <message>
            <source>Updating the store</source>
            <translation>Mise à jour de la base</translation>
        </message>
        <message>
            <source>Weight</source>
            <translation>Poids</translation>
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
            <source>With up to {cap} permutations the smallest p-value is {smallest:.3g}; Benjamini-Hochberg across up to {worst} tested zones of a window needs p &lt; {threshold:.2g} for a zone significant alone, so only a pattern shared by many zones can pass, and zones that are not are low_data. MAX_PERMUTATIONS = {need} or more lifts that limit.</source>
            <translation>Avec au plus {cap} permutations, la plus petite valeur p est {smallest:.3g} ; Benjamini-Hochberg sur jusqu'à {worst} zones testées d'une période exige p &lt; {threshold:.2g} pour qu'une zone soit significative seule : seul un motif partagé par de nombreuses zones peut passer, et les zones qui ne le sont pas sont low_data. MAX_PERMUTATIONS = {need} ou plus lève cette limite.</translation>
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
            <source>ZONES ({layer}) has no coordinate reference system: set the layer's CRS (Layer Properties &gt; Source, or a .prj beside a shapefile), then run again.</source>
            <translation>ZONES ({layer}) n'a pas de système de coordonnées de référence : définissez le SCR de la couche (Propriétés de la couche &gt; Source, ou un .prj à côté d'un shapefile), puis relancez.</translation>
        </message>
        <message>
            <source>ZONES must be a polygon layer; {layer} holds {kind} geometries. Give polygons, or leave ZONES empty for hexagons.</source>
            <translation>ZONES doit être une couche de polygones ; {layer} contient des géométries de type {kind}. Donnez des polygones, ou laissez ZONES vide pour des hexagones.</translation>
        </message>
        <message>
            <source>Zone class</source>
            <translation>Classe de zone</translation>
        </message>
        <message>
            <source>Zone-windows classed attraction</source>
            <translation>Zones-périodes classées attraction</translation>
        </message>
        <message>
            <source>Zone-windows classed avoidance</source>
            <translation>Zones-périodes classées avoidance (évitement)</translation>
        </message>
        <message>
            <source>Zone-windows classed contested</source>
            <translation>Zones-périodes classées contested (disputées)</translation>
        </message>
        <message>
            <source>Zone-windows classed cooperative (joint operations)</source>
            <translation>Zones-périodes classées cooperative (opérations conjointes)</translation>
        </message>
        <message>
            <source>Zone-windows classed parallel</source>
            <translation>Zones-périodes classées parallel (opérations parallèles)</translation>
        </message>
        <message>
            <source>Zone-windows tested</source>
            <translation>Zones-périodes testées</translation>
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
            <source>Zones are in {crs}: events reprojected to match.</source>
            <translation>Les zones sont en {crs} : les événements sont reprojetés en conséquence.</translation>
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
            <source>a 7-Zip archive: extract it first</source>
            <translation>une archive 7-Zip : extrayez-la d'abord</translation>
        </message>
        <message>
            <source>a PDF document, not delimited text</source>
            <translation>un document PDF, pas du texte délimité</translation>
        </message>
        <message>
            <source>a ZIP archive or an Excel .xlsx workbook: unzip it, or save the sheet as CSV</source>
            <translation>une archive ZIP ou un classeur Excel .xlsx : décompressez-le, ou enregistrez la feuille en CSV</translation>
        </message>
        <message>
            <source>a bzip2-compressed file: decompress it first</source>
            <translation>un fichier compressé en bzip2 : décompressez-le d'abord</translation>
        </message>
        <message>
            <source>a cell holds a NUL byte</source>
            <translation>une cellule contient un octet NUL</translation>
        </message>
        <message>
            <source>a group is also named on the other side</source>
            <translation>un groupe est aussi nommé de l'autre côté</translation>
        </message>
        <message>
            <source>a gzip-compressed file: decompress it first (e.g. with 7-Zip or gunzip)</source>
            <translation>un fichier compressé en gzip : décompressez-le d'abord (par exemple avec 7-Zip ou gunzip)</translation>
        </message>
        <message>
            <source>a layer {name} ({kind})</source>
            <translation>une couche {name} ({kind})</translation>
        </message>
        <message>
            <source>a mapped import needs a column mapped to each of: {missing}{there}; columns found: {found}</source>
            <translation>un import à champs associés demande une colonne associée à chacun de : {missing}{there} ; colonnes trouvées : {found}</translation>
        </message>
        <message>
            <source>a plain SQLite table {name} (not a GeoPackage layer)</source>
            <translation>une table SQLite simple {name} (pas une couche GeoPackage)</translation>
        </message>
        <message>
            <source>a preset may hold at most 60 aliases per source</source>
            <translation>un préréglage peut contenir au plus 60 alias par source</translation>
        </message>
        <message>
            <source>a quote (") opened on line {line} is never closed: the rest of the file would be one cell. Close or remove that quote.</source>
            <translation>un guillemet (") ouvert à la ligne {line} n'est jamais fermé : tout le reste du fichier serait une seule cellule. Fermez ou supprimez ce guillemet.</translation>
        </message>
        <message>
            <source>a repeated group holding alternatives, like (a|ab)*</source>
            <translation>un groupe répété contenant des alternatives, comme (a|ab)*</translation>
        </message>
        <message>
            <source>a repeated group holding another repeat, like (a+)+</source>
            <translation>un groupe répété contenant une autre répétition, comme (a+)+</translation>
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
            <source>alone among {n} tested zones it needs p &lt; {t:.2g}: beyond {m} permutations' reach (MAX_PERMUTATIONS)</source>
            <translation>seule parmi {n} zones testées, il lui faut p &lt; {t:.2g} : hors de portée de {m} permutations (MAX_PERMUTATIONS)</translation>
        </message>
        <message>
            <source>ambiguous {n}: {reason}</source>
            <translation>{n} ambigus : {reason}</translation>
        </message>
        <message>
            <source>an 'A and/or B' actor name on the event</source>
            <translation>un nom d'acteur « A et/ou B » sur l'événement</translation>
        </message>
        <message>
            <source>an SQLite database or GeoPackage, not delimited text</source>
            <translation>une base SQLite ou un GeoPackage, pas du texte délimité</translation>
        </message>
        <message>
            <source>an old Excel .xls workbook: save the sheet as CSV (UTF-8)</source>
            <translation>un ancien classeur Excel .xls : enregistrez la feuille en CSV (UTF-8)</translation>
        </message>
        <message>
            <source>an xz-compressed file: decompress it first</source>
            <translation>un fichier compressé en xz : décompressez-le d'abord</translation>
        </message>
        <message>
            <source>analyst override ({})</source>
            <translation>correction manuelle de l'analyste ({})</translation>
        </message>
        <message>
            <source>analyst overrides applied: {applied} ({changed} changed the plugin's reading)</source>
            <translation>corrections manuelles de l'analyste appliquées : {applied} ({changed} ont changé la lecture de l'extension)</translation>
        </message>
        <message>
            <source>bad date {text} in preset table</source>
            <translation>date invalide {text} dans la table des préréglages</translation>
        </message>
        <message>
            <source>bandwidth and cell size must be positive numbers of km</source>
            <translation>la largeur de bande et la taille de cellule doivent être des nombres de km positifs</translation>
        </message>
        <message>
            <source>between {first} and {last}</source>
            <translation>entre {first} et {last}</translation>
        </message>
        <message>
            <source>both groups in one side's actor list (UCDP GED coding; GED has no notes)</source>
            <translation>les deux groupes dans la liste d'acteurs d'un même côté (codage UCDP GED ; GED n'a pas de notes)</translation>
        </message>
        <message>
            <source>both groups named on one side; the notes express no doubt about who acted</source>
            <translation>les deux groupes nommés du même côté ; les notes n'expriment aucun doute sur l'auteur</translation>
        </message>
        <message>
            <source>canceled</source>
            <translation>annulé</translation>
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
            <source>cannot create the output {path}</source>
            <translation>impossible de créer la sortie {path}</translation>
        </message>
        <message>
            <source>cannot open QGIS's base map {path}</source>
            <translation>impossible d'ouvrir le fond de carte de QGIS {path}</translation>
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
            <source>cannot open {source} again</source>
            <translation>impossible de rouvrir {source}</translation>
        </message>
        <message>
            <source>cannot read model {path}</source>
            <translation>impossible de lire le modèle {path}</translation>
        </message>
        <message>
            <source>cannot read preset table {path}: {error}</source>
            <translation>impossible de lire la table des préréglages {path} : {error}</translation>
        </message>
        <message>
            <source>cannot write in {folder}: {error}</source>
            <translation>impossible d'écrire dans {folder} : {error}</translation>
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
            <source>clash share</source>
            <translation>part des affrontements</translation>
        </message>
        <message>
            <source>clashes</source>
            <translation>affrontements</translation>
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
            <source>could not write {path}</source>
            <translation>impossible d'écrire {path}</translation>
        </message>
        <message>
            <source>country not in the boundary table: coordinates not checked</source>
            <translation>pays absent de la table des frontières : coordonnées non vérifiées</translation>
        </message>
        <message>
            <source>coverage unknown</source>
            <translation>couverture inconnue</translation>
        </message>
        <message>
            <source>coverage: no Natural Earth country matches {country}; zones there count as not covered</source>
            <translation>couverture : aucun pays de Natural Earth ne correspond à {country} ; les zones concernées comptent comme non couvertes</translation>
        </message>
        <message>
            <source>coverage: {n} zones cannot be placed on the world map (they lie outside the area where {crs} is defined); they count as not covered</source>
            <translation>couverture : {n} zones ne peuvent pas être placées sur la carte du monde (elles sont hors de la zone où {crs} est défini) ; elles comptent comme non couvertes</translation>
        </message>
        <message>
            <source>covered {first}..{last}</source>
            <translation>couvert du {first} au {last}</translation>
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
            <source>day</source>
            <translation>jour</translation>
        </message>
        <message>
            <source>days apart</source>
            <translation>jours d'écart</translation>
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
            <source>even the most extreme count would not be significant among {n} tested zones</source>
            <translation>même le décompte le plus extrême ne serait pas significatif parmi {n} zones testées</translation>
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
            <source>every pair within {km:g} km: the calendars fix the count</source>
            <translation>toutes les paires à moins de {km:g} km : les calendriers fixent le décompte</translation>
        </message>
        <message>
            <source>everywhere</source>
            <translation>partout</translation>
        </message>
        <message>
            <source>exporting {path} failed: {why}</source>
            <translation>l'export de {path} a échoué : {why}</translation>
        </message>
        <message>
            <source>fatalities</source>
            <translation>morts</translation>
        </message>
        <message>
            <source>feature {fid} is a MultiPoint of {n} points: one event has one place. Split it first (Vector geometry &gt; Multipart to singleparts, native:multiparttosingleparts) and give each part its own event id</source>
            <translation>l'entité {fid} est un MultiPoint de {n} points : un événement a un seul lieu. Séparez-la d'abord (Géométrie vectorielle &gt; De morceaux multiples à morceaux uniques, native:multiparttosingleparts) et donnez à chaque partie son propre identifiant d'événement</translation>
        </message>
        <message>
            <source>fewer than {m} events of either group</source>
            <translation>moins de {m} événements de chacun des deux groupes</translation>
        </message>
        <message>
            <source>fewer than {m} events of {who}</source>
            <translation>moins de {m} événements du groupe {who}</translation>
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
            <source>import cancelled</source>
            <translation>import annulé</translation>
        </message>
        <message>
            <source>import metadata</source>
            <translation>métadonnées de l'import</translation>
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
            <source>joint operations</source>
            <comment>chart legend</comment>
            <translation>op. conjointes</translation>
        </message>
        <message>
            <source>kept {n}: {reason}</source>
            <translation>{n} lignes conservées : {reason}</translation>
        </message>
        <message>
            <source>km apart</source>
            <translation>km d'écart</translation>
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
            <source>mapped</source>
            <translation>format associé</translation>
        </message>
        <message>
            <source>method must be one of {values}</source>
            <translation>la méthode doit être l'une de {values}</translation>
        </message>
        <message>
            <source>min</source>
            <translation>min</translation>
        </message>
        <message>
            <source>min(pA, pB): overlap coefficient (share of activity in common)</source>
            <translation>min(pA, pB) : coefficient de chevauchement (part d'activité commune)</translation>
        </message>
        <message>
            <source>min(pA, pB): the overlap coefficient</source>
            <translation>min(pA, pB) : le coefficient de chevauchement</translation>
        </message>
        <message>
            <source>min. events</source>
            <translation>min. événements</translation>
        </message>
        <message>
            <source>min: high only where both groups are active (overlap coefficient); product: smoother (Bhattacharyya coefficient)</source>
            <translation>min : élevé seulement là où les deux groupes sont actifs (coefficient de chevauchement) ; produit : plus lisse (coefficient de Bhattacharyya)</translation>
        </message>
        <message>
            <source>model {file}: steps not available: {steps}</source>
            <translation>modèle {file} : étapes non disponibles : {steps}</translation>
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
            <source>no ACLED credentials: choose an authentication configuration holding your ACLED e-mail and password, or set {user} and {password}</source>
            <translation>aucun identifiant ACLED : choisissez une configuration d'authentification contenant l'adresse e-mail et le mot de passe de votre compte ACLED, ou définissez {user} et {password}</translation>
        </message>
        <message>
            <source>no actor of the preset (not kept)</source>
            <translation>aucun acteur du préréglage (non conservées)</translation>
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
            <source>no event of {group} left to test (within START..END, dated to the day): the test needs both groups. Use the layer with all groups (the import's output).</source>
            <translation>il ne reste aucun événement du groupe {group} à tester (entre START et END, daté au jour près) : le test a besoin des deux groupes. Utilisez la couche avec tous les groupes (la sortie de l'import).</translation>
        </message>
        <message>
            <source>no events of {a} or {b} {span}</source>
            <translation>aucun événement des groupes {a} ou {b} {span}</translation>
        </message>
        <message>
            <source>no events of {a} or {b} {span}; the layer has events from {first} to {last}</source>
            <translation>aucun événement des groupes {a} ou {b} {span} ; la couche a des événements du {first} au {last}</translation>
        </message>
        <message>
            <source>no events of {a}, {b} or their clashes in the layer</source>
            <translation>aucun événement des groupes {a} et {b} ni de leurs affrontements dans la couche</translation>
        </message>
        <message>
            <source>no events of {name} {span}: the overlap is 0</source>
            <translation>aucun événement du groupe {name} {span} : le chevauchement est 0</translation>
        </message>
        <message>
            <source>no fatalities of {name} {span}: its surface is 0</source>
            <translation>aucun mort du groupe {name} {span} : sa surface est 0</translation>
        </message>
        <message>
            <source>no file was written</source>
            <translation>aucun fichier n'a été écrit</translation>
        </message>
        <message>
            <source>no incident layer</source>
            <translation>aucune couche d'incidents</translation>
        </message>
        <message>
            <source>no incidents</source>
            <translation>aucun incident</translation>
        </message>
        <message>
            <source>no notes to read: cannot tell a joint operation from an uncertain attribution</source>
            <translation>aucune note à lire : impossible de distinguer une opération conjointe d'une attribution incertaine</translation>
        </message>
        <message>
            <source>no pair within {km:g} km</source>
            <translation>aucune paire à moins de {km:g} km</translation>
        </message>
        <message>
            <source>no permutations (PERMUTATIONS = 0)</source>
            <translation>aucune permutation (PERMUTATIONS = 0)</translation>
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
            <source>no rows</source>
            <translation>aucune ligne</translation>
        </message>
        <message>
            <source>no usable event: {n} rows name no actor of the preset; skipped: {reasons}{hint}</source>
            <translation>aucun événement utilisable : {n} lignes ne nomment aucun acteur du préréglage ; lignes ignorées : {reasons}{hint}</translation>
        </message>
        <message>
            <source>none</source>
            <translation>aucune</translation>
        </message>
        <message>
            <source>not a usable {what} table: missing columns {missing}; columns found: {found}</source>
            <translation>table inutilisable ({what}) : colonnes manquantes {missing} ; colonnes trouvées : {found}</translation>
        </message>
        <message>
            <source>not recorded</source>
            <translation>non indiquée</translation>
        </message>
        <message>
            <source>note: {note}</source>
            <translation>remarque : {note}</translation>
        </message>
        <message>
            <source>notes say '{}'</source>
            <translation>les notes disent '{}'</translation>
        </message>
        <message>
            <source>number of days</source>
            <translation>nombre de jours</translation>
        </message>
        <message>
            <source>one actor name matches both groups: not two distinct actors</source>
            <translation>un même nom d'acteur correspond aux deux groupes : pas deux acteurs distincts</translation>
        </message>
        <message>
            <source>one scale, all windows</source>
            <translation>échelle commune</translation>
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
            <source>overlap index</source>
            <comment>chart axis</comment>
            <translation>indice</translation>
        </message>
        <message>
            <source>overlap over time: computing…</source>
            <translation>chevauchement au fil du temps : calcul…</translation>
        </message>
        <message>
            <source>overrides {hash}</source>
            <translation>corrections {hash}</translation>
        </message>
        <message>
            <source>page {page}: {n} rows so far</source>
            <translation>page {page} : {n} lignes jusqu'ici</translation>
        </message>
        <message>
            <source>parameters</source>
            <translation>paramètres</translation>
        </message>
        <message>
            <source>pooled {km} km/{days} d: {ratio}×{star} p={p}</source>
            <translation>regroupé {km} km/{days} j : {ratio}×{star} p={p}</translation>
        </message>
        <message>
            <source>preset table {path} has no rows</source>
            <translation>la table des préréglages {path} n'a aucune ligne</translation>
        </message>
        <message>
            <source>preset table {path} lacks columns: {missing}</source>
            <translation>il manque des colonnes à la table des préréglages {path} : {missing}</translation>
        </message>
        <message>
            <source>preset {name} needs both a group 'a' and a group 'b'</source>
            <translation>le préréglage {name} demande à la fois un groupe 'a' et un groupe 'b'</translation>
        </message>
        <message>
            <source>presets {hash}</source>
            <translation>préréglages {hash}</translation>
        </message>
        <message>
            <source>printing failed</source>
            <translation>l'impression a échoué</translation>
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
            <source>re-save it as 'CSV UTF-8' (Excel: Save As &gt; CSV UTF-8; LibreOffice: Character set Unicode (UTF-8))</source>
            <translation>réenregistrez-le en « CSV UTF-8 » (Excel : Enregistrer sous &gt; CSV UTF-8 ; LibreOffice : Jeu de caractères Unicode (UTF-8))</translation>
        </message>
        <message>
            <source>seed {seed}, {n} permutations</source>
            <translation>graine {seed}, {n} permutations</translation>
        </message>
        <message>
            <source>share</source>
            <translation>part</translation>
        </message>
        <message>
            <source>shared probability per 1,000 km²</source>
            <translation>probabilité partagée pour 1 000 km²</translation>
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
            <source>sqrt(pA·pB): the Bhattacharyya coefficient</source>
            <translation>sqrt(pA·pB) : le coefficient de Bhattacharyya</translation>
        </message>
        <message>
            <source>text is not valid UTF-8</source>
            <translation>texte non valide en UTF-8</translation>
        </message>
        <message>
            <source>the Knox chart was not written: {error}</source>
            <translation>le graphique de Knox n'a pas été écrit : {error}</translation>
        </message>
        <message>
            <source>the Sahel Overlap provider is already registered</source>
            <translation>le fournisseur Sahel Overlap est déjà enregistré</translation>
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
            <source>the authentication configuration {authcfg} cannot be read (does it exist, and is the master password set?)</source>
            <translation>la configuration d'authentification {authcfg} ne peut pas être lue (existe-t-elle, et le mot de passe principal est-il défini ?)</translation>
        </message>
        <message>
            <source>the authentication configuration {authcfg} has no user name and password (use the 'Basic' method: your ACLED e-mail and password)</source>
            <translation>la configuration d'authentification {authcfg} n'a ni nom d'utilisateur ni mot de passe (utilisez la méthode « Basic » : l'adresse e-mail et le mot de passe de votre compte ACLED)</translation>
        </message>
        <message>
            <source>the export was canceled; nothing was written</source>
            <translation>l'export a été annulé ; rien n'a été écrit</translation>
        </message>
        <message>
            <source>the first event</source>
            <translation>le premier événement</translation>
        </message>
        <message>
            <source>the global Knox table</source>
            <translation>la table de Knox globale</translation>
        </message>
        <message>
            <source>the header is neither ACLED (event_id_cnty, event_date, actor1, ...) nor UCDP GED (side_a, side_b, date_start, ...); choose the 'mapped' format and map the fields. Columns found: {found}</source>
            <translation>l'en-tête n'est ni celui d'ACLED (event_id_cnty, event_date, actor1, ...) ni celui d'UCDP GED (side_a, side_b, date_start, ...) ; choisissez le format « Champs associés » (mapped) et associez les champs. Colonnes trouvées : {found}</translation>
        </message>
        <message>
            <source>the heatmap was canceled; nothing was written</source>
            <translation>la carte de chaleur a été annulée ; rien n'a été écrit</translation>
        </message>
        <message>
            <source>the import record could not be written into {path}</source>
            <translation>la fiche d'import n'a pas pu être écrite dans {path}</translation>
        </message>
        <message>
            <source>the incidents hold no event of {name}: every zone will be one-group or inactive. Score the layer with all groups (the import's output), not a per-group layer.</source>
            <translation>les incidents ne contiennent aucun événement du groupe {name} : chaque zone sera à un seul groupe ou inactive. Évaluez la couche avec tous les groupes (la sortie de l'import), pas une couche par groupe.</translation>
        </message>
        <message>
            <source>the incidents layer is missing or invalid</source>
            <translation>la couche des incidents manque ou n'est pas valide</translation>
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
            <source>the interaction layer has no field 'interaction': use the output of 'Space-time interaction between the two groups'</source>
            <translation>la couche d'interaction n'a pas de champ 'interaction' : utilisez la sortie de « Interaction spatio-temporelle entre les deux groupes »</translation>
        </message>
        <message>
            <source>the interaction outputs were not written: {error}</source>
            <translation>les sorties de l'interaction n'ont pas été écrites : {error}</translation>
        </message>
        <message>
            <source>the interaction zones</source>
            <translation>les zones de l'interaction</translation>
        </message>
        <message>
            <source>the last event</source>
            <translation>le dernier événement</translation>
        </message>
        <message>
            <source>the layer given</source>
            <translation>la couche donnée</translation>
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
            <source>the permuted dates never change the count</source>
            <translation>les dates permutées ne changent jamais le décompte</translation>
        </message>
        <message>
            <source>the plugin's alias table</source>
            <translation>la table d'alias de l'extension</translation>
        </message>
        <message>
            <source>the refresh failed</source>
            <translation>l'actualisation a échoué</translation>
        </message>
        <message>
            <source>the scored zones were not written: {error}</source>
            <translation>les zones évaluées n'ont pas été écrites : {error}</translation>
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
            <source>the table has a single column: wrong delimiter or not a table? header: {header}</source>
            <translation>la table n'a qu'une seule colonne : mauvais délimiteur, ou ce n'est pas une table ? En-tête : {header}</translation>
        </message>
        <message>
            <source>the whole period</source>
            <translation>toute la période</translation>
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
            <source>the zones layer has no usable polygon</source>
            <translation>la couche de zones n'a aucun polygone utilisable</translation>
        </message>
        <message>
            <source>the zones layer is missing or invalid</source>
            <translation>la couche des zones manque ou n'est pas valide</translation>
        </message>
        <message>
            <source>their CRS</source>
            <translation>leur SCR</translation>
        </message>
        <message>
            <source>this account has no API access (ACLED answered 403: ask ACLED for API access)</source>
            <translation>ce compte n'a pas accès à l'API (ACLED a répondu 403 : demandez à ACLED l'accès à l'API)</translation>
        </message>
        <message>
            <source>this window's scale</source>
            <translation>échelle provisoire</translation>
        </message>
        <message>
            <source>undecided after {m} permutations: p within Monte Carlo error of its threshold</source>
            <translation>indécise après {m} permutations : p à moins de l'erreur de Monte-Carlo de son seuil</translation>
        </message>
        <message>
            <source>under {e:g} close pairs expected: avoidance could not show</source>
            <translation>moins de {e:g} paires proches attendues : l'évitement ne pourrait pas se montrer</translation>
        </message>
        <message>
            <source>unknown format</source>
            <translation>format inconnu</translation>
        </message>
        <message>
            <source>unknown format {format}; use one of {formats}</source>
            <translation>format inconnu {format} ; utilisez l'un de {formats}</translation>
        </message>
        <message>
            <source>unknown source</source>
            <translation>source inconnue</translation>
        </message>
        <message>
            <source>week</source>
            <translation>semaine</translation>
        </message>
        <message>
            <source>weight must be one of {values}</source>
            <translation>la pondération doit être l'une de {values}</translation>
        </message>
        <message>
            <source>year</source>
            <translation>année</translation>
        </message>
        <message>
            <source>zone attribute {name} has the name of a score field; it is left out</source>
            <translation>l'attribut de zone {name} porte le nom d'un champ de score ; il est exclu</translation>
        </message>
        <message>
            <source>zone classes</source>
            <translation>classes de zones</translation>
        </message>
        <message>
            <source>{algorithm} is not available (is the plugin's provider loaded?)</source>
            <translation>{algorithm} n'est pas disponible (le fournisseur de l'extension est-il chargé ?)</translation>
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
            <source>{a} and {b} are the same file ({file}): one would overwrite the other. Give each output its own file (or its own table of a GeoPackage).</source>
            <translation>{a} et {b} sont le même fichier ({file}) : l'une écraserait l'autre. Donnez à chaque sortie son propre fichier (ou sa propre table d'un GeoPackage).</translation>
        </message>
        <message>
            <source>{a} and {b} are the same table {table} of file ({file}): one would overwrite the other. Give each output its own file (or its own table of a GeoPackage).</source>
            <translation>{a} et {b} sont la même table {table} du fichier ({file}) : l'une écraserait l'autre. Donnez à chaque sortie son propre fichier (ou sa propre table d'un GeoPackage).</translation>
        </message>
        <message>
            <source>{a} and {b} close in space and time less than chance</source>
            <translation>{a} et {b} moins proches que par hasard</translation>
        </message>
        <message>
            <source>{a} and {b} close in space and time more than chance</source>
            <translation>{a} et {b} plus proches que par hasard</translation>
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
            <source>{a}: {events_a} events, {b}: {events_b} events</source>
            <translation>{a} : {events_a} événements, {b} : {events_b} événements</translation>
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
            <source>{callback} failed: {error}</source>
            <translation>{callback} a échoué : {error}</translation>
        </message>
        <message>
            <source>{country} to {last}</source>
            <translation>{country} jusqu'au {last}</translation>
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
            <source>{group} incidents</source>
            <translation>Incidents {group}</translation>
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
            <source>{layer} was not fetched from ACLED.</source>
            <translation>{layer} n'a pas été récupérée d'ACLED.</translation>
        </message>
        <message>
            <source>{map}: {a} / {b}</source>
            <translation>{map} : {a} / {b}</translation>
        </message>
        <message>
            <source>{name} cannot be read as delimited text: {error}</source>
            <translation>{name} ne peut pas être lu comme du texte délimité : {error}</translation>
        </message>
        <message>
            <source>{name} cannot be read: permission denied</source>
            <translation>{name} ne peut pas être lu : permission refusée</translation>
        </message>
        <message>
            <source>{name} cannot be read: {why}</source>
            <translation>{name} ne peut pas être lu : {why}</translation>
        </message>
        <message>
            <source>{name} has no header line</source>
            <translation>{name} n'a pas de ligne d'en-tête</translation>
        </message>
        <message>
            <source>{name} is a binary file, not delimited text (CSV); if it is a spreadsheet, save it as CSV UTF-8</source>
            <translation>{name} est un fichier binaire, pas du texte délimité (CSV) ; si c'est un tableur, enregistrez-le en CSV UTF-8</translation>
        </message>
        <message>
            <source>{name} is empty (0 bytes)</source>
            <translation>{name} est vide (0 octet)</translation>
        </message>
        <message>
            <source>{name} is empty (blank lines only)</source>
            <translation>{name} est vide (lignes blanches seulement)</translation>
        </message>
        <message>
            <source>{name} is not valid UTF-8; {resave}</source>
            <translation>{name} n'est pas de l'UTF-8 valide ; {resave}</translation>
        </message>
        <message>
            <source>{name} is {what}</source>
            <translation>{name} est {what}</translation>
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
            <source>{name}: parallel and contested operation of armed groups</source>
            <translation>{name} : opérations parallèles et disputées de groupes armés</translation>
        </message>
        <message>
            <source>{n} changed rows are now dated outside {first}..{last}: not kept (their stored version is removed)</source>
            <translation>{n} lignes modifiées sont désormais datées hors de {first}..{last} : non conservées (leur version stockée est retirée)</translation>
        </message>
        <message>
            <source>{n} events carry no date precision (0: not given by the source); they are kept as if their day were known.</source>
            <translation>{n} événements n'ont pas de précision de date (0 : non fournie par la source) ; ils sont gardés comme si leur jour était connu.</translation>
        </message>
        <message>
            <source>{n} events lie farther outside their stated country than COUNTRY_KM: kept (field country_km); the review table (REVIEW_TABLE) lists them</source>
            <translation>{n} événements sont situés hors de leur pays déclaré à plus de COUNTRY_KM : conservés (champ country_km) ; la table de vérification (REVIEW_TABLE) les liste</translation>
        </message>
        <message>
            <source>{n} events lie in more than one zone (zones overlap); each is counted in the first zone only.</source>
            <translation>{n} événements se trouvent dans plusieurs zones (les zones se chevauchent) ; chacun n'est compté que dans la première zone.</translation>
        </message>
        <message>
            <source>{n} events lie outside every zone and are not scored ({detail}).</source>
            <translation>{n} événements sont hors de toute zone et ne sont pas évalués ({detail}).</translation>
        </message>
        <message>
            <source>{n} events located only to a region (geo_precision 3) are left out of the co-location tests (they are counted everywhere else).</source>
            <translation>{n} événements localisés seulement à une région (geo_precision 3) sont exclus des tests de co-localisation (ils sont comptés partout ailleurs).</translation>
        </message>
        <message>
            <source>{n} frames written to {folder}</source>
            <translation>{n} images écrites dans {folder}</translation>
        </message>
        <message>
            <source>{n} hexagons of {km:g} km hold events (fixed grid: {grid}, origin (0, 0) at a hexagon centre).</source>
            <translation>{n} hexagones de {km:g} km contiennent des événements (grille fixe : {grid}, origine (0, 0) au centre d'un hexagone).</translation>
        </message>
        <message>
            <source>{n} of {km:g} km</source>
            <translation>{n} de {km:g} km</translation>
        </message>
        <message>
            <source>{n} overrides name no same-side event of this file and were ignored: {ids}</source>
            <translation>{n} corrections manuelles ne désignent aucun événement d'un même côté de ce fichier et ont été ignorées : {ids}</translation>
        </message>
        <message>
            <source>{n} rows merged into their event (actor-based layout)</source>
            <translation>{n} lignes fusionnées dans leur événement (structure par acteur)</translation>
        </message>
        <message>
            <source>{n} rows skipped; see the reasons above</source>
            <translation>{n} lignes ignorées ; voir les motifs ci-dessus</translation>
        </message>
        <message>
            <source>{n} zone-windows expect fewer than {e:g} close pairs: even no close pair at all would not be significant, so avoidance could not show there (low_data, not none). To expect {e:g} they need about {median:.1f} times the events of each group (median; up to {most:.1f}), or longer windows, or a larger DISTANCE_KM or DAYS.</source>
            <translation>{n} zones-périodes attendent moins de {e:g} paires proches : même l'absence de toute paire proche ne serait pas significative, l'évitement ne pourrait donc pas s'y montrer (low_data, pas none). Pour en attendre {e:g}, il leur faudrait environ {median:.1f} fois les événements de chaque groupe (médiane ; jusqu'à {most:.1f}), ou des périodes plus longues, ou une DISTANCE_KM ou des DAYS plus grands.</translation>
        </message>
        <message>
            <source>{output} is the file {input} reads ({file}): it would be overwritten. Choose another output file.</source>
            <translation>{output} est le fichier que lit {input} ({file}) : il serait écrasé. Choisissez un autre fichier de sortie.</translation>
        </message>
        <message>
            <source>{path} is a folder, not a file</source>
            <translation>{path} est un dossier, pas un fichier</translation>
        </message>
        <message>
            <source>{path} is not a regular file</source>
            <translation>{path} n'est pas un fichier ordinaire</translation>
        </message>
        <message>
            <source>{path}:{line}: bad regex: {error}</source>
            <translation>{path}:{line} : expression régulière invalide : {error}</translation>
        </message>
        <message>
            <source>{path}:{line}: group {key} of {name} is both {current} and {group}</source>
            <translation>{path}:{line} : le groupe {key} du préréglage {name} est à la fois {current} et {group}</translation>
        </message>
        <message>
            <source>{path}:{line}: group_key must be 'a' or 'b', not {key}</source>
            <translation>{path}:{line} : group_key doit valoir 'a' ou 'b', pas {key}</translation>
        </message>
        <message>
            <source>{path}:{line}: match must be 'exact' or 'regex'</source>
            <translation>{path}:{line} : match doit valoir 'exact' ou 'regex'</translation>
        </message>
        <message>
            <source>{path}:{line}: regex {pattern} refused: {why} can take exponential time on a long actor name; write it without nesting</source>
            <translation>{path}:{line} : expression régulière {pattern} refusée : {why} peut prendre un temps exponentiel sur un long nom d'acteur ; écrivez-la sans imbrication</translation>
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
            <source>{source}. Base map: Natural Earth.</source>
            <translation>{source}. Fond de carte : Natural Earth.</translation>
        </message>
        <message>
            <source>{value} or more</source>
            <translation>{value} ou plus</translation>
        </message>
        <message>
            <source>{what} was not written: {error}</source>
            <translation>{what} : écriture impossible : {error}</translation>
        </message>
        <message>
            <source>{where}regex {pattern} refused: {why}</source>
            <translation>{where}expression régulière {pattern} refusée : {why}</translation>
        </message>
        <message>
            <source>{where}regex {pattern} took over {seconds} s on the actor name {name}: rewrite it</source>
            <translation>{where}l'expression régulière {pattern} a pris plus de {seconds} s sur le nom d'acteur {name} : réécrivez-la</translation>
        </message>
        <message>
            <source>{year} Q{quarter}</source>
            <translation>T{quarter} {year}</translation>
        </message>
        <message>
            <source>{} named only as associate of {}</source>
            <translation>{} nommé seulement comme associé de : {}</translation>
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
