"""The advisers' `/shop NAME`: a shop's collective complaints in figures, then the anonymised
collective dossier (a PDF the jobs' worker makes). Counts only, from the consenting cases."""

from __future__ import annotations

from dialogs.actions import Action, SendText, ShopDossier
from dialogs.events import Incoming
from dialogs.tally_notes import ShopReport
from knowledge.base import KnowledgeBase


def shop_reply(ev: Incoming, report: ShopReport | None, kb: KnowledgeBase,
               lang: str) -> list[Action]:
    """`lang`: the advisers' language (WEIQUAN_DESK_LANG), for the text and the PDF."""
    t = kb.texts.t

    def say(text: str) -> SendText:
        return SendText(chat_id=ev.chat_id, text=text, thread_id=ev.thread_id)

    if report is None or not ev.args.strip():
        return [say(t(lang, "desk.shop_usage"))]
    if not report.shops:
        if report.similar:
            names = kb.texts.join(lang, [f"「{s.name}」" for s in report.similar])
            return [say(t(lang, "desk.shop_similar", query=report.query, names=names))]
        return [say(t(lang, "desk.shop_none", query=report.query))]
    median = t(lang, "desk.shop_median", days=report.median_days) \
        if report.median_days is not None else t(lang, "desk.shop_median_none")
    text = t(lang, "desk.shop_report", names=" / ".join(s.name for s in report.shops),
             total=report.total, open=report.open, resolved=report.resolved, median=median,
             by_category=_items([(_category(kb, c, lang), n) for c, n in report.by_category],
                                kb, lang),
             by_month=_items(list(report.by_month), kb, lang))
    out: list[Action] = [say(text)]
    if report.total:
        out.append(say(t(lang, "desk.shop_dossier")))
        out.append(ShopDossier(chat_id=ev.chat_id, shop_ids=tuple(s.id for s in report.shops),
                               query=report.query, thread_id=ev.thread_id, lang=lang))
    return out


def _items(pairs: list[tuple[str, int]], kb: KnowledgeBase, lang: str) -> str:
    return kb.texts.join(lang, [kb.texts.t(lang, "desk.shop_item", name=name, n=n)
                                for name, n in pairs]) or "—"


def _category(kb: KnowledgeBase, slug: str, lang: str) -> str:
    try:
        return str(kb.category(slug).name.get(lang))
    except KeyError:
        return slug
