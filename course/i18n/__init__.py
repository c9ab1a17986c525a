"""Learner-facing text in the learner's language.

Messages are written in English in the code, marked with ``_`` (translate now) or ``N_``
(mark for the catalog, translate later), and looked up in gettext ``.po`` catalogs under
``locale/``. The language comes from, in order: an explicit ``lang`` argument, the
``COURSE_LANG`` environment variable, the process locale; English otherwise.
"""
from __future__ import annotations

import locale as _locale
import os
from functools import lru_cache
from pathlib import Path

from babel.messages.pofile import read_po

DOMAIN = "course"
LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = {"en": "English", "zh_Hans": "简体中文"}
DEFAULT = "en"


def normalize(tag: str | None) -> str | None:
    """Map a language tag such as ``zh``, ``zh_CN``, ``zh-Hans`` or ``en_US.UTF-8`` to a course language."""
    if not tag:
        return None
    tag = tag.split(".")[0].split("@")[0].replace("-", "_").strip()
    low = tag.lower()
    if low in ("c", "posix", ""):
        return None
    if low.startswith("zh"):
        # Traditional Chinese is not offered yet; simplified is closer than English.
        return "zh_Hans"
    if low.startswith("en"):
        return "en"
    return None


def resolve(lang: str | None = None) -> str:
    """The course language to use for ``lang`` (explicit, else COURSE_LANG, else locale)."""
    for candidate in (lang, os.environ.get("COURSE_LANG")):
        if candidate:
            chosen = normalize(candidate)
            if chosen is None:
                raise ValueError(
                    f"unsupported language {candidate!r}; choose one of: {', '.join(LANGUAGES)} (or zh)"
                )
            return chosen
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            for part in value.split(":"):
                chosen = normalize(part)
                if chosen:
                    return chosen
    try:
        chosen = normalize(_locale.getlocale()[0])
    except ValueError:
        chosen = None
    return chosen or DEFAULT


def catalog_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@lru_cache(maxsize=None)
def _messages(lang: str) -> dict[str, str]:
    path = catalog_path(lang)
    if not path.exists():
        return {}
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=lang.replace("_Hans", ""), domain=DOMAIN)
    return {
        message.id: message.string
        for message in catalog
        if message.id and message.string and not message.fuzzy
    }


def _(msgid: str, lang: str | None = None, **params) -> str:
    """Translate ``msgid`` into ``lang`` and fill its ``{named}`` placeholders."""
    text = _messages(resolve(lang)).get(msgid, msgid)
    return text.format(**params) if params else text


def N_(msgid: str) -> str:
    """Mark ``msgid`` for the catalog without translating it yet."""
    return msgid


class Text(str):
    """A catalog message used as a placeholder value, translated when the message is shown.

    For values chosen before the language is known, e.g. ``kind=Text(N_("a PDF file"))``.
    """


def fill(params: dict, lang: str | None) -> dict:
    """``params`` with every :class:`Text` value translated into ``lang``."""
    return {k: _(v, lang) if isinstance(v, Text) else v for k, v in params.items()}
