"""The structural comparison of a learner's XSD with a reference XSD, one kind of difference at a time."""
import pytest

from course.xml.compare import compare_schemas

REFERENCE = """<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t" xmlns="urn:t"
    elementFormDefault="qualified">
  <xs:element name="Certificate">
    <xs:complexType><xs:sequence>
      <xs:element name="CertificateID" type="IdType"/>
      <xs:element name="IssueDate" type="xs:date"/>
      <xs:element name="Exporter" type="PartyType"/>
      <xs:element name="GoodsItem" maxOccurs="unbounded">
        <xs:complexType><xs:sequence>
          <xs:element name="GrossWeight" type="xs:decimal"/>
          <xs:element name="PackageTypeCode" type="PackageType"/>
          <xs:element name="Marks" type="xs:string" minOccurs="0"/>
        </xs:sequence></xs:complexType>
      </xs:element>
    </xs:sequence></xs:complexType>
  </xs:element>
  <xs:complexType name="PartyType"><xs:sequence>
    <xs:element name="Name" type="NameType"/>
    <xs:element name="CountryCode" type="xs:string"/>
  </xs:sequence></xs:complexType>
  <xs:simpleType name="IdType"><xs:restriction base="xs:token"><xs:pattern value="[A-Z]{2}-[0-9]{6}"/></xs:restriction></xs:simpleType>
  <xs:simpleType name="NameType"><xs:restriction base="xs:string"><xs:maxLength value="70"/></xs:restriction></xs:simpleType>
  <xs:simpleType name="PackageType"><xs:restriction base="xs:token">
    <xs:enumeration value="CT"/><xs:enumeration value="BX"/><xs:enumeration value="PX"/>
  </xs:restriction></xs:simpleType>
</xs:schema>"""


def variant(*replacements):
    text = REFERENCE
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    return text


def codes(comparison):
    return [f.code for f in comparison.findings]


def test_identical_schemas_score_full_marks():
    result = compare_schemas(REFERENCE, REFERENCE)
    assert result.identical and result.score == 1.0


def test_optional_where_the_reference_is_mandatory():
    result = compare_schemas(variant(('name="GrossWeight" type="xs:decimal"/>',
                                      'name="GrossWeight" type="xs:decimal" minOccurs="0"/>')), REFERENCE)
    assert codes(result) == ["compare.optional"]
    finding = result.findings[0]
    assert finding.message == "<GrossWeight> is optional in your model but mandatory in the reference."
    assert finding.path == "/Certificate/GoodsItem/GrossWeight" and finding.line
    assert 0 < result.score < 1


def test_mandatory_where_the_reference_is_optional():
    result = compare_schemas(variant(('name="Marks" type="xs:string" minOccurs="0"/>',
                                      'name="Marks" type="xs:string"/>')), REFERENCE)
    assert codes(result) == ["compare.mandatory"]


def test_repetition_differs():
    result = compare_schemas(variant(('name="GoodsItem" maxOccurs="unbounded"', 'name="GoodsItem"')), REFERENCE)
    assert codes(result) == ["compare.repeats"]
    assert "at most once" in result.findings[0].message and "any number of times" in result.findings[0].message


def test_missing_element():
    result = compare_schemas(variant(('<xs:element name="IssueDate" type="xs:date"/>', "")), REFERENCE)
    assert codes(result) == ["compare.missing"]
    assert result.findings[0].params == {"element": "IssueDate", "parent": "Certificate"}


def test_extra_element_suggests_the_reference_synonym():
    result = compare_schemas(variant(('<xs:element name="Exporter" type="PartyType"/>',
                                      '<xs:element name="Exporter" type="PartyType"/><xs:element name="Exporters" type="xs:string"/>')),
                             REFERENCE)
    assert codes(result) == ["compare.extra"]
    assert "<Exporter>" in result.findings[0].hint


