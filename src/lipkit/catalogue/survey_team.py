"""The evaluation team's forms in the survey app (survey/forms.py): labels, help and errors."""

from lipkit.catalogue.core import define

define(
    "team_form",
    {
        "file": ("Fragebogen oder Studienordner", "Questionnaire or study folder"),
        "file_help": (
            "Ein XLSForm (.xlsx) oder ein Studienordner als ZIP-Datei (study.yaml, "
            "questionnaire.xlsx oder .yaml, org.csv); höchstens {mb} MB.",
            "An XLSForm (.xlsx) or a study folder as a ZIP file (study.yaml, "
            "questionnaire.xlsx or .yaml, org.csv); at most {mb} MB.",
        ),
        "choose_file": ("Bitte wählen Sie eine Datei aus.", "Please choose a file."),
        "empty_file": ("Die Datei ist leer.", "The file is empty."),
        "title": ("Titel (optional)", "Title (optional)"),
        "title_help": (
            "Ohne Angabe: der Titel aus dem Fragebogen bzw. der study.yaml.",
            "If empty: the title of the questionnaire or of study.yaml.",
        ),
        "too_large": (
            "„{name}“ ist zu groß; erlaubt sind höchstens {mb} MB.",
            "“{name}” is too large; at most {mb} MB are allowed.",
        ),
        "opens_on": ("Geöffnet ab", "Open from"),
        "opens_on_help": (
            "Leer: sofort, sobald die Befragung geöffnet ist.",
            "Empty: at once, as soon as the survey is opened.",
        ),
        "closes_on": ("Geöffnet bis einschließlich", "Open up to and including"),
        "closes_on_help": ("Leer: bis sie geschlossen wird.", "Empty: until it is closed."),
        "date_policy": ("Zu jeder Antwort speichern", "Store with each answer"),
        "open_link": (
            "Offener Link: jede Person mit dem Link kann antworten",
            "Open link: anyone with the link can answer",
        ),
        "open_link_help": (
            "Aus: Antworten nur über persönliche Einladungslinks.",
            "Off: answers only through personal invitation links.",
        ),
        "end_before_start": ("Das Ende liegt vor dem Beginn.", "The end is before the start."),
        "introduction": ("Einleitung (Deutsch)", "Introduction (German)"),
        "introduction_en": ("Einleitung (Englisch)", "Introduction (English)"),
        "minutes": ("Dauer in Minuten", "Duration in minutes"),
        "controller": ("Verantwortliche Stelle", "Controller"),
        "data_protection_officer": ("Datenschutzbeauftragte Person", "Data protection officer"),
        "retention_months": (
            "Speicherdauer der Antworten in Monaten",
            "Retention of the answers in months",
        ),
        "privacy_note": ("Ergänzungen zur Datenschutzerklärung", "Additions to the privacy notice"),
        "imprint": ("Impressum", "Imprint"),
        "accessibility_contact": (
            "Kontakt für Hinweise auf Barrieren",
            "Contact for reporting barriers",
        ),
        "enforcement_body": (
            "Durchsetzungs- oder Schlichtungsstelle",
            "Enforcement or conciliation body",
        ),
        "introduction_help": (
            "Steht auf der ersten Seite über dem Knopf „Befragung beginnen“. Absätze, **fett**, "
            "*kursiv*, Listen mit „- “ und Links [Text](https://…); HTML wird als Text gezeigt.",
            "Shown on the first page above the button “Start the survey”. Paragraphs, **bold**, "
            "*italic*, lists with “- ” and links [text](https://…); HTML is shown as text.",
        ),
        "introduction_en_help": (
            "Für die englische Fassung; leer: die deutsche Einleitung.",
            "For the English version; empty: the German introduction.",
        ),
        "minutes_help": (
            "Leer: geschätzt aus den Fragen (etwa 8 Sekunden je Auswahlfrage, 45 je offene Frage).",
            "Empty: estimated from the questions (about 8 seconds per choice question, 45 per "
            "open question).",
        ),
        "controller_help": (
            "Name und Anschrift der Stelle, die die Befragung durchführt, mit E-Mail-Adresse – "
            "z. B. „Stadt Musterstadt, Der Oberbürgermeister, Fachbereich Integration, Markt 1, "
            "12345 Musterstadt, integration@musterstadt.de“.",
            "Name and address of the body that runs the survey, with an e-mail address – e.g. "
            "“Stadt Musterstadt, Der Oberbürgermeister, Fachbereich Integration, Markt 1, "
            "12345 Musterstadt, integration@musterstadt.de”.",
        ),
        "data_protection_officer_help": (
            "Kontakt der oder des behördlichen Datenschutzbeauftragten.",
            "Contact of the authority's data protection officer.",
        ),
        "retention_months_help": (
            "Die Antworten werden gelöscht, sobald die Auswertung abgeschlossen ist, "
            "spätestens so viele Monate nach dem Ende der Befragung.",
            "The answers are deleted as soon as the evaluation is finished, at the latest this "
            "many months after the end of the survey.",
        ),
        "privacy_note_help": (
            "Zum Beispiel die Rechtsgrundlage oder die Dienstvereinbarung mit dem Personalrat. "
            "Gleiche Auszeichnung wie die Einleitung.",
            "For example the legal basis or the agreement with the staff council. Same markup "
            "as the introduction.",
        ),
        "imprint_help": (
            "Angaben zum Anbieter der Seiten. Leer: die verantwortliche Stelle.",
            "Who provides the pages. Empty: the controller.",
        ),
        "accessibility_contact_help": (
            "Wohin Befragte Barrieren melden können (E-Mail, Telefon). Leer: die "
            "verantwortliche Stelle.",
            "Where respondents can report barriers (e-mail, phone). Empty: the controller.",
        ),
        "enforcement_body_help": (
            "Die Stelle, an die sich Befragte wenden können, wenn auf ihre Meldung keine "
            "befriedigende Antwort kommt; sie hängt vom Bundesland ab.",
            "The body respondents can turn to when their report gets no satisfactory answer; "
            "it depends on the federal state.",
        ),
        "minutes_invalid": (
            "Bitte eine ganze Zahl von Minuten eingeben.",
            "Please enter a whole number of minutes.",
        ),
        "months_invalid": (
            "Bitte eine ganze Zahl von Monaten eingeben.",
            "Please enter a whole number of months.",
        ),
        "months_required": (
            "Bitte geben Sie an, wie lange die Antworten gespeichert bleiben.",
            "Please say how long the answers are kept.",
        ),
        "minutes_range": (
            "Bitte zwischen 1 und 240 Minuten angeben.",
            "Please give between 1 and 240 minutes.",
        ),
        "months_range": (
            "Bitte zwischen 1 und 120 Monaten angeben.",
            "Please give between 1 and 120 months.",
        ),
        "username": ("Benutzername", "User name"),
        "username_help": (
            "Eine bestehende Anmeldung, oder ein neuer Name für eine neue Anmeldung.",
            "An existing login, or a new name for a new login.",
        ),
        "username_required": (
            "Bitte geben Sie einen Benutzernamen an.",
            "Please give a user name.",
        ),
        "role": ("Rolle", "Role"),
        "role_required": ("Bitte wählen Sie eine Rolle.", "Please choose a role."),
        "password": (
            "Erstes Passwort (nur für eine neue Anmeldung)",
            "First password (only for a new login)",
        ),
        "password_help": (
            "Geben Sie es der Person auf sicherem Weg; sie ändert es nach der ersten Anmeldung "
            "unter „Passwort ändern“. Für eine bestehende Anmeldung leer lassen.",
            "Give it to the person by a safe way; they change it after the first login under "
            "“Change password”. Leave empty for an existing login.",
        ),
        "addresses": ("E-Mail-Adressen", "E-mail addresses"),
        "addresses_help": (
            "Eine Adresse je Zeile (oder mehrere, getrennt durch „;“, wie sie ein Mailprogramm "
            "kopiert).",
            "One address per line (or several, separated by “;”, as a mail program copies them).",
        ),
        "address_file": ("oder eine Datei mit Adressen", "or a file of addresses"),
        "address_file_help": (
            "Text (eine Adresse je Zeile) oder CSV mit einer Spalte „email“.",
            "Text (one address per line) or CSV with a column “email”.",
        ),
        "text_field": ("Textfeld", "text field"),
        "address_file_large": (
            "Die Datei ist zu groß (höchstens 2 MB).",
            "The file is too large (at most 2 MB).",
        ),
        "no_addresses": (
            "Bitte geben Sie Adressen ein oder wählen Sie eine Datei.",
            "Please enter addresses or choose a file.",
        ),
        "too_many": (
            "Höchstens {n} Adressen auf einmal.",
            "At most {n} addresses at once.",
        ),
        "not_text": ("Die Datei ist keine Textdatei.", "The file is not a text file."),
        "not_text_csv": (
            "Die Datei ist keine Text- oder CSV-Datei.",
            "The file is not a text or CSV file.",
        ),
    },
)

