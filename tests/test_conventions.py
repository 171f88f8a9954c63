"""What lipkit infers from a plain XLSForm (lipkit.study.conventions): form and result."""

from __future__ import annotations

from pathlib import Path

from formtable import xlsform

from lipkit.study.model import ScaleOrder
from lipkit.study.orgtree import derive_org_tree
from lipkit.study.xlsform import read_xlsform


def read(tmp_path: Path, markdown: str):
    return read_xlsform(xlsform(tmp_path, markdown))


SCALES = """
| survey |
|        | type           | name | label          |
|        | select_one a   | q_a  | Aussage A      |
|        | select_one b   | q_b  | Aussage B      |
|        | select_one c   | q_c  | Aussage C      |
|        | select_one d   | q_d  | Aussage D      |
| choices |
|         | list_name | name      | label                  |
|         | a         | voll      | trifft voll zu         |
|         | a         | eher      | trifft eher zu         |
|         | a         | teils     | teils/teils            |
|         | a         | gar_nicht | trifft gar nicht zu    |
|         | a         | k_a       | k. A.                  |
|         | b         | s1        | sehr schlecht          |
|         | b         | s2        | schlecht               |
|         | b         | s3        | gut                    |
|         | b         | s4        | sehr gut               |
|         | b         | weiss     | keine Angabe           |
|         | c         | rot       | rot                    |
|         | c         | gruen     | grün                   |
|         | c         | blau      | blau                   |
|         | d         | ja        | ja                     |
|         | d         | nein      | nein                   |
"""


def test_k_a_by_name_or_label_and_scale_polarity_from_the_end_labels(tmp_path):
    q = read(tmp_path, SCALES)
    # missing codes: by name (k_a) and by label ("keine Angabe" under the name "weiss")
    assert q.missing_codes("q_a") == ["k_a"]
    assert q.missing_codes("q_b") == ["weiss"]
    assert q.missing_codes("q_c") == []
    # "trifft voll zu" first: positive first; "sehr gut" last: positive last
    assert q.question("q_a").scale == ScaleOrder.POSITIVE_FIRST
    assert q.scale_values("q_a") == {"voll": 4, "eher": 3, "teils": 2, "gar_nicht": 1}
    assert q.question("q_b").scale == ScaleOrder.POSITIVE_LAST
    assert q.scale_values("q_b") == {"s1": 1, "s2": 2, "s3": 3, "s4": 4}
    # colours and yes/no are no rating scales
    assert q.question("q_c").scale is None
    assert q.question("q_d").scale is None


def test_declared_columns_are_never_second_guessed(tmp_path):
    q = read(
        tmp_path,
        """
        | survey |
        |        | type         | name | label     | lipkit::scale | lipkit::missing |
        |        | select_one a | q_a  | Aussage A |               |                 |
        | choices |
        |         | list_name | name      | label               |
        |         | a         | voll      | trifft voll zu      |
        |         | a         | eher      | trifft eher zu      |
        |         | a         | gar_nicht | trifft gar nicht zu |
        |         | a         | k_a       | k. A.               |
        """,
    )
    assert q.question("q_a").scale is None
    assert q.missing_codes("q_a") == []


def test_exclusive_option_from_the_xlsform_constraint_idiom(tmp_path):
    q = read(
        tmp_path,
        """
        | survey |
        |        | type              | name | label     | constraint                                          |
        |        | select_multiple m | mass | Maßnahmen | not(selected(., 'keine') and count-selected(.) > 1) |
        |        | select_multiple m | auch | Auch      | count-selected(.) <= 2                              |
        | choices |
        |         | list_name | name  | label    |
        |         | m         | a     | A        |
        |         | m         | b     | B        |
        |         | m         | keine | keine    |
        """,  # noqa: E501
    )
    assert q.exclusive_codes("mass") == ["keine"]
    assert q.exclusive_codes("auch") == []


def test_org_levels_from_a_cascading_select_named_like_units(tmp_path):
    q = read(
        tmp_path,
        """
        | survey |
        |        | type            | name  | label              | choice_filter    |
        |        | select_one dez  | dez   | Ihr Dezernat?      |                  |
        |        | select_one fb   | fb    | Ihr Fachbereich?   | dez=${dez}       |
        |        | select_one land | land  | Land               |                  |
        |        | select_one ort  | ort   | Ort                | land=${land}     |
        | choices |
        |         | list_name | name | label  | dez | land |
        |         | dez       | I    | Dez. I |     |      |
        |         | dez       | II   | Dez. II|     |      |
        |         | fb        | 10   | FB 10  | I   |      |
        |         | fb        | 20   | FB 20  | II  |      |
        |         | land      | de   | DE     |     |      |
        |         | ort       | h    | H      |     | de   |
        """,
    )
    assert q.question("dez").org_level == "dez"
    assert q.question("fb").org_level == "fb"
    # a cascade of places is no org tree
    assert q.question("land").org_level is None and q.question("ort").org_level is None
    tree = derive_org_tree(q)
    assert [level.name for level in tree.levels] == ["dez", "fb"]
    assert [(u.code, u.parent) for u in tree.units_at("fb")] == [("10", "I"), ("20", "II")]
