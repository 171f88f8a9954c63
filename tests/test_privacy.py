"""Minimum group size and complementary suppression (conventions §5), hand-worked cases."""

from __future__ import annotations

import polars as pl
import pytest

from lipkit.privacy import MISSING, Hierarchy, derivable, derivable_from_equations, suppress
from lipkit.privacy.suppression import complete_counts, suppress_frame
from lipkit.study.model import OrgLevel, OrgTree, OrgUnit

# The reference study (reference-study.md): Dezernat -> Fachbereiche with respondents.
REFERENCE = {
    "OBE": {"15": 7, "30": 5, "46": 3},
    "I": {"41": 14},
    "II": {"20": 13, "32": 12, "37": 0},
    "III": {"50": 36, "52": 3, "57": 10},
    "IV": {"18": 6, "40": 15, "43": 4, "51": 34},
    "V": {"19": 1, "23": 8, "67": 14},
    "VI": {"61": 17, "66": 0},
}


def org_tree(units: dict[str, dict[str, int]] = REFERENCE) -> OrgTree:
    return OrgTree(
        levels=[OrgLevel(name="dezernat"), OrgLevel(name="fachbereich")],
        units=[
            *(OrgUnit(code=d, name=d, level="dezernat") for d in units),
            *(
                OrgUnit(code=f, name=f, level="fachbereich", parent=d)
                for d, fbs in units.items()
                for f in fbs
            ),
        ],
    )


def dez(code: str) -> str:
    return Hierarchy.key("dezernat", code)


def fb(code: str) -> str:
    return Hierarchy.key("fachbereich", code)


def fb_counts(units: dict[str, dict[str, int]] = REFERENCE) -> dict[str | None, int]:
    """Counts for a Fachbereich breakdown: root, Dezernate and Fachbereiche."""
    counts: dict[str | None, int] = {None: sum(sum(f.values()) for f in units.values())}
    for d, fbs in units.items():
        counts[dez(d)] = sum(fbs.values())
        counts.update({fb(f): n for f, n in fbs.items()})
    return counts


def dez_counts(units: dict[str, dict[str, int]] = REFERENCE) -> dict[str | None, int]:
    return {node: n for node, n in fb_counts(units).items() if node is None or "dezernat:" in node}


# -- Hierarchy ------------------------------------------------------------------------------


def test_from_org_tree_keys_levels_and_order():
    tree = org_tree({"A": {"1": 1, "2": 1}, "B": {"A": 1}})  # code "A" on both levels
    h = Hierarchy.from_org_tree(tree, "fachbereich")
    assert h.order == [
        "dezernat:A",
        "fachbereich:1",
        "fachbereich:2",
        "dezernat:A/_missing",
        "dezernat:B",
        "fachbereich:A",
        "dezernat:B/_missing",
        "_missing",
    ]
    assert h.parent["fachbereich:A"] == "dezernat:B"
    assert h.parent["dezernat:A"] is None
    assert h.parent[MISSING] is None
    assert h.unit_of("fachbereich:A") == ("fachbereich", "A")
    assert h.unit_of(MISSING) is None
    assert h.children[None] == ["dezernat:A", "dezernat:B", "_missing"]
    top = Hierarchy.from_org_tree(tree, "dezernat", with_missing=False)
    assert top.order == ["dezernat:A", "dezernat:B"]


def test_flat_and_invalid_hierarchies():
    assert Hierarchy.flat(["m", "w"]).order == ["m", "w", "_missing"]
    assert Hierarchy.flat([]).order == []
    with pytest.raises(ValueError, match="unknown parent 'x'"):
        Hierarchy(parent={"a": "x"}, order=["a"])
    with pytest.raises(ValueError, match="not listed: \\['b'\\]"):
        Hierarchy(parent={"a": None, "b": None}, order=["a"])
    with pytest.raises(ValueError, match="own ancestor"):
        Hierarchy(parent={"a": "b", "b": "a"}, order=["a", "b"])
    with pytest.raises(ValueError, match="no level 'team'"):
        Hierarchy.from_org_tree(org_tree(), "team")


def test_counts_are_completed_and_checked():
    h = Hierarchy.from_org_tree(org_tree({"A": {"1": 3, "2": 4}}), "fachbereich")
    counts = complete_counts({fb("1"): 3, fb("2"): 4}, h)
    assert counts[None] == 7
    assert counts[dez("A")] == 7
    assert counts[MISSING] == 0
    with pytest.raises(ValueError, match="count of node 'dezernat:A' is 8, but its children"):
        complete_counts({dez("A"): 8, fb("1"): 3, fb("2"): 4}, h)
    with pytest.raises(ValueError, match="not in the hierarchy: \\['fachbereich:9'\\]"):
        suppress({fb("9"): 1}, h, 5)
    with pytest.raises(ValueError, match="negative"):
        suppress({fb("1"): -1}, h, 5)
    with pytest.raises(ValueError, match="at least 1"):
        suppress({fb("1"): 3}, h, 0)


