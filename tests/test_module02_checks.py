"""Module 02's graded checks: realistic wrong answers earn the partial credit and messages intended.

The full answer keys are used here, as the grader's hidden tests use them.
"""
import pandas as pd
import pytest

import course
from course.checks import CORRECT, INCORRECT, NOT_ATTEMPTED, keys
from course.module02_data_harmonization import dataset


@pytest.fixture(autouse=True, scope="module")
def full_keys():
    with keys.grading():  # these tests play the grader's judge
        yield


def full(exercise_id):
    ex = course.exercise(exercise_id, lang="en")
    return ex, ex.problem.answer_key()


@pytest.fixture(scope="module")
def mapping_key():
    return dataset.key_table("field_mapping.csv")


@pytest.fixture(scope="module")
def synonym_groups():
    table = dataset.key_table("synonyms.csv")
    return {element: list(zip(rows["document"], rows["label"])) for element, rows in table.groupby("element")}


@pytest.fixture(scope="module")
def dictionary():
    table = dataset.key_table("packing_list_dictionary.csv")
    table["data_type"] = table["data_type"].str.split("|").str[0]
    table["definition"] = "what the packing list prints here"
    return table


def test_every_graded_task_says_not_attempted_for_a_blank_answer():
    for exercise_id in ["02-capture-inventory", "02-data-dictionary", "02-synonyms", "02-conflicts", "02-mapping",
                        "02-instance-swds", "02-instance-cii", "02-packing-list-xsd"]:
        ex = course.exercise(exercise_id)
        assert ex.check(None).status == NOT_ATTEMPTED
        with pytest.raises(AssertionError, match="Not attempted"):
            ex.points(None, out_of=3, key=ex.problem.answer_key())


def test_capture_missing_one_document_gets_partial_credit():
    ex = course.exercise("02-capture-inventory", lang="en")
    fields = [f for f in dataset.printed_fields() if f[0] != "health_certificate"]
    outcome = ex.check(pd.DataFrame(fields, columns=["document", "label"]))
    assert outcome.status == INCORRECT and 0.8 < outcome.score < 0.95
    assert "Missing: health_certificate / Species" in outcome.reasons or any("health_certificate" in r for r in outcome.reasons)


def test_capture_counting_the_join_column_is_an_error():
    ex = course.exercise("02-capture-inventory", lang="en")
    fields = dataset.printed_fields() + [("packing_list", "consignment")]
    outcome = ex.check(fields)
    assert outcome.status == INCORRECT
    assert outcome.reasons == ["Not printed on that form: packing_list / consignment"]


def test_dictionary_wrong_date_format_and_unit(dictionary):
    ex, key = full("02-data-dictionary")
    answer = dictionary.copy()
    answer.loc[answer["label"] == "Date", "format"] = "date-dmy-slash"
    answer.loc[answer["label"] == "Gross weight (kg)", "unit"] = ""
    outcome = ex.problem.check(answer, "en", key)
    assert outcome.status == INCORRECT
    assert outcome.score == pytest.approx(31 / 33)
    assert "Date: format should not be 'date-dmy-slash'." in outcome.reasons
    assert "Gross weight (kg): unit should not be ''." in outcome.reasons


def test_dictionary_with_unknown_vocabulary_is_told_the_allowed_words(dictionary):
    ex = course.exercise("02-data-dictionary", lang="en")
    answer = dictionary.copy()
    answer.loc[answer["label"] == "Date", "data_type"] = "datetime"
    outcome = ex.check(answer)
    assert outcome.status == INCORRECT
    assert any("'datetime' is not a data type" in r for r in outcome.reasons)


def test_dictionary_without_a_column_names_it(dictionary):
    outcome = course.exercise("02-data-dictionary", lang="en").check(dictionary.drop(columns=["unit"]))
    assert outcome.status == INCORRECT and "unit" in outcome.message


def test_synonyms_splitting_the_consignor_group(synonym_groups):
    ex, key = full("02-synonyms")
    answer = dict(synonym_groups)
    consignor = answer.pop("ConsignorName")
    answer["Seller"], answer["Shipper"] = consignor[:2], consignor[2:]
    outcome = ex.problem.check(answer, "en", key)
    assert outcome.status == INCORRECT and 0.8 < outcome.score < 1
    assert any("mean the same thing" in r for r in outcome.reasons)


