"""The complementary suppressions every output publishes through, once per data state.

:func:`lipkit.privacy.secure.secure` audits everything lipkit publishes and adds
suppressions until no hidden cell can be pinned down. Its decisions hold only if every
output applies the same ones (conventions §5, "Across outputs, not per call"): the CLI, the
report and the dashboard each ask :func:`published_decisions` and pass the result to the
engine. It runs ``secure`` once per *data state* — the study, the rows and the code that
counts and suppresses — and keeps the result in memory and, given a folder (a study
folder's ``.lipkit-cache/privacy``), as ``<key>.json`` for the next call.

A state whose audit still finds leaks after ``secure``'s rounds publishes through the
decisions found so far: they only ever hide more.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import os
import subprocess
import sys
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import polars as pl

from lipkit.privacy.pattern import Decisions
from lipkit.privacy.suppression import Node
from lipkit.study.model import Study

FORMAT = "lipkit-decisions/1"
"""Part of every key and of every file: a new layout of the file is not read as the old."""

MEMORY_SIZE = 8
"""Data states kept in memory: the dashboard's frame changes with every answer, so only the
latest few are worth keeping."""

_memory: OrderedDict[str, Decisions] = OrderedDict()
_lock = threading.Lock()  # the survey app serves requests in threads
_coming: dict[Path, subprocess.Popen[bytes]] = {}
"""Per cache folder: another process that is writing the decisions kept there
(:func:`computed_elsewhere`); a call for that folder waits for it before computing."""


def published_decisions(
    study: Study, frame: pl.DataFrame, *, cache_dir: Path | None = None
) -> Decisions:
    """``secure(study, frame).decisions``, computed once per :func:`state_key`."""
    key = state_key(study, frame)
    path = None if cache_dir is None else cache_dir / f"{key}.json"
    with _lock:
        found = _memory.get(key)
    if found is None and path is not None:
        with _lock:
            elsewhere = _coming.get(path.parent.resolve())
        if elsewhere is not None:
            elsewhere.wait()  # failed there: computed here (the file is not there)
        found = _read(path)
    computed = found is None
    if found is None:
        from lipkit.privacy.secure import secure

        found = secure(study, frame).decisions
    if path is not None and (computed or not path.exists()):
        # also when this process computed them for a caller without a folder first
        _write(path, found)
    with _lock:
        _memory[key] = found
        _memory.move_to_end(key)
        while len(_memory) > MEMORY_SIZE:
            _memory.popitem(last=False)
    return found


NICE = 5  # the earlier waves' process: below the building process, above the chart workers


@contextmanager
def computed_elsewhere(folders: list[Path]) -> Iterator[None]:
    """While inside: the decisions of each study folder's data (its own study and responses)
    are computed by another process, one after the other, and kept in the folder's cache; a
    call of :func:`published_decisions` for one of these folders waits for that process
    instead of computing them again. The report does this for the earlier waves (issue 15),
    whose decisions it needs only when it reaches the comparison: meanwhile the other core
    runs ``secure`` for them, at a lower priority (nice + 5) than this process, which
    secures the current wave meanwhile, and everything after waits for that.

    A plain ``python -c`` (not multiprocessing: polars' threads do not
    survive a fork, and a spawned child would run the caller's script again where it has no
    ``if __name__ == "__main__"``), given this process's ``sys.path``. A process that fails
    only costs the computation here. On leaving, a process still running is stopped (its
    file is written whole or not at all)."""
    from lipkit.study.folder import StudyFolder

    if not folders:
        yield
        return
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    process = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(NICE), *map(str, folders)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    caches = [StudyFolder.at(folder).privacy_cache.resolve() for folder in folders]
    with _lock:
        _coming.update(dict.fromkeys(caches, process))
    try:
        yield
    finally:
        with _lock:
            for cache in caches:
                if _coming.get(cache) is process:
                    del _coming[cache]
        if process.poll() is None:
            process.terminate()
        process.wait()


_CHILD = (
    "import os, sys; os.nice(int(sys.argv[1])); from lipkit.privacy import decide; "
    "from lipkit.process import tune_for_one_job; "
    "tune_for_one_job(); decide._compute_folders(sys.argv[2:])"
)


def _compute_folders(folders: list[str]) -> None:
    """(In the process of :func:`computed_elsewhere`.) :func:`published_decisions` of each
    folder's study and rows, kept in its cache."""
    from lipkit.data.io import read_study_folder
    from lipkit.study.folder import StudyFolder

    for root in folders:
        folder = StudyFolder.at(Path(root))
        study, frame = read_study_folder(folder)
        if frame is not None:
            published_decisions(study, frame, cache_dir=folder.privacy_cache)


def state_key(study: Study, frame: pl.DataFrame) -> str:
    """What decides the decisions: the study, the rows (their bytes) and the code and
    library that count and suppress them."""
    digest = hashlib.sha256(_code_key().encode())
    digest.update(study.model_dump_json().encode())
    rows = io.BytesIO()
    frame.rechunk().write_ipc(rows)
    digest.update(rows.getvalue())
    return digest.hexdigest()


@functools.cache
def _code_key() -> str:
    """The counting and suppressing code (the analysis, privacy and text packages) and the
    polars version: decisions kept by other code are computed anew."""
    lipkit = Path(__file__).parent.parent
    digest = hashlib.sha256(f"{FORMAT} polars {pl.__version__}".encode())
    for package in ("analysis", "privacy", "text"):
        for path in sorted((lipkit / package).glob("*.py")):
            digest.update(f"{package}/{path.name}".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def to_json(decisions: Decisions) -> dict[str, Any]:
    """The decisions as JSON: one entry per (breakdown, question), nodes sorted (``None``,
    the whole survey, first)."""
    return {
        "format": FORMAT,
        "hidden": [
            {
                "breakdown": by,
                "question": question,
                "nodes": sorted(nodes, key=lambda n: (n is not None, n or "")),
            }
            for (by, question), nodes in sorted(
                decisions.hidden.items(), key=lambda item: (item[0][0] or "", item[0][1])
            )
        ],
    }


def from_json(data: Any) -> Decisions:
    """:func:`to_json` read back; a ``ValueError`` if ``data`` is not such a document."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError("not a decisions document of this format")
    hidden: dict[tuple[str | None, str], frozenset[Node]] = {}
    for entry in data.get("hidden", []):
        by, question, nodes = entry["breakdown"], entry["question"], entry["nodes"]
        if not (by is None or isinstance(by, str)) or not isinstance(question, str):
            raise ValueError("a breakdown or question that is not a name")
        if not all(n is None or isinstance(n, str) for n in nodes):
            raise ValueError("a node that is not a name")
        hidden[(by, question)] = frozenset(nodes)
    return Decisions(hidden)


def _read(path: Path) -> Decisions | None:
    """The decisions kept at ``path``; None if there are none or they cannot be read (then
    they are computed and written anew)."""
    try:
        return from_json(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write(path: Path, decisions: Decisions) -> None:
    """Keep ``decisions`` at ``path``, whole or not at all (a temporary file renamed: two
    processes writing the same state write the same content). A folder that cannot be
    written only costs the next call the computation."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                json.dump(to_json(decisions), file, ensure_ascii=False)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError:
        pass