# -- the reference study --------------------------------------------------------------------


def test_reference_study_by_fachbereich_k5():
    h = Hierarchy.from_org_tree(org_tree(), "fachbereich")
    hidden = suppress(fb_counts(), h, 5)
    # Every Dezernat has >= 5, so none is hidden. Per Dezernat:
    # OBE: 46 (3) primary; smallest other is 30 (5): 3 + 5 = 8 >= 5, two hidden.
    # I: 41 (14) fine. II: 37 has 0, published as none; 20, 32 fine.
    # III: 52 (3) primary; complement 57 (10), the smaller of 50 and 57.
    # IV: 43 (4) primary; complement 18 (6): 4 + 6 = 10.
    # V: 19 (1) primary; complement 23 (8): 1 + 8 = 9.  VI: 66 has 0; 61 fine.
    assert hidden == {fb(f) for f in ["46", "30", "52", "57", "43", "18", "19", "23"]}


def test_reference_study_by_fachbereich_k10():
    hidden = suppress(fb_counts(), Hierarchy.from_org_tree(org_tree(), "fachbereich"), 10)
    # Dezernate all >= 10. OBE: 7, 5, 3 all primary (sum 15). III: 52 (3) + complement
    # 57 (10) = 13. IV: 18 (6) and 43 (4) primary, sum 10: enough. V: 19 (1) and 23 (8)
    # primary, sum 9 < 10, so 67 (14) is hidden too. II, VI: 37 and 66 have 0.
    assert hidden == {fb(f) for f in ["15", "30", "46", "52", "57", "18", "43", "19", "23", "67"]}


def test_hidden_dezernat_hides_its_fachbereiche():
    h = Hierarchy.from_org_tree(org_tree(), "fachbereich")
    hidden = suppress(fb_counts(), h, 20)
    # Dezernate OBE 15, I 14, VI 17 are below 20; together 46: no complement needed.
    # II (25): 20 (13) and 32 (12) primary, sum 25; 37 (0) stays. III (49): 52 (3) + 57 (10)
    # = 13 < 20, so 50 (36) too. IV (59): 18, 40, 43 primary, sum 25; 51 stays.
    # V (23): all three primary, sum 23.
    expected = {
        *(dez(d) for d in ["OBE", "I", "VI"]),
        *(fb(f) for f in ["15", "30", "46", "41", "61", "66"]),  # below hidden Dezernate
        *(fb(f) for f in ["20", "32", "50", "52", "57", "18", "40", "43", "19", "23", "67"]),
        *(Hierarchy.missing_key(dez(d)) for d in ["OBE", "I", "VI"]),
    }
    assert hidden == expected
    assert fb("66") in hidden  # 0 respondents, but its Dezernat is hidden
    assert fb("37") not in hidden  # 0 respondents, its Dezernat is published


def test_dezernat_pattern_is_the_same_in_both_breakdowns():
    by_dez = Hierarchy.from_org_tree(org_tree(), "dezernat")
    by_fb = Hierarchy.from_org_tree(org_tree(), "fachbereich")
    for k in range(1, 40):
        upper = set(by_dez.nodes())
        assert suppress(dez_counts(), by_dez, k) == suppress(fb_counts(), by_fb, k) & upper


def test_reference_study_k1_hides_nothing():
    assert suppress(fb_counts(), Hierarchy.from_org_tree(org_tree(), "fachbereich"), 1) == set()


def test_reference_pattern_withstands_the_attacker():
    h = Hierarchy.from_org_tree(org_tree(), "fachbereich")
    counts = complete_counts(fb_counts(), h)
    for k in (5, 10, 20, 60):
        hidden = suppress(counts, h, k)
        published = {node: None if node in hidden else n for node, n in counts.items()}
        assert derivable(published, h) == set()


# -- small cases ----------------------------------------------------------------------------


def test_root_below_k_hides_everything():
    h = Hierarchy.flat(["a", "b", "c"])
    assert suppress({None: 4, "a": 4, "b": 0, "c": 0}, h, 5) == {None, "a", "b", "c", MISSING}
    assert suppress({None: 5, "a": 5}, h, 5) == set()


def test_empty_survey_hides_nothing():
    assert suppress({None: 0}, Hierarchy.flat(["a", "b"]), 5) == set()


def test_zero_groups_are_not_hidden_siblings():
    h = Hierarchy.flat(["a", "b", "c"])
    # a (3) alone below k: b has 0 and does not help; c must be hidden.
    assert suppress({"a": 3, "b": 0, "c": 20}, h, 5) == {"a", "c"}


