"""The online survey: the respondents' pages and the answers they are asked to correct."""

from lipkit.catalogue.core import define

define(
    "answer",
    {
        "required": ("Bitte beantworten Sie diese Frage.", "Please answer this question."),
        "choice": ("Diese Antwort gibt es hier nicht.", "This answer is not one of the options."),
        "exclusive": (
            "„{option}“ kann nicht zusammen mit anderen Antworten gewählt werden.",
            "“{option}” cannot be combined with other answers.",
        ),
        "constraint": ("Diese Antwort ist nicht zulässig.", "This answer is not allowed."),
        "not_shown": (
            "Diese Frage entfällt nach Ihren bisherigen Antworten; bitte leeren Sie das Feld.",
            "This question does not apply given your earlier answers; please clear it.",
        ),
        "too_long": (
            "Bitte höchstens {n} Zeichen (jetzt {m}).",
            "At most {n} characters, please (now {m}).",
        ),
        "integer": ("Bitte eine ganze Zahl eingeben.", "Please enter a whole number."),
        "decimal": ("Bitte eine Zahl eingeben.", "Please enter a number."),
        "date": ("Bitte ein Datum eingeben (TT.MM.JJJJ).", "Please enter a date (DD.MM.YYYY)."),
        "time": ("Bitte eine Uhrzeit eingeben (HH:MM).", "Please enter a time (HH:MM)."),
        "datetime": (
            "Bitte Datum und Uhrzeit eingeben (TT.MM.JJJJ HH:MM).",
            "Please enter a date and time (DD.MM.YYYY HH:MM).",
        ),
        "single": ("Bitte nur eine Antwort wählen.", "Please choose one answer only."),
        "control": (
            "Der Text enthielt unsichtbare Steuerzeichen (etwa aus einer kopierten Vorlage). Sie sind jetzt entfernt; bitte prüfen Sie den Text und senden Sie die Seite noch einmal.",
            "The text contained invisible control characters (e.g. from a copied template). They have now been removed; please check the text and send the page again.",
        ),
    },
)

