"""Reading response exports into the canonical frame, and writing them (lipkit.data.io)."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from lipkit.data.conversion import integer_columns
from lipkit.data.io import (
    DataError,
    Issue,
    neutralise_formulas,
    read_raw,
    read_responses,
    restore_formulas,
    sheet_title,
    to_canonical,
    write_responses,
)
from lipkit.study.model import (
    Choice,
    ChoiceList,
    Group,
    OrgLevel,
    OrgTree,
    OrgUnit,
    Question,
    Questionnaire,
    Settings,
)


def form() -> Questionnaire:
    return Questionnaire(
        settings=Settings(form_title="Befragung 2024", form_id="befragung"),
        survey=[
            Group(
                name="person",
                items=[
                    Question(name="q1", type="select_one", list_name="yn"),
                    Question(name="alter", type="integer"),
                    Question(name="hinweis", type="note"),
                ],
            ),
            Question(name="massn", type="select_multiple", list_name="massn"),
            Question(name="anzahl", type="decimal"),
            Question(name="datum", type="date"),
            Question(name="kommentar", type="text"),
        ],
        choices={
            "yn": ChoiceList(
                name="yn",
                choices=[Choice(name="ja"), Choice(name="nein"), Choice(name="k_a", missing=True)],
            ),
            "massn": ChoiceList(
                name="massn",
                choices=[Choice(name="a"), Choice(name="b"), Choice(name="keine", exclusive=True)],
            ),
        },
    )


CANONICAL_SCHEMA = {
    "_row": pl.Int64,
    "q1": pl.String,
    "alter": pl.Int64,
    "massn/a": pl.Boolean,
    "massn/b": pl.Boolean,
    "massn/keine": pl.Boolean,
    "anzahl": pl.Float64,
    "datum": pl.Date,
    "kommentar": pl.String,
}


def write(tmp_path: Path, text: str, name: str = "responses.csv", bom: bool = False) -> Path:
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def read(path: Path, q: Questionnaire | None = None) -> tuple[pl.DataFrame, list[Issue]]:
    responses = read_responses(path, q or form())
    return responses.frame, responses.issues


def multi(frame: pl.DataFrame) -> list[tuple[bool | None, ...]]:
    return frame.select("massn/a", "massn/b", "massn/keine").rows()


# -- layouts --------------------------------------------------------------------------------------


def test_kobo_summary_only(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "q1,alter,massn,anzahl,datum,kommentar\n"
        "ja,34,a b,1.5,2024-03-15,gut\n"
        "nein,,keine,,,\n"
        "k_a,51,,2,2024-01-02,\n",
    )
    frame, issues = read(path)
    assert issues == []
    assert frame.schema == pl.Schema(CANONICAL_SCHEMA)
    assert frame["_row"].to_list() == [2, 3, 4]
    assert frame["q1"].to_list() == ["ja", "nein", "k_a"]
    assert frame["alter"].to_list() == [34, None, 51]
    assert multi(frame) == [(True, True, False), (False, False, True), (None, None, None)]
    assert frame["anzahl"].to_list() == [1.5, None, 2.0]
    assert frame["datum"].to_list() == [dt.date(2024, 3, 15), None, dt.date(2024, 1, 2)]
    assert frame["kommentar"].to_list() == ["gut", None, None]


def test_kobo_details_only_with_empty_cells_when_not_answered(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "q1,alter,massn/a,massn/b,massn/keine,anzahl,datum,kommentar\n"
        "ja,1,1,0,0,,,\n"
        "ja,2,,,,,,\n"
        "ja,3,0,0,1,,,\n",
    )
    frame, issues = read(path)
    assert issues == []
    assert multi(frame) == [(True, False, False), (None, None, None), (False, False, True)]


def test_kobo_summary_and_details_agreeing(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "q1,alter,massn,massn/a,massn/b,massn/keine,anzahl,datum,kommentar\n"
        "ja,1,b a,1,1,0,,,\n"  # order of names in the summary does not matter
        "ja,2,,,,,,,\n"
        "ja,3,keine,False,False,True,,,\n",  # True/False accepted as well as 1/0
    )
    frame, issues = read(path)
    assert issues == []
    assert multi(frame) == [(True, True, False), (None, None, None), (False, False, True)]


def test_clean_integer_columns_are_read_as_integers(tmp_path: Path) -> None:
    # A clean export: detail flags and integer questions are parsed as numbers while
    # reading (fast, small), and summary and details are checked on their combinations.
    text = (
        "q1,alter,massn,massn/a,massn/b,massn/keine,anzahl,datum,kommentar\n"
        "ja,1,b a,1,1,0,,,\n"
        "ja,,,,,,,,\n"
        "nein,3,keine,0,0,1,,,\n"
    )
    path = write(tmp_path, text)
    raw = read_raw(path, typed=lambda names: integer_columns(names, form()))
    assert raw.schema["massn/a"] == pl.Int8 and raw.schema["alter"] == pl.Int64
    assert raw.schema["massn"] == pl.String
    frame, issues = read(path)
    assert issues == []
    assert frame.schema == pl.Schema(CANONICAL_SCHEMA)
    assert frame["alter"].to_list() == [1, None, 3]
    assert multi(frame) == [(True, True, False), (None, None, None), (False, False, True)]


def test_lists_too_long_for_bit_codes_are_converted_cell_by_cell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A choice list longer than the bit codes hold skips the combination check (it once
    # broke the pairing of the other questions with their checks).
    monkeypatch.setattr("lipkit.data.conversion._MAX_BIT_CHOICES", 2)
    path = write(
        tmp_path,
        "q1,alter,massn,massn/a,massn/b,massn/keine,anzahl,datum,kommentar\n"
        "ja,1,b a,1,1,0,,,\n"
        "nein,3,keine,0,0,1,,,\n",
    )
    frame, issues = read(path)
    assert issues == []
    assert multi(frame) == [(True, True, False), (False, False, True)]


def test_disagreement_in_integer_detail_columns_is_located_per_row(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "q1,alter,massn,massn/a,massn/b,massn/keine,anzahl,datum,kommentar\n"
        "ja,1,a,1,0,0,,,\n"  # row 2: fine
        "ja,1,a,1,2,0,,,\n"  # row 3: bad flag (read as the number 2)
        "ja,1,a c,1,0,0,,,\n"  # row 4: unknown name in the summary
        "ja,1,a,0,1,0,,,\n"  # row 5: summary says a, details say b
        "ja,1,,0,0,0,,,\n"  # row 6: summary empty, details answered with nothing
        "ja,1,a,,,,,,\n",  # row 7: summary answered, details empty
    )
    frame, issues = read(path)
    details = "massn/a, massn/b, massn/keine"
    assert [(i.code, i.row, i.column, i.value, i.expected) for i in issues] == [
        ("bad_flag", 3, "massn/b", "2", "1 or 0 (empty when the question was not answered)"),
        ("unknown_choice", 4, "massn", "a c",
         "choice names separated by spaces, from: a, b, keine"),
        ("summary_detail_mismatch", 5, "massn", "a",
         f"'b', as marked 1 in the detail columns ({details})"),
        ("summary_detail_mismatch", 6, "massn", None,
         f"no choice, as every detail column ({details}) is 0"),
        ("summary_detail_mismatch", 7, "massn", "a",
         f"empty, as the detail columns ({details}) are empty"),
    ]  # fmt: skip
    assert multi(frame) == [(True, False, False)] + [(None, None, None)] * 5


def test_lipkit_layout_with_group_prefixes(tmp_path: Path) -> None:
    # Some exports keep the group path: person/q1 is q1; massn/a stays a detail column.
    path = write(
        tmp_path,
        "person/q1,person/alter,massn/a,massn/b,massn/keine,anzahl,datum,kommentar\n"
        "nein,40,0,1,0,,,\n",
    )
    frame, issues = read(path)
    assert issues == []
    assert frame.row(0, named=True)["q1"] == "nein"
    assert frame.row(0, named=True)["alter"] == 40
    assert multi(frame) == [(False, True, False)]


def test_metadata_columns_kept_as_strings(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "start,q1,alter,massn,anzahl,datum,kommentar,_id,_uuid,_submission_time,_index\n"
        "2024-03-01T10:00:00,ja,5,a,,,,0017,abc-1,2024-03-01T10:05:00,1\n",
    )
    frame, issues = read(path)
    assert issues == []
    assert frame.columns == [
        *CANONICAL_SCHEMA,
        "start",
        "_id",
        "_uuid",
        "_submission_time",
        "_index",
    ]
    row = frame.row(0, named=True)
    assert row["_id"] == "0017"  # leading zeros kept: strings, exactly as in the file
    assert row["_submission_time"] == "2024-03-01T10:05:00"
    assert frame.schema["_index"] == pl.String


def test_semicolon_csv_with_bom(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "q1;alter;massn;anzahl;datum;kommentar\r\nja;7;a;3,5;15.03.2024;Grüße, Anna\r\n",
        bom=True,
    )
    frame, issues = read(path)
    assert issues == []
    row = frame.row(0, named=True)
    assert row["q1"] == "ja"  # BOM not glued to the first column name
    assert row["anzahl"] == 3.5  # decimal comma
    assert row["datum"] == dt.date(2024, 3, 15)  # German date
    assert row["kommentar"] == "Grüße, Anna"


def test_tolerant_reading_of_hand_edited_cells(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "q1,alter,massn,massn/a,massn/b,massn/keine,anzahl,datum,kommentar\n"
        '" ja ",3.0," a   b ", 1 ,true,0, 2 ,2024-03-15T00:00:00,"  "\n',
    )
    frame, issues = read(path)
    # the comment of only spaces is read as empty, and said so (test_missing_markers.py)
    assert [(i.code, i.column, i.severity) for i in issues] == [
        ("only_spaces", "kommentar", "warning")
    ]
    assert frame.select(pl.exclude("_row")).row(0) == (
        "ja",
        3,
        True,
        True,
        False,
        2.0,
        dt.date(2024, 3, 15),
        None,
    )


def test_xlsx_first_sheet_with_typed_cells(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Befragung 2024"
    sheet.append(["q1", "alter", "massn/a", "massn/b", "massn/keine", "anzahl", "datum", "_id"])
    sheet.append(["ja", 34, 1, 0, 0, 2.5, dt.datetime(2024, 3, 15), 17])
    sheet.append([None] * 8)  # an empty row is no respondent, but keeps the numbering
    sheet.append(["nein", 35.0, None, None, None, None, None, 18])
    path = tmp_path / "export.xlsx"
    workbook.save(path)

    raw = read_raw(path)
    assert raw["_row"].to_list() == [2, 4]
    assert raw.row(0, named=True)["alter"] == "34"
    assert raw.row(0, named=True)["datum"] == "2024-03-15"
    assert raw.row(1, named=True)["alter"] == "35"  # whole float as Excel stores it

    frame, issues = read(path)
    assert [i.code for i in issues] == ["missing_column"]  # kommentar is not in the sheet
    assert frame["_row"].to_list() == [2, 4]
    assert frame["alter"].to_list() == [34, 35]
    assert multi(frame) == [(True, False, False), (None, None, None)]
    assert frame["datum"].to_list() == [dt.date(2024, 3, 15), None]
    assert frame["_id"].to_list() == ["17", "18"]
    assert frame["kommentar"].to_list() == [None, None]


def test_xlsx_sheet_named_like_the_form(tmp_path: Path) -> None:
    workbook = Workbook()
    workbook.active.title = "Info"
    workbook.active.append(["nothing here"])
    data = workbook.create_sheet("Befragung 2024")
    data.append(["q1"])
    data.append(["nein"])
    path = tmp_path / "export.xlsx"
    workbook.save(path)
    frame, _ = read(path)
    assert frame["q1"].to_list() == ["nein"]


def test_parquet(tmp_path: Path) -> None:
    path = tmp_path / "export.parquet"
    pl.DataFrame(
        {
            "q1": ["ja", None],
            "alter": [30, 31],
            "massn/a": [True, None],
            "massn/b": [False, None],
            "massn/keine": [False, None],
            "anzahl": [1.25, None],
            "datum": [dt.date(2024, 5, 1), None],
            "kommentar": ["x", None],
        }
    ).write_parquet(path)
    frame, issues = read(path)
    assert issues == []
    assert frame.rows() == [
        (2, "ja", 30, True, False, False, 1.25, dt.date(2024, 5, 1), "x"),
        (3, None, 31, None, None, None, None, None, None),
    ]


# -- issues ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("many_distinct_summaries", [False, True])
def test_every_conversion_issue_with_row_column_value_expected(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, many_distinct_summaries: bool
) -> None:
    if many_distinct_summaries:  # summaries parsed by regular expressions instead of bit sets
        monkeypatch.setattr("lipkit.data.conversion._MAX_DISTINCT_SUMMARIES", 0)
    path = write(
        tmp_path,
        "q1,alter,massn,massn/a,massn/b,massn/keine,anzahl,datum,kommentar,extra\n"
        "jaa,12,a,1,0,0,1.5,2024-03-15,,\n"  # row 2: unknown choice
        "ja,zwölf,a,1,0,0,x,2024-02-30,,\n"  # row 3: integer, decimal, date
        "ja,1,a,1,2,0,,,,\n"  # row 4: bad flag
        "ja,1,a c,1,0,0,,,,\n"  # row 5: unknown name in the summary
        "ja,1,a,0,1,0,,,,\n"  # row 6: summary says a, details say b
        "ja,1,,0,0,0,,,,\n",  # row 7: summary empty, details answered with nothing
    )
    frame, issues = read(path)
    expected_massn = "choice names separated by spaces, from: a, b, keine"
    details = "massn/a, massn/b, massn/keine"
    assert [(i.severity, i.code, i.row, i.column, i.value, i.expected) for i in issues] == [
        ("warning", "unknown_column", None, "extra", None,
         "a question name of the questionnaire, `q/choice` for a select_multiple, "
         "or metadata starting with '_'"),
        ("error", "unknown_choice", 2, "q1", "jaa", "one of: ja, nein, k_a"),
        ("error", "bad_integer", 3, "alter", "zwölf", "a whole number"),
        ("error", "bad_decimal", 3, "anzahl", "x", "a number (decimal point or comma)"),
        ("error", "bad_date", 3, "datum", "2024-02-30", "a date YYYY-MM-DD (or DD.MM.YYYY)"),
        ("error", "bad_flag", 4, "massn/b", "2",
         "1 or 0 (empty when the question was not answered)"),
        ("error", "unknown_choice", 5, "massn", "a c", expected_massn),
        ("error", "summary_detail_mismatch", 6, "massn", "a",
         f"'b', as marked 1 in the detail columns ({details})"),
        ("error", "summary_detail_mismatch", 7, "massn", None,
         f"no choice, as every detail column ({details}) is 0"),
    ]  # fmt: skip
    assert all(i.file == "responses.csv" for i in issues)
    # Nothing dropped: every row is there, each bad cell is null (and reported above).
    assert frame["_row"].to_list() == [2, 3, 4, 5, 6, 7]
    assert frame["q1"].to_list() == [None, "ja", "ja", "ja", "ja", "ja"]
    assert frame["alter"].to_list() == [12, None, 1, 1, 1, 1]
    assert frame["anzahl"].to_list() == [1.5, None, None, None, None, None]
    assert frame["datum"].to_list() == [dt.date(2024, 3, 15), None, None, None, None, None]
    assert multi(frame) == [
        (True, False, False),
        (True, False, False),
        (None, None, None),
        (None, None, None),
        (None, None, None),
        (None, None, None),
    ]
    assert frame["extra"].to_list() == [None] * 6  # unknown columns kept as strings


def test_missing_duplicate_and_ambiguous_columns() -> None:
    q = Questionnaire(
        survey=[
            Question(name="a", type="text"),
            Question(name="m", type="select_multiple", list_name="l"),
            Group(name="g", items=[Question(name="x", type="text")]),
            Group(name="m2", items=[Question(name="y", type="text")]),
        ],
        choices={"l": ChoiceList(name="l", choices=[Choice(name="x"), Choice(name="y")])},
    )
    raw = pl.DataFrame({"a": ["1"], "grp/a": ["2"], "h/m/x": ["1"], "g/x": ["t"]})
    frame, issues = to_canonical(raw, q, file="f.csv")
    assert [(i.severity, i.code, i.column, i.expected) for i in issues] == [
        ("error", "duplicate_column", "grp/a", "one column for a (already read from column 'a')"),
        ("error", "ambiguous_column", "h/m/x",
         "a column name that names one question (it could be: m/x, x)"),
        ("warning", "missing_column", "m", "a column for question 'm' (read as all empty)"),
        ("warning", "missing_column", "y", "a column for question 'y' (read as all empty)"),
    ]  # fmt: skip
    assert frame["a"].to_list() == ["1"]
    assert frame["x"].to_list() == ["t"]
    assert frame["grp/a"].to_list() == ["2"]  # reported, and kept as it is


def test_issue_text_names_file_row_column_value_and_expectation() -> None:
    issue = Issue("error", "unknown_choice", 7, "q3", "jaa", "one of: ja, nein, k_a", "r.csv")
    assert str(issue) == "r.csv, row 7, column 'q3': value 'jaa' — expected one of: ja, nein, k_a"
    empty = Issue("warning", "required_missing", 3, "q3", None, "an answer", "r.csv")
    assert str(empty) == "r.csv, row 3, column 'q3': empty — expected an answer"
    whole_column = Issue("warning", "unknown_column", None, "x", None, "a question", None)
    assert str(whole_column) == "column 'x' — expected a question"


def test_to_canonical_does_not_modify_its_input() -> None:
    raw = pl.DataFrame({"q1": [" ja", "x"], "massn": ["a", "b"]})
    before = raw.clone()
    to_canonical(raw, form())
    assert raw.equals(before)
    assert raw.columns == ["q1", "massn"]


def test_reading_leaves_the_file_unchanged(tmp_path: Path) -> None:
    path = write(tmp_path, "q1,massn\r\nja,a b\r\njaa,\r\n", bom=True)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    read(path)
    read_raw(path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_blank_lines_keep_row_numbers(tmp_path: Path) -> None:
    path = write(tmp_path, "q1,alter\nja,1\n,\nnein,2\n")
    frame, _ = read(path)
    assert frame["_row"].to_list() == [2, 4]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("none.csv", None, "file not found"),
        ("empty.csv", b"", "the file is empty"),
        ("bom-only.csv", b"\xef\xbb\xbf\n", "the file is empty"),
        ("data.json", b"{}", "unsupported file type '.json'"),
        ("twice.csv", b"q1,q1\nja,nein\n", "column name 'q1' appears twice"),
        ("latin1.csv", "q1,kommentar\nja,Grüße\n".encode("cp1252"), "not UTF-8"),
        ("broken.xlsx", b"not a zip", "cannot read as XLSX"),
        ("broken.parquet", b"nope", "cannot read as Parquet"),
    ],
)
def test_unreadable_files_raise_clear_errors(
    tmp_path: Path, name: str, content: bytes | None, message: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(DataError) as raised:
        read_raw(path)
    assert name in str(raised.value)
    assert message in str(raised.value)


def test_header_only_file_gives_an_empty_frame(tmp_path: Path) -> None:
    frame, issues = read(write(tmp_path, "q1,alter,massn,anzahl,datum,kommentar\n"))
    assert frame.height == 0
    assert frame.schema == pl.Schema(CANONICAL_SCHEMA)
    assert issues == []


# -- writing --------------------------------------------------------------------------------------


def sample_frame(tmp_path: Path) -> pl.DataFrame:
    path = write(
        tmp_path,
        "q1,alter,massn,anzahl,datum,kommentar,_id,_uuid\n"
        'ja,34,a b,0.1,2024-03-15,"Text, mit ""Zitat""",1,u1\n'
        "nein,,keine,,,=SUMME(A1),2,u2\n"
        ",51,,1e-7,2024-01-02,,3,u3\n",
        name="source.csv",
    )
    frame, issues = read(path)
    assert issues == []
    return frame


