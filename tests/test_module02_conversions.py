"""Module 02's conversions: right on the scenario's values, shared by the lessons, never redefined.

The lessons import the conversions from the module package. Lesson 02 keeps a teaching copy
of the date reader on purpose (it teaches regular expressions with it); this test proves the
copy reads every date as the package does.
"""
import ast
import json
import random
import re
from datetime import date, timedelta

import pytest
from lxml import etree

from course import paths
from course.module02_data_harmonization import conversions, dataset
from course.module02_data_harmonization.conversions import (
    read_date, to_amount, to_country_code, to_hs6, to_iso_date, to_kg, to_locode, without_code, without_country)
from course.module02_data_harmonization.practice import DischargePort, IsoDate

LESSONS = paths.root() / "modules" / "02-data-harmonization"
SWDS_SAMPLES = paths.schemas() / "swds" / "samples"
# Functions a lesson may define itself: (lesson, function) kept as teaching copies on purpose.
TEACHING_COPIES = {("02-capture-and-define.ipynb", "read_date")}


def _code_cells(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code"]


def _defined_functions(source):
    return {node.name for node in ast.walk(ast.parse(source)) if isinstance(node, ast.FunctionDef)}


def _teaching_copy(lesson, function):
    """The lesson's own definition of ``function``, run in a fresh namespace."""
    cell = next(c for c in _code_cells(LESSONS / lesson) if function in _defined_functions(c))
    namespace = {"re": re, "date": date}
    exec(compile(cell.split("\nfor example in")[0], lesson, "exec"), namespace)
    return namespace[function]


def _dates_as_printed(day):
    months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December"]
    name = months[day.month - 1]
    return [day.isoformat(), day.strftime("%d/%m/%Y"), day.strftime("%d.%m.%Y"), f"{day.day} {name[:3]} {day.year}",
            f"{name} {day.day}, {day.year}", f"{day.day:02d}-{name[:3].upper()}-{day.year}", day.strftime("%Y%m%d")]


def _many_inputs():
    """Every value the scenario's forms print, dates of four years in every format, and near misses."""
    values = {value for table in dataset.documents().values() for column in table for value in table[column]}
    day = date(2024, 1, 1)
    while day.year < 2028:
        values.update(_dates_as_printed(day))
        day += timedelta(days=1)
    rng = random.Random(7)
    for text in sorted(values)[:3000]:
        values.update({text.lower(), text.upper(), f" {text} ", text.replace("-", "/")})
    values.update(["31/02/2026", "2026-13-01", "00.01.2026", "29 Feb 2025", "29 Feb 2024", "Janvier 14, 2026",
                   "Sept 3, 2026", "14-Jxn-2026", "03034300", "20261301", "", "   ", "2026-1-14",
                   *("".join(rng.choice("0123456789-/. JanFebMar,") for _ in range(rng.randint(6, 16)))
                     for _ in range(3000))])
    return sorted(values)


def test_lesson_02_teaching_copy_reads_every_date_as_the_package_does():
    lesson_read_date = _teaching_copy("02-capture-and-define.ipynb", "read_date")
    inputs = _many_inputs()
    assert len(inputs) > 10000
    differing = [value for value in inputs if lesson_read_date(value) != read_date(value)]
    assert differing == [], f"{len(differing)} inputs read differently, e.g. {differing[:5]}"


def test_no_lesson_redefines_a_conversion_of_the_package():
    shared = {name for name, value in vars(conversions).items() if callable(value) and not name.startswith("_")
              and getattr(value, "__module__", "") == conversions.__name__}
    assert {"read_date", "to_iso_date", "to_kg", "to_locode", "plain"} <= shared
    redefined = {(path.name, name) for path in sorted(LESSONS.glob("*.ipynb")) if ".zh." not in path.name
                 for cell in _code_cells(path) for name in _defined_functions(cell) & shared}
    assert redefined <= TEACHING_COPIES, f"use the package's conversions instead: {sorted(redefined - TEACHING_COPIES)}"


@pytest.mark.parametrize("value, expected", [
    ("14/01/2026", "2026-01-14"), ("14.01.2026", "2026-01-14"), ("14 Jan 2026", "2026-01-14"),
    ("January 14, 2026", "2026-01-14"), ("14-JAN-2026", "2026-01-14"), ("20260114", "2026-01-14"),
    (" 2026-01-14 ", "2026-01-14"), ("3 Feb 2026", "2026-02-03")])
def test_dates_as_printed_become_iso_dates(value, expected):
    assert to_iso_date(value) == expected


@pytest.mark.parametrize("value", ["31/02/2026", "03034300", "14 Jnu 2026", "MVMLE", ""])
def test_what_is_not_a_date_is_said_so_or_gives_the_default(value):
    with pytest.raises(ValueError, match="not a date"):
        to_iso_date(value)
    assert to_iso_date(value, default=None) is None
    assert read_date(value) == (None, None)


def test_read_date_names_the_format():
    assert read_date("19-JAN-2026") == ("date-dd-mon-yyyy", date(2026, 1, 19))
    assert read_date("January 18, 2026") == ("date-month-d-yyyy", date(2026, 1, 18))


@pytest.mark.parametrize("value, unit, expected", [
    ("9,970 kg", None, "9970"), ("9.97 MT", None, "9970"), ("9,970.000 KGS", None, "9970"), ("9435.5 KGM", None, "9435.5"),
    ("9970.000", "kg", "9970"), ("8.195", "t", "8195"), ("12 TNE", None, "12000")])
def test_weights_become_kilograms_without_separators(value, unit, expected):
    assert to_kg(value, unit=unit) == expected


@pytest.mark.parametrize("value", ["9970.000", "9970 lbs", "heavy", "030343"])
def test_a_weight_needs_a_known_unit(value):
    with pytest.raises(ValueError, match="weight"):
        to_kg(value)
    assert to_kg(value, default=None) is None


def test_ports_countries_codes_and_amounts():
    assert to_locode("MALE, MALDIVES") == to_locode("Malé") == "MVMLE"
    assert to_locode("Laem Chabang Port, Thailand") == "THLCH"
    assert to_locode("Atlantis", default=None) is None
    with pytest.raises(ValueError, match="port not in the code list"):
        to_locode("Atlantis")
    assert to_country_code("MALDIVES") == "MV"
    assert to_hs6("0303.43") == to_hs6("03034300") == "030343"
    with pytest.raises(ValueError):
        to_hs6("0303")
    assert to_amount("26,243.00") == "26243.00" and to_amount("5") == "5.00"
    with pytest.raises(ValueError, match="not an amount"):
        to_amount("USD 5")
    assert without_code("CB0419 Swift Clearance Maldives Pvt Ltd") == "Swift Clearance Maldives Pvt Ltd"
    assert without_country("H. Sea Breeze, Malé 20187, Maldives") == "H. Sea Breeze, Malé 20187"


@pytest.mark.parametrize("consignment", ["C01", "C02"])
def test_conversions_give_the_published_harmonized_values(consignment):
    """The sample messages of the harmonized dataset hold what the conversions make of the forms."""
    root = etree.parse(str(SWDS_SAMPLES / f"valid-{consignment}.xml")).getroot()

    def values(name):
        return [e.text for e in root.iter(f"{{*}}{name}")]

    def printed(document, label):
        table = dataset.document(document)
        return list(table.loc[table[dataset.JOIN_COLUMN] == consignment, label])

    assert values("InvoiceDate") == [to_iso_date(printed("commercial_invoice", "Invoice Date")[0])]
    assert values("LoadingPort") == [to_locode(printed("bill_of_lading", "Port of Loading")[0])]
    assert values("DischargePort") == [to_locode(printed("bill_of_lading", "Port of Discharge")[0])]
    assert values("GrossWeight") == [to_kg(v, unit="kg") for v in printed("export_declaration", "Gross Mass (kg)")]
    assert values("NetWeight") == [to_kg(v) for v in printed("commercial_invoice", "Net Wt.")]
    assert values("HSCode") == [to_hs6(v) for v in printed("export_declaration", "Commodity Code")]
    assert values("InvoiceAmount") == [to_amount(v) for v in printed("commercial_invoice", "Amount (USD)")]


def test_practice_answers_are_what_the_conversions_make_of_the_forms():
    lading = dataset.document("bill_of_lading")
    c01 = lading[lading[dataset.JOIN_COLUMN] == "C01"].iloc[0]
    assert to_locode(c01["Port of Discharge"]) == DischargePort.value
    assert to_iso_date("12-MAR-2026") == IsoDate.expected.isoformat()


def test_every_date_format_of_the_vocabulary_has_its_pattern():
    from course.module02_data_harmonization.vocabulary import FORMATS

    assert tuple(conversions.DATE_PATTERNS) == tuple(code for code in FORMATS if code.startswith("date-"))
