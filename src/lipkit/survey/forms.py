"""The evaluation team's forms: what a request may carry, checked and in Python types.

The forms only read and check input; what happens with it is in ``services/``.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from lipkit.survey.models import TEXT_FIELDS, Role, Survey
from lipkit.survey.services.setup import MAX_UPLOAD

MAX_ADDRESS_FILE = 2 * 1024 * 1024
MAX_ADDRESSES = 20_000
_ANGLE = re.compile(r"<([^<>]+)>\s*$")  # Name <address>
EMAIL_HEADERS = {"email", "e-mail", "mail", "e-mail-adresse", "emailadresse", "adresse"}


class CreateForm(forms.Form):
    file = forms.FileField(
        label="Fragebogen oder Studienordner",
        help_text="Ein XLSForm (.xlsx) oder ein Studienordner als ZIP-Datei (study.yaml, "
        f"questionnaire.xlsx oder .yaml, org.csv); höchstens {MAX_UPLOAD // 1024 // 1024} MB.",
        error_messages={
            "required": "Bitte wählen Sie eine Datei aus.",
            "empty": "Die Datei ist leer.",
            "invalid": "Bitte wählen Sie eine Datei aus.",
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.zip"}),
    )
    title = forms.CharField(
        label="Titel (optional)",
        help_text="Ohne Angabe: der Titel aus dem Fragebogen bzw. der study.yaml.",
        max_length=300,
        required=False,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise ValidationError(
                f"„{upload.name}“ ist zu groß; erlaubt sind höchstens "
                f"{MAX_UPLOAD // 1024 // 1024} MB."
            )
        return upload


class SettingsForm(forms.Form):
    opens_on = forms.DateField(
        label="Geöffnet ab",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Leer: sofort, sobald die Befragung geöffnet ist.",
    )
    closes_on = forms.DateField(
        label="Geöffnet bis einschließlich",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Leer: bis sie geschlossen wird.",
    )
    date_policy = forms.ChoiceField(
        label="Zu jeder Antwort speichern",
        choices=Survey.DatePolicy.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    open_link = forms.BooleanField(
        label="Offener Link: jede Person mit dem Link kann antworten",
        help_text="Aus: Antworten nur über persönliche Einladungslinks.",
        required=False,
    )

    def __init__(self, *args, fixed: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fixed = fixed
        if fixed:
            # A disabled field keeps its initial value whatever the request says.
            self.fields["date_policy"].disabled = True

    def clean(self):
        data = super().clean()
        opens_on, closes_on = data.get("opens_on"), data.get("closes_on")
        if opens_on and closes_on and closes_on < opens_on:
            self.add_error("closes_on", "Das Ende liegt vor dem Beginn.")
        return data

    def date_policy_requested(self) -> str | None:
        """The date policy the request asked for (also when the field is disabled)."""
        value = self.data.get("date_policy")
        return value if value in Survey.DatePolicy.values else None


class RespondentTextsForm(forms.ModelForm):
    """What respondents are shown besides the questions ("Texte für Befragte")."""

    class Meta:
        model = Survey
        fields = TEXT_FIELDS
        labels = {
            "introduction": "Einleitung (Deutsch)",
            "introduction_en": "Einleitung (Englisch)",
            "minutes": "Dauer in Minuten",
            "controller": "Verantwortliche Stelle",
            "data_protection_officer": "Datenschutzbeauftragte Person",
            "retention_months": "Speicherdauer der Antworten in Monaten",
            "privacy_note": "Ergänzungen zur Datenschutzerklärung",
            "imprint": "Impressum",
            "accessibility_contact": "Kontakt für Hinweise auf Barrieren",
            "enforcement_body": "Durchsetzungs- oder Schlichtungsstelle",
        }
        help_texts = {
            "introduction": "Steht auf der ersten Seite über dem Knopf „Befragung beginnen“. "
            "Absätze, **fett**, *kursiv*, Listen mit „- “ und Links [Text](https://…); "
            "HTML wird als Text gezeigt.",
            "introduction_en": "Für die englische Fassung; leer: die deutsche Einleitung.",
            "minutes": "Leer: geschätzt aus den Fragen (etwa 8 Sekunden je Auswahlfrage, "
            "45 je offene Frage).",
            "controller": "Name und Anschrift der Stelle, die die Befragung durchführt, mit "
            "E-Mail-Adresse – z. B. „Stadt Musterstadt, Der Oberbürgermeister, Fachbereich "
            "Integration, Markt 1, 12345 Musterstadt, integration@musterstadt.de“.",
            "data_protection_officer": "Kontakt der oder des behördlichen Datenschutzbeauftragten.",
            "retention_months": "Die Antworten werden gelöscht, sobald die Auswertung "
            "abgeschlossen ist, spätestens so viele Monate nach dem Ende der Befragung.",
            "privacy_note": "Zum Beispiel die Rechtsgrundlage oder die Dienstvereinbarung mit "
            "dem Personalrat. Gleiche Auszeichnung wie die Einleitung.",
            "imprint": "Angaben zum Anbieter der Seiten. Leer: die verantwortliche Stelle.",
            "accessibility_contact": "Wohin Befragte Barrieren melden können (E-Mail, "
            "Telefon). Leer: die verantwortliche Stelle.",
            "enforcement_body": "Die Stelle, an die sich Befragte wenden können, wenn auf "
            "ihre Meldung keine befriedigende Antwort kommt; sie hängt vom Bundesland ab.",
        }
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in TEXT_FIELDS
            if name not in ("minutes", "retention_months")
        }
        error_messages = {
            "minutes": {"invalid": "Bitte eine ganze Zahl von Minuten eingeben."},
            "retention_months": {
                "invalid": "Bitte eine ganze Zahl von Monaten eingeben.",
                "required": "Bitte geben Sie an, wie lange die Antworten gespeichert bleiben.",
            },
        }

    def clean_minutes(self):
        minutes = self.cleaned_data.get("minutes")
        if minutes is not None and not 1 <= minutes <= 240:
            raise ValidationError("Bitte zwischen 1 und 240 Minuten angeben.")
        return minutes

    def clean_retention_months(self):
        months = self.cleaned_data.get("retention_months")
        if months is not None and not 1 <= months <= 120:
            raise ValidationError("Bitte zwischen 1 und 120 Monaten angeben.")
        return months


class ColleagueForm(forms.Form):
    username = forms.CharField(
        label="Benutzername",
        max_length=150,
        help_text="Eine bestehende Anmeldung, oder ein neuer Name für eine neue Anmeldung.",
        error_messages={"required": "Bitte geben Sie einen Benutzernamen an."},
    )
    kind = forms.ChoiceField(
        label="Rolle",
        choices=Role.Kind.choices,
        initial=Role.Kind.READER,
        widget=forms.RadioSelect,
        error_messages={"required": "Bitte wählen Sie eine Rolle."},
    )
    password = forms.CharField(
        label="Erstes Passwort (nur für eine neue Anmeldung)",
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="Geben Sie es der Person auf sicherem Weg; sie ändert es nach der ersten "
        "Anmeldung unter „Passwort ändern“. Für eine bestehende Anmeldung leer lassen.",
    )


@dataclass(frozen=True)
class Line:
    source: str  # "Textfeld" or the file name
    number: int  # 1-based line of the text or the file
    text: str


class InvitationForm(forms.Form):
    addresses = forms.CharField(
        label="E-Mail-Adressen",
        help_text="Eine Adresse je Zeile (oder mehrere, getrennt durch „;“, wie sie ein "
        "Mailprogramm kopiert).",
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false", "autocomplete": "off"}),
        required=False,
    )
    file = forms.FileField(
        label="oder eine Datei mit Adressen",
        help_text="Text (eine Adresse je Zeile) oder CSV mit einer Spalte „email“.",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,text/csv,text/plain"}),
    )

    def clean(self):
        data = super().clean()
        lines: list[Line] = []
        text = data.get("addresses") or ""
        lines += [Line("Textfeld", n, t) for n, t in _text_lines(text)]
        upload = data.get("file")
        if upload is not None:
            if upload.size > MAX_ADDRESS_FILE:
                self.add_error("file", "Die Datei ist zu groß (höchstens 2 MB).")
                return data
            try:
                lines += [Line(upload.name, n, t) for n, t in file_lines(upload.read())]
            except ValueError as error:
                self.add_error("file", str(error))
                return data
        if not lines:
            raise ValidationError("Bitte geben Sie Adressen ein oder wählen Sie eine Datei.")
        if len(lines) > MAX_ADDRESSES:
            raise ValidationError(f"Höchstens {MAX_ADDRESSES} Adressen auf einmal.")
        data["lines"] = lines
        return data

    @property
    def valid_addresses(self) -> list[str]:
        return [line.text for line in self.cleaned_data["lines"] if _is_email(line.text)]

    @property
    def invalid_lines(self) -> list[Line]:
        return [line for line in self.cleaned_data["lines"] if not _is_email(line.text)]


def _is_email(text: str) -> bool:
    try:
        validate_email(text)
    except ValidationError:
        return False
    return True


def _text_lines(text: str) -> list[tuple[int, str]]:
    """(line number, address) for every address: one per line, or several separated by
    ``;`` as mail programs copy them (``Muster, Anna <anna.muster@stadt.de>; …``)."""
    out = []
    for number, line in enumerate(text.splitlines(), start=1):
        for part in line.split(";"):
            address = _address(part)
            if address:
                out.append((number, address))
    return out


def _address(text: str) -> str:
    text = text.strip().rstrip(",").strip().strip('"').strip()
    match = _ANGLE.search(text)
    return match.group(1).strip() if match else text


def file_lines(data: bytes) -> list[tuple[int, str]]:
    """Addresses of an uploaded file: a CSV with a column ``email`` (any of
    :data:`EMAIL_HEADERS`), else one address per line. Line numbers as an editor shows them."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes almost anything
        raise ValueError("Die Datei ist keine Textdatei.")
    if "\x00" in text:
        raise ValueError("Die Datei ist keine Text- oder CSV-Datei.")
    lines = text.splitlines()
    if not lines:
        return []
    header = lines[0]
    try:
        dialect = csv.Sniffer().sniff(header, delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    cells = [c.strip().strip('"').lower() for c in header.split(delimiter)]
    column = next((i for i, c in enumerate(cells) if c in EMAIL_HEADERS), None)
    if column is None:
        return _text_lines(text)
    out = []
    rows = csv.reader(io.StringIO(text), delimiter=delimiter)
    next(rows, None)
    for row in rows:
        number = rows.line_num
        if column < len(row) and row[column].strip():
            out.append((number, row[column].strip()))
    return out
