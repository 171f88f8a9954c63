"""The subtraction attacker, and suppression checked against it on random trees."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from lipkit.privacy import Hierarchy, audit_table, derivable, suppress
from lipkit.privacy.suppression import complete_counts

# -- the attacker can derive (so the property tests below can fail) -------------------------


def test_single_hidden_sibling_is_derived():
    h = Hierarchy.flat(["a", "b", "c"])
    assert derivable({None: 20, "a": None, "b": 7, "c": 10, "_missing": 0}, h) == {"a"}


def test_two_hidden_siblings_are_not_derived():
    h = Hierarchy.flat(["a", "b", "c"])
    assert derivable({None: 20, "a": None, "b": None, "c": 10, "_missing": 0}, h) == set()


def test_root_is_derived_from_its_children():
    h = Hierarchy.flat(["a", "b"])
    assert derivable({None: None, "a": 3, "b": 4, "_missing": 0}, h) == {None}


def test_attacker_chains_equations_across_levels():
    # D1's children are published, so D1 is their sum; then D2 = root - D1.
    h = Hierarchy(
        parent={"D1": None, "D2": None, "f1": "D1", "f2": "D1", "f3": "D2", "f4": "D2"},
        order=["D1", "f1", "f2", "D2", "f3", "f4"],
    )
    published = {None: 30, "D1": None, "D2": None, "f1": 5, "f2": 6, "f3": None, "f4": None}
    assert derivable(published, h) == {"D1", "D2"}
    # Hiding f1 and f2 as well leaves D1 + D2 = 30 with nothing else known about either.
    assert derivable({**published, "f1": None, "f2": None}, h) == set()


def test_absent_nodes_count_as_known():
    # The table leaves out the empty "_missing" group; the attacker may still know it is 0.
    h = Hierarchy.flat(["a", "b"])
    assert derivable({None: 20, "a": None, "b": 17}, h) == {"a"}


def test_audit_table_reports_each_leak():
    h = Hierarchy.flat(["a", "b", "c"])
    table = pl.DataFrame(
        {
            "question": ["q"] * 8,
            "option": ["x"] * 4 + ["y"] * 4,
            "group": [None, "a", "b", "c"] * 2,
            "count": [12, 1, 4, 7, 8, 2, 3, 3],
            "base": [20, 3, 7, 10] * 2,
            # option x: only a hidden (leak); option y: a and b hidden (safe)
            "suppressed": [False, True, False, False, False, True, True, False],
        }
    )
    leaks = audit_table(
        table, h, value_columns=["count", "base"], by=["question", "option"], node_column="group"
    )
    assert leaks.to_dicts() == [
        {"question": "q", "option": "x", "quantity": "count", "group": "a"},
        {"question": "q", "option": "x", "quantity": "base", "group": "a"},
    ]
    safe = table.with_columns(suppressed=pl.col("group").is_in(["a", "b"]))
    assert (
        audit_table(
            safe, h, value_columns=["count", "base"], by=["question", "option"], node_column="group"
        ).height
        == 0
    )


# -- property: nothing suppressed is derivable ----------------------------------------------


@st.composite
def trees_with_counts(draw) -> tuple[Hierarchy, list[dict[str | None, int]]]:
    """A random tree of 2-3 levels and, per option, counts that add up along the tree."""
    depth = draw(st.integers(2, 3))
    n_options = draw(st.integers(1, 3))
    parent: dict[str, str | None] = {}
    order: list[str] = []
    leaf_counts: dict[str, list[int]] = {}
    count = st.one_of(st.just(0), st.integers(1, 4), st.integers(0, 15))

    def grow(node: str | None, level: int) -> None:
        fan_out = draw(st.integers(1 if node is None else 0, 4)) if level < depth else 0
        if node is not None and fan_out == 0:
            leaf_counts[node] = draw(st.lists(count, min_size=n_options, max_size=n_options))
        for i in range(fan_out):
            child = f"{node or 'r'}.{i}"
            parent[child] = node
            order.append(child)
            grow(child, level + 1)

    grow(None, 0)
    hierarchy = Hierarchy(parent=parent, order=order)
    per_option = [
        complete_counts({leaf: counts[o] for leaf, counts in leaf_counts.items()}, hierarchy)
        for o in range(n_options)
    ]
    return hierarchy, per_option


@settings(max_examples=300, deadline=None)
@given(trees_with_counts(), st.integers(2, 10))
def test_no_suppressed_value_is_derivable(tree, k):
    hierarchy, per_option = tree
    n = {node: sum(option[node] for option in per_option) for node in hierarchy.nodes()}
    hidden = suppress(n, hierarchy, k)
    for quantity in [n, *per_option]:
        published = {node: None if node in hidden else v for node, v in quantity.items()}
        assert derivable(published, hierarchy) == set()


@settings(max_examples=300, deadline=None)
@given(trees_with_counts(), st.integers(1, 10))
def test_suppression_follows_the_rules(tree, k):
    hierarchy, per_option = tree
    n = {node: sum(option[node] for option in per_option) for node in hierarchy.nodes()}
    hidden = suppress(n, hierarchy, k)
    if 0 < n[None] < k:
        assert hidden == set(hierarchy.nodes())
        return
    for node in hierarchy.nodes():
        if node in hidden:
            assert set(hierarchy.descendants(node)) <= hidden
            continue
        assert node is None or not 0 < n[node] < k
        siblings = [c for c in hierarchy.children[node] if c in hidden]
        assert all(n[c] > 0 for c in siblings)  # zeros are never hidden below a published node
        assert not siblings or (len(siblings) >= 2 and sum(n[c] for c in siblings) >= k)
    if k == 1:
        assert hidden == set()


@settings(max_examples=200, deadline=None)
@given(trees_with_counts(), st.integers(2, 10))
def test_upper_levels_do_not_depend_on_depth(tree, k):
    hierarchy, per_option = tree
    n = {node: sum(option[node] for option in per_option) for node in hierarchy.nodes()}
    top = [node for node in hierarchy.order if hierarchy.parent[node] is None]
    flat = Hierarchy(parent=dict.fromkeys(top), order=top)
    upper = set(flat.nodes())
    assert suppress({node: n[node] for node in upper}, flat, k) == suppress(n, hierarchy, k) & upper
