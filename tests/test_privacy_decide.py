"""Every output publishes through the same decisions, computed once per data state
(lipkit.privacy.decide, issue 12).

What every output then shows: tests/test_privacy_published.py.
"""

from __future__ import annotations

import json
from collections import OrderedDict

import polars as pl
import pytest
from studies.attack import FRAME, STUDY

from lipkit.privacy import decide
from lipkit.privacy.pattern import ORG, Decisions
from lipkit.privacy.secure import secure


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Calls of ``secure``, with an empty memory."""
    import lipkit.privacy.secure as module

    calls: list[int] = []
    real = module.secure

    def counting(study, frame, **kwargs):
        calls.append(frame.height)
        return real(study, frame, **kwargs)

    monkeypatch.setattr(module, "secure", counting)
    monkeypatch.setattr(decide, "_memory", OrderedDict())
    return calls


def test_the_same_state_is_secured_once_in_memory_and_on_disk(counted, tmp_path, monkeypatch):
    first = decide.published_decisions(STUDY, FRAME, cache_dir=tmp_path)
    again = decide.published_decisions(STUDY, FRAME.clone(), cache_dir=tmp_path)
    assert counted == [22]
    assert again == first == secure(STUDY, FRAME).decisions
    [kept] = tmp_path.iterdir()
    assert kept.name == f"{decide.state_key(STUDY, FRAME)}.json"
    # another process: nothing in memory, the file answers
    monkeypatch.setattr(decide, "_memory", OrderedDict())
    assert decide.published_decisions(STUDY, FRAME, cache_dir=tmp_path) == first
    assert counted == [22]
    # a file that cannot be read is computed and written anew
    kept.write_text("{", encoding="utf-8")
    monkeypatch.setattr(decide, "_memory", OrderedDict())
    assert decide.published_decisions(STUDY, FRAME, cache_dir=tmp_path) == first
    assert counted == [22, 22]
    assert decide.from_json(json.loads(kept.read_text(encoding="utf-8"))) == first


def test_a_state_computed_without_a_folder_is_kept_when_one_is_given(counted, tmp_path):
    # e.g. the report's wave chapter (no folder) before its numbers (the study folder's)
    decide.published_decisions(STUDY, FRAME)
    decide.published_decisions(STUDY, FRAME, cache_dir=tmp_path)
    assert counted == [22]
    assert [p.name for p in tmp_path.iterdir()] == [f"{decide.state_key(STUDY, FRAME)}.json"]


def test_one_more_answer_is_another_state(counted):
    more = pl.concat([FRAME, FRAME.tail(1).with_columns(_row=pl.lit(24, pl.Int64))])
    assert decide.state_key(STUDY, FRAME) == decide.state_key(STUDY, FRAME.clone())
    assert decide.state_key(STUDY, more) != decide.state_key(STUDY, FRAME)
    stricter = STUDY.model_copy(update={"settings": STUDY.settings.model_copy(update={"k": 6})})
    assert decide.state_key(stricter, FRAME) != decide.state_key(STUDY, FRAME)
    decide.published_decisions(STUDY, FRAME)
    decide.published_decisions(STUDY, more)
    assert counted == [22, 23]


def test_the_json_round_trip_is_exact():
    decisions = Decisions(
        {
            (None, "zufrieden"): frozenset({None}),
            (ORG, "zufrieden"): frozenset({"fachbereich:F7", "dezernat:D1"}),
            ("standort", "notiz"): frozenset({"_missing", "S7"}),
            ("zufrieden", "standort"): frozenset({None, "k_a"}),
        }
    )
    document = decide.to_json(decisions)
    assert document["hidden"][0] == {
        "breakdown": None,
        "question": "zufrieden",
        "nodes": [None],
    }
    assert document["hidden"][1]["nodes"] == ["dezernat:D1", "fachbereich:F7"]
    assert decide.from_json(json.loads(json.dumps(document))) == decisions
    real = secure(STUDY, FRAME).decisions
    assert decide.from_json(json.loads(json.dumps(decide.to_json(real)))) == real
    with pytest.raises(ValueError):
        decide.from_json({**document, "format": "lipkit-decisions/0"})


def test_an_earlier_wave_decided_in_another_process_is_waited_for_not_computed(
    counted, tmp_path, monkeypatch
):
    # The report hands the earlier waves' decisions to another process (issue 15); the
    # comparison then asks for them here: it waits for that job and reads its file, and
    # computes nothing itself, even when it asks before the job is done.
    from lipkit.data.io import read_responses
    from lipkit.demo import write_demo
    from lipkit.study.folder import StudyFolder

    root = write_demo(tmp_path / "demo")
    [wave] = StudyFolder.at(root).earlier_waves()
    folder = StudyFolder.at(wave.path)
    study = folder.load()
    frame = read_responses(folder.responses, study.questionnaire, study.org).frame
    with decide.computed_elsewhere([wave.path]):
        found = decide.published_decisions(study, frame, cache_dir=folder.privacy_cache)
        assert counted == []  # waited for the other process, computed nothing here
    assert decide._coming == {}
    assert [p.name for p in folder.privacy_cache.iterdir()] == [
        f"{decide.state_key(study, frame)}.json"
    ]
    monkeypatch.setattr(decide, "_memory", OrderedDict())
    assert found == secure(study, frame).decisions
    assert found.hidden  # the 2014 wave needs complementary suppressions of its own


def test_the_earlier_waves_process_gives_way_to_the_building_one(tmp_path):
    # It runs nice + 5: the building process secures the current wave meanwhile, and all
    # else waits for that; the chart workers (nice + 10) give way to it in turn.
    import os
    import time

    own = os.getpriority(os.PRIO_PROCESS, 0)
    seen = set()
    with decide.computed_elsewhere([tmp_path / "no study here"]):
        [process] = set(decide._coming.values())
        while process.poll() is None:
            try:
                seen.add(os.getpriority(os.PRIO_PROCESS, process.pid) - own)
            except OSError:  # (ended between the two calls)
                break
            time.sleep(0.005)
    assert decide.NICE == 5
    assert 5 in seen and seen <= {0, 5}
