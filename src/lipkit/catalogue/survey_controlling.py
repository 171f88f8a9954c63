"""The controlling pages of the survey app (survey/controlling): page words, measure states,
units, value ranges and the messages next to a field."""

from lipkit.catalogue.core import define

# The fixed words of the controlling pages (a page's ``t``).
define(
    "plan_page",
    {
        "app": ("lipkit – Controlling", "lipkit – Controlling"),
        "skip": ("Zum Inhalt springen", "Skip to content"),
        "surveys": ("Befragungen", "Surveys"),
        "plans": ("Integrationspläne", "Integration plans"),
        "logout": ("Abmelden", "Log out"),
        "language": ("English", "Deutsch"),
        "language_code": ("en", "de"),
        "no_plans": (
            "Noch kein Integrationsplan, auf den Sie Zugriff haben. Legen Sie einen an: aus einem Studienordner als ZIP-Datei (mit plan/plan.yaml) oder aus der Excel-Arbeitsmappe des Plans (lipkit plan export).",
            "No integration plan you have access to yet. Create one: from a study folder as a ZIP file (with plan/plan.yaml) or from the plan's Excel workbook (lipkit plan export).",
        ),
        "new_plan": ("Neuer Integrationsplan", "New integration plan"),
        "your_role": ("Ihre Rolle", "Your role"),
        "title": ("Titel", "Title"),
        "file": ("Datei (ZIP oder .xlsx)", "File (ZIP or .xlsx)"),
        "file_hint": (
            "Ein Studienordner als ZIP-Datei mit plan/plan.yaml und plan/values.csv, oder die Arbeitsmappe des Plans (.xlsx). Es gelten dieselben Prüfungen wie bei lipkit plan.",
            "A study folder as a ZIP file with plan/plan.yaml and plan/values.csv, or the plan's workbook (.xlsx). The same checks apply as in lipkit plan.",
        ),
        "create": ("Anlegen", "Create"),
        "replace_plan": ("Plan ersetzen", "Replace the plan"),
        "replace_intro": (
            "Eine neuere Fassung des Plans hochladen: die Arbeitsmappe (wie von „lipkit plan export“ oder dem Download hier) oder den Studienordner als ZIP. Sie wird wie ein neuer Plan geprüft. Gemeldete und freigegebene Werte, Rollen, Runden und das Protokoll bleiben; jede Änderung wird im Protokoll festgehalten.",
            "Upload a newer version of the plan: the workbook (as written by “lipkit plan export” or the download here) or the study folder as a ZIP file. It is checked like a new plan. Reported and approved values, roles, rounds and the audit trail stay; every change is recorded in the audit trail.",
        ),
        "replace": ("Ersetzen", "Replace"),
        "replaced": (
            "Der Plan ist ersetzt ({n} Änderungen im Protokoll).",
            "The plan has been replaced ({n} changes in the audit trail).",
        ),
        "not_replaced": ("Der Plan wurde nicht ersetzt", "The plan was not replaced"),
        "not_created": ("Der Plan wurde nicht angelegt", "The plan was not created"),
        "created": ("Der Plan „{title}“ ist angelegt.", "The plan “{title}” has been created."),
        "coordinator": ("Koordination", "coordinator"),
        "owner": ("berichtet", "reports"),
        "reader": ("liest", "reader"),
        "dashboard": ("Übersicht", "Dashboard"),
        "rounds": ("Berichtsrunden", "Reporting rounds"),
        "roles": ("Rollen", "Roles"),
        "audit": ("Änderungsprotokoll", "Audit trail"),
        "downloads": ("Herunterladen", "Download"),
        "workbook": ("Arbeitsmappe (.xlsx)", "Workbook (.xlsx)"),
        "folder": ("Studienordner (ZIP)", "Study folder (ZIP)"),
        "audit_csv": ("Änderungsprotokoll (CSV)", "Audit trail (CSV)"),
        "my_reports": ("Meine Berichte", "My reports"),
        "date": ("Stichtag", "As of"),
        "show": ("Anzeigen", "Show"),
        "filter": ("Filtern", "Filter"),
        "dezernat": ("Dezernat", "Department"),
        "owner_unit": ("Verantwortlich", "Responsible"),
        "status": ("Status", "Status"),
        "all": ("alle", "all"),
        "level": ("Ebene", "Level"),
        "field": ("Handlungsfeld", "Field of action"),
        "strategic_goal": ("Leitziel", "Strategic goal"),
        "goal": ("Ziel", "Goal"),
        "measure": ("Maßnahme", "Measure"),
        "indicator": ("Indikator", "Indicator"),
        "id": ("Kennung", "Id"),
        "changed": ("Änderung seit der letzten Runde", "Change since the last round"),
        "was": ("vorher", "before"),
        "unchanged": ("unverändert", "unchanged"),
        "progress": ("Stand der Runde", "Round progress"),
        "open": ("offen", "open"),
        "draft": ("Entwurf", "draft"),
        "sent": ("gesendet", "sent"),
        "returned": ("zurückgegeben", "returned"),
        "approved": ("freigegeben", "approved"),
        "overdue": ("überfällig", "overdue"),
        "no_round": ("Noch keine Berichtsrunde.", "No reporting round yet."),
        "rows_shown": ("{n} von {m} Zeilen", "{n} of {m} rows"),
        "statuses": ("Status nach Ebene", "Status by level"),
        "charts": (
            "Verläufe (Ausgangswert, Zielpfad, Istwerte)",
            "Trends (baseline, target path, actual values)",
        ),
        "chart": ("Verlauf", "Trend"),
        "baseline": ("Ausgangswert", "Baseline"),
        "target_path": ("Zielpfad", "Target path"),
        "actuals": ("Istwerte", "Actual values"),
        "target": ("Zielwert", "Target"),
        "last_value": ("Letzter Wert", "Last value"),
        "expected": ("Erwartet laut Zielpfad", "Expected on the target path"),
        "unit": ("Einheit", "Unit"),
        "range": ("Zulässig", "Allowed"),
        "lower_better": ("niedriger ist besser", "lower is better"),
        "higher_better": ("höher ist besser", "higher is better"),
        "cumulative": (
            "Wert dieses Zeitraums (wird aufsummiert)",
            "Value of this period (added up)",
        ),
        "value": ("Istwert", "Actual value"),
        "no_value": ("Kein Wert, weil …", "No value, because …"),
        "qualitative_value": ("Beschreibung", "Description"),
        "measure_status": ("Umsetzungsstand der Maßnahme", "Implementation of the measure"),
        "comment": ("Kommentar (was lief gut, was hemmt?)", "Comment (what worked, what blocks?)"),
        "evidence_link": ("Beleg: Link", "Evidence: link"),
        "evidence_file": ("Beleg: Datei", "Evidence: file"),
        "evidence_saved": ("gespeicherter Beleg", "saved evidence"),
        "save_draft": ("Entwurf speichern", "Save draft"),
        "send": ("Senden", "Send"),
        "draft_saved": ("Entwurf gespeichert.", "Draft saved."),
        "report_sent": ("Bericht gesendet.", "Report sent."),
        "fix_errors": ("Bitte prüfen Sie Ihre Angaben", "Please check your entries"),
        "not_saved": (
            "Nicht gespeichert: bitte die markierten Felder prüfen.",
            "Not saved: please check the marked fields.",
        ),
        "note_from_coordinator": ("Hinweis der Koordination", "Note from the coordinator"),
        "period": ("Zeitraum", "Period"),
        "period_hint": (
            "z. B. 2027-H1, 2027-Q3, 2027-05 oder 2027",
            "e.g. 2027-H1, 2027-Q3, 2027-05 or 2027",
        ),
        "due": ("Fällig am", "Due on"),
        "open_round": ("Runde öffnen", "Open round"),
        "round_opened": (
            "Die Runde {period} ist geöffnet; {n} Personen wurden benachrichtigt.",
            "Round {period} is open; {n} people were notified.",
        ),
        "round": ("Runde", "Round"),
        "reports": ("Berichte", "Reports"),
        "review": ("Prüfen", "Review"),
        "approve": ("Freigeben", "Approve"),
        "return": ("Zurückgeben", "Return"),
        "return_note": ("Hinweis für die berichtende Stelle", "Note for the reporting unit"),
        "approved_msg": ("Freigegeben.", "Approved."),
        "returned_msg": ("Zurückgegeben.", "Returned."),
        "locked": (
            "Freigegeben; die Werte sind gesperrt. Eine Korrektur braucht einen Grund und die Freigabe der Koordination.",
            "Approved; the values are locked. A correction needs a reason and the coordinator's approval.",
        ),
        "request_correction": ("Korrektur beantragen", "Request a correction"),
        "reason": ("Grund", "Reason"),
        "correction_requested": (
            "Korrektur beantragt; die Koordination prüft sie.",
            "Correction requested; the coordinator will review it.",
        ),
        "corrections": ("Beantragte Korrekturen", "Requested corrections"),
        "refuse": ("Ablehnen", "Refuse"),
        "correction_approved": ("Korrektur freigegeben.", "Correction approved."),
        "correction_refused": ("Korrektur abgelehnt.", "Correction refused."),
        "who": ("Wer", "Who"),
        "when": ("Wann", "When"),
        "subject": ("Gegenstand", "Subject"),
        "what": ("Was", "What"),
        "value_source": ("Quelle", "Source"),
        "old": ("Alt", "Old"),
        "new": ("Neu", "New"),
        "no_entries": ("Noch keine Einträge.", "No entries yet."),
        "add_person": ("Person hinzufügen", "Add a person"),
        "username": ("Benutzername", "User name"),
        "username_hint": (
            "Eine bestehende Anmeldung, oder eine neue mit erstem Passwort.",
            "An existing login, or a new one with a first password.",
        ),
        "email": (
            "E-Mail-Adresse (für die Benachrichtigungen)",
            "E-mail address (for notifications)",
        ),
        "password": (
            "Erstes Passwort (nur für eine neue Anmeldung)",
            "First password (only for a new login)",
        ),
        "role": ("Rolle", "Role"),
        "unit_code": (
            "Org.-Einheit (Kennung), für die berichtet wird",
            "Org unit (code) reported for",
        ),
        "owner_name": (
            "oder Name der verantwortlichen Stelle laut Plan",
            "or name of the responsible body in the plan",
        ),
        "add": ("Hinzufügen", "Add"),
        "remove": ("Entfernen", "Remove"),
        "people": ("Personen mit einer Rolle", "People with a role"),
        "nothing_to_report": (
            "In der offenen Runde ist für Sie nichts zu berichten.",
            "Nothing for you to report in the open round.",
        ),
        "reported_by": ("berichtet von", "reported by"),
        "forbidden": (
            "Diese Seite ist der Koordination vorbehalten.",
            "This page is for the coordinator only.",
        ),
        "back": ("Zurück zur Übersicht", "Back to the dashboard"),
        "yes": ("ja", "yes"),
        "no": ("nein", "no"),
        "autosave": (
            "Änderungen werden beim Tippen als Entwurf gespeichert.",
            "Changes are saved as a draft as you type.",
        ),
        "autosaved": ("Entwurf gespeichert", "Draft saved"),
        "none": ("–", "–"),
        "no_reports": ("Keine Berichte.", "No reports."),
        "reported": ("berichtet", "reported"),
        "per_owner": ("je verantwortlicher Stelle", "per responsible unit"),
        "total": ("gesamt", "total"),
        "measures": ("Maßnahmen", "Measures"),
        "indicators": ("Indikatoren", "Indicators"),
        "history": ("Verlauf und Änderungen", "Trend and changes"),
        "warnings": (
            "Hinweise aus der Prüfung (lipkit plan check)",
            "Notes from the check (lipkit plan check)",
        ),
    },
)

