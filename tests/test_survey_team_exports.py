"""The raw exports: for owners only, recorded (who, when, which format — no answers); text
cells that a spreadsheet could run as formulas neutralised (OWASP) and read back unchanged by
lipkit; a CSV for German Excel; the workbook's labels sheet and whole-word sheet name; the
send date only as a month, and only where the survey's date policy keeps one."""

from __future__ import annotations

import csv
import io
import logging
import uuid
import zipfile
from datetime import date

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from polars.testing import assert_frame_equal

from lipkit.data.io import read_responses
from lipkit.survey import selectors
from lipkit.survey.models import ExportRecord, Response, Survey

pytestmark = pytest.mark.django_db

FORMULAS = {
    # typed by a respondent -> the cell in the CSV
    '=HYPERLINK("http://evil.example","Klick")': '\'=HYPERLINK("http://evil.example","Klick")',
    "+49 30 1234": "'+49 30 1234",
    "-3 Grad im Büro": "'-3 Grad im Büro",
    "@SUMME(A1:A9)": "'@SUMME(A1:A9)",
    "\tmit Tabulator": "'\tmit Tabulator",
    "\rmit Wagenrücklauf": "'\rmit Wagenrücklauf",
    "'=schon mit Apostroph": "''=schon mit Apostroph",  # one quote more, so reading is exact
    "'normal zitiert": "'normal zitiert",  # no formula after the quote: unchanged
    "-7": "-7",  # a plain number is no formula: a spreadsheet shows -7
    "Ganz normal, mit Komma": "Ganz normal, mit Komma",
}


@pytest.fixture
def survey(team_survey):
    rows = []
    for i, text in enumerate(FORMULAS):
        rows.append(
            Response(
                id=uuid.uuid4(),
                survey=team_survey,
                answers={
                    "dezernat": "D1" if i % 2 else "D2",
                    "zufrieden": "teils",
                    "massnahmen": ["schulung", "material"] if i % 3 else ["keine"],
                    "anzahl": -3 if i == 0 else i,
                    "stunden": -2.5 if i == 0 else 38.5,
                    "themen": text,
                },
                language="de",
                submitted_on=date(2025, 3 + i % 2, 14),
            )
        )
    Response.objects.bulk_create(rows)
    return team_survey


def download(client, survey, fmt: str) -> bytes:
    response = client.get(f"/team/{survey.slug}/export/{fmt}/")
    assert response.status_code == 200, response.status_code
    return response.content


def cells(text: str, delimiter: str = ",") -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter))


def test_csv_cells_that_could_be_formulas_are_neutralised_and_read_back(
    survey, people, client_of, small_study, tmp_path
):
    content = download(client_of(people["owner"]), survey, "csv")
    rows = cells(content.decode("utf-8"))
    assert sorted(r["themen"] for r in rows) == sorted(FORMULAS.values())
    # Number columns are numbers: a negative integer and decimal stay as they are.
    assert sorted(r["anzahl"] for r in rows)[:2] == ["-3", "1"]
    assert "-2.5" in {r["stunden"] for r in rows}
    # lipkit's reader gives back exactly what was stored.
    path = tmp_path / "klein-antworten.csv"
    path.write_bytes(content)
    read = read_responses(path, small_study.questionnaire, small_study.org)
    assert read.issues == []
    assert_frame_equal(read.frame, selectors.responses_frame(survey))
    assert sorted(read.frame["themen"].to_list()) == sorted(FORMULAS)
    assert read.frame["anzahl"].min() == -3


def test_the_csv_for_german_excel_reads_back_the_same(
    survey, people, client_of, small_study, tmp_path
):
    response = client_of(people["owner"]).get(f"/team/{survey.slug}/export/csv-excel/")
    assert response["Content-Disposition"] == 'attachment; filename="klein-antworten-excel.csv"'
    content = response.content
    assert content.startswith(b"\xef\xbb\xbf")  # UTF-8 with byte order mark
    text = content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("dezernat;zufrieden;massnahmen;massnahmen/schulung;")
    rows = cells(text, delimiter=";")
    assert {r["stunden"] for r in rows} == {"-2,5", "38,5"}  # decimal comma
    assert sorted(r["themen"] for r in rows) == sorted(FORMULAS.values())
    path = tmp_path / "klein-antworten-excel.csv"
    path.write_bytes(content)
    read = read_responses(path, small_study.questionnaire, small_study.org)
    assert read.issues == []
    assert_frame_equal(read.frame, selectors.responses_frame(survey))