# Why an upload (questionnaire or study folder as ZIP) is refused (survey/services/setup.py).
define(
    "upload_refused",
    {
        "suffix": (
            "„{name}“: Bitte laden Sie ein XLSForm (.xlsx) oder einen Studienordner als "
            "ZIP-Datei (.zip) hoch.",
            "“{name}”: Please upload an XLSForm (.xlsx) or a study folder as a ZIP file (.zip).",
        ),
        "too_large": (
            "„{name}“ ist {size} MB groß; erlaubt sind höchstens {mb} MB.",
            "“{name}” is {size} MB large; at most {mb} MB are allowed.",
        ),
        "xlsx_type": ("Excel-Tabelle (.xlsx)", "Excel workbook (.xlsx)"),
        "zip_type": ("ZIP-Datei", "ZIP file"),
        "unknown_type": ("unbekannt", "unknown"),
        "browser_type": (
            "„{name}“ ist nach Angabe des Browsers keine {what} (Dateityp {type}).",
            "“{name}” is, as the browser says, not a {what} (file type {type}).",
        ),
        "not_xlsx": (
            "„{name}“ ist keine Excel-Tabelle (.xlsx).",
            "“{name}” is not an Excel workbook (.xlsx).",
        ),
        "not_zip": ("„{name}“ ist keine ZIP-Datei.", "“{name}” is not a ZIP file."),
        "xlsx_unpacked": (
            "„{name}“ ist entpackt zu groß für einen Fragebogen.",
            "“{name}” is too large for a questionnaire when unpacked.",
        ),
        "xlsx_unreadable": (
            "„{name}“ ist keine Excel-Tabelle (.xlsx), die sich öffnen lässt.",
            "“{name}” is not an Excel workbook (.xlsx) that can be opened.",
        ),
        "members": (
            "„{name}“ enthält {n} Einträge; ein Studienordner hat höchstens {max}.",
            "“{name}” holds {n} entries; a study folder has at most {max}.",
        ),
        "member_unpack": (
            "„{name}“: Der Eintrag „{member}“ lässt sich nicht entpacken.",
            "“{name}”: the entry “{member}” cannot be unpacked.",
        ),
        "unpacked": (
            "„{name}“ ist entpackt größer als {mb} MB; das ist kein Studienordner.",
            "“{name}” is larger than {mb} MB when unpacked; that is not a study folder.",
        ),
        "outside": (
            "„{name}“ enthält den Eintrag „{member}“, der außerhalb des Ordners liegen würde. "
            "Die Datei wurde nicht verwendet.",
            "“{name}” holds the entry “{member}”, which would lie outside the folder. The "
            "file was not used.",
        ),
        "link": (
            "„{name}“ enthält die Verknüpfung „{member}“; bitte nur Dateien einpacken.",
            "“{name}” holds the link “{member}”; please pack files only.",
        ),
        "encrypted": (
            "„{name}“ ist verschlüsselt; bitte ohne Passwort einpacken.",
            "“{name}” is encrypted; please pack it without a password.",
        ),
        "no_study": (
            "„{name}“ enthält keinen Studienordner: es fehlen study.yaml und "
            "questionnaire.xlsx bzw. questionnaire.yaml.",
            "“{name}” holds no study folder: study.yaml and questionnaire.xlsx or "
            "questionnaire.yaml are missing.",
        ),
        "outside_file": (
            "study.yaml: „{key}“ verweist auf eine Datei außerhalb des Studienordners.",
            "study.yaml: “{key}” refers to a file outside the study folder.",
        ),
        "unreadable": (
            "„{name}“ lässt sich nicht lesen: {error}",
            "“{name}” cannot be read: {error}",
        ),
        "no_questions": (
            "„{name}“: Der Fragebogen enthält keine Fragen.",
            "“{name}”: the questionnaire has no questions.",
        ),
    },
)

