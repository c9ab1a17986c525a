"""What differs between the content that was signed and the content a reader sees."""
from __future__ import annotations

from lxml import etree

from ..xml.findings import Finding
from .structure import DS

MAX_CHANGES = 10
SHOWN_CHARS = 60


def _short(text: str | None) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS - 1] + "…"


def _children(element) -> list:
    return [c for c in element.iterchildren(etree.Element) if c.tag != f"{{{DS}}}Signature"]


def _walk(signed, seen, path: str, out: list) -> None:
    if (signed.text or "").strip() != (seen.text or "").strip():
        out.append(Finding("sig.changed", line=seen.sourceline, path=path,
                           params={"path": path, "before": _short(signed.text), "after": _short(seen.text)}))
    for name in sorted(set(signed.attrib) | set(seen.attrib)):
        if name in ("Id", "ID", "id"):
            continue
        if signed.get(name) != seen.get(name):
            where = f"{path}/@{etree.QName(name).localname}"
            out.append(Finding("sig.changed", line=seen.sourceline, path=where,
                               params={"path": where, "before": _short(signed.get(name)), "after": _short(seen.get(name))}))
    before, after = _children(signed), _children(seen)
    counts: dict[str, int] = {}
    for index in range(max(len(before), len(after))):
        old = before[index] if index < len(before) else None
        new = after[index] if index < len(after) else None
        name = etree.QName((new if new is not None else old).tag).localname
        counts[name] = counts.get(name, 0) + 1
        child_path = f"{path}/{name}[{counts[name]}]"
        if old is None:
            out.append(Finding("sig.added", line=new.sourceline, path=child_path,
                               params={"path": child_path, "after": _short("".join(new.itertext()))}))
        elif new is None:
            out.append(Finding("sig.removed", path=child_path,
                               params={"path": child_path, "before": _short("".join(old.itertext()))}))
        elif old.tag != new.tag:
            out.append(Finding("sig.removed", path=child_path, params={"path": child_path, "before": _short("".join(old.itertext()))}))
            out.append(Finding("sig.added", line=new.sourceline, path=child_path,
                               params={"path": child_path, "after": _short("".join(new.itertext()))}))
        else:
            _walk(old, new, child_path, out)


def differences(signed: etree._Element, seen: etree._Element) -> list[Finding]:
    """Changed values, added and removed elements from ``signed`` to ``seen`` (signatures ignored).

    Elements are paired by position; the first :data:`MAX_CHANGES` differences are listed.
    """
    found: list[Finding] = []
    _walk(signed, seen, "/" + etree.QName(seen.tag).localname, found)
    return found[:MAX_CHANGES]
