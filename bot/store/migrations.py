"""The schema, as an ordered list of migrations applied at start-up (sqlite-utils Migrations)."""

from __future__ import annotations

import sqlite3
import time

from sqlite_utils import Database, Migrations

migrations = Migrations("weiquan")
RACE_TRIES = 20  # processes starting at once on one new file (replicas): who migrates wins


def apply_migrations(db: Database) -> None:
    """Every pending migration. Several processes may start on one file at the same moment
    (replicas on one machine): each migration commits with its record, so the loser of a race
    fails on a table the winner made, finds it applied, and goes on."""
    for attempt in range(1, RACE_TRIES + 1):
        try:
            migrations.apply(db)
            return
        except sqlite3.DatabaseError:  # a table or record the winner made first
            if db.conn.in_transaction:
                db.conn.execute("ROLLBACK")
            if not migrations.pending(db):
                return
            if attempt == RACE_TRIES:
                raise
            time.sleep(0.05 * attempt)  # the winner's next migration is on its way


@migrations()
def m001_core(db: Database) -> None:
    db.execute("""CREATE TABLE users (
        id INTEGER PRIMARY KEY, chat_id INTEGER NOT NULL, lang TEXT NOT NULL,
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL)""")
    db.execute("""CREATE TABLE sessions (
        user_id INTEGER PRIMARY KEY REFERENCES users(id), state TEXT NOT NULL,
        data TEXT NOT NULL, updated_at TEXT NOT NULL)""")
    db.execute("""CREATE TABLE cases (
        id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id),
        category TEXT, status TEXT NOT NULL, fields TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL)""")
    db.execute("CREATE INDEX cases_user ON cases(user_id, id)")
    # The timeline is append-only: rows are inserted, never updated or deleted by the engine.
    db.execute("""CREATE TABLE case_events (
        id INTEGER PRIMARY KEY AUTOINCREMENT, case_id INTEGER NOT NULL REFERENCES cases(id),
        kind TEXT NOT NULL, at TEXT NOT NULL, note TEXT NOT NULL DEFAULT '',
        recorded_at TEXT NOT NULL)""")
    db.execute("CREATE INDEX case_events_case ON case_events(case_id, at)")
    db.execute("""CREATE TABLE processed_updates (
        source TEXT NOT NULL, update_id INTEGER NOT NULL, user_id INTEGER,
        processed_at TEXT NOT NULL, PRIMARY KEY (source, update_id))""")
    db.execute("""CREATE TABLE outbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT, user_id INTEGER NOT NULL, chat_id INTEGER NOT NULL,
        case_id INTEGER, kind TEXT NOT NULL, payload TEXT NOT NULL,
        due_at TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'pending',
        attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT,
        created_at TEXT NOT NULL, sent_at TEXT)""")
    # The delivery loop asks for due pending rows: a partial index keeps that a range scan.
    db.execute("CREATE INDEX outbox_due ON outbox(due_at, id) WHERE status = 'pending'")
    db.execute("CREATE INDEX outbox_case ON outbox(case_id, kind)")


@migrations()
def m002_evidence(db: Database) -> None:
    # One row per item a user sent for a case; the file lives once per sha256 under
    # WEIQUAN_DATA_DIR/evidence/, so the same file sent twice is one file, two rows at most.
    db.execute("""CREATE TABLE evidence (
        id INTEGER PRIMARY KEY AUTOINCREMENT, user_id INTEGER NOT NULL,
        case_id INTEGER NOT NULL REFERENCES cases(id), sha256 TEXT NOT NULL,
        kind TEXT NOT NULL, label TEXT, caption TEXT NOT NULL DEFAULT '',
        size INTEGER NOT NULL, mime TEXT NOT NULL, file_name TEXT,
        tg_file_id TEXT, tg_unique_id TEXT, forwarded INTEGER NOT NULL DEFAULT 0,
        received_at TEXT NOT NULL, captured_at TEXT)""")
    db.execute("CREATE UNIQUE INDEX evidence_case_hash ON evidence(case_id, sha256)")
    db.execute("CREATE INDEX evidence_user ON evidence(user_id, case_id)")


@migrations()
def m003_reminders(db: Database) -> None:
    db.execute("ALTER TABLE cases ADD COLUMN meta TEXT NOT NULL DEFAULT '{}'")
    # A reminder's key names its rule, kind and deadline: the same key is never sent twice.
    db.execute("ALTER TABLE outbox ADD COLUMN key TEXT")
    db.execute("CREATE INDEX outbox_case_key ON outbox(case_id, key)")


