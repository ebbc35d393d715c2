"""A font that can draw Chinese for the cluster charts, or one warning that there is none.

Called by ``charts.py``. matplotlib's default DejaVu Sans has no CJK glyphs, so Chinese keywords
would be drawn as empty boxes: ``fonts_for(words)`` returns installed CJK families (best first)
when the words need one, and otherwise warns once per process and returns nothing, so the caller
leaves those words out.
"""

from __future__ import annotations

import re
from pathlib import Path

from dlkit import console

CJK_FAMILIES = (
    "Noto Sans CJK TC",
    "Noto Sans CJK JP",
    "Noto Sans CJK SC",
    "Noto Sans TC",
    "Source Han Sans TC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Droid Sans Fallback",
    "AR PL UMing TW",
    "AR PL UKai TW",
    "Microsoft JhengHei",
    "PingFang TC",
    "Heiti TC",
    "SimHei",
)
# File names of CJK fonts, for fonts installed after matplotlib cached its font list.
CJK_FILES = re.compile(
    r"(wqy|notosanscjk|notoserifcjk|sourcehan|droidsansfallback|uming|ukai|"
    r"msjh|pingfang|simhei|cjk)",
    re.IGNORECASE,
)
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_warned = False


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


def cjk_fonts() -> list[str]:
    """Installed font families able to draw Chinese, best first; empty when there is none.

    Looks in matplotlib's font list, then registers CJK font files that it has not cached yet
    (a font installed after matplotlib's first run is otherwise invisible to it)."""
    from matplotlib import font_manager

    def found() -> list[str]:
        names = {f.name for f in font_manager.fontManager.ttflist}
        return [family for family in CJK_FAMILIES if family in names]

    if not found():
        for path in font_manager.findSystemFonts():
            if CJK_FILES.search(Path(path).name):
                try:
                    font_manager.fontManager.addfont(path)
                except (OSError, RuntimeError, ValueError):
                    continue
    return found()


def fonts_for(words: list[str]) -> list[str]:
    """The CJK fonts to draw ``words`` with ([] when none is needed or installed); warns once per
    process when Chinese words have to be left out for want of a font."""
    global _warned
    if not any(has_cjk(w) for w in words):
        return []
    fonts = cjk_fonts()
    if not fonts and not _warned:
        _warned = True
        console.info(
            "note: no CJK font is installed, so Chinese keywords are left out of the "
            "charts; install one (e.g. apt-get install fonts-wqy-microhei)"
        )
    return fonts
