"""Course modules are discovered from their declarations, and every module passes the same checks.

The parametrized tests below are the ones modules/README.md ("Adding a module") promises:
a new module package is picked up by them without any change here.
"""
import json
import re

import pytest

import course
from course import course_modules, paths
from course.checks import NOT_ATTEMPTED, catalog, keys
from course.checks.keyed import KeyedProblem
from course.course_modules import CourseModule, DeclarationError

MODULES = course_modules.discover()
EXERCISE_CALL = re.compile(r"course\.exercise\(\s*[\"']([^\"']+)[\"']")


def _by_module(module: CourseModule) -> list:
    """The problems registered by the module's problem modules (importing them registers them)."""
    catalog.all_ids()
    names = set(module.problem_modules)
    return [p for p in catalog._PROBLEMS.values() if type(p).__module__ in names]


def test_the_course_has_its_modules_in_order():
    ids = [m.id for m in MODULES]
    assert {"00-getting-started", "02-data-harmonization"} <= set(ids) and ids == sorted(ids)
    assert course_modules.get("02-data-harmonization").package == "course.module02_data_harmonization"
    with pytest.raises(KeyError, match="no course module '07-nothing'; the modules are: 00-getting-started"):
        course_modules.get("07-nothing")


def test_problem_modules_and_preloads_are_the_union_of_the_declarations():
    assert "course.module02_data_harmonization.problems" in course_modules.problem_modules()
    preload = course_modules.preload_imports()
    assert set(course_modules.problem_modules()) <= set(preload)
    assert "course.module02_data_harmonization.dataset" in preload and len(preload) == len(set(preload))


@pytest.mark.parametrize("declaration, message", [
    (dict(id="02-data-harmonization", package="course.module03_data_harmonization"), "lives in the package"),
    (dict(id="2-harmonization", package="course.module02_harmonization"), "not like"),
    (dict(id="02-data-harmonization", package="course.module02_data_harmonization", problems="problems"),
     "must be a tuple"),
])
def test_a_declaration_that_does_not_fit_its_folders_is_refused(declaration, message):
    with pytest.raises(DeclarationError, match=message):
        CourseModule(title="t", **declaration)


def test_every_exercise_belongs_to_exactly_one_module():
    owners = {}
    for module in MODULES:
        for problem in _by_module(module):
            owners.setdefault(problem.id, []).append(module.id)
    numbers = {m.number for m in MODULES}
    assert all(len(found) == 1 for found in owners.values())
    assert all(exercise_id[:2] in numbers for exercise_id in catalog.all_ids())


# --- what every module must pass ------------------------------------------------------------

@pytest.fixture(params=MODULES, ids=lambda m: m.id)
def module(request) -> CourseModule:
    return request.param


def test_module_has_its_lessons(module):
    folder = paths.root() / "modules" / module.id
    assert (folder / "README.md").is_file(), f"modules/{module.id}/README.md is missing"
    assert [p for p in folder.glob("*.ipynb") if ".zh." not in p.name], f"modules/{module.id}/ has no lesson"


def test_module_problems_are_its_own_and_complete(module):
    problems = _by_module(module)
    assert problems or not module.problems, f"{module.id} declares problem modules that register nothing"
    for problem in problems:
        assert problem.id.startswith(f"{module.number}-"), f"{problem.id}: ids of module {module.id} start {module.number}-"
        assert problem.title and problem.hints and problem.solution, f"{problem.id} needs a title, hints and a solution"
        assert problem.check(None, "en").status == NOT_ATTEMPTED


def test_module_keys_are_read_only_by_the_grader(module, monkeypatch):
    keyed = [p for p in _by_module(module) if isinstance(p, KeyedProblem)]
    monkeypatch.delenv("COURSE_FULL_KEYS", raising=False)
    monkeypatch.setattr(keys, "_enabled", False)
    for problem in keyed:
        assert problem.answer_key() is None
        assert problem.public_key().complete is False, f"{problem.id}: a public key is never the full key"
    monkeypatch.setenv("COURSE_FULL_KEYS", "1")
    for problem in keyed:
        assert problem.answer_key() is not None, f"{problem.id}: its full key cannot be read"


def test_module_preloads_import(module):
    import importlib

    for name in module.preload_modules:
        importlib.import_module(name)


def test_module_dashboards_exist_and_use_the_module(module):
    for name in module.dashboards:
        path = paths.root() / "dashboards" / name
        assert path.is_file(), f"dashboards/{name} is missing"
        text = path.read_text(encoding="utf-8")
        # A platform dashboard (such as the quiz form) finds the module by discovery instead of importing it.
        assert module.package in text or "from course.widgets." in text, f"dashboards/{name} does not use {module.package}"


def test_module_assignments_exist_and_check_its_own_exercises(module):
    for assignment in module.assignments:
        sources = sorted((paths.root() / "solutions" / assignment).glob("*.ipynb"))
        assert sources, f"solutions/{assignment}/ has no notebook"
        assert (paths.root() / "exercises" / assignment).is_dir(), f"run `course build` for {assignment}"
        used = {found for path in sources for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]
                for found in EXERCISE_CALL.findall("".join(cell["source"]))}
        assert used and all(exercise_id.startswith(f"{module.number}-") for exercise_id in used), used
        assert used <= set(course.checks.all_ids())
