"""Setting a survey up: from an uploaded questionnaire or study folder, and its dates and
link options.

An upload is either an XLSForm (``.xlsx``) or a ZIP of a study folder as ``lipkit demo`` and
``lipkit.study.folder.StudyFolder`` write it (``study.yaml``, ``questionnaire.xlsx|yaml``,
``org.csv|yaml``); the folder's other files (the team's ``report/``, ``interviews/`` …) are
kept with the survey for its ZIP export. The bytes are checked before anything reads them
(size, ZIP signature, every member of a ZIP: no absolute path, no ``..``, no link, limited
count and size), written into a temporary folder that is removed afterwards, and loaded by
lipkit. The uploaded file
itself is never changed. Every problem is an :class:`UploadRefused` with a German sentence
that names the file, sheet, row and column as lipkit's own error does.
"""

from __future__ import annotations

import io
import re
import stat
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath

from django.db import transaction

from lipkit import catalogue
from lipkit.study.errors import FormError
from lipkit.study.expressions import ExpressionError
from lipkit.study.folder import StudyFolder
from lipkit.study.formats import QUESTIONNAIRE_FORMATS
from lipkit.study.model import Study
from lipkit.survey.form import OnlineForm
from lipkit.survey.models import Survey
from lipkit.survey.services.surveys import create_survey

MAX_UPLOAD = 5 * 1024 * 1024  # bytes of the uploaded file
MAX_MEMBERS = 200  # files in a ZIP
MAX_UNPACKED = 50 * 1024 * 1024  # bytes of all files in a ZIP (or an .xlsx) unpacked
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")  # a ZIP with files; an empty ZIP
SKIPPED = ("__MACOSX/",)
RESERVED_SLUGS = {"neu", "login", "logout", "passwort"}  # what macOS adds to a ZIP it makes

XLSX_TYPES = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.ms-excel",
    "application/octet-stream",
    "application/zip",
}
ZIP_TYPES = {
    "application/zip",
    "application/x-zip-compressed",
    "application/x-zip",
    "multipart/x-zip",
    "application/octet-stream",
}


class UploadRefused(Exception):
    """The upload cannot become a survey; ``str()`` is the German message for the user."""


@dataclass(frozen=True)
class Upload:
    name: str  # the file name the browser sent
    content_type: str
    data: bytes


def survey_from_upload(upload: Upload, *, title: str | None = None, owner=None) -> Survey:
    """Check and load ``upload`` and create a draft survey from it (nothing on refusal);
    ``owner``: the login that uploaded it, who becomes the survey's owner."""
    kind = check_upload(upload)
    with tempfile.TemporaryDirectory(prefix="lipkit-upload-") as tmp:
        root = Path(tmp)
        if kind == "xlsx":
            path = root / _safe_name(upload.name, ".xlsx")
            path.write_bytes(upload.data)
            _check_workbook(path, upload.name)
            study = _load(lambda: _xlsform_study(path), root, upload.name, path)
            files: dict[str, bytes] = {}
        else:
            folder = _unzip(upload, root / "study")
            study = _load(lambda: _folder_study(folder), folder, upload.name, None)
            files = StudyFolder.at(folder).team_files()  # the team's report, interviews …
        with transaction.atomic():
            survey = create_survey(
                study, title=(title or "").strip() or None, owner=owner, files=files
            )
            if survey.slug in RESERVED_SLUGS:  # the team's own pages use these paths
                survey.slug = f"{survey.slug}-{survey.pk}"
                survey.save(update_fields=["slug"])
            return survey


