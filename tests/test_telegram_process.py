"""The real `weiquan run` process against the emulator: kill -9 mid-conversation, restart, go on.

Nothing committed is lost (the outbox), nothing is applied twice (update ids), SIGTERM stops
cleanly, and the token never shows in the output."""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.chat.process import WAIT, ProcessChat
from tests.chat.telegram_bot import FRAMEWORKS, TOKEN, USER
from tests.emulator import EmulatorThread

pytestmark = pytest.mark.slow
START = 180.0  # for start-up (imports, the knowledge index) on a busy machine
RUNNING = "weiquan is running as @"  # the runner's last start-up line
HELD = 30  # retry_after of the 429 the kill -9 test gives: the chat's rows wait this long


class BotProcess:
    def __init__(self, framework: str, base: str, data: Path, token: str | None = TOKEN,
                 extra: tuple[str, ...] = (), extra_env: dict[str, str] | None = None) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("WEIQUAN_")}
        env.update({"WEIQUAN_API_BASE": base, "WEIQUAN_DATA_DIR": str(data),
                    "PYTHONUNBUFFERED": "1", **(extra_env or {})})
        if token:
            env["WEIQUAN_TOKEN"] = token
        self.log = data / f"bot-{framework}-{os.urandom(3).hex()}.log"
        data.mkdir(parents=True, exist_ok=True)
        self._out = self.log.open("wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "run", "--framework", framework, "-v", *extra],
            env=env, cwd=data, stdout=self._out, stderr=subprocess.STDOUT)

    def ready(self, emu: EmulatorThread) -> None:
        """Until the bot asks for updates (or set its webhook): start-up is over. Waiting for
        this first keeps a slow start on a loaded machine from eating a reply's time."""
        calls = {m: len(emu.calls(m)) for m in ("getUpdates", "setWebhook")}
        waiting = emu.polls_waiting()  # a killed bot's poll may still wait: it is not ours

        def up() -> bool:  # our first poll returns, ends an older one (409), or waits
            return self.proc.poll() is not None or emu.polls_waiting() > waiting or any(
                len(emu.calls(m)) > n for m, n in calls.items()) or self.started()

        try:
            emu.wait_until(up, START)
        except TimeoutError:
            raise AssertionError(f"the bot did not start within {START:.0f}s\n"
                                 f"--- bot output ---\n{self.output()[-4000:]}") from None
        if self.proc.poll() is not None:
            raise AssertionError(f"the bot exited with {self.proc.returncode}\n"
                                 f"--- bot output ---\n{self.output()[-4000:]}")

    def close(self) -> None:
        """After the process ended by itself."""
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)
        self._out.close()

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)
        self._out.close()

    def terminate(self) -> int:
        self.proc.send_signal(signal.SIGTERM)
        code = self.proc.wait(60)
        self._out.close()
        return code

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def started(self) -> bool:
        """The process said its start-up is over. Replicas starting together may set their
        webhook before the test waits for them: the counts above cannot see that."""
        return RUNNING in self.output()


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_kill_9_restart_and_the_conversation_goes_on(framework: str, tmp_path: Path) -> None:
    data = tmp_path / "data"
    with EmulatorThread(token=TOKEN) as emu:
        chat = ProcessChat(emu)
        first = chat.bot = BotProcess(framework, emu.base, data)
        try:
            first.ready(emu)
            chat.send("/start")
            chat.wait_reply("维权助手")
            chat.click("📝 我要投诉")
            chat.wait_reply("请选择你遇到的问题")
            chat.click("质量问题")
            chat.wait_reply("是在哪个平台买的")
            # The replies to the next press are committed, but Telegram answers the first of
            # them (showing the choice on the question) 429 for 30 s: kill -9 meanwhile.
            emu.fail("editMessageText", times=1, retry_after=HELD)
            question = [m for m in chat.replies if "是在哪个平台买的" in m][0]
            chat.click("天猫")
            emu.wait_until(lambda: any(c.status == 429 for c in emu.calls("editMessageText")),
                           WAIT)
        finally:
            first.kill()
        assert chat.count("店铺名称") == 0
        shop = chat.send("某某旗舰店")  # arrives while no bot runs

        second = chat.bot = BotProcess(framework, emu.base, data)
        try:
            second.ready(emu)
            # the reply to the update sent while down, after the chat's rows held by the 429
            # (they go at its end, which a quick restart may still be HELD s away from)
            chat.wait_reply("订单编号是多少", timeout=HELD + WAIT)
            assert chat.count("店铺名称") == 1  # the committed replies were not lost
            shown = emu.message(USER, question.message_id)
            assert shown is not None and shown["text"].endswith("✅ 天猫")
            assert "reply_markup" not in shown
            emu.redeliver(shop)  # the same update again: applied once, answered once
            chat.send("1234567890123456")
            chat.wait_reply("买的是什么商品")
            # A burst, and kill -9 at once: whatever was not committed comes again.
            chat.send("运动鞋")
            chat.send("399")
        finally:
            second.kill()

        third = chat.bot = BotProcess(framework, emu.base, data)
        try:
            third.ready(emu)
            chat.wait_reply("是哪天付款的")
            emu.wait_idle(WAIT)
        finally:
            code = third.terminate()
        assert code == 0, third.output()[-3000:]

    for fragment in ("是在哪个平台买的", "店铺名称", "订单编号是多少", "是哪天付款的"):
        assert chat.count(fragment) == 1, (fragment, chat.texts)
    assert 1 <= chat.count("实际支付了多少钱") <= 2  # at least once: a kill can land between
    with sqlite3.connect(data / "weiquan.db") as conn:  # a send and its "sent" mark
        fields = json.loads(conn.execute("SELECT fields FROM cases WHERE id=1").fetchone()[0])
        twice = conn.execute("SELECT COUNT(*) FROM processed_updates WHERE update_id=?",
                             [shop]).fetchone()[0]
        pending = conn.execute("SELECT COUNT(*) FROM outbox WHERE status='pending'").fetchone()[0]
    assert (fields["platform"], fields["shop"], fields["order_no"]) == \
        ("tmall", "某某旗舰店", "1234567890123456")
    assert (fields["item"], fields["amount"]) == ("运动鞋", "399.00")
    assert twice == 1 and pending == 0
    for proc in (first, second, third):
        assert TOKEN not in proc.output() and TOKEN.split(":")[1] not in proc.output()


