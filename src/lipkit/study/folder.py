"""A study as a folder a user can read and put under version control: :class:`StudyFolder`.

Layout (documented in ``docs/formats.md``)::

    study.yaml            title, language, k, k_text; file names of the parts below
    questionnaire.xlsx    the questionnaire (XLSForm), or questionnaire.yaml
    org.csv               the org tree; optional when the questionnaire derives it
    responses.csv         the responses (Kobo layout; written by lipkit.data)
    report/               the team's report: chapters, report.yaml, recommendations, images
    interviews/           interview notes the report quotes
    plan/                 the integration plan's measures (controlling)
    waves/                earlier waves of the survey
    report-out/           what ``lipkit report`` writes (by default)

``study.yaml`` is optional; without it (or without a file entry in it) the default file
names are looked for. A file entry that is ``null`` means "no such file".

:class:`StudyFolder` is the one place that knows this layout: the CLI, the report, the demo
and the survey app (upload, ``lipkit serve --study``, the ZIP export) find every part through
it. :meth:`StudyFolder.team_files` are the files lipkit does not make from the study itself —
the report's sources, interviews, plan, earlier waves, a logo or font — which the survey keeps
with a survey made from a study folder and gives back in its ZIP export.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from lipkit.catalogue import Text
from lipkit.study.errors import FormError
from lipkit.study.formats import (
    load_questionnaire,
    read_org_tree,
    save_questionnaire,
    write_org_tree,
)
from lipkit.study.model import OrgTree, Questionnaire, QuestionType, Study, StudySettings
from lipkit.study.orgtree import derive_org_tree, link_org_questions
from lipkit.study.waves import CURRENT_LABEL, WaveRef, earlier_waves, wave_chain
from lipkit.study.yamlform import dump_yaml, line_of, load_yaml

CONFIG_NAME = "study.yaml"
QUESTIONNAIRE_NAMES = ("questionnaire.xlsx", "questionnaire.yaml", "questionnaire.yml")
ORG_NAMES = ("org.csv", "org.yaml", "org.yml")
RESPONSES_NAME = "responses.csv"
FILE_KEYS = ("questionnaire", "org", "responses")
SETTINGS_KEYS = tuple(StudySettings.model_fields)
WAVE_KEYS = ("wave", "waves")  # this wave's label; earlier waves (lipkit.study.waves)
CONFIG_KEYS = (*SETTINGS_KEYS, *FILE_KEYS, *WAVE_KEYS)
FORM_FORMATS = {"xlsx": "questionnaire.xlsx", "yaml": "questionnaire.yaml"}

CONFIG_HEADER = """\
# lipkit study settings.
# title: the study's title; language: language of labels and reports (de, en)
# k: minimum group size for any published result; k_text: the same for open answers
# breakdowns: single-choice questions results may be broken down by, besides the org levels
# questionnaire, org, responses: file names in this folder (org: null = derived from the
#   questionnaire's cascading select, see docs/formats.md)
"""


REPORT_DIR = "report"
INTERVIEWS_DIR = "interviews"
PLAN_DIR = "plan"
WAVES_DIR = "waves"
REPORT_OUT_DIR = "report-out"


@dataclass(frozen=True)
class StudyFolder:
    """A study folder and where each of its parts is; None where a file part has none.

    ``StudyFolder.at(path)`` reads ``study.yaml`` to find the parts; :meth:`load` reads the
    study, :meth:`save` writes one.
    """

    root: Path
    config: Path | None
    questionnaire: Path | None
    org: Path | None
    responses: Path | None

    @classmethod
    def at(cls, folder: str | Path) -> StudyFolder:
        """The study's files: named in ``study.yaml``, else found under their default names.

        A file named in ``study.yaml`` is returned even when it does not exist yet, so that
        loading it gives a clear "file not found".
        """
        root = Path(folder)
        config_path = root / CONFIG_NAME
        config = _read_config(config_path) if config_path.is_file() else {}

        def resolve(key: str, defaults: tuple[str, ...]) -> Path | None:
            if key in config:
                return root / config[key] if config[key] else None
            return _first_existing(root, defaults)

        return cls(
            root=root,
            config=config_path if config_path.is_file() else None,
            questionnaire=resolve("questionnaire", QUESTIONNAIRE_NAMES),
            org=resolve("org", ORG_NAMES),
            responses=resolve("responses", (RESPONSES_NAME,)),
        )

    @staticmethod
    def holds_study(folder: Path) -> bool:
        """Whether ``folder`` looks like a study folder: a study.yaml or a questionnaire."""
        return any((folder / name).is_file() for name in (CONFIG_NAME, *QUESTIONNAIRE_NAMES))

    @property
    def report(self) -> Path:
        """The team's report: chapters (``*.md``), ``report.yaml``, ``recommendations.yaml``."""
        return self.root / REPORT_DIR

    @property
    def interviews(self) -> Path:
        return self.root / INTERVIEWS_DIR

    @property
    def plan(self) -> Path:
        return self.root / PLAN_DIR

    @property
    def waves(self) -> Path:
        return self.root / WAVES_DIR

    @property
    def report_out(self) -> Path:
        """Where ``lipkit report`` writes unless told otherwise."""
        return self.root / REPORT_OUT_DIR

    @property
    def chart_cache(self) -> Path:
        """Where ``lipkit report`` keeps the charts it drew, for the next build (hidden: not
        one of the study's files)."""
        return self.root / ".lipkit-cache" / "charts"

    @property
    def privacy_cache(self) -> Path:
        """Where the complementary suppressions of each data state are kept
        (:mod:`lipkit.privacy.decide`), so that every output computes them once."""
        return self.root / ".lipkit-cache" / "privacy"

    def wave_label(self) -> str:
        """This wave's label: ``wave`` in ``study.yaml``, else the label of the entry
        ``path: .`` in its ``waves:``, else "aktuell"."""
        config = _read_config(self.config) if self.config else {}
        if config.get("wave"):
            return str(config["wave"])
        if isinstance(config.get("waves"), list):
            return next(r.label for r in self.wave_chain() if r.path == self.root)
        return CURRENT_LABEL

    def earlier_waves(self) -> list[WaveRef]:
        """The earlier waves: ``waves:`` in ``study.yaml`` (before the folder itself), else
        the folders ``waves/<label>/``."""
        config = _read_config(self.config) if self.config else {}
        return earlier_waves(self.root, config, self.config)

    def wave_chain(self) -> list[WaveRef]:
        """Every wave, earliest first, this folder included (path = :attr:`root`); waves
        after it are later waves (``path: .`` in ``waves:``, see :func:`wave_chain`)."""
        config = _read_config(self.config) if self.config else {}
        return wave_chain(self.root, config, self.config)

    def load(self) -> Study:
        """Read ``study.yaml``, the questionnaire and the org tree (file, else derived)."""
        return _load(self)

    @classmethod
    def save(cls, study: Study, folder: str | Path, *, form_format: str = "xlsx") -> StudyFolder:
        """Write questionnaire, org tree (unless derivable) and ``study.yaml`` to ``folder``."""
        save_study(study, folder, form_format=form_format)
        return cls.at(folder)

    def team_files(self) -> dict[str, bytes]:
        """Every file of the folder that lipkit does not make from the study, by its path
        relative to the folder (``report/01-einleitung.md``): the report's sources,
        interviews, plan, earlier waves, a logo or font. Left out: ``study.yaml``, the
        questionnaire, the org tree and the responses (under their names here and their
        default names), the written report (``report-out/``), hidden files and the waves
        after this one (``path: .`` in ``waves:``): they are not part of this wave's study,
        and without ``study.yaml`` a folder's ``waves/<label>/`` are all earlier waves."""
        made = {CONFIG_NAME, *QUESTIONNAIRE_NAMES, *ORG_NAMES, RESPONSES_NAME}
        later = self._later_wave_folders()
        made |= {
            p.resolve().relative_to(self.root.resolve()).as_posix()
            for p in (self.questionnaire, self.org, self.responses)
            if p is not None and p.resolve().is_relative_to(self.root.resolve())
        }
        files: dict[str, bytes] = {}
        for path in sorted(self.root.rglob("*")):
            relative = path.relative_to(self.root)
            if (
                not path.is_file()
                or path.is_symlink()
                or relative.parts[0] == REPORT_OUT_DIR
                or any(part.startswith(".") for part in relative.parts)
                or relative.as_posix() in made
                or any(path.resolve().is_relative_to(w) for w in later)
            ):
                continue
            files[relative.as_posix()] = path.read_bytes()
        return files

    def _later_wave_folders(self) -> list[Path]:
        """The folders of the waves after this one (resolved); none where ``waves:`` is broken
        (``lipkit validate`` reports that)."""
        try:
            chain = self.wave_chain()
        except FormError:
            return []
        at = [r.path for r in chain].index(self.root)
        return [r.path.resolve() for r in chain[at + 1 :]]

    def write_team_files(self, files: Mapping[str, bytes]) -> None:
        """Write files :meth:`team_files` gave back into this folder (paths stay inside it)."""
        root = self.root.resolve()
        for name, content in files.items():
            target = (self.root / name).resolve()
            if not target.is_relative_to(root) or target == root:
                raise ValueError(f"{name!r}: not a path inside the study folder")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)


