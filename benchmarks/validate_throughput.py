"""How fast is ``course.xml.validate`` compared with bare lxml on Cross Industry Invoices?

Builds a batch of UN/CEFACT Cross Industry Invoices (D22B) in memory with ``drafthorse``:
half valid (every invoice different: numbers, parties, goods, quantities, prices, dates,
one to four lines) and half invalid (ten kinds of mistakes, applied in turn). Then, in the
same process and with the same compiled ``XMLSchema``, measures:

  (a) bare lxml:  ``etree.fromstring(data, plain_parser)`` then ``schema.validate(tree)``
  (b) the course: ``course.xml.validate(data, "cii-d22b")`` - the hardened parser, the same
      lxml verdict and, for invalid documents, the plain-language explanation.

Both are warmed up first (schema compilation, including xmlschema's lazy compilation for
invalid documents, is excluded); each measurement is repeated, alternating (a) and (b),
and the best run is kept. The target is course/lxml >= 0.8 on valid documents; invalid
documents are allowed to be slower, since they are explained.

    .venv/bin/python benchmarks/validate_throughput.py [--documents N] [--repeats R]

Prints the figures and writes them to benchmarks/results/validate_throughput.json. Always
exits 0: this is a measurement, not a test.
"""
from __future__ import annotations

import argparse
import json
import platform
import random
import sys
import time
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from importlib import metadata
from pathlib import Path

from lxml import etree

# The invoice builder is shared with the tests.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from cii_invoices import build_cii_invoice  # noqa: E402

SCHEMA = "cii-d22b"
TARGET = 0.8
MIN_DOCUMENTS = 1000
RESULTS = Path(__file__).resolve().parent / "results" / "validate_throughput.json"
NS = {
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
}

SELLERS = ["Male Fisheries Pvt Ltd", "Lanka Spice Exporters", "Mekong Rice Trading JSC",
           "Dhaka Garments Ltd", "Kathmandu Handicraft Co", "Ulaanbaatar Cashmere LLC",
           "Vientiane Coffee Export", "Thimphu Herbal Products"]
BUYERS = ["Bangkok Seafood Trading Co Ltd", "Kunming Import & Export Co", "Singapore Foods Pte Ltd",
          "Kuala Lumpur Distribution Sdn Bhd", "Almaty Wholesale LLP", "Rotterdam Food Imports BV"]
GOODS = [("Frozen skipjack tuna", "KGM"), ("Ceylon black tea", "KGM"), ("Jasmine rice", "KGM"),
         ("Cotton T-shirts", "H87"), ("Felt slippers", "PR"), ("Cashmere scarves", "H87"),
         ("Green coffee beans", "KGM"), ("Dried cardamom", "KGM"), ("Pashmina shawls", "H87")]
COUNTRIES = ["MV", "LK", "VN", "BD", "NP", "MN", "LA", "BT"]


def build_invoice(rng: random.Random, number: int) -> bytes:
    """One valid, VAT-exempt export invoice with one to four lines, all values varied."""
    lines = []
    for _ in range(rng.randint(1, 4)):
        product, unit = rng.choice(GOODS)
        quantity = Decimal(rng.randrange(10, 50_000)).quantize(Decimal("1.0000"))
        price = (Decimal(rng.randrange(5, 5_000)) / 100).quantize(Decimal("0.01"))
        lines.append((product, quantity, price, unit))
    return build_cii_invoice(
        f"INV-{2024 + number % 3}-{number:06d}", seller=rng.choice(SELLERS), buyer=rng.choice(BUYERS),
        seller_country=rng.choice(COUNTRIES), buyer_country=rng.choice(["TH", "CN", "SG", "MY", "KZ", "NL"]),
        issued=date(2026, 1, 1) + timedelta(days=rng.randrange(365)), lines=lines)


# --- mistakes, each turning a valid invoice into an invalid one ------------------------------

def _tree_edit(edit):
    def mutate(data: bytes) -> bytes:
        root = etree.fromstring(data)
        edit(root)
        return etree.tostring(root, xml_declaration=True, encoding="utf-8")
    return mutate


