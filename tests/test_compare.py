"""Comparing two waves (issue 18): shares, differences, tests, scales, anonymity — worked out
by hand on small inline waves of the hand-made study (tests/studies/hand_made.py)."""

from __future__ import annotations

import math
from pathlib import Path

import polars as pl
import pytest
from scipy.stats import chi2
from studies import with_k
from studies.hand_made import make_study, random_frame

from lipkit.analysis.compare import compare_waves
from lipkit.study.model import Choice, ChoiceList, Study
from lipkit.study.waves import QuestionMatch, WaveMapping, read_wave_mapping

STUDY = make_study()


def wave(units: dict[str, str]) -> pl.DataFrame:
    """One respondent per word: ``{"10": "voll eher k_a"}``; everyone leads (zufr shown)."""
    return random_frame(
        [(fb, "ja", answer, None) for fb, answers in units.items() for answer in answers.split()]
    )


# Earlier: voll 4, eher 6, teils 4, wenig 3, gar_nicht 1, k_a 2 (20 answered, 18 substantive).
EARLIER = wave(
    {
        "10": "voll voll voll voll eher eher eher eher eher eher",
        "20": "teils teils teils teils wenig wenig wenig gar_nicht k_a k_a",
    }
)
# Now: voll 10, eher 5, teils 5, wenig 2, gar_nicht 1, k_a 2 (25 answered, 23 substantive).
CURRENT = wave(
    {
        "10": "voll voll voll voll voll voll voll voll voll voll eher eher eher",
        "20": "eher eher teils teils teils teils teils wenig wenig gar_nicht k_a k_a",
    }
)
SAME = WaveMapping(questions={"zufr": QuestionMatch("zufr", "zufr")}, not_comparable={}, units={})


def wilson(x: int, n: int) -> tuple[float, float]:
    z = 1.959963984540054
    p = x / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


def row(frame: pl.DataFrame, **keys: str | None) -> dict:
    for key, value in keys.items():
        frame = frame.filter(pl.col(key).is_null() if value is None else pl.col(key) == value)
    [found] = frame.to_dicts()
    return found


def test_share_difference_by_hand() -> None:
    result = compare_waves(
        STUDY, EARLIER, STUDY, CURRENT, SAME, earlier_label="2019", current_label="2024"
    )
    voll = row(result.shares, question="zufr", group=None, option="voll")
    assert (voll["count_from"], voll["base_from"], voll["count_to"], voll["base_to"]) == (
        4,
        20,
        10,
        25,
    )
    assert voll["share_from"] == pytest.approx(20.0)
    assert voll["share_to"] == pytest.approx(40.0)
    assert voll["diff_pp"] == pytest.approx(20.0)
    # Newcombe: d − sqrt((p1 − l1)² + (u2 − p2)²), d + sqrt((u1 − p1)² + (p2 − l2)²)
    l1, u1 = wilson(10, 25)
    l2, u2 = wilson(4, 20)
    assert voll["ci_low"] == pytest.approx(100 * (0.2 - math.hypot(0.4 - l1, u2 - 0.2)))
    assert voll["ci_high"] == pytest.approx(100 * (0.2 + math.hypot(u1 - 0.4, 0.2 - l2)))
    # 2×2 [[10, 15], [4, 16]]: smallest expected count 20·14/45 = 6.2 → χ² without correction
    statistic = 45 * (10 * 16 - 4 * 15) ** 2 / (25 * 20 * 14 * 31)
    assert voll["test"] == "chi2"
    assert voll["statistic"] == pytest.approx(statistic)
    assert voll["p"] == pytest.approx(chi2.sf(statistic, 1))
    # gar_nicht 1/20 vs 1/25: expected counts below 5 → Fisher
    assert row(result.shares, question="zufr", group=None, option="gar_nicht")["test"] == "fisher"
    assert not voll["hidden"]


def test_ten_respondents_per_wave_by_hand() -> None:
    """Ten respondents in each wave, every number counted and worked out by hand.

    2019: voll 2, eher 3, teils 3, wenig 1, k. A. 1. 2024: voll 5, eher 2, teils 2, wenig 1.
    """
    earlier = wave({"10": "voll voll eher eher eher teils teils teils wenig k_a"})
    current = wave({"10": "voll voll voll voll voll eher eher teils teils wenig"})
    result = compare_waves(
        STUDY, earlier, STUDY, current, SAME, earlier_label="2019", current_label="2024"
    )
    voll = row(result.shares, question="zufr", group=None, option="voll")
    # 2/10 = 20 % → 5/10 = 50 %: +30 percentage points
    assert (voll["count_from"], voll["base_from"], voll["count_to"], voll["base_to"]) == (
        2,
        10,
        5,
        10,
    )
    assert (voll["share_from"], voll["share_to"]) == pytest.approx((20.0, 50.0))
    assert voll["diff_pp"] == pytest.approx(30.0)
    # Wilson (z = 1.96): 2/10 → 0.05668 … 0.50984; 5/10 → 0.23659 … 0.76341.
    # Newcombe: 0.3 − √((0.5 − 0.23659)² + (0.50984 − 0.2)²) = 0.3 − √(0.069385 + 0.096001)
    #         = 0.3 − 0.40667 = −0.10667;
    #           0.3 + √((0.76341 − 0.5)² + (0.2 − 0.05668)²) = 0.3 + √(0.069385 + 0.020541)
    #         = 0.3 + 0.29988 = 0.59988.
    assert voll["ci_low"] == pytest.approx(-10.667, abs=0.002)
    assert voll["ci_high"] == pytest.approx(59.988, abs=0.002)
    # 2×2 [[5, 5], [2, 8]]: expected 3.5 < 5 → Fisher. Of C(20, 7) = 77520 tables with these
    # margins, those as likely as or less likely than the one seen (k = 5 or 2: 11340 each)
    # are k = 0, 1, 2, 5, 6, 7: (120 + 2100 + 11340 + 11340 + 2100 + 120) / 77520.
    assert voll["test"] == "fisher"
    assert voll["p"] == pytest.approx(27120 / 77520)
    scale = row(result.scales, question="zufr", group=None)
    # top-2 (voll + eher): 5/10 → 7/10, +20 pp
    assert (scale["top2_from"], scale["top2_to"]) == pytest.approx((50.0, 70.0))
    assert scale["diff_pp_top2"] == pytest.approx(20.0)
    # mean of the codes 5..1 without k. A.: (2·5 + 3·4 + 3·3 + 1·2)/9 = 33/9 → 41/10
    assert (scale["n_mean_from"], scale["n_mean_to"]) == (9, 10)
    assert (scale["mean_from"], scale["mean_to"]) == pytest.approx((33 / 9, 4.1))
    assert scale["mean_diff"] == pytest.approx(4.1 - 33 / 9)


