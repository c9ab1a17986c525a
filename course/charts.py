"""What every chart of the course shares: fonts that show Chinese, a figure, PNG bytes.

Charts are drawn with matplotlib's object API (no pyplot state) and never fetch a font: Chinese
labels use a CJK font installed on the machine (Debian's ``fonts-noto-cjk`` gives Noto Sans CJK SC),
DejaVu Sans otherwise. Diagrams drawn as SVG name the same fonts through :data:`CSS_FONT_FAMILY`,
so that the browser picks an installed one.
"""
from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:   # matplotlib is imported when a chart is drawn, not by what only needs the fonts' names
    from matplotlib.figure import Figure

FONT_FOLDERS = ("/usr/share/fonts", "/usr/local/share/fonts", "/Library/Fonts", "C:/Windows/Fonts")
# For SVG and HTML: Latin first (its letters look the same everywhere), then fonts with Chinese glyphs
# as the systems of the room ship them (Linux, Windows, macOS), then the browser's own sans-serif.
CSS_FONT_FAMILY = ("'DejaVu Sans', 'Noto Sans', 'Segoe UI', Arial, 'Noto Sans CJK SC', 'Source Han Sans SC', "
                   "'Microsoft YaHei', 'PingFang SC', 'WenQuanYi Micro Hei', sans-serif")
_fonts_ready = False


def cjk_fonts() -> list[str]:
    """Names of installed fonts with Chinese glyphs, Simplified Chinese first (matplotlib's own
    cache leaves out the OpenType collections most systems ship them as, so they are added here)."""
    from matplotlib import font_manager

    def names():
        return [f.name for f in font_manager.fontManager.ttflist if "CJK" in f.name or "WenQuanYi" in f.name]

    if not names():
        for folder in FONT_FOLDERS:
            for path in sorted(Path(folder).glob("**/*")) if Path(folder).is_dir() else ():
                if path.suffix.lower() in (".ttc", ".otf", ".ttf") and ("CJK" in path.name or "wqy" in path.name.lower()):
                    try:
                        font_manager.fontManager.addfont(str(path))
                    except (OSError, RuntimeError, ValueError):
                        continue  # a font file matplotlib cannot read: try the next
    return sorted(set(names()), key=lambda n: (" SC" not in n, "Serif" in n, n))


def figure(width: float = 9, height: float = 4.5) -> Figure:
    """A new figure whose text can be Chinese (a CJK font when one is installed; DejaVu otherwise)."""
    global _fonts_ready
    if not _fonts_ready:
        import matplotlib

        matplotlib.rcParams["font.sans-serif"] = [*cjk_fonts()[:1], "DejaVu Sans"]
        _fonts_ready = True
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def png(chart: Figure, dpi: int = 110) -> bytes:
    """The figure as PNG bytes (for a download or an image widget)."""
    buffer = io.BytesIO()
    chart.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()