def test_synonyms_joining_consignor_and_consignee(synonym_groups):
    ex, key = full("02-synonyms")
    answer = dict(synonym_groups)
    answer["ConsignorName"] = answer["ConsignorName"] + answer.pop("ConsigneeName")
    outcome = ex.problem.check(answer, "en", key)
    assert outcome.status == INCORRECT and outcome.score < 0.9
    assert any("do not mean the same thing" in r for r in outcome.reasons)


def test_conflicts_partial_credit():
    ex, key = full("02-conflicts")
    answer = set(key.data) - {"VesselName", "ContainerNumber"} | {"InvoiceDate"}
    outcome = ex.problem.check(answer, "en", key)
    assert outcome.status == INCORRECT and 0.8 < outcome.score < 1
    assert "VesselName is written in different formats too." in outcome.reasons
    assert "InvoiceDate is not written in conflicting formats across the forms." in outcome.reasons


def test_conflicts_self_check_reports_the_worked_examples():
    outcome = course.exercise("02-conflicts", lang="en").check({"NetWeight"})
    assert outcome.status == INCORRECT
    assert "GrossWeight is written in different formats too." in outcome.reasons


def test_mapping_seller_as_consignee_is_named(mapping_key):
    ex, key = full("02-mapping")
    answer = mapping_key.copy()
    answer.loc[answer["label"] == "Seller", "element"] = "ConsigneeName"
    outcome = ex.problem.check(answer, "en", key)
    assert outcome.status == INCORRECT and 0.95 < outcome.score < 1
    assert outcome.reasons == ["commercial_invoice / Seller is mapped to ConsigneeName, which is not right."]
    assert round(ex.points(answer, out_of=4, key=key), 2) == round(4 * outcome.score, 2)


def test_mapping_tells_not_chosen_from_marked_none(mapping_key):
    ex, key = full("02-mapping")
    answer = mapping_key[mapping_key["label"] != "Invoice No."].copy()      # one field left without a choice
    carried = answer["element"] != "none"
    first = answer[carried].index[0]
    answer.loc[first, "element"] = "none"                                    # one marked as carrying nothing
    field = f"{answer.loc[first, 'document']} / {answer.loc[first, 'label']}"
    outcome = ex.problem.check(answer, "en", key)
    assert "Not chosen yet: commercial_invoice / Invoice No." in outcome.reasons
    assert f"{field} is marked 'none' (no reference element), but it carries one." in outcome.reasons
    assert not any(r.startswith(f"Not chosen yet: {field}") for r in outcome.reasons)
    # The self-check, on the worked examples, counts choices and gives no share of the credit.
    public = ex.check(answer)
    assert public.message.startswith("90 of 92 fields chosen") and "2 are right" in public.message   # "Invoice No." is on two forms
    assert "credit" not in public.message


def test_mapping_leaving_out_the_bill_of_lading_costs_recall(mapping_key):
    ex, key = full("02-mapping")
    outcome = ex.problem.check(mapping_key[mapping_key["document"] != "bill_of_lading"], "en", key)
    assert outcome.status == INCORRECT
    assert "recall" in outcome.message and any(r.startswith("Not chosen yet: bill_of_lading") for r in outcome.reasons)


def test_mapping_to_a_name_outside_the_model(mapping_key):
    answer = mapping_key.copy()
    answer.loc[answer["label"] == "Freight", "element"] = "FreightTerms"
    outcome = course.exercise("02-mapping", lang="en").check(answer)
    assert outcome.status == INCORRECT
    assert "bill_of_lading / Freight: 'FreightTerms' is not a reference element (or 'none')." in outcome.reasons


def test_instance_of_another_consignment_is_valid_but_earns_little():
    ex, key = full("02-instance-swds")
    other = (dataset.folder().parent / "schemas" / "swds" / "samples" / "valid-C01.xml").read_text()
    outcome = ex.problem.check(other, "en", key)
    assert outcome.status == INCORRECT and outcome.score < 0.5
    assert "<InvoiceNumber> does not hold the value of consignment C05." in outcome.reasons


