"""The JSON text an event writes (bot/store/jsontext.py: the session, the case, each reply's
outbox row) reads back as what the standard library wrote: a reply reaches the shopper as it
was worded, whichever encoder wrote its row."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.store.jsontext import dumpb, dumps, loads
from dialogs.actions import _BY_KIND, Button, SendText, from_payload, to_payload
from tests.test_action_payloads import JSONISH, built


@settings(max_examples=30, deadline=None)
@given(st.data())
def test_every_action_reads_back_as_its_payload(data: st.DataObject) -> None:
    for cls in _BY_KIND.values():
        action = data.draw(built(cls), label=cls.__name__)
        text = dumps(action)  # the sender reads its row with the standard library
        assert json.loads(text) == json.loads(json.dumps(to_payload(action), ensure_ascii=False))
        assert from_payload(json.loads(text)) == from_payload(to_payload(action))


@settings(max_examples=60, deadline=None)
@given(JSONISH)
def test_plain_values_are_written_as_the_standard_library_reads_them(value: Any) -> None:
    text = dumps(value)  # integers past 64 bits too: the standard library writes those
    assert json.loads(text) == json.loads(json.dumps(value))


@settings(max_examples=60, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers(-2**63, 2**64 - 1) | st.text(),
                    lambda inner: st.lists(inner, max_size=3) |
                    st.dictionaries(st.text(max_size=5), inner, max_size=3), max_leaves=8))
def test_what_a_snapshot_holds_reads_back_as_itself(value: Any) -> None:
    """Its numbers are ids and counters: orjson reads integers within 64 bits exactly."""
    assert loads(dumps(value)) == value == json.loads(json.dumps(value))


def test_chinese_is_written_as_itself_and_number_keys_as_text() -> None:
    reply = SendText(chat_id=7, text="请选择：\n“假货”", buttons=((Button("是", "f:1:y"),),))
    assert "请选择" in dumps(reply) and from_payload(loads(dumps(reply))) == reply
    assert json.loads(dumps({1: "一", "2": [3**50]})) == {"1": "一", "2": [3**50]}


@settings(max_examples=40, deadline=None)
@given(JSONISH)
def test_bytes_bound_by_the_sqlite_store_are_stored_as_the_same_text(value: Any) -> None:
    """The SQLite store binds JSON as UTF-8 bytes through CAST(? AS TEXT): what other readers
    of the file (the CLI, json_extract) find is the text dumps writes, typed as text."""
    conn = sqlite3.connect(":memory:")
    stored, kind = conn.execute("SELECT CAST(? AS TEXT), typeof(CAST(? AS TEXT))",
                                [dumpb(value), dumpb(value)]).fetchone()
    assert (stored, kind) == (dumps(value), "text")
    (back,) = conn.execute("SELECT CAST(? AS BLOB)", [stored]).fetchone()
    assert loads(back) == loads(stored)