def test_element_in_the_wrong_place():
    moved = variant(('<xs:element name="Marks" type="xs:string" minOccurs="0"/>', ""),
                    ('<xs:element name="IssueDate" type="xs:date"/>',
                     '<xs:element name="IssueDate" type="xs:date"/><xs:element name="Marks" type="xs:string" minOccurs="0"/>'))
    result = compare_schemas(moved, REFERENCE)
    assert codes(result) == ["compare.moved"]
    assert result.findings[0].params["parent"] == "Certificate" and result.findings[0].params["expected"] == "GoodsItem"


def test_type_differs():
    result = compare_schemas(variant(('name="IssueDate" type="xs:date"', 'name="IssueDate" type="xs:string"')), REFERENCE)
    assert codes(result) == ["compare.type"]
    assert result.findings[0].message == "<IssueDate> is text in your model but a date in the reference."


def test_simple_where_the_reference_has_children():
    result = compare_schemas(variant(('name="Exporter" type="PartyType"', 'name="Exporter" type="xs:string"')), REFERENCE)
    assert "compare.structure" in codes(result)
    assert codes(result).count("compare.missing") == 2  # Name and CountryCode have nowhere to be


def test_code_list_differs():
    result = compare_schemas(variant(('<xs:enumeration value="PX"/>', '<xs:enumeration value="PL"/>')), REFERENCE)
    assert codes(result) == ["compare.codes"]
    assert "missing codes PX" in result.findings[0].message and "extra codes PL" in result.findings[0].message


@pytest.mark.parametrize("old, new, facet", [
    ('<xs:pattern value="[A-Z]{2}-[0-9]{6}"/>', '<xs:pattern value="[A-Z]{2}[0-9]+"/>', "pattern"),
    ('<xs:maxLength value="70"/>', '<xs:maxLength value="35"/>', "maxLength"),
])
def test_facets_differ(old, new, facet):
    result = compare_schemas(variant((old, new)), REFERENCE)
    assert codes(result) == ["compare.facet"]
    assert result.findings[0].params["facet"] == facet


def test_scores_fall_with_each_difference():
    one = compare_schemas(variant(('name="IssueDate" type="xs:date"', 'name="IssueDate" type="xs:string"')), REFERENCE)
    two = compare_schemas(variant(('name="IssueDate" type="xs:date"', 'name="IssueDate" type="xs:string"'),
                                  ('<xs:enumeration value="PX"/>', "")), REFERENCE)
    assert 1.0 > one.score > two.score > 0


def test_explanations_in_chinese():
    result = compare_schemas(variant(('name="GrossWeight" type="xs:decimal"/>',
                                      'name="GrossWeight" type="xs:decimal" minOccurs="0"/>')), REFERENCE, lang="zh")
    assert "GrossWeight" in result.findings[0].message
    assert result.findings[0].message != "<GrossWeight> is optional in your model but mandatory in the reference."


@pytest.mark.parametrize("broken, code", [
    ("<xs:schema", "xml.not-well-formed"),
    ('<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="a" type="Nope"/></xs:schema>',
     "xsd.invalid-schema"),
    ('<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"/>',
     "xml.external-entity"),
])
def test_an_unusable_learner_schema_scores_zero_with_a_reason(broken, code):
    result = compare_schemas(broken, REFERENCE)
    assert not result.usable and result.score == 0
    assert codes(result) == [code]


def test_a_learner_schema_importing_from_the_network_fetches_nothing():
    remote = ('<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:b="urn:b">'
              '<xs:import namespace="urn:b" schemaLocation="http://127.0.0.1:9/b.xsd"/>'
              '<xs:element name="a" type="b:T"/></xs:schema>')
    result = compare_schemas(remote, REFERENCE)
    assert not result.usable and codes(result) == ["xsd.remote-import"]
    assert "http://127.0.0.1:9/b.xsd" in result.findings[0].message


def test_another_namespace_is_named_and_halves_the_credit():
    result = compare_schemas(variant(('targetNamespace="urn:t" xmlns="urn:t"', 'targetNamespace="urn:x" xmlns="urn:x"')),
                             REFERENCE)
    assert [f.code for f in result.findings] == ["compare.namespace"]
    assert result.score == pytest.approx(0.5)
