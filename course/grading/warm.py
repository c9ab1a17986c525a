"""Warming a long-lived grading process: import what is used, register every problem, compile schemas.

Both the kernel zygote (inside the sandbox) and the judge (outside it) fork from a warm
process, so each kernel or judgement starts with this work already done.
"""
from __future__ import annotations

import importlib
import os


def single_threaded() -> None:
    """No thread pools: a process with threads cannot be forked safely."""
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[name] = "1"


def warm_up(imports: list[str], checks: bool = True) -> None:
    """Import ``imports``; with ``checks``, also register every problem and compile every schema
    (what kernels and the judge use, not what a Jupyter server does)."""
    for module in imports:
        try:
            importlib.import_module(module)
        except ImportError:
            pass
    if not checks:
        return
    from course.checks import catalog
    from course.xml import registry

    catalog.all_ids()
    for name in registry.ENTRIES:
        try:
            registry.lxml_schema(name)
            registry.xmlschema_schema(name)
            registry.schematron(name)
        except Exception:  # a schema that cannot be warmed is compiled on use
            pass
