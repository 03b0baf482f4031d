"""The PostgreSQL store (issue 15): `WEIQUAN_DB=postgresql://…`.

`store` (`PostgresStore`: the Store protocol, extending the SQLite store where the dialects
agree), `sql` (the connection pool, one connection per transaction, placeholders translated),
`queue` and `areas` (the statements whose dialect differs), `migrations` (the schema, numbered,
recorded in `schema_migrations`, applied at open), `probes` (read-only questions from other
threads).
"""

__all__: list[str] = []
