"""lipkit's YAML questionnaire format and the suffix dispatch."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from lipkit.study.errors import FormError
from lipkit.study.formats import load_questionnaire, save_questionnaire
from lipkit.study.model import (
    Choice,
    ChoiceList,
    Group,
    Question,
    Questionnaire,
    QuestionType,
    ScaleOrder,
    Settings,
)
from lipkit.study.yamlform import read_yaml_form, write_yaml_form


def write(tmp_path: Path, text: str, name: str = "form.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def yaml_error(tmp_path: Path, text: str) -> FormError:
    with pytest.raises(FormError) as info:
        read_yaml_form(write(tmp_path, text))
    return info.value


AGREE = ChoiceList(
    name="agree",
    choices=[
        Choice(name="ja", label={"de": "Ja", "en": "Yes"}),
        Choice(name="nein", label={"de": "Nein", "en": "No"}),
        Choice(name="k_a", label={"de": "k. A.", "en": "n/a"}, missing=True, exclusive=True),
    ],
)

FULL = Questionnaire(
    settings=Settings(form_title="Befragung", form_id="bef", version="2", default_language="de"),
    languages=["de", "en"],
    survey=[
        Question(
            name="dez",
            type=QuestionType.SELECT_ONE,
            list_name="dez",
            label={"de": "Dezernat", "en": "Department"},
            required=True,
            org_level="dezernat",
        ),
        Group(
            name="arbeit",
            label={"de": "Arbeit", "en": "Work"},
            appearance="field-list",
            relevant="${dez} != ''",
            items=[
                Question(
                    name="r1",
                    type=QuestionType.SELECT_ONE,
                    list_name="agree",
                    label={"de": "Eins", "en": "One"},
                    hint={"en": "Pick one"},
                    appearance="likert",
                    scale=ScaleOrder.POSITIVE_FIRST,
                    missing=["nein"],
                ),
            ],
        ),
        Question(
            name="mass",
            type=QuestionType.SELECT_MULTIPLE,
            list_name="agree",
            exclusive=["nein"],
            constraint="count-selected(.) < 3",
            constraint_message={"de": "Höchstens zwei"},
        ),
        Question(name="x", type=QuestionType.CALCULATE, calculation="1 + 1"),
    ],
    choices={
        "dez": ChoiceList(
            name="dez",
            choices=[Choice(name="d1", label={"de": "Dezernat I"}, filters={"stadt": "s1"})],
        ),
        "agree": AGREE,
    },
)


def test_reads_hand_written_yaml(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        settings: {form_title: Kurz}
        survey:
          - name: zufr
            type: select_one agree        # XLSForm shorthand
            label: Zufrieden?             # plain text = default language
            scale: positive_last
            missing: k_a
          - name: warum
            type: text
            relevant: ${zufr} = 'nein'
        choices:
          agree:
            - {name: nein, label: Nein}
            - {name: ja, label: Ja}
            - {name: k_a, label: k. A.}
        """,
    )
    assert read_yaml_form(path) == Questionnaire(
        settings=Settings(form_title="Kurz"),
        languages=["de"],
        survey=[
            Question(
                name="zufr",
                type=QuestionType.SELECT_ONE,
                list_name="agree",
                label={"de": "Zufrieden?"},
                scale=ScaleOrder.POSITIVE_LAST,
                missing=["k_a"],
            ),
            Question(name="warum", type=QuestionType.TEXT, relevant="${zufr} = 'nein'"),
        ],
        choices={
            "agree": ChoiceList(
                name="agree",
                choices=[
                    Choice(name="nein", label={"de": "Nein"}),
                    Choice(name="ja", label={"de": "Ja"}),
                    Choice(name="k_a", label={"de": "k. A."}),
                ],
            )
        },
    )


def test_round_trip(tmp_path: Path) -> None:
    write_yaml_form(FULL, tmp_path / "full.yaml")
    assert read_yaml_form(tmp_path / "full.yaml") == FULL


def test_round_trip_through_xlsform(tmp_path: Path) -> None:
    save_questionnaire(FULL, tmp_path / "full.xlsx")
    assert load_questionnaire(tmp_path / "full.xlsx") == FULL
    save_questionnaire(load_questionnaire(tmp_path / "full.xlsx"), tmp_path / "again.yml")
    assert load_questionnaire(tmp_path / "again.yml") == FULL


def test_writer_omits_defaults(tmp_path: Path) -> None:
    q = Questionnaire(
        survey=[Question(name="t", type=QuestionType.TEXT, label={"de": "Text"})],
    )
    path = tmp_path / "min.yaml"
    write_yaml_form(q, path)
    assert path.read_text(encoding="utf-8") == (
        "survey:\n- name: t\n  type: text\n  label: Text\nchoices: {}\n"
    )
    assert read_yaml_form(path) == q


def test_writer_uses_one_line_translations(tmp_path: Path) -> None:
    path = tmp_path / "full.yaml"
    write_yaml_form(FULL, path)
    text = path.read_text(encoding="utf-8")
    assert "languages: [de, en]\n" in text
    assert "  label: {de: Dezernat, en: Department}\n" in text
    assert "  filters: {stadt: s1}\n" in text
    assert "Höchstens" in text  # allow_unicode


def test_unknown_key_names_line_item_and_key(tmp_path: Path) -> None:
    err = yaml_error(
        tmp_path,
        """
        survey:
          - name: g
            type: group
            items:
              - name: q1
                type: text
                lable: Tippfehler
        """,
    )
    assert (err.line, err.item, err.column) == (6, "survey → g → q1", "lable")
    assert str(err).startswith("form.yaml, line 6, item survey → g → q1, key 'lable': unknown key")


@pytest.mark.parametrize(
    ("text", "line", "column", "fragment"),
    [
        ("survey:\n  - {name: a, type: txt}\n", 2, "type", "unknown question type 'txt'"),
        (
            "survey:\n  - {name: a, type: text}\n  - {name: a, type: integer}\n",
            3,
            "name",
            "name 'a' is already used by line 2",
        ),
        (
            "survey:\n  - {name: a, type: select_one, list_name: nope}\n",
            2,
            "list_name",
            "choice list 'nope' is not under choices",
        ),
        ("survey:\n  - {name: a, type: select_one}\n", 2, None, "needs a choice list"),
        (
            "survey:\n  - {name: a, type: text, scale: up}\n",
            2,
            "scale",
            "positive_first",
        ),
        ("survey:\n  - name: a\n    name: b\n", 3, "name", "key 'name' appears twice"),
        ("survey: [\n", 2, None, "not valid YAML"),
    ],
)
def test_errors(tmp_path: Path, text: str, line: int, column: str | None, fragment: str) -> None:
    err = yaml_error(tmp_path, text)
    assert (err.path, err.line, err.column) == (tmp_path / "form.yaml", line, column)
    assert fragment in err.message


def test_missing_code_outside_list(tmp_path: Path) -> None:
    err = yaml_error(
        tmp_path,
        """
        survey:
          - {name: a, type: select_one, list_name: l, missing: [zz]}
        choices:
          l: [{name: x}]
        """,
    )
    assert (err.line, err.item, err.column) == (3, "survey → a", "missing")
    assert "'zz' is not a choice of list 'l'" in err.message


def test_dispatch_rejects_unknown_suffix(tmp_path: Path) -> None:
    with pytest.raises(FormError, match=r"unsupported questionnaire format '\.json'"):
        load_questionnaire(tmp_path / "form.json")
    with pytest.raises(FormError, match="file not found"):
        load_questionnaire(tmp_path / "nothing.yaml")
