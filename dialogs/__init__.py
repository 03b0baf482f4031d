"""The conversation, transport-neutral and pure: no store, no network, no clock, no file.

`engine.step(snapshot, event, kb, now) -> (snapshot', actions)` is the one entrance for every
event; `events`, `actions` and `snapshot` are its values; `specs`, `states` and `machines` the
dialog and case machines (built once, from data); the form, validators, views, timeline and
reminder plan are plain functions; `flows/` holds what each part of a conversation does and
`texts/` every user- and adviser-facing string. Nothing here imports bot, telegram or aiogram.
"""
