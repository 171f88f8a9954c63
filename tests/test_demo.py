"""The demo study: org tree, questionnaire, and responses that reproduce the report.

Counts are taken directly with polars on the generated frame (no analysis engine), and the
expected values are the report's, worked out by hand (e.g. Tabelle 2, Dez I: 5 of 14).
"""

from __future__ import annotations

import itertools
from pathlib import Path

import polars as pl
import pytest

from lipkit.demo import build_demo_study, generate_responses, write_demo
from lipkit.demo.open_answers import WORD_RESPONDENTS, cloud_words
from lipkit.demo.questionnaire import build_questionnaire
from lipkit.demo.responses import compare_with_report
from lipkit.demo.targets import KNOWN_MISMATCHES, largest_remainder
from lipkit.study.model import QuestionType, ScaleOrder


@pytest.fixture(scope="module")
def frame() -> pl.DataFrame:
    return generate_responses()


@pytest.fixture(scope="module")
def questionnaire():
    return build_questionnaire()


def answered(frame: pl.DataFrame, column: str) -> pl.DataFrame:
    return frame.filter(pl.col(column).is_not_null())


def count(frame: pl.DataFrame, expr: pl.Expr) -> int:
    return frame.select(expr.fill_null(False).sum()).item()


# -- respondents and org -------------------------------------------------------------------
def test_202_respondents_with_rows_2_to_203(frame):
    assert frame.height == 202
    assert frame["_row"].dtype == pl.Int64
    assert frame["_row"].to_list() == list(range(2, 204))
    assert frame["_uuid"].n_unique() == 202
    assert frame["_submission_time"].is_sorted()


def test_respondents_per_dezernat_as_tabelle_1(frame):
    counts = dict(frame.group_by("dezernat").len().iter_rows())
    assert counts == {"OBE": 15, "I": 14, "II": 25, "III": 49, "IV": 59, "V": 23, "VI": 17}


def test_respondents_per_fachbereich_as_tabelle_4(frame):
    counts = dict(frame.group_by("fachbereich").len().iter_rows())
    expected = {
        "15": 7, "18": 6, "19": 1, "20": 13, "23": 8, "30": 5, "32": 12, "40": 15,
        "41": 14, "43": 4, "46": 3, "50": 36, "51": 34, "52": 3, "57": 10, "61": 17,
        "67": 14,
    }  # fmt: skip
    assert counts == expected  # 37 Feuerwehr and 66 Tiefbau: no respondents


def test_org_tree_has_every_unit_with_its_parent():
    org = build_demo_study().org
    assert org is not None
    assert [u.code for u in org.units_at("dezernat")] == ["OBE", "I", "II", "III", "IV", "V", "VI"]
    assert org.unit("dezernat", "OBE").name == "Geschäftsbereich des Oberbürgermeisters"
    assert len(org.units_at("fachbereich")) == 19
    assert org.unit("fachbereich", "37").parent == "II"
    assert org.unit("fachbereich", "41").name == "Fachbereich Kultur"
    assert all(u.staff is None for u in org.units)


def test_fachbereich_lies_in_the_answered_dezernat(frame):
    org = build_demo_study().org
    parent = org.parent_map("fachbereich")
    wrong = frame.filter(pl.col("fachbereich").replace_strict(parent) != pl.col("dezernat"))
    assert wrong.height == 0


# -- questionnaire -------------------------------------------------------------------------
def test_questionnaire_org_questions_and_cascade(questionnaire):
    fach = questionnaire.question("fachbereich")
    assert fach.org_level == "fachbereich"
    assert fach.choice_filter == "dezernat=${dezernat}"
    assert questionnaire.choice_list(fach).get("50").filters == {"dezernat": "III"}
    assert questionnaire.question("dezernat").org_level == "dezernat"
    assert questionnaire.languages == ["de", "en"]
    assert all(q.label.get("en") for q in questionnaire.questions())


def test_scales_matrices_and_exclusive_options(questionnaire):
    einfluss = questionnaire.question("einfluss_vielfalt")
    assert einfluss.scale == ScaleOrder.POSITIVE_FIRST
    assert questionnaire.missing_codes(einfluss) == ["k_a"]
    assert questionnaire.scale_values(einfluss)["stark"] == 5
    matrices = {g.name for g in questionnaire.groups() if g.is_matrix}
    assert {"einflussbereiche", "faktoren", "wirkungen", "austauschformate"} <= matrices
    assert questionnaire.exclusive_codes("massnahmen_zugaenglichkeit") == ["keine"]
    assert questionnaire.exclusive_codes("einbindung_neuer_lip") == ["nicht_noetig"]
    assert questionnaire.question("themen_vielfalt").type == QuestionType.TEXT


