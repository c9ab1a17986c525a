"""Where a signature is, what its references point at, and the shapes signature wrapping takes.

These checks run before any cryptography: a signature is only worth verifying when it sits
where an enveloped signature belongs and points at the document the reader sees. Nothing a
document names outside itself is ever fetched.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from ..xml.findings import Finding

DS = "http://www.w3.org/2000/09/xmldsig#"
XADES = "http://uri.etsi.org/01903/v1.3.2#"
NS = {"ds": DS, "xades": XADES}
ID_ATTRIBUTES = ("Id", "ID", "id", "{http://www.w3.org/XML/1998/namespace}id")
ENVELOPED = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"
C14N = {
    "http://www.w3.org/TR/2001/REC-xml-c14n-20010315",
    "http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments",
    "http://www.w3.org/2006/12/xml-c14n11",
    "http://www.w3.org/2006/12/xml-c14n11#WithComments",
    "http://www.w3.org/2001/10/xml-exc-c14n#",
    "http://www.w3.org/2001/10/xml-exc-c14n#WithComments",
}
SIGNED_PROPERTIES = f"{{{XADES}}}SignedProperties"
MAX_REFERENCES = 16


@dataclass
class Reference:
    uri: str
    target: etree._Element | None  # None for an external or unresolved reference
    kind: str  # "document", "properties", "key-info", "part", "external", "unresolved"


@dataclass
class Layout:
    """What the structural checks found: the signature, its references, and what is wrong."""

    signature: etree._Element | None = None
    references: list[Reference] = field(default_factory=list)
    problems: list[Finding] = field(default_factory=list)  # errors that stop verification


def element_id(element) -> str | None:
    return next((element.get(a) for a in ID_ATTRIBUTES if element.get(a) is not None), None)


def label(element) -> str:
    """An element as people read it: its local name with its identifier if it has one."""
    name = etree.QName(element).localname
    ident = element_id(element)
    return f"{name} (Id '{ident}')" if ident else name


def _duplicate_ids(root) -> list[Finding]:
    seen: dict[str, int] = {}
    found = []
    for element in root.iter(etree.Element):
        ident = element_id(element)
        if ident is None:
            continue
        if ident in seen:
            found.append(Finding("sig.duplicate-id", line=element.sourceline, params={"id": ident}))
        seen.setdefault(ident, element.sourceline)
    return found


def _by_id(root, ident: str) -> list:
    return [e for e in root.iter(etree.Element) if element_id(e) == ident]


def _resolve(root, signature, uri: str | None) -> Reference:
    if uri is None or uri == "":
        return Reference("", root, "document")
    if not uri.startswith("#") or uri.startswith("#xpointer("):
        return Reference(uri, None, "external")
    targets = _by_id(root, uri[1:])
    if len(targets) != 1:
        return Reference(uri, None, "unresolved")
    target = targets[0]
    if target is root:
        return Reference(uri, target, "document")
    inside = any(a is signature for a in target.iterancestors())
    if inside and target.tag == SIGNED_PROPERTIES:
        return Reference(uri, target, "properties")
    if inside and target.tag == f"{{{DS}}}KeyInfo" and target.getparent() is signature:
        return Reference(uri, target, "key-info")  # the signer's certificate, signed along
    # anything else, inside the signature (a ds:Object) or in the document, is a part
    return Reference(uri, target, "part")


def layout(tree: etree._ElementTree) -> Layout:
    """Find the one enveloped signature and judge its shape (see the module's docstring)."""
    root = tree.getroot()
    signatures = list(root.iter(f"{{{DS}}}Signature"))
    result = Layout()
    if not signatures:
        return result
    if len(signatures) > 1:
        result.problems.append(Finding("sig.several", line=signatures[1].sourceline, params={"count": len(signatures)}))
    signature = result.signature = signatures[0]
    if signature is root:
        result.problems.append(Finding("sig.enveloping", line=signature.sourceline))
    elif signature.getparent() is not root:
        parent = signature.getparent()
        result.problems.append(Finding("sig.misplaced", line=signature.sourceline,
                                       params={"parent": label(parent) if parent is not None else "?"}))
    result.problems += _duplicate_ids(root)
    signed_info = signature.find("ds:SignedInfo", NS)
    references = list(signed_info.iterfind("ds:Reference", NS)) if signed_info is not None else []
    if len(references) > MAX_REFERENCES:  # each one costs a digest over the document: refuse before computing any
        result.problems.append(Finding("sig.invalid", line=signature.sourceline, params={
            "detail": f"{len(references)} references, more than the {MAX_REFERENCES} a trade document needs"}))
        return result
    for reference in references:
        resolved = _resolve(root, signature, reference.get("URI"))
        result.references.append(resolved)
        if resolved.kind == "external":
            result.problems.append(Finding("sig.external-reference", line=reference.sourceline, params={"uri": resolved.uri}))
        elif resolved.kind == "unresolved":
            result.problems.append(Finding("sig.unresolved-reference", line=reference.sourceline, params={"uri": resolved.uri}))
        for transform in reference.iterfind("ds:Transforms/ds:Transform", NS):
            algorithm = transform.get("Algorithm", "")
            if algorithm != ENVELOPED and algorithm not in C14N:
                result.problems.append(Finding("sig.transform", line=transform.sourceline, params={"algorithm": algorithm}))
    return result


def uncovered(root, covered: list) -> list:
    """The top-level parts of ``root`` that no covered element contains (nor the signature)."""
    outside = []
    for child in root.iterchildren(etree.Element):
        if child.tag == f"{{{DS}}}Signature":
            continue
        if any(child is c or any(a is c for a in child.iterancestors()) for c in covered):
            continue
        if any(any(a is child for a in c.iterancestors()) for c in covered):
            outside += uncovered(child, covered)  # partly covered: look inside
        else:
            outside.append(child)
    return outside
