"""Every learner-facing message exists in English and Simplified Chinese."""
import pytest

from course import i18n
from course.i18n import catalog
from course.xml.findings import Finding
from course.xml.messages import MESSAGES


def test_every_message_has_a_chinese_translation():
    problems = catalog.problems("zh_Hans")
    assert problems == [], "\n".join(problems[:20]) + "\nRun `make translations` and translate."


def test_catalog_covers_every_finding_code_and_schematron_rule():
    extracted = {m.id for m in catalog.extract() if m.id}
    for message, hint in MESSAGES.values():
        assert message in extracted and hint in extracted
    for text, _where in catalog.schematron_messages():
        assert text in extracted


@pytest.mark.parametrize("tag, expected", [
    ("zh", "zh_Hans"), ("zh_CN", "zh_Hans"), ("zh-Hans", "zh_Hans"), ("zh_CN.UTF-8", "zh_Hans"),
    ("en", "en"), ("en_US.UTF-8", "en"), ("C", None), ("fr_FR", None)])
def test_language_tags_are_normalized(tag, expected):
    assert i18n.normalize(tag) == expected


def test_language_comes_from_argument_then_env_then_locale(monkeypatch):
    monkeypatch.delenv("COURSE_LANG", raising=False)
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert i18n.resolve() == "zh_Hans"
    monkeypatch.setenv("COURSE_LANG", "en")
    assert i18n.resolve() == "en"
    assert i18n.resolve("zh") == "zh_Hans"


def test_unsupported_language_is_a_clear_error():
    with pytest.raises(ValueError, match="unsupported language 'klingon'"):
        i18n.resolve("klingon")


def test_findings_render_in_both_languages():
    finding = Finding("xml.external-entity", params={"name": "x", "location": "file:///etc/passwd"})
    english, chinese = finding.in_language("en"), finding.in_language("zh")
    assert "external entity" in english.message
    assert english.message != chinese.message
    assert "file:///etc/passwd" in chinese.message
    assert any("\u4e00" <= ch <= "\u9fff" for ch in chinese.message + chinese.hint)
