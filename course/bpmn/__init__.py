"""BPMN 2.0 process models: reading a modeller's export, checking it, running it and comparing it.

- :func:`read_model`: a BPMN 2.0 XML file (bpmn.io, Camunda Modeler, Signavio) as a
  :class:`ProcessModel`; hostile, broken, oversized or non-BPMN files are refused with a finding
  (:class:`BpmnRefused`).
"""
from .model import DataObject, Edge, Flow, Lane, Node, Pool, ProcessModel, Shape
from .reading import BpmnRefused, read_model

__all__ = ["read_model", "BpmnRefused", "ProcessModel", "Node", "Flow", "Lane", "Pool",
           "DataObject", "Shape", "Edge"]