def _read_config(path: Path) -> dict[str, Any]:
    data = load_yaml(path)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise FormError(Text("study.settings_mapping"), path=path)
    for key, value in data.items():
        if key not in CONFIG_KEYS:
            raise FormError(
                Text("study.unknown_key", keys=", ".join(CONFIG_KEYS)),
                path=path,
                line=line_of(data),
                column=str(key),
            )
        if key in FILE_KEYS and value is not None and not isinstance(value, str):
            raise FormError(Text("study.file_name"), path=path, line=line_of(data), column=str(key))
    return data


def _first_existing(root: Path, names: tuple[str, ...]) -> Path | None:
    return next((root / n for n in names if (root / n).is_file()), None)


def study_paths(folder: str | Path) -> StudyFolder:
    """``StudyFolder.at(folder)``: where the study's parts are."""
    return StudyFolder.at(folder)


def _study_settings(config: dict[str, Any], path: Path | None) -> StudySettings:
    values = {k: v for k, v in config.items() if k in SETTINGS_KEYS and v is not None}
    try:
        return StudySettings(**values)
    except ValidationError as exc:
        err = exc.errors()[0]
        column = str(err["loc"][0]) if err.get("loc") else None
        raise FormError(
            Text("study.bad_setting", problem=err.get("msg"), value=repr(err.get("input"))),
            path=path,
            line=line_of(config),
            column=column,
        ) from None


