"""Delivery: what leaves the process after a commit. Nothing here calls the service.

`outbox` (the sender: due rows to the transport, each chat in order, chats concurrently; a
reminder row goes out once bot/scheduler.py had it worded through `step`), `jobs` (evidence and
PDF jobs off the event loop; their reports go back through bot/scheduler.py), `retry_policy`
(backoff for rows that failed for a passing reason). What the Telegram transport commits
around each call is bot/transport.py's StoredProgress.
"""
