"""The shops' tallies of collective complaints, in SQLite: which cases are counted at which shop
(only with the shopper's consent), and the counts the shopper and the advisers are told.

Tables (bot/store/migrations.py m008): `shops` (a matching key, the name shown, the platform and its
shop/seller id when known), `shop_grams` (the key's character pairs: similar names are found by
an index, not by reading every shop) and `shop_tally` (one row per counted case; deleted when
consent is withdrawn or the shopper is forgotten; shops left without a case go with them).
"""

from __future__ import annotations

import json
import statistics
from collections import Counter
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from dialogs.snapshot import Case
from dialogs.tally_notes import Counts, ShopRef, ShopReport, TallyNote
from knowledge.shops import SIMILAR, ShopName, alike, grams, identify, key_of, platform_id

RESOLVED = ("resolved", "closed")
CANDIDATES = 50  # shops sharing the most character pairs, compared by alike()
OFFERED = 3  # similar names offered to the shopper at most
# The shopper's question: other shoppers' counted cases at one shop, by category. The index
# shop_tally_shop (shop_id, category, month, user_id, …) answers it alone.
NAMED_KEPT = 4096  # shop names whose identify() a store keeps (each event of a case naming one asks)
OTHERS_SQL = ("SELECT category, COUNT(*), MIN(month), MAX(month) FROM shop_tally "
              "WHERE shop_id = ? AND user_id != ? GROUP BY category")