# A measure's implementation status.
define(
    "plan_measure",
    {
        "geplant": ("geplant", "planned"),
        "in_umsetzung": ("in Umsetzung", "in progress"),
        "umgesetzt": ("umgesetzt", "done"),
        "regelbetrieb": ("im Regelbetrieb", "in regular operation"),
        "eingestellt": ("eingestellt", "stopped"),
    },
)

# An indicator's unit.
define(
    "plan_unit",
    {
        "count": ("Anzahl", "count"),
        "percent": ("Prozent", "percent"),
        "currency": ("Euro", "euro"),
        "ordinal": ("Rangstufe", "ordinal"),
        "qualitative": ("qualitativ (Text)", "qualitative (text)"),
    },
)

# The values an indicator of each unit takes.
define(
    "plan_range",
    {
        "count": ("ganze Zahl ≥ 0", "whole number ≥ 0"),
        "percent": ("0 bis 100", "0 to 100"),
        "currency": ("≥ 0", "≥ 0"),
        "ordinal": ("eine Zahl", "a number"),
        "qualitative": ("Text", "text"),
    },
)

# Messages next to a field (services.check_value); {value} is the text entered.
define(
    "plan_field_error",
    {
        "missing": (
            "Bitte einen Istwert eintragen oder angeben, warum es keinen gibt.",
            "Please enter an actual value or say why there is none.",
        ),
        "number": (
            "„{value}“ ist keine Zahl. Bitte eine Zahl eingeben, z. B. 12,5.",
            "“{value}” is not a number. Please enter a number, e.g. 12.5.",
        ),
        "percent": (
            "{value} liegt nicht zwischen 0 und 100 (Prozent).",
            "{value} is not between 0 and 100 (percent).",
        ),
        "count": (
            "{value} ist keine Anzahl: bitte eine ganze Zahl ≥ 0.",
            "{value} is not a count: please enter a whole number ≥ 0.",
        ),
        "negative": (
            "{value} ist negativ; erwartet ist ein Betrag ≥ 0.",
            "{value} is negative; expected an amount ≥ 0.",
        ),
        "both": (
            "Bitte entweder einen Wert eintragen oder angeben, warum es keinen gibt – nicht beides.",
            "Please either enter a value or say why there is none – not both.",
        ),
        "status": ("Bitte den Umsetzungsstand wählen.", "Please choose the implementation status."),
        "link": (
            "Bitte einen vollständigen Link angeben, der mit https:// beginnt.",
            "Please give a complete link starting with https://.",
        ),
        "file": ("Die Datei ist größer als 5 MB.", "The file is larger than 5 MB."),
        "reason": (
            "Bitte einen Grund für die Korrektur angeben.",
            "Please give a reason for the correction.",
        ),
        "note": (
            "Bitte einen Hinweis angeben, was zu korrigieren ist.",
            "Please say what is to be corrected.",
        ),
        "period": (
            "„{value}“ ist kein Zeitraum; erwartet z. B. 2027-H1, 2027-Q3, 2027-05 oder 2027.",
            "“{value}” is not a period; expected e.g. 2027-H1, 2027-Q3, 2027-05 or 2027.",
        ),
        "due": (
            "„{value}“ ist kein Datum; erwartet TT.MM.JJJJ oder JJJJ-MM-TT.",
            "“{value}” is not a date; expected DD.MM.YYYY or YYYY-MM-DD.",
        ),
        "round_exists": (
            "Für {value} gibt es schon eine Runde.",
            "There already is a round for {value}.",
        ),
        "text": (
            "Bitte den qualitativen Wert beschreiben.",
            "Please describe the qualitative value.",
        ),
    },
)

