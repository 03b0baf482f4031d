"""The CJK font the dossier embeds: WEIQUAN_FONT when set (a system font, say), else Noto Sans
SC from the pylopdf-fonts-zh-cn package.

The package is a dependency in pyproject.toml, so `make test` on a fresh machine installs it;
a system Noto CJK / WenQuanYi font is only a fallback for an installation without it.
"""

from __future__ import annotations

from pathlib import Path

FALLBACKS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
)


class FontMissing(RuntimeError):
    """No font with Chinese glyphs could be found."""


def cjk_font_path(chosen: Path | None = None) -> Path:
    """`chosen`, else WEIQUAN_FONT, else the packaged font, else a system one."""
    if chosen is None:
        from bot.config import load_settings

        chosen = load_settings().font
    if chosen is not None:
        if not chosen.is_file():
            raise FontMissing(f"WEIQUAN_FONT: no font file at {chosen}")
        return chosen
    try:
        import pylopdf_fonts_zh_cn
    except ImportError:
        pass
    else:
        path = Path(pylopdf_fonts_zh_cn.sans_path())
        if path.is_file():
            return path
    for candidate in FALLBACKS:
        if Path(candidate).is_file():
            return Path(candidate)
    raise FontMissing("no CJK font: install the project (pip install -e .) to get "
                      "pylopdf-fonts-zh-cn")