@migrations()
def m004_handovers(db: Database) -> None:
    # A shopper's request for a human adviser; at most one open (waiting or taken) per user.
    db.execute("""CREATE TABLE handovers (
        id INTEGER PRIMARY KEY AUTOINCREMENT, user_id INTEGER NOT NULL, chat_id INTEGER NOT NULL,
        case_id INTEGER, state TEXT NOT NULL, adviser_id INTEGER, reason TEXT NOT NULL DEFAULT '',
        requested_at TEXT NOT NULL, taken_at TEXT, closed_at TEXT, closed_by TEXT,
        thread_id INTEGER, card_message_id INTEGER)""")
    db.execute("CREATE UNIQUE INDEX handovers_one_open ON handovers(user_id) "
               "WHERE state IN ('waiting', 'taken')")
    db.execute("CREATE INDEX handovers_state ON handovers(state, requested_at)")
    db.execute("CREATE INDEX handovers_thread ON handovers(thread_id)")
    # Which advisers'-group message belongs to which hand-over (cards, relayed messages).
    db.execute("""CREATE TABLE relay_links (
        group_chat_id INTEGER NOT NULL, group_message_id INTEGER NOT NULL,
        handover_id INTEGER NOT NULL REFERENCES handovers(id),
        PRIMARY KEY (group_chat_id, group_message_id))""")
    db.execute("""CREATE TABLE handover_notes (
        id INTEGER PRIMARY KEY AUTOINCREMENT, handover_id INTEGER NOT NULL REFERENCES handovers(id),
        adviser_id INTEGER NOT NULL, text TEXT NOT NULL, at TEXT NOT NULL)""")
    # The last few things the user said, for the adviser's card.
    db.execute("""CREATE TABLE recent_messages (
        id INTEGER PRIMARY KEY AUTOINCREMENT, user_id INTEGER NOT NULL, text TEXT NOT NULL,
        at TEXT NOT NULL)""")
    db.execute("CREATE INDEX recent_messages_user ON recent_messages(user_id, id)")


@migrations()
def m005_case_notes(db: Database) -> None:
    # What the shopper wrote that is kept with the case word for word (issue 11: nothing typed
    # is lost): stories told before the form, texts no field took, full texts behind a field.
    db.execute("""CREATE TABLE case_notes (
        id INTEGER PRIMARY KEY AUTOINCREMENT, case_id INTEGER NOT NULL REFERENCES cases(id),
        kind TEXT NOT NULL, field TEXT NOT NULL DEFAULT '', text TEXT NOT NULL, at TEXT NOT NULL)""")
    db.execute("CREATE INDEX case_notes_case ON case_notes(case_id, id)")


@migrations()
def m006_delivery(db: Database) -> None:
    # Every row ends in a state that says what happened: pending, sending (committed before the
    # Bot API call), sent, failed (last_error says why), cancelled, skipped, unknown (a crash or
    # timeout left it unclear whether Telegram got it) or suspended (the user blocked the bot).
    db.execute("ALTER TABLE outbox ADD COLUMN retry_at TEXT")  # a transient failure's next try
    db.execute("ALTER TABLE outbox ADD COLUMN tried_at TEXT")  # first attempt: the retry window
    db.execute("ALTER TABLE outbox ADD COLUMN parts_sent INTEGER NOT NULL DEFAULT 0")
    db.execute("ALTER TABLE outbox ADD COLUMN uncertain INTEGER NOT NULL DEFAULT 0")
    # Chats waiting out a retry hold their later rows back (per-chat order).
    db.execute("CREATE INDEX outbox_held ON outbox(retry_at, chat_id) "
               "WHERE status = 'pending' AND retry_at IS NOT NULL")
    db.execute("CREATE INDEX outbox_state ON outbox(status, id) "
               "WHERE status NOT IN ('sent', 'skipped', 'cancelled')")
    db.execute("ALTER TABLE users ADD COLUMN blocked_at TEXT")
    # Updates whose commit kept failing: answered with an apology, replayed later.
    db.execute("""CREATE TABLE deferred_updates (
        source TEXT NOT NULL, update_id INTEGER NOT NULL, user_id INTEGER, body TEXT NOT NULL,
        error TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, deferred_at TEXT NOT NULL,
        PRIMARY KEY (source, update_id))""")


@migrations()
def m007_downtimes(db: Database) -> None:
    # When the service last showed it was running, and the gaps found at start-up: a late
    # reminder apologises only when its due time fell in one of these gaps.
    db.execute("CREATE TABLE liveness (id INTEGER PRIMARY KEY CHECK (id = 1), seen_at TEXT NOT NULL)")
    db.execute("CREATE TABLE downtimes (from_at TEXT NOT NULL, to_at TEXT NOT NULL)")