# What the team's survey pages report after an action (survey/views/team_manage.py).
define(
    "team_msg",
    {
        "created": (
            "Die Befragung „{title}“ ist angelegt (Entwurf). Prüfen Sie sie in der Vorschau und "
            "öffnen Sie sie, wenn sie stimmt.",
            "The survey “{title}” is created (draft). Check it in the preview and open it when "
            "it is right.",
        ),
        "opened": ("Die Befragung ist geöffnet.", "The survey is open."),
        "closed": (
            "Die Befragung ist geschlossen; es werden keine Antworten mehr angenommen.",
            "The survey is closed; no more answers are accepted.",
        ),
        "wave_created": (
            "Die Welle „{label}“ ist angelegt (Entwurf): gleicher Fragebogen, gleiche "
            "Einstellungen, keine Antworten.",
            "The wave “{label}” is created (draft): same questionnaire, same settings, no answers.",
        ),
        "date_policy_fixed": (
            "Was zu jeder Antwort gespeichert wird, ist seit der ersten Öffnung festgelegt und "
            "wurde nicht geändert.",
            "What is stored with each answer is fixed since the survey was first opened and "
            "was not changed.",
        ),
        "settings_saved": ("Die Einstellungen sind gespeichert.", "The settings are saved."),
        "nothing_changed": ("Nichts geändert.", "Nothing changed."),
        "unknown_action": ("Unbekannte Aktion.", "Unknown action."),
        "closed_nothing_sent": (
            "Die Befragung ist geschlossen; es wird nichts verschickt.",
            "The survey is closed; nothing is sent.",
        ),
        "remind_not_open": (
            "Erinnerungen gehen erst, wenn die Befragung geöffnet ist.",
            "Reminders go out only once the survey is open.",
        ),
        "invalid_line": ("{source}, Zeile {number}: „{text}“", "{source}, line {number}: “{text}”"),
        "and_more": (" … und {n} weitere", " … and {n} more"),
        "invalid_lines_one": (
            "1 Zeile ohne gültige E-Mail-Adresse übersprungen: {listed}{more}.",
            "1 line without a valid e-mail address skipped: {listed}{more}.",
        ),
        "invalid_lines": (
            "{n} Zeilen ohne gültige E-Mail-Adresse übersprungen: {listed}{more}.",
            "{n} lines without a valid e-mail address skipped: {listed}{more}.",
        ),
        "duplicates_one": (
            "1 Adresse war schon eingeladen (oder doppelt in der Liste) und bekommt keine "
            "weitere Einladung.",
            "1 address was invited already (or twice in the list) and gets no further invitation.",
        ),
        "duplicates": (
            "{n} Adressen waren schon eingeladen (oder doppelt in der Liste) und bekommen keine "
            "weitere Einladung.",
            "{n} addresses were invited already (or twice in the list) and get no further "
            "invitation.",
        ),
        "invitations_sent_one": ("1 Einladung verschickt.", "1 invitation sent."),
        "invitations_sent": ("{n} Einladungen verschickt.", "{n} invitations sent."),
        "no_reminder": (
            "Keine Erinnerung verschickt: Jede Einladung wurde schon verwendet oder heute schon "
            "erinnert.",
            "No reminder sent: every invitation was used already or reminded today.",
        ),
        "reminders_sent_one": (
            "1 Erinnerung mit neuem persönlichem Link verschickt (an alle Einladungen, die noch "
            "nicht verwendet wurden).",
            "1 reminder with a new personal link sent (to every invitation not used yet).",
        ),
        "reminders_sent": (
            "{n} Erinnerungen mit neuem persönlichem Link verschickt (an alle Einladungen, die "
            "noch nicht verwendet wurden).",
            "{n} reminders with a new personal link sent (to every invitation not used yet).",
        ),
        "refused": (
            "Der Mailserver hat diese Adressen abgelehnt: {addresses}.",
            "The mail server refused these addresses: {addresses}.",
        ),
        "interrupted": (
            "Der Versand wurde unterbrochen ({error}).",
            "Sending was interrupted ({error}).",
        ),
        "pending_invitations": (
            "{n} Einladungen stehen noch aus. Bitte senden Sie sie mit der Schaltfläche "
            "„Ausstehende senden“.",
            "{n} invitations are still pending. Please send them with the button “Send pending”.",
        ),
        "pending_reminders": (
            "{n} Erinnerungen stehen noch aus. Bitte senden Sie sie mit der Schaltfläche "
            "„Erinnern“.",
            "{n} reminders are still pending. Please send them with the button “Remind”.",
        ),
    },
)

