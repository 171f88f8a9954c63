"""Read the report's own input files in a study folder (see ``docs/report.md``).

* ``interviews/*.md``: YAML front matter between two ``---`` lines (``id``, ``role``, and
  optionally ``level``, ``unit``, ``date``), then paragraphs separated by empty lines.
  ``#code`` words anywhere in a paragraph tag it and are removed from its text; heading
  lines (``# Title``, ``## Frage 3``) are skipped and not counted as paragraphs.
* ``report/recommendations.yaml``: a list of ``{title, text, evidence}``, numbered in file
  order; ``title`` and ``text`` are a string or a mapping by language.
* ``report/report.yaml``: ``title``, ``subtitle``, ``author``, ``date`` (texts, optionally by
  language) and ``shading: [20, 40]``.
* ``report/NAME.md``: a chapter in German; ``report/NAME.en.md`` is its English text.

Every problem is a :class:`~lipkit.study.errors.FormError` naming the file and, where the
format allows, the line and the key.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from lipkit.catalogue import Text
from lipkit.study.errors import FormError
from lipkit.study.yamlform import line_of, load_yaml, parse_yaml

BASE_LANGUAGE = "de"
"""The language of ``NAME.md`` chapters; other languages are ``NAME.<xx>.md``."""

INTERVIEW_REQUIRED = ("id", "role")
INTERVIEW_KEYS = ("id", "role", "level", "unit", "date")
RECOMMENDATION_KEYS = ("title", "text", "evidence")
SETTINGS_TEXT_KEYS = ("title", "subtitle", "author", "date", "commissioned_by")
SETTINGS_FILE_KEYS = ("font", "logo")
SETTINGS_GLOSSARY_KEYS = ("roles", "codes")
SETTINGS_KEYS = (
    *SETTINGS_TEXT_KEYS,
    "shading",
    *SETTINGS_FILE_KEYS,
    "colours",
    *SETTINGS_GLOSSARY_KEYS,
)
COLOUR_KEYS = ("palette", "shading", "accent")
HEX_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
FONT_SUFFIXES = (".ttf", ".otf", ".woff", ".woff2")
LOGO_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg")

# ``#`` and a letter, then letters, digits, ``_`` or ``-`` (not ending in ``-``). Not inside a
# word ("C#", "Interview_07#x"), not after another ``#``, ``&`` (entities) or ``\`` (escaped).
CODE = re.compile(r"(?<![\w#&\\])#([^\W\d_](?:[\w-]*\w)?)")
_CODE_WITH_SPACE = re.compile(r"\s*" + CODE.pattern)
# A Markdown heading line: up to three spaces, one or more ``#``, then a space or the end.
HEADING = re.compile(r"^ {0,3}#+(?:\s|$)")
INTERVIEW_ID = re.compile(r"^\w[\w.-]*$")
FENCE = re.compile(r"^---\s*$")
TRANSLATION = re.compile(r"^(?P<name>.+)\.(?P<language>[a-z]{2})$")


# -- shared helpers ------------------------------------------------------------------------------


def _read_text(path: Path) -> str:
    """A UTF-8 file (a leading BOM dropped) with ``\\n`` line ends."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FormError(
            Text("sources.not_utf8", byte=f"{data[exc.start]:#04x}"),
            path=path,
            line=data[: exc.start].count(b"\n") + 1,
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _visible(path: Path) -> bool:
    """Skip hidden files (``.name``, e.g. macOS ``._Interview.md``) and non-files."""
    return path.is_file() and not path.name.startswith(".")


def _key_line(
    path: Path, key: str, start: int | None, end: int | None = None, *, top: bool = False
) -> int | None:
    """The line where ``key:`` is written in lines ``start`` to ``end``, else ``start``.

    ``load_yaml`` knows the line a mapping starts on, not the line of each key; errors
    about a key look for it in the file text (at the left margin if ``top``).
    """
    try:
        lines = _read_text(path).split("\n")
    except (OSError, FormError):
        return start
    pattern = re.compile(("^" if top else r"^[ \t-]*") + rf"{re.escape(key)}[ \t]*:")
    for number in range(start or 1, min(end or len(lines), len(lines)) + 1):
        if pattern.match(lines[number - 1]):
            return number
    return start


