"""PDF exports in a process of their own.

fpdf2 renders in pure Python: in a thread it holds the interpreter lock for the whole render
and every other shopper's reply waits on the event loop meanwhile. One spawned worker process
(started on the first export, kept for the next) renders instead; it opens its own connection
to the database file.
"""

from __future__ import annotations

import asyncio
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

_pool: ProcessPoolExecutor | None = None


def render(db: str, case_id: int, data_dir: str, out: str, lang: str) -> str:
    """In the worker process: the dossier of `case_id` written to `out`."""
    from bot.dossier.pdf import export_case
    from bot.store.sqlite import Store

    store = Store(db)
    try:
        return str(export_case(store, case_id, Path(data_dir), Path(out), lang))
    finally:
        store.close()


async def export_pdf(db: Path | str, case_id: int, data_dir: Path, out: Path,
                     lang: str) -> Path:
    global _pool
    if _pool is None:  # spawn: a fork would copy the event loop's threads and locks
        _pool = ProcessPoolExecutor(max_workers=1,
                                    mp_context=multiprocessing.get_context("spawn"))
    loop = asyncio.get_running_loop()
    done = await loop.run_in_executor(_pool, render, str(db), case_id, str(data_dir), str(out),
                                      lang)
    return Path(done)
