"""The Chinese edition: complete, in step with its English sources, true to the glossary."""
import json
import re
import shutil

import pytest

from course import paths
from course.i18n import catalog, editions, glossary
from course.i18n.units import CODE_SPAN, LINK_TARGET, URL, join, split_code, split_markdown, units

ROOT = paths.root()
SOURCES = editions.sources()
# "More than a few words": a run of this many English words outside code is a paragraph left
# in English. Names of parties, vessels and standards in the edition stay below it.
ENGLISH_RUN = 7
WORD_RUN = re.compile(r"[A-Za-z][A-Za-z'’.,/&()-]*(?:\s+[A-Za-z][A-Za-z'’.,/&()-]*){%d,}" % (ENGLISH_RUN - 1))


def test_the_sources_include_every_lesson_assignment_and_participants_readme():
    for expected in ("modules/00-getting-started/01-checking-documents.ipynb", "modules/02-data-harmonization/README.md",
                     "solutions/02-data-harmonization/02-reconcile-model.ipynb", "exercises/README.md",
                     "datasets/tuna/README.md"):
        assert expected in SOURCES
    assert not any(editions.is_edition(s) for s in SOURCES)


def test_every_unit_is_translated_and_none_is_fuzzy_or_broken():
    found = editions.problems()
    assert found == [], "\n".join(found[:30]) + "\nRun `make translations` and translate the entries listed."


def test_editions_are_in_step_with_their_sources_and_catalogs():
    found = editions.differences()
    assert found == [], "\n".join(found) + "\nRun `course build` and commit the editions."


def test_glossary_terms_are_translated_one_way_everywhere():
    found = editions.glossary_problems() + catalog.glossary_problems()
    assert found == [], "\n".join(found[:30])


def test_glossary_offers_terms_per_module_with_definitions():
    module02 = glossary.terms("02-data-harmonization")
    names = {t.en for t in module02}
    assert {"Single Window", "data harmonization", "customs declaration", "certificate of origin"} <= names
    assert all(t.zh and t.definition_en and t.definition_zh for t in module02)
    assert "synonym" not in {t.en for t in glossary.terms("00-getting-started")}
    assert len({t.en.casefold() for t in glossary.terms()}) == len(glossary.terms()), "a term is listed twice"
    with pytest.raises(Exception):
        glossary.terms()[0].zh = "x"   # frozen


def test_a_changed_source_turns_its_translation_stale(tmp_path, monkeypatch):
    source = "modules/00-getting-started/01-checking-documents.ipynb"
    (tmp_path / source).parent.mkdir(parents=True)
    notebook = json.loads((ROOT / source).read_text(encoding="utf-8"))
    notebook["cells"][0]["source"] = [line.replace("30 minutes", "35 minutes") for line in notebook["cells"][0]["source"]]
    (tmp_path / source).write_text(json.dumps(notebook), encoding="utf-8")
    catalogs = tmp_path / "catalogs"
    shutil.copytree(editions.CATALOGS, catalogs)
    monkeypatch.setattr(editions, "CATALOGS", catalogs)
    # Before the catalogs are updated the changed paragraph has no translation...
    assert any("untranslated" in p and "35 minutes" in p for p in editions.problems(tmp_path))
    # ...and after the update its old translation is kept for review, marked fuzzy.
    editions.update(tmp_path)
    found = editions.problems(tmp_path)
    assert any("fuzzy" in p and "35 minutes" in p for p in found), found
    assert len(found) == 1
    # The committed edition no longer matches what the source and catalog produce.
    (tmp_path / editions.edition_path(source)).write_bytes((ROOT / editions.edition_path(source)).read_bytes())
    assert editions.differences(tmp_path) == [f"{editions.edition_path(source)} is out of step with {source} "
                                              "and its catalog"]


def test_broken_translations_are_named():
    from course.i18n.units import Unit

    row = Unit("`a` | see [the README](README.md)", "table row", 1)
    found = editions._entry_problems(row, "a 见 README")
    assert [p.split(" (")[0] for p in found] == ["code spans differ", "link targets differ",
                                                 "the number of table cells differs"]
    text = Unit("{n} values", "string", 1, quote='"')
    assert any("placeholders" in p for p in editions._entry_problems(text, "若干个值"))
    assert any("ends the Python string" in p for p in editions._entry_problems(text, '{n} 个"值"'))


