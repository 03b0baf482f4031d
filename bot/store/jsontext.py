"""JSON text on an event's path: the session, the case, the outbox rows of the replies.

orjson (a C library) encodes and decodes these some five times faster than the standard
library (make bench: ~25 µs an event of ~10 encodings and decodings). Its text is compact (no
blanks after `,` and `:`) and reads back as the same values. Whatever orjson refuses (an
integer past 64 bits, a value it does not know) goes through the standard library, as before;
so does everything when orjson is not installed yet (a venv from before it was a dependency).
Read back, integers within 64 bits come back exact (a snapshot's numbers are ids and counters;
orjson would read a larger one as a float).
Dataclasses (an action and its buttons) are written as the objects of their fields, in order,
as dialogs/actions.py to_payload_json writes them.
`dumpb` is `dumps` as UTF-8 bytes: what orjson writes, before the text is made of it. The
SQLite store binds these (`CAST(? AS TEXT)`: stored as the same text) and reads its JSON columns
as bytes: a text of Chinese made from bytes and turned back into bytes for SQLite costs some
1.5 µs each way (make bench: about 9 µs an event of a session, a case and a reply).
"""

from __future__ import annotations

import json
from typing import Any

try:
    import orjson
except ImportError:  # pragma: no cover - the dependency is in pyproject.toml
    orjson = None  # type: ignore[assignment]


def _fields_of(value: Any) -> dict[str, Any]:
    """A dataclass as the standard encoder's default sees it: its fields, in their order."""
    if hasattr(type(value), "__dataclass_fields__"):
        return {name: getattr(value, name) for name in type(value).__dataclass_fields__}
    raise TypeError(f"not JSON: {type(value).__name__}")


_standard = json.JSONEncoder(ensure_ascii=False, check_circular=False, default=_fields_of).encode

if orjson is not None:
    _OPTIONS = orjson.OPT_NON_STR_KEYS  # {1: …} as {"1": …}, as the standard library writes it
    _encode, loads = orjson.dumps, orjson.loads

    def dumps(value: Any) -> str:
        """`value` (dicts, lists, scalars, dataclasses) as JSON text."""
        try:
            return _encode(value, option=_OPTIONS).decode()
        except TypeError:  # orjson.JSONEncodeError: the standard library may still manage
            return _standard(value)

    def dumpb(value: Any) -> bytes:
        """`dumps(value)` as UTF-8 bytes."""
        try:
            return _encode(value, option=_OPTIONS)
        except TypeError:
            return _standard(value).encode()

    def dumpba(value: Any) -> bytearray:
        """`dumpb(value)` as a bytearray: Python's sqlite3 binds a bytearray (as a str, an int, a
        float) without asking its adapter protocol, which it asks of bytes and None."""
        try:
            return bytearray(_encode(value, option=_OPTIONS))
        except TypeError:
            return bytearray(_standard(value).encode())
else:  # pragma: no cover
    dumps, loads = _standard, json.loads

    def dumpb(value: Any) -> bytes:
        return _standard(value).encode()

    def dumpba(value: Any) -> bytearray:
        return bytearray(_standard(value).encode())


__all__ = ["dumpb", "dumpba", "dumps", "loads"]
