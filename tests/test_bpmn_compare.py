"""compare_processes on its own: a learner's process against a reference, dimension by dimension.

Activities are matched by name, synonyms and close spelling; then lanes, precedence, splits
and documents are compared; every difference has a plain reason and costs its share.
"""
import pytest

from bpmn_samples import bpmn, chain, customs_clearance, parallel
from course.bpmn import compare_processes, read_model
from course.bpmn.compare import WEIGHTS, normalise


def codes(comparison):
    return [f.code for f in comparison.differences]


def test_a_model_equals_itself():
    result = compare_processes(customs_clearance(), customs_clearance())
    assert result.score == 1.0 and result.identical and result.differences == []
    assert set(result.dimensions) == {"activities", "lanes", "precedence", "documents"}
    assert result.matches["C_inspect"] == "C_inspect"
    # Another namespace style and no layout change nothing.
    assert compare_processes(customs_clearance(prefix="semantic", layout=False), customs_clearance()).identical


def test_weights_add_up_and_the_docstring_states_them():
    import course.bpmn.compare as module
    assert sum(WEIGHTS.values()) == pytest.approx(1.0)
    for dimension, weight in WEIGHTS.items():
        assert f"{dimension}, weight {weight:.2f}" in module.__doc__


def test_names_match_through_case_articles_synonyms_and_close_spellings():
    assert normalise("Inspect  the Consignment!") == normalise("inspect consignment") == "inspect consignment"
    learner = customs_clearance().replace("Register the export declaration", "Lodge export declaration").replace(
        "Inspect the consignment", "Inspect the consigment")
    plain = compare_processes(learner, customs_clearance())
    assert "C_register" not in plain.matches and plain.dimensions["activities"] == 0.75
    synonyms = {"Register the export declaration": ["Lodge the export declaration", "File the declaration"]}
    result = compare_processes(learner, customs_clearance(), synonyms=synonyms)
    assert result.matches["C_register"] == "C_register" and result.matches["C_inspect"] == "C_inspect"
    assert result.score == 1.0
    renamed, = result.differences
    assert renamed.code == "bpmn.diff.renamed" and renamed.severity == "info"
    assert renamed.params["yours"] == "Inspect the consigment"


def test_missing_activities_cost_and_extra_ones_are_reported_free():
    learner = customs_clearance().replace('name="Inspect the consignment"', 'name="Weigh the containers"')
    result = compare_processes(learner, customs_clearance())
    assert result.dimensions["activities"] == 0.75
    missing = [f for f in result.differences if f.code == "bpmn.diff.missing"]
    extra = [f for f in result.differences if f.code == "bpmn.diff.extra"]
    assert [f.params["name"] for f in missing] == ["Inspect the consignment"]
    assert [f.params["name"] for f in extra] == ["Weigh the containers"] and extra[0].severity == "warning"
    assert 0 < result.score < 1


def pools(inspector: str, *, lane: str | None = None):
    customs = chain("C", ["Register the export declaration"], pool="Customs")
    inspection = chain("Q", ["Inspect the consignment"], pool=inspector)
    if lane:
        inspection.lanes = {lane: [n for _, n, _ in inspection.nodes]}
    return bpmn(customs, inspection, message_flows=[("M1", "C_t0", "Q_start", "Inspection order")])


def test_who_does_it_lanes_and_pools():
    result = compare_processes(pools("Plant quarantine"), pools("Customs"))
    lane, = [f for f in result.differences if f.code == "bpmn.diff.lane"]
    assert lane.message == "'Inspect the consignment' is done by Customs in the reference, by Plant quarantine in yours."
    assert result.dimensions["lanes"] == 0.5
    # A lane named after the organization matches the reference's pool of that name, and back.
    assert compare_processes(pools("Border agencies", lane="Customs"), pools("Customs")).dimensions["lanes"] == 1.0
    assert compare_processes(pools("Customs"), pools("Border agencies", lane="Customs")).dimensions["lanes"] == 1.0
    # Actor names go through the synonyms too.
    synonyms = {"Customs": ["General Department of Customs and Excise"]}
    assert compare_processes(pools("General Department of Customs and Excise"), pools("Customs"),
                             synonyms=synonyms).dimensions["lanes"] == 1.0


def test_a_lane_change_inside_a_pool():
    learner = customs_clearance().replace('name="Inspection officer"', 'name="Plant quarantine"')
    lane, = compare_processes(learner, customs_clearance()).differences
    assert lane.params["reference"] == "Inspection officer" and lane.params["yours"] == "Plant quarantine"


def test_precedence_along_sequence_and_message_flows():
    reference = bpmn(chain("P", ["Book the vessel", "Stuff the container", "Load on board"]))
    swapped = bpmn(chain("P", ["Stuff the container", "Book the vessel", "Load on board"]))
    result = compare_processes(swapped, reference)
    order, = [f for f in result.differences if f.code == "bpmn.diff.order"]
    assert order.message == "In the reference 'Book the vessel' comes before 'Stuff the container'; in yours it comes after."
    assert result.dimensions["precedence"] == pytest.approx(2 / 3, abs=1e-4)
    # Between organizations, order comes with the message flow: without it, nothing is ordered.
    no_message = customs_clearance().replace('<bpmn:messageFlow id="M_1" name="Export declaration" sourceRef="E_submit" targetRef="C_start" />', "")
    result = compare_processes(no_message, customs_clearance())
    assert result.dimensions["precedence"] < 1
    order = [f for f in result.differences if f.code == "bpmn.diff.order"][0]
    assert order.params["first"] == "Submit the export declaration"
    assert "not ordered" in order.message


