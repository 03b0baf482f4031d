"""A start imports what it uses: `kb ask` no Telegram framework, `run` only the framework chosen
(aiogram's import alone costs about 3 s of CPU), nothing for PDFs, images or letters until one
is made. Checked in fresh processes, the cache already built."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
HEAVY = ("aiogram", "telegram", "aiohttp", "PIL", "fpdf", "jinja2", "pypinyin", "sqlite_utils",
         "cn2an")
REPORT = "import json, sys; print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
# every module by its full name (aiohttp.web, not aiohttp)
FULL_REPORT = "import json, sys; print(json.dumps(sorted(sys.modules)))"


def _modules(code: str, cache: Path, tmp: Path, report: str = REPORT) -> set[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WEIQUAN_")}
    env.update({"WEIQUAN_CACHE_DIR": str(cache), "WEIQUAN_DATA_DIR": str(tmp / "data")})
    done = subprocess.run([sys.executable, "-c", f"{code}\n{report}"], env=env, cwd=tmp,
                          capture_output=True, text=True, timeout=300, check=True)
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cache")
    env = {**os.environ, "WEIQUAN_CACHE_DIR": str(folder)}
    subprocess.run([sys.executable, "-m", "bot.cli", "kb", "ask", "买到假货怎么办"], env=env,
                   check=True, capture_output=True, timeout=300)
    return folder


def test_kb_ask_loads_no_telegram_and_no_pinyin_library(cache: Path, tmp_path: Path) -> None:
    code = ("from bot.cli import main\n"
            "main(['kb', 'ask', '--json', '七天无理由怎么算'])")
    loaded = _modules(code, cache, tmp_path)
    assert "jieba" in loaded  # it cuts the question
    assert not loaded & set(HEAVY)


@pytest.mark.parametrize(("framework", "other"), [("ptb", "aiogram"), ("aiogram", "telegram")])
def test_run_imports_only_its_framework(framework: str, other: str, cache: Path, tmp_path: Path) -> None:
    code = ("from bot.cli import build_parser\n"
            f"build_parser(['run', '--framework', '{framework}'])\n"
            "from bot.app import build\n"
            "from bot.config import Settings\n"
            "from bot.cli.run import make_api\n"
            "from bot.adapters.telegram.runner import Runner\n"
            "settings = Settings(_env_file=None, token='123:abc', api_base='http://127.0.0.1:9')\n"
            "app = build(settings, source='telegram')\n"
            f"Runner(app, make_api('{framework}', '123:abc', 'http://127.0.0.1:9'))\n"
            "app.store.close()")
    loaded = _modules(code, cache, tmp_path, FULL_REPORT)
    tops = {m.split(".")[0] for m in loaded}
    assert other not in tops
    assert not tops & {"PIL", "fpdf", "jinja2", "pypinyin", "cn2an"}
    # aiohttp is both frameworks' HTTP client (ptb's through ptb_request.py); its server, for
    # the webhook, is imported in webhook mode only
    assert "aiohttp.web" not in loaded


def test_kb_ask_does_not_load_the_settings(cache: Path, tmp_path: Path) -> None:
    """pydantic-settings costs 0.3 s: the CLI's one-line configuration errors must not bring it
    to a question that places no date."""
    code = ("from bot.cli import main\n"
            "main(['kb', 'ask', '--json', '买到假货怎么办'])")
    loaded = _modules(code, cache, tmp_path)
    assert "pydantic_settings" not in loaded and "dotenv" not in loaded


def test_kb_ask_places_a_date_without_the_settings(cache: Path, tmp_path: Path) -> None:
    """No WEIQUAN_NOW, WEIQUAN_TZ or .env: the clock is the real one in the default zone, read
    without pydantic-settings (0.1 s)."""
    code = ("from bot.cli import main\n"
            "main(['kb', 'ask', '--json', '我11月20号申请的仅退款，商家最晚哪天要处理？'])")
    loaded = _modules(code, cache, tmp_path)
    assert "pydantic_settings" not in loaded and "dotenv" not in loaded