def test_no_token_exits_1_with_a_clear_message(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WEIQUAN_")}
    done = subprocess.run([sys.executable, "-m", "bot.cli", "run"], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "WEIQUAN_TOKEN" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_rejected_token_exits_1_without_showing_it(framework: str, tmp_path: Path) -> None:
    wrong = "123456:WRONG-secret_value_42"
    with EmulatorThread(token=TOKEN) as emu:
        proc = BotProcess(framework, emu.base, tmp_path, token=wrong)
        code = proc.proc.wait(START)
        proc._out.close()
    out = proc.output()
    assert code == 1, out[-2000:]
    assert "rejected" in out and "WRONG-secret_value_42" not in out and "Traceback" not in out


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_sigterm_finishes_the_album_in_hand(framework: str, tmp_path: Path) -> None:
    with EmulatorThread(token=TOKEN) as emu:
        chat = ProcessChat(emu)
        proc = chat.bot = BotProcess(framework, emu.base, tmp_path)
        proc.ready(emu)
        chat.send("/start")
        chat.wait_reply("维权助手")
        ids = set(emu.send_album(USER, [b"\xff\xd8one", b"\xff\xd8two", b"\xff\xd8three"]))

        def taken() -> bool:
            """Every part handed over, and the bot asked again since (it polls one call at a
            time, so it has read that answer): the parts are in hand, their album collecting."""
            polls = emu.calls("getUpdates")
            got = [{u["update_id"] for u in c.response.get("result", [])} for c in polls]
            if not ids <= set().union(*got):
                return False
            last = max(i for i, g in enumerate(got) if g & ids)
            return len(polls) > last + 1 or emu.polls_waiting() > 0

        emu.wait_until(taken, WAIT)
        code = proc.terminate()
        assert code == 0, proc.output()[-3000:]
        replies = [m for m in chat.replies if m.startswith("收到")]
        assert len(replies) == 1, chat.texts
        assert emu.pending_updates() == []  # and confirmed to Telegram before exiting


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_webhook_mode_from_the_command_line(framework: str, tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/telegram"
    with EmulatorThread(token=TOKEN) as emu:
        chat = ProcessChat(emu)
        proc = chat.bot = BotProcess(framework, emu.base, tmp_path,
                                     extra=("--webhook-url", url, "--listen", f"127.0.0.1:{port}"))
        try:
            proc.ready(emu)
            chat.send("/start")
            chat.wait_reply("维权助手")
            assert emu.webhook is not None and emu.webhook["url"] == url
            assert emu.webhook_deliveries and all(s == 200 for _, s in emu.webhook_deliveries)
        finally:
            code = proc.terminate()
        assert code == 0, proc.output()[-3000:]
