"""One choice of language: the edition JupyterLab opens, Lab's own interface, the messages
and the dashboards follow it, on a laptop (`course serve`) and on the hub."""
import json
import re
import sys
import tempfile
import urllib.request
from pathlib import Path

import pytest

from course import paths, serve
from course.i18n import _, choice

sys.path.insert(0, str(Path(__file__).parent))
import browser_support as support  # noqa: E402
import hub_configuration  # noqa: E402

ROOT = paths.root()
ARTIFACTS = ROOT / "test-artifacts"
DASHBOARDS = ROOT / "dashboards"
SCREENSHOTS = ("document_checker-zh", "harmonization_workbench-zh", "trainer_cohort-zh", "jupyterlab-zh")


def test_each_language_has_a_start_page_that_exists():
    for lang in ("en", "zh"):
        assert (ROOT / choice.landing(lang)).is_file()
    assert choice.landing("zh") == "modules/README.zh.md"
    assert choice.environment("zh_CN") == {"COURSE_LANG": "zh"}


def test_lab_settings_are_written_without_losing_other_settings(tmp_path):
    path = choice.write_lab_settings(tmp_path, "zh")
    assert json.loads(path.read_text()) == {"locale": "zh_CN"}
    news = tmp_path / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    assert json.loads(news.read_text()) == {"fetchNews": "false"}
    path.write_text(json.dumps({"locale": "zh_CN", "displayStringsPrefix": True}))
    choice.write_lab_settings(tmp_path, "en")
    assert json.loads(path.read_text()) == {"locale": "en", "displayStringsPrefix": True}
    path.write_text("{not json")
    choice.write_lab_settings(tmp_path, "zh")
    assert json.loads(path.read_text()) == {"locale": "zh_CN"}


def test_serve_opens_the_chinese_edition_for_a_chinese_workshop(monkeypatch, tmp_path):
    monkeypatch.setenv("COURSE_LANG", "zh")
    assert "--LabApp.default_url=/lab/tree/modules/README.zh.md" in serve.lab_command(8888)
    assert "--LabApp.default_url=/lab/tree/README.md" in serve.lab_command(8888, lang="en")
    assert serve.lab_environment()["JUPYTERLAB_SETTINGS_DIR"] == str(paths.root() / "workshop" / "lab" / "user-settings")
    env = serve.lab_environment(lab=tmp_path)   # not the workshop's: other tests start Lab in English meanwhile
    assert env["COURSE_LANG"] == "zh"
    settings = Path(env["JUPYTERLAB_SETTINGS_DIR"]) / choice.LAB_TRANSLATION_SETTINGS
    assert json.loads(settings.read_text())["locale"] == "zh_CN"


def test_serve_refuses_an_unknown_language_with_the_choices(monkeypatch, capsys):
    monkeypatch.setenv("COURSE_LANG", "klingon")
    assert serve.serve(port=1) == 2
    assert "unsupported language 'klingon'" in capsys.readouterr().err


# --- the hub's configuration, loaded as JupyterHub loads it -------------------------------

def test_hub_participants_pick_their_language_once(tmp_path, monkeypatch):
    config = hub_configuration.load(tmp_path, monkeypatch, "en")
    form = config.Spawner.options_form(hub_configuration.spawner(tmp_path, {}))
    assert '<option value="en" selected>' in form and '<option value="zh">简体中文</option>' in form
    # the last choice is preselected next time
    assert '<option value="zh" selected>' in config.Spawner.options_form(hub_configuration.spawner(tmp_path, {"lang": "zh"}))
    assert config.Spawner.options_from_form({"lang": ["zh"]}) == {"lang": "zh"}
    assert config.Spawner.options_from_form({"lang": ["tlh"]}) == {"lang": "en"}   # unknown: the workshop's

    home = tmp_path / "home-ana"
    spawner = hub_configuration.spawner(home, {"lang": "zh"})
    config.Spawner.pre_spawn_hook(spawner)
    assert spawner.environment["COURSE_LANG"] == "zh"
    assert spawner.default_url == "/lab/tree/modules/README.zh.md"
    settings = home / ".jupyter" / "lab" / "user-settings" / choice.LAB_TRANSLATION_SETTINGS
    assert json.loads(settings.read_text())["locale"] == "zh_CN"


def test_hub_workshop_default_applies_when_nobody_chose(tmp_path, monkeypatch):
    config = hub_configuration.load(tmp_path, monkeypatch, "zh")
    spawner = hub_configuration.spawner(tmp_path / "home-ben", {})
    config.Spawner.pre_spawn_hook(spawner)
    assert spawner.environment["COURSE_LANG"] == "zh" and spawner.default_url.endswith("README.zh.md")


def test_hub_refuses_an_unknown_workshop_language(tmp_path, monkeypatch):
    with pytest.raises(SystemExit, match="COURSE_LANG must be en or zh"):
        hub_configuration.load(tmp_path, monkeypatch, "klingon")


# --- a real JupyterLab, then Chromium ---------------------------------------------------------

TOKEN = "chinese-workshop-token"


