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

from lipkit import catalogue
from lipkit.survey.models import TEXT_FIELDS, Role, Survey
from lipkit.survey.services.setup import MAX_UPLOAD

MAX_ADDRESS_FILE = 2 * 1024 * 1024
MAX_ADDRESSES = 20_000
_ANGLE = re.compile(r"<([^<>]+)>\s*$")  # Name <address>
EMAIL_HEADERS = {"email", "e-mail", "mail", "e-mail-adresse", "emailadresse", "adresse"}


class CreateForm(forms.Form):
    file = forms.FileField(
        label=catalogue.text("team_form.file"),
        help_text=catalogue.text("team_form.file_help", mb=MAX_UPLOAD // 1024 // 1024),
        error_messages={
            "required": catalogue.text("team_form.choose_file"),
            "empty": catalogue.text("team_form.empty_file"),
            "invalid": catalogue.text("team_form.choose_file"),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.zip"}),
    )
    title = forms.CharField(
        label=catalogue.text("team_form.title"),
        help_text=catalogue.text("team_form.title_help"),
        max_length=300,
        required=False,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise ValidationError(
                catalogue.text(
                    "team_form.too_large", name=upload.name, mb=MAX_UPLOAD // 1024 // 1024
                )
            )
        return upload


class SettingsForm(forms.Form):
    opens_on = forms.DateField(
        label=catalogue.text("team_form.opens_on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=catalogue.text("team_form.opens_on_help"),
    )
    closes_on = forms.DateField(
        label=catalogue.text("team_form.closes_on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=catalogue.text("team_form.closes_on_help"),
    )
    date_policy = forms.ChoiceField(
        label=catalogue.text("team_form.date_policy"),
        choices=Survey.DatePolicy.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    open_link = forms.BooleanField(
        label=catalogue.text("team_form.open_link"),
        help_text=catalogue.text("team_form.open_link_help"),
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
            self.add_error("closes_on", catalogue.text("team_form.end_before_start"))
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
        labels = {name: catalogue.text(f"team_form.{name}") for name in TEXT_FIELDS}
        help_texts = {name: catalogue.text(f"team_form.{name}_help") for name in TEXT_FIELDS}
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in TEXT_FIELDS
            if name not in ("minutes", "retention_months")
        }
        error_messages = {
            "minutes": {"invalid": catalogue.text("team_form.minutes_invalid")},
            "retention_months": {
                "invalid": catalogue.text("team_form.months_invalid"),
                "required": catalogue.text("team_form.months_required"),
            },
        }

    def clean_minutes(self):
        minutes = self.cleaned_data.get("minutes")
        if minutes is not None and not 1 <= minutes <= 240:
            raise ValidationError(catalogue.text("team_form.minutes_range"))
        return minutes

    def clean_retention_months(self):
        months = self.cleaned_data.get("retention_months")
        if months is not None and not 1 <= months <= 120:
            raise ValidationError(catalogue.text("team_form.months_range"))
        return months


class ColleagueForm(forms.Form):
    username = forms.CharField(
        label=catalogue.text("team_form.username"),
        max_length=150,
        help_text=catalogue.text("team_form.username_help"),
        error_messages={"required": catalogue.text("team_form.username_required")},
    )
    kind = forms.ChoiceField(
        label=catalogue.text("team_form.role"),
        choices=Role.Kind.choices,
        initial=Role.Kind.READER,
        widget=forms.RadioSelect,
        error_messages={"required": catalogue.text("team_form.role_required")},
    )
    password = forms.CharField(
        label=catalogue.text("team_form.password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=catalogue.text("team_form.password_help"),
    )


@dataclass(frozen=True)
class Line:
    source: str  # "Textfeld" or the file name
    number: int  # 1-based line of the text or the file
    text: str


class InvitationForm(forms.Form):
    addresses = forms.CharField(
        label=catalogue.text("team_form.addresses"),
        help_text=catalogue.text("team_form.addresses_help"),
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false", "autocomplete": "off"}),
        required=False,
    )
    file = forms.FileField(
        label=catalogue.text("team_form.address_file"),
        help_text=catalogue.text("team_form.address_file_help"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,text/csv,text/plain"}),
    )

    def clean(self):
        data = super().clean()
        lines: list[Line] = []
        text = data.get("addresses") or ""
        lines += [Line(catalogue.text("team_form.text_field"), n, t) for n, t in _text_lines(text)]
        upload = data.get("file")
        if upload is not None:
            if upload.size > MAX_ADDRESS_FILE:
                self.add_error("file", catalogue.text("team_form.address_file_large"))
                return data
            try:
                lines += [Line(upload.name, n, t) for n, t in file_lines(upload.read())]
            except ValueError as error:
                self.add_error("file", str(error))
                return data
        if not lines:
            raise ValidationError(catalogue.text("team_form.no_addresses"))
        if len(lines) > MAX_ADDRESSES:
            raise ValidationError(catalogue.text("team_form.too_many", n=MAX_ADDRESSES))
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
        raise ValueError(catalogue.text("team_form.not_text"))
    if "\x00" in text:
        raise ValueError(catalogue.text("team_form.not_text_csv"))
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
