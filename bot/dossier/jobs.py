"""The jobs' worker's drawing jobs: a case's timeline picture, sent to the shopper as a photo,
and a shop's anonymised collective dossier, sent to the advisers' group as a PDF.

Both are drawn in the render process (bot/dossier/pool.py), never on the event loop, and the
file is removed once sent: it is made again on the next ask, and nothing piles up.
"""

from __future__ import annotations

import logging
from pathlib import Path

from bot.dossier.pool import collective, draw_picture, in_pool
from bot.store.contract import Store
from bot.transport import Transport
from dialogs.actions import SendFile, SendPhoto, ShopDossier, TimelinePicture
from dialogs.texts import t

log = logging.getLogger(__name__)


class RenderJobs:
    def __init__(self, store: Store, transport: Transport, data_dir: Path) -> None:
        self.store, self.transport, self.exports = store, transport, Path(data_dir) / "exports"

    async def __call__(self, action: TimelinePicture | ShopDossier, row_id: int) -> None:
        if isinstance(action, TimelinePicture):
            await self.picture(action, row_id)
        else:
            await self.shop_dossier(action, row_id)

    async def picture(self, action: TimelinePicture, row_id: int) -> None:
        out = self.exports / f"timeline-{action.case_id}-{row_id}.png"
        try:
            done = await in_pool(draw_picture, str(self.store.path), action.case_id,
                                 action.user_id, action.lang, action.at, action.tz, str(out))
            if not done:  # not this shopper's case (or gone since): nothing to draw
                log.info("timeline picture of case %s: no such case of the user", action.case_id)
                return
            await self.transport.deliver(SendPhoto(
                chat_id=action.chat_id, path=done,
                caption=t(action.lang, "picture.caption", id=action.case_id)), row_id)
        finally:
            if not getattr(self.transport, "shows_paths", False):  # the terminal prints it
                out.unlink(missing_ok=True)

    async def shop_dossier(self, action: ShopDossier, row_id: int) -> None:
        out = self.exports / f"shop-{row_id}.pdf"
        try:
            done = await in_pool(collective, str(self.store.path), list(action.shop_ids),
                                 action.query, str(out), action.lang)
            await self.transport.deliver(SendFile(chat_id=action.chat_id, path=done,
                                                  caption=t(action.lang, "collective.title",
                                                            shop=action.query)), row_id)
        finally:
            out.unlink(missing_ok=True)