def check_upload(upload: Upload) -> str:
    """``"xlsx"`` or ``"zip"`` for an upload that may be read; else :class:`UploadRefused`."""
    name = upload.name or "Datei"
    suffix = PurePosixPath(name.replace("\\", "/")).suffix.lower()
    if suffix not in (".xlsx", ".zip"):
        raise UploadRefused(catalogue.text("upload_refused.suffix", name=name))
    if len(upload.data) > MAX_UPLOAD:
        raise UploadRefused(
            catalogue.text(
                "upload_refused.too_large",
                name=name,
                size=f"{len(upload.data) / 1024 / 1024:.1f}",
                mb=MAX_UPLOAD // 1024 // 1024,
            )
        )
    kind = suffix[1:]
    content_type = (upload.content_type or "").split(";")[0].strip().lower()
    if content_type not in (XLSX_TYPES if kind == "xlsx" else ZIP_TYPES):
        what = catalogue.text(
            "upload_refused.xlsx_type" if kind == "xlsx" else "upload_refused.zip_type"
        )
        raise UploadRefused(
            catalogue.text(
                "upload_refused.browser_type",
                name=name,
                what=what,
                type=content_type or catalogue.text("upload_refused.unknown_type"),
            )
        )
    if not upload.data.startswith(ZIP_MAGIC) or not zipfile.is_zipfile(_bytes(upload.data)):
        raise UploadRefused(
            catalogue.text(
                "upload_refused.not_xlsx" if kind == "xlsx" else "upload_refused.not_zip",
                name=name,
            )
        )
    return kind


def _bytes(data: bytes) -> io.BytesIO:
    return io.BytesIO(data)


def _safe_name(name: str, suffix: str) -> str:
    """The uploaded file's own name (so lipkit's messages name it), made safe for a path."""
    stem = PurePosixPath((name or "").replace("\\", "/")).name
    stem = re.sub(r"[^\w.\- ]", "_", stem).strip(" .")
    if not stem.lower().endswith(suffix):
        stem = "fragebogen" + suffix
    return stem[-120:]


def _check_workbook(path: Path, name: str) -> None:
    """An .xlsx that openpyxl opens, and that does not unpack to more than the limit."""
    from openpyxl import load_workbook

    with zipfile.ZipFile(path) as archive:
        if sum(i.file_size for i in archive.infolist()) > MAX_UNPACKED:
            raise UploadRefused(catalogue.text("upload_refused.xlsx_unpacked", name=name))
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors for a file it cannot read
        raise UploadRefused(catalogue.text("upload_refused.xlsx_unreadable", name=name)) from None
    workbook.close()


def _unzip(upload: Upload, target: Path) -> Path:
    """Unpack the study folder into ``target``; the folder holding ``study.yaml`` (or the
    questionnaire), which may be one level down when a folder was zipped."""
    name = upload.name
    with zipfile.ZipFile(_bytes(upload.data)) as archive:
        members = [i for i in archive.infolist() if not i.filename.startswith(SKIPPED)]
        if len(members) > MAX_MEMBERS:
            raise UploadRefused(
                catalogue.text("upload_refused.members", name=name, n=len(members), max=MAX_MEMBERS)
            )
        files = []
        for info in members:
            relative = _member_path(info, name)
            if relative is not None:
                files.append((info, relative))
        total = 0
        target.mkdir()
        for info, relative in files:
            destination = target.joinpath(*relative.parts)
            try:
                destination.parent.mkdir(parents=True, exist_ok=True)
                out = destination.open("wb")
            except OSError:  # e.g. a file and a folder of the same name
                raise UploadRefused(
                    catalogue.text("upload_refused.member_unpack", name=name, member=info.filename)
                ) from None
            with archive.open(info) as source, out:
                # The sizes in the ZIP's directory may lie: count what is really unpacked.
                while chunk := source.read(64 * 1024):
                    total += len(chunk)
                    if total > MAX_UNPACKED:
                        raise UploadRefused(
                            catalogue.text(
                                "upload_refused.unpacked",
                                name=name,
                                mb=MAX_UNPACKED // 1024 // 1024,
                            )
                        )
                    out.write(chunk)
    return _study_root(target, name)


