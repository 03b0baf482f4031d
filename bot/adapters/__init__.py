"""Transports, the ways in and out: `console` (the terminal chat) and `telegram`
(python-telegram-bot or aiogram). Each turns what arrives into `dialogs.events.Incoming` for the
service and carries out the engine's actions for the outbox sender (`bot.transport.Transport`).
"""
