"""The report: its fixed words, the texts of its chapters and its warnings."""

from lipkit.catalogue.core import define

define(
    "report_words",
    {
        "figure": ("Abbildung", "Figure"),
        "table": ("Tabelle", "Table"),
        "contents": ("Inhalt", "Contents"),
        "figures": ("Abbildungsverzeichnis", "List of figures"),
        "tables": ("Tabellenverzeichnis", "List of tables"),
        "source": ("Quelle", "Source"),
        "not_shown": ("nicht ausgewiesen", "not shown"),
        "evidence": ("Grundlage", "Based on"),
        "recommendation": ("Handlungsempfehlung", "Recommendation"),
        "recommendation_short": ("HE", "R"),
        "page": ("Seite", "page"),
        "footnotes": ("Anmerkungen", "Notes"),
    },
)

define(
    "report",
    {
        "codes_caption": ("Codes der Interviews", "Codes of the interviews"),
        "code": ("Code", "Code"),
        "interviews": ("Interviews", "Interviews"),
        "passages": ("Textstellen", "Passages"),
        "rec_caption": ("Übersicht der Handlungsempfehlungen", "Overview of the recommendations"),
        "number": ("Nr.", "No."),
        "recommendation": ("Empfehlung", "Recommendation"),
        "quote_open": ("„", "“"),
        "quote_close": ("“", "”"),
        "method": ("Methode", "Method"),
        "method_text": (
            "An der Onlineumfrage haben {{ n() }} Personen teilgenommen. Ergebnisse werden nur für Gruppen mit mindestens {{ k }} Befragten ausgewiesen.",
            "{{ n() }} people took part in the online survey. Results are shown only for groups of at least {{ k }} respondents.",
        ),
        "results": ("Ergebnisse", "Results"),
        "box_title": ("Handlungsempfehlungen", "Recommendations"),
        "original": ("englisches Original", "German original"),
        "w_suppressed": ("{call} ist nicht ausgewiesen (n < {k})", "{call} is not shown (n < {k})"),
        "w_untranslated": (
            "keine Übersetzung ({name}); der deutsche Text wird verwendet",
            "no translation ({name}); the German text is used",
        ),
        "w_no_recommendation": (
            "{id} verweist auf {ref}, der Bericht hat aber nur {count} Handlungsempfehlungen; ohne Verweis gezeigt",
            "{id} cites {ref}, but the report has only {count} recommendations; shown without a link",
        ),
        "w_unit_named": (
            "quote({interview!r}) nennt {unit!r}; das kann eine kleine Einheit erkennbar machen",
            "quote({interview!r}) names {unit!r}; this can make a small unit recognisable",
        ),
        "w_unsupported": (
            "{what} wird im Bericht nicht unterstützt und ausgelassen",
            "{what} is not supported in the report and left out",
        ),
        "w_inline_image": (
            "ein Bild mitten im Text wird ausgelassen; das Bild in einen eigenen Absatz schreiben",
            "an image inside the text is left out; put the image in a paragraph of its own",
        ),
        "w_no_alt": (
            'Bild {src!r} ohne Alternativtext: ![Beschreibung](datei.png "Titel")',
            'image {src!r} without alternative text: ![description](file.png "Title")',
        ),
        "w_image_kind": (
            "Bild {src!r}: erwartet eine PNG- oder JPEG-Datei",
            "image {src!r}: expected a PNG or JPEG file",
        ),
        "w_image_missing": (
            "Bild {src!r} nicht gefunden (Pfad relativ zum Ordner report/)",
            "image {src!r} not found (path relative to the report/ folder)",
        ),
        "w_table_caption": (
            "Tabelle ohne Titel: eine Zeile „: Titel“ direkt unter die Tabelle schreiben",
            "table without a title: write a line ': Title' right below the table",
        ),
        "w_footnote_missing": ("Fußnote [^{label}] ohne Text", "footnote [^{label}] has no text"),
        "w_recommendation_box": (
            "recommendation_box({number}): keine solche Empfehlung",
            "recommendation_box({number}): no such recommendation",
        ),
        "u_heading": (
            "eine Überschrift der Ebene {level} (####)",
            "a heading of level {level} (####)",
        ),
        "u_code": ("ein Codeblock", "a code block"),
        "u_html": ("HTML", "HTML"),
        "u_blockquote": (
            "ein Zitatblock (>); Zitate mit quote(…)",
            "a block quote (>); quotes with quote(…)",
        ),
        "u_hr": ("eine Trennlinie", "a horizontal rule"),
        "u_nested": ("eine verschachtelte Liste", "a nested list"),
    },
)