def _chinese_lab(log_name):
    port = support.free_port()
    command = serve.lab_command(port, lang="zh") + [f"--IdentityProvider.token={TOKEN}"]
    # Lab settings of its own: other tests start Lab in English at the same time.
    lab = Path(tempfile.mkdtemp(prefix="lab-zh-"))
    return support.Server(command, port, env={k: v for k, v in serve.lab_environment("zh", lab).items()
                                              if k in ("COURSE_LANG", "JUPYTERLAB_SETTINGS_DIR")},
                          log=ARTIFACTS / log_name)


def _get(url):
    request = urllib.request.Request(url, headers={"Authorization": f"token {TOKEN}"})
    with urllib.request.urlopen(request, timeout=30) as reply:
        return json.loads(reply.read().decode("utf-8"))


def test_chinese_lab_has_its_language_pack_and_setting():
    ARTIFACTS.mkdir(exist_ok=True)
    with _chinese_lab("jupyterlab-zh-api.log") as server:
        packs = _get(server.url + "/lab/api/translations")["data"]
        assert "zh_CN" in packs, "jupyterlab-language-pack-zh-CN is not installed"
        setting = _get(server.url + "/lab/api/settings/@jupyterlab/translation-extension:plugin")
        assert setting["settings"]["locale"] == "zh_CN"
        assert _get(server.url + "/lab/api/translations/zh_CN")["data"], "no Chinese strings for Lab"


needs_chromium = pytest.mark.skipif(support.chromium() is None, reason=support.INSTALL_HINT)


def _page(chrome, url, size=(1280, 1000)):
    page = chrome.new_page(viewport={"width": size[0], "height": size[1]}, locale="zh-CN")
    page.set_default_timeout(60_000)
    page.goto(url)
    return page


@needs_chromium
def test_lab_opens_the_chinese_edition_in_chinese(chrome):
    with _chinese_lab("jupyterlab-zh.log") as server:
        page = _page(chrome, f"{server.url}/?token={TOKEN}", size=(1280, 800))
        try:
            page.wait_for_url("**/lab/tree/modules/README.zh.md**")
            page.locator(".jp-MainAreaWidget", has_text="课程").first.wait_for()
            page.locator("#jp-menu-panel, .lm-MenuBar", has_text="文件").first.wait_for()
            page.wait_for_timeout(1000)   # let the file browser finish drawing
            page.screenshot(path=str(ARTIFACTS / "jupyterlab-zh.png"))
        finally:
            page.close()


@needs_chromium
def test_dashboards_follow_the_chosen_language(chrome, tmp_path):
    import test_dashboards as english   # the same cohort and answers as the English browser tests

    built = support.build_gradebook(tmp_path / "gradebook.db",
                                    scores={k: list(map(float, v)) for k, v in english.SCORES.items()},
                                    absent=("dara",))
    summary = tmp_path / "summary.json"
    summary.write_text(json.dumps(english.SUMMARY), encoding="utf-8")
    runs = [("document_checker.ipynb", {}, (1280, 1000)),
            ("harmonization_workbench.ipynb", {"COURSE_ANSWERS_DIR": str(tmp_path)}, (1280, 1300)),
            ("trainer_cohort.ipynb", {"COURSE_GRADEBOOK": str(built.path), "COURSE_SUMMARY": str(summary)},
             (1440, 1750))]
    for notebook, env, size in runs:
        with support.voila(DASHBOARDS / notebook, env={"COURSE_LANG": "zh", **env},
                           log=ARTIFACTS / f"voila-{notebook}-zh.log") as server:
            page = _page(chrome, server.url + "/", size)
            try:
                support.wait_interactive(page)
                if notebook == "document_checker.ipynb":
                    page.select_option(".ptc-sample select", english.MISSPELT)
                    page.locator("button.ptc-check").click()
                    page.locator(".ptc-result .ptc-verdict").wait_for()
                    page.locator(".ptc-findings .ptc-finding").first.wait_for()  # drawn just after the verdict
                    assert re.search("[\u4e00-\u9fff]", page.locator(".ptc-findings").inner_text())
                if notebook == "trainer_cohort.ipynb":
                    page.locator("h2", has_text=_("Cohort progress", "zh")).wait_for()
                    page.locator(".ptc-distribution img").wait_for()
                buttons = page.locator("button.jupyter-button").all_inner_texts()
                english_buttons = [b for b in buttons if b.strip() and b.strip() != "English"
                                   and not any("\u4e00" <= ch <= "\u9fff" for ch in b)]
                assert english_buttons == [], f"{notebook}: buttons left in English: {english_buttons}"
                page.screenshot(path=str(ARTIFACTS / f"{Path(notebook).stem}-zh.png"), full_page=True)
            finally:
                page.close(run_before_unload=True)


def test_chinese_screenshots_are_in_the_dashboards_readme():
    readme = (DASHBOARDS / "README.md").read_text(encoding="utf-8")
    for name in SCREENSHOTS:
        assert f"screenshots/{name}.png" in readme
        assert (DASHBOARDS / "screenshots" / f"{name}.png").stat().st_size > 10_000
