"""The layering holds: the platform never imports a course module, modules never import each other.

The import-linter contracts live in pyproject.toml. A contract covers only the packages it
lists, so a second test checks that the lists name every package of ``course/``.
"""
import pkgutil
import subprocess
import sys
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

import course
from course import course_modules, paths


def _contracts() -> dict:
    config = tomllib.loads((paths.root() / "pyproject.toml").read_text())["tool"]["importlinter"]
    return {contract["id"]: contract for contract in config["contracts"]}


def _top_level() -> tuple[set[str], set[str]]:
    """(platform packages and modules, course module packages) directly under course/."""
    names = {f"course.{info.name}" for info in pkgutil.iter_modules(course.__path__)}
    modules = {name for name in names if course_modules.PACKAGE_NAME.fullmatch(name.split(".")[1])}
    return names - modules, modules


def test_import_contracts_are_kept():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint), "--no-cache"], cwd=paths.root(), capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


def test_the_contracts_name_every_package_of_the_course():
    platform, modules = _top_level()
    contracts = _contracts()
    assert set(contracts["platform-below-modules"]["source_modules"]) == platform, \
        "list every platform package as a source of the contract platform-below-modules in pyproject.toml"
    assert set(contracts["platform-below-modules"]["forbidden_modules"]) == modules
    assert set(contracts["modules-independent"]["modules"]) == modules
    assert modules == {m.package for m in course_modules.discover()}, "every module package declares MODULE"
