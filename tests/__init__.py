"""weiquan's tests: real SQLite, the real python-telegram-bot and aiogram against the Bot API
emulator (tests/emulator), scenarios through the one chat client (tests/chat), the store
contract suite (tests/store_contract), property and fault tests, and `make bench`.
"""