def test_scale_top2_and_mean_by_hand() -> None:
    result = compare_waves(
        STUDY, EARLIER, STUDY, CURRENT, SAME, earlier_label="2019", current_label="2024"
    )
    scale = row(result.scales, question="zufr", group=None)
    # top-2 (voll + eher) on the answered base, k. A. included: 10/20 → 15/25
    assert scale["top2_from"] == pytest.approx(50.0)
    assert scale["top2_to"] == pytest.approx(60.0)
    assert scale["diff_pp_top2"] == pytest.approx(10.0)
    # means of the codes 5..1 on substantive answers: 63/18 and 90/23
    assert scale["n_mean_from"] == 18 and scale["n_mean_to"] == 23
    assert scale["mean_from"] == pytest.approx(3.5)
    assert scale["mean_to"] == pytest.approx(90 / 23)
    assert scale["sd_from"] == pytest.approx(math.sqrt((245 - 18 * 3.5**2) / 17))
    assert scale["mean_diff"] == pytest.approx(90 / 23 - 3.5)
    assert scale["mean_low"] < scale["mean_diff"] < scale["mean_high"]


def test_holm_across_the_call() -> None:
    result = compare_waves(
        STUDY, EARLIER, STUDY, CURRENT, SAME, earlier_label="2019", current_label="2024"
    )
    tested = [
        *result.shares["p"].drop_nulls().to_list(),
        *result.scales["p_top2"].drop_nulls().to_list(),
        *result.scales["p_mean"].drop_nulls().to_list(),
    ]
    family = len(tested)
    assert family == 6 + 1 + 1  # six options of zufr, its top-2 and its mean (whole survey)
    pairs = [
        *zip(result.shares["p"], result.shares["p_holm"], strict=True),
        *zip(result.scales["p_top2"], result.scales["p_holm_top2"], strict=True),
        *zip(result.scales["p_mean"], result.scales["p_holm_mean"], strict=True),
    ]
    # Holm by hand: sorted ascending, (m − i)·p, made monotone, capped at 1
    ordered = sorted(pairs)
    running = 0.0
    for i, (p, adjusted) in enumerate(ordered):
        running = max(running, min(1.0, (family - i) * p))
        assert adjusted == pytest.approx(running)
    assert result.shares["significant"].to_list() == [a < 0.05 for a in result.shares["p_holm"]]


def test_a_unit_of_6_then_4_is_hidden_in_the_comparison() -> None:
    """FB 11 has 6 respondents in 2019 and 4 in 2024: hidden in 2024 (k = 5), so hidden in the
    comparison; its sibling FB 10 is hidden with it (complement in Dezernat I), so Dezernat
    I's published total minus FB 10 does not give FB 11 either."""
    earlier = wave(
        {
            "10": "voll eher eher teils wenig",
            "11": "voll voll eher teils teils wenig",
            "20": "voll eher teils teils teils",
        }
    )
    current = wave(
        {
            "10": "voll voll eher eher eher",
            "11": "voll eher eher teils",
            "20": "voll voll eher teils wenig",
        }
    )
    result = compare_waves(
        STUDY,
        earlier,
        STUDY,
        current,
        SAME,
        earlier_label="2019",
        current_label="2024",
        by="fachbereich",
    )
    for unit in ("11", "10"):
        rows = result.shares.filter(pl.col("group") == unit)
        assert rows.height > 0 and rows["hidden"].all()
        assert (
            rows.select("count_from", "count_to", "base_from", "base_to", "diff_pp", "p")
            .null_count()
            .row(0)
            == (rows.height,) * 6
        )
        scale = row(result.scales, question="zufr", group=unit)
        assert scale["hidden"] and scale["top2_to"] is None and scale["mean_diff"] is None
    # FB 20 (5 in each wave) is shown: zufr is no agreed breakdown, so its options are
    # answers inside the unit, not groups of their own ("voll": 1 in 2019, 2 in 2024)
    fb20 = row(result.shares, question="zufr", group="20", option="voll")
    assert not fb20["hidden"] and (fb20["count_from"], fb20["count_to"]) == (1, 2)
    whole = row(result.shares, question="zufr", group=None, option="voll")
    assert not whole["hidden"] and (whole["count_from"], whole["count_to"]) == (4, 5)


def test_the_6_then_4_unit_cannot_be_recovered_from_the_published_totals() -> None:
    """Everything published of the two waves: each wave's own analysis by Fachbereich and by
    Dezernat, and the comparison. FB 11 (6 in 2019, 4 in 2024) is shown in 2019's own
    analysis, hidden in 2024's and in the comparison; in 2024 the whole survey (14) minus the
    units shown (FB 20: 5) leaves FB 10 and FB 11 together (9, Dezernat I's published n), both
    hidden, never FB 11 alone; the comparison publishes no base of FB 10 or 11 in either wave,
    so the 6 of 2019 cannot be set against a 4 of 2024."""
    from lipkit.analysis.engine import analyze_many

    earlier = wave(
        {
            "10": "voll eher eher teils wenig",
            "11": "voll voll eher teils teils wenig",
            "20": "voll eher teils teils teils",
        }
    )
    current = wave(
        {
            "10": "voll voll eher eher eher",
            "11": "voll eher eher teils",
            "20": "voll voll eher teils wenig",
        }
    )

    def published(frame: pl.DataFrame) -> dict[str | None, int]:
        """Group → n of zufr, for every group a wave's own analysis shows."""
        shown: dict[str | None, int] = {}
        for analysis in analyze_many(
            STUDY, frame, bys=[None, "dezernat", "fachbereich"], questions=["zufr"]
        ):
            for r in analysis.questions.filter(~pl.col("suppressed")).iter_rows(named=True):
                shown[r["group"]] = r["n"]
        return shown

    empty = {"III": 0, "IV": 0, "30": 0, "40": 0}  # units without respondents: n = 0
    assert published(earlier) == {None: 16, "I": 11, "II": 5, "10": 5, "11": 6, "20": 5} | empty
    assert published(current) == {None: 14, "I": 9, "II": 5, "20": 5} | empty
    # 2024: 14 − 5 = 9 = Dezernat I = FB 10 + FB 11; nothing published splits the 9
    result = compare_waves(
        STUDY,
        earlier,
        STUDY,
        current,
        SAME,
        earlier_label="2019",
        current_label="2024",
        by="fachbereich",
    )
    for table in (result.shares, result.scales):
        for unit in ("10", "11"):
            rows = table.filter(pl.col("group") == unit)
            assert rows.height > 0
            assert rows["base_from"].null_count() == rows["base_to"].null_count() == rows.height
    whole = row(result.scales, question="zufr", group=None)
    assert (whole["base_from"], whole["base_to"]) == (16, 14)