def _first(root, xpath):
    return root.xpath(xpath, namespaces=NS)[0]


def _misspell(root):
    elem = _first(root, "//rsm:ExchangedDocument/ram:TypeCode")
    elem.tag = elem.tag.replace("TypeCode", "TypCode")


def _letters_in_amount(root):
    elem = _first(root, "//ram:GrandTotalAmount")
    elem.text = elem.text.replace("0", "O", 1) if "0" in elem.text else "l" + elem.text


def _remove(xpath):
    def edit(root):
        elem = _first(root, xpath)
        elem.getparent().remove(elem)
    return edit


def _unknown_attribute(root):
    _first(root, "//ram:BilledQuantity").set("unit", "kg")


def _wrong_root_namespace(root):
    root.tag = "{urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:99}CrossIndustryInvoice"


def _unknown_element(root):
    party = _first(root, "//ram:SellerTradeParty")
    etree.SubElement(party, f"{{{NS['ram']}}}Stamp").text = "approved"


def _empty_amount(root):
    _first(root, "//ram:DuePayableAmount").text = ""


def _out_of_order(root):
    header = _first(root, "//rsm:ExchangedDocument")
    header.insert(0, _first(header, "ram:TypeCode"))


def _duplicate_header(root):
    header = _first(root, "//rsm:ExchangedDocument")
    header.addnext(etree.fromstring(etree.tostring(header)))


def _date_as_text(root):
    issue = _first(root, "//ram:IssueDateTime")
    for child in list(issue):
        issue.remove(child)
    issue.text = "2 March 2026"


MISTAKES = {
    "misspelt element": _tree_edit(_misspell),
    "letters in an amount": _tree_edit(_letters_in_amount),
    "missing ExchangedDocument": _tree_edit(_remove("//rsm:ExchangedDocument")),
    "unknown attribute": _tree_edit(_unknown_attribute),
    "wrong root namespace": _tree_edit(_wrong_root_namespace),
    "unknown element": _tree_edit(_unknown_element),
    "empty amount": _tree_edit(_empty_amount),
    "elements out of order": _tree_edit(_out_of_order),
    "duplicated header": _tree_edit(_duplicate_header),
    "date as free text": _tree_edit(_date_as_text),
}


