"""Plain-language text for the findings of BPMN checks, runs and comparisons.

The codes join the platform's finding codes (``course.xml.messages.MESSAGES``) when this
package is imported, so a BPMN finding is a :class:`course.xml.Finding` like any other. The
parameters always carry ``id`` and ``name`` of the element concerned when there is one.
"""
from __future__ import annotations

from ..i18n import N_
from ..xml.messages import MESSAGES

BPMN_MESSAGES: dict[str, tuple[str, str]] = {
    # Refusals: the file cannot be read as a process model at all.
    "bpmn.not-bpmn": (
        N_("The document's root element is <{root}>, not the <definitions> of a BPMN 2.0 model."),
        N_("Export the diagram as BPMN 2.0 XML: in bpmn.io or Camunda Modeler save the diagram as a .bpmn file; in Signavio use Export, BPMN 2.0 XML."),
    ),
    "bpmn.wrong-namespace": (
        N_("The root element is <definitions>, but not in the BPMN 2.0 namespace (its namespace: {namespace})."),
        N_("Give <definitions> the BPMN 2.0 namespace, xmlns=\"{expected}\", or export the diagram again from the modeller as BPMN 2.0 XML."),
    ),
    "bpmn.too-many-elements": (
        N_("The model has {count} elements and the limit is {limit}."),
        N_("A business process of one procedure needs a few hundred elements at most; split the model into several processes."),
    ),
    "bpmn.no-process": (
        N_("The file holds no process: there is nothing to check."),
        N_("Draw at least one pool with a start event, the tasks and an end event, then export again."),
    ),
    "bpmn.no-layout": (
        N_("The file has no diagram layout (BPMNDI): it holds the process but not where its shapes are drawn."),
        N_("The diagram is laid out automatically. To keep your own drawing, export from the modeller again with the diagram included."),
    ),
    # Modelling rules.
    "bpmn.no-start": (
        N_("The process '{process}' has no start event."),
        N_("Add one start event where the procedure begins, named after what triggers it (for example 'Sales contract signed')."),
    ),
    "bpmn.many-starts": (
        N_("The process '{process}' has {count} start events: {names}."),
        N_("A process in this course has exactly one start event; if the procedure can begin in several ways, start once and branch with an exclusive gateway."),
    ),
    "bpmn.no-end": (
        N_("The process '{process}' has no end event."),
        N_("Add an end event where the procedure is finished, named after the result (for example 'Goods loaded on board')."),
    ),
    "bpmn.broken-reference": (
        N_("The flow '{name}' ({id}) points to '{ref}', which is not an element of the model."),
        N_("Delete the flow and draw it again between the two shapes; the exporting tool lost one of its ends."),
    ),
    "bpmn.no-incoming": (
        N_("'{name}' has no incoming sequence flow, so it can never start."),
        N_("Connect it with a sequence flow from the step that comes before it; only a start event has no incoming flow."),
    ),
    "bpmn.no-outgoing": (
        N_("'{name}' has no outgoing sequence flow: the process stops there without an end event."),
        N_("Connect it to the next step, or to an end event if the procedure is finished there."),
    ),
    "bpmn.unreachable": (
        N_("'{name}' cannot be reached from the start event."),
        N_("Follow the arrows from the start: no path leads here. Connect it to the step that really comes before it."),
    ),
    "bpmn.dead-end": (
        N_("From '{name}' no path leads to an end event."),
        N_("Follow the arrows from here: they stop or go round in a loop without a way out. Add the missing flow to the next step or an end event."),
    ),
    "bpmn.implicit-split": (
        N_("'{name}' has {count} outgoing flows and no gateway: all of them are taken, at the same time."),
        N_("Draw the split as a gateway after it: a parallel gateway if every branch runs, an exclusive gateway with named branches if only one does."),
    ),
    "bpmn.implicit-join": (
        N_("'{name}' has {count} incoming flows and no gateway: it runs again each time one of them arrives."),
        N_("Join the flows with a gateway before it: a parallel gateway waits for every branch, an exclusive gateway lets the first one through."),
    ),
    "bpmn.link-unmatched": (
        N_("The link event '{name}' has no partner: no link event of the same name catches or throws it in this process."),
        N_("A link event jumps to the link event of the same name, like an off-page connector: give the pair the same name, one throwing and one catching."),
    ),
    "bpmn.gateway-pointless": (
        N_("The gateway '{name}' has one incoming and one outgoing flow: it decides nothing."),
        N_("Remove it and connect the two steps directly, or add the other branches it was meant to have."),
    ),
    "bpmn.gateway-mixed": (
        N_("The gateway '{name}' has {incoming} incoming and {outgoing} outgoing flows: it joins and splits at once."),
        N_("Use two gateways: one that joins the branches (several in, one out), then one that splits (one in, several out)."),
    ),
    "bpmn.no-lane": (
        N_("The task '{name}' is in no lane, but the process '{process}' has lanes."),
        N_("Move the task into the lane of the actor who does it: a lane says who does the work."),
    ),
    "bpmn.message-flow-same-pool": (
        N_("The message flow '{name}' connects two elements of the same pool '{pool}'."),
        N_("Message flows are for messages between organizations (pools); inside one pool, use a sequence flow."),
    ),
    "bpmn.sequence-crosses-pool": (
        N_("The sequence flow '{name}' goes from pool '{source_pool}' to pool '{target_pool}'."),
        N_("A sequence flow stays inside one pool: between organizations, draw a message flow (dashed) instead."),
    ),
    "bpmn.unnamed-task": (
        N_("A task ({id}) has no name."),
        N_("Name every task with a verb and an object, as the actor would say it (for example 'Submit the export declaration')."),
    ),
    "bpmn.unnamed-event": (
        N_("The event {id} sends or receives a message but has no name."),
        N_("Name the event after the message (for example 'Phytosanitary certificate received')."),
    ),
    "bpmn.unnamed-message-flow": (
        N_("A message flow ({id}) between two organizations has no name."),
        N_("Name it after the document or message it carries (for example 'Export declaration'): these are the exchanges a Single Window can take over."),
    ),
    "bpmn.unnamed-data-object": (
        N_("A document (data object {id}) has no name."),
        N_("Name each data object after the document it stands for (for example 'Commercial invoice')."),
    ),
    "bpmn.unnamed-condition": (
        N_("A branch leaving the decision '{gateway}' (flow {id}) has no name."),
        N_("Name every branch after an exclusive gateway with its condition (for example 'Inspection required' and 'Green channel')."),
    ),
    "bpmn.duplicate-name": (
        N_("{count} tasks are named '{name}'."),
        N_("Give each task its own name; if it is really the same work done twice, ask whether the second time is needed."),
    ),
    # Runs of the process with the engine.
    "bpmn.run-engine": (
        N_("The process engine cannot run this model: {detail}"),
        N_("Fix the errors of the model's checks first; the engine needs a valid, connected process."),
    ),
    "bpmn.run-no-pool": (
        N_("There is no pool or process '{pool}' to run; the model has: {pools}."),
        N_("Choose one of the pools listed."),
    ),
    "bpmn.run-no-choice": (
        N_("At the decision '{name}' the scenario does not say which way to go; the branches are: {options}."),
        N_("Name the branches of the decision after their conditions, so that each path of the scenario can be followed."),
    ),
    "bpmn.run-unknown-choice": (
        N_("At the decision '{name}' the path takes '{choice}', but no branch is called so; the branches are: {options}."),
        N_("Name the branch after its condition, or connect it to the step of that name."),
    ),
    "bpmn.run-stuck": (
        N_("The process stops at '{name}' and never reaches an end event."),
        N_("Check the flows after '{name}': a parallel join may wait for a branch that never comes, or the flow may stop without an end event."),
    ),
    "bpmn.run-deadlock": (
        N_("The parallel join '{name}' waits for a branch that never comes: the process is stuck."),
        N_("A parallel join waits for every branch. Join the branches of an exclusive decision with an exclusive gateway instead."),
    ),
    "bpmn.run-loop": (
        N_("The run passed {count} times through '{name}' and was stopped: the path goes round in a loop."),
        N_("Check the branches of the decisions on this path: one of them should lead out of the loop."),
    ),
    "bpmn.run-endless-loop": (
        N_("The flows from '{name}' lead back to it with no decision on the way: a run would go round for ever."),
        N_("Put an exclusive gateway in the loop, with a branch that leads out of it."),
    ),
    "bpmn.run-too-long": (
        N_("The run was stopped after {steps} steps or {seconds} seconds without reaching an end."),
        N_("A process of one procedure completes in far fewer steps; look for a loop without a way out."),
    ),
    "bpmn.run-too-complex": (
        N_("Followed through all its parallel branches, the process unfolds into more than {limit} steps: the engine does not run it."),
        N_("Join the branches of each parallel split before the next split opens, and keep to the parallel work the procedure really has."),
    ),
    "bpmn.run-too-big": (
        N_("The process '{process}' has {count} elements; the engine runs processes of up to {limit}."),
        N_("The process of one procedure has tens of steps: model the details of a step as a sub-process, or split the model by organization."),
    ),
    # Differences with a reference process.
    "bpmn.diff.missing": (
        N_("'{name}' is in the reference but not in your model."),
        N_("Ask whether this step happens in the procedure; if it does, add a task with this name."),
    ),
    "bpmn.diff.extra": (
        N_("'{name}' is in your model but not in the reference."),
        N_("Check whether the interviews describe this step; if not, it may belong to another procedure."),
    ),
    "bpmn.diff.renamed": (
        N_("Your '{yours}' is read as the reference's '{name}'."),
        N_("Use the name the actors use, so that others read the model the same way."),
    ),
    "bpmn.diff.lane": (
        N_("'{name}' is done by {reference} in the reference, by {yours} in yours."),
        N_("Reread who does this step in the interviews, and move the task to that actor's lane."),
    ),
    "bpmn.diff.order": (
        N_("In the reference '{first}' comes before '{second}'; in yours {relation}."),
        N_("Reread the order of these two steps in the interviews: what does the second one need from the first?"),
    ),
    "bpmn.diff.gateway": (
        N_("In the reference '{first}' and '{second}' are {reference}; in yours they are {yours}."),
        N_("Look at the gateway that splits before them: exclusive means one of the branches is taken, parallel means all are."),
    ),
    "bpmn.diff.document-in": (
        N_("In the reference '{name}' uses the document '{document}'; in yours it does not."),
        N_("Draw a data association from the document to the task that reads it."),
    ),
    "bpmn.diff.document-out": (
        N_("In the reference '{name}' produces the document '{document}'; in yours it does not."),
        N_("Draw a data association from the task to the document it produces."),
    ),
}

# Words put into the templates above; translated where they are used.
RELATIONS = {
    "after": N_("it comes after"),
    "unordered": N_("the two are not ordered (neither leads to the other)"),
}
SPLITS = {
    "exclusive": N_("alternatives after an exclusive split"),
    "parallel": N_("parallel branches after a parallel split"),
    "inclusive": N_("branches after an inclusive split"),
    "sequence": N_("in sequence, not after a common split"),
}
NO_LANE = N_("nobody (no lane)")

MESSAGES.update(BPMN_MESSAGES)
