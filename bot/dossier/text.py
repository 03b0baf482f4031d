"""The dossier's words: the `dossier.*` texts of dialogs/texts/zh.yaml and en.yaml."""

from __future__ import annotations

from dialogs.texts import t


def status_label(status: str, lang: str) -> str:
    try:
        return t(lang, f"dossier.status.{status}")
    except KeyError:  # a status of a newer version: its id is better than nothing
        return status


def when(text: object) -> str:
    """An ISO time as 'YYYY-MM-DD HH:MM' (as stored, in its own offset)."""
    return str(text or "-")[:16].replace("T", " ")


def label(key: str, lang: str, **values: object) -> str:
    return t("en" if lang == "en" else "zh", f"dossier.{key}", **values)
