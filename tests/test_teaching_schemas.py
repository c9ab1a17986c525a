"""The teaching schemas answer their samples as the sample names say, in plain language."""
import re

import pytest

from course import paths
from course.xml import validate

SAMPLES = [(schema, path) for schema, folder in [("eco", paths.datasets() / "samples" / "eco"),
                                                  ("swds", paths.schemas() / "swds" / "samples")]
           for path in sorted(folder.glob("*.xml"))]


@pytest.mark.parametrize("schema, path", SAMPLES, ids=lambda v: getattr(v, "name", v))
def test_each_sample_gets_the_verdict_its_name_says(schema, path):
    result = validate(path, schema, lang="en")
    assert result.usable
    if path.name.startswith("valid-"):
        assert result.ok and result.errors == []
    elif path.name.startswith("invalid-structure-"):
        assert not result.structure_ok and result.errors
        assert any(f.code == "rules.skipped" for f in result.findings)
    else:
        assert result.structure_ok and not result.ok
        assert all(f.code == "rules.failed" for f in result.errors)
    assert all(f.message and f.hint and f.line for f in result.errors)


def test_many_broken_rules_are_capped_with_a_count():
    text = (paths.schemas() / "swds" / "samples" / "valid-C01.xml").read_text(encoding="utf-8")
    item = re.search(r"  <GoodsItem>.*?</GoodsItem>\n", text, re.S).group(0)
    broken = item.replace("<SequenceNumber>1<", "<SequenceNumber>9<")
    many = text.replace(item, broken * 80, 1)
    result = validate(many, "swds", lang="en")
    assert result.structure_ok and not result.ok
    assert len(result.errors) == 50
    assert result.findings[-1].code == "rules.more"
    assert "more business-rule failures" in result.findings[-1].message