def load_study(folder: str | Path) -> Study:
    """``StudyFolder.at(folder).load()``: the study of a folder."""
    return StudyFolder.at(folder).load()


def _load(paths: StudyFolder) -> Study:
    root = paths.root
    if not root.is_dir():
        raise FormError(Text("study.folder_not_found"), path=root)
    config = _read_config(paths.config) if paths.config else {}
    settings = _study_settings(config, paths.config)
    if paths.questionnaire is None:
        raise FormError(
            Text(
                "study.no_questionnaire",
                first=QUESTIONNAIRE_NAMES[0],
                second=QUESTIONNAIRE_NAMES[1],
                config=CONFIG_NAME,
            ),
            path=root,
        )
    questionnaire = load_questionnaire(paths.questionnaire)
    org: OrgTree | None
    if paths.org is not None:
        org = read_org_tree(paths.org)
        try:
            org = link_org_questions(org, questionnaire)
        except FormError as exc:
            raise exc.located(path=paths.org) from None
    else:
        try:
            org = derive_org_tree(questionnaire)
        except FormError as exc:
            raise exc.located(path=paths.questionnaire) from None
    _check_breakdowns(settings, questionnaire, paths.config)
    return Study(questionnaire=questionnaire, org=org, settings=settings)


def _check_breakdowns(
    settings: StudySettings, questionnaire: Questionnaire, path: Path | None
) -> None:
    """Every agreed breakdown names a single-choice question of the questionnaire."""
    for name in settings.breakdowns:
        q = questionnaire.question(name) if questionnaire.has_question(name) else None
        if q is None or q.type != QuestionType.SELECT_ONE:
            raise FormError(
                Text("study.bad_breakdown", name=name, kind=str(q.type) if q else "-"),
                path=path,
                column="breakdowns",
            )


def _csv_keeps(tree: OrgTree, questionnaire: Questionnaire) -> bool:
    """Whether ``org.csv`` would load back as ``tree`` (CSV has no questions, no empty levels)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "org.csv"
        write_org_tree(tree, path)
        try:
            back = link_org_questions(read_org_tree(path), questionnaire)
        except FormError:
            return False
    return back == tree


def _derived(questionnaire: Questionnaire) -> OrgTree | None:
    try:
        return derive_org_tree(questionnaire)
    except FormError:
        return None


def save_study(study: Study, folder: str | Path, *, form_format: str = "xlsx") -> None:
    """Write the study folder: questionnaire, org tree (unless derivable), ``study.yaml``.

    ``responses`` keeps the name an existing ``study.yaml`` gives (else ``responses.csv``);
    the responses themselves are written by ``lipkit.data``.
    """
    if form_format not in FORM_FORMATS:
        raise ValueError(f"form_format {form_format!r}; expected one of {', '.join(FORM_FORMATS)}")
    root = Path(folder)
    root.mkdir(parents=True, exist_ok=True)
    config_path = root / CONFIG_NAME
    old_config = _read_config(config_path) if config_path.is_file() else {}

    questionnaire_name = FORM_FORMATS[form_format]
    save_questionnaire(study.questionnaire, root / questionnaire_name)

    org_name: str | None = None
    if study.org is not None and study.org != _derived(study.questionnaire):
        org_name = "org.csv" if _csv_keeps(study.org, study.questionnaire) else "org.yaml"
        write_org_tree(study.org, root / org_name)

    settings = study.settings.model_dump()
    if not settings["breakdowns"]:
        del settings["breakdowns"]  # study.yaml stays as it was for a study without any
    config: dict[str, Any] = {
        **settings,
        "questionnaire": questionnaire_name,
        "org": org_name,
        "responses": old_config.get("responses", RESPONSES_NAME),
        **{key: old_config[key] for key in WAVE_KEYS if key in old_config},
    }
    dump_yaml(config, config_path)
    config_path.write_text(
        CONFIG_HEADER + config_path.read_text(encoding="utf-8"), encoding="utf-8"
    )
