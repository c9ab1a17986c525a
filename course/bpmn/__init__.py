"""BPMN 2.0 process models: reading a modeller's export, checking it, running it and comparing it.

- :func:`read_model`: a BPMN 2.0 XML file (bpmn.io, Camunda Modeler, Signavio) as a
  :class:`ProcessModel`; hostile, broken, oversized or non-BPMN files are refused with a finding
  (:class:`BpmnRefused`);
- :func:`check_model`: the OMG BPMN 2.0 schema, then the modelling rules a business process
  analysis trainer checks, as findings in English or Chinese;
- :func:`run_path` (and :func:`run_every_pool`): the process run by the SpiffWorkflow engine
  along one scenario path, with the choices at its decisions given by the path (nothing the
  learner wrote is run), bounded in steps and time;
- :func:`compare_processes`: a learner's process against a reference, with partial credit
  and a reason per difference.

Diagrams, layouts and time-procedure charts live in :mod:`.diagram`, :mod:`.layout` and
:mod:`.gantt`.
"""
from .model import DataObject, Edge, Flow, Lane, Node, Pool, ProcessModel, Shape
from .compare import ProcessComparison, compare_processes
from .execute import PathRun, run_every_pool, run_path
from .reading import BpmnRefused, read_model
from .validate import check_model

__all__ = ["read_model", "BpmnRefused", "check_model", "run_path", "run_every_pool", "PathRun",
           "compare_processes", "ProcessComparison", "ProcessModel", "Node", "Flow", "Lane", "Pool",
           "DataObject", "Shape", "Edge"]