def _pick(texts: dict[str, str], language: str) -> str:
    """``language``'s text, else the any-language text (key ``""``), else the first one."""
    if language in texts:
        return texts[language]
    if "" in texts:
        return texts[""]
    return next(iter(texts.values()), "")


def _scalar_text(value: Any) -> str | None:
    """A YAML scalar as text (dates and numbers as written); ``None`` for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int | float | datetime.date):
        return str(value)
    return None


def _texts(value: Any, error: Any) -> dict[str, str]:
    """A text or a mapping language -> text; ``error(message)`` builds the FormError."""
    if value is None:
        return {}
    text = _scalar_text(value)
    if text is not None:
        return {"": text} if text else {}
    if isinstance(value, dict):
        texts: dict[str, str] = {}
        for language, item in value.items():
            text = _scalar_text(item) if item is not None else ""
            if not isinstance(language, str) or text is None:
                break
            if text:
                texts[language] = text
        else:
            return texts
    raise error(Text("sources.texts"))


# -- interviews ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Passage:
    """One paragraph of an interview.

    ``number`` is 1-based within the interview, headings not counted. ``text`` is the
    paragraph without its codes (each removed with the space before it, so "haben #ziele,
    und" reads "haben, und"), whitespace collapsed to single spaces. ``codes`` are the
    paragraph's codes, lower-cased, in order of first appearance. ``line`` is the
    paragraph's first line in the file (for messages; not part of equality).
    """

    number: int
    text: str
    codes: tuple[str, ...]
    line: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Interview:
    """The notes of one interview: its header and its paragraphs."""

    id: str
    role: str
    level: str | None
    unit: str | None
    date: str | None
    passages: tuple[Passage, ...]
    path: Path

    @property
    def codes(self) -> tuple[str, ...]:
        """All codes of the interview, in order of first appearance."""
        return tuple(dict.fromkeys(code for p in self.passages for code in p.codes))

    def passage(self, number: int) -> Passage:
        """The paragraph with this 1-based number."""
        if not 1 <= number <= len(self.passages):
            raise FormError(
                Text("sources.no_paragraph", id=self.id, number=number, n=len(self.passages)),
                path=self.path,
            )
        return self.passages[number - 1]

    def first_with(self, code: str) -> Passage:
        """The first paragraph coded ``code`` (with or without ``#``, any case)."""
        wanted = code.removeprefix("#").lower()
        for passage in self.passages:
            if wanted in passage.codes:
                return passage
        codes = ", ".join(f"#{c}" for c in self.codes) or "none"
        raise FormError(
            Text("sources.no_code", id=self.id, wanted=wanted, codes=codes),
            path=self.path,
        )


def _front_matter(path: Path, lines: list[str]) -> tuple[dict[str, Any], dict[str, int], int]:
    """The header mapping, the line of each key, and the index of the closing ``---``."""
    start = next((i for i, line in enumerate(lines) if line.strip()), None)
    if start is None or not FENCE.match(lines[start]):
        raise FormError(
            Text("sources.no_front_matter"),
            path=path,
            line=(start or 0) + 1,
        )
    close = next((i for i in range(start + 1, len(lines)) if FENCE.match(lines[i])), None)
    if close is None:
        raise FormError(
            Text("sources.front_matter_open"),
            path=path,
            line=start + 1,
        )
    # Leading newlines keep YAML's line numbers equal to the file's.
    text = "\n" * start + "\n".join(lines[start:close]) + "\n"
    data, node = parse_yaml(text, path, problem=Text("sources.front_matter_yaml"))
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise FormError(
            Text("sources.front_matter_lines"),
            path=path,
            line=start + 2,
        )
    key_lines = {}
    if isinstance(node, yaml.MappingNode):
        key_lines = {str(k.value): k.start_mark.line + 1 for k, _ in node.value}
    key_lines[""] = start + 1
    return data, key_lines, close


def _passages(lines: list[str], first: int) -> list[Passage]:
    """Paragraphs of ``lines`` (``lines[0]`` is file line ``first``), headings left out."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    for offset, line in enumerate([*lines, ""]):
        if not line.strip() or HEADING.match(line):
            if current:
                blocks.append((first + offset - len(current), current))
            current = []
        else:
            current.append(line)
    passages = []
    for number, (start, block) in enumerate(blocks, start=1):
        paragraph = "\n".join(block)
        codes = dict.fromkeys(match.group(1).lower() for match in CODE.finditer(paragraph))
        text = " ".join(_CODE_WITH_SPACE.sub("", paragraph).split())
        passages.append(Passage(number=number, text=text, codes=tuple(codes), line=start))
    return passages


def _read_interview(path: Path) -> tuple[Interview, int]:
    """The interview and the line of its ``id``."""
    lines = _read_text(path).split("\n")
    header, key_lines, close = _front_matter(path, lines)

    def error(message: str, key: str) -> FormError:
        return FormError(message, path=path, line=key_lines.get(key, key_lines[""]), column=key)

    for key in header:
        if key not in INTERVIEW_KEYS:
            raise error(Text("sources.unknown_key", keys=", ".join(INTERVIEW_KEYS)), str(key))
    values: dict[str, str | None] = {}
    for key in INTERVIEW_KEYS:
        value = header.get(key)
        text = _scalar_text(value) if value is not None else ""
        if text is None:
            raise error(Text("sources.quote_text", value=value), key)
        if not text and key in INTERVIEW_REQUIRED:
            example = "Interview_FBL_07" if key == "id" else "Fachbereichsleitung"
            raise error(Text("sources.needs_key", key=key, example=example), key)
        values[key] = text or None
    interview_id = values["id"] or ""
    if not INTERVIEW_ID.match(interview_id):
        raise error(
            Text("sources.interview_id", id=interview_id),
            "id",
        )
    passages = _passages(lines[close + 1 :], close + 2)
    if not passages:
        raise FormError(
            Text("sources.no_paragraphs", id=interview_id),
            path=path,
            line=close + 1,
        )
    interview = Interview(
        id=interview_id,
        role=values["role"] or "",
        level=values["level"],
        unit=values["unit"],
        date=values["date"],
        passages=tuple(passages),
        path=path,
    )
    return interview, key_lines["id"]


def read_interview(path: Path) -> Interview:
    """Read one interview notes file (``interviews/NAME.md``)."""
    return _read_interview(Path(path))[0]


def read_interviews(folder: Path) -> list[Interview]:
    """All ``*.md`` files of ``folder`` sorted by file name; ``[]`` if there is no folder."""
    folder = Path(folder)
    if not folder.exists():
        return []
    if not folder.is_dir():
        raise FormError(Text("sources.interview_folder"), path=folder)
    interviews: list[Interview] = []
    seen: dict[str, Path] = {}
    for path in sorted((p for p in folder.glob("*.md") if _visible(p)), key=lambda p: p.name):
        interview, id_line = _read_interview(path)
        if interview.id in seen:
            raise FormError(
                Text("sources.interview_twice", id=interview.id, other=seen[interview.id].name),
                path=path,
                line=id_line,
                column="id",
            )
        seen[interview.id] = path
        interviews.append(interview)
    return interviews


# -- recommendations -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Recommendation:
    """One recommendation; texts by language, ``""`` meaning any language."""

    number: int
    title: dict[str, str]
    text: dict[str, str]
    evidence: tuple[str, ...]
    line: int | None

    def title_in(self, language: str) -> str:
        """The title in ``language``, else the any-language one, else the first given."""
        return _pick(self.title, language)

    def text_in(self, language: str) -> str:
        """The text in ``language``, else the any-language one, else the first ("" if none)."""
        return _pick(self.text, language)


def _recommendation(path: Path, node: Any, number: int, end: int | None) -> Recommendation:
    """Entry ``number`` of the list; ``end`` is the line before the next entry."""
    item = f"recommendation {number}"
    line = line_of(node)

    def error(message: str, key: str | None = None) -> FormError:
        where = line
        if key is not None and isinstance(node, dict) and key in node:
            where = _key_line(path, key, line, end)
        return FormError(message, path=path, line=where, item=item, column=key)

    if not isinstance(node, dict):
        raise error(Text("sources.mapping_with", keys=", ".join(RECOMMENDATION_KEYS)))
    for key in node:
        if key not in RECOMMENDATION_KEYS:
            raise error(Text("sources.unknown_key", keys=", ".join(RECOMMENDATION_KEYS)), str(key))
    title = _texts(node.get("title"), lambda message: error(message, "title"))
    if not title:
        raise error(Text("sources.needs_title"), "title")
    text = _texts(node.get("text"), lambda message: error(message, "text"))
    evidence = node.get("evidence")
    if evidence is None:
        evidence = []
    if not isinstance(evidence, list):
        raise error(Text("sources.evidence_list"), "evidence")
    ids: list[str] = []
    for entry in evidence:
        text_id = _scalar_text(entry) if isinstance(entry, str | int) else None
        if not text_id:
            raise error(Text("sources.evidence_id", value=entry), "evidence")
        ids.append(text_id)
    return Recommendation(number=number, title=title, text=text, evidence=tuple(ids), line=line)


def read_recommendations(path: Path) -> list[Recommendation]:
    """``report/recommendations.yaml``; ``[]`` if the file does not exist."""
    path = Path(path)
    if not path.exists():
        return []
    data = load_yaml(path)
    if data is None:
        return []
    if not isinstance(data, list):
        raise FormError(
            Text("sources.recommendations"),
            path=path,
            line=line_of(data) or 1,
        )
    starts = [line_of(node) for node in data[1:]]
    ends = [start - 1 if start else None for start in starts] + [None]
    return [
        _recommendation(path, node, i, end)
        for i, (node, end) in enumerate(zip(data, ends, strict=True), start=1)
    ]


# -- report settings -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportSettings:
    """``report/report.yaml``: texts of the title page and the table shading classes."""

    title: dict[str, str] = field(default_factory=dict)
    subtitle: dict[str, str] = field(default_factory=dict)
    author: dict[str, str] = field(default_factory=dict)
    date: dict[str, str] = field(default_factory=dict)
    commissioned_by: dict[str, str] = field(default_factory=dict)
    shading: tuple[float, float] = (20.0, 40.0)
    font: Path | None = None  # a font file in the study folder, for text and charts
    logo: Path | None = None  # title page and running header
    palette: tuple[str, ...] = ()  # chart colours ("#rrggbb"), first for single bars
    shading_colours: tuple[str, ...] = ()  # fills of the three shading classes
    accent: str = ""  # rules, recommendation boxes
    roles: dict[str, dict[str, str]] = field(default_factory=dict)  # interview role -> texts
    codes: dict[str, dict[str, str]] = field(default_factory=dict)  # interview code -> texts

    def text(self, key: str, language: str) -> str:
        """``title``, ``subtitle``, ``author``, ``date`` or ``commissioned_by`` in
        ``language`` ("" if unset)."""
        if key not in SETTINGS_TEXT_KEYS:
            raise ValueError(f"unknown text {key!r}; expected one of {SETTINGS_TEXT_KEYS}")
        return _pick(getattr(self, key), language)

    def role(self, role: str, language: str) -> str:
        """An interview's role in ``language`` (``roles:`` in report.yaml), else as written."""
        texts = self.roles.get(role)
        return texts.get(language, role) if texts else role

    def code(self, code: str, language: str) -> str | None:
        """An interview code's label in ``language`` (``codes:``), if one is given."""
        texts = self.codes.get(code)
        return texts.get(language) if texts else None


def read_report_settings(path: Path, study_root: Path | None = None) -> ReportSettings:
    """``report/report.yaml``; the defaults if the file does not exist. File names in it
    (font, logo) are relative to ``study_root`` (default: the folder above ``report/``)."""
    path = Path(path)
    root = Path(study_root) if study_root is not None else path.parent.parent
    if not path.exists():
        return ReportSettings()
    data = load_yaml(path)
    if data is None:
        return ReportSettings()

    def error(message: str, key: str | None = None) -> FormError:
        line: int | None = line_of(data) or 1
        if key is not None and isinstance(data, dict) and key in data:
            line = _key_line(path, key, line, top=True)
        return FormError(message, path=path, line=line, column=key)

    if not isinstance(data, dict):
        raise error(Text("sources.settings_lines", keys=", ".join(SETTINGS_KEYS)))
    for key in data:
        if key not in SETTINGS_KEYS:
            raise error(Text("sources.unknown_key", keys=", ".join(SETTINGS_KEYS)), str(key))
    texts = {
        key: _texts(data.get(key), lambda message, key=key: error(message, key))
        for key in SETTINGS_TEXT_KEYS
    }
    shading = (20.0, 40.0)
    if data.get("shading") is not None:
        value = data["shading"]
        numbers = (
            value
            if isinstance(value, list)
            and len(value) == 2
            and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
            else None
        )
        if numbers is None or not 0 < numbers[0] < numbers[1] < 100:
            raise error(
                Text("sources.shading", value=value),
                "shading",
            )
        shading = (float(numbers[0]), float(numbers[1]))
    files: dict[str, Path | None] = {}
    for key, suffixes in zip(SETTINGS_FILE_KEYS, (FONT_SUFFIXES, LOGO_SUFFIXES), strict=True):
        value = data.get(key)
        if value is None:
            files[key] = None
            continue
        target = (root / str(value)).resolve()
        if not isinstance(value, str) or target.suffix.lower() not in suffixes:
            raise error(Text("sources.file_suffix", suffixes=", ".join(suffixes)), key)
        if not target.is_file():
            raise error(Text("sources.file_missing", value=value), key)
        files[key] = target
    colours: dict[str, Any] = data.get("colours") or {}
    if not isinstance(colours, dict) or any(k not in COLOUR_KEYS for k in colours):
        raise error(Text("sources.mapping_with", keys=", ".join(COLOUR_KEYS)), "colours")
    for key, value in colours.items():
        values = value if isinstance(value, list) else [value]
        if not values or not all(isinstance(v, str) and HEX_COLOUR.match(v) for v in values):
            raise error(Text("sources.colour", key=key, value=value), "colours")
    if "shading" in colours and len(colours["shading"]) != 3:
        raise error(Text("sources.shading_colours"), "colours")
    glossaries: dict[str, dict[str, dict[str, str]]] = {}
    for key in SETTINGS_GLOSSARY_KEYS:
        value = data.get(key) or {}
        if not isinstance(value, dict):
            raise error(Text("sources.glossary"), key)
        glossaries[key] = {
            str(name): _texts(item, lambda message, key=key: error(message, key))
            for name, item in value.items()
        }
    return ReportSettings(
        title=texts["title"],
        subtitle=texts["subtitle"],
        author=texts["author"],
        date=texts["date"],
        commissioned_by=texts["commissioned_by"],
        shading=shading,
        font=files["font"],
        logo=files["logo"],
        palette=tuple(colours.get("palette", ())),
        shading_colours=tuple(colours.get("shading", ())),
        accent=colours.get("accent", "") or "",
        roles=glossaries["roles"],
        codes=glossaries["codes"],
    )


# -- chapters ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Chapter:
    """A chapter's Markdown text in the requested language, or its German text."""

    name: str
    path: Path
    text: str
    translated: bool


def read_chapters(folder: Path, language: str) -> list[Chapter]:
    """The chapters ``folder/*.md`` in ``language``, ordered by name; ``[]`` without a folder.

    ``NAME.md`` is the German text; ``NAME.<xx>.md`` (two lowercase letters) its text in
    language ``xx``. Where a language has no ``NAME.<xx>.md``, the German text is used and
    ``translated`` is False.
    """
    folder = Path(folder)
    if not folder.is_dir():
        return []
    originals: dict[str, Path] = {}
    translations: dict[str, dict[str, Path]] = {}
    for path in sorted(p for p in folder.glob("*.md") if _visible(p)):
        match = TRANSLATION.match(path.stem)
        if match is None:
            originals[path.stem] = path
        elif match["language"] == BASE_LANGUAGE:
            raise FormError(
                Text("sources.chapter_name", name=match["name"], file=path.name),
                path=path,
            )
        else:
            translations.setdefault(match["name"], {})[match["language"]] = path
    for name, by_language in translations.items():
        if name not in originals:
            orphan = next(iter(by_language.values()))
            raise FormError(
                Text("sources.orphan", name=name),
                path=orphan,
            )
    chapters = []
    for name in sorted(originals):
        path = originals[name]
        translated = True
        if language != BASE_LANGUAGE:
            path = translations.get(name, {}).get(language, path)
            translated = path != originals[name]
        chapters.append(Chapter(name=name, path=path, text=_read_text(path), translated=translated))
    return chapters


__all__ = [
    "Chapter",
    "Interview",
    "Passage",
    "Recommendation",
    "ReportSettings",
    "read_chapters",
    "read_interview",
    "read_interviews",
    "read_recommendations",
    "read_report_settings",
]
