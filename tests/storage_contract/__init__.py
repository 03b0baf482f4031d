"""The evidence storage contract: one suite run over every backend of bot/evidence/storage.py."""