class Tally:
    def __init__(self, db: Database) -> None:
        self.db = db
        # identify() of the shop names seen, by text: a case naming a shop is asked on every
        # event of its shopper (about 25 µs a time); pure, so a memo on this object is safe
        self._named: dict[str, ShopName | None] = {}

    def identify(self, text: str) -> ShopName | None:
        try:
            return self._named[text]
        except KeyError:
            pass
        if len(self._named) >= NAMED_KEPT:
            self._named.clear()
        named = self._named[text] = identify(text)
        return named

    # ---- the shopper's side ----------------------------------------------------------------

    def others(self, shop_id: int, user_id: int, category: str | None = None) -> Counts:
        rows = self.db.execute(OTHERS_SQL, [shop_id, user_id]).fetchall()
        if not rows:
            return Counts()
        ranked = sorted(((r[0], r[1]) for r in rows), key=lambda r: (-r[1], r[0]))
        return Counts(total=sum(n for _, n in ranked), by_category=tuple(ranked),
                      first_month=min(r[2] for r in rows), last_month=max(r[3] for r in rows),
                      same_category=sum(r[1] for r in rows if r[0] == category))

    def notes(self, user_id: int, cases: list[Case], look_up: int | None = None
              ) -> dict[int, TallyNote]:
        """A note for each case that names a shop (about 15 µs a case); `look_up`: the case whose shopper just
        agreed to be counted, for which the same and similar shops are looked up."""
        return self.notes_given(user_id, cases, look_up, self.counted(user_id))

    def counted(self, user_id: int) -> dict[int, tuple[int, str]]:
        """The user's counted cases: case -> (shop id, shop name)."""
        return {r[0]: (r[1], r[2]) for r in self.db.execute(
            "SELECT t.case_id, t.shop_id, s.name FROM shop_tally AS t JOIN shops AS s "
            "ON s.id = t.shop_id WHERE t.user_id = ?", [user_id]).fetchall()}

    def notes_given(self, user_id: int, cases: list[Case], look_up: int | None,
                    counted: dict[int, tuple[int, str]]) -> dict[int, TallyNote]:
        """`notes`, with the user's counted cases already read (bot/store/glance.py knows when
        there are none)."""
        out: dict[int, TallyNote] = {}
        for case in cases:
            named = self.identify(case.fields.get("shop") or "")
            if named is None and case.id not in counted:  # drafts too: filing offers the tally
                continue
            note = TallyNote(case_id=case.id, shop=named.shown if named else "")
            if case.id in counted:
                note.counted, (note.shop_id, note.shop_name) = True, counted[case.id]
            elif named is not None:
                same = self.same_shop(named, case.fields.get("platform") or "")
                if same is not None:
                    note.shop_id, note.shop_name = same.id, same.name
                elif case.id == look_up:
                    note.similar = tuple(self.similar(named.key)[:OFFERED])
            if note.shop_id is not None:
                note.others = self.others(note.shop_id, user_id, case.category)
            out[case.id] = note
        return out

    def similar_for(self, user_id: int, case: Case) -> dict[str, object] | None:
        """What the letters cite about other shoppers' consenting complaints about the case's
        shop (bot-side letters: the dossier, `weiquan case letter`); None when there are none."""
        from dialogs.flows.tally import similar_complaints

        return similar_complaints(self.notes(user_id, [case]).get(case.id))

    def same_shop(self, named: ShopName, platform: str) -> ShopRef | None:
        if named.platform_id is not None:
            row = self.db.execute("SELECT id, name FROM shops WHERE platform_id = ?",
                                  [named.platform_id]).fetchone()
            if row is not None:
                return ShopRef(row[0], row[1])
        for shop_id, name, their_platform, their_id in self.db.execute(
                "SELECT id, name, platform, platform_id FROM shops WHERE key = ? ORDER BY id",
                [named.key]).fetchall():
            if platform and their_platform and platform != their_platform:
                continue  # one name on Tmall and on Taobao: two shops until a shopper says so
            if named.platform_id and their_id and named.platform_id != their_id:
                continue
            return ShopRef(shop_id, name)
        return None

    def similar(self, key: str) -> list[ShopRef]:
        """Shops whose key is alike but not the same, most alike first."""
        pairs = sorted(grams(key))
        if not key or not pairs:
            return []
        marks = ",".join("?" * len(pairs))
        ids = [r[0] for r in self.db.execute(
            f"SELECT shop_id FROM shop_grams WHERE gram IN ({marks}) GROUP BY shop_id "
            f"ORDER BY COUNT(*) DESC, shop_id LIMIT {CANDIDATES}", pairs).fetchall()]
        if not ids:
            return []
        rows = self.db.execute(f"SELECT id, name, key FROM shops WHERE id IN "
                               f"({','.join('?' * len(ids))})", ids).fetchall()
        scored = [(alike(key, r[2]), r[0], r[1]) for r in rows if r[2] != key]
        return [ShopRef(i, n) for s, i, n in sorted(scored, key=lambda x: (-x[0], x[1]))
                if s >= SIMILAR]

    def join(self, case_id: int, user_id: int, shop_id: int | None, at: str) -> int | None:
        """Count the case at `shop_id` (None: the same shop if there is one, else a new one);
        the shop's id, or None when the case names no shop or is not the shopper's."""
        row = self.db.execute("SELECT category, fields, created_at FROM cases WHERE id = ? AND "
                              "user_id = ?", [case_id, user_id]).fetchone()
        if row is None:
            return None

        fields = json.loads(row[1])
        named = self.identify(fields.get("shop") or "")
        if named is None:
            return None
        platform = fields.get("platform") or ""
        if shop_id is None or not self._exists(shop_id):
            same = self.same_shop(named, platform)
            shop_id = same.id if same is not None else self._new_shop(named, platform, at)
        self.db.execute(
            "INSERT INTO shop_tally (case_id, shop_id, user_id, category, month, opened_at, "
            "consented_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(case_id) DO UPDATE SET "
            "shop_id = excluded.shop_id, consented_at = excluded.consented_at",
            [case_id, shop_id, user_id, row[0] or "other", row[2][:7], row[2], at])
        self._prune()
        return shop_id

    def _exists(self, shop_id: int) -> bool:
        return self.db.execute("SELECT 1 FROM shops WHERE id = ?", [shop_id]).fetchone() is not None

    def _new_shop(self, named: ShopName, platform: str, at: str) -> int:
        if named.platform_id is not None:  # another platform's name for a known id: not reused
            taken = self.db.execute("SELECT 1 FROM shops WHERE platform_id = ?",
                                    [named.platform_id]).fetchone()
            named = ShopName(named.shown, named.key, None) if taken else named
        cur = self.db.execute("INSERT INTO shops (key, name, platform, platform_id, created_at) "
                              "VALUES (?, ?, ?, ?, ?)",
                              [named.key, named.shown, platform, named.platform_id, at])
        shop_id = int(cur.lastrowid or 0)
        self.db.conn.executemany("INSERT OR IGNORE INTO shop_grams (gram, shop_id) VALUES (?, ?)",
                            [(g, shop_id) for g in sorted(grams(named.key))])
        return shop_id

    def leave(self, user_id: int, case_id: int | None = None) -> int:
        """Withdraw consent: the case (None: every case of the shopper) leaves every tally."""
        if case_id is None:
            cur = self.db.execute("DELETE FROM shop_tally WHERE user_id = ?", [user_id])
        else:
            cur = self.db.execute("DELETE FROM shop_tally WHERE user_id = ? AND case_id = ?",
                                  [user_id, case_id])
        self._prune()
        return int(cur.rowcount or 0)

    def _prune(self) -> None:
        """Shops no counted case points at any more are not kept."""
        orphans = "SELECT id FROM shops WHERE NOT EXISTS (SELECT 1 FROM shop_tally AS t " \
                  "WHERE t.shop_id = shops.id)"
        self.db.execute(f"DELETE FROM shop_grams WHERE shop_id IN ({orphans})")
        self.db.execute(f"DELETE FROM shops WHERE id IN ({orphans})")

    def case_moved(self, case_id: int, status: str, at: str) -> None:
        """A counted case resolved (or opened again): when, for the time to resolution."""
        if status in RESOLVED:
            self.db.execute("UPDATE shop_tally SET resolved_at = COALESCE(resolved_at, ?) "
                            "WHERE case_id = ?", [at, case_id])
        else:
            self.db.execute("UPDATE shop_tally SET resolved_at = NULL WHERE case_id = ? AND "
                            "resolved_at IS NOT NULL", [case_id])

    # ---- the advisers' side ----------------------------------------------------------------

    def shops_named(self, query: str) -> list[ShopRef]:
        found = platform_id(query)
        if found is not None:
            rows = self.db.execute("SELECT id, name FROM shops WHERE platform_id = ?",
                                   [found]).fetchall()
            if rows:
                return [ShopRef(r[0], r[1]) for r in rows]
        key = key_of(query)
        return [ShopRef(r[0], r[1]) for r in self.db.execute(
            "SELECT id, name FROM shops WHERE key = ? ORDER BY id", [key]).fetchall()]

    def report(self, query: str) -> ShopReport:
        shops = self.shops_named(query)
        if not shops:
            return ShopReport(query=query, similar=tuple(self.similar(key_of(query))[:5]))
        return self.report_for([s.id for s in shops], query)

    def report_for(self, ids: list[int], query: str = "") -> ShopReport:
        """Counts by category and month, open and resolved, the median days to resolution."""
        marks = ",".join("?" * len(ids))
        shops = [ShopRef(r[0], r[1]) for r in self.db.execute(
            f"SELECT id, name FROM shops WHERE id IN ({marks}) ORDER BY id", ids).fetchall()]
        rows = self.db.execute(
            f"SELECT category, month, opened_at, resolved_at FROM shop_tally WHERE shop_id IN "
            f"({marks})", ids).fetchall()
        categories = Counter(r[0] for r in rows)
        months = Counter(r[1] for r in rows)
        days = [(_moment(r[3]) - _moment(r[2])).total_seconds() / 86400 for r in rows if r[3]]
        return ShopReport(query=query, shops=tuple(shops), total=len(rows),
                          by_category=tuple(sorted(categories.items(),
                                                   key=lambda kv: (-kv[1], kv[0]))),
                          by_month=tuple(sorted(months.items())),
                          open=sum(1 for r in rows if not r[3]), resolved=len(days),
                          median_days=round(statistics.median(days), 1) if days else None)

    def collective(self, shop_ids: list[int]) -> list[dict[str, Any]]:
        """The counted cases of the shops, for the collective dossier (anonymised there)."""
        if not shop_ids:
            return []

        rows = self.db.execute(
            f"SELECT t.case_id, t.category, t.month, t.opened_at, t.resolved_at, c.status, "
            f"c.fields FROM shop_tally AS t JOIN cases AS c ON c.id = t.case_id "
            f"WHERE t.shop_id IN ({','.join('?' * len(shop_ids))}) ORDER BY t.opened_at, "
            f"t.case_id", shop_ids).fetchall()
        out = []
        for r in rows:
            events = [{"kind": e[0], "at": e[1]} for e in self.db.execute(
                "SELECT kind, at FROM case_events WHERE case_id = ? ORDER BY at, id", [r[0]])]
            out.append({"category": r[1], "month": r[2], "opened_at": r[3],
                        "resolved_at": r[4], "status": r[5], "fields": json.loads(r[6]),
                        "events": events})
        return out


def _moment(text: str) -> datetime:
    return datetime.fromisoformat(text)