def _member_path(info: zipfile.ZipInfo, name: str) -> PurePosixPath | None:
    """The member's path inside the folder; None for a directory entry. Refuses anything
    that could land outside the folder or is not a plain file."""
    raw = info.filename.replace("\\", "/")
    path = PurePosixPath(raw)
    if (
        raw.startswith("/")
        or re.match(r"^[A-Za-z]:", raw)
        or any(part == ".." for part in path.parts)
        or "\x00" in raw
    ):
        raise UploadRefused(
            catalogue.text("upload_refused.outside", name=name, member=info.filename)
        )
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        raise UploadRefused(catalogue.text("upload_refused.link", name=name, member=info.filename))
    if info.flag_bits & 0x1:
        raise UploadRefused(catalogue.text("upload_refused.encrypted", name=name))
    if info.is_dir():
        return None
    parts = [p for p in path.parts if p not in ("", ".")]
    return PurePosixPath(*parts) if parts else None


def _study_root(folder: Path, name: str) -> Path:
    if StudyFolder.holds_study(folder):
        return folder
    entries = list(folder.iterdir())
    if len(entries) == 1 and entries[0].is_dir():
        inner = entries[0]
        if StudyFolder.holds_study(inner):
            return inner
    raise UploadRefused(catalogue.text("upload_refused.no_study", name=name))


def _xlsform_study(path: Path) -> Study:
    from lipkit.study.orgtree import derive_org_tree
    from lipkit.study.xlsform import read_xlsform

    questionnaire = read_xlsform(path)
    return Study(questionnaire=questionnaire, org=derive_org_tree(questionnaire))


def _folder_study(folder: Path) -> Study:
    # study.yaml names the other files: they must be inside the uploaded folder.
    study_folder = StudyFolder.at(folder)
    root = folder.resolve()
    for key in ("questionnaire", "org"):
        path = getattr(study_folder, key)
        if path is not None and not path.resolve().is_relative_to(root):
            raise UploadRefused(catalogue.text("upload_refused.outside_file", key=key))
    return study_folder.load()


def _load(read, root: Path, upload_name: str, questionnaire: Path | None) -> Study:
    """Run lipkit's reader and parse every filter once, as the online form will."""
    try:
        study = read()
        form = OnlineForm(study)
    except FormError as error:
        raise UploadRefused(form_error_text(error, root, upload_name)) from None
    except ExpressionError as error:
        source = questionnaire or _questionnaire_of(root)
        raise UploadRefused(expression_error_text(error, source, root, upload_name)) from None
    except (OSError, UnicodeDecodeError, ValueError) as error:
        said = error.args[0] if len(error.args) == 1 else str(error)
        problem = catalogue.render(said) if isinstance(said, catalogue.Text) else str(error)
        raise UploadRefused(
            catalogue.text("upload_refused.unreadable", name=upload_name, error=problem)
        ) from None
    if not form.asked:
        raise UploadRefused(catalogue.text("upload_refused.no_questions", name=upload_name))
    return study


def _questionnaire_of(folder: Path) -> Path | None:
    try:
        return StudyFolder.at(folder).questionnaire
    except FormError:
        return None


def _shown_path(path: Path | None, root: Path, upload_name: str) -> str:
    if path is None:
        return upload_name
    try:
        relative = path.resolve().relative_to(root.resolve())
    except ValueError:
        return path.name
    return upload_name if str(relative) == "." else relative.as_posix()


def form_error_text(error: FormError, root: Path, upload_name: str, language: str = "de") -> str:
    """lipkit's message with its place (file, sheet, row, line, item, column) in the page's
    language, German by default (``upload.*`` of the catalogue)."""
    parts = [_shown_path(error.path, root, upload_name)]
    parts += [catalogue.text(f"upload.{kind}", language, value=v) for kind, v in error.place()]
    message = catalogue.render(error.message, language)
    return catalogue.text("upload.error", language, where=", ".join(parts), message=message)


