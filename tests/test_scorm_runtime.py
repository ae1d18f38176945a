"""The SCO runtime (ecole/assets/scorm.js) in a strict LMS, and in hostile ones.

The LMS is scorm-again in strict mode (the harness of test_scorm.py): every warning or
error it logs and every call that leaves an error code is a problem, and every run must
end with none. The assertions bear on what the LMS has committed. Hostile set-ups: an API
made 1.5 s after the content has loaded; an LMS that ends the session in its own
beforeunload; one that drops whatever arrives while its page unloads; one data store for
every SCO of the cursus package; an LMS that never answers.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from ecole.build import BuildResult
from ecole.exports.scorm.manifest import ADLCP, ADLCP12, IMSSS
from ecole.model.learning import WHOLE_CURRICULUM
from test_accessibility import AXE, AXE_OPTIONS, describe
from test_scorm import after_unload, answer_all, first_quiz_module, launch, manifest, problems, serve_lms

pytestmark = pytest.mark.browser

BOTH = ["scorm12", "scorm2004"]
NBSP = "\u00a0"
#: Elements each version may read or write; anything else is the other version's data model.
OWN_MODEL = {
    "scorm12": re.compile(
        r"cmi\.(core\.(lesson_status|lesson_location|score\.(raw|min|max)|exit|session_time)"
        r"|core\.student_id|suspend_data|student_data\.mastery_score)"
    ),
    "scorm2004": re.compile(
        r"cmi\.(entry|location|completion_status|success_status|progress_measure|learner_id"
        r"|score\.(scaled|raw|min|max)|exit|session_time|suspend_data|scaled_passing_score)"
    ),
}


@pytest.fixture(scope="module")
def quiz_module(built: BuildResult):
    return first_quiz_module(built)


@pytest.fixture(scope="module")
def lms(built: BuildResult, quiz_module, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    yield from serve_lms(built, quiz_module.id, tmp_path_factory.mktemp("lms"))


def initial(built: BuildResult, folder: str, package: str, module_id: str) -> str:
    """What an LMS holds at a first launch: the mastery score of the module's item, from the manifest."""
    root = manifest(built.site / "exports" / folder / f"{package}.zip")
    item = f"item-{module_id}"
    if folder == "scorm12":
        mastery = root.find(f".//*[@identifier='{item}']/{{{ADLCP12}}}masteryscore").text
        return json.dumps({"core": {"entry": "ab-initio"}, "student_data": {"mastery_score": mastery}})
    node = root.find(f".//*[@identifier='{item}']")
    passing = node.findtext(f".//{{{IMSSS}}}minNormalizedMeasure")
    threshold = node.find(f"{{{ADLCP}}}completionThreshold").get("minProgressMeasure")
    return json.dumps({"entry": "ab-initio", "scaled_passing_score": passing, "completion_threshold": threshold})


def status(stored: dict, folder: str) -> tuple[str, ...]:
    """What an LMS shows of a module: its status(es) and score."""
    if folder == "scorm12":
        return stored["cmi.core.lesson_status"], stored["cmi.core.score.raw"]
    return stored["cmi.completion_status"], stored["cmi.success_status"], stored["cmi.score.scaled"]


def suspended(stored: dict) -> dict:
    return json.loads(stored["cmi.suspend_data"])["modules"]


def read_a_section(page, sco, index: int) -> None:
    heading = sco.locator("main h2").nth(index)
    heading.scroll_into_view_if_needed()
    identifier = heading.get_attribute("id")
    page.wait_for_function(f"stored && stored['cmi.suspend_data'].includes('{identifier}')")


def seconds(session_time: str) -> float:
    if session_time.startswith("P"):
        hours, minutes, secs = re.fullmatch(r"PT(\d+)H(\d+)M(\d+)S", session_time).groups()
    else:
        hours, minutes, secs = session_time.split(":")
    return 3600 * int(hours) + 60 * int(minutes) + float(secs)


