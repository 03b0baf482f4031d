"""The store: every SQL statement the application makes lives here, behind one protocol.

`contract` (the `Store` protocol: what the application may ask, whatever database answers),
`opening` (`open_store`: which implementation a configured location means), `records` (the plain
values stores hand back). The SQLite store: `sqlite` (connection, transactions, sessions, cases,
timeline), with modules named for what they hold — `updates` (processed and deferred updates),
`outbox` (the queue), `outbox_rows` (delivery states), `liveness`, `evidence`, `users`,
`handovers`, `bans`, `tally` (shops' tallies of collective complaints), `case_rows` (cases as the
CLI reads them), `purges` (retention), `probes` (read-only questions from other threads) — and
`migrations` (the schema), `atomic` (the one way to open a write transaction), `checkpoints` (WAL
checkpoints off the hot path). `cases` shapes a case into the JSON of CONTRACT.md over any store.
tests/store_contract/ runs one suite over every store.

Import the module you need (`from bot.store.contract import Store`): this package imports
nothing itself, so a start that needs no database does not pay for sqlite-utils.
"""

__all__: list[str] = []
