"""Shared test fixtures: real trade documents built by real libraries.

``cii_invoice`` is a UN/CEFACT Cross Industry Invoice (D22B) produced by the ``drafthorse``
package, so the tests check the course against a document it did not write itself.

``chrome`` is Debian's Chromium driven by Playwright, one per test module (the browser tests).

Tests that take a ``cii_mutation`` argument are run once per mutation of that invoice
(every element deleted in turn, every text value and attribute replaced by ``X``); the
mutations are listed here because pytest needs them while it collects the tests.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pytest
from cii_invoices import build_cii_invoice
from lxml import etree

CII_NS = {
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
    "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
    "qdt": "urn:un:unece:uncefact:data:standard:QualifiedDataType:100",
}


@lru_cache(maxsize=None)
def default_cii_invoice() -> bytes:
    return build_cii_invoice()


@pytest.fixture(scope="session")
def cii_invoice() -> bytes:
    """A valid Cross Industry Invoice (bytes), checked here with plain lxml."""
    from course.xml import registry

    data = default_cii_invoice()
    schema = registry.lxml_schema("cii-d22b")
    tree = etree.ElementTree(etree.fromstring(data))
    assert schema.validate(tree), f"drafthorse produced an invalid invoice: {schema.error_log}"
    return data


# --- mutations of the invoice, for the agreement tests -------------------------------------

@dataclass(frozen=True)
class Mutation:
    id: str
    description: str
    document: bytes


def _prefixed(elem) -> str:
    qname = etree.QName(elem)
    prefix = {uri: p for p, uri in CII_NS.items()}.get(qname.namespace, "?")
    return f"{prefix}:{qname.localname}"


def _step_path(root, elem) -> str:
    """A short, unique, readable id such as ``ExchangedDocument/IssueDateTime/DateTimeString``."""
    steps = []
    while elem is not None and elem is not root:
        parent = elem.getparent()
        name = etree.QName(elem).localname
        same = [s for s in parent if s.tag == elem.tag]
        if len(same) > 1:
            name += f"[{same.index(elem) + 1}]"
        steps.append(name)
        elem = parent
    return "/".join(reversed(steps))


def cii_mutations_of(data: bytes) -> list[Mutation]:
    """One document per mutation: delete each element, set each text and attribute to 'X'."""
    root = etree.fromstring(data)
    elements = [e for e in root.iter() if isinstance(e.tag, str) and e is not root]
    mutations = []
    for index, elem in enumerate(elements):
        where = _step_path(root, elem)

        def mutated(change, index=index):
            copy = etree.fromstring(data)
            target = [e for e in copy.iter() if isinstance(e.tag, str) and e is not copy][index]
            change(target)
            return etree.tostring(copy, xml_declaration=True, encoding="utf-8")

        def delete(target):
            parent = target.getparent()
            previous = target.getprevious()
            # keep the indentation tidy: the next element takes the removed one's place
            if target.tail:
                if previous is not None:
                    previous.tail = target.tail
                else:
                    parent.text = target.tail
            parent.remove(target)

        mutations.append(Mutation(f"delete:{where}", f"delete <{_prefixed(elem)}>", mutated(delete)))
        if len(elem) == 0 and elem.text and elem.text.strip():
            def set_text(target):
                target.text = "X"
            mutations.append(Mutation(f"text:{where}", f"text of <{_prefixed(elem)}> set to 'X'",
                                      mutated(set_text)))
        for attribute in elem.attrib:
            def set_attribute(target, attribute=attribute):
                target.set(attribute, "X")
            mutations.append(Mutation(f"attribute:{where}@{attribute}",
                                      f"attribute {attribute} of <{_prefixed(elem)}> set to 'X'",
                                      mutated(set_attribute)))
    return mutations


@pytest.fixture(scope="session")
def cii_mutations(cii_invoice) -> list[Mutation]:
    """All the mutations ``cii_mutation`` is parametrized with."""
    return cii_mutations_of(cii_invoice)


def pytest_generate_tests(metafunc):
    if "cii_mutation" in metafunc.fixturenames:
        mutations = cii_mutations_of(default_cii_invoice())
        metafunc.parametrize("cii_mutation", mutations, ids=[m.id for m in mutations])


@pytest.fixture(scope="module")
def chrome():
    from playwright.sync_api import sync_playwright

    import browser_support as support

    (support.ROOT / "test-artifacts").mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = support.launch(playwright)
        yield browser
        browser.close()