@migrations()
def m008_desk_bans(db: Database) -> None:
    # Shoppers an adviser banned (/ban): the bot drops their messages unread until /unban.
    db.execute("""CREATE TABLE bans (
        user_id INTEGER PRIMARY KEY, adviser_id INTEGER NOT NULL, banned_at TEXT NOT NULL)""")
    # Which shopper's message a relayed copy in the advisers' group is, so that an edit of it
    # can be relayed as an edit (NULL: the card, notices, advisers' own messages).
    db.execute("ALTER TABLE relay_links ADD COLUMN user_message_id INTEGER")
    db.execute("CREATE INDEX relay_links_user_message ON relay_links(handover_id, "
               "user_message_id) WHERE user_message_id IS NOT NULL")


@migrations()
def m009_shop_tally(db: Database) -> None:
    # Collective complaints (issue 18): shops by a matching key (and the platform's own id when a
    # link gave one), their keys' character pairs (similar names found by an index) and one row
    # per case counted with the shopper's consent; the shopper's tally question is answered by
    # the covering index shop_tally_shop alone (make bench: tests/bench_tally.py).
    db.execute("""CREATE TABLE shops (
        id INTEGER PRIMARY KEY, key TEXT NOT NULL, name TEXT NOT NULL,
        platform TEXT NOT NULL DEFAULT '', platform_id TEXT, created_at TEXT NOT NULL)""")
    db.execute("CREATE INDEX shops_key ON shops(key)")
    db.execute("CREATE UNIQUE INDEX shops_platform_id ON shops(platform_id) "
               "WHERE platform_id IS NOT NULL")
    db.execute("""CREATE TABLE shop_grams (
        gram TEXT NOT NULL, shop_id INTEGER NOT NULL REFERENCES shops(id),
        PRIMARY KEY (gram, shop_id)) WITHOUT ROWID""")
    db.execute("CREATE INDEX shop_grams_shop ON shop_grams(shop_id)")
    db.execute("""CREATE TABLE shop_tally (
        case_id INTEGER PRIMARY KEY REFERENCES cases(id),
        shop_id INTEGER NOT NULL REFERENCES shops(id), user_id INTEGER NOT NULL,
        category TEXT NOT NULL, month TEXT NOT NULL, opened_at TEXT NOT NULL,
        resolved_at TEXT, consented_at TEXT NOT NULL)""")
    db.execute("CREATE INDEX shop_tally_shop ON shop_tally(shop_id, category, month, user_id, "
               "opened_at, resolved_at)")
    db.execute("CREATE INDEX shop_tally_user ON shop_tally(user_id)")


@migrations()
def m010_outbox_leases(db: Database) -> None:
    # Several senders on one database (issue 15): a row is claimed with a lease, and the claim
    # (bot/store/outbox_leases.py) holds the row's chat for the claimant until the lease ends.
    db.execute("ALTER TABLE outbox ADD COLUMN claimed_by TEXT")
    db.execute("ALTER TABLE outbox ADD COLUMN lease_until TEXT")
    db.execute("CREATE INDEX outbox_claimed ON outbox(chat_id, lease_until) "
               "WHERE status IN ('pending', 'sending') AND claimed_by IS NOT NULL")
    # Send rates shared by every sender (bot/store/pace.py), in seconds since the epoch: each
    # chat's next theoretical slot, and the overall send slots taken.
    db.execute("CREATE TABLE send_pace (key TEXT PRIMARY KEY, tat REAL NOT NULL) WITHOUT ROWID")
    db.execute("CREATE TABLE send_slots (at REAL PRIMARY KEY) WITHOUT ROWID")


@migrations()
def m011_album_parts(db: Database) -> None:
    # Webhook album parts (issue 15): parts of one album may reach different replicas, so they
    # meet here and are applied once, as one event, when the album is quiet. A part is in this
    # table before Telegram is told 200; `owner` and `held_until` are the claim of the replica
    # applying the album (it expires if that replica dies).
    db.execute("""CREATE TABLE album_parts (
        source TEXT NOT NULL, update_id INTEGER NOT NULL, user_id INTEGER NOT NULL,
        album TEXT NOT NULL, body TEXT NOT NULL, received_at TEXT NOT NULL,
        owner TEXT, held_until TEXT, PRIMARY KEY (source, update_id))""")
    db.execute("CREATE INDEX album_parts_album ON album_parts(source, album)")
    db.execute("CREATE INDEX album_parts_user ON album_parts(source, user_id)")


