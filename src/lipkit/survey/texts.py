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
        "Sie ihn; er enthält keine Angaben zu Ihrer Person. Ohne den Code kann niemand Ihre "
        "gespeicherten Antworten lesen; sie werden nach {n} Tagen gelöscht.",
        "closed": "Diese Befragung ist nicht geöffnet.",
        "used_at_send": "Mit dieser Einladung wurde der Fragebogen inzwischen schon abgeschickt "
        "(zum Beispiel in einem anderen Fenster). Jede Einladung gilt für eine Antwort; diese "
        "Antworten wurden daher nicht gespeichert.",
        "link_needed": "Um mit einer Einladung fortzusetzen, öffnen Sie bitte Ihren persönlichen "
        "Link aus der E-Mail und geben Sie den Code dort ein.",
        "saved_invited": "Zum Fortsetzen öffnen Sie Ihren persönlichen Link aus der E-Mail "
        "(oder den aus einer Erinnerung) und geben Sie dort den Code ein.",
        "too_many_saved": "Von diesem Anschluss kamen in der letzten Stunde sehr viele Antworten; "
        "Ihre Antworten konnten deshalb jetzt nicht abgeschickt werden. Sie gehen nicht "
        "verloren: Sie sind unter dem Code unten gespeichert. Setzen Sie damit später fort und "
        "senden Sie sie dann ab.",
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
        "refused_used": "Diese Einladung wurde bereits verwendet: Mit ihr wurde der Fragebogen "
        "schon abgeschickt. Jede Einladung gilt für eine Antwort.",
        "invitation_only": "An dieser Befragung nimmt teil, wer eine persönliche Einladung "
        "bekommen hat. Bitte öffnen Sie den Link aus Ihrer E-Mail.",
        "not_open": "Diese Befragung ist noch nicht geöffnet.",
        "not_yet": "Die Befragung beginnt am {date}. Bitte öffnen Sie den Link ab diesem Tag "
        "noch einmal.",
        "ended": "Die Befragung ist beendet; es werden keine Antworten mehr angenommen. Vielen "
        "Dank für Ihr Interesse.",
        "ended_on": "Sie lief bis einschließlich {date}.",
        "duration": "Das Ausfüllen dauert etwa {n} Minuten.",
        "duration_one": "Das Ausfüllen dauert etwa eine Minute.",
        "until": "Sie können bis einschließlich {date} teilnehmen.",
        "privacy_hint": "Was gespeichert wird und was nicht, steht in der",
        "footer": "Rechtliches",
        "new_window": "(öffnet in neuem Fenster)",
        "privacy": "Datenschutzerklärung",
        "imprint": "Impressum",
        "accessibility": "Erklärung zur Barrierefreiheit",
        "back_to_survey": "Zurück zur Befragung",
        "not_found_title": "Seite nicht gefunden",
        "not_found": "Unter dieser Adresse gibt es keine Seite. Bitte prüfen Sie den Link, "
        "zum Beispiel ob er beim Kopieren aus der E-Mail vollständig übernommen wurde.",
        "missing": "Diese Angabe hat das Auswertungsteam noch nicht eingetragen.",
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
        "contains nothing about you. Without the code nobody can read your saved answers; they "
        "are deleted after {n} days.",
        "closed": "This survey is not open.",
        "used_at_send": "The questionnaire has already been submitted with this invitation (in "
        "another window, for example). Each invitation is for one response, so these answers "
        "have not been saved.",
        "link_needed": "To continue with an invitation, please open your personal link from "
        "the e-mail and enter the code there.",
        "saved_invited": "To continue, open your personal link from the e-mail (or the one from "
        "a reminder) and enter the code there.",
        "too_many_saved": "Very many answers came from this connection in the last hour, so "
        "your answers could not be submitted now. They are not lost: they are saved under the "
        "code below. Continue with it later and submit them then.",
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
        "refused_used": "This invitation has already been used: the questionnaire was sent "
        "with it. Each invitation is good for one response.",
        "invitation_only": "This survey is for people who received a personal invitation. "
        "Please open the link from your e-mail.",
        "not_open": "This survey is not open yet.",
        "not_yet": "The survey starts on {date}. Please open the link again from that day on.",
        "ended": "The survey has ended; no more answers are accepted. Thank you for your interest.",
        "ended_on": "It ran until {date} inclusive.",
        "duration": "Filling it in takes about {n} minutes.",
        "duration_one": "Filling it in takes about one minute.",
        "until": "You can take part until {date} inclusive.",
        "privacy_hint": "What is stored and what is not is set out in the",
        "footer": "Legal information",
        "new_window": "(opens in a new window)",
        "privacy": "Privacy statement",
        "imprint": "Legal notice (Impressum)",
        "accessibility": "Accessibility statement",
        "back_to_survey": "Back to the survey",
        "not_found_title": "Page not found",
        "not_found": "There is no page at this address. Please check the link, for example "
        "whether it was copied completely from the e-mail.",
        "missing": "The evaluation team has not filled this in yet.",
    },
}
