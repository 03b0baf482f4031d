"""Operating weiquan (issue 16, items 8, 12 and 13), through the real `weiquan` process: a wrong
variable is one line and exit 1, `config check` validates without starting anything, `run
--help` lists every variable, the deploy files have what they promise, the packaging is true."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest

from bot.config import Settings, known_names
from bot.dossier.font import FontMissing, cjk_font_path
from knowledge.deadline_rules import load_rules

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "bot" / "deploy"
SCRIPT = Path(sys.executable).parent / "weiquan"
COMMAND = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "bot.cli"]
TOKEN = "123456789:AAEhBOweik6ad9r_QXMENQjcrGbqCr4K-ra"


def weiquan(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None
            ) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("WEIQUAN_")}
    clean.update(env or {})
    return subprocess.run([*COMMAND, *args], env=clean, cwd=cwd, capture_output=True,
                          text=True, timeout=120)


@pytest.mark.parametrize(("name", "value", "line"), [
    ("WEIQUAN_OPERATOR_CHAT", "abc", 'WEIQUAN_OPERATOR_CHAT: expected an integer chat id like '
                                     '-1001234567890, got "abc"'),
    ("WEIQUAN_LANG", "fr", 'WEIQUAN_LANG: expected zh or en, got "fr"'),
    ("WEIQUAN_TZ", "Mars/Olympus", 'WEIQUAN_TZ: expected an IANA time zone like Asia/Shanghai, '
                                   'got "Mars/Olympus"'),
])
def test_a_wrong_variable_is_one_line_and_exit_1(name: str, value: str, line: str,
                                                  tmp_path: Path) -> None:
    done = weiquan("run", env={"WEIQUAN_TOKEN": TOKEN, name: value,
                               "WEIQUAN_DATA_DIR": str(tmp_path / "d")}, cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.strip() == line
    assert not (tmp_path / "d").exists()  # nothing started


def test_every_wrong_variable_gets_its_own_line(tmp_path: Path) -> None:
    done = weiquan("case", "list", env={"WEIQUAN_OPERATORS": "1,x", "WEIQUAN_RATE_CHAT": "-1",
                                        "WEIQUAN_ADVISER_HOURS": "9-5"}, cwd=tmp_path)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert sorted(line.split(":")[0] for line in lines) == [
        "WEIQUAN_ADVISER_HOURS", "WEIQUAN_OPERATORS", "WEIQUAN_RATE_CHAT"]
    assert "Traceback" not in done.stderr


def test_a_secret_is_never_echoed_in_an_error(tmp_path: Path) -> None:
    done = weiquan("run", env={"WEIQUAN_TOKEN": TOKEN, "WEIQUAN_WEBHOOK_SECRET": "bad secret!"},
                   cwd=tmp_path)
    assert done.returncode == 1
    assert "bad secret!" not in done.stderr
    assert done.stderr.startswith("WEIQUAN_WEBHOOK_SECRET: expected")


def test_config_check_lists_typos_and_bad_values_from_a_env_file(tmp_path: Path) -> None:
    env = tmp_path / "prod.env"
    env.write_text(f"WEIQUAN_TOKEN={TOKEN}\nWEIQUAN_OPERATOR_CHATT=-100123\n"
                   "WEIQUAN_LANG=de\n", encoding="utf-8")
    done = weiquan("config", "check", "--env-file", str(env), cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "WEIQUAN_OPERATOR_CHATT: not a weiquan variable (did you mean WEIQUAN_OPERATOR_CHAT?)",
        'WEIQUAN_LANG: expected zh or en, got "de"']
    assert not (tmp_path / "weiquan-data").exists()


def test_config_check_names_a_misspelt_variable_of_the_environment(tmp_path: Path) -> None:
    done = weiquan("config", "check", env={"WEIQUAN_TOKEN": TOKEN, "WEIQUAN_LOGFORMAT": "json"},
                   cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.strip() == ("WEIQUAN_LOGFORMAT: not a weiquan variable "
                                   "(did you mean WEIQUAN_LOG_FORMAT?)")


def test_config_check_of_a_good_file_says_ok_without_the_token(tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text(f"WEIQUAN_TOKEN={TOKEN}\nWEIQUAN_OPERATOR_CHAT=-1001234567890\n"
                   "WEIQUAN_OPERATORS=1,2\n", encoding="utf-8")
    done = weiquan("config", "check", cwd=tmp_path)  # ./.env by default
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("configuration OK")
    assert "-1001234567890" in done.stdout and "(2 allowed)" in done.stdout
    assert TOKEN not in done.stdout and TOKEN.split(":")[1] not in done.stdout


def test_config_check_needs_the_token(tmp_path: Path) -> None:
    done = weiquan("config", "check", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.startswith("WEIQUAN_TOKEN: not set")


def test_the_env_example_is_valid_once_the_token_is_filled_in(tmp_path: Path) -> None:
    text = (DEPLOY / "weiquan.env.example").read_text(encoding="utf-8")
    names = re.findall(r"^#?(WEIQUAN_[A-Z_]+)=", text, flags=re.M)
    assert set(names) <= known_names() and len(names) >= 12
    filled = tmp_path / "w.env"
    filled.write_text(text.replace("WEIQUAN_TOKEN=\n", f"WEIQUAN_TOKEN={TOKEN}\n"),
                      encoding="utf-8")
    done = weiquan("config", "check", "--env-file", str(filled), cwd=tmp_path)
    assert done.returncode == 0, done.stderr


def test_run_help_lists_every_variable_and_two_examples() -> None:
    done = weiquan("run", "--help")
    assert done.returncode == 0
    for name in Settings.model_fields:
        assert f"WEIQUAN_{name.upper()}" in done.stdout
    examples = done.stdout.split("examples:")[1]
    assert examples.count("weiquan run") == 2


def test_deadline_help_lists_the_rule_ids_and_no_file_the_user_lacks() -> None:
    done = weiquan("deadline", "--help")
    assert done.returncode == 0
    for rule_id in load_rules():
        assert re.search(rf"^\s+{rule_id}\s", done.stdout, flags=re.M), rule_id
    top = weiquan("--help").stdout
    for text in (done.stdout, top):
        assert not re.search(r"FACTS|CONTRACT|DESIGN|\.md\b|§", text)


def test_weiquan_font_chooses_the_pdf_font(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    packaged = cjk_font_path()
    mine = tmp_path / "mine.ttf"
    mine.write_bytes(packaged.read_bytes())
    monkeypatch.setenv("WEIQUAN_FONT", str(mine))
    assert cjk_font_path() == mine
    monkeypatch.setenv("WEIQUAN_FONT", str(tmp_path / "nope.ttf"))
    with pytest.raises(FontMissing, match="WEIQUAN_FONT"):
        cjk_font_path()


def test_licence_and_dependency_floors() -> None:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert meta["license"] == "MIT"
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    floors = {re.split(r"[<>=!;\[ ]", d)[0].lower(): d for d in meta["dependencies"]}
    # Migrations exists from sqlite-utils 4.0, NoDecode from pydantic-settings 2.7
    assert ">=4." in floors["sqlite-utils"]
    assert ">=2.7" in floors["pydantic-settings"]
    assert int(version("sqlite-utils").split(".")[0]) >= 4


def test_the_dockerfile_runs_as_a_user_with_a_data_volume_and_the_cjk_font() -> None:
    text = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    users = re.findall(r"^USER\s+(\S+)", text, flags=re.M)
    assert users and users[-1] not in ("root", "0")
    assert re.search(r'^VOLUME\s+\[?"?/data', text, flags=re.M)
    assert "WEIQUAN_DATA_DIR=/data" in text
    assert "fonts-noto-cjk" in text and "WEIQUAN_FONT=" in text
    assert "/healthz" in text
    for copied in re.findall(r"^COPY\s+(\S+)", text, flags=re.M):
        assert (ROOT / copied).exists(), copied  # the build context is the repository root


def test_the_systemd_unit_runs_weiquan_as_its_own_user() -> None:
    text = (DEPLOY / "weiquan.service").read_text(encoding="utf-8")
    assert re.search(r"^User=weiquan$", text, flags=re.M)
    assert re.search(r"^ExecStart=\S+weiquan run$", text, flags=re.M)
    assert "EnvironmentFile=" in text and "[Install]" in text