def expression_error_text(
    error: ExpressionError,
    questionnaire: Path | None,
    root: Path,
    upload_name: str,
    language: str = "de",
) -> str:
    """A filter that lipkit cannot use, located in the questionnaire's sheet and row."""
    where = [_shown_path(questionnaire, root, upload_name)]
    row = _xlsform_row(questionnaire, error.question) if questionnaire else None
    if row is not None:
        where += [
            catalogue.text("upload.sheet", language, value="survey"),
            catalogue.text("upload.row", language, value=row),
            catalogue.text("upload.column", language, value=error.field),
        ]
    elif error.question:
        where += [
            catalogue.text(
                "upload.group" if error.item == "group" else "upload.question",
                language,
                value=error.question,
            ),
            catalogue.text("upload.field", language, value=error.field),
        ]
    lines = error.lines or [str(error)]
    message = lines[0]
    if len(lines) > 1:
        message += catalogue.text("upload.more", language, n=len(lines) - 1)
    return catalogue.text("upload.error", language, where=", ".join(where), message=message)


def _xlsform_row(path: Path, name: str | None) -> int | None:
    """The row of the survey sheet whose ``name`` is ``name`` (header = row 1)."""
    xlsform = QUESTIONNAIRE_FORMATS["xlsform"]
    if name is None or QUESTIONNAIRE_FORMATS.find(path.suffix) is not xlsform:
        return None
    if not path.is_file():
        return None
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception:
        return None
    try:
        sheet = next((workbook[s] for s in workbook.sheetnames if s.lower() == "survey"), None)
        if sheet is None:
            return None
        rows = sheet.iter_rows(values_only=True)
        header = [str(c).strip().lower() if c is not None else "" for c in next(rows, ())]
        if "name" not in header:
            return None
        column = header.index("name")
        for number, row in enumerate(rows, start=2):
            if column < len(row) and row[column] is not None and str(row[column]).strip() == name:
                return number
    finally:
        workbook.close()
    return None


# -- dates and link options ----------------------------------------------------------------
@dataclass(frozen=True)
class SettingsChange:
    changed: list[str]
    date_policy_refused: bool = False


@transaction.atomic
def update_settings(
    survey: Survey,
    *,
    opens_on: date | None,
    closes_on: date | None,
    open_link: bool,
    date_policy: str | None = None,
) -> SettingsChange:
    """Change dates and the open link; the date policy only while it is not yet fixed (it
    is fixed when the survey first opens, so all responses are stored alike)."""
    survey = Survey.objects.select_for_update().defer("study").get(pk=survey.pk)
    if opens_on and closes_on and closes_on < opens_on:
        raise ValueError("closes_on before opens_on")
    values: dict[str, object] = {
        "opens_on": opens_on,
        "closes_on": closes_on,
        "open_link": open_link,
    }
    refused = False
    if date_policy is not None and date_policy != survey.date_policy:
        if survey.anonymity_fixed:
            refused = True
        elif date_policy in Survey.DatePolicy.values:
            values["date_policy"] = date_policy
    changed = [k for k, v in values.items() if getattr(survey, k) != v]
    for key in changed:
        setattr(survey, key, values[key])
    if changed:
        survey.save(update_fields=changed)
    return SettingsChange(changed, refused)


@transaction.atomic
def update_texts(survey: Survey, values: dict, today: date | None = None) -> list[str]:
    """Save what respondents are shown besides the questions (``models.TEXT_FIELDS``); the
    day of the change is the date the accessibility statement names. Returns the fields that
    changed."""
    survey = Survey.objects.select_for_update().defer("study").get(pk=survey.pk)
    changed = [k for k, v in values.items() if getattr(survey, k) != v]
    for key in changed:
        setattr(survey, key, values[key])
    if changed:
        survey.texts_reviewed_on = today or date.today()
        survey.save(update_fields=[*changed, "texts_reviewed_on"])
    return changed
