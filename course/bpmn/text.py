"""Text fitted to a width without measuring fonts: a wide (CJK) character counts as two narrow ones.

Diagrams and charts wrap names with it, so that Chinese names wrap as well as English ones.
"""
from __future__ import annotations

import re
import unicodedata

_TOKEN = re.compile(r"(\s*)([^\s\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]+|\S)")


def text_units(text: str) -> int:
    """The width of a text in narrow-character units: a wide (CJK) character counts as two."""
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 0 if unicodedata.combining(c) else 1
               for c in text)


def wrap(text: str, units: int, max_lines: int | None = None) -> list[str]:
    """Lines of at most ``units`` wide: breaks at spaces, and between wide characters, which
    Chinese allows anywhere; a word too long for a line is cut. Beyond ``max_lines`` the last line
    ends with an ellipsis."""
    units = max(units, 2)
    lines: list[str] = []
    for paragraph in str(text).splitlines() or [""]:
        line = ""
        # Words, and wide characters one by one, each with whether a space came before it.
        for space, token in _TOKEN.findall(paragraph):
            candidate = f"{line} {token}" if line and space else line + token
            if text_units(candidate) <= units:
                line = candidate
                continue
            if line:
                lines.append(line)
            while text_units(token) > units:   # a word wider than a whole line
                cut = _fit(token, units)
                lines.append(token[:cut])
                token = token[cut:]
            line = token
        lines.append(line)
    lines = [line for line in lines if line] or [""]
    if max_lines is not None and len(lines) > max_lines:
        kept = lines[:max_lines]
        last = kept[-1]
        while last and text_units(last + "…") > units:
            last = last[:-1]
        kept[-1] = last.rstrip() + "…"
        return kept
    return lines


def _fit(token: str, units: int) -> int:
    used = 0
    for i, c in enumerate(token):
        used += text_units(c)
        if used > units:
            return max(i, 1)
    return len(token)
