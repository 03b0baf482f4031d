"""Delivery: what leaves the process after a commit.

`outbox` (the sender: due rows to the transport, each chat in order, chats concurrently),
`jobs` (evidence and PDF jobs off the event loop), `reminders` (reminder rows, worded when they
go out), `retry_policy` (backoff for rows that failed for a passing reason), `progress` (what the
Telegram transport commits around each call).
"""
