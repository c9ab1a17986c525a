"""What every module's kit test reads: the day's clock from the README's agenda, the breaks the
README states in words, and the Chinese agenda's clock."""
from __future__ import annotations

import re

from course import paths
from course.kit import agenda, build


def readme(module: str):
    return paths.root() / "modules" / module / "README.md"


def clock(module: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]], tuple[str, str]]:
    """``(breaks as timed, (start, end) pairs stated after "Breaks:" in the README, the day's span)``."""
    slots = agenda.timed(agenda.read(readme(module)), build.find(module)[1])
    text = readme(module).read_text(encoding="utf-8")
    stated = re.findall(r"from (\d\d:\d\d) to (\d\d:\d\d)", " ".join(text.split("Breaks:")[1][:500].split()))
    return [(s.start, s.end) for s in slots if s.is_break], stated, (slots[0].start, slots[-1].end)


def chinese_clock(module: str) -> tuple[list, list, list]:
    """``(English times, Chinese times, Chinese agenda rows)`` of the module's day."""
    english = agenda.read(readme(module))
    chinese = agenda.read(readme(module), readme(module).with_name("README.zh.md"))
    declared = build.find(module)[1]
    times = [[(s.start, s.end) for s in agenda.timed(rows, declared)] for rows in (english, chinese)]
    return times[0], times[1], chinese