def check_strict(page, folder: str) -> None:
    """No error nor warning from the LMS, and nothing read or written outside the version's model."""
    assert problems(page) == []
    elements = page.evaluate("calls.filter(c => c[0] === 'get' || c[0] === 'set').map(c => c[1])")
    assert elements and all(OWN_MODEL[folder].fullmatch(e) for e in elements), sorted(set(elements))


@pytest.mark.parametrize("folder", BOTH)
def test_an_api_made_late_is_found(page, lms, quiz_module, built: BuildResult, folder: str) -> None:
    """The LMS makes its API 1.5 s after the content has loaded: the SCO finds it, says nothing."""
    sco = launch(page, lms, folder, quiz_module.id, initial(built, folder, quiz_module.id, quiz_module.id), api="late")
    answer_all(sco, correct=True)
    page.wait_for_function("calls.filter(c => c[0].endsWith('Commit')).length >= 2")
    stored = page.evaluate("stored")
    expected = ("passed", "100") if folder == "scorm12" else ("completed", "passed", "1")
    assert status(stored, folder) == expected
    assert sco.locator(".sco-avis__texte").inner_text() == ""
    assert sco.get_by_role("button", name="Terminer").is_visible()
    check_strict(page, folder)


@pytest.mark.parametrize("folder", BOTH)
@pytest.mark.parametrize("unload", ["terminates", "drops"])
def test_session_time_and_exit_do_not_wait_for_the_unload(
    page, lms, quiz_module, built: BuildResult, folder: str, unload: str
) -> None:
    """An LMS that ends the session in its own beforeunload, or drops what arrives while its
    page unloads, has the session time and the exit mode all the same: every commit carries them."""
    sco = launch(
        page, lms, folder, quiz_module.id, initial(built, folder, quiz_module.id, quiz_module.id), unload=unload
    )
    page.wait_for_timeout(1100)
    read_a_section(page, sco, sco.locator("main h2").count() - 1)  # progress, committed with the time so far
    stored = page.evaluate("stored")
    prefix = "cmi.core." if folder == "scorm12" else "cmi."
    assert stored[f"{prefix}exit"] == "suspend"  # unfinished: the learner will resume
    assert seconds(stored[f"{prefix}session_time"]) >= 1
    check_strict(page, folder)

    kept = after_unload(page, lms)
    names = [call[0] for call in kept["calls"]]
    assert kept["problems"] == []
    assert kept["stored"][f"{prefix}exit"] == "suspend"
    assert seconds(kept["stored"][f"{prefix}session_time"]) >= 1
    assert quiz_module.id in suspended(kept["stored"])
    if unload == "terminates":
        # ended by the LMS, once: the SCO sends nothing after its LMS's page has gone
        assert "lms-terminate" in names and sum(name in ("LMSFinish", "Terminate") for name in names) == 1
    else:
        assert "lms-gone" in names and not {"LMSFinish", "Terminate"} & set(names)