def test_two_primaries_below_k_together_take_the_smallest_complement():
    h = Hierarchy.flat(["a", "b", "c", "d"])
    # a + b = 3 < 5: add the smallest other, c (6), not d (9).
    assert suppress({"a": 1, "b": 2, "c": 6, "d": 9}, h, 5) == {"a", "b", "c"}
    # Two primaries with enough together need no complement.
    assert suppress({"a": 3, "b": 4, "c": 6, "d": 9}, h, 5) == {"a", "b"}


def test_ties_go_by_hierarchy_order():
    counts = {"x": 2, "b": 6, "c": 6}
    assert suppress(counts, Hierarchy.flat(["x", "b", "c"]), 5) == {"x", "b"}
    assert suppress(counts, Hierarchy.flat(["x", "c", "b"]), 5) == {"x", "c"}


def test_missing_group_takes_part_like_any_group():
    h = Hierarchy.flat(["a", "b"])
    assert suppress({"a": 10, "b": 8, MISSING: 2}, h, 5) == {MISSING, "b"}


def test_suppress_frame_per_question():
    h = Hierarchy.flat(["a", "b", "c"])
    cells = pl.DataFrame(
        {
            "question": ["q1", "q1", "q1", "q1", "q2", "q2", "q2"],
            "node": [None, "a", "b", "c", "a", None, "c"],
            "n": [20, 3, 7, 10, 4, 4, 0],
        }
    )
    result = suppress_frame(cells, h, 5)
    assert result.columns == ["question", "node", "n", "suppressed"]
    assert result["node"].to_list() == cells["node"].to_list()
    assert result["suppressed"].to_list() == [False, True, True, False, True, True, True]


def test_suppress_frame_rejects_duplicates():
    cells = pl.DataFrame({"question": ["q", "q"], "node": ["a", "a"], "n": [1, 1]})
    with pytest.raises(ValueError, match="question 'q', node 'a' appears 2 times"):
        suppress_frame(cells, Hierarchy.flat(["a"]), 5)


# -- sdcTable microdata1 (reference-values.md) ----------------------------------------------
MICRODATA1 = {"A": {"f": 2, "m": 18}, "B": {"f": 19, "m": 14}, "C": {"f": 10, "m": 12}}
MICRODATA1["D"] = {"f": 14, "m": 11}


def test_microdata1_regions_as_groups():
    # Groups are regions; gender is an answer. Every region has >= 4 respondents, so the
    # minimum group size (a cell of 3 or fewer is sensitive, i.e. k = 4) hides no region:
    # unlike sdcTable's frequency rule, a small answer count in a large group is published.
    h = Hierarchy.flat(list(MICRODATA1))
    counts = {r: sum(g.values()) for r, g in MICRODATA1.items()}
    assert counts == {"A": 20, "B": 33, "C": 22, "D": 25}
    assert suppress(counts, h, 4) == set()


def test_microdata1_region_gender_as_hierarchy():
    # Region -> region/gender cells as a two-level hierarchy, k = 4: A/f (2) is primary and
    # its only sibling A/m (18) is its complement; no hidden cell follows from the margins.
    parent: dict[str, str | None] = {}
    for region, genders in MICRODATA1.items():
        parent[region] = None
        parent.update({f"{region}/{g}": region for g in genders})
    h = Hierarchy(parent=parent, order=list(parent))
    counts = {f"{r}/{g}": n for r, genders in MICRODATA1.items() for g, n in genders.items()}
    hidden = suppress(counts, h, 4)
    assert hidden == {"A/f", "A/m"}
    full = complete_counts(counts, h)
    assert derivable({n: None if n in hidden else v for n, v in full.items()}, h) == set()


def test_microdata1_crossed_table_needs_more_than_the_hierarchy():
    # With the gender totals published as well (a crossed table, not a hierarchy), hiding
    # A/f and A/m is not enough: A/m = male total - B/m - C/m - D/m. sdcTable's rectangle
    # (A and C, both genders) is safe. The hierarchy rules do not cover crossed tables.
    cells = {f"{r}/{g}": n for r, genders in MICRODATA1.items() for g, n in genders.items()}
    equations = [
        *((r, [f"{r}/f", f"{r}/m"]) for r in MICRODATA1),
        *((g, [f"{r}/{g}" for r in MICRODATA1]) for g in ("f", "m")),
        ("total", list(MICRODATA1)),
        ("total", ["f", "m"]),
    ]
    margins = {r: sum(g.values()) for r, g in MICRODATA1.items()}
    margins.update({"f": 45, "m": 55, "total": 100})
    values = {**cells, **margins}

    def attack(hidden: set[str]) -> set[str]:
        return derivable_from_equations(
            {v: None if v in hidden else x for v, x in values.items()}, equations
        )

    assert attack({"A/f", "A/m"}) == {"A/f", "A/m"}
    assert attack({"A/f", "A/m", "C/f", "C/m"}) == set()
    assert attack({"A/f", "A/m", "D/f", "D/m"}) == set()