define(
    "respondent",
    {
        "skip": ("Zum Fragebogen springen", "Skip to the questionnaire"),
        "start": ("Befragung beginnen", "Start the survey"),
        "intro": (
            "Die Befragung ist anonym: Ihre Antworten werden ohne Namen, ohne Adresse und ohne Uhrzeit gespeichert. Ergebnisse werden nur für Gruppen mit mindestens {k} Personen ausgewiesen.",
            "The survey is anonymous: your answers are stored without name, address or time of day. Results are shown only for groups of at least {k} people.",
        ),
        "pages": ("Der Fragebogen hat {n} Seiten.", "The questionnaire has {n} pages."),
        "language": ("Sprache", "Language"),
        "resume_title": ("Später fortsetzen", "Continue later"),
        "resume_text": (
            "Sie haben Ihre Antworten gespeichert? Geben Sie Ihren Code ein.",
            "Did you save your answers? Enter your code.",
        ),
        "resume_code": ("Code", "Code"),
        "resume": ("Fortsetzen", "Continue"),
        "unknown_code": (
            "Zu diesem Code gibt es keine gespeicherten Antworten.",
            "There are no saved answers for this code.",
        ),
        "changed": (
            "Der Fragebogen wurde inzwischen geändert; bitte beginnen Sie neu.",
            "The questionnaire has changed since; please start again.",
        ),
        "expired": (
            "Die Seite war zu lange geöffnet. Bitte beginnen Sie neu oder setzen Sie mit Ihrem Code fort.",
            "The page was open for too long. Please start again or continue with your code.",
        ),
        "refused": (
            "Diese Einladung ist nicht gültig oder wurde schon verwendet.",
            "This invitation is not valid or has already been used.",
        ),
        "page_of": ("Seite {n} von {m}", "Page {n} of {m}"),
        "required": ("Pflichtfrage", "required"),
        "back": ("Zurück", "Back"),
        "next": ("Weiter", "Next"),
        "send": ("Absenden", "Submit"),
        "save": ("Speichern und später fortsetzen", "Save and continue later"),
        "errors_title": ("Bitte prüfen Sie Ihre Antworten", "Please check your answers"),
        "appeared": (
            "Nach Ihren Antworten gibt es auf dieser Seite weitere Fragen. Bitte beantworten Sie auch diese.",
            "Your answers have brought up further questions on this page. Please answer them too.",
        ),
        "multiple": ("Mehrfachantworten sind möglich.", "Several answers are possible."),
        "thanks_title": ("Vielen Dank!", "Thank you!"),
        "thanks": (
            "Ihre Antworten sind gespeichert. Sie können dieses Fenster schließen.",
            "Your answers have been saved. You can close this window.",
        ),
        "saved_title": ("Ihre Antworten sind gespeichert", "Your answers have been saved"),
        "saved": (
            "Mit diesem Code können Sie später an derselben Stelle fortsetzen. Notieren Sie ihn; er enthält keine Angaben zu Ihrer Person. Ohne den Code kann niemand Ihre gespeicherten Antworten lesen; sie werden nach {n} Tagen gelöscht.",
            "With this code you can continue later where you left off. Note it down; it contains nothing about you. Without the code nobody can read your saved answers; they are deleted after {n} days.",
        ),
        "closed": ("Diese Befragung ist nicht geöffnet.", "This survey is not open."),
        "used_at_send": (
            "Mit dieser Einladung wurde der Fragebogen inzwischen schon abgeschickt (zum Beispiel in einem anderen Fenster). Jede Einladung gilt für eine Antwort; diese Antworten wurden daher nicht gespeichert.",
            "The questionnaire has already been submitted with this invitation (in another window, for example). Each invitation is for one response, so these answers have not been saved.",
        ),
        "link_needed": (
            "Um mit einer Einladung fortzusetzen, öffnen Sie bitte Ihren persönlichen Link aus der E-Mail und geben Sie den Code dort ein.",
            "To continue with an invitation, please open your personal link from the e-mail and enter the code there.",
        ),
        "saved_invited": (
            "Zum Fortsetzen öffnen Sie Ihren persönlichen Link aus der E-Mail (oder den aus einer Erinnerung) und geben Sie dort den Code ein.",
            "To continue, open your personal link from the e-mail (or the one from a reminder) and enter the code there.",
        ),
        "too_many_saved": (
            "Von diesem Anschluss kamen in der letzten Stunde sehr viele Antworten; Ihre Antworten konnten deshalb jetzt nicht abgeschickt werden. Sie gehen nicht verloren: Sie sind unter dem Code unten gespeichert. Setzen Sie damit später fort und senden Sie sie dann ab.",
            "Very many answers came from this connection in the last hour, so your answers could not be submitted now. They are not lost: they are saved under the code below. Continue with it later and submit them then.",
        ),
        "too_many": (
            "Von diesem Anschluss kamen in der letzten Stunde sehr viele Antworten. Bitte versuchen Sie es später noch einmal.",
            "Very many answers came from this connection in the last hour. Please try again later.",
        ),
        "timeout": (
            "Diese Seite läuft in {m} Minuten ab. Möchten Sie weitermachen?",
            "This page expires in {m} minutes. Do you want to continue?",
        ),
        "renew": ("Sitzung verlängern", "Extend the session"),
        "renewed": (
            "Die Seite bleibt jetzt weitere {m} Minuten geöffnet.",
            "The page now stays open for another {m} minutes.",
        ),
        "renew_failed": (
            "Die Sitzung ließ sich nicht verlängern. Bitte senden Sie die Seite ab oder speichern Sie Ihre Antworten.",
            "The session could not be extended. Please submit the page or save your answers.",
        ),
        "live_shown": ("Weitere Fragen auf dieser Seite: {n}", "More questions on this page: {n}"),
        "live_hidden": ("Entfallene Fragen: {n}", "Questions no longer asked: {n}"),
        "live_unticked": ("Abgewählt: {option}", "Unticked: {option}"),
        "no_options": (
            "Die Antwortmöglichkeiten hängen von einer anderen Antwort ab; bitte beantworten Sie zuerst diese.",
            "The options depend on another answer; please give that one first.",
        ),
        "chars": ("höchstens {n} Zeichen", "at most {n} characters"),
        "refused_used": (
            "Diese Einladung wurde bereits verwendet: Mit ihr wurde der Fragebogen schon abgeschickt. Jede Einladung gilt für eine Antwort.",
            "This invitation has already been used: the questionnaire was sent with it. Each invitation is good for one response.",
        ),
        "invitation_only": (
            "An dieser Befragung nimmt teil, wer eine persönliche Einladung bekommen hat. Bitte öffnen Sie den Link aus Ihrer E-Mail.",
            "This survey is for people who received a personal invitation. Please open the link from your e-mail.",
        ),
        "not_open": ("Diese Befragung ist noch nicht geöffnet.", "This survey is not open yet."),
        "not_yet": (
            "Die Befragung beginnt am {date}. Bitte öffnen Sie den Link ab diesem Tag noch einmal.",
            "The survey starts on {date}. Please open the link again from that day on.",
        ),
        "ended": (
            "Die Befragung ist beendet; es werden keine Antworten mehr angenommen. Vielen Dank für Ihr Interesse.",
            "The survey has ended; no more answers are accepted. Thank you for your interest.",
        ),
        "ended_on": ("Sie lief bis einschließlich {date}.", "It ran until {date} inclusive."),
        "duration": (
            "Das Ausfüllen dauert etwa {n} Minuten.",
            "Filling it in takes about {n} minutes.",
        ),
        "duration_one": (
            "Das Ausfüllen dauert etwa eine Minute.",
            "Filling it in takes about one minute.",
        ),
        "until": (
            "Sie können bis einschließlich {date} teilnehmen.",
            "You can take part until {date} inclusive.",
        ),
        "privacy_hint": (
            "Was gespeichert wird und was nicht, steht in der",
            "What is stored and what is not is set out in the",
        ),
        "footer": ("Rechtliches", "Legal information"),
        "new_window": ("(öffnet in neuem Fenster)", "(opens in a new window)"),
        "privacy": ("Datenschutzerklärung", "Privacy statement"),
        "imprint": ("Impressum", "Legal notice (Impressum)"),
        "accessibility": ("Erklärung zur Barrierefreiheit", "Accessibility statement"),
        "back_to_survey": ("Zurück zur Befragung", "Back to the survey"),
        "not_found_title": ("Seite nicht gefunden", "Page not found"),
        "not_found": (
            "Unter dieser Adresse gibt es keine Seite. Bitte prüfen Sie den Link, zum Beispiel ob er beim Kopieren aus der E-Mail vollständig übernommen wurde.",
            "There is no page at this address. Please check the link, for example whether it was copied completely from the e-mail.",
        ),
        "missing": (
            "Diese Angabe hat das Auswertungsteam noch nicht eingetragen.",
            "The evaluation team has not filled this in yet.",
        ),
    },
)

# A problem in an uploaded questionnaire or study folder, as the team's page shows it.
define(
    "upload",
    {
        "error": ("Fehler in {where}: {message}", "Error in {where}: {message}"),
        "sheet": ("Tabellenblatt „{value}“", "sheet “{value}”"),
        "row": ("Zeile {value}", "row {value}"),
        "line": ("Zeile {value} (YAML)", "line {value} (YAML)"),
        "item": ("Eintrag {value}", "item {value}"),
        "column": ("Spalte „{value}“", "column “{value}”"),
        "key": ("Schlüssel „{value}“", "key “{value}”"),
        "question": ("Frage „{value}“", "question “{value}”"),
        "group": ("Gruppe „{value}“", "group “{value}”"),
        "field": ("Feld „{value}“", "field “{value}”"),
        "more": (" (und {n} weitere)", " (and {n} more)"),
    },
)
