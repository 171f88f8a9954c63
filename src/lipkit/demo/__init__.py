"""The built-in demo study, modelled on the reference report (evaluation of a city's
local integration plan of 2008): its org tree, its questionnaire, and 202 synthetic
respondents whose totals reproduce the published figures where integer counts allow.

``lipkit demo DIR`` calls :func:`write_demo`. See ``README.md`` in this package for the
places where the published figures contradict each other and what the demo does there.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from lipkit.demo.org import build_org_tree
from lipkit.demo.questionnaire import build_questionnaire
from lipkit.demo.responses import generate_responses
from lipkit.study.model import Study, StudySettings

__all__ = [
    "DEMO_TITLE",
    "build_demo_study",
    "build_org_tree",
    "build_questionnaire",
    "generate_responses",
    "write_demo",
]

DEMO_TITLE = "Evaluation des Lokalen Integrationsplans 2008 (Demo)"


def build_demo_study() -> Study:
    """Questionnaire, org tree and settings (k = 5, k_text = 10) of the demo study."""
    return Study(
        questionnaire=build_questionnaire(),
        org=build_org_tree(),
        settings=StudySettings(
            title=DEMO_TITLE, language="de", k=5, k_text=10, breakdowns=["rolle"]
        ),
    )


def write_demo(folder: Path) -> Path:
    """Write the complete demo study folder: study.yaml, questionnaire, org, responses, and
    the report's chapters, recommendations (``report/``), interview notes (``interviews/``),
    the integration plan with its values (``plan/``), an earlier wave (``waves/2014/``) and a
    later one (``waves/2024/``; the folder itself is 2019, see :mod:`lipkit.demo.waves`)."""
    # Imported here: the folder and I/O layers are heavier and not needed to build the study.
    from lipkit.data.io import write_responses
    from lipkit.demo.diagram import write_diagrams
    from lipkit.demo.waves import write_earlier_wave, write_later_wave
    from lipkit.study.folder import RESPONSES_NAME, StudyFolder

    study = build_demo_study()
    target = StudyFolder.save(study, folder)
    responses = target.responses or target.root / RESPONSES_NAME
    frame = generate_responses()
    write_responses(frame, study.questionnaire, responses)
    write_earlier_wave(study, frame, target.root)
    write_later_wave(study, frame, target.root)
    _copy_tree(files("lipkit.demo") / "report", target.report)
    _copy_tree(files("lipkit.demo") / "interviews", target.interviews)
    write_diagrams(target.report)
    from lipkit.demo.plan import write_plan_folder

    write_plan_folder(target.root)
    return target.root


def _copy_tree(source: Traversable, target: Path) -> None:
    target.mkdir(exist_ok=True)
    for entry in source.iterdir():
        if entry.is_file() and not entry.name.startswith((".", "_")):
            (target / entry.name).write_bytes(entry.read_bytes())
