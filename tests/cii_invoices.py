"""Real UN/CEFACT Cross Industry Invoices (D22B), written by the ``drafthorse`` package.

Shared by the tests and the benchmarks, so the course is checked against documents it did
not write itself.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal

# (product name, quantity, unit price, UN/ECE Rec 20 unit code)
Line = tuple[str, Decimal, Decimal, str]


def build_cii_invoice(number: str = "INV-2026-0042", *, seller: str = "Male Fisheries Pvt Ltd",
                      buyer: str = "Bangkok Seafood Trading Co Ltd", seller_country: str = "MV",
                      buyer_country: str = "TH", issued: date = date(2026, 3, 2),
                      lines: list[Line] | None = None) -> bytes:
    """A VAT-exempt export invoice in US dollars (one line of frozen tuna unless told)."""
    from drafthorse.models.accounting import ApplicableTradeTax
    from drafthorse.models.document import Document
    from drafthorse.models.tradelines import LineItem

    lines = lines or [("Frozen skipjack tuna", Decimal("12000.0000"), Decimal("2.10"), "KGM")]
    zero = Decimal("0.00")
    doc = Document()
    doc.context.guideline_parameter.id = "urn:cen.eu:en16931:2017#conformant#urn:factur-x.eu:1p0:extended"
    doc.header.id = number
    doc.header.type_code = "380"
    doc.header.name = "INVOICE"
    doc.header.issue_date_time = issued
    doc.trade.agreement.seller.name = seller
    doc.trade.agreement.buyer.name = buyer
    doc.trade.agreement.seller.address.country_id = seller_country
    doc.trade.agreement.buyer.address.country_id = buyer_country
    doc.trade.settlement.currency_code = "USD"

    total = zero
    for index, (product, quantity, price, unit) in enumerate(lines, start=1):
        amount = (quantity * price).quantize(Decimal("0.01"))
        total += amount
        line = LineItem()
        line.document.line_id = str(index)
        line.product.name = product
        line.agreement.gross.amount = price
        line.agreement.gross.basis_quantity = (Decimal("1.0000"), unit)
        line.agreement.net.amount = price
        line.delivery.billed_quantity = (quantity, unit)
        line.settlement.trade_tax.type_code = "VAT"
        line.settlement.trade_tax.category_code = "E"
        line.settlement.trade_tax.rate_applicable_percent = zero
        line.settlement.monetary_summation.total_amount = amount
        doc.trade.items.add(line)

    tax = ApplicableTradeTax()
    tax.calculated_amount = zero
    tax.basis_amount = total
    tax.type_code = "VAT"
    tax.category_code = "E"
    tax.rate_applicable_percent = zero
    doc.trade.settlement.trade_tax.add(tax)
    sums = doc.trade.settlement.monetary_summation
    sums.line_total = sums.tax_basis_total = sums.grand_total = sums.due_amount = total
    sums.charge_total = sums.allowance_total = zero
    sums.tax_total = (zero, "USD")
    return doc.serialize(schema="FACTUR-X_EXTENDED")