# -- n per figure --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("column", "n"),
    [
        ("einfluss_vielfalt", 201),  # Abb. 3 (Abb. 2's 184: substantive answers)
        ("einfluss_kundschaft_mh", 184),  # Abb. 4
        ("anteil_mh", 125),  # Abb. 5
        ("folge_konflikte", 128),  # Abb. 6
        ("hemmnis_sprache", 164),  # Abb. 7
        ("bestrebungen_mh", 179),  # Abb. 9
        ("fortbildungen", 177),  # Abb. 10
        ("leitbild/nicht_bekannt", 175),  # Abb. 11
        ("hindernisse/personal", 175),  # Abb. 12
        ("massnahmen_zugaenglichkeit/keine", 163),  # Abb. 13
        ("kooperation_intern", 127),  # Abb. 14
        ("format_gremien", 79),  # Abb. 15
        ("kooperation_extern", 127),  # Abb. 16
        ("beteiligung_lip2008", 173),  # Abb. 17
        ("beteiligung_felder/soziales", 31),  # Abb. 18
        ("wirkung_messbarkeit", 31),  # Abb. 19
        ("controlling_unterstuetzung", 23),  # Abb. 20
        ("faktor_budget", 172),  # Abb. 21
        ("einbindung_neuer_lip/information", 172),  # Abb. 22
    ],
)
def test_n_per_figure_as_published(frame, column, n):
    assert answered(frame, column).height == n


def test_abb_2_has_184_substantive_answers_and_17_k_a(frame):
    einfluss = answered(frame, "einfluss_vielfalt")
    assert count(einfluss, pl.col("einfluss_vielfalt") == "k_a") == 17
    assert count(einfluss, pl.col("einfluss_vielfalt").is_in(["stark", "eher_stark"])) == 98


# -- published percentages ------------------------------------------------------------------
def test_abb_3_top2_by_dezernat_on_substantive_answers(frame):
    valid = answered(frame, "einfluss_vielfalt").filter(pl.col("einfluss_vielfalt") != "k_a")
    top2 = (
        valid.group_by("dezernat")
        .agg(pl.col("einfluss_vielfalt").is_in(["stark", "eher_stark"]).sum(), pl.len())
        .sort("dezernat")
    )
    got = {d: (t, n) for d, t, n in top2.iter_rows()}
    assert got["I"] == (10, 13)  # 77 %
    assert got["OBE"] == (2, 11)  # 18 %
    assert got["III"] == (33, 46)  # 72 %
    assert got["IV"] == (34, 55)  # 62 %
    assert got["V"] == (3, 21)  # 14 %
    no_strong = valid.filter(pl.col("dezernat").is_in(["OBE", "V"]))
    assert count(no_strong, pl.col("einfluss_vielfalt") == "stark") == 0


def test_tabelle_2_cells_base_all_respondents_of_the_dezernat(frame):
    def chose(dez: str, option: str) -> int:
        rows = frame.filter(pl.col("dezernat") == dez)
        return count(rows, pl.col(f"massnahmen_zugaenglichkeit/{option}"))

    assert chose("I", "kompetenzschulungen") == 5  # printed 35 %, 5/14 = 35.7 %
    assert chose("I", "multiplikatoren") == 11  # 79 %
    assert chose("III", "dolmetschende") == 30  # 61 % of 49
    assert chose("VI", "keine") == 6  # 35 % of 17
    assert chose("V", "keine") == 6  # 26 % of 23
    assert chose("IV", "faq") == 2  # 3 % of 59


def test_tabelle_3_cells_base_all_respondents_of_the_dezernat(frame):
    def chose(dez: str, option: str) -> int:
        rows = frame.filter(pl.col("dezernat") == dez)
        return count(rows, pl.col(f"einbindung_neuer_lip/{option}"))

    assert chose("I", "entwicklung") == 9  # 64 % of 14
    assert chose("VI", "information") == 11  # 65 % of 17
    assert chose("V", "nicht_noetig") == 9  # 39 % of 23
    assert chose("OBE", "nicht_noetig") == 5  # 33 % of 15
    assert chose("IV", "information") == 31  # 53 % of 59