def test_write_kobo_layout_csv(tmp_path: Path) -> None:
    frame = sample_frame(tmp_path)
    out = tmp_path / "out.csv"
    write_responses(frame, form(), out)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == (
        "q1,alter,massn,massn/a,massn/b,massn/keine,anzahl,datum,kommentar,_id,_uuid"
    )
    assert lines[2] == "nein,,keine,0,0,1,,,'=SUMME(A1),2,u2"  # no formula in a spreadsheet
    assert lines[3] == ",51,,,,,1e-7,2024-01-02,,3,u3"  # details empty when not answered


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet"])
@pytest.mark.parametrize("layout", ["kobo", "lipkit"])
def test_round_trip(tmp_path: Path, suffix: str, layout: str) -> None:
    frame = sample_frame(tmp_path)
    out = tmp_path / f"out{suffix}"
    write_responses(frame, form(), out, layout=layout)  # type: ignore[arg-type]
    again, issues = read(out)
    assert issues == []
    assert again.equals(frame)


def test_round_trip_with_derived_org_columns(tmp_path: Path) -> None:
    q = Questionnaire(
        survey=[Question(name="fb", type="select_one", list_name="fb", org_level="fachbereich")],
        choices={"fb": ChoiceList(name="fb", choices=[Choice(name="15"), Choice(name="20")])},
    )
    org = OrgTree(
        levels=[OrgLevel(name="dezernat"), OrgLevel(name="fachbereich")],
        units=[
            OrgUnit(code="I", name="I", level="dezernat"),
            OrgUnit(code="15", name="F15", level="fachbereich", parent="I"),
            OrgUnit(code="20", name="F20", level="fachbereich", parent="I"),
        ],
    )
    source = write(tmp_path, "fb\n15\n20\n")
    frame = read_responses(source, q, org).frame
    assert frame.columns == ["_row", "fb", "dezernat", "fachbereich"]
    out = tmp_path / "out.csv"
    write_responses(frame, q, out, org=org)
    assert out.read_text().splitlines()[0] == "fb"  # derived columns are not written
    again = read_responses(out, q, org)
    assert again.issues == []
    assert again.frame.equals(frame)


