"""Around the pure engine: recognise a redelivered update, take the user's lock, load, step, commit.

Everything one event causes — session, case, timeline, processed update id and the outbox rows
of the replies — is written in ONE transaction.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bot.store.contract import Store
from bot.store.handovers import DeskConfig
from dialogs.actions import (
    Action,
    Ban,
    EditRelayed,
    HandoverChange,
    Relabel,
    Reschedule,
    SendText,
    TallyChange,
    to_payload,
)
from dialogs.callbacks import tally_case
from dialogs.engine import step
from dialogs.events import Incoming, Kind
from dialogs.flows.desk import DeskView, desk_step
from dialogs.snapshot import Snapshot
from dialogs.texts import normalise_lang, t

log = logging.getLogger(__name__)


def utc_key(moment: datetime) -> str:
    """Fixed-width UTC text, so the outbox can compare times as strings in an index."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")


@dataclass(frozen=True)
class Outcome:
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
            return self.handle_now(ev, also)

    def handle_now(self, ev: Incoming, also: Sequence[int] = ()) -> Outcome:
        if self.desk.configured and ev.chat_id == self.desk.operator_chat:
            return self._desk_now(ev)
        with self.store.transaction():
            if ev.update_id is not None and self.store.is_processed(self.source, ev.update_id):
                return Outcome(applied=False)
            if self.bans.is_banned(ev.user_id) or ev.kind == Kind.EDITED:
                return self._aside_now(ev)
            now = self.clock.now()
            lang = normalise_lang(ev.lang, self.default_lang)
            before = self._load(ev.user_id, ev.chat_id, lang, now,
                                look_up=tally_case(ev.button) if ev.kind == Kind.BUTTON else None)
            after, actions = self._step(before, ev, now)
            stamp = now.isoformat(timespec="seconds")
            self.store.save(before, after, stamp)
            self.store.rows.unblock(ev.user_id)  # they wrote: a block is over, reminders resume
            if ev.kind == Kind.TEXT and ev.text.strip():
                self.handovers.remember(ev.user_id, ev.text.strip(), stamp)
            if ev.update_id is not None:
                self.store.mark_processed(self.source, ev.update_id, ev.user_id, stamp)
            for update_id in also:
                if not self.store.is_processed(self.source, update_id):
                    self.store.mark_processed(self.source, update_id, ev.user_id, stamp)
            self._apply(actions, ev.user_id, ev.chat_id, after.session.current_case_id, now)
        return Outcome(applied=True, actions=tuple(actions))

    def _aside_now(self, ev: Incoming) -> Outcome:
        """What never reaches the engine, inside the caller's transaction: a banned shopper's
        message (dropped unread and unanswered: they were told once, at the ban) and an edit
        (relayed as an edit of its copy in the advisers' group, if it was copied there)."""
        stamp = self.clock.now().isoformat(timespec="seconds")
        actions: list[Action] = []
        copy = self.handovers.copy_of(ev.user_id, ev.message_id_in) \
            if ev.kind == Kind.EDITED and ev.message_id_in is not None else None
        if copy is not None and not self.bans.is_banned(ev.user_id):
            actions.append(EditRelayed(user_id=ev.user_id, group_chat_id=copy[0],
                                       message_id=copy[1], text=ev.text or ev.caption,
                                       caption=not ev.text))
            self.store.enqueue(ev.user_id, ev.chat_id, "edit_relayed", to_payload(actions[0]),
                               utc_key(self.clock.now()), stamp, None)
        if ev.update_id is not None:
            self.store.mark_processed(self.source, ev.update_id, ev.user_id, stamp)
        return Outcome(applied=True, actions=tuple(actions))

    def _load(self, user_id: int, chat_id: int, lang: str, now: datetime,
              look_up: int | None = None) -> Snapshot:
        """`look_up`: a case whose shopper pressed a tally button (similar shops are found)."""
        snap = self.store.load(user_id, chat_id, lang, self.tz)
        snap.tally = self.store.tally.notes(user_id, list(snap.cases.values()), look_up)
        snap.handover = self.handovers.note_for(user_id)
        snap.desk = self.desk.view(now, self.handovers.waiting())
        snap.recent = self.handovers.recent(user_id)
        return snap

    def _apply(self, actions: list[Action], user_id: int, chat_id: int, case_id: int | None,
               now: datetime) -> None:
        """Actions that change rows are written now; the rest become outbox rows."""
        stamp = now.isoformat(timespec="seconds")
        for action in actions:
            if isinstance(action, Relabel):
                self.store.relabel(action.user_id, action.item_ids, action.label)
            elif isinstance(action, TallyChange):
                if action.op == "join" and action.case_id is not None:
                    self.store.tally.join(action.case_id, action.user_id, action.shop_id, stamp)
                elif action.op == "leave":
                    self.store.tally.leave(action.user_id, action.case_id)
            elif isinstance(action, HandoverChange):
                self.handovers.apply(action, stamp)
            elif isinstance(action, Ban):
                (self.bans.ban(action.user_id, action.adviser_id, stamp) if action.on
                 else self.bans.unban(action.user_id))
            elif isinstance(action, Reschedule):
                self.store.reschedule(action.case_id, user_id, chat_id, [
                    (utc_key(datetime.fromisoformat(r["due_at"])),
                     {**r, "case_id": action.case_id}) for r in action.reminders], stamp)
            else:
                self.store.enqueue(user_id, chat_id, action.kind, to_payload(action),
                                   utc_key(now), stamp, case_id)

    def _desk_now(self, ev: Incoming) -> Outcome:
        """A message in the advisers' group: routed to the shopper it concerns, if any."""
        with self.store.transaction():
            if ev.update_id is not None and self.store.is_processed(self.source, ev.update_id):
                return Outcome(applied=False)
            now = self.clock.now()
            user = self.handovers.user_for(ev.chat_id, ev.thread_id, ev.reply_to)
            stale = user is None and (ev.thread_id is not None or
                                      self.handovers.ours(ev.chat_id, ev.reply_to))
            target = self._ban_target(ev, user)
            if target is not None:
                user = target  # /ban, /unban: that shopper's snapshot
            before = self._load(user, user, self.default_lang, now) if user is not None else None
            asked = ev.args.strip() if ev.command == "shop" and ev.kind == Kind.COMMAND \
                and ev.user_id in self.desk.operators else ""
            view = DeskView(ev=ev, is_adviser=ev.user_id in self.desk.operators,
                            handover_user=user, queue=self.handovers.queue(), stale=stale,
                            lang=self.desk.lang, target=target,
                            banned=target is not None and self.bans.is_banned(target),
                            shop_report=self.store.tally.report(asked) if asked else None)
            try:
                after, actions = desk_step(view, before, self.kb, now)
            except Exception:
                log.exception("advisers' desk failed on a group message")
                after, actions = before, []
            stamp = now.isoformat(timespec="seconds")
            if before is not None and after is not None:
                self.store.save(before, after, stamp)
            if ev.update_id is not None:
                self.store.mark_processed(self.source, ev.update_id, ev.user_id, stamp)
            target = user if user is not None else ev.user_id
            self._apply(actions, target, before.session.chat_id if before else ev.chat_id,
                        before.session.current_case_id if before else None, now)
        return Outcome(applied=True, actions=tuple(actions))

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
        except Exception:  # the engine is tested never to raise; if it does, answer and keep data
            log.exception("engine failed on an update of user %s", ev.user_id)
            return before, [SendText(chat_id=ev.chat_id,
                                     text=t(before.session.lang, "error.generic"))]