# The team's results page (survey/views/team_results.py).
define(
    "team_results",
    {
        "csv": ("Antworten als CSV", "Answers as CSV"),
        "csv_hint": (
            "Kobo-Format, für lipkit analyze und Tabellenprogramme",
            "Kobo format, for lipkit analyze and spreadsheet programs",
        ),
        "csv_excel": ("Antworten als CSV für Excel", "Answers as CSV for Excel"),
        "csv_excel_hint": (
            "Semikolon, Dezimalkomma: öffnet sich in einem deutschen Excel per Doppelklick",
            "Semicolon, decimal comma: opens in a German Excel by double-click",
        ),
        "xlsx": ("Antworten als Excel-Datei", "Answers as an Excel file"),
        "xlsx_hint": (
            "Kobo-Format; zweites Blatt mit den Beschriftungen neben den Codes",
            "Kobo format; a second sheet with the labels next to the codes",
        ),
        "zip": ("Studienordner (ZIP)", "Study folder (ZIP)"),
        "zip_hint": (
            "Fragebogen, Organigramm und Antworten für lipkit report",
            "Questionnaire, org tree and answers for lipkit report",
        ),
        "kind_choice": ("Einfachauswahl", "single choice"),
        "kind_multiple": ("Mehrfachauswahl", "multiple choice"),
        "kind_number": ("Zahl", "number"),
        "kind_text": ("offene Antwort", "open answer"),
        "kind_date": ("Datum", "date"),
        "suppressed_note": (
            "weniger als {k} Antworten, oder weitere kleine Einheiten, aus denen sich eine "
            "solche zurückrechnen ließe",
            "fewer than {k} answers, or further small units from which such a one could be "
            "recalculated",
        ),
        "unknown_format": ("unbekanntes Exportformat", "unknown export format"),
        "up": ("gestiegen", "risen"),
        "down": ("gesunken", "fallen"),
        "same": ("keine deutliche Veränderung", "no clear change"),
        "not_shown": (", nicht gezeigt: {n}", ", not shown: {n}"),
        "filtered": (
            "Filterfrage (Basis: wem sie gezeigt wurde{shown})",
            "filtered question (base: those shown it{shown})",
        ),
        "skipped": ("übersprungen: {n}", "skipped: {n}"),
    },
)

