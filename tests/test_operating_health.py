"""/healthz, /metrics and JSON logs of the real `weiquan run` process against the emulator, in
polling and webhook mode (issue 16, items 9 and 10): scraped over HTTP as Prometheus would."""

from __future__ import annotations

import json
import re
import socket
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from tests.chat.process import WAIT, ProcessChat
from tests.chat.telegram_bot import TOKEN, USER
from tests.emulator import EmulatorThread
from tests.test_telegram_process import BotProcess

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def get(port: int, path: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def health(port: int) -> tuple[int, dict[str, Any]]:
    status, body = get(port, "/healthz")
    return status, json.loads(body)


def sample(metrics: str, name: str, **labels: str) -> float:
    """The value of one sample of the Prometheus text format (0 when absent)."""
    total = 0.0
    for line in metrics.splitlines():
        match = re.match(rf"^{name}(\{{(.*)\}})? (\S+)$", line)
        if not match:
            continue
        found = dict(re.findall(r'(\w+)="([^"]*)"', match.group(2) or ""))
        if all(found.get(k) == v for k, v in labels.items()):
            total += float(match.group(3))
    return total


def scraped(emu: EmulatorThread, port: int, name: str, at_least: float = 1,
            **labels: str) -> float:
    """Until the sample is at least `at_least` (the emulator sees a call before the bot has its
    answer, so what the bot counted may come a moment later)."""
    emu.wait_until(lambda: sample(get(port, "/metrics")[1], name, **labels) >= at_least, WAIT)
    return sample(get(port, "/metrics")[1], name, **labels)


def healthy(emu: EmulatorThread, port: int) -> dict[str, Any]:
    seen: dict[str, Any] = {}

    def ok() -> bool:
        status, seen["body"] = health(port)
        return status == 200

    emu.wait_until(ok, WAIT)
    return seen["body"]


def test_polling_health_metrics_and_json_logs(tmp_path: Path) -> None:
    port = free_port()
    data = tmp_path / "data"
    with EmulatorThread(token=TOKEN) as emu:
        chat = ProcessChat(emu)
        proc = chat.bot = BotProcess("ptb", emu.base, data, extra_env={
            "WEIQUAN_HEALTH_LISTEN": f"127.0.0.1:{port}", "WEIQUAN_LOG_FORMAT": "json"})
        try:
            proc.ready(emu)
            body = healthy(emu, port)
            assert body["database"]["ok"] and body["delivery"]["running"] and body["bot_api"]["ok"]

            chat.send("/start")
            chat.wait_reply("维权助手")
            emu.fail("sendMessage", times=1, retry_after=1)  # flood control once
            chat.send("/help")
            emu.wait_until(lambda: any(c.status == 429 for c in emu.calls("sendMessage")), WAIT)
            emu.wait_until(lambda: len(chat.replies) >= 2, WAIT)

            assert scraped(emu, port, "weiquan_bot_api_429_total", method="send_message") >= 1
            assert scraped(emu, port, "weiquan_reply_latency_seconds_count") >= 1
            assert scraped(emu, port, "weiquan_updates_handled_total", 2, outcome="committed")
            status, metrics = get(port, "/metrics")
            assert status == 200
            assert sample(metrics, "weiquan_bot_api_calls_total", method="get_updates",
                          outcome="ok") >= 1
            for name in ("weiquan_reminders_sent_total", "weiquan_handovers_waiting"):
                assert re.search(rf"^{name} \d", metrics, flags=re.M), name
            assert "# TYPE weiquan_outbox_rows gauge" in metrics
            assert get(port, "/nothing")[0] == 404

            # The database gone: /healthz says so (the bot's open connection still works).
            (data / "weiquan.db").rename(data / "moved.db")
            status, body = health(port)
            assert status == 503 and body["database"]["ok"] is False and not body["ok"]
            (data / "moved.db").rename(data / "weiquan.db")
        finally:
            code = proc.terminate()
        assert code == 0, proc.output()[-3000:]
    output = proc.output()
    records = [json.loads(line) for line in output.splitlines() if line.strip()]  # all JSON
    updates = [r for r in records if "update_id" in r]
    assert len(updates) >= 2
    for record in updates:
        assert record["kind"] and record["duration_ms"] >= 0
        assert re.fullmatch(r"[0-9a-f]{12}", record["user"])
        assert str(USER) not in json.dumps(record)
    assert len({r["user"] for r in updates}) == 1  # one user, one hash
    assert TOKEN not in output and TOKEN.split(":")[1] not in output
    # Nor in our other lines ("chat %s" …); -v's library debug lines are another matter.
    ours = [r for r in records if r["logger"].startswith(("bot.", "weiquan"))]
    assert ours and not [r for r in ours if re.search(rf"\b{USER}\b", r["msg"])]


def test_webhook_mode_serves_health_and_uses_the_configured_secret(tmp_path: Path) -> None:
    hook, port = free_port(), free_port()
    url = f"http://127.0.0.1:{hook}/telegram"
    with EmulatorThread(token=TOKEN) as emu:
        chat = ProcessChat(emu, lang="en")
        proc = chat.bot = BotProcess("aiogram", emu.base, tmp_path, extra_env={
            "WEIQUAN_HEALTH_LISTEN": str(port), "WEIQUAN_WEBHOOK_SECRET": "s3cret-from-config"},
            extra=("--webhook-url", url, "--listen", f"127.0.0.1:{hook}"))
        try:
            proc.ready(emu)
            healthy(emu, port)
            chat.send("/start")
            chat.wait_reply(lambda reply: True)
            assert emu.webhook is not None
            assert emu.webhook["secret_token"] == "s3cret-from-config"
            assert scraped(emu, port, "weiquan_updates_handled_total") >= 1
            assert scraped(emu, port, "weiquan_reply_latency_seconds_count") >= 1
        finally:
            code = proc.terminate()
        assert code == 0, proc.output()[-3000:]
    assert "s3cret-from-config" not in proc.output()


def test_a_busy_health_port_is_one_clear_line(tmp_path: Path) -> None:
    with socket.socket() as taken, EmulatorThread(token=TOKEN) as emu:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = BotProcess("ptb", emu.base, tmp_path,
                          extra_env={"WEIQUAN_HEALTH_LISTEN": f"127.0.0.1:{port}"})
        code = proc.proc.wait(120)
        proc.close()
    assert code == 1
    assert "WEIQUAN_HEALTH_LISTEN" in proc.output() and "Traceback" not in proc.output()
