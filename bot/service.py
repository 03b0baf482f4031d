"""Around the pure engine: recognise a redelivered update, take the user's lock, load, step, commit.

Everything one event causes — session, case, timeline, processed update id and the outbox rows
of the replies — is written in ONE transaction.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any, NamedTuple

from bot.clock import utc_key
from bot.desk.config import DeskConfig
from bot.store.contract import Store
from bot.store.records import Queued
from dialogs.actions import (
    Action,
    Ban,
    HandoverChange,
    Relabel,
    ReminderWorded,
    Reschedule,
    SendText,
    TallyChange,
    to_payload,
)
from dialogs.callbacks import tally_case
from dialogs.engine import step
from dialogs.events import DeskFacts, Incoming
from dialogs.events import Kinds as Kind
from dialogs.snapshot import Session, Snapshot
from dialogs.texts import normalise_lang

log = logging.getLogger(__name__)
# actions that change rows rather than go out (everything else becomes an outbox row)
_WRITTEN = (Relabel, HandoverChange, TallyChange, ReminderWorded, Ban, Reschedule)
CONFLICT_TRIES = 12  # runs of one event that lost a race with another transaction
CONFLICT_PAUSE = 0.004  # seconds, times the attempt, at most, before the next run (jittered)


class Outcome(NamedTuple):
    """What one event did. A named tuple: made once an event, some 1.4 µs less than a frozen
    dataclass, and as immutable."""

    applied: bool  # False: a redelivered update, recognised and skipped
    actions: tuple[Action, ...] = ()


class Service:
    def __init__(self, store: Store, kb: Any, clock: Any, *, source: str = "telegram",
                 default_lang: str = "zh", tz: str = "Asia/Shanghai",
                 desk: DeskConfig | None = None) -> None:
        self.store, self.kb, self.clock = store, kb, clock
        self.source, self.default_lang, self.tz = source, default_lang, tz
        self.desk = desk or DeskConfig(operator_chat=None, operators=frozenset())
        self.handovers = store.handovers
        self.bans = store.bans
        self._locks: defaultdict[int, asyncio.Lock] = defaultdict(asyncio.Lock)

    async def handle(self, ev: Incoming, also: Sequence[int] = ()) -> Outcome:
        """One user's updates strictly in order; different users interleave freely.
        `also`: more update ids this event stands for (an album's other parts)."""
        async with self._locks[ev.user_id]:
            if self.store.concurrent:  # the loop serves other users while this one's
                return await asyncio.to_thread(self.handle_now, ev, also)  # statements travel
            return self.handle_now(ev, also)

    def handle_now(self, ev: Incoming, also: Sequence[int] = ()) -> Outcome:
        """One event, one transaction; run again from the start (load, step, save: the step is
        pure) when another transaction got there first — two users' events taking the same
        next case id at once on PostgreSQL (`store.conflicts`; never on SQLite's one writer)."""
        for attempt in range(1, CONFLICT_TRIES + 1):
            try:
                return self._handle_once(ev, also)
            except self.store.conflicts as exc:
                if attempt == CONFLICT_TRIES:
                    raise
                log.info("update %s of user %s met a concurrent commit, run again: %s",
                         ev.update_id, ev.user_id, exc)
                # racers that met spread out (in a worker thread: the store is concurrent)
                time.sleep(random.uniform(0, CONFLICT_PAUSE * attempt))
        raise AssertionError("unreachable")

    def _handle_once(self, ev: Incoming, also: Sequence[int]) -> Outcome:
        with self.store.transaction():
            # other processes (replicas) wait here for this user: their updates in order
            self.store.lock_user(ev.user_id)
            now = self.clock.now()
            stamp = now.isoformat(timespec="seconds")
            # recorded as applied up front, in this transaction: a redelivery is skipped here
            if ev.update_id is not None and not self.store.claim_update(
                    self.source, ev.update_id, ev.user_id, stamp):
                self._settle_row(ev)
                return Outcome(applied=False)
            ev, before, kept, blocked = self._load_for(ev, now)
            after, actions = self._step(before, ev, now)
            # what did not reach the conversation (an edit, a banned shopper's message) keeps
            # nothing and lifts no block
            aside = ev.desk is None and (ev.kind == Kind.EDITED or
                                         before.banned and ev.kind != Kind.REMINDER)
            if kept and not aside:  # with what a shopper wrote, for the advisers' card
                self.store.save(before, after, stamp, ev.text.strip() if ev.desk is None and
                                ev.kind == Kind.TEXT else "")
            if ev.desk is None and ev.kind != Kind.REMINDER and not aside and blocked:
                self.store.rows.unblock(ev.user_id)  # they wrote: a block is over
            for update_id in also:
                self.store.claim_update(self.source, update_id, ev.user_id, stamp)
            # a group message's replies are filed under the shopper it concerns, if any
            user, chat = (after.session.user_id, after.session.chat_id) if ev.desk else \
                (ev.user_id, ev.chat_id)
            self._apply(actions, user, chat, after.session.current_case_id, now, stamp)
            self._settle_row(ev)
        return Outcome(True, tuple(actions))

    def _in_group(self, ev: Incoming) -> bool:
        return self.desk.configured and ev.chat_id == self.desk.operator_chat

    def _load_for(self, ev: Incoming, now: datetime) -> tuple[Incoming, Snapshot, bool, bool]:
        """The event (with what the service knows of it), the snapshot it changes, whether it is
        kept (False: a blank snapshot, for a message in the advisers' group that concerns no
        shopper) and whether its user may have blocked the bot."""
        if not self._in_group(ev):
            if ev.kind == Kind.EDITED and ev.message_id_in is not None:
                ev = replace(ev, copy_in_group=self.handovers.copy_of(ev.user_id,
                                                                      ev.message_id_in))
            pressed = tally_case(ev.button) if ev.kind == Kind.BUTTON else None
            return ev, *self._load(ev.user_id, ev.chat_id,
                                   normalise_lang(ev.lang, self.default_lang), now, pressed)
        user = self.handovers.user_for(ev.chat_id, ev.thread_id, ev.reply_to)
        if user is not None and user != ev.user_id:  # the shopper an adviser's message is for
            self.store.lock_user(user)
        stale = user is None and (ev.thread_id is not None or
                                  self.handovers.ours(ev.chat_id, ev.reply_to))
        target = self._ban_target(ev, user)
        if target is not None:
            if target not in (user, ev.user_id):
                self.store.lock_user(target)
            user = target  # /ban, /unban: that shopper's snapshot
        adviser = ev.user_id in self.desk.operators
        asked = ev.args.strip() if adviser and ev.kind == Kind.COMMAND and \
            ev.command == "shop" else ""
        facts = DeskFacts(is_adviser=adviser, handover_user=user,
                          queue=tuple(self.handovers.queue()), stale=stale, lang=self.desk.lang,
                          target=target,
                          banned=target is not None and self.bans.is_banned(target),
                          shop_report=self.store.tally.report(asked) if asked else None)
        ev = replace(ev, desk=facts)
        if user is None:
            return ev, Snapshot(session=Session(user_id=ev.user_id, chat_id=ev.chat_id,
                                                lang=self.default_lang), tz=self.tz), False, False
        return ev, *self._load(user, user, self.default_lang, now)

    def _settle_row(self, ev: Incoming) -> None:
        """A download job's report is in: its row is done, in the report's commit."""
        if ev.kind == Kind.EVIDENCE and ev.row_id is not None:
            self.store.mark_sent(ev.row_id, self.clock.now().isoformat(timespec="seconds"))

    def _load(self, user_id: int, chat_id: int, lang: str, now: datetime,
              look_up: int | None = None) -> tuple[Snapshot, bool, bool]:
        """The snapshot, kept, and whether the user may have blocked the bot. `look_up`: a case
        whose shopper pressed a tally button (similar shops are found)."""
        snap, waiting, blocked = self.store.load_event(user_id, chat_id, lang, self.tz, look_up)
        snap.desk = self.desk.view(now, waiting)
        return snap, True, blocked

    def _apply(self, actions: list[Action], user_id: int, chat_id: int, case_id: int | None,
               now: datetime, stamp: str) -> None:
        """Actions that change rows are written now; the rest become outbox rows, due now, each
        run of them in one statement. `stamp`: `now` as the rows' times are written."""
        due = utc_key(now) if actions else ""
        queued: list[Queued] = []
        for action in actions:
            if not isinstance(action, _WRITTEN):
                queued.append((user_id, chat_id, action.kind, action, due, stamp, case_id))
                continue
            self.store.enqueue_all(queued)  # before what follows them, as the actions say
            queued.clear()
            if isinstance(action, Relabel):
                self.store.relabel(action.user_id, action.item_ids, action.label)
            elif isinstance(action, HandoverChange):
                self.handovers.apply(action, stamp)
            elif isinstance(action, TallyChange):
                if action.op == "join" and action.case_id is not None:
                    self.store.tally.join(action.case_id, action.user_id, action.shop_id, stamp)
                elif action.op == "leave":
                    self.store.tally.leave(action.user_id, action.case_id)
            elif isinstance(action, ReminderWorded):
                self._word(action, stamp)
            elif isinstance(action, Ban):
                (self.bans.ban(action.user_id, action.adviser_id, stamp) if action.on
                 else self.bans.unban(action.user_id))
            elif isinstance(action, Reschedule):
                self.store.reschedule(action.case_id, user_id, chat_id, [
                    (utc_key(datetime.fromisoformat(r["due_at"])),
                     {**r, "case_id": action.case_id}) for r in action.reminders], stamp)
        self.store.enqueue_all(queued)

    def _word(self, action: ReminderWorded, stamp: str) -> None:
        """A due reminder row gets its words (the outbox sends it, at most once), or ends."""
        if action.message is not None:
            self.store.word_reminder(action.row_id, to_payload(action.message))
        elif action.failed:
            self.store.rows.end(action.row_id, "failed", f"cannot be worded: {action.failed}")
        else:
            self.store.mark_skipped(action.row_id, stamp)

    def _ban_target(self, ev: Incoming, user: int | None) -> int | None:
        """/ban and /unban: the user id given, else the shopper of the topic or reply."""
        if ev.kind != Kind.COMMAND or ev.command not in ("ban", "unban"):
            return None
        given = ev.args.split()[0] if ev.args.split() else ""
        if given.isdigit():
            return int(given)
        return user or self.handovers.last_user_for(ev.chat_id, ev.thread_id, ev.reply_to)

    def _step(self, before: Snapshot, ev: Incoming, now: datetime) -> tuple[Snapshot,
                                                                          list[Action]]:
        try:
            return step(before, ev, self.kb, now)
        except Exception as exc:  # tested never to raise; if it does, answer and keep data
            log.exception("engine failed on an update of user %s", ev.user_id)
            if ev.desk is not None:  # a group message: the advisers see nothing happen
                return before, []
            if ev.reminder is not None:  # not the user's doing: no apology, the row ends
                return before, [ReminderWorded(ev.reminder.row_id, None, failed=repr(exc))]
            return before, [SendText(chat_id=ev.chat_id,
                                     text=self.kb.texts.t(before.session.lang, "error.generic"))]
