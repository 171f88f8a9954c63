from lipkit.display import format_number, format_percent, round_half_up


def test_half_up_not_bankers():
    assert round_half_up(35.5) == 36
    assert round_half_up(2.5) == 3
    assert round_half_up(0.5) == 1
    assert round_half_up(-2.5) == -3
    assert round(2.5) == 2  # the trap this module exists to avoid


def test_reference_table2_dezernat_i():
    # 5 of 14 respondents: the report prints 35 %, half-up gives 36 %.
    assert format_percent(5 / 14 * 100) == "36 %"


def test_decimals_use_shortest_repr():
    assert format_number(0.285, 2) == "0,29"
    assert format_number(3.245, 2) == "3,25"
    assert format_number(3.25, 1, language="en") == "3.3"


def test_missing_and_negative_zero():
    assert format_percent(None) == "–"
    assert format_percent(float("nan")) == "–"
    assert format_number(-0.4) == "0"
    assert format_percent(12.0, language="en") == "12%"
