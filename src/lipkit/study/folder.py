"""A study as a folder a user can read and put under version control.

Layout (documented in ``docs/formats.md``)::

    study.yaml            title, language, k, k_text; file names of the parts below
    questionnaire.xlsx    the questionnaire (XLSForm), or questionnaire.yaml
    org.csv               the org tree; optional when the questionnaire derives it
    responses.csv         the responses (Kobo layout; written by lipkit.data)
    interviews/, report/  later

``study.yaml`` is optional; without it (or without a file entry in it) the default file
names are looked for. A file entry that is ``null`` means "no such file".
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from lipkit.study.errors import FormError
from lipkit.study.formats import (
    load_questionnaire,
    read_org_tree,
    save_questionnaire,
    write_org_tree,
)
from lipkit.study.model import OrgTree, Questionnaire, Study, StudySettings
from lipkit.study.orgtree import derive_org_tree, link_org_questions
from lipkit.study.yamlform import dump_yaml, line_of, load_yaml

CONFIG_NAME = "study.yaml"
QUESTIONNAIRE_NAMES = ("questionnaire.xlsx", "questionnaire.yaml", "questionnaire.yml")
ORG_NAMES = ("org.csv", "org.yaml", "org.yml")
RESPONSES_NAME = "responses.csv"
FILE_KEYS = ("questionnaire", "org", "responses")
SETTINGS_KEYS = tuple(StudySettings.model_fields)
CONFIG_KEYS = (*SETTINGS_KEYS, *FILE_KEYS)
FORM_FORMATS = {"xlsx": "questionnaire.xlsx", "yaml": "questionnaire.yaml"}

CONFIG_HEADER = """\
# lipkit study settings.
# title: the study's title; language: language of labels and reports (de, en)
# k: minimum group size for any published result; k_text: the same for open answers
# questionnaire, org, responses: file names in this folder (org: null = derived from the
#   questionnaire's cascading select, see docs/formats.md)
"""


@dataclass(frozen=True)
class StudyPaths:
    """Where the parts of a study are; None where a part has no file."""

    root: Path
    config: Path | None
    questionnaire: Path | None
    org: Path | None
    responses: Path | None


def _read_config(path: Path) -> dict[str, Any]:
    data = load_yaml(path)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise FormError("expected a mapping of settings", path=path)
    for key, value in data.items():
        if key not in CONFIG_KEYS:
            raise FormError(
                f"unknown key; expected one of {', '.join(CONFIG_KEYS)}",
                path=path,
                line=line_of(data),
                column=str(key),
            )
        if key in FILE_KEYS and value is not None and not isinstance(value, str):
            raise FormError("expected a file name", path=path, line=line_of(data), column=str(key))
    return data


def _first_existing(root: Path, names: tuple[str, ...]) -> Path | None:
    return next((root / n for n in names if (root / n).is_file()), None)


def study_paths(folder: str | Path) -> StudyPaths:
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

    return StudyPaths(
        root=root,
        config=config_path if config_path.is_file() else None,
        questionnaire=resolve("questionnaire", QUESTIONNAIRE_NAMES),
        org=resolve("org", ORG_NAMES),
        responses=resolve("responses", (RESPONSES_NAME,)),
    )


def _study_settings(config: dict[str, Any], path: Path | None) -> StudySettings:
    values = {k: v for k, v in config.items() if k in SETTINGS_KEYS and v is not None}
    try:
        return StudySettings(**values)
    except ValidationError as exc:
        err = exc.errors()[0]
        column = str(err["loc"][0]) if err.get("loc") else None
        raise FormError(
            f"{err.get('msg')} (got {err.get('input')!r})",
            path=path,
            line=line_of(config),
            column=column,
        ) from None


def load_study(folder: str | Path) -> Study:
    """Read ``study.yaml``, the questionnaire and the org tree (file, else derived)."""
    root = Path(folder)
    if not root.is_dir():
        raise FormError("study folder not found", path=root)
    paths = study_paths(root)
    config = _read_config(paths.config) if paths.config else {}
    settings = _study_settings(config, paths.config)
    if paths.questionnaire is None:
        raise FormError(
            f"no questionnaire: expected {' or '.join(QUESTIONNAIRE_NAMES[:2])} in the folder, "
            f"or a 'questionnaire' entry in {CONFIG_NAME}",
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
    return Study(questionnaire=questionnaire, org=org, settings=settings)


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

    config: dict[str, Any] = {
        **study.settings.model_dump(),
        "questionnaire": questionnaire_name,
        "org": org_name,
        "responses": old_config.get("responses", RESPONSES_NAME),
    }
    dump_yaml(config, config_path)
    config_path.write_text(
        CONFIG_HEADER + config_path.read_text(encoding="utf-8"), encoding="utf-8"
    )