@pytest.mark.parametrize("folder", BOTH)
def test_terminer_commits_and_terminates_and_the_learner_resumes(
    page, lms, quiz_module, built: BuildResult, folder: str
) -> None:
    sco = launch(page, lms, folder, quiz_module.id, initial(built, folder, quiz_module.id, quiz_module.id))
    read_a_section(page, sco, 2)
    sco.get_by_role("button", name="Terminer").click()
    names = page.evaluate("calls.map(c => c[0])")
    terminate = "LMSFinish" if folder == "scorm12" else "Terminate"
    assert names[-1] == terminate and names[-2].endswith("Commit")
    stored = page.evaluate("stored")
    place = suspended(stored)[quiz_module.id]["lieu"]
    prefix = "cmi.core." if folder == "scorm12" else "cmi."
    assert stored[f"{prefix}exit"] == "suspend"
    assert re.fullmatch(r"\d\d:\d\d:\d\d|PT\d+H\d+M\d+S", stored[f"{prefix}session_time"])
    done = sco.locator(".sco-fin__etat")
    assert done.get_attribute("role") == "status"
    assert done.inner_text().startswith(f"Session terminée{NBSP}:")
    assert not sco.get_by_role("button", name="Terminer").is_visible()

    # the session is over: a new result stays in the browser, and the learner is told
    answer_all(sco, correct=True)
    notice = sco.locator(".sco-avis__texte")
    notice.filter(has_text="La session est terminée").wait_for()
    assert page.evaluate("calls.map(c => c[0])") == names
    check_strict(page, folder)

    # back later: the LMS says "resume" and hands over what it keeps
    page.evaluate(f"launch('{folder}/{quiz_module.id}/modules/{quiz_module.id}.html', carryOver())")
    page.wait_for_function(f"calls.filter(c => c[0] === '{names[0]}').length === 2")
    page.wait_for_function("calls.filter(c => c[0].endsWith('Commit')).length >= 3")
    top = sco.locator(f"[id='{place}']").evaluate("element => element.getBoundingClientRect().top")
    assert abs(top) < 50  # the page opens where the learner stopped
    saved = suspended(page.evaluate("stored"))[quiz_module.id]
    assert 2 in saved["vus"]
    check_strict(page, folder)


@pytest.mark.parametrize("folder", BOTH)
def test_one_store_for_the_whole_cursus(page, lms, built: BuildResult, folder: str) -> None:
    """An LMS keeps one data store for every SCO of the cursus package: module 4 finds module 1's
    passed quiz there, and must neither report it as its own nor wipe module 1's data."""
    first, fourth = [m.id for m in built.curriculum.ordered_modules()][0:4:3]
    href = f"{folder}/{WHOLE_CURRICULUM}/modules/{{}}.html"
    sco = launch(page, lms, folder, first, initial(built, folder, WHOLE_CURRICULUM, first), package=WHOLE_CURRICULUM)
    answer_all(sco, correct=True)
    sco.get_by_role("button", name="Terminer").click()
    passed = ("passed", "100") if folder == "scorm12" else ("completed", "passed", "1")
    assert status(page.evaluate("stored"), folder) == passed
    initialize = page.evaluate("calls[0][0]")

    page.evaluate(f"launch('{href.format(fourth)}', carryOver())")
    page.wait_for_function(f"calls.filter(c => c[0] === '{initialize}').length === 2")
    sco.get_by_role("button", name="Terminer").click()
    stored = page.evaluate("stored")
    if folder == "scorm12":
        assert status(stored, folder) == ("incomplete", "")
    else:
        # success is judged by the LMS from cmi.score.scaled, which cannot be unset: 0 replaces 1
        assert stored["cmi.completion_status"] == "incomplete"
        assert stored["cmi.success_status"] != "passed" and stored["cmi.score.scaled"] == "0"
    modules = suspended(stored)
    assert modules[first]["score"] == modules[first]["max"]  # module 1's data is still there
    assert "score" not in modules[fourth]
    check_strict(page, folder)

    # module 1 again, in the same store: its own result comes back
    page.evaluate(f"launch('{href.format(first)}', carryOver())")
    page.wait_for_function(f"calls.filter(c => c[0] === '{initialize}').length === 3")
    sco.get_by_role("button", name="Terminer").click()
    assert status(page.evaluate("stored"), folder) == passed
    # and module 4 again: it has data of its own in the store now, the statuses are still module 1's
    page.evaluate(f"launch('{href.format(fourth)}', carryOver())")
    page.wait_for_function(f"calls.filter(c => c[0] === '{initialize}').length === 4")
    sco.get_by_role("button", name="Terminer").click()
    stored = page.evaluate("stored")
    assert stored["cmi.core.lesson_status" if folder == "scorm12" else "cmi.success_status"] != "passed"
    assert set(suspended(stored)) == {first, fourth}
    check_strict(page, folder)