def build_batch(count: int, seed: int = 2026) -> tuple[list[bytes], list[bytes], dict[str, int]]:
    rng = random.Random(seed)
    valid_count = count - count // 2
    valid = [build_invoice(rng, n) for n in range(valid_count)]
    kinds = list(MISTAKES)
    invalid, per_kind = [], dict.fromkeys(kinds, 0)
    for n in range(count // 2):
        kind = kinds[n % len(kinds)]
        invalid.append(MISTAKES[kind](build_invoice(rng, valid_count + n)))
        per_kind[kind] += 1
    return valid, invalid, per_kind


# --- measuring -------------------------------------------------------------------------------

def run_lxml(batch: list[bytes], schema: etree.XMLSchema, parser: etree.XMLParser) -> int:
    valid = 0
    for data in batch:
        valid += schema.validate(etree.fromstring(data, parser))
    return valid


def run_course(batch: list[bytes], validate) -> int:
    valid = 0
    for data in batch:
        valid += validate(data, SCHEMA).ok
    return valid


def best_of(repeats: int, runs: dict) -> dict[str, dict]:
    """Time each run ``repeats`` times, alternating between them; keep each one's best."""
    best = {name: float("inf") for name in runs}
    answers = {}
    for _ in range(repeats):
        for name, run in runs.items():
            started = time.perf_counter()
            answers[name] = run()
            best[name] = min(best[name], time.perf_counter() - started)
    return {name: {"seconds": best[name], "valid": answers[name]} for name in runs}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=MIN_DOCUMENTS,
                        help=f"invoices in the batch, half valid and half invalid (at least {MIN_DOCUMENTS})")
    parser.add_argument("--repeats", type=int, default=3, help="timed runs of each measurement (best kept)")
    parser.add_argument("--output", type=Path, default=RESULTS, help="where to write the JSON figures")
    args = parser.parse_args(argv)
    if args.documents < MIN_DOCUMENTS:
        parser.error(f"--documents must be at least {MIN_DOCUMENTS}")
    if args.repeats < 1:
        parser.error("--repeats must be at least 1")

    from course.xml import registry, validate

    started = time.perf_counter()
    valid, invalid, per_kind = build_batch(args.documents)
    built = time.perf_counter() - started
    schema = registry.lxml_schema(SCHEMA)
    plain_parser = etree.XMLParser()

    # Every document is what it claims to be, by lxml's own verdict.
    assert run_lxml(valid, schema, plain_parser) == len(valid), "a 'valid' invoice is not valid"
    assert run_lxml(invalid, schema, plain_parser) == 0, "an 'invalid' invoice is valid"

    # Warm up: compile both schemas (xmlschema compiles lazily, on the first invalid
    # document), load the message catalog, fill caches.
    warm = valid[:50] + [invalid[i] for i in range(min(len(invalid), 5 * len(MISTAKES)))]
    run_lxml(warm, schema, plain_parser)
    run_course(warm, validate)

    figures = {}
    for label, batch in (("valid", valid), ("invalid", invalid)):
        timed = best_of(args.repeats, {
            "lxml": lambda batch=batch: run_lxml(batch, schema, plain_parser),
            "course": lambda batch=batch: run_course(batch, validate),
        })
        lxml_rate = len(batch) / timed["lxml"]["seconds"]
        course_rate = len(batch) / timed["course"]["seconds"]
        figures[label] = {
            "documents": len(batch),
            "lxml_docs_per_second": round(lxml_rate, 1),
            "course_docs_per_second": round(course_rate, 1),
            "ratio_course_to_lxml": round(course_rate / lxml_rate, 3),
            "lxml_ms_per_doc": round(1000 * timed["lxml"]["seconds"] / len(batch), 4),
            "course_ms_per_doc": round(1000 * timed["course"]["seconds"] / len(batch), 4),
            "verdicts_agree": timed["lxml"]["valid"] == timed["course"]["valid"],
        }

    ratio = figures["valid"]["ratio_course_to_lxml"]
    met = ratio >= TARGET
    average = sum(len(d) for d in valid + invalid) / (len(valid) + len(invalid))

    print(f"Cross Industry Invoice ({SCHEMA}) validation throughput")
    print(f"  batch: {len(valid)} valid + {len(invalid)} invalid invoices, {average / 1024:.1f} KB on average, "
          f"built in {built:.1f} s; best of {args.repeats} runs each")
    print(f"  {'':8} {'lxml docs/s':>12} {'course docs/s':>14} {'course/lxml':>12}")
    for label in ("valid", "invalid"):
        f = figures[label]
        agree = "" if f["verdicts_agree"] else "   VERDICTS DIFFER"
        print(f"  {label:8} {f['lxml_docs_per_second']:>12,.0f} {f['course_docs_per_second']:>14,.0f} "
              f"{f['ratio_course_to_lxml']:>12.2f}{agree}")
    print(f"Verdict: target {'met' if met else 'NOT met'} - on valid invoices the course runs at "
          f"{ratio:.2f} x bare lxml (target >= {TARGET}); invalid invoices are "
          f"{1 / figures['invalid']['ratio_course_to_lxml']:.1f} x slower than bare lxml because each is explained.")

    report = {
        "benchmark": "validate_throughput",
        "measured_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "schema": SCHEMA,
        "documents": len(valid) + len(invalid),
        "average_bytes": round(average),
        "mistakes": per_kind,
        "repeats": args.repeats,
        "target_ratio_valid": TARGET,
        "target_met": met,
        **figures,
        "environment": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "lxml": ".".join(map(str, etree.LXML_VERSION)),
            "libxml2": ".".join(map(str, etree.LIBXML_VERSION)),
            "xmlschema": metadata.version("xmlschema"),
            "drafthorse": metadata.version("drafthorse"),
            "factur-x": metadata.version("factur-x"),
        },
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"Figures written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
