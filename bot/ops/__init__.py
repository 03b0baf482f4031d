"""Running the service: `health` (/healthz and /metrics), `metrics` (what /metrics shows),
`observe` (a log record per update, the counts behind /metrics), `retention` (purging what is
older than its configured age).
"""