@migrations()
def m012_outbox_lighter(db: Database) -> None:
    # No query looks rows up by (case_id, key): the reminders' dedupe reads a case's reminders
    # through outbox_case (case_id, kind). One index less written by every reply (make bench).
    db.execute("DROP INDEX IF EXISTS outbox_case_key")


@migrations()
def m013_outbox_sending(db: Database) -> None:
    # outbox_state (status, id) WHERE status NOT IN ('sent', 'skipped', 'cancelled') was written
    # by every reply and read by no query: SQLite uses a partial index only when the query
    # repeats its condition, and none does (PostgreSQL's planner does use it: kept there). The
    # rows `sending` are the few a restart, a take-over or the scheduler's report scan look
    # for: their own small index, which a reply queued as `pending` never enters.
    db.execute("DROP INDEX IF EXISTS outbox_state")
    db.execute("CREATE INDEX outbox_sending ON outbox(kind, id) WHERE status = 'sending'")


@migrations()
def m014_recent_in_session(db: Database) -> None:
    # The user's last messages (for the advisers' card) move into their session row, as a JSON
    # array of [text, at], oldest first: the session row is written by nearly every event
    # anyway, so a message remembered costs no statement, row, index entry or page of its own
    # (make bench: some 15 µs an event). Only an event's save writes them, so a user without a
    # session row has none (every shopper's event saves one).
    db.execute("ALTER TABLE sessions ADD COLUMN recent TEXT NOT NULL DEFAULT '[]'")
    db.execute("UPDATE sessions SET recent = (SELECT json_group_array(json_array(text, at)) "
               "FROM (SELECT * FROM (SELECT id, text, at FROM recent_messages AS r "
               "WHERE r.user_id = sessions.user_id ORDER BY id DESC LIMIT 10) ORDER BY id)) "
               "WHERE user_id IN (SELECT user_id FROM recent_messages)")
    db.execute("DROP TABLE recent_messages")


@migrations()
def m015_outbox_ids_without_sequence(db: Database) -> None:
    # AUTOINCREMENT kept the outbox's last id in sqlite_sequence: a row of it read and written
    # by every reply's INSERT, one more page in every event's commit (make bench: some 6 µs an
    # event). Without it SQLite hands out MAX(id) + 1; no id is handed out twice as long as the
    # newest row is never deleted, and it is not: a row to be deleted that is the newest becomes
    # a tombstone instead (bot/store/outbox.py TOMBSTONE_NEWEST). SQLite cannot drop
    # AUTOINCREMENT in place: the table is made again, with every column, row and index.
    (sql,) = db.execute("SELECT sql FROM sqlite_master WHERE type='table' AND name='outbox'"
                        ).fetchone()
    indexes = [r[0] for r in db.execute("SELECT sql FROM sqlite_master WHERE type='index' AND "
                                        "tbl_name='outbox' AND sql IS NOT NULL")]
    high = db.execute("SELECT seq FROM sqlite_sequence WHERE name='outbox'").fetchone()
    db.execute(sql.replace("CREATE TABLE outbox", "CREATE TABLE outbox_new", 1)
               .replace("PRIMARY KEY AUTOINCREMENT", "PRIMARY KEY", 1))
    db.execute("INSERT INTO outbox_new SELECT * FROM outbox")
    db.execute("DROP TABLE outbox")
    db.execute("ALTER TABLE outbox_new RENAME TO outbox")
    for index in indexes:
        db.execute(index)
    db.execute("DELETE FROM sqlite_sequence WHERE name='outbox'")
    if high is not None:  # the newest rows were deleted once: a tombstone keeps their last id
        db.execute("INSERT INTO outbox (id, user_id, chat_id, kind, payload, due_at, status, "
                   "created_at) SELECT ?, 0, 0, 'send_text', '{}', '', 'cancelled', '' "
                   "WHERE ? > (SELECT COALESCE(MAX(id), 0) FROM outbox)", [high[0], high[0]])


@migrations()
def m016_users_by_chat(db: Database) -> None:
    # Every reschedule of a case's reminders (filing, a progress event, a snooze) asks whether
    # the chat blocked the bot, and a 403 marks the chat's users blocked: both looked users up
    # by chat_id, a scan of every user inside the event's transaction. A users row is written
    # once a user (and when their chat or language changes), so the index costs no event.
    db.execute("CREATE INDEX IF NOT EXISTS users_chat ON users(chat_id)")