def test_the_workbook_has_a_labels_sheet_and_a_sheet_name_of_whole_words(
    survey, people, client_of, small_study, tmp_path
):
    content = download(client_of(people["owner"]), survey, "xlsx")
    workbook = load_workbook(io.BytesIO(content))
    # "Mitarbeitendenbefragung 2025 zur Umsetzung des LIP" is 51 characters; Excel allows 31,
    # and "… 2025 zur" would end at 32: the name ends after "2025", not inside a word.
    assert workbook.sheetnames == ["Mitarbeitendenbefragung 2025", "Beschriftungen"]
    labels = list(workbook["Beschriftungen"].iter_rows(values_only=True))
    assert list(labels[0]) == [
        "dezernat",
        "dezernat (Beschriftung)",
        "zufrieden",
        "zufrieden (Beschriftung)",
        "massnahmen",
        "massnahmen (Beschriftung)",
        "anzahl",
        "stunden",
        "themen",
        "_uuid",
        "_submission_time",
    ]
    by_uuid = {row[9]: row for row in labels[1:]}
    for response in Response.objects.all():
        row = by_uuid[str(response.id)]
        dez = response.answers["dezernat"]
        assert row[:2] == (dez, {"D1": "Dezernat I", "D2": "Dezernat II"}[dez])
        assert row[2:4] == ("teils", "teils/teils")
        expected = (
            ("schulung material", "Schulungen; Infomaterial")
            if response.answers["massnahmen"] != ["keine"]
            else ("keine", "keine")
        )
        assert row[4:6] == expected
    # A text that looks like a formula is a text cell in the workbook, never a formula.
    cell = next(
        c
        for row in workbook.worksheets[0].iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value.startswith("=HYPERLINK")
    )
    assert cell.data_type == "s"
    path = tmp_path / "klein.xlsx"
    path.write_bytes(content)
    read = read_responses(path, small_study.questionnaire, small_study.org)
    assert read.issues == []
    assert_frame_equal(read.frame, selectors.responses_frame(survey))


def test_exports_are_recorded_without_answers(survey, people, client_of, caplog):
    owner = client_of(people["owner"])
    start = timezone.now()
    with caplog.at_level(logging.INFO, logger="lipkit.survey.exports"):
        for fmt in ("csv", "zip"):
            download(owner, survey, fmt)
    records = list(ExportRecord.objects.order_by("at"))
    assert [(r.username, r.user, r.format, r.rows) for r in records] == [
        ("owner", people["owner"], "csv", 10),
        ("owner", people["owner"], "zip", 10),
    ]
    assert all(start <= r.at <= timezone.now() for r in records)
    # The record has room for nothing else: who, when, which format, how many rows.
    assert {f.name for f in ExportRecord._meta.get_fields()} == {
        "id", "survey", "user", "username", "at", "format", "rows",
    }  # fmt: skip
    assert [r.getMessage() for r in caplog.records] == [
        "export: survey klein, format csv, 10 responses, by owner",
        "export: survey klein, format zip, 10 responses, by owner",
    ]
    page = " ".join(owner.get("/team/klein/").content.decode().split())
    assert "Protokoll der Exporte" in page
    assert '<td>owner</td><td>Studienordner (ZIP)</td><td class="num">10</td>' in page
    # A reader gets no export, and nothing is recorded.
    assert client_of(people["reader"]).get("/team/klein/export/csv/").status_code == 403
    assert ExportRecord.objects.count() == 2


def test_the_send_date_only_as_a_month_and_only_if_the_policy_keeps_one(survey, people, client_of):
    owner = client_of(people["owner"])
    rows = cells(download(owner, survey, "csv").decode("utf-8"))
    assert {r["_submission_time"] for r in rows} == {"2025-03", "2025-04"}
    for fmt in ("csv", "csv-excel"):
        assert b"2025-03-14" not in download(owner, survey, fmt)
    Survey.objects.filter(pk=survey.pk).update(date_policy=Survey.DatePolicy.NONE)
    survey.refresh_from_db()
    text = download(owner, survey, "csv").decode("utf-8")
    assert "_submission_time" not in text.splitlines()[0]
    with zipfile.ZipFile(io.BytesIO(download(owner, survey, "zip"))) as archive:
        header = archive.read("klein/responses.csv").decode("utf-8").splitlines()[0]
    assert header.endswith(",_uuid")
    workbook = load_workbook(io.BytesIO(download(owner, survey, "xlsx")), read_only=True)
    assert "_submission_time" not in next(workbook.worksheets[0].iter_rows(values_only=True))
