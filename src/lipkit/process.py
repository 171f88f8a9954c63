"""Settings for a process that runs one job and ends: the ``lipkit`` command and the
processes the report starts beside it (the chart workers, forked from it, inherit them; the
process that decides the earlier waves' suppressions sets them itself).

Python's cyclic garbage collector is tuned for long-running programs: it traverses the young
objects every 700 allocations and, now and then, every object the process holds. A report
allocates millions of short-lived objects (WeasyPrint's boxes, matplotlib's artists) while it
holds every imported module; on the demo report the collector took 1.2-1.5 s of the main
process's CPU, and tearing the heap down at exit another 0.7 s. Objects alive at the start
(the imports) are frozen out of the collector's sight, the young generation is collected
every 50,000 allocations and the middle one every 100th time (Python: every 10th; in the
demo report that middle collection, which walks the survivors of the young ones, such as
WeasyPrint's laid-out pages, took half of the collector's 0.4 s), and everything is frozen
at exit, where the operating system frees the memory anyway (lipkit closes each file it
writes before it goes on: no output waits for the collector to be flushed). Code that
imports lipkit as a library keeps Python's defaults, and so does the survey app's server,
also where ``lipkit serve`` starts it (:func:`for_a_server`).
"""

from __future__ import annotations

import atexit
import gc

PYTHON_THRESHOLDS = gc.get_threshold()  # as this module is first imported: Python's own

YOUNG_THRESHOLD = 50_000
"""Allocations (less deallocations) between two collections of the young generation
(Python: 700)."""

MIDDLE_RATIO = 100
"""Collections of the young generation between two of the middle one (Python: 10); the
oldest keeps Python's ratio."""


def tune_for_one_job() -> None:
    """Tune the garbage collector of this process for one job that ends with the process
    (see the module's text). Reference cycles are still collected, only less often."""
    gc.freeze()
    gc.set_threshold(YOUNG_THRESHOLD, MIDDLE_RATIO, PYTHON_THRESHOLDS[2])
    atexit.register(gc.freeze)


def start_forked_worker() -> None:
    """In a worker process forked from a tuned one (the report's chart workers): what it
    inherits is frozen. Its parent's objects stay alive in it until it ends, so the collector
    would only walk them (a worker's first collections took 0.1 s each)."""
    gc.freeze()


def for_a_server() -> None:
    """Python's collector again, for a process that serves until it is stopped (``lipkit
    serve``, before its server forks the workers). The imports stay frozen, as Python's
    documentation advises before a server forks: its workers then share their pages."""
    gc.set_threshold(*PYTHON_THRESHOLDS)