# Why a change on the controlling pages is refused; the subjects of the reminder mails.
define(
    "plan_refused",
    {
        "no_plan": (
            "„{name}“: plan/plan.yaml fehlt (kein Integrationsplan)",
            "“{name}”: plan/plan.yaml is missing (no integration plan)",
        ),
        "file_problem": ("„{name}“: {problem}", "“{name}”: {problem}"),
        "indicator_missing": (
            "„{name}“: der Indikator „{indicator}“ fehlt; für ihn sind Werte gemeldet ({dates}).",
            "“{name}”: the indicator “{indicator}” is missing; values are reported for it "
            "({dates}).",
        ),
        "subject_missing": (
            "„{name}“: „{subject}“ fehlt; die offene Runde {period} fragt danach.",
            "“{name}”: “{subject}” is missing; the open round {period} asks for it.",
        ),
        "reported_value_stays": (
            "{indicator}, {date}: der gemeldete Wert {reported} bleibt (in der Datei: {file}); "
            "ändern lässt er sich mit einer Korrektur.",
            "{indicator}, {date}: the reported value {reported} stays (in the file: {file}); "
            "it can be changed by a correction.",
        ),
        "reported_field_stays": (
            "{id}: {field} „{reported}“ aus der Runde bleibt (in der Datei: „{file}“).",
            "{id}: {field} “{reported}” from the round stays (in the file: “{file}”).",
        ),
        "unknown_role": ("Unbekannte Rolle „{kind}“.", "Unknown role “{kind}”."),
        "owner_unit": (
            "Wer berichtet, braucht eine Org.-Einheit oder den Namen laut Plan.",
            "Whoever reports needs an org unit or the name given in the plan.",
        ),
        "last_coordinator": (
            "Ein Plan behält immer mindestens eine Koordination.",
            "A plan always keeps at least one coordinator.",
        ),
        "not_open": ("Dieser Bericht ist nicht offen.", "This report is not open."),
        "review_sent": (
            "Nur gesendete Berichte werden geprüft.",
            "Only sent reports are reviewed.",
        ),
        "correct_approved": (
            "Nur freigegebene Berichte werden korrigiert.",
            "Only approved reports are corrected.",
        ),
        "decided": (
            "Diese Korrektur ist schon entschieden.",
            "This correction is decided already.",
        ),
        "no_role": (
            "Diese Person hat keine Rolle in der Befragung.",
            "This person has no role in the survey.",
        ),
    },
)
define(
    "plan_mail",
    {
        "opened": ("Berichtsrunde {period}: {title}", "Reporting round {period}: {title}"),
        "before": (
            "Erinnerung: Bericht {period} fällig am {due}",
            "Reminder: report {period} due on {due}",
        ),
        "after": (
            "Überfällig: Bericht {period} (fällig am {due})",
            "Overdue: report {period} (due on {due})",
        ),
    },
)