# -- CSV injection ------------------------------------------------------------------------------

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# No deadline: on a loaded machine one example can take longer than Hypothesis' 200 ms (speed
# goes to bench/, not into tests).
@settings(deadline=None)
@given(
    st.lists(
        st.one_of(
            st.none(),
            st.text(max_size=8),
            st.builds(
                lambda q, c, t: q + c + t,
                st.sampled_from(["", "'", "''"]),
                st.sampled_from(FORMULA_START),
                st.text(max_size=5),
            ),
            st.from_regex(r"[+-]?[0-9]{1,4}([.,][0-9]{1,2})?", fullmatch=True),
        ),
        min_size=1,
        max_size=20,
    )
)
def test_neutralised_text_reads_back_unchanged(cells: list[str | None]) -> None:
    frame = pl.DataFrame({"text": cells, "n": list(range(-len(cells), 0))})
    neutral = neutralise_formulas(frame)
    assert neutral["n"].to_list() == frame["n"].to_list()  # numbers are never touched
    for before, after in zip(cells, neutral["text"].to_list(), strict=True):
        if after is not None and after.startswith(FORMULA_START):
            # Only a plain number may start like a formula: a spreadsheet reads it as a number.
            assert after == before and after.lstrip("+-")[:1].isdigit()
    assert restore_formulas(neutral).equals(frame)