def test_merged_units_are_compared_as_their_union() -> None:
    """2019's FB 10 (5) and FB 11 (6) are FB 10 in 2024 (org-mapping 11 → 10)."""
    earlier = wave(
        {
            "10": "voll eher eher teils wenig",
            "11": "voll voll eher teils teils wenig",
            "20": "voll eher teils teils teils",
        }
    )
    current = wave(
        {"10": "voll voll voll eher eher eher teils", "20": "voll voll eher teils wenig"}
    )
    mapping = WaveMapping(
        questions={"zufr": QuestionMatch("zufr", "zufr")}, not_comparable={}, units={"11": "10"}
    )
    # k = 1: the union's counts themselves are the point here, not their suppression.
    result = compare_waves(
        with_k(STUDY, 1),
        earlier,
        with_k(STUDY, 1),
        current,
        mapping,
        earlier_label="2019",
        current_label="2024",
        by="fachbereich",
    )
    voll = row(result.shares, question="zufr", group="10", option="voll")
    assert (voll["count_from"], voll["base_from"], voll["count_to"], voll["base_to"]) == (
        3,
        11,
        3,
        7,
    )
    assert result.shares.filter(pl.col("group") == "11").height == 0


def four_point(study: Study) -> Study:
    """The earlier wave asked zufr on a 4-point scale (ja, eher_ja, eher_nein, nein)."""
    choices = dict(study.questionnaire.choices)
    choices["agree"] = ChoiceList(
        name="agree",
        choices=[
            *(Choice(name=n) for n in ("ja", "eher_ja", "eher_nein", "nein")),
            Choice(name="k_a", missing=True),
        ],
    )
    return study.model_copy(
        update={"questionnaire": study.questionnaire.model_copy(update={"choices": choices})}
    )


def test_recode_only_where_declared(tmp_path: Path) -> None:
    earlier_study = four_point(STUDY)
    (tmp_path / "mapping.csv").write_text(
        "earlier,current,comparable,recode,reason\n"
        "zufr,zufr,ja,ja=voll; eher_ja=eher; eher_nein=wenig; nein=gar_nicht,\n"
        "mass,mass,nein,,Maßnahmenliste neu gefasst\n",
        encoding="utf-8",
    )
    mapping, errors = read_wave_mapping(earlier_study, STUDY, tmp_path, "2019")
    assert errors == []
    assert mapping.questions["zufr"].recode == {
        "ja": "voll",
        "eher_ja": "eher",
        "eher_nein": "wenig",
        "nein": "gar_nicht",
    }
    assert mapping.not_comparable["mass"] == "Maßnahmenliste neu gefasst"
    assert "lead" in mapping.questions  # same name, options and wording: matched by name
    earlier = wave({"10": "ja ja eher_ja eher_nein nein k_a"})
    current = wave({"10": "voll eher eher teils wenig"})
    result = compare_waves(
        earlier_study,
        earlier,
        STUDY,
        current,
        mapping,
        earlier_label="2019",
        current_label="2024",
    )
    counts = dict(
        result.shares.filter(pl.col("question") == "zufr", pl.col("group").is_null())
        .select("option", "count_from")
        .iter_rows()
    )
    assert counts == {"voll": 2, "eher": 1, "teils": 0, "wenig": 1, "gar_nicht": 1, "k_a": 1}
    assert row(result.scales, question="zufr", group=None)["top2_from"] == pytest.approx(50.0)
    assert result.not_comparable.to_dicts() == [
        {"question": "mass", "reason": "Maßnahmenliste neu gefasst"}
    ]


def test_a_written_reason_is_shown_in_the_outputs_language(tmp_path: Path) -> None:
    (tmp_path / "mapping.csv").write_text(
        "earlier,current,comparable,recode,reason,reason::en\n"
        "mass,mass,nein,,Maßnahmenliste neu gefasst,list of measures rewritten\n"
        "zufr,zufr,nein,,nur deutsch,\n",
        encoding="utf-8",
    )
    mapping, errors = read_wave_mapping(STUDY, STUDY, tmp_path, "2019")
    assert errors == []
    both, german = mapping.not_comparable["mass"], mapping.not_comparable["zufr"]
    assert (both.render("de"), both.render("en")) == (
        "Maßnahmenliste neu gefasst",
        "list of measures rewritten",
    )
    assert (german.render("de"), german.render("en")) == ("nur deutsch", "nur deutsch")


def test_changed_options_without_a_mapping_are_not_comparable(tmp_path: Path) -> None:
    mapping, errors = read_wave_mapping(four_point(STUDY), STUDY, tmp_path, "2019")
    assert errors == []
    assert "zufr" not in mapping.questions
    reason = mapping.not_comparable["zufr"]
    assert reason.render("de") == "Antwortoptionen geändert, keine Zuordnung erklärt"
    assert reason.render("en") == "answer options changed, no mapping declared"


@pytest.mark.parametrize(
    ("content", "row_no", "column", "fragment"),
    [
        (
            "earlier,current,recode\nzufr,zufr,ja=voll; eher_ja\n",
            2,
            "recode",
            "expected earlier=current",
        ),
        ("earlier,current,recode\nzufr,zufr,ja=voll\n", 2, "recode", "have no counterpart"),
        ("earlier,current\nzufr,nix\n", 2, "current", "unknown question 'nix'"),
        (
            "earlier,current,comparable\nzufr,zufr,vielleicht\n",
            2,
            "comparable",
            "expected ja or nein",
        ),
        ("earlier,jetzt\nzufr,zufr\n", 1, "jetzt", "unknown column"),
    ],
)
def test_mapping_errors_are_located(
    tmp_path: Path, content: str, row_no: int, column: str, fragment: str
) -> None:
    (tmp_path / "mapping.csv").write_text(content, encoding="utf-8")
    _, errors = read_wave_mapping(four_point(STUDY), STUDY, tmp_path, "2019")
    [error] = errors
    assert (error.path, error.row, error.column) == (tmp_path / "mapping.csv", row_no, column)
    assert fragment in error.message


def test_org_mapping_errors_and_splits(tmp_path: Path) -> None:
    (tmp_path / "org-mapping.csv").write_text(
        "earlier,current\n11,10\n99,10\n20,20\n20,40\n", encoding="utf-8"
    )
    mapping, errors = read_wave_mapping(STUDY, STUDY, tmp_path, "2019")
    [error] = errors
    assert (error.row, error.column) == (3, "earlier") and "'99'" in error.message
    assert mapping.units == {"11": "10"}
    assert mapping.split_units == frozenset({"20", "40"})


# -- three or more waves ----------------------------------------------------------------------

# Between the two: voll 6, eher 4, teils 3, wenig 3, gar_nicht 2, k_a 2 (20 answered, 18
# substantive; top-2 10/20; codes 6·5 + 4·4 + 3·3 + 3·2 + 2·1 = 63, mean 3.5).
MIDDLE = wave(
    {
        "10": "voll voll voll voll voll voll eher eher eher eher",
        "20": "teils teils teils wenig wenig wenig gar_nicht gar_nicht k_a k_a",
    }
)


def three_waves(frames: list[pl.DataFrame], study: Study = STUDY) -> list:
    from lipkit.analysis.compare import Wave

    return [
        Wave(label, study, frame)
        for label, frame in zip(("2014", "2019", "2024"), frames, strict=True)
    ]


