"""The outbox row of an action is the same whichever way it is encoded: the service writes
`to_payload_json(action)` (the C encoder walking the action) where it wrote `to_payload`'s dict,
and the sender reads it back with `from_payload`."""

from __future__ import annotations

import json
from dataclasses import fields
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from dialogs.actions import _BY_KIND, Button, SendText, from_payload, to_payload, to_payload_json

JSONISH: st.SearchStrategy[Any] = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                 max_size=3), max_leaves=8)
# the fields typed with Any: tuples of JSON objects (files, reminders)
OBJECTS = st.lists(st.dictionaries(st.text(max_size=5), JSONISH, max_size=3), max_size=2).map(tuple)


def built(cls: type) -> st.SearchStrategy[Any]:
    loose = {f.name: OBJECTS for f in fields(cls) if "Any" in str(f.type)}
    return st.builds(cls, **loose)


@settings(max_examples=30, deadline=None)
@given(st.data())
def test_every_action_encodes_as_its_payload(data: st.DataObject) -> None:
    for cls in _BY_KIND.values():
        action = data.draw(built(cls), label=cls.__name__)
        text = to_payload_json(action)
        assert json.loads(text) == json.loads(json.dumps(to_payload(action), ensure_ascii=False))
        assert text == json.dumps(to_payload(action), ensure_ascii=False)


def test_a_reply_reads_back_as_itself() -> None:
    reply = SendText(chat_id=7, text="请选择：\n“假货”", buttons=((Button("是", "f:1:y"),),))
    assert from_payload(json.loads(to_payload_json(reply))) == reply