# The audit trail of controlling online: what changed (AuditEntry.field), and the old, new and
# reason texts lipkit writes itself, stored as these codes with their parameters
# (AuditEntry.texts) and shown in the reader's language.
define(
    "plan_audit",
    {
        "created": ("Plan angelegt", "plan created"),
        "created_from": (
            "{name}: {measures} Maßnahmen, {indicators} Indikatoren, {values} Werte",
            "{name}: {measures} measures, {indicators} indicators, {values} values",
        ),
        "replaced": ("Plan ersetzt", "plan replaced"),
        "replaced_by": ("Plan ersetzt: {name}", "Plan replaced: {name}"),
        "counts": (
            "{measures} Maßnahmen, {indicators} Indikatoren",
            "{measures} measures, {indicators} indicators",
        ),
        "counts_from": (
            "{name}: {measures} Maßnahmen, {indicators} Indikatoren",
            "{name}: {measures} measures, {indicators} indicators",
        ),
        "baseline": ("Ausgangswert {date}", "baseline {date}"),
        "target": ("Zielwert {date}", "target {date}"),
        "actual": ("Istwert {date}", "actual value {date}"),
        "measure_removed": ("Maßnahme entfernt", "measure removed"),
        "measure_added": ("Maßnahme neu", "measure added"),
        "measure_changed": ("Maßnahme: {field}", "measure: {field}"),
        "indicator_removed": ("Indikator entfernt", "indicator removed"),
        "indicator_added": ("Indikator neu", "indicator added"),
        "indicator_changed": ("Indikator: {field}", "indicator: {field}"),
        "title": ("Titel", "title"),
        "fields": ("Handlungsfelder und Ziele", "fields of action and goals"),
        "role": ("Rolle {user}", "role {user}"),
        "round_opened": ("Runde eröffnet", "round opened"),
        "round_due": ("{period} (fällig {due})", "{period} (due {due})"),
        "value_sent": ("Istwert {period} gesendet", "actual value {period} sent"),
        "report_sent": ("Bericht {period} gesendet", "report {period} sent"),
        "report_approved": ("Bericht {period} freigegeben", "report {period} approved"),
        "report_returned": ("Bericht {period} zurückgegeben", "report {period} returned"),
        "measure_status": ("Umsetzungsstand", "implementation status"),
        "correction_requested": (
            "Korrektur {period} beantragt",
            "correction {period} requested",
        ),
        "correction_approved": ("Korrektur {period} freigegeben", "correction {period} approved"),
        "correction_refused": ("Korrektur {period} abgelehnt", "correction {period} refused"),
        "no_value": ("kein Wert: {text}", "no value: {text}"),
        "download": ("Download", "download"),
        "workbook": ("Arbeitsmappe", "workbook"),
        "folder": ("Studienordner", "study folder"),
    },
)
