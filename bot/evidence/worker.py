"""Carries out the evidence rows of the outbox: download, check and keep files, send them back,
delete them.

A download ends with a report of what was kept, written onto its row, which stays `sending`:
the scheduler (bot/scheduler.py) hands the report to the service as an evidence event, and the
commit of that event marks the row sent. The worker never calls the service. A crash before
that commit re-runs the row after the restart (files kept already are recognised); the event's
update id is the row id negated, so a report is never applied twice.
"""

from __future__ import annotations

import asyncio
import logging
import tempfile
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.dossier.data import case_evidence, user_lang
from bot.evidence import offloop
from bot.evidence.repository import Duplicate, EvidenceStore, Item, Rejected, Stored
from bot.evidence.storage import Corrupt, Missing, Unavailable, scratch_prefix
from bot.store.contract import Store
from bot.transport import Transient, Transport
from dialogs.actions import (
    DownloadFile,
    EvidenceOp,
    SendFile,
    SendText,
    ShopDossier,
    TimelinePicture,
)
from dialogs.texts import DEFAULT_LANG, t

if TYPE_CHECKING:
    from knowledge.ocr_words import OcrWords

log = logging.getLogger(__name__)


class EvidenceWorker:
    def __init__(self, store: Store, evidence: EvidenceStore, transport: Transport,
                 clock: Any, ocr_words: OcrWords) -> None:
        """`ocr_words`: what the screenshot reader looks for (the knowledge base's)."""
        self.store, self.evidence, self.transport = store, evidence, transport
        self.clock, self.ocr_words = clock, ocr_words

    async def __call__(self, action: DownloadFile | EvidenceOp | TimelinePicture | ShopDossier,
                       row: dict[str, Any]) -> bool:
        """Carry the row out; True when it waits for its report to be handed in (the commit of
        the report marks it sent), False when it is done. A bucket out of reach is network
        trouble: the row is tried again later (files kept already are recognised)."""
        try:
            return await self._carry_out(action, row)
        except Unavailable as exc:
            raise Transient(str(exc)) from exc

    async def _carry_out(self, action: DownloadFile | EvidenceOp | TimelinePicture | ShopDossier,
                         row: dict[str, Any]) -> bool:
        if isinstance(action, TimelinePicture | ShopDossier):  # drawing jobs: bot/dossier/jobs.py
            from bot.dossier.jobs import RenderJobs

            await RenderJobs(self.store, self.transport, self.evidence.data_dir)(
                action, row["id"])
            return False
        if isinstance(action, DownloadFile):
            await self.download(action, row["id"])
            return True
        if action.op == "send":
            await self.send(action, row["id"])
        elif action.op == "delete":
            for item_id in action.item_ids:
                await offloop.remove(self.evidence, action.user_id, item_id=item_id)
        elif action.op == "forget":
            await self.forget(action.user_id)
        elif action.op == "export":
            await self.export(action, row["id"])
        return False

    async def download(self, action: DownloadFile, row_id: int) -> None:
        results: list[dict[str, Any]] = []
        for file in action.files:
            result = await self._keep_one(action, file)
            if result.get("status") == "duplicate":
                result = self._kept_before_a_crash(action, result, results)
            if result.get("status") == "stored" and str(result.get("mime")).startswith("image/"):
                result["reading"] = await self._read(action.user_id, result["item_id"])
            results.append(result)
        self.store.keep_report(row_id, {"case_id": action.case_id, "results": results})

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
        with tempfile.TemporaryDirectory(prefix=scratch_prefix("dl"),
                                         dir=self.evidence.storage.scratch) as tmp:
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
            result = staged if isinstance(staged, Rejected) else \
                await offloop.keep(self.evidence, staged)
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

    async def _read(self, user_id: int, item_id: int) -> dict[str, Any] | None:
        """What a stored image says (bot/evidence/ocr.py), read in a thread: the text
        recognition is CPU work and never runs on the event loop. None when it cannot be read
        here (no OCR package); the file is kept either way."""
        from bot.evidence import ocr  # Pillow and the engine load with the first image

        item = self.evidence.get(user_id, item_id)
        if item is None:
            return None
        try:
            async with offloop.as_local(self.evidence.storage, item.sha256) as path:
                return await asyncio.to_thread(ocr.report, path, self._now().date(), self.ocr_words)
        except (Missing, Corrupt, Unavailable) as exc:  # kept unread: the report goes on
            log.warning("evidence item %s is not read: %r", item_id, exc)
            return None

    async def send(self, action: EvidenceOp, row_id: int) -> None:
        lang = user_lang(self.store, action.user_id, DEFAULT_LANG)
        for item_id in action.item_ids:
            item = self.evidence.get(action.user_id, item_id)
            if item is not None:
                await self._send_one(item, action.chat_id, lang, row_id)

    async def _send_one(self, item: Item, chat_id: int, lang: str, row_id: int) -> None:
        """The kept file as a document; a file gone or damaged is said so, in its place."""
        sha = item.sha256[:12]
        caption = (t(lang, "evidence.file_caption", label=t(lang, f"label.{item.label}"),
                     sha=sha) if item.label
                   else t(lang, "evidence.file_caption_unlabelled", sha=sha))
        storage = self.evidence.storage
        if getattr(self.transport, "shows_paths", False):  # the terminal prints where it is
            await self.transport.deliver(SendFile(chat_id=chat_id, path=storage.locator(
                item.sha256), caption=caption), row_id)
            return
        try:
            async with offloop.as_local(storage, item.sha256) as path:
                await self.transport.deliver(SendFile(chat_id=chat_id, path=str(path),
                                                      caption=caption), row_id)
        except (Missing, Corrupt) as exc:
            log.warning("evidence item %s is not sent: %r", item.id, exc)
            await self.transport.deliver(SendText(chat_id=chat_id, text=t(
                lang, "evidence.file_damaged", sha=sha)), row_id)

    async def export(self, action: EvidenceOp, row_id: int) -> None:
        """The case dossier as a PDF, sent as a document (rendered in a process of its own:
        bot/dossier/pool.py)."""
        from bot.dossier.pool import export_pdf

        case_id = action.item_ids[0]
        if self.store.users.case_owner(case_id) != action.user_id:
            return
        show = getattr(self.transport, "chat_action", None)  # Telegram's "sending a file…"
        if show is not None:
            await show(action.chat_id, "upload_document")
        lang = user_lang(self.store, action.user_id, DEFAULT_LANG)
        data_dir = self.evidence.data_dir
        out = data_dir / "exports" / f"case-{case_id}-{row_id}.pdf"
        storage = self.evidence.storage
        if storage.remote:  # the render process reads a folder: the case's files copied into one
            hashes = sorted({str(r["sha256"]) for r in case_evidence(self.store, case_id)})
            with tempfile.TemporaryDirectory(prefix=scratch_prefix("pdf"),
                                             dir=storage.scratch) as tmp:
                await offloop.copies(storage, hashes, Path(tmp))
                path = await export_pdf(self.store.path, case_id, Path(tmp), out, lang,
                                        self._now())
        else:
            path = await export_pdf(self.store.path, case_id, data_dir, out, lang, self._now())
        await self.transport.deliver(SendFile(chat_id=action.chat_id, path=str(path),
                                              caption=t(lang, "export.caption", id=case_id)),
                                     row_id)

    async def forget(self, user_id: int) -> None:
        """Everything kept about the user goes: files, cases, timeline, hand-overs, the texts of
        messages already sent; only the replies still queued (the goodbye) remain."""
        await offloop.remove(self.evidence, user_id)
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
