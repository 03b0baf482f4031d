"""The Telegram adapters.

`api` (the Bot API calls weiquan makes, one protocol), `ptb` and `aiogram` (that protocol
through each framework; `aiogram_types` builds aiogram's types when first used), `updates` (Bot
API JSON to `Incoming`), `pipeline` (per-user order, albums, what may be confirmed), `runner`
(start, run, stop), `transport` (actions as Bot API calls), `text` (escaping, limits, splitting),
`limits` (send rates), `menus` (command menus and descriptions), `webhook`, `deferred` (updates
whose commit kept failing), `logs` (logging that never shows the token).
"""
