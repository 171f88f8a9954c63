"""The attacker of docs/survey.md's promise: someone with copies of the database — taken at
any moment, read with plain SQL including the system columns (SQLite's ``rowid``,
PostgreSQL's ``ctid``, ``xmin``, ``cmin``) and, for SQLite, the raw bytes of the database
file and its write-ahead log — tries to tell which invitation belongs to which response.

Every copy is an :meth:`Attacker.look`. From all of them the attacker derives, for every
response and every use mark (and every used invitation), what an order or a moment can say:

- *when*: the first copy in which the row exists (SQL), and the first copy whose bytes hold
  the row's id (SQLite: a response's id; an invitation's id once more often than before,
  i.e. in a new use mark);
- *where and in which transaction*: ``rowid`` / ``ctid``, ``xmin``, ``cmin``, the key, the
  e-mail address, the dates.

Two attacks, each on every feature:

- :meth:`candidates`: for each response, the use marks closest to it in a feature (smallest
  distance, all of them if tied) — a set of one names the invitation;
- :meth:`paired`: responses and used invitations each sorted by a feature (every pairing of
  the response's and the invitation's features), the i-th response matched to the i-th
  invitation; how many matches are right.

``tests/test_survey_unlinkable.py`` runs it against the server and, as a guard that it still
finds what it should, against responses and marks written one after another.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import product

Sql = Callable[[str], list[tuple]]

SQLITE = {
    "response": "SELECT id, rowid, submitted_on FROM survey_response WHERE survey_id = {survey}",
    "use": "SELECT u.invitation_id, u.rowid FROM survey_invitationuse u "
    "JOIN survey_invitation i ON i.id = u.invitation_id WHERE i.survey_id = {survey}",
    "invitation": "SELECT id, rowid, email, sent_on FROM survey_invitation "
    "WHERE survey_id = {survey}",
}
SQLITE_FEATURES = {
    "response": ["rowid", "submitted_on"],
    "use": ["rowid"],
    "invitation": ["rowid", "email", "sent_on"],
}
POSTGRES = {
    "response": "SELECT id::text, ctid::text, xmin::text, cmin::text, submitted_on::text "
    "FROM survey_response WHERE survey_id = {survey}",
    "use": "SELECT u.invitation_id::text, u.ctid::text, u.xmin::text, u.cmin::text "
    "FROM survey_invitationuse u JOIN survey_invitation i ON i.id = u.invitation_id "
    "WHERE i.survey_id = {survey}",
    "invitation": "SELECT id::text, ctid::text, xmin::text, email, sent_on::text "
    "FROM survey_invitation WHERE survey_id = {survey}",
}
POSTGRES_FEATURES = {
    "response": ["ctid", "xmin", "cmin", "submitted_on"],
    "use": ["ctid", "xmin", "cmin"],
    "invitation": ["ctid", "xmin", "email", "sent_on"],
}


WHEN = {"moment", "bytes", "xmin", "cmin"}


def _value(name: str, raw):
    if name == "ctid":  # "(block,offset)"
        block, offset = raw.strip("()").split(",")
        return (int(block), int(offset))
    if name in ("xmin", "cmin", "rowid"):
        return int(raw)
    return "" if raw is None else str(raw)


def _key(raw) -> str:
    return uuid.UUID(str(raw)).hex


@dataclass
class Attacker:
    vendor: str  # "sqlite" or "postgresql"
    survey: int
    moments: int = 0
    rows: dict[str, dict[str, dict]] = field(
        default_factory=lambda: {"response": {}, "use": {}, "invitation": {}}
    )
    bytes_seen: dict[str, int] = field(default_factory=dict)  # id -> first copy holding it
    baseline: dict[str, int] = field(default_factory=dict)  # invitation id -> count at first

    def look(self, sql: Sql, raw: bytes | None = None) -> None:
        """One copy: its rows (and, for SQLite, the bytes of database and WAL together)."""
        queries = SQLITE if self.vendor == "sqlite" else POSTGRES
        features = SQLITE_FEATURES if self.vendor == "sqlite" else POSTGRES_FEATURES
        for table, query in queries.items():
            for record in sql(query.format(survey=self.survey)):
                key = _key(record[0])
                row = dict(zip(features[table], record[1:], strict=True))
                seen = self.rows[table].setdefault(key, {"moment": self.moments})
                seen.update({name: _value(name, value) for name, value in row.items()})
                seen["key"] = key
        if raw is not None:
            self._look_at_bytes(raw)
        self.moments += 1

    def _look_at_bytes(self, raw: bytes) -> None:
        for key in self.rows["response"]:
            if key not in self.bytes_seen and key.encode() in raw:
                self.bytes_seen[key] = self.moments
        for key in self.rows["invitation"]:
            count = raw.count(key.encode())
            self.baseline.setdefault(key, count)
            if f"use:{key}" not in self.bytes_seen and count > self.baseline[key]:
                self.bytes_seen[f"use:{key}"] = self.moments

    # -- the attacks ----------------------------------------------------------------------
    def features(self, table: str) -> dict[str, Callable[[dict], object]]:
        names = (SQLITE_FEATURES if self.vendor == "sqlite" else POSTGRES_FEATURES)[table]
        out: dict[str, Callable[[dict], object]] = {n: (lambda r, n=n: r[n]) for n in names}
        out["key"] = lambda r: r["key"]
        if table in ("response", "use"):
            out["moment"] = lambda r: r["moment"]
        if self.vendor == "sqlite" and table == "response":
            out["bytes"] = lambda r: self.bytes_seen.get(r["key"], -1)
        if self.vendor == "sqlite" and table == "use":
            out["bytes"] = lambda r: self.bytes_seen.get(f"use:{r['key']}", -1)
        return out

    def candidates(self) -> dict[str, int]:
        """Per feature that says *when* (the copy, the transaction, the statement within it):
        the smallest number of use marks closest to one response (1 = that response's
        invitation is named). (Positions — rowid, ctid, keys — are for :meth:`paired`: two
        tables' rows at equal positions are close by construction, right only by order.)"""
        responses, uses = self.rows["response"], list(self.rows["use"].values())
        shared = self.features("response").keys() & self.features("use").keys() & WHEN
        smallest = {}
        for name in sorted(shared):
            of_response, of_use = self.features("response")[name], self.features("use")[name]
            sizes = []
            for response in responses.values():
                distances = [_distance(of_response(response), of_use(u)) for u in uses]
                if distances:
                    sizes.append(distances.count(min(distances)))
            smallest[name] = min(sizes, default=len(uses))
        return smallest

    def paired(self, truth: dict[str, str]) -> dict[str, int]:
        """Right matches when the responses and the used invitations (as use marks and as
        invitations) are paired by rank, for every pair of features (a second feature breaks
        ties). ``truth``: response key -> invitation key."""
        responses = [r for r in self.rows["response"].values() if r["key"] in truth]
        used = set(truth.values())
        sides = {
            "use": [u for u in self.rows["use"].values() if u["key"] in used],
            "invitation": [i for i in self.rows["invitation"].values() if i["key"] in used],
        }
        out = {}
        response_orders = list(_orders(self.features("response")))
        for side, rows in sides.items():
            for (a, by_a), (b, by_b) in product(response_orders, _orders(self.features(side))):
                left = sorted(responses, key=by_a)
                right = sorted(rows, key=by_b)
                right_keys = [r["key"] for r in right]
                out[f"response {a} ~ {side} {b}"] = sum(
                    truth[r["key"]] == k for r, k in zip(left, right_keys, strict=False)
                )
        return out


def _orders(features: dict[str, Callable[[dict], object]]):
    """Every feature alone and every ordered pair of them (the second breaking ties)."""
    names = sorted(features)
    for a in names:
        yield a, lambda r, a=a: (features[a](r),)
        for b in names:
            if b != a:
                yield f"{a}+{b}", lambda r, a=a, b=b: (features[a](r), features[b](r))


def _distance(x, y) -> float:
    if isinstance(x, tuple):  # ctid: a block apart counts more than any offset
        return abs((x[0] - y[0]) * 10_000 + (x[1] - y[1]))
    if isinstance(x, int):
        return abs(x - y)
    return 0 if x == y else 1


def readable(raw: bytes) -> bytes:
    """``raw`` and everything an attacker decodes out of it: every run of base64 characters
    (a signed Django value ``payload:time:signature`` split at its colons; a leading dot
    meaning zlib) decoded, and decompressed where it is zlib data."""
    import base64
    import contextlib
    import re
    import zlib

    found = [raw]
    for run in re.findall(rb"[A-Za-z0-9_\-.:+/=]{24,}", raw):
        for chunk in run.split(b":"):
            chunk = chunk.lstrip(b".")
            for decode in (base64.urlsafe_b64decode, base64.b64decode):
                try:
                    data = decode(chunk + b"=" * (-len(chunk) % 4))
                except ValueError:
                    continue
                found.append(data)
                with contextlib.suppress(zlib.error):
                    found.append(zlib.decompress(data))
    return b"\n".join(found)