def test_only_neighbouring_pairs_are_explained():
    names = ["A step", "B step", "C step", "D step", "E step"]
    reference = bpmn(chain("P", names))
    moved = bpmn(chain("P", names[1:] + names[:1]))
    result = compare_processes(moved, reference)
    orders = [f for f in result.differences if f.code == "bpmn.diff.order"]
    assert len(orders) == 1 and orders[0].params["second"] == "B step"
    assert result.dimensions["precedence"] == pytest.approx(6 / 10, abs=1e-4)


def test_splits_exclusive_parallel_or_in_sequence():
    sequential = bpmn(chain("P", ["Apply for the certificate of origin", "Apply for the phytosanitary certificate",
                                  "Present the documents to the bank"]))
    result = compare_processes(sequential, parallel())
    gateway, = [f for f in result.differences if f.code == "bpmn.diff.gateway"]
    assert "parallel branches" in gateway.message and "in sequence" in gateway.message
    assert result.dimensions["gateways"] == 0.0
    exclusive = parallel().replace("parallelGateway", "exclusiveGateway")
    gateway, = [f for f in compare_processes(exclusive, parallel()).differences if f.code == "bpmn.diff.gateway"]
    assert "alternatives after an exclusive split" in gateway.message
    assert compare_processes(parallel(), parallel()).dimensions["gateways"] == 1.0


def test_a_branch_without_activity_opens_no_pair():
    # Green channel goes straight to the merge: 'Release the goods' is after both branches.
    model = read_model(customs_clearance())
    from course.bpmn.compare import _split_pairs
    assert _split_pairs(model) == {}


def test_documents_read_and_written():
    learner = customs_clearance().replace("<bpmn:dataOutputAssociation id=\"DOA_C_inspect_0\">"
                                          "<bpmn:targetRef>C_report</bpmn:targetRef></bpmn:dataOutputAssociation>", "")
    result = compare_processes(learner, customs_clearance())
    document, = result.differences
    assert document.code == "bpmn.diff.document-out"
    assert document.message == "In the reference 'Inspect the consignment' produces the document 'Inspection report'; in yours it does not."
    assert result.dimensions["documents"] == pytest.approx(2 / 3, abs=1e-4)
    renamed = customs_clearance().replace('name="Export declaration"', 'name="Export declaration (SAD)"')
    result = compare_processes(renamed, customs_clearance(), synonyms={"Export declaration": ["Export declaration (SAD)"]})
    assert result.dimensions["documents"] == 1.0


def test_score_is_the_weighted_mean_and_falls_with_each_mistake():
    reference = customs_clearance()
    one = reference.replace('name="Inspection officer"', 'name="Plant quarantine"')
    two = one.replace('<bpmn:dataInputAssociation id="DIA_C_register_0"><bpmn:sourceRef>C_decl</bpmn:sourceRef>'
                      '<bpmn:targetRef>Property_C_register_0</bpmn:targetRef></bpmn:dataInputAssociation>', "")
    scores = [compare_processes(x, reference).score for x in (reference, one, two)]
    assert scores[0] > scores[1] > scores[2]
    result = compare_processes(two, reference)
    expected = sum(WEIGHTS[d] * s for d, s in result.dimensions.items()) / sum(WEIGHTS[d] for d in result.dimensions)
    assert result.score == pytest.approx(expected, abs=1e-4)
    assert result.points(10) == pytest.approx(10 * result.score, abs=0.01)
    exported = result.as_dict()
    assert exported["score"] == result.score and exported["dimensions"] == result.dimensions
    assert [d["message"] for d in exported["differences"]] == [f.message for f in result.differences]


def test_an_empty_model_scores_zero():
    empty = bpmn(chain("P", []))
    result = compare_processes(empty, customs_clearance())
    assert result.score == 0.0
    assert codes(result).count("bpmn.diff.missing") == 4


def test_unreadable_models():
    result = compare_processes(b'{"tasks": []}', customs_clearance())
    assert not result.usable and result.score == 0 and codes(result) == ["xml.not-xml"]
    with pytest.raises(ValueError, match="reference"):
        compare_processes(customs_clearance(), "<not-bpmn/>")


def test_differences_in_chinese():
    learner = customs_clearance().replace('name="Inspection officer"', 'name="Plant quarantine"')
    english, = compare_processes(learner, customs_clearance()).differences
    chinese, = compare_processes(learner, customs_clearance(), lang="zh_Hans").differences
    assert chinese.message != english.message
    assert "Inspect the consignment" in chinese.message and "Plant quarantine" in chinese.message
    sequential = bpmn(chain("P", ["Apply for the certificate of origin", "Apply for the phytosanitary certificate",
                                  "Present the documents to the bank"]))
    gateway, = compare_processes(sequential, parallel(), lang="zh_Hans").differences
    assert "parallel" not in gateway.message     # the words put in are translated as well
    assert any("\u4e00" <= ch <= "\u9fff" for ch in gateway.message)


def test_a_large_learner_model_is_compared():
    big = bpmn(chain("P", [f"Step {i}" for i in range(1500)] + ["Release the goods"]))
    result = compare_processes(big, customs_clearance())
    assert "C_release" in result.matches and result.dimensions["activities"] == 0.25


def test_order_follows_link_events():
    from bpmn_samples import linked
    reference = bpmn(chain("P", ["Prepare the invoice", "Ship the goods"]))
    assert compare_processes(linked(), reference).dimensions["precedence"] == 1.0
    assert compare_processes(linked("Elsewhere"), reference).dimensions["precedence"] == 0.0
