"""Every module's scenario in datasets/ is described in Chinese too, whatever its folder is called."""
from course import paths
from course.i18n import editions

ROOT = paths.root()


def scenario_readmes() -> list[str]:
    return sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "datasets").glob("*/README.md"))


def test_every_scenario_readme_is_a_source_with_an_edition_beside_it():
    readmes = scenario_readmes()
    # The scenarios of modules 02, 04 and 05 at least; a new module's is picked up by the same pattern.
    assert {"datasets/tuna/README.md", "datasets/recognition/README.md",
            "datasets/border_post_trs/README.md"} <= set(readmes)
    sources = set(editions.sources())
    for readme in readmes:
        assert readme in sources, f"{readme} has no Chinese edition: add it to course.i18n.editions.SOURCES"
        edition = ROOT / editions.edition_path(readme)
        assert edition.is_file(), f"{edition} is missing: run `course build`"
        assert edition.read_text(encoding="utf-8") != (ROOT / readme).read_text(encoding="utf-8")


def test_the_chinese_module_readmes_link_to_the_chinese_scenario_readmes():
    for module, scenario in (("04-cross-border-recognition", "recognition"),
                             ("05-facilitation-monitoring", "border_post_trs")):
        text = (ROOT / "modules" / module / "README.zh.md").read_text(encoding="utf-8")
        assert f"(../../datasets/{scenario}/README.zh.md)" in text
        assert f"(../../datasets/{scenario}/README.md)" not in text
