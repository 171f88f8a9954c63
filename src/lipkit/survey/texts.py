"""The fixed words of the respondents' pages, German and English."""

TEXTS = {
    "de": {
        "skip": "Zum Fragebogen springen",
        "start": "Befragung beginnen",
        "intro": "Die Befragung ist anonym: Ihre Antworten werden ohne Namen, ohne Adresse und "
        "ohne Uhrzeit gespeichert. Ergebnisse werden nur für Gruppen mit mindestens {k} "
        "Personen ausgewiesen.",
        "pages": "Der Fragebogen hat {n} Seiten.",
        "language": "Sprache",
        "resume_title": "Später fortsetzen",
        "resume_text": "Sie haben Ihre Antworten gespeichert? Geben Sie Ihren Code ein.",
        "resume_code": "Code",
        "resume": "Fortsetzen",
        "unknown_code": "Zu diesem Code gibt es keine gespeicherten Antworten.",
        "changed": "Der Fragebogen wurde inzwischen geändert; bitte beginnen Sie neu.",
        "expired": "Die Seite war zu lange geöffnet. Bitte beginnen Sie neu oder setzen Sie mit "
        "Ihrem Code fort.",
        "refused": "Diese Einladung ist nicht gültig oder wurde schon verwendet.",
        "page_of": "Seite {n} von {m}",
        "required": "Pflichtfrage",
        "back": "Zurück",
        "next": "Weiter",
        "send": "Absenden",
        "save": "Speichern und später fortsetzen",
        "errors_title": "Bitte prüfen Sie Ihre Antworten",
        "appeared": "Nach Ihren Antworten gibt es auf dieser Seite weitere Fragen. Bitte "
        "beantworten Sie auch diese.",
        "multiple": "Mehrfachantworten sind möglich.",
        "thanks_title": "Vielen Dank!",
        "thanks": "Ihre Antworten sind gespeichert. Sie können dieses Fenster schließen.",
        "saved_title": "Ihre Antworten sind gespeichert",
        "saved": "Mit diesem Code können Sie später an derselben Stelle fortsetzen. Notieren "
        "Sie ihn; er enthält keine Angaben zu Ihrer Person.",
        "closed": "Diese Befragung ist nicht geöffnet.",
        "too_many": "Von diesem Anschluss kamen in der letzten Stunde sehr viele Antworten. "
        "Bitte versuchen Sie es später noch einmal.",
        "timeout": "Diese Seite läuft in {m} Minuten ab. Möchten Sie weitermachen?",
        "renew": "Sitzung verlängern",
        "renewed": "Die Seite bleibt jetzt weitere {m} Minuten geöffnet.",
        "renew_failed": "Die Sitzung ließ sich nicht verlängern. Bitte senden Sie die Seite "
        "ab oder speichern Sie Ihre Antworten.",
        "live_shown": "Weitere Fragen auf dieser Seite: {n}",
        "live_hidden": "Entfallene Fragen: {n}",
        "live_unticked": "Abgewählt: {option}",
        "no_options": "Die Antwortmöglichkeiten hängen von einer anderen Antwort ab; bitte "
        "beantworten Sie zuerst diese.",
        "chars": "höchstens {n} Zeichen",
    },
    "en": {
        "skip": "Skip to the questionnaire",
        "start": "Start the survey",
        "intro": "The survey is anonymous: your answers are stored without name, address or "
        "time of day. Results are shown only for groups of at least {k} people.",
        "pages": "The questionnaire has {n} pages.",
        "language": "Language",
        "resume_title": "Continue later",
        "resume_text": "Did you save your answers? Enter your code.",
        "resume_code": "Code",
        "resume": "Continue",
        "unknown_code": "There are no saved answers for this code.",
        "changed": "The questionnaire has changed since; please start again.",
        "expired": "The page was open for too long. Please start again or continue with your code.",
        "refused": "This invitation is not valid or has already been used.",
        "page_of": "Page {n} of {m}",
        "required": "required",
        "back": "Back",
        "next": "Next",
        "send": "Submit",
        "save": "Save and continue later",
        "errors_title": "Please check your answers",
        "appeared": "Your answers have brought up further questions on this page. Please "
        "answer them too.",
        "multiple": "Several answers are possible.",
        "thanks_title": "Thank you!",
        "thanks": "Your answers have been saved. You can close this window.",
        "saved_title": "Your answers have been saved",
        "saved": "With this code you can continue later where you left off. Note it down; it "
        "contains nothing about you.",
        "closed": "This survey is not open.",
        "too_many": "Very many answers came from this connection in the last hour. Please try "
        "again later.",
        "timeout": "This page expires in {m} minutes. Do you want to continue?",
        "renew": "Extend the session",
        "renewed": "The page now stays open for another {m} minutes.",
        "renew_failed": "The session could not be extended. Please submit the page or save "
        "your answers.",
        "live_shown": "More questions on this page: {n}",
        "live_hidden": "Questions no longer asked: {n}",
        "live_unticked": "Unticked: {option}",
        "no_options": "The options depend on another answer; please give that one first.",
        "chars": "at most {n} characters",
    },
}