def test_an_lms_never_found(browser, lms, quiz_module) -> None:
    """No API anywhere: after ten seconds the learner is told, in French and in a status region,
    while the quiz works and its result stays in the browser. Both versions at once, one at 390 px."""
    pages = []
    for folder, width in (("scorm12", 1280), ("scorm2004", 390)):
        context = browser.new_context(viewport={"width": width, "height": 800}, locale="fr-FR")
        tab = context.new_page()
        errors: list[str] = []
        tab.on("pageerror", lambda error, errors=errors: errors.append(str(error)))
        sco = launch(tab, lms, folder, quiz_module.id, "{}", api="absent")
        pages.append((tab, sco, errors, width))
    try:
        for _, sco, _, _ in pages:
            answer_all(sco, correct=True)
            assert "quiz réussi" in sco.locator(".ecole-quiz__resultat").first.inner_text()
            assert sco.locator(".sco-avis__texte").inner_text() == ""  # still looking
        for tab, sco, errors, width in pages:
            notice = sco.locator(".sco-avis__texte")
            notice.filter(has_text="ne répond pas").wait_for(timeout=15000)
            assert notice.get_attribute("role") == "status" and notice.get_attribute("aria-live") == "polite"
            text = notice.inner_text()
            assert f"ne répond pas{NBSP}: vos résultats ne lui sont pas transmis" in text
            assert "enregistrée dans ce navigateur" in text
            box = notice.bounding_box()
            assert box and box["width"] > 0 and box["x"] + box["width"] <= width
            frame = tab.frame(url=re.compile(r"modules/"))
            assert frame.evaluate("document.documentElement.scrollWidth") <= width
            kept = frame.evaluate("Object.entries(localStorage).find(([key]) => key.endsWith('ecole:v1:progression'))")
            assert kept and quiz_module.id in kept[1]
            assert not sco.get_by_role("button", name="Terminer").is_visible()
            sco.get_by_role("button", name="Masquer ce message").click()
            assert notice.inner_text() == ""
            assert not errors
        # an LMS much later still: the next quiz check finds it and sends the result
        tab, sco, _, _ = pages[0]
        tab.evaluate("installApi({core: {entry: 'ab-initio'}, student_data: {mastery_score: '75'}})")
        sco.locator("form.ecole-quiz").first.get_by_role("button", name="Vérifier mes réponses").click()
        tab.wait_for_function("stored && stored['cmi.core.lesson_status'] === 'passed'")
        assert tab.evaluate("stored['cmi.core.score.raw']") == "100"
        assert problems(tab) == []
    finally:
        for tab, *_ in pages:
            tab.context.close()


def answer_but(sco, wrong: int) -> None:
    """Right answers to every question of the first quiz but the first ``wrong`` ones."""
    quiz = sco.locator("form.ecole-quiz").first
    questions = quiz.locator(".ecole-question")
    for index in range(questions.count()):
        correct = index >= wrong
        choices = questions.nth(index).locator(f'input[data-correct="{str(correct).lower()}"]')
        for choice in range(choices.count() if correct else 1):
            choices.nth(choice).check()
    quiz.get_by_role("button", name="Vérifier mes réponses").click()


def learner_launch(folder: str, learner: str, mastery: str) -> str:
    """What an LMS holds at a first launch for ``learner``, with its own pass mark (a share)."""
    if folder == "scorm12":
        core = {"entry": "ab-initio", "student_id": learner}
        return json.dumps({"core": core, "student_data": {"mastery_score": str(round(100 * float(mastery)))}})
    return json.dumps({"entry": "ab-initio", "learner_id": learner, "scaled_passing_score": mastery})


