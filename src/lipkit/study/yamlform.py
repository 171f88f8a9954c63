"""Read and write questionnaires in lipkit's YAML format (by suffix: :mod:`lipkit.study.formats`).

The YAML format mirrors the model (see ``docs/formats.md``)::

    settings: {form_title: Befragung, default_language: de}
    languages: [de, en]
    survey:
      - name: arbeit
        type: group
        label: {de: Arbeit, en: Work}
        appearance: field-list
        items:
          - name: q1
            type: select_one
            list_name: agree
            label: {de: Ich bin zufrieden., en: I am satisfied.}
            appearance: likert
            scale: positive_first
    choices:
      agree:
        - {name: ja, label: {de: Ja, en: Yes}}
        - {name: k_a, label: {de: k. A., en: n/a}, missing: true}

A text in the default language only may be a plain string instead of a mapping.
Fields at their default are left out when writing. Problems are :class:`FormError` with
the line, the item (``survey → arbeit → q1``) and the key.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from lipkit.catalogue import Text
from lipkit.study.errors import FormError
from lipkit.study.model import (
    Choice,
    ChoiceList,
    Group,
    Item,
    Labels,
    Question,
    Questionnaire,
    QuestionType,
    Settings,
)

GROUP_TYPE = "group"
LABEL_FIELDS = {"label", "hint", "constraint_message"}
QUESTION_KEYS = [f for f in Question.model_fields if f != "kind"]
GROUP_KEYS = [
    "name",
    "type",
    "label",
    "relevant",
    "appearance",
    "repeat",
    "repeat_count",
    "extra",
    "items",
]
CHOICE_KEYS = list(Choice.model_fields)
TOP_KEYS = ["settings", "languages", "survey", "choices"]


# -- YAML with line numbers --------------------------------------------------------------------


class LineDict(dict):
    """A mapping that remembers the line it starts on (1-based)."""

    line: int = 0


class _LineLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` that records line numbers and rejects duplicate keys."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in seen:
            raise FormError(
                Text("yaml.key_twice", key=key, line=seen[key]),
                line=key_node.start_mark.line + 1,
                column=str(key),
            )
        seen[key] = key_node.start_mark.line + 1
    mapping = LineDict(loader.construct_mapping(node, deep=True))
    mapping.line = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml(path: Path) -> Any:
    """Parse a YAML file safely; syntax errors become :class:`FormError` with the line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FormError(Text("yaml.file_not_found"), path=path) from None
    return parse_yaml(text, path)[0]


def parse_yaml(text: str, path: Path, *, problem: str | None = None) -> tuple[Any, Any]:
    """Parse YAML text safely: the data and the root node (for the line of each key).

    Mappings remember their line (:func:`line_of`); syntax errors become :class:`FormError`
    with ``path`` and the line, prefixed by ``problem``.
    """
    # _LineLoader is a SafeLoader subclass: it builds plain data only, like safe_load.
    loader = _LineLoader(text)
    try:
        node = loader.get_single_node()
        return (loader.construct_document(node) if node is not None else None), node
    except FormError as exc:
        raise exc.located(path=path) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise FormError(
            Text("yaml.invalid", problem=problem or Text("yaml.not_valid"), detail=exc.problem),
            path=path,
            line=mark.line + 1 if mark else None,
        ) from None
    except yaml.YAMLError as exc:
        raise FormError(
            Text("yaml.invalid", problem=problem or Text("yaml.not_valid"), detail=str(exc)),
            path=path,
        ) from None
    finally:
        loader.dispose()


class Flow(dict):
    """A mapping written on one line (``{de: Ja, en: 'Yes'}``): translations, filters."""


class _Dumper(yaml.SafeDumper):
    """``yaml.SafeDumper`` that writes :class:`Flow` mappings in flow style."""


class FlowList(list):
    """A list written on one line (``[de, en]``)."""


