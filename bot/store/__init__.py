"""The store: every SQL statement the application makes lives here.

`sqlite` (the SQLite store: sessions, cases, timeline, processed updates, outbox), `migrations`
(the schema), `atomic` (the one way to open a write transaction), `checkpoints` (WAL
checkpoints off the hot path), `cases` (cases as the CLI shows them), `handovers` (hand-over
requests, queue, threads and message links), `outbox_rows` (the outbox rows' delivery states).

Import the module you need (`from bot.store.sqlite import Store`): this package imports nothing
itself, so a start that needs no database does not pay for sqlite-utils.
"""