# Errors in a study's report files and in the calls of its chapters.
define(
    "report_error",
    {
        "part": ("--part {part}: erwartet {parts}", "--part {part}: expected {parts}"),
        "language": ("--lang {language}: erwartet {known}", "--lang {language}: expected {known}"),
        "no_plan": (
            "{folder}: kein Integrationsplan (plan/plan.yaml fehlt)",
            "{folder}: no integration plan (plan/plan.yaml is missing)",
        ),
        "call_without_plan": (
            "{call}: die Studie hat keinen Integrationsplan (plan/)",
            "{call}: the study has no integration plan (plan/)",
        ),
        "unknown_plan_id": (
            "{call}: keine solche id im Integrationsplan",
            "{call}: no such id in the integration plan",
        ),
        "unreadable_call": (
            "Aufruf {{{{ … }}}} nicht lesbar ({problem})",
            "call {{{{ … }}}} cannot be read ({problem})",
        ),
        "unknown_call": (
            "unbekannter Aufruf {name}; möglich sind: {calls}",
            "unknown call {name}; possible are: {calls}",
        ),
        "duplicate_id": (
            'id {id} kommt zweimal vor; mit id="…" einen anderen Namen vergeben',
            'id {id} is used twice; give another name with id="…"',
        ),
        "unknown_interview": (
            "{call}: kein solches Interview; vorhanden: {known}",
            "{call}: no such interview; there are: {known}",
        ),
        "no_interviews": (
            "{call}: kein solches Interview; vorhanden: keine (Ordner interviews/ fehlt)",
            "{call}: no such interview; there are none (the folder interviews/ is missing)",
        ),
        "quote_what": (
            "{call}: code=… oder paragraph=… angeben",
            "{call}: give code=… or paragraph=…",
        ),
        "base": (
            "base={base}: erwartet answered, valid oder group",
            "base={base}: expected answered, valid or group",
        ),
    },
)

# The report's number calls: a question, group or option that is not there.
define(
    "numbers",
    {
        "unknown_question": (
            "unbekannte Frage {name}; erwartet eine Frage oder Matrix des Fragebogens (z. B. {some} …)",
            "unknown question {name}; expected a question or matrix of the questionnaire (e.g. {some} …)",
        ),
        "unknown_by": (
            "by={by}: keine Ebene des Organigramms und keine Frage",
            "by={by}: neither a level of the org tree nor a question",
        ),
        "unknown_group": (
            "group={group} gibt es in {by} nicht; erwartet: {codes}",
            "group={group} does not exist in {by}; expected: {codes}",
        ),
        "not_a_unit_of": (
            "group={group} ist keine Einheit des Organigramms (Ebenen: {levels}); für eine Aufgliederung nach einer Frage by=… angeben",
            "group={group} is not a unit of the org tree (levels: {levels}); for a breakdown by a question give by=…",
        ),
        "not_a_unit": (
            "group={group} ist keine Einheit des Organigramms; für eine Aufgliederung nach einer Frage by=… angeben",
            "group={group} is not a unit of the org tree; for a breakdown by a question give by=…",
        ),
        "no_results": ("keine Ergebnisse für {name}", "no results for {name}"),
        "no_results_in": (
            "keine Ergebnisse für {name} in {group}",
            "no results for {name} in {group}",
        ),
        "unknown_option": (
            "{name} hat keine Antwortoption {option}; erwartet: {options}",
            "{name} has no option {option}; expected: {options}",
        ),
        "needs_scale": (
            "{call} braucht eine Skalenfrage; {name} ist keine",
            "{call} needs a scale question; {name} is not one",
        ),
    },
)