# Other texts of the team's pages.
define(
    "team_page",
    {
        "texts_saved": (
            "Die Texte für Befragte sind gespeichert.",
            "The texts for respondents are saved.",
        ),
        "privacy": ("Datenschutzerklärung", "Privacy notice"),
        "imprint": ("Impressum", "Imprint"),
        "accessibility": ("Erklärung zur Barrierefreiheit", "Accessibility statement"),
        "wave_label_long": (
            "Die Bezeichnung der Welle ist länger als 40 Zeichen.",
            "The wave's label is longer than 40 characters.",
        ),
        "wave_exists": (
            "Eine Welle „{label}“ dieser Befragung gibt es schon.",
            "This survey has a wave “{label}” already.",
        ),
        "login_exists": (
            "Die Anmeldung „{name}“ gibt es schon; ihr Passwort wird hier nicht geändert. "
            "Lassen Sie das Passwortfeld leer.",
            "The login “{name}” exists already; its password is not changed here. Leave the "
            "password field empty.",
        ),
        "no_login": (
            "Eine Anmeldung „{name}“ gibt es nicht. Für eine neue Anmeldung geben Sie ein "
            "erstes Passwort an.",
            "There is no login “{name}”. For a new login give a first password.",
        ),
        "role_given": (
            "„{name}“ hat jetzt die Rolle „{role}“.",
            "“{name}” now has the role “{role}”.",
        ),
        "role_given_new": (
            "„{name}“ hat jetzt die Rolle „{role}“ (neue Anmeldung; bitte das erste Passwort "
            "ändern lassen).",
            "“{name}” now has the role “{role}” (new login; please have the first password "
            "changed).",
        ),
        "format_csv_excel": ("CSV für Excel", "CSV for Excel"),
        "format_zip": ("Studienordner (ZIP)", "Study folder (ZIP)"),
        "missing_controller": (
            "die verantwortliche Stelle (Datenschutzerklärung)",
            "the controller (privacy notice)",
        ),
        "missing_imprint": ("das Impressum", "the imprint"),
    },
)

# The team's login and roles.
define(
    "team_msg",
    {
        "session_expired": (
            "Ihre Sitzung ist nach {hours} Stunden abgelaufen. Bitte melden Sie sich erneut an.",
            "Your session ended after {hours} hours. Please sign in again.",
        ),
    },
)
define(
    "team_page",
    {"role_removed": ("„{name}“ hat keine Rolle mehr.", "“{name}” no longer has a role.")},
)
