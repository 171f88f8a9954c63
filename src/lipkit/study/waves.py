"""Earlier waves of a study and how they map onto a later one.

A study folder names its earlier waves in ``study.yaml``::

    wave: "2024"            # this wave's label (default "aktuell")
    waves:
      - label: "2019"
        path: ../umfrage-2019   # a study folder, relative to this one

or keeps them as study folders ``waves/<label>/`` inside it. ``waves:`` may list the folder
itself (``path: .``): the waves after it are later waves (see :func:`wave_chain`). Each
wave keeps its own questionnaire, org tree and responses.

How a wave maps onto a later one is declared in the later wave's folder (both files optional):

``waves/mapping.csv``: ``earlier, current, comparable, recode, reason`` and optionally
``wave`` (the earlier wave's label; empty = every earlier wave). A question of the same name
in both waves with the same options and wording is matched without a row; ``recode`` maps
earlier options onto current ones (``eher_ja=eher; ja=voll``), only where declared;
``comparable = nein`` lists the question as "nicht vergleichbar" with ``reason`` (and
``reason::en``, as in XLSForm, for English outputs; without it the reason is shown as written).

``waves/org-mapping.csv``: ``earlier, current`` (and optionally ``wave``): a renamed unit
(one row), merged units (several earlier units onto one current unit, compared as their
union), a split unit (one earlier unit onto several current ones: not comparable).

Errors name the file, the row (header = row 1), the column and what was expected.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lipkit.catalogue import Text
from lipkit.study.errors import FormError
from lipkit.study.model import Question, QuestionType, Study

CURRENT_LABEL = "aktuell"
MAPPING_NAME = "mapping.csv"
ORG_MAPPING_NAME = "org-mapping.csv"
MAPPING_COLUMNS = ("earlier", "current", "comparable", "recode", "reason", "reason::en", "wave")
ORG_MAPPING_COLUMNS = ("earlier", "current", "wave")
YES = {"ja", "yes", "j", "y", "1", "true", ""}
NO = {"nein", "no", "n", "0", "false"}
COMPARED_TYPES = (QuestionType.SELECT_ONE, QuestionType.SELECT_MULTIPLE)


@dataclass(frozen=True)
class WaveRef:
    """An earlier wave: its label and its study folder."""

    label: str
    path: Path


@dataclass(frozen=True)
class QuestionMatch:
    earlier: str
    current: str
    recode: dict[str, str] = field(default_factory=dict)
    """earlier option -> current option; options not named keep their name."""


@dataclass(frozen=True)
class WaveMapping:
    """How an earlier wave maps onto a later one, checked against both studies."""

    questions: dict[str, QuestionMatch]
    """current question -> its match in the earlier wave (only comparable ones)."""
    not_comparable: dict[str, str]
    """current question -> why it is not compared (German, for the user)."""
    units: dict[str, str]
    """earlier unit code -> current unit code (renamed or merged); split units are absent."""
    split_units: frozenset[str] = frozenset()
    """current units that hold part of a split earlier unit: not compared."""


def wave_chain(root: Path, config: dict[str, Any], config_path: Path | None) -> list[WaveRef]:
    """Every wave of the study folder ``root``, earliest first, the folder itself included
    (its ``WaveRef.path`` is ``root``).

    ``waves:`` in ``study.yaml`` lists the waves in order; an entry with ``path: .`` places
    the folder itself among them, so that the waves after it are *later* waves (a folder of
    2019 that holds the 2024 wave in ``waves/2024/``). Without such an entry the folder is the
    latest wave. Without ``waves:`` the folders ``waves/<label>/`` are its earlier waves."""
    own = config.get("wave")
    declared = config.get("waves")
    if declared is None:
        folder = root / "waves"
        refs = (
            [
                WaveRef(p.name, p)
                for p in sorted(folder.iterdir())
                if p.is_dir()
                and any(
                    (p / n).is_file()
                    for n in ("study.yaml", "questionnaire.xlsx", "questionnaire.yaml")
                )
            ]
            if folder.is_dir()
            else []
        )
        return [*refs, WaveRef(str(own or CURRENT_LABEL), root)]
    if not isinstance(declared, list):
        raise FormError(Text("waves.list"), path=config_path, column="waves")
    refs = []
    itself = False
    for i, entry in enumerate(declared, start=1):
        if not isinstance(entry, dict) or not entry.get("label") or not entry.get("path"):
            raise FormError(Text("waves.entry", i=i), path=config_path, column="waves")
        label = str(entry["label"])
        path = root / str(entry["path"])
        if not path.is_dir():
            raise FormError(
                Text("waves.folder", label=label, path=str(path)), path=config_path, column="waves"
            )
        if path.resolve() == root.resolve():
            if itself:
                raise FormError(
                    Text("waves.itself_twice", i=i),
                    path=config_path,
                    column="waves",
                )
            if own is not None and str(own) != label:
                raise FormError(
                    Text("waves.itself_label", i=i, label=label, own=str(own)),
                    path=config_path,
                    column="waves",
                )
            itself = True
            path = root
        refs.append(WaveRef(label, path))
    labels = [r.label for r in refs]
    if not itself:
        refs.append(WaveRef(str(own or CURRENT_LABEL), root))
        labels.append(refs[-1].label)
    doubled = sorted({lb for lb in labels if labels.count(lb) > 1})
    if doubled:
        raise FormError(
            Text("waves.label_twice", label=doubled[0]),
            path=config_path,
            column="waves",
        )
    return refs


def earlier_waves(root: Path, config: dict[str, Any], config_path: Path | None) -> list[WaveRef]:
    """The waves before the folder itself: ``waves:`` in ``study.yaml`` (up to the entry
    ``path: .``, if any), else the study folders under ``waves/``."""
    chain = wave_chain(root, config, config_path)
    return chain[: [r.path for r in chain].index(root)]


def _rows(
    path: Path, allowed: tuple[str, ...], required: tuple[str, ...]
) -> list[tuple[int, dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        header = [h.strip() for h in reader.fieldnames or []]
        for name in header:
            if name not in allowed:
                raise FormError(
                    Text("waves.unknown_column", columns=", ".join(allowed)),
                    path=path,
                    row=1,
                    column=name,
                )
        for name in required:
            if name not in header:
                raise FormError(
                    Text("waves.missing_column", name=name), path=path, row=1, column=name
                )
        return [
            (i, {(k or "").strip(): (v or "").strip() for k, v in row.items()})
            for i, row in enumerate(reader, start=2)
        ]


def _options(study: Study, q: Question) -> list[str]:
    return [c.name for c in study.questionnaire.choice_list(q).choices]


def _parse_recode(text: str, path: Path, row: int) -> dict[str, str]:
    recode: dict[str, str] = {}
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        earlier, sep, current = (s.strip() for s in part.partition("="))
        if not sep or not earlier or not current:
            raise FormError(
                Text("waves.recode", part=part),
                path=path,
                row=row,
                column="recode",
            )
        recode[earlier] = current
    return recode


def read_wave_mapping(
    earlier: Study, current: Study, folder: Path, earlier_label: str
) -> tuple[WaveMapping, list[FormError]]:
    """The mapping of ``earlier`` onto ``current`` from ``folder`` (``waves/`` of the later
    wave) and every problem found in it, each located."""
    errors: list[FormError] = []
    declared: dict[str, tuple[int, dict[str, str]]] = {}
    path = folder / MAPPING_NAME
    if path.is_file():
        try:
            rows = _rows(path, MAPPING_COLUMNS, ("earlier", "current"))
        except FormError as exc:
            errors.append(exc)
            rows = []
        for row, values in rows:
            if values.get("wave") and values["wave"] != earlier_label:
                continue
            name = values["current"]
            if name in declared:
                errors.append(
                    FormError(
                        Text("waves.mapped_twice", name=name, row=declared[name][0]),
                        path=path,
                        row=row,
                        column="current",
                    )
                )
                continue
            declared[name] = (row, values)

    questions: dict[str, QuestionMatch] = {}
    not_comparable: dict[str, str] = {}
    for q in current.questionnaire.questions():
        if q.type not in COMPARED_TYPES or q.org_level is not None:
            continue
        if q.name not in declared:
            if not earlier.questionnaire.has_question(q.name):
                not_comparable[q.name] = Text("compare_reason.not_asked", label=earlier_label)
                continue
            old = earlier.questionnaire.question(q.name)
            if old.type != q.type or _options(earlier, old) != _options(current, q):
                not_comparable[q.name] = Text("compare_reason.options_changed")
            elif old.label != q.label:
                not_comparable[q.name] = Text("compare_reason.wording_changed")
            else:
                questions[q.name] = QuestionMatch(q.name, q.name)
    for name, (row, values) in declared.items():
        match = _declared_match(earlier, current, path, row, values, errors)
        if match is None:
            continue
        if isinstance(match, str):
            not_comparable[name] = match
            questions.pop(name, None)
        else:
            questions[name] = match
            not_comparable.pop(name, None)

    units, split = _read_org_mapping(earlier, current, folder, earlier_label, errors)
    return WaveMapping(questions, not_comparable, units, split), errors


def _declared_match(
    earlier: Study,
    current: Study,
    path: Path,
    row: int,
    values: dict[str, str],
    errors: list[FormError],
) -> QuestionMatch | str | None:
    """The match a mapping row declares, the reason it is not comparable, or None (error)."""
    name, old_name = values["current"], values["earlier"]
    comparable = values.get("comparable", "").lower()
    if comparable not in YES | NO:
        errors.append(
            FormError(
                Text("waves.comparable", value=values.get("comparable")),
                path=path,
                row=row,
                column="comparable",
            )
        )
        return None
    if not current.questionnaire.has_question(name):
        errors.append(
            FormError(
                Text("waves.unknown_current", name=name),
                path=path,
                row=row,
                column="current",
            )
        )
        return None
    if comparable in NO:
        written, english = values.get("reason", ""), values.get("reason::en", "")
        if not written and not english:
            return Text("compare_reason.declared")
        return Text("compare_reason.written", de=written or english, en=english or written)
    if not earlier.questionnaire.has_question(old_name):
        errors.append(
            FormError(
                Text("waves.unknown_earlier", name=old_name),
                path=path,
                row=row,
                column="earlier",
            )
        )
        return None
    old, new = earlier.questionnaire.question(old_name), current.questionnaire.question(name)
    if old.type != new.type or new.type not in COMPARED_TYPES:
        errors.append(
            FormError(
                Text(
                    "waves.types",
                    old=old_name,
                    old_type=str(old.type),
                    name=name,
                    new_type=str(new.type),
                ),
                path=path,
                row=row,
            )
        )
        return None
    try:
        recode = _parse_recode(values.get("recode", ""), path, row)
    except FormError as exc:
        errors.append(exc)
        return None
    old_options, new_options = _options(earlier, old), set(_options(current, new))
    for source, target in recode.items():
        if source not in old_options:
            errors.append(
                FormError(
                    Text("waves.no_earlier_option", value=source, name=old_name),
                    path=path,
                    row=row,
                    column="recode",
                )
            )
            return None
        if target not in new_options:
            errors.append(
                FormError(
                    Text("waves.no_current_option", value=target, name=name),
                    path=path,
                    row=row,
                    column="recode",
                )
            )
            return None
    unmapped = [o for o in old_options if recode.get(o, o) not in new_options]
    if unmapped:
        errors.append(
            FormError(
                Text("waves.unmapped", options=", ".join(unmapped), old=old_name, name=name),
                path=path,
                row=row,
                column="recode",
            )
        )
        return None
    return QuestionMatch(old_name, name, recode)


def _read_org_mapping(
    earlier: Study, current: Study, folder: Path, earlier_label: str, errors: list[FormError]
) -> tuple[dict[str, str], frozenset[str]]:
    path = folder / ORG_MAPPING_NAME
    if not path.is_file():
        return {}, frozenset()
    try:
        rows = _rows(path, ORG_MAPPING_COLUMNS, ("earlier", "current"))
    except FormError as exc:
        errors.append(exc)
        return {}, frozenset()
    old_codes = {u.code for u in earlier.org.units} if earlier.org else set()
    new_codes = {u.code for u in current.org.units} if current.org else set()
    targets: dict[str, list[str]] = {}
    for row, values in rows:
        if values.get("wave") and values["wave"] != earlier_label:
            continue
        old, new = values["earlier"], values["current"]
        if old not in old_codes:
            errors.append(
                FormError(
                    Text("waves.unknown_earlier_unit", value=old),
                    path=path,
                    row=row,
                    column="earlier",
                )
            )
            continue
        if new not in new_codes:
            errors.append(
                FormError(
                    Text("waves.unknown_current_unit", value=new),
                    path=path,
                    row=row,
                    column="current",
                )
            )
            continue
        targets.setdefault(old, []).append(new)
    units = {old: news[0] for old, news in targets.items() if len(news) == 1}
    split = frozenset(n for news in targets.values() if len(news) > 1 for n in news)
    return units, split
