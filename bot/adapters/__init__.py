"""Transports: `console` (the terminal chat) and `telegram` (python-telegram-bot or aiogram).
"""