def test_abb_21_top2_79_percent_of_172(frame):
    rows = answered(frame, "faktor_verantwortlichkeiten")
    top2 = count(
        rows, pl.col("faktor_verantwortlichkeiten").is_in(["sehr_wichtig", "eher_wichtig"])
    )
    assert (top2, rows.height) == (136, 172)  # 79.07 %


def test_abb_5_counts_from_published_percentages(frame):
    counts = dict(answered(frame, "anteil_mh").group_by("anteil_mh").len().iter_rows())
    assert counts == {
        "unter_5": 25, "p5_10": 31, "p10_15": 26, "p15_20": 21, "ueber_20": 20, "nicht_bekannt": 2,
    }  # fmt: skip


def test_abb_14_and_17_by_dezernat(frame):
    def share(column: str, dez: str) -> tuple[int, int]:
        rows = answered(frame, column).filter(pl.col("dezernat") == dez)
        return count(rows, pl.col(column) == "ja"), rows.height

    assert share("kooperation_intern", "II") == (21, 23)  # 91 %
    assert share("kooperation_intern", "OBE") == (12, 12)  # 100 %
    assert share("kooperation_extern", "OBE") == (9, 12)  # 75 %
    assert share("beteiligung_lip2008", "V") == (5, 20)  # 25 %


def test_every_published_percentage_met_except_the_documented(frame, questionnaire):
    compared = compare_with_report(frame, questionnaire)
    misses = {
        (r["figure"], r["question"], r["options"].split()[0], r["dezernat"])
        for r in compared.filter(~pl.col("match")).iter_rows(named=True)
    }
    assert misses == KNOWN_MISMATCHES
    assert compared.height - len(misses) == 178


def test_largest_remainder_keeps_the_total():
    assert largest_remainder({"a": 1, "b": 1, "c": 1}, 10) == {"a": 4, "b": 3, "c": 3}
    assert sum(largest_remainder({"x": 20, "y": 25, "z": 56}, 125).values()) == 125


# -- form rules ------------------------------------------------------------------------------
SUBSTANTIVE_EINFLUSS = ["stark", "eher_stark", "moderat", "gering", "kein"]
FILTERS: dict[str, pl.Expr] = {
    "einfluss_": pl.col("einfluss_vielfalt").is_in(SUBSTANTIVE_EINFLUSS),
    "hemmnis_": pl.col("kundenkontakt").is_in(["haeufig", "gelegentlich"]),
    "massnahmen_zugaenglichkeit/": pl.col("kundenkontakt").is_in(["haeufig", "gelegentlich"]),
    "anteil_mh": pl.col("mitarbeitende_mh") == "ja",
    "folge_": pl.col("mitarbeitende_mh") == "ja",
    "fortbildungen_sinnvoll": pl.col("fortbildungen").is_in(["nein", "nicht_bekannt"]),
    "veraenderung_": pl.col("schnittpunkte") == "ja",
    "kooperation_": pl.col("schnittpunkte") == "ja",
    "format_": pl.col("kooperation_intern") == "ja",
    "beteiligung_felder/": pl.col("beteiligung_lip2008") == "ja",
    "wirkung_": pl.col("beteiligung_lip2008") == "ja",
    "controlling_bekannt": pl.col("beteiligung_lip2008") == "ja",
    "controlling_unterstuetzung": pl.col("controlling_bekannt") == "ja",
}


@pytest.mark.parametrize("prefix", list(FILTERS))
def test_no_answer_where_the_filter_is_false(frame, prefix):
    columns = [c for c in frame.columns if c.startswith(prefix) and c != "einfluss_vielfalt"]
    assert columns
    hidden = frame.filter(~FILTERS[prefix].fill_null(False))
    assert hidden.select(pl.any_horizontal(pl.col(columns).is_not_null())).to_series().sum() == 0


def test_filter_shown_counts(frame):
    assert count(frame, FILTERS["massnahmen_zugaenglichkeit/"]) == 164
    assert count(frame, FILTERS["format_"]) == 81
    assert count(frame, FILTERS["anteil_mh"]) == 128