@pytest.mark.parametrize("folder", BOTH)
def test_the_lms_pass_mark_and_learner_are_the_pages(page, lms, quiz_module, folder: str) -> None:
    """The page's verdict follows the pass mark the LMS sets, not the built-in 75 %: at 100 %,
    one wrong answer fails on the page as in the LMS. On a PC shared by the learners of one
    LMS, each sees their own last result, not the one of the learner before."""
    max_ = len(quiz_module.quizzes[0].questions)
    assert (max_ - 1) / max_ >= 0.75  # passed at the built-in mark: the LMS's decides
    sco = launch(page, lms, folder, quiz_module.id, learner_launch(folder, "agent-a", "1"))
    answer_but(sco, 1)
    verdict = sco.locator(".ecole-quiz__resultat").first.inner_text()
    assert f"Il en faut {max_} pour réussir le quiz" in verdict and "quiz réussi" not in verdict
    page.wait_for_function(
        "stored && (stored['cmi.core.lesson_status'] === 'failed' || stored['cmi.success_status'] === 'failed')"
    )
    check_strict(page, folder)
    # the next learner, in the same browser: nothing of agent-a's
    sco = launch(page, lms, folder, quiz_module.id, learner_launch(folder, "agent-b", "0.75"))
    assert sco.locator(".ecole-quiz__precedent").count() == 0
    answer_but(sco, 1)
    assert "quiz réussi" in sco.locator(".ecole-quiz__resultat").first.inner_text()
    # agent-a again: their own last result
    sco = launch(page, lms, folder, quiz_module.id, learner_launch(folder, "agent-a", "1"))
    previous = sco.locator(".ecole-quiz__precedent").first
    previous.wait_for()
    assert f"{max_ - 1} bonnes réponses sur {max_}" in previous.inner_text()
    assert "réussi" not in previous.inner_text()
    keys = page.frame(url=re.compile(r"modules/")).evaluate("Object.keys(localStorage)")
    assert not [key for key in keys if "agent-" in key]  # the ids themselves stay out of the browser


@pytest.mark.parametrize("folder", BOTH)
def test_an_lms_that_answers_nothing(page, lms, quiz_module, folder: str) -> None:
    """An API whose every call answers nothing: the learner is told at once; the quiz works."""
    sco = launch(page, lms, folder, quiz_module.id, "{}", api="silent")
    sco.locator(".sco-avis__texte").filter(has_text="ne répond pas").wait_for(timeout=3000)
    answer_all(sco, correct=True)
    assert "quiz réussi" in sco.locator(".ecole-quiz__resultat").first.inner_text()


@pytest.mark.parametrize("width", [1280, 390])
def test_notice_and_terminer_pass_axe(browser, lms, quiz_module, built: BuildResult, width: int) -> None:
    """The SCO page with the notice shown, with « Terminer », and once terminated: axe-core finds nothing."""
    context = browser.new_context(viewport={"width": width, "height": 844}, locale="fr-FR")
    context.add_init_script(path=AXE)  # every frame, before its own scripts
    tab = context.new_page()
    found: dict[str, list[str]] = {}

    def check(sco, moment: str) -> None:
        frame = tab.frame(url=re.compile(r"modules/"))
        violations = frame.evaluate("options => axe.run(document, options).then(r => r.violations)", AXE_OPTIONS)
        found[moment] = describe(violations)
        assert frame.evaluate("document.documentElement.scrollWidth") <= width, moment

    try:
        sco = launch(tab, lms, "scorm12", quiz_module.id, "{}", api="silent")
        sco.locator(".sco-avis__texte").filter(has_text="ne répond pas").wait_for()
        check(sco, "avis")
        sco = launch(tab, lms, "scorm2004", quiz_module.id, initial(built, "scorm2004", quiz_module.id, quiz_module.id))
        check(sco, "Terminer")
        sco.get_by_role("button", name="Terminer").click()
        check(sco, "terminé")
        assert problems(tab) == []
    finally:
        context.close()
    assert found == {"avis": [], "Terminer": [], "terminé": []}