def test_instance_breaking_a_business_rule_shows_the_rule():
    ex, key = full("02-instance-swds")
    answer = dataset.key("instances/valid-C05.xml").read_text()
    net = answer.split('<NetWeight unitCode="KGM">')[1].split("<")[0]
    broken = answer.replace(f'<NetWeight unitCode="KGM">{net}<', '<NetWeight unitCode="KGM">999999<', 1)
    outcome = ex.problem.check(broken, "en", key)
    assert outcome.status == INCORRECT and outcome.score == 0
    assert any(f.code == "rules.failed" and "Net weight" in f.message for f in outcome.findings)


def test_packing_list_schema_with_a_mandatory_optional_element():
    ex, key = full("02-packing-list-xsd")
    reference = key.data["reference"].decode()
    answer = reference.replace('name="ShippingMarks" type="xs:string" minOccurs="0"', 'name="ShippingMarks" type="xs:string"')
    outcome = ex.problem.check(answer, "en", key)
    assert outcome.status == INCORRECT and 0.8 < outcome.score < 1
    assert "Your schema rejects 1 packing list(s) that follow the specification." in outcome.reasons
    messages = [f.message for f in outcome.findings]
    assert "<ShippingMarks> is mandatory in your model but optional in the reference." in messages


def test_packing_list_schema_without_the_code_list():
    ex, key = full("02-packing-list-xsd")
    reference = key.data["reference"].decode()
    answer = reference.replace('type="PackageTypeCode"', 'type="xs:token"')
    outcome = ex.problem.check(answer, "en", key)
    assert outcome.status == INCORRECT
    assert any(f.code == "compare.codes" for f in outcome.findings)
    assert "Your schema accepts 1 packing list(s) that break the specification." in outcome.reasons


def test_packing_list_schema_that_is_not_an_xsd():
    outcome = course.exercise("02-packing-list-xsd", lang="en").check("<schema><element/></schema>")
    assert outcome.status == INCORRECT and outcome.score == 0
    assert outcome.message == "This is not a valid XSD yet."


def test_the_reference_schema_passes_its_own_checks():
    ex, key = full("02-packing-list-xsd")
    assert ex.problem.check(key.data["reference"].decode(), "en", key).status == CORRECT


def test_self_check_never_says_correct_where_the_grader_deducts_for_the_public_cases(mapping_key):
    """On the worked examples, the self-check and the grader agree answer by answer."""
    ex, key = full("02-mapping")
    public = ex.problem.public_key().data
    answer = mapping_key.copy()
    field = next(iter(public))
    answer.loc[(answer["document"] == field[0]) & (answer["label"] == field[1]), "element"] = "ConsigneeName"
    assert ex.check(answer).status == INCORRECT
    assert ex.problem.check(answer, "en", key).status == INCORRECT


def test_packing_list_schema_in_another_namespace_earns_little():
    ex, key = full("02-packing-list-xsd")
    reference = key.data["reference"].decode()
    answer = reference.replace(' xmlns="urn:paperless-trade-course:packing-list:1"', "").replace(
        ' targetNamespace="urn:paperless-trade-course:packing-list:1"', "")
    outcome = ex.problem.check(answer, "en", key)
    assert outcome.status == INCORRECT and outcome.score < 0.5
    assert any(f.code == "compare.namespace" for f in outcome.findings)


def test_dictionary_blank_units_count_as_empty(dictionary):
    ex, key = full("02-data-dictionary")
    answer = dictionary.copy()
    answer["unit"] = answer["unit"].replace("", None)
    assert ex.problem.check(answer, "en", key).status == CORRECT


def test_conflicts_name_outside_the_model_is_said_so():
    ex, key = full("02-conflicts")
    outcome = ex.problem.check(set(key.data) | {"Packages"}, "en", key)
    assert "Packages is not a reference element." in outcome.reasons


def test_nearly_right_is_never_shown_as_100_percent(synonym_groups):
    ex, key = full("02-synonyms")
    answer = dict(synonym_groups)
    container = answer.pop("ContainerNumber")
    outcome = ex.problem.check(answer, "en", key)
    assert outcome.status == INCORRECT and "100%" not in outcome.message
