"""The course modules this installation holds, found by looking, never listed by hand.

Each course module is one package ``course/moduleNN_<name>/`` (beside ``modules/NN-name/``,
``solutions/NN-name/`` and ``exercises/NN-name/``) whose ``__init__.py`` holds one
declaration::

    MODULE = CourseModule(
        id="02-data-harmonization", title=N_("Data harmonization and modelling"), package=__name__,
        problems=("problems", "practice"), preload=("dataset",),
        dashboards=("harmonization_workbench.ipynb",), assignments=("02-data-harmonization",))

The platform (the exercise catalog, the grader's warm kernels, the command line) asks
:func:`discover` and never names a module. A package's ``__init__.py`` imports nothing but
this file, so discovery stays cheap.
"""
from __future__ import annotations

import importlib
import pkgutil
import re
from dataclasses import dataclass
from functools import lru_cache

PACKAGE_NAME = re.compile(r"module(\d{2})_(\w+)")
MODULE_ID = re.compile(r"(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)")


class DeclarationError(ValueError):
    """A module package whose declaration is missing or does not fit its folder names."""


@dataclass(frozen=True)
class CourseModule:
    """What a course module declares about itself.

    ``problems`` and ``preload`` name submodules of ``package`` (``"problems"`` for
    ``<package>.problems``); ``dashboards`` are notebooks under ``dashboards/``;
    ``assignments`` are folders under ``solutions/`` and ``exercises/``.
    """

    id: str
    title: str
    package: str
    problems: tuple[str, ...] = ()
    preload: tuple[str, ...] = ()
    dashboards: tuple[str, ...] = ()
    assignments: tuple[str, ...] = ()

    def __post_init__(self):
        for name in ("problems", "preload", "dashboards", "assignments"):
            value = getattr(self, name)
            if isinstance(value, str) or not isinstance(value, (tuple, list)):
                raise DeclarationError(f"{self.package}: {name} must be a tuple of names, not {value!r}")
            object.__setattr__(self, name, tuple(value))
        if not MODULE_ID.fullmatch(self.id):
            raise DeclarationError(f"{self.package}: module id {self.id!r} is not like '02-data-harmonization'")
        found = PACKAGE_NAME.fullmatch(self.package.rsplit(".", 1)[-1])
        expected = f"module{self.number}_{self.id[3:].replace('-', '_')}"
        if not found or self.package.rsplit(".", 1)[-1] != expected:
            raise DeclarationError(f"{self.package}: a module with id {self.id!r} lives in the package "
                                   f"course.{expected}; rename one of them")

    @property
    def number(self) -> str:
        """The two digits that start the module's id, its folders and its exercise ids."""
        return self.id[:2]

    @property
    def problem_modules(self) -> tuple[str, ...]:
        return tuple(f"{self.package}.{name}" for name in self.problems)

    @property
    def preload_modules(self) -> tuple[str, ...]:
        return tuple(f"{self.package}.{name}" for name in self.preload)


def _packages() -> list[str]:
    import course

    return sorted(f"course.{info.name}" for info in pkgutil.iter_modules(course.__path__)
                  if info.ispkg and PACKAGE_NAME.fullmatch(info.name))


@lru_cache(maxsize=None)
def _discover() -> tuple[CourseModule, ...]:
    found = []
    for package in _packages():
        declaration = getattr(importlib.import_module(package), "MODULE", None)
        if not isinstance(declaration, CourseModule):
            raise DeclarationError(f"{package}/__init__.py must declare MODULE = CourseModule(...); "
                                   "see modules/README.md")
        if declaration.package != package:
            raise DeclarationError(f"{package}: its declaration says package={declaration.package!r}; "
                                   "write package=__name__")
        found.append(declaration)
    ids = [m.id for m in found]
    numbers = [m.number for m in found]
    if len(set(numbers)) != len(numbers):
        raise DeclarationError(f"two module packages share a number: {', '.join(ids)}")
    return tuple(found)


def discover() -> list[CourseModule]:
    """Every course module installed, in the order of their numbers."""
    return list(_discover())


def get(module_id: str) -> CourseModule:
    """The module ``module_id`` (such as ``02-data-harmonization``); a clear error if there is none."""
    for module in _discover():
        if module.id == module_id:
            return module
    known = ", ".join(m.id for m in _discover()) or "none"
    raise KeyError(f"no course module {module_id!r}; the modules are: {known}")


def problem_modules() -> list[str]:
    """The Python modules that register problems, over every course module."""
    return [name for module in _discover() for name in module.problem_modules]


def preload_imports() -> list[str]:
    """What a warm grading kernel should import once: every module's problems and declared preloads."""
    names = [name for module in _discover() for name in (*module.problem_modules, *module.preload_modules)]
    return list(dict.fromkeys(names))
