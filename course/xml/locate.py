"""Locations a learner can read: ``/Certificate/Goods[2]/GrossWeight`` instead of XPath."""
from __future__ import annotations

from lxml import etree


def local_name(tag) -> str:
    if not isinstance(tag, str):
        return "?"
    return etree.QName(tag).localname if tag.startswith("{") else tag


def readable_path(elem) -> str | None:
    if elem is None or not isinstance(elem.tag, str):
        return None
    steps = []
    while elem is not None:
        parent = elem.getparent()
        name = local_name(elem.tag)
        if parent is not None:
            same = [s for s in parent if s.tag == elem.tag]
            if len(same) > 1:
                name += f"[{same.index(elem) + 1}]"
        steps.append(name)
        elem = parent
    return "/" + "/".join(reversed(steps))