# The report's chapter on change between waves (report/waves.py).
define(
    "report_waves",
    {
        "heading": ("Veränderung seit {earlier}", "Change since {earlier}"),
        "intro": (
            "Verglichen werden die Antworten der Welle {current} mit denen der Welle {earlier}. Eine Veränderung gilt als deutlich, wenn ihr 95 %-Konfidenzintervall die Null nicht enthält ({up} gestiegen, {down} gesunken, {same} keine deutliche Veränderung). Gruppen, die in einer der Wellen nicht ausgewiesen sind, bleiben auch hier verdeckt.",
            "The answers of wave {current} are compared with those of wave {earlier}. A change is clear when its 95% confidence interval excludes zero ({up} up, {down} down, {same} no clear change). Groups not shown in either wave stay hidden here too.",
        ),
        "figure": (
            "Zustimmung (Top-2) {earlier} und {current}, die größten Veränderungen",
            "Agreement (top 2) {earlier} and {current}, the largest changes",
        ),
        "trend": ("Zustimmung (Top-2) {waves}", "Agreement (top 2) {waves}"),
        "trend_largest": (", die größten Veränderungen", ", the largest changes"),
        "table": (
            "Veränderung der Zustimmung (Top-2) {earlier} → {current}",
            "Change in agreement (top 2) {earlier} → {current}",
        ),
        "question": ("Frage", "Question"),
        "change": ("Veränderung (PP)", "Change (pp)"),
        "interval": ("95 %-KI", "95% CI"),
        "clear": ("deutlich", "clear"),
        "pp": ("PP", "pp"),
        "points": ("Prozentpunkte", "percentage points"),
        "legend": (
            "{up} gestiegen, {down} gesunken (95 %-KI ohne 0); {same} keine deutliche Veränderung; PP = Prozentpunkte; n je Welle",
            "{up} up, {down} down (95% CI excludes 0); {same} no clear change; pp = percentage points; n per wave",
        ),
        "not_comparable": ("Nicht vergleichbar: {items}.", "Not comparable: {items}."),
        "hidden": ("nicht ausgewiesen", "not shown"),
        "no_scales": ("Keine vergleichbaren Skalenfragen.", "No comparable scale questions."),
        "alt_figure": ("Gepaarte Balken", "Paired bars"),
        "alt_trend": ("Linien", "Lines"),
    },
)

define(
    "report_waves_error",
    {
        "no_earlier": (
            "die Studie hat keine frühere Welle (waves/ oder study.yaml 'waves:')",
            "the study has no earlier wave (waves/ or study.yaml 'waves:')",
        ),
        "bad_from": (
            "from={earlier!r}: keine frühere Welle; erwartet: {labels}",
            "from={earlier!r}: not an earlier wave; expected {labels}",
        ),
        "no_question": (
            "change({question!r}): keine solche Frage",
            "change({question!r}): no such question",
        ),
        "not_comparable": (
            "change({question!r}): nicht vergleichbar ({reason})",
            "change({question!r}): not comparable ({reason})",
        ),
        "no_scale": (
            "change({question!r}, {key!r}): keine Skala dieser Frage",
            "change({question!r}, {key!r}): this question is no scale",
        ),
        "no_option": (
            "change({question!r}, {key!r}): keine Antwort {key!r} dieser Frage",
            "change({question!r}, {key!r}): this question has no answer {key!r}",
        ),
        "no_scale_in_group": (
            "change({question!r}, {key!r}): keine Skala dieser Frage in Gruppe {group!r}",
            "change({question!r}, {key!r}): this question is no scale in group {group!r}",
        ),
        "no_option_in_group": (
            "change({question!r}, {key!r}): keine Antwort {key!r} dieser Frage in Gruppe {group!r}",
            "change({question!r}, {key!r}): this question has no answer {key!r} in group {group!r}",
        ),
    },
)

# A figure, table or recommendation the report cannot make (a user's report files).
define(
    "report_error",
    {
        "cloud_by": (
            "figure({name!r}, by=…): Wortwolken nur gesamt",
            "figure({name!r}, by=…): word clouds only for everyone",
        ),
        "multiple_by": (
            "figure({name!r}, by=…): für Mehrfachantworten nach Gruppen table({name!r}, "
            "by={by!r}) verwenden",
            "figure({name!r}, by=…): for multiple answers by group use table({name!r}, by={by!r})",
        ),
        "no_figure": (
            "figure({name!r}): für den Fragetyp {type} gibt es keine",
            "figure({name!r}): there is none for the question type {type}",
        ),
        "table_choices": (
            "table({name!r}): nur für Auswahlfragen",
            "table({name!r}): only for choice questions",
        ),
        "evidence": (
            "{where}: Empfehlung {number} stützt sich auf {id!r}, das der Bericht nicht "
            "enthält; vorhanden: {known}",
            "{where}: recommendation {number} rests on {id!r}, which the report does not "
            "hold; present: {known}",
        ),
    },
)

# The report's own references and org tables.
define(
    "report_error",
    {
        "response_table_level": (
            "response_table({level!r}): keine Ebene des Organigramms; erwartet: {levels}",
            "response_table({level!r}): not a level of the org tree; expected: {levels}",
        ),
        "ref_unknown": (
            "{where}: ref({id!r}) verweist auf nichts; vorhanden: {known}",
            "{where}: ref({id!r}) refers to nothing; there are: {known}",
        ),
        "ref_nothing": (
            "{where}: ref({id!r}) verweist auf nichts; keine Abbildung oder Tabelle hat eine id",
            "{where}: ref({id!r}) refers to nothing; no figure or table has an id",
        ),
    },
)
