"""weiquan's running application: everything that does I/O around the pure engine.

`app` (wiring), `config` (the only reader of the environment), `service` (dedupe, per-user order,
load, step, ONE commit), `scheduler` (reminders due and evidence reports, as events into the
service), `transport` (the protocol adapters implement), `clock`; and the packages `store` (all
SQL), `delivery` (the outbox sender and the job worker), `evidence`, `dossier`, `desk`, `ops`,
`cli`, `adapters`. README "Architecture" maps every module.
"""
