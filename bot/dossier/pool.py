"""PDF exports and pictures in a process of their own.

fpdf2 renders in pure Python: in a thread it holds the interpreter lock for the whole render
and every other shopper's reply waits on the event loop meanwhile. One spawned worker process
(started on the first export, kept for the next) renders instead; it opens its own connection
to the database file and reads the evidence files from a data folder (a bucket's are first
copied into a temp one: bot/evidence/worker.py), checking each against its hash.
"""

from __future__ import annotations

import asyncio
import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime
from pathlib import Path
from typing import Any

_pool: ProcessPoolExecutor | None = None


def render(db: str, case_id: int, data_dir: str, out: str, lang: str, at: str = "") -> str:
    """In the worker process: the dossier of `case_id` written to `out` (`at`: the moment its
    timeline picture shows as today; the time of the export when empty)."""
    from bot.dossier.pdf import export_case
    from bot.store import open_store

    store = open_store(db)
    try:
        return str(export_case(store, case_id, Path(data_dir), Path(out), lang,
                               datetime.fromisoformat(at) if at else None))
    finally:
        store.close()


def draw_picture(db: str, case_id: int, user_id: int, lang: str, at: str, tz: str,
                 out: str) -> str:
    """In the worker process: the case's timeline picture (a PNG) written to `out`."""
    from bot.dossier.picture import picture_png
    from bot.store import open_store

    store = open_store(db)
    try:
        case = next((c for c in store.user_cases(user_id) if c.id == case_id), None)
        if case is None:
            return ""
        data = picture_png(case, lang, datetime.fromisoformat(at), tz)
    finally:
        store.close()
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    Path(out).write_bytes(data)
    return out


def collective(db: str, shop_ids: list[int], query: str, out: str, lang: str) -> str:
    """In the worker process: the shops' anonymised collective dossier written to `out`."""
    from bot.dossier.collective import export_collective
    from bot.store import open_store

    store = open_store(db)
    try:
        report = store.tally.report_for(shop_ids, query)
        rows = store.tally.collective(shop_ids)
    finally:
        store.close()
    return str(export_collective(report, rows, Path(out), lang))


async def in_pool(fn: Callable[..., str], *args: Any) -> str:
    """`fn(*args)` in the render process (started on first use, kept for the next)."""
    global _pool
    if _pool is None:  # spawn: a fork would copy the event loop's threads and locks
        _pool = ProcessPoolExecutor(max_workers=1,
                                    mp_context=multiprocessing.get_context("spawn"))
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(_pool, fn, *args)


async def export_pdf(db: Path | str, case_id: int, data_dir: Path, out: Path,
                     lang: str, at: datetime | None = None) -> Path:
    return Path(await in_pool(render, str(db), case_id, str(data_dir), str(out), lang,
                              at.isoformat() if at else ""))