def test_three_waves_pairs_and_series_by_hand() -> None:
    from lipkit.analysis.compare import compare_series

    result = compare_series(three_waves([EARLIER, MIDDLE, CURRENT]), [SAME, SAME])
    assert result.labels == ["2014", "2019", "2024"]
    assert [(p.earlier, p.current) for p in result.pairs] == [("2014", "2019"), ("2019", "2024")]
    # voll: 4/20 = 20 % → 6/20 = 30 % → 10/25 = 40 %
    first = row(result.pairs[0].shares, question="zufr", group=None, option="voll")
    assert (first["count_from"], first["count_to"], first["diff_pp"]) == (4, 6, pytest.approx(10))
    second = row(result.pairs[1].shares, question="zufr", group=None, option="voll")
    assert (second["count_from"], second["base_to"]) == (6, 25)
    assert second["diff_pp"] == pytest.approx(10.0)
    # each pair is the same as comparing the two waves alone (its own Holm family)
    alone = compare_waves(
        STUDY, MIDDLE, STUDY, CURRENT, SAME, earlier_label="2019", current_label="2024"
    )
    assert result.pairs[1].shares.equals(alone.shares)
    assert result.pairs[1].scales.equals(alone.scales)
    voll = result.series.filter(
        (pl.col("question") == "zufr") & pl.col("group").is_null() & (pl.col("option") == "voll")
    )
    assert voll["wave"].to_list() == ["2014", "2019", "2024"]
    assert voll["count"].to_list() == [4, 6, 10]
    assert voll["base"].to_list() == [20, 20, 25]
    assert voll["share"].to_list() == pytest.approx([20.0, 30.0, 40.0])
    scale = result.scale_series.filter(pl.col("group").is_null())
    assert scale["top2"].to_list() == pytest.approx([50.0, 50.0, 60.0])
    assert scale["mean"].to_list() == pytest.approx([3.5, 3.5, 90 / 23])
    assert scale["n_mean"].to_list() == [18, 18, 23]


def test_a_unit_hidden_in_one_wave_is_hidden_in_the_whole_series() -> None:
    """FB 11: 6 respondents, then 4 (hidden, k = 5), then 6 again: every point of its series
    is hidden, so neither neighbour's figure can be differenced against the gap."""
    from lipkit.analysis.compare import compare_series

    six = {"10": "voll eher eher teils wenig", "11": "voll voll eher teils teils wenig"}
    four = {"10": "voll voll eher eher eher", "11": "voll eher eher teils"}
    frames = [wave({**six, "20": "voll eher teils teils teils"}) for _ in range(3)]
    frames[1] = wave({**four, "20": "voll voll eher teils wenig"})
    result = compare_series(three_waves(frames), [SAME, SAME], by="fachbereich")
    fb11 = result.series.filter(pl.col("group") == "11")
    assert fb11.height == 6 * 3 and fb11["hidden"].all()
    assert fb11["count"].null_count() == fb11.height and fb11["share"].null_count() == fb11.height
    assert result.scale_series.filter(pl.col("group") == "11")["mean"].null_count() == 3
    whole = result.series.filter(pl.col("group").is_null() & (pl.col("option") == "voll"))
    # voll: 1 + 2 + 1, then 2 + 1 + 2, then 1 + 2 + 1
    assert whole["count"].to_list() == [4, 5, 4] and not whole["hidden"].any()


def test_series_follows_renamed_questions_and_merged_units_back() -> None:
    """2014's FB 11 is merged into FB 10 from 2019 on (the first mapping); the series of FB 10
    holds 2014's union."""
    from lipkit.analysis.compare import compare_series

    frames = [
        wave({"10": "voll eher eher teils wenig", "11": "voll voll eher teils teils wenig"}),
        wave({"10": "voll voll voll eher eher eher teils"}),
        wave({"10": "voll voll voll voll eher eher teils"}),
    ]
    merged = WaveMapping(
        questions={"zufr": QuestionMatch("zufr", "zufr")}, not_comparable={}, units={"11": "10"}
    )
    result = compare_series(three_waves(frames, with_k(STUDY, 1)), [merged, SAME], by="fachbereich")
    voll = result.series.filter((pl.col("group") == "10") & (pl.col("option") == "voll"))
    assert voll["count"].to_list() == [3, 3, 4]
    assert voll["base"].to_list() == [11, 7, 7]
    # 2014's FB 11 lives on only inside FB 10 (the hand-made tree still has an empty FB 11)
    fb11 = result.series.filter(pl.col("group") == "11")
    assert "2014" not in fb11["wave"].to_list() and fb11["base"].to_list().count(0) == fb11.height


# -- the study folder and the command ---------------------------------------------------------


def write_wave(folder: Path, study: Study, frame: pl.DataFrame, label: str | None = None) -> None:
    from lipkit.data.io import write_responses
    from lipkit.study.folder import StudyFolder

    StudyFolder.save(study, folder)
    if label is not None:
        config = folder / "study.yaml"
        config.write_text(config.read_text(encoding="utf-8") + f'wave: "{label}"\n', "utf-8")
    write_responses(frame, study.questionnaire, folder / "responses.csv", org=study.org)


def test_waves_of_a_study_folder(tmp_path: Path) -> None:
    from lipkit.study.folder import StudyFolder

    write_wave(tmp_path / "s", STUDY, CURRENT, "2024")
    write_wave(tmp_path / "s" / "waves" / "2019", STUDY, EARLIER)
    folder = StudyFolder.at(tmp_path / "s")
    assert folder.wave_label() == "2024"
    assert [(w.label, w.path) for w in folder.earlier_waves()] == [
        ("2019", tmp_path / "s" / "waves" / "2019")
    ]
    # or named in study.yaml, anywhere
    write_wave(tmp_path / "alt", STUDY, EARLIER)
    config = tmp_path / "s" / "study.yaml"
    config.write_text(
        config.read_text("utf-8") + "waves:\n  - label: '2015'\n    path: ../alt\n", "utf-8"
    )
    assert [w.label for w in StudyFolder.at(tmp_path / "s").earlier_waves()] == ["2015"]


def test_compare_command(tmp_path: Path) -> None:
    import json

    from typer.testing import CliRunner

    from lipkit.cli import app

    write_wave(tmp_path / "s", STUDY, CURRENT, "2024")
    write_wave(tmp_path / "s" / "waves" / "2019", STUDY, EARLIER)
    runner = CliRunner()
    table = runner.invoke(app, ["compare", str(tmp_path / "s"), "-q", "zufr"])
    assert table.exit_code == 0, table.output
    assert "Veränderung 2019 → 2024" in table.output
    # voll: 20 % (4/20) → 40 % (10/25), +20 pp
    assert "Gesamt: voll" in table.output and "20 % (4/20)" in table.output
    assert "40 % (10/25)" in table.output and "+20" in table.output
    as_json = runner.invoke(app, ["compare", str(tmp_path / "s"), "--format", "json"])
    assert as_json.exit_code == 0, as_json.output
    data = json.loads(as_json.output)
    assert (data["from"], data["to"], data["adjustment"]) == ("2019", "2024", "holm")
    top2 = [r for r in data["scales"] if r["question"] == "zufr" and r["group"] is None]
    assert top2[0]["diff_pp_top2"] == pytest.approx(10.0)
    bad = runner.invoke(app, ["compare", str(tmp_path / "s"), "--from", "2010"])
    assert bad.exit_code != 0 and "2010" in bad.output


