"""What the bot knows: data under knowledge/data/ and knowledge/templates/, each fact with its
source, and pure code over it.

`loader` reads and validates the data into one `base.KnowledgeBase` (cached on disk by
`kbcache`), the typed object the engine receives; the rest answers questions of it: search,
the category classifier, slots, numbers and dates in free text, deadline rules and working days,
damages, letters, official numbers, shops, and the screenshot readers (`ocr_*`). Nothing here
imports bot, telegram or aiogram.
"""
