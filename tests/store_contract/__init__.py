"""The store contract suite: every method of bot/store/contract.py's `Store`, table-driven,
run once per store implementation in conftest.py's BACKENDS (today SQLite).
"""