def test_compare_command_in_english(tmp_path: Path) -> None:
    """The same change as in test_compare_command, in English: headings, the group "Total",
    and the questions not compared with their reasons in English."""
    from typer.testing import CliRunner

    from lipkit.cli import app

    write_wave(tmp_path / "s", STUDY, CURRENT, "2024")
    write_wave(tmp_path / "s" / "waves" / "2019", STUDY, EARLIER)
    table = CliRunner().invoke(app, ["compare", str(tmp_path / "s"), "-q", "zufr", "--lang", "en"])
    assert table.exit_code == 0, table.output
    assert "Change 2019 → 2024" in table.output and "Veränderung" not in table.output
    assert "Total: voll" in table.output and "Group / answer" in table.output
    # voll: 20% (4/20) → 40% (10/25), +20 pp; the chi-square test's p in English style
    assert "20% (4/20)" in table.output and "40% (10/25)" in table.output
    assert "χ² p=0.150" in table.output and "95% CI" in table.output
    assert "Scales: top-2 and mean" in table.output
    assert "adjusted over all tests of this call" in table.output


def test_compare_reports_mapping_errors_with_their_place(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from lipkit.cli import app

    write_wave(tmp_path / "s", STUDY, CURRENT, "2024")
    write_wave(tmp_path / "s" / "waves" / "2019", STUDY, EARLIER)
    (tmp_path / "s" / "waves" / "mapping.csv").write_text(
        "earlier,current\nzufr,nix\n", encoding="utf-8"
    )
    result = CliRunner().invoke(app, ["compare", str(tmp_path / "s")])
    assert result.exit_code != 0
    assert "mapping.csv" in result.output and "2" in result.output and "nix" in result.output


def test_validate_checks_the_waves(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from lipkit.cli import app

    write_wave(tmp_path / "s", STUDY, CURRENT, "2024")
    write_wave(tmp_path / "s" / "waves" / "2019", STUDY, EARLIER)
    runner = CliRunner()
    assert runner.invoke(app, ["validate", str(tmp_path / "s")]).exit_code == 0
    (tmp_path / "s" / "waves" / "org-mapping.csv").write_text(
        "earlier,current\n10,10\n77,20\n", encoding="utf-8"
    )
    result = runner.invoke(app, ["validate", str(tmp_path / "s")])
    assert result.exit_code == 1
    # the form error in German like the line around it; in English with --lang en
    assert (
        "Fehler: Welle 2019 → 2024: org-mapping.csv, Zeile 3, Spalte 'earlier': unbekannte "
        "Einheit '77' im Organigramm der früheren Welle" in result.output
    )
    english = runner.invoke(app, ["validate", str(tmp_path / "s"), "--lang", "en"])
    assert (
        "Error: wave 2019 → 2024: org-mapping.csv, row 3, column 'earlier': unknown unit '77' "
        "in the earlier wave's org tree" in english.output
    )


def test_saving_a_study_keeps_its_waves(tmp_path: Path) -> None:
    from lipkit.study.folder import StudyFolder

    write_wave(tmp_path / "s", STUDY, CURRENT, "2024")
    write_wave(tmp_path / "s" / "waves" / "2019", STUDY, EARLIER)
    StudyFolder.save(STUDY, tmp_path / "s")
    assert StudyFolder.at(tmp_path / "s").wave_label() == "2024"


def test_no_option_lowers_the_studies_k() -> None:
    earlier = wave({"10": "voll eher eher teils wenig", "11": "voll voll eher teils teils wenig"})
    current = wave({"10": "voll voll eher eher eher", "11": "voll eher eher teils"})
    result = compare_waves(
        STUDY,
        earlier,
        STUDY,
        current,
        SAME,
        earlier_label="2019",
        current_label="2024",
        by="fachbereich",
        k=2,
    )
    assert result.k == 5
    assert result.shares.filter(pl.col("group") == "11")["hidden"].all()


def test_the_demo_has_an_earlier_wave(tmp_path: Path) -> None:
    """The demo's 2014 wave: FB 53 merged into 50 since (every third of 50's 36 respondents
    was in 53), kundenkontakt reworded and mapped, hindernisse not comparable."""
    import json

    from typer.testing import CliRunner

    from lipkit.cli import app
    from lipkit.demo import write_demo

    root = write_demo(tmp_path / "demo")
    earlier = pl.read_csv(root / "waves" / "2014" / "responses.csv", infer_schema=False)
    units = dict(earlier["fachbereich"].value_counts().iter_rows())
    assert (units["50"], units["53"]) == (24, 12)
    result = CliRunner().invoke(
        app,
        [
            "compare",
            str(root),
            "--by",
            "fachbereich",
            "--format",
            "json",
            "-q",
            "einfluss_vielfalt",
            "-q",
            "kundenkontakt",
            "-q",
            "hindernisse",
            "-q",
            "einfluss_mitarbeitende_mh",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["from"], data["to"]) == ("2014", "2019")
    # 2014's 50 (24) and 53 (12) against 2019's 50: 36 people, 2 of whom skipped the question
    # (einfluss_vielfalt hides FB 50 by the spread rule)
    merged = [r for r in data["scales"] if r["group"] == "50"]
    assert [r["question"] for r in merged] == ["einfluss_vielfalt", "einfluss_mitarbeitende_mh"]
    assert merged[0]["hidden"] and merged[0]["base_from"] is None
    assert (merged[1]["base_from"], merged[1]["base_to"]) == (34, 34)
    assert not any(r["group"] == "53" for r in data["shares"])
    assert {r["question"] for r in data["shares"]} == {
        "einfluss_vielfalt",
        "kundenkontakt",
        "einfluss_mitarbeitende_mh",
    }
    assert data["not_comparable"] == [
        {"question": "hindernisse", "reason": "Antwortliste 2019 neu gefasst"}
    ]
    # the plan's influence was rated lower in 2014: the top-2 share rose
    total = next(r for r in data["scales"] if r["group"] is None)
    assert total["diff_pp_top2"] > 0


def test_compare_series_command(tmp_path: Path) -> None:
    import json

    from typer.testing import CliRunner

    from lipkit.cli import app

    write_wave(tmp_path / "s", STUDY, CURRENT, "2024")
    write_wave(tmp_path / "s" / "waves" / "2014", STUDY, EARLIER)
    write_wave(tmp_path / "s" / "waves" / "2019", STUDY, MIDDLE)
    runner = CliRunner()
    table = runner.invoke(app, ["compare", str(tmp_path / "s"), "--series", "-q", "zufr"])
    assert table.exit_code == 0, table.output
    assert "Veränderung 2014 → 2019" in table.output and "Veränderung 2019 → 2024" in table.output
    assert "Zeitreihe 2014 → 2019 → 2024" in table.output
    # voll: 20 % (4/20), 30 % (6/20), 40 % (10/25) on one line
    series = table.output.split("Zeitreihe")[1]
    line = next(x for x in series.splitlines() if "Gesamt: voll" in x)
    assert "20 % (4/20)" in line and "40 % (10/25)" in line
    as_json = runner.invoke(app, ["compare", str(tmp_path / "s"), "--series", "--format", "json"])
    assert as_json.exit_code == 0, as_json.output
    data = json.loads(as_json.output)
    assert data["waves"] == ["2014", "2019", "2024"] and len(data["pairs"]) == 2
    top2 = [r["top2"] for r in data["scale_series"] if r["group"] is None]
    assert top2 == pytest.approx([50.0, 50.0, 60.0])
    as_csv = runner.invoke(app, ["compare", str(tmp_path / "s"), "--series", "--format", "csv"])
    assert as_csv.exit_code == 0, as_csv.output
    kinds = pl.read_csv(as_csv.output.encode())["kind"].unique().sort().to_list()
    assert kinds == ["option", "scale", "scale_series", "series"]


# -- the report --------------------------------------------------------------------------------


def report_folder(tmp_path: Path, earlier: pl.DataFrame, current: pl.DataFrame) -> Path:
    folder = tmp_path / "s"
    write_wave(folder, STUDY, current, "2024")
    write_wave(folder / "waves" / "2019", STUDY, earlier)
    (folder / "report").mkdir()
    for suffix in ("", ".en"):
        (folder / "report" / f"01-ergebnisse{suffix}.md").write_text(
            "# Ergebnisse\n\n"
            'voll {{ change("zufr", "voll") }}; top2 {{ change("zufr", "top2") }}; '
            'mean {{ change("zufr", "mean", from="2019") }}; '
            'fb11 {{ change("zufr", "top2", group="11") }}.\n\n'
            "{{ comparison() }}\n",
            "utf-8",
        )
    return folder


def build_report(folder: Path, language: str = "de"):
    from lipkit.data.io import read_responses
    from lipkit.report.build import ReportBuilder
    from lipkit.study.folder import StudyFolder

    study = StudyFolder.at(folder).load()
    frame = read_responses(folder / "responses.csv", study.questionnaire, study.org).frame
    return ReportBuilder(study, frame, folder, language=language).build()


def test_report_change_and_comparison_chapter_by_hand(tmp_path: Path) -> None:
    from lipkit.report.model import Figure, Paragraph, Table, plain

    doc = build_report(report_folder(tmp_path, EARLIER, CURRENT))
    text = plain(next(b for b in doc.blocks if isinstance(b, Paragraph)).inline)
    # voll 20 % → 40 %; top-2 50 % → 60 %; mean 3.5 → 90/23 = 3.913 (+0.41); FB 11 has
    # nobody in either wave: there is no change to give, and the text says so with a warning
    assert text == (
        "voll +20 Prozentpunkte; top2 +10 Prozentpunkte; mean +0,41; fb11 nicht ausgewiesen."
    )
    assert any("change('zufr', 'top2', group='11')" in w for w in doc.warnings)
    [figure] = [b for b in doc.blocks if isinstance(b, Figure)]
    assert figure.caption == (
        "Zustimmung (Top-2) 2019 und 2024, die größten Veränderungen (n=20/25)"
    )
    assert "50 % → 60 %" in figure.alt and "+10 PP ●" in figure.alt
    [table] = [b for b in doc.blocks if isinstance(b, Table)]
    assert table.header == ("Frage", "2019", "2024", "Veränderung (PP)", "95 %-KI", "")
    [row] = [[c.text for c in r] for r in table.rows]
    # Newcombe for 15/25 − 10/20 by hand (see wilson() above), in whole points
    l1, u1 = wilson(15, 25)
    l2, u2 = wilson(10, 20)
    low = 100 * (0.1 - math.hypot(0.6 - l1, u2 - 0.5))
    high = 100 * (0.1 + math.hypot(u1 - 0.6, 0.5 - l2))
    assert (round(low), round(high)) == (-18, 36)
    assert row[1:] == ["50 % (n=20)", "60 % (n=25)", "+10", "-18 … +36", "●"]
    # the chapter's figure and table are numbered like every other
    assert (figure.number, table.number) == (1, 1)


def test_report_hides_a_unit_hidden_in_either_wave_in_english_too(tmp_path: Path) -> None:
    from lipkit.report.model import Paragraph, plain

    six = wave({"10": "voll eher eher teils wenig", "11": "voll voll eher teils teils wenig"})
    four = wave({"10": "voll voll eher eher eher", "11": "voll eher eher teils"})
    folder = report_folder(tmp_path, six, four)
    for language, hidden in (("de", "nicht ausgewiesen"), ("en", "not shown")):
        doc = build_report(folder, language)
        text = plain(next(b for b in doc.blocks if isinstance(b, Paragraph)).inline)
        assert text.endswith(f"fb11 {hidden}.")
    # the whole survey is shown: voll 3/11 → 3/9 (+6.1), top-2 6/11 → 8/9 (+34.3)
    assert text.startswith("voll +6 percentage points; top2 +34 percentage points; ")


# -- controlling: an indicator fed by every wave ------------------------------------------------

WAVE_PLAN = """\
title: Plan
waves:
  - {id: w2019, date: 2019-06-30, study_wave: "2019"}
  - {id: w2024, date: 2024-06-30, responses: responses.csv}
fields:
  - id: hf
    title: Feld
    strategic_goals:
      - id: lz
        title: Leitziel
        goals:
          - id: z1
            title: Ziel
indicators:
  - id: zufrieden
    title: Zufriedenheit (Top-2)
    kind: monitoring
    unit: percent
    goal: z1
    survey: {waves: alle, question: zufr, measure: top2}
  - id: voll
    title: voll zufrieden
    kind: monitoring
    unit: percent
    goal: z1
    survey: {waves: [w2019, w2024], question: zufr, options: [voll]}
"""


def test_an_indicator_takes_each_waves_value_as_a_period(tmp_path: Path) -> None:
    from lipkit.controlling.study import load_study_plan

    folder = tmp_path / "s"
    write_wave(folder, STUDY, CURRENT, "2024")
    write_wave(folder / "waves" / "2019", STUDY, EARLIER)
    (folder / "plan").mkdir()
    (folder / "plan" / "plan.yaml").write_text(WAVE_PLAN, "utf-8")
    loaded = load_study_plan(folder)
    actual = sorted(
        (v.indicator, v.date.isoformat(), v.value) for v in loaded.values if v.kind == "actual"
    )
    # top-2 10/20 → 15/25, voll 4/20 → 10/25 (as in the comparison above)
    assert actual == [
        ("voll", "2019-06-30", pytest.approx(20.0)),
        ("voll", "2024-06-30", pytest.approx(40.0)),
        ("zufrieden", "2019-06-30", pytest.approx(50.0)),
        ("zufrieden", "2024-06-30", pytest.approx(60.0)),
    ]


def test_an_indicator_follows_a_recoded_question_back_and_skips_a_not_comparable_one(
    tmp_path: Path,
) -> None:
    """2019 asked zufr on four points (voll, eher, wenig, gar_nicht → mapped 'ja'→voll …):
    the share of 'voll' in 2019 is that of its recoded options; a wave where the question is
    not comparable gives no value, with the reason."""
    from lipkit.controlling.model import SurveySource
    from lipkit.controlling.sources import followed_back

    recoded = WaveMapping(
        questions={"zufr": QuestionMatch("zufr_alt", "zufr", {"ja": "voll", "eher_ja": "eher"})},
        not_comparable={},
        units={},
    )
    source = SurveySource(wave="w", question="zufr", options=("voll", "teils"))
    back = followed_back(source, (recoded,))
    assert not isinstance(back, str)
    assert (back.question, back.options) == ("zufr_alt", ("ja", "teils"))
    gone = WaveMapping(questions={}, not_comparable={"zufr": "Skala geändert"}, units={})
    # the reason is kept as a code, shown in the reader's language
    from lipkit.controlling.value_text import comment_text

    written = followed_back(source, (recoded, gone))
    assert written == 'not_comparable:{"text": "Skala geändert"}'
    assert comment_text(written, "de") == "nicht vergleichbar: Skala geändert"
    assert comment_text(written, "en") == "not comparable: Skala geändert"
    unasked = followed_back(source, (WaveMapping(questions={}, not_comparable={}, units={}),))
    assert unasked == 'not_comparable:{"code": "compare_reason.not_in_wave", "params": {}}'
    assert comment_text(unasked, "de") == "nicht vergleichbar: in dieser Welle nicht gefragt"
    assert comment_text(unasked, "en") == "not comparable: not asked in this wave"
    # as lipkit stored it before the codes
    before = "nicht vergleichbar: Skala geändert"
    assert comment_text(before, "en") == "not comparable: Skala geändert"


def test_report_of_three_waves_has_trend_lines(tmp_path: Path) -> None:
    from lipkit.report.model import Figure

    folder = report_folder(tmp_path, MIDDLE, CURRENT)
    write_wave(folder / "waves" / "2014", STUDY, EARLIER)
    doc = build_report(folder)
    pairs, trend = [b for b in doc.blocks if isinstance(b, Figure)]
    assert pairs.caption.startswith("Zustimmung (Top-2) 2019 und 2024")
    # top-2 of zufr: 50 % (n=20), 50 % (n=20), 60 % (n=25)
    assert trend.caption == "Zustimmung (Top-2) 2014 – 2019 – 2024 (n=20/20/25)"
    assert "2014 50 %, 2019 50 %, 2024 60 %" in trend.alt
    assert trend.number == 2


def test_interval_ends_that_round_to_0_keep_a_decimal() -> None:
    """ "+0,4 … +20 ▲", not "0 … +20 ▲": the interval printed agrees with its symbol."""
    from lipkit.report.waves import bound, symbol

    assert [bound(v, "de") for v in (0.4, -0.3, 12.6, -7.2, 0.0)] == [
        "+0,4",
        "-0,3",
        "+13",
        "-7",
        "0",
    ]
    assert bound(0.4, "en") == "+0.4"
    assert (symbol(0.4, 20.0), symbol(-20.0, -0.3), symbol(-0.4, 20.0)) == ("▲", "▼", "●")


# -- waves after the folder's own, and the demo's 2024 wave -------------------------------------


def three_wave_folder(tmp_path: Path, own: str = "2019") -> Path:
    """The folder itself is 2019 (MIDDLE), with 2014 before it and 2024 after it."""
    root = tmp_path / "s"
    write_wave(root, STUDY, MIDDLE, "2019")
    write_wave(root / "waves" / "2014", STUDY, EARLIER)
    write_wave(root / "waves" / "2024", STUDY, CURRENT)
    config = root / "study.yaml"
    config.write_text(
        config.read_text("utf-8")
        + "waves:\n"
        + "  - {label: '2014', path: waves/2014}\n"
        + f"  - {{label: '{own}', path: .}}\n"
        + "  - {label: '2024', path: waves/2024}\n",
        "utf-8",
    )
    return root


def test_a_folder_can_list_itself_among_its_waves(tmp_path: Path) -> None:
    import json

    from typer.testing import CliRunner

    from lipkit.cli import app
    from lipkit.cli.compare import wave_problems
    from lipkit.study.folder import StudyFolder

    root = three_wave_folder(tmp_path)
    folder = StudyFolder.at(root)
    assert folder.wave_label() == "2019"
    assert [(w.label, w.path) for w in folder.wave_chain()] == [
        ("2014", root / "waves" / "2014"),
        ("2019", root),
        ("2024", root / "waves" / "2024"),
    ]
    # the earlier waves (the report's, the plan's) are the ones before the folder itself
    assert [w.label for w in folder.earlier_waves()] == ["2014"]
    assert wave_problems(root) == []
    runner = CliRunner()

    def compared(*args: str) -> dict:
        result = runner.invoke(app, ["compare", str(root), "--format", "json", *args])
        assert result.exit_code == 0, result.output
        return json.loads(result.output)

    # without --from/--to: the folder's own wave against the one before it
    assert (compared()["from"], compared()["to"]) == ("2014", "2019")
    later = compared("--from", "2019", "--to", "2024")
    voll = next(r for r in later["shares"] if r["group"] is None and r["option"] == "voll")
    # voll 6/20 → 10/25
    assert (voll["count_from"], voll["base_from"], voll["count_to"], voll["base_to"]) == (
        6,
        20,
        10,
        25,
    )
    assert voll["diff_pp"] == pytest.approx(10.0)
    series = compared("--series")
    assert series["waves"] == ["2014", "2019", "2024"] and len(series["pairs"]) == 2


def test_the_folder_itself_keeps_its_own_label_among_its_waves(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from lipkit.cli import app

    root = three_wave_folder(tmp_path, own="2018")
    result = CliRunner().invoke(app, ["compare", str(root)])
    assert result.exit_code != 0
    assert "study.yaml" in result.output and "waves" in result.output
    assert "labelled '2018', expected its own label 'wave: 2019'" in result.output
    twice = three_wave_folder(tmp_path / "twice")
    config = twice / "study.yaml"
    config.write_text(config.read_text("utf-8").replace("label: '2024'", "label: '2014'"), "utf-8")
    result = CliRunner().invoke(app, ["compare", str(twice)])
    assert result.exit_code != 0 and "wave label '2014' used twice" in result.output


def test_the_demo_has_a_later_wave(tmp_path: Path) -> None:
    """The demo's 2024 wave against 2019 (the folder itself): FB 40 (15) and 51 (34) merged
    into 47, mitarbeitende_mh reworded and mapped, massnahmen_zugaenglichkeit not comparable,
    einfluss_vielfalt moved up."""
    import json

    from typer.testing import CliRunner

    from lipkit.cli import app
    from lipkit.cli.compare import wave_problems
    from lipkit.demo import write_demo

    root = write_demo(tmp_path / "demo")
    assert wave_problems(root) == []
    later = pl.read_csv(root / "waves" / "2024" / "responses.csv", infer_schema=False)
    units = dict(later["fachbereich"].value_counts().iter_rows())
    assert units["47"] == 15 + 34 and "40" not in units and "51" not in units
    runner = CliRunner()
    questions = ["einfluss_vielfalt", "mitarbeitende_mh", "massnahmen_zugaenglichkeit", "rolle"]
    args = [a for q in questions for a in ("-q", q)]
    command = ["compare", str(root), "--from", "2019", "--to", "2024", "--by", "fachbereich"]
    result = runner.invoke(app, [*command, "--format", "json", *args])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["from"], data["to"]) == ("2019", "2024")
    assert data["not_comparable"] == [
        {
            "question": "massnahmen_zugaenglichkeit",
            "reason": "Liste der Maßnahmen 2024 um digitale Angebote erweitert",
        }
    ]
    assert {r["question"] for r in data["shares"]} == {
        "einfluss_vielfalt",
        "mitarbeitende_mh",
        "rolle",
    }
    assert not any(r["group"] in ("40", "51") for r in data["shares"] + data["scales"])

    def share(question: str, group: str | None, option: str) -> tuple:
        [r] = [
            r
            for r in data["shares"]
            if (r["question"], r["group"], r["option"]) == (question, group, option)
        ]
        return r["count_from"], r["base_from"], r["count_to"], r["base_to"]

    # reworded, still compared: the answers themselves did not change
    assert share("mitarbeitende_mh", None, "ja") == (128, 180, 128, 180)
    # einfluss_vielfalt: moderat 44 → 18 (26 moved up into eher_stark), stark 35 → 76 (41
    # moved up from eher_stark: 63 + 26 − 41 = 48)
    assert share("einfluss_vielfalt", None, "moderat") == (44, 201, 18, 201)
    assert share("einfluss_vielfalt", None, "stark") == (35, 201, 76, 201)
    assert share("einfluss_vielfalt", None, "eher_stark") == (63, 201, 48, 201)
    [whole] = [
        r for r in data["scales"] if r["question"] == "einfluss_vielfalt" and r["group"] is None
    ]
    # top-2: 98/201 → 124/201 (98 + 26)
    assert whole["top2_from"] == pytest.approx(100 * 98 / 201)
    assert whole["top2_to"] == pytest.approx(100 * 124 / 201)
    assert whole["ci_low_top2"] > 0  # the interval excludes 0
    # the merged unit against the union of 40 and 51 in 2019 (49 people): 2019 publishes
    # rolle through secure's decisions, which hide FB 51 for it (lipkit.privacy.decide), so
    # the merged unit is hidden in the comparison (einfluss_vielfalt hides 47 by the spread
    # rule)
    assert share("rolle", "47", "sgl") == (None, None, None, None)
    assert share("einfluss_vielfalt", "47", "stark") == (None, None, None, None)
    # the 2024 folder is a study of its own, whose earlier waves are 2014 and 2019
    alone = runner.invoke(app, ["compare", str(root / "waves" / "2024"), "--format", "json"])
    assert alone.exit_code == 0, alone.output
    assert (json.loads(alone.output)["from"], json.loads(alone.output)["to"]) == ("2019", "2024")
    series = runner.invoke(
        app, ["compare", str(root), "--series", "-q", "einfluss_vielfalt", "--format", "json"]
    )
    assert series.exit_code == 0, series.output
    data = json.loads(series.output)
    assert data["waves"] == ["2014", "2019", "2024"]
    # --question holds for every pair, not only the last
    assert [{r["question"] for r in p["shares"]} for p in data["pairs"]] == [
        {"einfluss_vielfalt"},
        {"einfluss_vielfalt"},
    ]
    top2 = [r["top2"] for r in data["scale_series"] if r["group"] is None]
    assert top2[1:] == pytest.approx([100 * 98 / 201, 100 * 124 / 201])
    assert top2[0] < top2[1]


def test_the_demos_2024_report_ends_with_the_comparison(tmp_path: Path) -> None:
    """The 2024 wave's default report: paired bars of 2019 and 2024, trend lines of the six
    items that moved most across 2014 – 2019 – 2024, the table with number and symbol, and
    the question not comparable with its reason."""
    from lipkit.demo import write_demo
    from lipkit.report.model import Figure, Paragraph, Table, plain

    root = write_demo(tmp_path / "demo")
    doc = build_report(root / "waves" / "2024")
    figures = {b.id: b for b in doc.blocks if isinstance(b, Figure)}
    pairs, trend = figures["comparison-figure"], figures["comparison-trend"]
    assert pairs.caption == (
        "Zustimmung (Top-2) 2019 und 2024, die größten Veränderungen (n=201/201)"
    )
    # 98/201 = 49 % → 124/201 = 62 %, +13 PP, the interval above 0
    assert "49 % → 62 % (+13 PP ▲\n(n=201/201))" in pairs.alt
    assert trend.caption == (
        "Zustimmung (Top-2) 2014 – 2019 – 2024, die größten Veränderungen (n=201/201/201)"
    )
    assert trend.alt.count(": 2014 ") == 6
    assert trend.png.startswith(b"\x89PNG")
    table = next(b for b in doc.blocks if isinstance(b, Table) and b.id == "comparison-table")
    rows = {r[0].text: [c.text for c in r[1:]] for r in table.rows}
    einfluss = next(v for k, v in rows.items() if k.startswith("Wie stark ist der Einfluss"))
    assert einfluss[:3] == ["49 % (n=201)", "62 % (n=201)", "+13"] and einfluss[4] == "▲"
    # hemmnis_sprache: half of the top two categories one lower: 80/164 → 60/164
    assert rows["Sprachbarrieren"][:3] == ["49 % (n=164)", "37 % (n=164)", "-12"]
    assert rows["Sprachbarrieren"][4] == "▼"
    text = " ".join(plain(b.inline) for b in doc.blocks if isinstance(b, Paragraph))
    assert "Liste der Maßnahmen 2024 um digitale Angebote erweitert" in text


def test_a_survey_made_from_the_folder_takes_its_earlier_waves_not_its_later_ones(
    tmp_path: Path,
) -> None:
    """The team's files (kept by a survey made from the folder, and written back into its
    ZIP export, whose study.yaml names no waves) hold waves/2014/ but not waves/2024/: in the
    export every waves/<label>/ is an earlier wave."""
    from lipkit.study.folder import StudyFolder

    root = three_wave_folder(tmp_path)
    names = sorted(StudyFolder.at(root).team_files())
    assert names == [
        "waves/2014/org.csv",
        "waves/2014/questionnaire.xlsx",
        "waves/2014/responses.csv",
        "waves/2014/study.yaml",
    ]
