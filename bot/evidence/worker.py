"""Carries out the evidence rows of the outbox: download, check and keep files, send them back,
delete them — then tells the engine what happened with an internal evidence event.

Each row is done once: the report event uses the row id as its update id (negated, so it never
meets a Telegram update id), so a row redone after a crash is recognised and not reported twice.
"""

from __future__ import annotations

import asyncio
import json
import logging
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.evidence.repository import Duplicate, EvidenceStore, Rejected, Stored
from bot.service import Service
from bot.store.contract import Store
from bot.transport import Transport
from dialogs.actions import DownloadFile, EvidenceOp, SendFile, ShopDossier, TimelinePicture
from dialogs.events import Incoming, Kind

log = logging.getLogger(__name__)


class EvidenceWorker:
    def __init__(self, store: Store, evidence: EvidenceStore, transport: Transport,
                 service: Service, clock: Any) -> None:
        self.store, self.evidence, self.transport = store, evidence, transport
        self.service, self.clock = service, clock

    async def __call__(self, action: DownloadFile | EvidenceOp | TimelinePicture | ShopDossier,
                       row: dict[str, Any]) -> None:
        if isinstance(action, TimelinePicture | ShopDossier):  # drawing jobs: bot/dossier/jobs.py
            from bot.dossier.jobs import RenderJobs

            await RenderJobs(self.store, self.transport, self.evidence.vault.files.parent)(
                action, row["id"])
        elif isinstance(action, DownloadFile):
            await self.download(action, row["id"])
        elif action.op == "send":
            await self.send(action, row["id"])
        elif action.op == "delete":
            for item_id in action.item_ids:
                self.evidence.delete(action.user_id, item_id)
        elif action.op == "forget":
            self.forget(action.user_id)
        elif action.op == "export":
            await self.export(action, row["id"])

    async def download(self, action: DownloadFile, row_id: int) -> None:
        results: list[dict[str, Any]] = []
        for file in action.files:
            result = await self._keep_one(action, file)
            if result.get("status") == "duplicate":
                result = self._kept_before_a_crash(action, result, results)
            results.append(result)
        report = {"case_id": action.case_id, "results": results}
        await self.service.handle(Incoming(
            user_id=action.user_id, chat_id=action.chat_id, kind=Kind.EVIDENCE,
            at=self.clock.now(), update_id=-row_id, extra={"report": json.dumps(report)}))

    async def _keep_one(self, action: DownloadFile, file: dict[str, Any]) -> dict[str, Any]:
        base = {"kind": file.get("kind", "document"), "file_name": file.get("file_name")}
        limit = self.evidence.max_file_bytes  # 20 MB unless a self-hosted Bot API allows more
        if (file.get("size") or 0) > limit:  # the Bot API would refuse the download
            return {**base, "status": "rejected", "code": "too_big",
                    "limit_mb": round(limit / 1024 / 1024)}
        known = self.evidence.find_by_unique_id(action.user_id, action.case_id,
                                                file.get("unique_id")) \
            if file.get("unique_id") else None
        if known is not None:
            return {**base, "status": "duplicate", "item_id": known.id}
        # in the data folder's tmp/: recover() clears what a killed process left there
        with tempfile.TemporaryDirectory(prefix="dl-", dir=self.evidence.vault.tmp) as tmp:
            dest = Path(tmp) / "download"
            try:
                await self.transport.fetch(file["file_id"], dest)
            except Exception as exc:  # the user hears about it and can send it again
                log.warning("download of a file for case %s failed: %r", action.case_id, exc)
                return {**base, "status": "rejected", "code": "download_failed"}
            # Copy, hash and image checks in a thread (CPU: never on the event loop); the
            # row is written here, on the loop that owns the store's connection.
            staged = await asyncio.to_thread(
                self.evidence.stage,
                user_id=action.user_id, case_id=action.case_id, source=dest,
                kind=base["kind"] if base["kind"] in ("photo", "document", "video") else
                "document", received_at=self._now(), file_name=file.get("file_name"),
                declared_mime=file.get("mime"), caption=action.caption,
                label=self.evidence.suggest_label(action.caption),
                tg_file_id=file["file_id"], tg_unique_id=file.get("unique_id"),
                forwarded=action.forwarded)
            result = staged if isinstance(staged, Rejected) else self.evidence.keep(staged)
        return {**base, **_describe(result)}

    def _kept_before_a_crash(self, action: DownloadFile, result: dict[str, Any],
                             so_far: list[dict[str, Any]]) -> dict[str, Any]:
        """A "duplicate" newer than the row is this row's own file, kept by a run that died
        before the report: reported as stored (once), not as a file "received before" that
        the user never heard about."""
        upto, item_id = action.known_upto, result.get("item_id")
        if upto is None or item_id is None or item_id <= upto or any(
                r.get("item_id") == item_id for r in so_far):
            return result
        item = self.evidence.get(action.user_id, item_id)
        return {**result, **_describe(Stored(item))} if item is not None else result

    async def send(self, action: EvidenceOp, row_id: int) -> None:
        for item_id in action.item_ids:
            item = self.evidence.get(action.user_id, item_id)
            if item is not None:
                caption = f"{item.label or ''} · sha256 {item.sha256[:12]}".strip(" ·")
                await self.transport.deliver(SendFile(chat_id=action.chat_id,
                                                      path=str(item.path), caption=caption),
                                             row_id)

    async def export(self, action: EvidenceOp, row_id: int) -> None:
        """The case dossier as a PDF, sent as a document (rendered in a process of its own:
        bot/dossier/pool.py)."""
        from bot.dossier.pool import export_pdf

        case_id = action.item_ids[0]
        if self.store.users.case_owner(case_id) != action.user_id:
            return
        lang = self.store.users.lang(action.user_id)
        data_dir = self.evidence.vault.files.parent
        out = data_dir / "exports" / f"case-{case_id}-{row_id}.pdf"
        path = await export_pdf(self.store.path, case_id, data_dir, out,
                                lang or "zh", self._now())
        await self.transport.deliver(SendFile(chat_id=action.chat_id, path=str(path),
                                              caption=f"weiquan · #{case_id}"), row_id)

    def forget(self, user_id: int) -> None:
        """Everything kept about the user goes: files, cases, timeline, hand-overs, the texts of
        messages already sent; only the replies still queued (the goodbye) remain."""
        self.evidence.forget_user(user_id)
        with self.store.transaction():
            self.store.users.forget(user_id)

    def _now(self) -> datetime:
        return self.clock.now()  # type: ignore[no-any-return]


def _describe(result: Stored | Duplicate | Rejected) -> dict[str, Any]:
    if isinstance(result, Stored):
        i = result.item
        return {"status": "stored", "item_id": i.id, "label": i.label, "size": i.size,
                "mime": i.mime}
    if isinstance(result, Duplicate):
        return {"status": "duplicate", "item_id": result.item.id}
    limit = result.params.get("limit") if result.code == "too_big" else None
    return {"status": "rejected", "code": result.code,
            **({"limit_mb": round(limit / 1024 / 1024)} if limit else {})}
