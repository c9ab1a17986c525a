"""pyproject.toml and environment.yml describe the same environment."""
try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

from course import paths

NOT_PACKAGES = {"python", "pip"}
# conda-forge names that differ from the PyPI ones
CONDA_NAMES = {"matplotlib-base": "matplotlib"}


def _pyproject() -> dict:
    project = tomllib.loads((paths.root() / "pyproject.toml").read_text())["project"]
    requirements = project["dependencies"] + [r for extra in project["optional-dependencies"].values() for r in extra]
    return {canonicalize_name(r.name): (r.specifier, r.marker) for r in map(Requirement, requirements)}


def _conda_line(line: str):
    name, _, spec = line.partition(" ")
    return canonicalize_name(name), (SpecifierSet(spec.replace(" ", "")), None)


def _environment() -> dict:
    env = yaml.safe_load((paths.root() / "environment.yml").read_text())
    found = {}
    for item in env["dependencies"]:
        if isinstance(item, dict):
            for line in item["pip"]:
                if not line.startswith("-"):
                    requirement = Requirement(line)
                    found[canonicalize_name(requirement.name)] = (requirement.specifier, requirement.marker)
        else:
            name, spec = _conda_line(item)
            name = CONDA_NAMES.get(name, name)
            if name not in NOT_PACKAGES:
                found[name] = spec
    return found


def test_environment_yml_and_pyproject_agree():
    pyproject, environment = _pyproject(), _environment()
    assert sorted(set(pyproject) - set(environment)) == [], "in pyproject.toml only"
    assert sorted(set(environment) - set(pyproject)) == [], "in environment.yml only"
    differing = {n: (str(pyproject[n]), str(environment[n])) for n in pyproject
                 if str(pyproject[n]) != str(environment[n])}
    assert differing == {}


def test_environment_yml_installs_the_course_itself():
    env = yaml.safe_load((paths.root() / "environment.yml").read_text())
    pip = next(item["pip"] for item in env["dependencies"] if isinstance(item, dict))
    assert "-e ." in pip