def test_neutralised_cells_by_hand(tmp_path: Path) -> None:
    cells = ["=1+1", "-3", "-3 Grad", "'=x", "'x", "@a", "\tb", "+49", "x"]
    expected = ["'=1+1", "-3", "'-3 Grad", "''=x", "'x", "'@a", "'\tb", "+49", "x"]
    assert neutralise_formulas(pl.DataFrame({"t": cells}))["t"].to_list() == expected


@pytest.mark.parametrize(
    ("title", "sheet"),
    [
        ("Mitarbeitendenbefragung 2025 zur Umsetzung des LIP", "Mitarbeitendenbefragung 2025"),
        ("Lokaler Integrationsplan - Befragung 2025", "Lokaler Integrationsplan"),
        ("Kurz: Teil 1/2", "Kurz_ Teil 1_2"),
        ("Befragungderstadtverwaltungmusterstadt2025", "Befragungderstadtverwaltungmust"),
    ],
)
def test_sheet_names_end_after_a_whole_word(title: str, sheet: str) -> None:
    assert sheet_title(title) == sheet and len(sheet) <= 31


def test_a_kobo_workbook_cut_at_31_characters_is_still_found(tmp_path: Path) -> None:
    q = Questionnaire(
        settings=Settings(form_title="Mitarbeitendenbefragung 2025 zur Umsetzung des LIP"),
        survey=[Question(name="q1", type="text")],
    )
    workbook = Workbook()
    workbook.active.title = "Notizen"
    kobo = workbook.create_sheet("Mitarbeitendenbefragung 2025 zu")  # Kobo's hard cut
    kobo.append(["q1"])
    kobo.append(["Antwort"])
    workbook.save(tmp_path / "kobo.xlsx")
    frame = read_responses(tmp_path / "kobo.xlsx", q).frame
    assert frame["q1"].to_list() == ["Antwort"]
