"""The format registries: one place per kind of file decides how it is read and written.

The worked example in ``docs/architecture.md`` (a JSON Lines reader and its registry entry) is
run here as it stands there, and must make lipkit read such a file like a CSV.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from lipkit.cli import app
from lipkit.data.formats import RESPONSE_FORMATS, ResponseFormat
from lipkit.data.io import DataError, read_raw, read_responses, write_responses
from lipkit.data.readers import read_csv
from lipkit.study.errors import FormError
from lipkit.study.folder import save_study
from lipkit.study.formats import (
    ORG_TREE_FORMATS,
    QUESTIONNAIRE_FORMATS,
    load_questionnaire,
    read_org_tree,
)
from lipkit.study.model import (
    Choice,
    ChoiceList,
    Question,
    Questionnaire,
    QuestionType,
    Settings,
    Study,
)

ARCHITECTURE = Path(__file__).parents[1] / "docs" / "architecture.md"

FORM = Questionnaire(
    settings=Settings(form_title="Formate"),
    survey=[
        Question(name="zufrieden", type=QuestionType.SELECT_ONE, list_name="jn"),
        Question(name="sprachen", type=QuestionType.SELECT_MULTIPLE, list_name="sp"),
        Question(name="jahre", type=QuestionType.INTEGER),
    ],
    choices={
        "jn": ChoiceList(name="jn", choices=[Choice(name="ja"), Choice(name="nein")]),
        "sp": ChoiceList(name="sp", choices=[Choice(name="de"), Choice(name="en")]),
    },
)

# Three respondents in the Kobo layout (summary column plus 1/0 details); the third answered
# nothing (its _id keeps the row).
RECORDS = [
    {"_id": "a1", "zufrieden": "ja", "sprachen": "de en", "sprachen/de": 1, "sprachen/en": 1},
    {"_id": "a2", "zufrieden": "nein", "sprachen": "en", "sprachen/de": 0, "sprachen/en": 1},
    {"_id": "a3", "zufrieden": None, "sprachen": None, "sprachen/de": None, "sprachen/en": None},
]
for record, years in zip(RECORDS, (3, 12, None), strict=True):
    record["jahre"] = years


def worked_example() -> str:
    """The Python block of the worked example in docs/architecture.md."""
    text = ARCHITECTURE.read_text(encoding="utf-8")
    start = text.index("**Worked example: a new response format.**")
    block = re.search(r"```python\n(.*?)```", text[start:], re.DOTALL)
    assert block is not None, "docs/architecture.md: the worked example has no Python block"
    return block.group(1)


@pytest.fixture
def jsonl() -> Iterator[None]:
    """The worked example run as it stands; the format taken out of the registry again."""
    exec(compile(worked_example(), str(ARCHITECTURE), "exec"), {})
    try:
        yield
    finally:
        RESPONSE_FORMATS.unregister("jsonl")


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def write_csv(path: Path, records: list[dict]) -> Path:
    pl.DataFrame(records, schema={k: pl.String for k in records[0]}).with_columns(
        pl.all().cast(pl.String)
    ).write_csv(path)
    return path


def test_worked_example_reads_json_lines_like_csv(tmp_path: Path, jsonl: None) -> None:
    from_jsonl = read_responses(write_jsonl(tmp_path / "a.jsonl", RECORDS), FORM)
    from_csv = read_responses(write_csv(tmp_path / "a.csv", RECORDS), FORM)
    assert from_jsonl.issues == [] == from_csv.issues
    assert from_jsonl.frame.equals(from_csv.frame)
    assert from_jsonl.frame.to_dicts() == [
        {"_row": 2, "zufrieden": "ja", "sprachen/de": True, "sprachen/en": True, "jahre": 3}
        | {"_id": "a1"},
        {"_row": 3, "zufrieden": "nein", "sprachen/de": False, "sprachen/en": True, "jahre": 12}
        | {"_id": "a2"},
        {"_row": 4, "zufrieden": None, "sprachen/de": None, "sprachen/en": None, "jahre": None}
        | {"_id": "a3"},
    ]


def test_worked_example_reports_cells_with_row_and_column(tmp_path: Path, jsonl: None) -> None:
    records = [dict(RECORDS[0]), dict(RECORDS[1], zufrieden="vielleicht", jahre="zwölf")]
    read = read_responses(write_jsonl(tmp_path / "b.jsonl", records), FORM)
    assert [(i.row, i.column, i.value, i.expected) for i in read.issues] == [
        (3, "jahre", "zwölf", "a whole number"),
        (3, "zufrieden", "vielleicht", "one of: ja, nein"),
    ]
    assert all(i.file == "b.jsonl" for i in read.issues)


def test_worked_example_reaches_the_cli(tmp_path: Path, jsonl: None) -> None:
    folder = tmp_path / "studie"
    save_study(Study(questionnaire=FORM), folder)
    data = write_jsonl(tmp_path / "antworten.jsonl", RECORDS)
    result = CliRunner().invoke(app, ["validate", str(folder), str(data)])
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith(f"{data}: 3 Zeilen, 0 Fehler, 0 Warnungen")


def test_a_format_without_writer_is_not_written(tmp_path: Path, jsonl: None) -> None:
    frame = read_responses(write_csv(tmp_path / "c.csv", RECORDS), FORM).frame
    with pytest.raises(DataError, match="reads jsonl files but does not write them"):
        write_responses(frame, FORM, tmp_path / "c.jsonl")
    assert not (tmp_path / "c.jsonl").exists()


def test_unknown_suffix_names_every_registered_format(tmp_path: Path, jsonl: None) -> None:
    path = tmp_path / "data.json"
    path.write_text("{}")
    with pytest.raises(DataError) as error:
        read_raw(path)
    assert str(error.value) == (
        f"{path}: unsupported file type '.json'; expected .csv, .xlsx, .parquet or .jsonl"
    )


def test_messages_list_the_registered_formats(tmp_path: Path) -> None:
    for name in ("form.json", "org.json", "data.json"):
        (tmp_path / name).write_text("{}")
    with pytest.raises(FormError) as form_error:
        load_questionnaire(tmp_path / "form.json")
    assert form_error.value.message == (
        "unsupported questionnaire format '.json'; expected .xlsx (XLSForm), .yaml or .yml"
    )
    with pytest.raises(FormError) as org_error:
        read_org_tree(tmp_path / "org.json")
    assert org_error.value.message == "unsupported org tree format '.json'; expected .csv or .yaml"
    with pytest.raises(DataError) as data_error:
        read_raw(tmp_path / "data.json")
    assert (
        data_error.value.problem
        == "unsupported file type '.json'; expected .csv, .xlsx or .parquet"
    )
    with pytest.raises(DataError) as folder_error:
        read_raw(tmp_path)
    assert folder_error.value.problem == (
        "is a folder, expected a response file (.csv, .xlsx, .parquet)"
    )


def test_registries_hold_the_formats_by_suffix() -> None:
    assert [(f.name, f.suffixes) for f in QUESTIONNAIRE_FORMATS] == [
        # XLSForm is read as pyxform reads it (and written as .xlsx)
        ("xlsform", (".xlsx", ".xlsm", ".xls", ".csv", ".md")),
        ("yaml", (".yaml", ".yml")),
    ]
    assert [(f.name, f.suffixes) for f in ORG_TREE_FORMATS] == [
        ("csv", (".csv",)),
        ("yaml", (".yaml", ".yml")),
    ]
    assert [(f.name, f.suffixes) for f in RESPONSE_FORMATS] == [
        ("csv", (".csv", ".txt", ".tsv")),
        ("xlsx", (".xlsx", ".xlsm")),
        ("parquet", (".parquet", ".pq")),
    ]
    assert RESPONSE_FORMATS.find(".CSV") is RESPONSE_FORMATS["csv"]
    assert RESPONSE_FORMATS.find(".sav") is None


def test_a_suffix_belongs_to_one_format() -> None:
    with pytest.raises(ValueError, match=r"'csv2'.*\['\.csv'\] not free"):
        RESPONSE_FORMATS.register(ResponseFormat("csv2", (".tab", ".csv"), read_csv))
    with pytest.raises(ValueError, match="'csv' is registered already"):
        RESPONSE_FORMATS.register(ResponseFormat("csv", (".tab",), read_csv))
    assert RESPONSE_FORMATS.find(".tab") is None