def test_markdown_units_keep_structure():
    text = ("# Title\n\nA paragraph\nwrapped on two lines.\n\n- item one\n  continued\n- `code` only words\n\n"
            "| name | value |\n| --- | --- |\n| `x` | y words |\n\n```python\nprint('kept')\n```\n")
    parts = split_markdown(text)
    assert [u.kind for u in units(parts)] == ["heading", "paragraph", "list item", "list item", "table row", "table row"]
    assert units(parts)[1].text == "A paragraph wrapped on two lines."
    rendered = join(parts, lambda u: u.text.upper())
    assert "```python\nprint('kept')\n```" in rendered and "| --- | --- |" in rendered
    assert "- ITEM ONE CONTINUED\n" in rendered and "| `X` | Y WORDS |" in rendered


def test_code_units_are_shown_strings_and_comments_never_code():
    source = ('x = compute(1)  # the total\n'
              'print(f"{x} values", sep="")\n'
              'label = "not shown"\n'
              '# ex.hint()\n'
              '# ex.solution()  # remove the # to see it\n'
              '### BEGIN SOLUTION\n')
    parts = split_code(source)
    assert [u.text for u in units(parts)] == ["the total", "{x} values", "remove the # to see it"]
    assert join(parts, lambda u: u.text) == source


def _prose(text: str) -> str:
    """Markdown text without code blocks, code spans, link targets, URLs and quotations of
    what a form prints (“...”)."""
    text = re.sub(r"```.*?```", " ", text, flags=re.S)
    text = re.sub(r"“[^”]*”", " ", text)
    return URL.sub(" ", LINK_TARGET.sub("]", CODE_SPAN.sub(" ", text)))


def _edition_texts():
    for source in SOURCES:
        path = ROOT / editions.edition_path(source)
        if source.endswith(".ipynb"):
            cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
            yield path, [("".join(c["source"])) for c in cells if c["cell_type"] == "markdown"]
        else:
            yield path, [path.read_text(encoding="utf-8")]


@pytest.mark.parametrize("path, texts", list(_edition_texts()), ids=lambda v: str(v.relative_to(ROOT))
                         if hasattr(v, "relative_to") else "")
def test_chinese_editions_have_no_english_paragraph(path, texts):
    runs = [run for text in texts for line in _prose(text).splitlines() for run in WORD_RUN.findall(line)
            if run != run.upper()]   # words in capitals are printed values, not prose
    assert runs == [], f"English left in {path.relative_to(ROOT)}: {runs[:5]}"
    assert any(re.search(r"[\u4e00-\u9fff]", t) for t in texts)


def test_the_english_paragraph_check_can_fail():
    assert WORD_RUN.findall(_prose("这是中文。 This paragraph was left in English by mistake. `code is fine here`"))


def test_chinese_assignments_keep_nbgrader_metadata_and_code():
    for source in [s for s in SOURCES if s.startswith("solutions/") and s.endswith(".ipynb")]:
        english = json.loads((ROOT / source).read_text(encoding="utf-8"))["cells"]
        chinese = json.loads((ROOT / editions.edition_path(source)).read_text(encoding="utf-8"))["cells"]
        assert [c["metadata"] for c in english] == [c["metadata"] for c in chinese], source
        for a, b in zip(english, chinese):
            if a["metadata"].get("nbgrader", {}).get("grade"):
                assert "".join(a["source"]) == "".join(b["source"]), (source, a["metadata"]["nbgrader"]["grade_id"])
    for assignment in {s.split("/")[1] for s in SOURCES if s.startswith("solutions/")}:
        assert (ROOT / "exercises" / editions.assignment_edition(assignment)).is_dir(), assignment
        assert not (ROOT / "solutions" / editions.assignment_edition(assignment) / "keys").exists()


def test_links_point_at_the_chinese_editions():
    readme = (ROOT / "modules/02-data-harmonization/README.zh.md").read_text(encoding="utf-8")
    assert "(01-why-harmonize.zh.ipynb)" in readme and "(../../datasets/tuna/README.zh.md)" in readme
    for target in re.findall(r"\]\(([^)#]+)", readme):
        if "://" not in target:
            assert (ROOT / "modules/02-data-harmonization" / target).exists(), target