_Dumper.add_representer(
    FlowList,
    lambda dumper, data: dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=True),
)
_Dumper.add_representer(
    Flow,
    lambda dumper, data: dumper.represent_mapping("tag:yaml.org,2002:map", data, flow_style=True),
)


def dump_yaml(data: Any, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    path.write_text(text, encoding="utf-8")


def line_of(value: Any) -> int | None:
    return value.line if isinstance(value, LineDict) else None


# -- reading -----------------------------------------------------------------------------------


class _Reader:
    def __init__(self, path: Path, default_language: str) -> None:
        self.path = path
        self.default_language = default_language
        self.names: dict[str, str] = {}

    def error(self, message: str, node: Any, item: str | None, key: str | None = None) -> FormError:
        return FormError(message, path=self.path, line=line_of(node), item=item, column=key)

    def mapping(self, node: Any, item: str, allowed: list[str]) -> dict:
        if not isinstance(node, dict):
            raise self.error(Text("yaml.expected_mapping", type=type(node).__name__), node, item)
        for key in node:
            if key not in allowed:
                raise self.error(
                    Text("yaml.unknown_key", keys=", ".join(allowed)), node, item, str(key)
                )
        return node

    def labels(self, value: Any, node: Any, item: str, key: str) -> Labels:
        if value is None:
            return {}
        if isinstance(value, str):
            return {self.default_language: value}
        if isinstance(value, dict) and all(
            isinstance(v, str | int | float) for v in value.values()
        ):
            return {str(lang): str(text) for lang, text in value.items() if str(text)}
        raise self.error(
            "expected a text or a mapping language -> text (e.g. {de: ..., en: ...})",
            node,
            item,
            key,
        )

    def codes(self, value: Any, node: Any, item: str, key: str) -> list[str]:
        if value is None:
            return []
        if isinstance(value, str):
            return value.split()
        if isinstance(value, list) and all(isinstance(v, str | int) for v in value):
            return [str(v) for v in value]
        raise self.error(Text("yaml.choice_names"), node, item, key)

    def validated(self, build: Any, node: Any, item: str) -> Any:
        try:
            return build()
        except ValidationError as exc:
            err = exc.errors()[0]
            loc = err.get("loc", ())
            message = str(err.get("msg", "")).removeprefix("Value error, ")
            key = str(loc[0]) if loc else None
            raise self.error(message, node, item, key) from None

    def claim(self, name: Any, node: Any, item: str) -> str:
        if not isinstance(name, str | int) or str(name) == "":
            raise self.error(Text("yaml.needs_name"), node, item, "name")
        name = str(name)
        if name in self.names:
            raise self.error(
                Text("yaml.name_used", name=name, by=self.names[name]), node, item, "name"
            )
        line = line_of(node)
        self.names[name] = Text("yaml.by_line", line=line) if line else Text("yaml.another_item")
        return name

    def items(self, nodes: Any, where: str, parent: Any) -> list[Item]:
        if nodes is None:
            return []
        if not isinstance(nodes, list):
            raise self.error(Text("yaml.items"), parent, where, "items")
        return [
            self.item(node, f"{where} → {self.label_of(node, i)}")
            for i, node in enumerate(nodes, start=1)
        ]

    @staticmethod
    def label_of(node: Any, index: int) -> str:
        if isinstance(node, dict) and node.get("name") is not None:
            return str(node["name"])
        return f"#{index}"

    def item(self, node: Any, where: str) -> Item:
        if isinstance(node, dict) and node.get("type") == GROUP_TYPE:
            return self.group(node, where)
        return self.question(node, where)

    def group(self, node: Any, where: str) -> Group:
        self.mapping(node, where, GROUP_KEYS)
        name = self.claim(node.get("name"), node, where)
        children = self.items(node.get("items"), where, node)
        return self.validated(
            lambda: Group(
                name=name,
                label=self.labels(node.get("label"), node, where, "label"),
                relevant=node.get("relevant"),
                appearance=node.get("appearance"),
                repeat=node.get("repeat", False),
                repeat_count=node.get("repeat_count"),
                extra=node.get("extra") or {},
                items=children,
            ),
            node,
            where,
        )

    def question(self, node: Any, where: str) -> Question:
        self.mapping(node, where, QUESTION_KEYS)
        name = self.claim(node.get("name"), node, where)
        fields = {k: v for k, v in node.items() if v is not None}
        fields["name"] = name
        type_text = str(fields.get("type", ""))
        command, _, list_name = type_text.partition(" ")
        if list_name:  # XLSForm shorthand: ``type: select_one agree``
            if "list_name" in fields:
                raise self.error(Text("yaml.list_twice"), node, where, "type")
            fields["type"], fields["list_name"] = command, list_name.strip()
        allowed = [t.value for t in QuestionType]
        if fields.get("type") not in allowed:
            raise self.error(
                Text("yaml.unknown_type", type=type_text, types=", ".join([*allowed, GROUP_TYPE])),
                node,
                where,
                "type",
            )
        for key in LABEL_FIELDS & fields.keys():
            fields[key] = self.labels(fields[key], node, where, key)
        for key in ("missing", "exclusive"):
            if key in fields:
                fields[key] = self.codes(fields[key], node, where, key)
        for key in ("relevant", "constraint", "choice_filter", "calculation", "appearance"):
            if key in fields and not isinstance(fields[key], str):
                fields[key] = str(fields[key])
        return self.validated(lambda: Question(**fields), node, where)

    def choices(self, node: Any) -> dict[str, ChoiceList]:
        if node is None:
            return {}
        if not isinstance(node, dict):
            raise self.error(Text("yaml.choices_mapping"), node, "choices")
        lists: dict[str, ChoiceList] = {}
        for list_name, entries in node.items():
            where = f"choices → {list_name}"
            if not isinstance(entries, list):
                raise self.error(Text("yaml.choices_list"), node, where)
            choices: list[Choice] = []
            seen: set[str] = set()
            for i, entry in enumerate(entries, start=1):
                at = f"{where} → {self.label_of(entry, i)}"
                self.mapping(entry, at, CHOICE_KEYS)
                fields = {k: v for k, v in entry.items() if v is not None}
                if "name" not in fields or str(fields["name"]) == "":
                    raise self.error(Text("yaml.choice_name"), entry, at, "name")
                fields["name"] = str(fields["name"])
                if fields["name"] in seen:
                    raise self.error(
                        Text("yaml.choice_twice", name=fields["name"], list=list_name),
                        entry,
                        at,
                        "name",
                    )
                seen.add(fields["name"])
                fields["label"] = self.labels(fields.get("label"), entry, at, "label")
                if isinstance(fields.get("filters"), dict):
                    fields["filters"] = {str(k): str(v) for k, v in fields["filters"].items()}
                choices.append(self.validated(lambda f=fields: Choice(**f), entry, at))
            lists[str(list_name)] = ChoiceList(name=str(list_name), choices=choices)
        return lists


def _check_references(
    reader: _Reader, survey: list[Item], choices: dict[str, ChoiceList], raw_survey: Any
) -> None:
    """Unknown lists and codes, reported at the question's item (the model only names it)."""

    def visit(items: list[Item], nodes: list, where: str) -> None:
        for item, node in zip(items, nodes, strict=True):
            at = f"{where} → {item.name}"
            if isinstance(item, Group):
                visit(item.items, node.get("items") or [], at)
                continue
            if item.list_name is None:
                continue
            if item.list_name not in choices:
                raise reader.error(
                    Text(
                        "yaml.unknown_list",
                        name=item.list_name,
                        lists=", ".join(choices) or Text("xlsform.none"),
                    ),
                    node,
                    at,
                    "list_name",
                )
            names = choices[item.list_name].names()
            for key in ("missing", "exclusive"):
                for code in getattr(item, key):
                    if code not in names:
                        raise reader.error(
                            Text("yaml.not_a_choice", value=code, list=item.list_name),
                            node,
                            at,
                            key,
                        )

    visit(survey, raw_survey or [], "survey")


def read_yaml_form(path: str | Path) -> Questionnaire:
    path = Path(path)
    data = load_yaml(path)
    probe = _Reader(path, "de")
    if data is None:
        data = {}
    data = probe.mapping(data, "(top level)", TOP_KEYS)
    settings_node = data.get("settings") or {}
    probe.mapping(settings_node, "settings", list(Settings.model_fields))
    settings = probe.validated(
        lambda: Settings(**{k: str(v) for k, v in settings_node.items() if v is not None}),
        settings_node,
        "settings",
    )
    reader = _Reader(path, settings.default_language)
    languages = data.get("languages")
    if languages is None:
        languages = [settings.default_language]
    elif isinstance(languages, str):
        languages = languages.split()
    if not isinstance(languages, list) or not all(isinstance(x, str) for x in languages):
        raise reader.error(Text("yaml.languages"), data, "(top level)", "languages")
    choices = reader.choices(data.get("choices"))
    survey = reader.items(data.get("survey"), "survey", data)
    _check_references(reader, survey, choices, data.get("survey"))
    return reader.validated(
        lambda: Questionnaire(
            settings=settings, languages=languages, survey=survey, choices=choices
        ),
        data,
        "(top level)",
    )


# -- writing -----------------------------------------------------------------------------------


def _labels_out(labels: Labels, plain_language: str | None) -> Any:
    if plain_language is not None and set(labels) == {plain_language}:
        return labels[plain_language]
    return Flow(labels)


def _item_out(item: Item, plain_language: str | None) -> dict[str, Any]:
    if isinstance(item, Group):
        out: dict[str, Any] = {"name": item.name, "type": GROUP_TYPE}
        if item.label:
            out["label"] = _labels_out(item.label, plain_language)
        if item.relevant is not None:
            out["relevant"] = item.relevant
        if item.appearance is not None:
            out["appearance"] = item.appearance
        if item.repeat:
            out["repeat"] = True
        if item.repeat_count is not None:
            out["repeat_count"] = item.repeat_count
        if item.extra:
            out["extra"] = dict(item.extra)
        out["items"] = [_item_out(child, plain_language) for child in item.items]
        return out
    out = {"name": item.name, "type": item.type.value}
    defaults = Question.model_fields
    for key in QUESTION_KEYS:
        if key in ("name", "type"):
            continue
        value = getattr(item, key)
        if value == defaults[key].get_default(call_default_factory=True):
            continue
        if key in LABEL_FIELDS:
            value = _labels_out(value, plain_language)
        elif key == "scale":
            value = value.value
        elif key in ("missing", "exclusive"):
            value = FlowList(value)
        out[key] = value
    return out


def _choice_out(choice: Choice, plain_language: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {"name": choice.name}
    if choice.label:
        out["label"] = _labels_out(choice.label, plain_language)
    if choice.missing:
        out["missing"] = True
    if choice.exclusive:
        out["exclusive"] = True
    if choice.filters:
        out["filters"] = Flow(choice.filters)
    return out


def questionnaire_to_yaml_data(q: Questionnaire) -> dict[str, Any]:
    default = q.settings.default_language
    # Plain strings only where no other language could be meant.
    plain = default if q.languages == [default] else None
    data: dict[str, Any] = {}
    settings = q.settings.model_dump(exclude_defaults=True)
    if settings:
        data["settings"] = settings
    if q.languages != [default]:
        data["languages"] = FlowList(q.languages)
    data["survey"] = [_item_out(item, plain) for item in q.survey]
    data["choices"] = {
        name: [_choice_out(c, plain) for c in choice_list.choices]
        for name, choice_list in q.choices.items()
    }
    return data


def write_yaml_form(q: Questionnaire, path: str | Path) -> None:
    dump_yaml(questionnaire_to_yaml_data(q), Path(path))


__all__ = [
    "read_yaml_form",
    "write_yaml_form",
]
