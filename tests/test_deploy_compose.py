"""The deployment files in bot/deploy/ agree with the code: an operator who copies them gets
replicas that start, a proxy that reaches them and variables the bot actually reads."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.cli.main import build_parser
from bot.config import known_names

DEPLOY = Path(__file__).resolve().parent.parent / "bot" / "deploy"


def compose() -> dict[str, Any]:
    return yaml.safe_load((DEPLOY / "docker-compose.yml").read_text("utf-8"))


def replicas() -> dict[str, dict[str, Any]]:
    return {name: svc for name, svc in compose()["services"].items()
            if svc.get("command", [None])[0] == "run"}


def caddy_block() -> str:
    return (DEPLOY / "Caddyfile").read_text("utf-8")


def test_three_replicas_share_one_database_and_one_bucket() -> None:
    bots = replicas()
    assert len(bots) == 3
    envs = [svc["environment"] for svc in bots.values()]
    assert all(env == envs[0] for env in envs)  # same secret, same store on every replica
    assert envs[0]["WEIQUAN_DB"].startswith("postgresql://")
    assert envs[0]["WEIQUAN_EVIDENCE_URL"].startswith("s3://")
    assert "WEIQUAN_WEBHOOK_SECRET" in envs[0]
    assert envs[0]["WEIQUAN_RATE_SHARED"] == "1"  # the send limits hold for all three together


def test_every_weiquan_variable_is_one_the_bot_reads() -> None:
    for svc in replicas().values():
        unknown = {k for k in svc["environment"] if k.startswith("WEIQUAN_")} - known_names()
        assert not unknown, f"docker-compose.yml sets variables weiquan ignores: {unknown}"


def test_the_replicas_command_is_a_valid_run_command() -> None:
    for svc in replicas().values():
        args = build_parser().parse_args([a.replace("${PUBLIC_HOST:?set PUBLIC_HOST}",
                                                    "bot.example.org") for a in svc["command"]])
        assert args.webhook_url == "https://bot.example.org/tg"
        assert args.listen.endswith(":8080")


@pytest.mark.parametrize("name", ["bot1", "bot2", "bot3"])
def test_the_proxy_forwards_the_webhook_path_to_every_replica(name: str) -> None:
    caddy = caddy_block()
    handled = re.search(r"handle (\S+) \{\s*reverse_proxy ([^{]+)\{", caddy)
    assert handled, "the Caddyfile proxies one path to the replicas"
    path, upstreams = handled.group(1), handled.group(2).split()
    svc = replicas()[name]
    assert svc["command"][2].endswith(path)  # Telegram posts where the proxy listens
    assert f"{name}:{svc['command'][-1].rsplit(':', 1)[1]}" in upstreams


def test_the_proxy_checks_health_where_the_replicas_answer_it() -> None:
    port = re.search(r"health_port (\d+)", caddy_block())
    assert port and "health_uri /healthz" in caddy_block()
    for svc in replicas().values():
        assert svc["environment"]["WEIQUAN_HEALTH_LISTEN"].endswith(":" + port.group(1))


def test_the_image_is_the_one_the_compose_file_builds() -> None:
    for svc in replicas().values():
        assert svc["build"]["dockerfile"] == "bot/deploy/Dockerfile"
        assert (DEPLOY.parent.parent / svc["build"]["dockerfile"]).is_file()
