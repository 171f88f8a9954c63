"""What controlling online keeps in memory per process: the parsed plan, its status at a date,
the indicator charts and the pages' rendered rows, each under a key that names the plan's state
(``selectors.state_key``) and whatever else it depends on.

A :class:`Kept` made with ``shared=`` also keeps what it makes in Django's cache (the database
table every gunicorn worker reads), so that after a change of the plan the plan is parsed and its
status computed once, not again in each worker: a worker that has not made it yet reads it back
(the parsed plan of 500 measures in ~30 ms instead of ~0.6 s of parsing)."""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path
from threading import Lock
from typing import Generic, TypeVar

import lipkit.controlling

V = TypeVar("V")
SHARED_SECONDS = 24 * 3600  # a plan's state key changes with every change: old ones expire


def _code() -> str:
    """A fingerprint of ``lipkit.controlling``'s code, whose classes the shared values are: a
    value kept by another version of lipkit (before an update) is never read back."""
    digest = hashlib.sha256()
    for path in sorted(Path(lipkit.controlling.__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


CODE = _code()


class Kept(Generic[V]):
    """At most ``size`` values by key; the one used longest ago goes first. ``shared``: a name
    under which the values are also kept in Django's cache, shared by every process."""

    def __init__(self, size: int, shared: str | None = None) -> None:
        self.size = size
        self.shared = shared
        self._values: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = Lock()

    def get(self, key: Hashable, make: Callable[[], V]) -> V:
        """The value kept under ``key``, else ``make()``'s, kept from now on."""
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
        # outside the lock: two requests may make it at once, both alike
        value = make() if self.shared is None else self._from_shared(key, make)
        with self._lock:
            self._values[key] = value
            self._values.move_to_end(key)
            while len(self._values) > self.size:
                self._values.popitem(last=False)
        return value

    def _from_shared(self, key: Hashable, make: Callable[[], V]) -> V:
        from django.core.cache import cache

        digest = hashlib.sha256(repr(key).encode()).hexdigest()
        name = f"lipkit:{self.shared}:{CODE}:{digest}"
        found = cache.get(name)
        if found is not None:
            return found
        value = make()
        cache.set(name, value, SHARED_SECONDS)
        return value