@pytest.mark.parametrize(
    ("question", "exclusive"),
    [
        ("massnahmen_zugaenglichkeit", "keine"),
        ("einbindung_neuer_lip", "nicht_noetig"),
        ("hindernisse", "keine_hindernisse"),
        ("beteiligung_felder", "nicht_sicher"),
        ("leitbild", "nein"),
        ("leitbild", "nicht_bekannt"),
    ],
)
def test_exclusive_options_stand_alone_and_answers_are_not_empty(
    frame, questionnaire, question, exclusive
):
    columns = questionnaire.columns(question)
    rows = answered(frame, columns[0])
    ticked = rows.select(pl.sum_horizontal(pl.col(columns))).to_series()
    assert ticked.min() >= 1
    alone = rows.filter(pl.col(f"{question}/{exclusive}"))
    assert alone.select(pl.sum_horizontal(pl.col(columns))).to_series().max() in (1, None)
    # not answered = every detail column empty
    skipped = frame.filter(pl.col(columns[0]).is_null())
    assert skipped.select(pl.any_horizontal(pl.col(columns).is_not_null())).to_series().sum() == 0


def test_matrix_rows_are_answered_together(frame, questionnaire):
    for group in questionnaire.groups():
        if group.is_matrix:
            rows = [q.name for q in group.items]
            pattern = frame.select(pl.col(rows).is_null().cast(pl.Int8))
            assert (
                pattern.select(pl.sum_horizontal(pl.all())).to_series().is_in([0, len(rows)]).all()
            ), group.name


def test_drop_out_is_monotone(frame):
    """Whoever answered a later unfiltered question answered the earlier ones."""
    chain = [
        "einfluss_vielfalt",
        "kundenkontakt",
        "mitarbeitende_mh",
        "bestrebungen_mh",
        "fortbildungen",
        "leitbild/nein",
        "schnittpunkte",
        "beteiligung_lip2008",
        "einbindung_neuer_lip/information",
    ]
    for earlier, later in itertools.pairwise(chain):
        gap = frame.filter(pl.col(later).is_not_null() & pl.col(earlier).is_null())
        assert gap.height == 0, (earlier, later)


def test_values_are_choices_of_their_lists(frame, questionnaire):
    for question in questionnaire.questions():
        if question.type == QuestionType.SELECT_ONE:
            names = questionnaire.choice_list(question).names()
            values = frame[question.name].drop_nulls().unique().to_list()
            assert set(values) <= set(names), question.name


# -- open answers ----------------------------------------------------------------------------
def test_word_cloud_words_named_by_at_least_three(frame):
    texts = answered(frame, "themen_vielfalt")
    assert texts.height == 96
    named = {
        word: count(texts, pl.col("themen_vielfalt").str.contains(rf"\b{word}\b"))
        for word in WORD_RESPONDENTS
    }
    assert named["Sprachbarrieren"] == 31
    assert named["Ramadan"] == 2
    assert {w for w, n in named.items() if n >= 3} == set(cloud_words())
    assert min(cloud_words().values()) >= 3


# -- determinism and the folder --------------------------------------------------------------
def test_two_calls_give_the_same_frame(frame):
    assert generate_responses().equals(frame)


def test_build_demo_study_settings():
    study = build_demo_study()
    assert (study.settings.k, study.settings.k_text) == (5, 10)
    assert study.settings.title


def test_write_demo_writes_a_study_folder(tmp_path: Path):
    folder = write_demo(tmp_path / "demo")
    assert (folder / "study.yaml").is_file()
    assert (folder / "questionnaire.xlsx").is_file()
    responses = pl.read_csv(folder / "responses.csv", infer_schema=False)
    assert responses.height == 202
    assert "massnahmen_zugaenglichkeit/keine" in responses.columns


def test_written_folder_reads_back_to_the_same_study_and_frame(tmp_path: Path):
    from lipkit.data.io import read_responses
    from lipkit.study.folder import load_study

    folder = write_demo(tmp_path / "demo")
    study = load_study(folder)
    assert study.questionnaire == build_demo_study().questionnaire
    assert study.org == build_demo_study().org
    read = read_responses(folder / "responses.csv", study.questionnaire, study.org)
    generated = generate_responses()
    assert read.issues == []
    assert read.frame.select(generated.columns).equals(generated)
