"""Wiring: settings in, the store, knowledge base, clock and service out."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.config import Clock, Settings
from bot.service import Service
from bot.store import Store


@dataclass
class App:
    settings: Settings
    store: Store
    kb: Any
    clock: Clock
    service: Service


def build(settings: Settings, *, source: str, db: Path | None = None) -> App:
    from knowledge.loader import load_kb

    store = Store(db or settings.db_path)
    kb = load_kb()
    clock = Clock(settings.now, settings.zone)
    service = Service(store, kb, clock, source=source, default_lang=settings.lang, tz=settings.tz)
    return App(settings, store, kb, clock, service)
