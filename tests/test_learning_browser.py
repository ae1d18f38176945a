"""Quizzes and progress in a real browser: what a learner does, by mouse and by keyboard.

Every test drives the reference site built once per session; progress lives in
each browser context's own localStorage, so tests do not leak into each other.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from ecole.assembly.home import default_path
from ecole.assembly.typography import french
from ecole.build import BuildResult
from ecole.model.durations import format_minutes
from ecole.model.structure import Module

pytestmark = pytest.mark.browser

CHECK = "Vérifier mes réponses"
TOGGLE = ".ecole-terminer"
#: The module's state at its end (a live region) and the toggle's two actions.
STATE = ".ecole-terminer-etat"
MARK = "Marquer ce module comme terminé"
UNMARK = "Marquer comme non terminé"
DONE = "Terminé ✓"
UNDONE = "Ce module n'est plus marqué comme terminé."


@pytest.fixture(scope="module")
def first_module(built: BuildResult) -> Module:
    """The cursus' first module: it has a quiz, and every path starts with it."""
    module = built.curriculum.ordered_modules()[0]
    assert module.quizzes, "le premier module doit avoir un quiz"
    return module


def answer(page, question: int, correct: bool) -> None:
    """Tick the right answers of ``question``, or a wrong one."""
    fieldset = page.locator(".ecole-question").nth(question)
    wanted = "true" if correct else "false"
    choices = fieldset.locator(f'input[data-correct="{wanted}"]')
    for index in range(choices.count() if correct else 1):
        choices.nth(index).check()


def status(page) -> str:
    return page.locator(".ecole-quiz__resultat").first.inner_text()


def test_quiz_explains_wrong_answers_then_passes(page, site_url: str, first_module) -> None:
    page.goto(f"{site_url}{first_module.url}")
    quiz = page.locator("form.ecole-quiz").first
    assert quiz.locator(".ecole-quiz__corrige").count() == 0, "le corrigé sans script doit disparaître"
    page.evaluate(
        "document.addEventListener('ecole:quiz', e => { window.quizEvents = [...(window.quizEvents || []), e.detail] })"
    )
    questions = quiz.locator(".ecole-question")
    total = questions.count()

    page.get_by_role("button", name=CHECK).click()
    assert status(page).startswith("Répondez aux questions 1, 2")
    assert page.evaluate("document.activeElement.id").endswith("-q1-c1")

    multiple = [i for i in range(total) if questions.nth(i).get_attribute("data-multiple") == "true"]
    for index in range(total):
        if index in multiple:
            questions.nth(index).locator('input[data-correct="true"]').first.check()  # one right answer missed
        else:
            answer(page, index, correct=False)
    page.get_by_role("button", name=CHECK).click()
    assert status(page).startswith(f"0 bonne réponse sur {total}. Il en faut {-(-3 * total // 4)} pour réussir")
    assert page.evaluate("document.activeElement.classList.contains('ecole-quiz__resultat')")
    assert quiz.locator(".ecole-question--fausse").count() == total
    shown = quiz.locator(".ecole-explication:visible")
    assert shown.count() >= total
    assert quiz.locator(".ecole-explication:visible", has_text="Réponse incorrecte.").count() == total - len(multiple)
    if multiple:
        missed = quiz.locator(".ecole-explication:visible", has_text="Bonne réponse, que vous n'avez pas cochée.")
        assert missed.count() >= len(multiple)
        for index in multiple:  # the summary counts the right answers left unticked
            left = questions.nth(index).locator('input[data-correct="true"]').count() - 1
            missing = f"{left} bonnes réponses" if left > 1 else "une bonne réponse"
            bilan = questions.nth(index).locator(".ecole-question__bilan")
            assert bilan.inner_text() == f"Incomplet\u00a0: il manquait {missing}."
    expect(page.locator(TOGGLE)).to_have_text(MARK)
    # each wrong question points back to the module's section that teaches it
    reviews = quiz.locator(".ecole-question__revoir:visible")
    assert reviews.count() == total
    first_section = first_module.questions[0].section
    link = reviews.first.get_by_role("link")
    assert link.get_attribute("href") == f"#{first_section.anchor}"
    assert page.locator(f'[id="{first_section.anchor}"]').count() == 1

    page.get_by_role("button", name="Recommencer").click()
    assert quiz.locator(".ecole-explication:visible").count() == 0
    assert quiz.locator(".ecole-question__revoir:visible").count() == 0
    assert quiz.locator("input:checked").count() == 0
    assert status(page) == "Réponses effacées\u00a0: vous pouvez recommencer le quiz."

    for index in range(total):
        answer(page, index, correct=True)
    page.get_by_role("button", name=CHECK).click()
    assert (
        status(page) == f"{total} bonnes réponses sur {total}\u00a0: quiz réussi. Le module est marqué comme terminé."
    )
    assert quiz.locator(".ecole-explication:visible", has_text="Bonne réponse.").count() >= total
    assert quiz.locator(".ecole-question__revoir:visible").count() == 0  # nothing to read again
    expect(page.locator(TOGGLE)).to_have_text(UNMARK)
    events = page.evaluate("window.quizEvents")
    assert events[-1] == {"module": first_module.id, "score": total, "max": total, "passed": True}
    assert events[0]["passed"] is False

    page.reload()
    assert "quiz réussi" in page.locator(".ecole-quiz__precedent").first.inner_text()


def test_quiz_by_keyboard_alone(page, site_url: str, first_module) -> None:
    page.goto(f"{site_url}{first_module.url}")
    questions = page.locator("form.ecole-quiz").first.locator(".ecole-question")
    total = questions.count()

    def tab_to(selector: str) -> None:
        for _ in range(30):
            page.keyboard.press("Tab")
            if page.evaluate("s => document.activeElement.matches(s)", selector):
                return
        raise AssertionError(f"Tab n'atteint pas {selector}")

    page.locator(".ecole-quiz__titre").first.click()  # Tab starts from here, as after reading the title
    for index in range(total):
        question = questions.nth(index)
        qid = question.get_attribute("id")
        rights = [
            question.locator("input").nth(i).get_attribute("data-correct") == "true"
            for i in range(question.locator("input").count())
        ]
        if question.get_attribute("data-multiple") == "true":
            for number, right in enumerate(rights, start=1):
                tab_to(f"#{qid}-c{number}")
                if right:
                    page.keyboard.press("Space")
        else:
            tab_to(f"#{qid} input")
            target = rights.index(True)
            page.keyboard.press("Space" if target == 0 else "ArrowDown")
            for _ in range(target - 1):
                page.keyboard.press("ArrowDown")
    tab_to("button[type=submit]")
    page.keyboard.press("Enter")
    assert status(page).startswith(f"{total} bonnes réponses sur {total}\u00a0: quiz réussi")

    tab_to(TOGGLE)
    page.keyboard.press("Space")  # the passed quiz left one action: « Marquer comme non terminé »
    expect(page.locator(TOGGLE)).to_have_text(MARK)
    expect(page.locator(STATE)).to_have_text(UNDONE)


def test_the_toggle_stays_readable_once_clicked(page, site_url: str, built: BuildResult) -> None:
    """Clicked, the outlined toggle keeps the focus and, on a phone, the hover: its text
    must still differ from its background (it was white on white)."""
    module = built.curriculum.ordered_modules()[2]
    page.goto(f"{site_url}{module.url}")
    toggle = page.locator(TOGGLE)
    toggle.hover()
    toggle.click()
    expect(toggle).to_have_text(UNMARK)
    colours = toggle.evaluate("b => { const s = getComputedStyle(b); return [s.color, s.backgroundColor] }")
    assert colours[0] != colours[1], colours


def test_a_path_page_leads_in_then_to_the_attestation(page, site_url: str, built: BuildResult) -> None:
    """A path's page starts its first module; once every module of it is done, it leads to
    the attestation rather than to its first module again."""
    path = next(p for p in built.curriculum.learning_paths if p.id == "agents")
    first = built.curriculum.modules[path.modules[0]]
    page.goto(f"{site_url}{path.url}")
    start = page.get_by_role("link", name="Commencer ce parcours")
    expect(start).to_be_visible()
    assert start.get_attribute("href").endswith(first.url)
    expect(page.locator(".ecole-depart__attestation")).to_be_hidden()
    progress = {"modules": {m: {"termine_le": "2026-11-02T12:00:00.000Z"} for m in path.modules}, "quiz": {}}
    page.evaluate("p => localStorage.setItem('/ecole:v1:progression', JSON.stringify(p))", progress)
    page.reload()
    attestation = page.locator(".ecole-depart__attestation")
    expect(attestation).to_be_visible()
    expect(start).to_be_hidden()
    attestation.click()
    expect(page).to_have_url(re.compile(r"kit/attestation/$"))


def test_a_path_started_from_its_page_leads_on_in_that_path(page, site_url: str, built: BuildResult) -> None:
    """The agents' path ends with a module the cursus follows with one the path does not have:
    a learner who started that path goes on in it, then to her attestation."""
    curriculum = built.curriculum
    path = next(p for p in curriculum.learning_paths if p.id == "agents")
    second, last = (curriculum.modules[m] for m in (path.modules[1], path.modules[-1]))
    assert curriculum.next_module(last) is not None, "the path's last module is not the cursus's"
    page.goto(f"{site_url}{path.url}")
    page.get_by_role("link", name="Commencer ce parcours").click()
    # playwright compares text with its spaces normalised: the no-break ones inside « » too
    expect(page.locator(".ecole-suite__suivant")).to_contain_text(f"dans « {path.title} »")
    expect(page.locator(".ecole-suite__suivant a")).to_have_attribute("href", re.compile(re.escape(second.url) + "$"))
    page.goto(f"{site_url}{last.url}")
    expect(page.locator(".ecole-suite__suivant a")).to_have_text("Voir les modules qu'il vous reste")
    progress = {"modules": {m: {"termine_le": "2026-11-02T12:00:00.000Z"} for m in path.modules}, "quiz": {}}
    page.evaluate("p => localStorage.setItem('/ecole:v1:progression', JSON.stringify(p))", progress)
    page.reload()
    expect(page.locator(".ecole-suite__suivant a")).to_have_text("Obtenir mon attestation")
    page.locator(".ecole-suite__suivant a").click()
    expect(page).to_have_url(re.compile(r"kit/attestation/$"))


def test_my_progress_shows_the_path_the_learner_started_first(page, site_url: str, built: BuildResult) -> None:
    """An agent following the eight modules of her path read « 1 / 17 modules, il reste 38 h 30 »
    at the top of « Ma progression »: her path comes first, with its progress and « Reprendre »."""
    curriculum = built.curriculum
    path = next(p for p in curriculum.learning_paths if p.id == "agents")
    page.goto(f"{site_url}progression/")
    expect(page.locator(".ecole-depart__parcours")).to_contain_text("Parcours conseillé")
    page.goto(f"{site_url}{path.url}")
    page.get_by_role("link", name="Commencer ce parcours").click()
    page.locator(TOGGLE).click()
    page.goto(f"{site_url}progression/")
    expect(page.locator(".ecole-depart__parcours")).to_contain_text(f"Votre parcours : {path.title}")
    texts = page.locator(".ecole-progression__texte")
    expect(texts.first).to_contain_text(f"1 / {len(path.modules)} modules")
    expect(texts.nth(1)).to_contain_text(f"1 / {len(curriculum.modules)} modules")
    second = curriculum.modules[path.modules[1]]
    expect(page.locator(".ecole-reprendre")).to_have_attribute("href", re.compile(re.escape(second.url) + "$"))


def test_the_home_page_names_the_path_the_learner_started(page, site_url: str, built: BuildResult) -> None:
    """A learner who started the agents' path from its page finds it on the home page, with its
    progress and where to resume in it, rather than the whole cursus the site recommends."""
    curriculum = built.curriculum
    path = next(p for p in curriculum.learning_paths if p.id == "agents")
    progress = {"modules": {m: {"termine_le": "2026-11-02T12:00:00.000Z"} for m in path.modules[:2]}, "quiz": {}}
    page.goto(site_url)
    page.evaluate("p => localStorage.setItem('/ecole:v1:progression', JSON.stringify(p))", progress)
    page.evaluate("() => localStorage.setItem('/ecole:v1:parcours', JSON.stringify('agents'))")
    page.reload()
    entrance = page.locator(".ecole-depart").first
    expect(entrance.locator(".ecole-depart__parcours")).to_contain_text(
        f"Votre parcours : {path.title}, {len(path.modules)} modules"
    )
    expect(entrance.locator(".ecole-progression__texte")).to_contain_text(f"2 / {len(path.modules)} modules")
    third = curriculum.modules[path.modules[2]]
    expect(entrance.locator(".ecole-reprendre")).to_have_attribute("href", re.compile(re.escape(third.url) + "$"))
    # a module seen last outside the path is not where she resumes it
    outside = next(m for m in curriculum.ordered_modules() if m.id not in path.modules)
    visit = {"module": outside.id, "adresse": outside.url, "titre": outside.title, "date": "2026-11-03T12:00:00.000Z"}
    page.evaluate("v => localStorage.setItem('/ecole:v1:derniere-visite', JSON.stringify(v))", visit)
    page.reload()
    expect(entrance.locator(".ecole-reprendre")).to_have_attribute("href", re.compile(re.escape(third.url) + "$"))


def test_the_themes_next_link_follows_the_learners_path(page, site_url: str, built: BuildResult) -> None:
    """Where a path skips modules of the cursus, the theme's « Suivant » at the foot of the
    page leads where the module's « Module suivant » does, once the path is started."""
    curriculum = built.curriculum
    path, module, following = next(
        (p, curriculum.modules[a], curriculum.modules[b])
        for p in curriculum.learning_paths
        if not p.schedule
        for a, b in zip(p.modules, p.modules[1:], strict=False)
        if curriculum.next_module(curriculum.modules[a]) is not curriculum.modules[b]
    )
    page.goto(f"{site_url}{path.url}")
    page.get_by_role("link", name="Commencer ce parcours").click()
    page.goto(f"{site_url}{module.url}")
    expect(page.locator(".md-footer__link--next")).to_have_attribute("href", re.compile(re.escape(following.url) + "$"))
    expect(page.locator(".md-footer__link--next")).to_contain_text(following.title)


def test_marked_module_shows_everywhere_and_survives_a_reload(page, site_url: str, built: BuildResult) -> None:
    curriculum = built.curriculum
    module = curriculum.ordered_modules()[1]
    count = len(curriculum.modules)
    page.goto(f"{site_url}modules/")
    assert page.locator(".ecole-progression__texte").inner_text().startswith(f"0 / {count} modules, ")

    page.goto(f"{site_url}{module.url}")
    page.get_by_role("button", name=MARK).click()
    expect(page.locator(STATE)).to_have_text(DONE)
    page.reload()
    expect(page.get_by_role("button", name=UNMARK)).to_be_visible()
    expect(page.locator(STATE)).to_have_text(DONE)
    assert "Vous avez terminé ce module le" in page.locator(".ecole-progression-module").inner_text()

    page.goto(f"{site_url}modules/")
    remaining = curriculum.total_minutes - module.duration
    expected = f"1 / {count} modules, il reste {format_minutes(remaining)}"
    assert page.locator(".ecole-progression__texte").inner_text() == expected
    assert page.locator(f'.ecole-statut[data-module="{module.id}"]').inner_text() == "Terminé"
    assert page.locator(".ecole-progression progress").evaluate("bar => [bar.value, bar.max]") == [1, count]

    page.goto(f"{site_url}parcours/cursus-complet/")
    assert page.locator(f'td .ecole-statut[data-module="{module.id}"]').inner_text() == "Terminé"
    assert page.locator(".ecole-statut", has_text="Pas encore terminé").count() == count - 1

    # The module last seen is done: « Reprendre » goes on with the next one of the
    # recommended path, in place of « Commencer ».
    page.goto(site_url)
    recommended = default_path(curriculum).modules
    following = curriculum.modules[recommended[recommended.index(module.id) + 1]]
    resume = page.get_by_role("link", name=re.compile("^Reprendre"))
    expect(resume).to_have_text(f"Reprendre\u00a0: {french(following.title)}")
    expect(page.get_by_role("link", name="Commencer", exact=True)).to_be_hidden()
    resume.click()
    assert page.url == f"{site_url}{following.url}"

    storage = page.evaluate("Object.keys(localStorage)")
    assert storage and all(key.startswith("/ecole:v1:") for key in storage), storage
    assert page.context.cookies() == []


def test_export_import_and_reset(page, browser, site_url: str, built: BuildResult, tmp_path: Path) -> None:
    done = [m.id for m in built.curriculum.ordered_modules()[:2]]
    for module_id in done:
        page.goto(f"{site_url}modules/{module_id}/")
        page.locator(TOGGLE).click()
    page.goto(f"{site_url}progression/")
    with page.expect_download() as download:
        page.get_by_role("button", name="Exporter ma progression").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert data["format"] == "ecole-progression" and data["version"] == 1
    assert sorted(data["modules"]) == sorted(done)
    assert saved.stat().st_size < 2000

    other = browser.new_context(viewport={"width": 390, "height": 844}, locale="fr-FR")
    errors: list[str] = []
    try:
        fresh = other.new_page()
        fresh.on("pageerror", lambda error: errors.append(str(error)))
        fresh.goto(f"{site_url}progression/")
        message = fresh.locator(".ecole-outils__message")

        damaged = tmp_path / "abime.json"
        damaged.write_text("{ pas du JSON", encoding="utf-8")
        fresh.locator("#ecole-import").set_input_files(damaged)
        # Reading the file is asynchronous: expect() waits for the message.
        expect(message).to_contain_text("Import impossible\u00a0: ce fichier n'est pas au format JSON.")
        foreign = tmp_path / "autre.json"
        foreign.write_text(json.dumps({"format": "autre", "version": 1}), encoding="utf-8")
        fresh.locator("#ecole-import").set_input_files(foreign)
        expect(message).to_contain_text("n'est pas une progression exportée depuis ce site")
        wrong_date = tmp_path / "date.json"
        wrong_date.write_text(json.dumps({**data, "modules": {done[0]: {"termine_le": "hier"}}}), encoding="utf-8")
        fresh.locator("#ecole-import").set_input_files(wrong_date)
        expect(message).to_contain_text(f"module « {done[0]} » : la date « termine_le » manque")
        assert fresh.locator(".ecole-statut--termine").count() == 0

        fresh.locator("#ecole-import").set_input_files(saved)
        expect(message).to_contain_text(
            f"Progression importée depuis «\u00a0{saved.name}\u00a0»\u00a0: 2 modules terminés"
        )
        assert fresh.locator(".ecole-statut--termine").count() == 2
        fresh.goto(f"{site_url}modules/")
        assert fresh.locator(".ecole-progression__texte").inner_text().startswith("2 / ")

        fresh.goto(f"{site_url}progression/")
        fresh.once("dialog", lambda dialog: dialog.accept())
        fresh.get_by_role("button", name="Effacer ma progression").click()
        assert message.inner_text() == "Votre progression est effacée de ce navigateur."
        assert fresh.locator(".ecole-statut--termine").count() == 0
        assert fresh.evaluate("Object.keys(localStorage)") == []
    finally:
        other.close()
    assert not errors, f"erreurs JavaScript : {errors}"


def test_without_javascript_the_quiz_still_teaches(browser, site_url: str, first_module) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto(f"{site_url}{first_module.url}")
        assert not tab.get_by_role("button", name=CHECK).is_visible()
        assert not tab.locator(TOGGLE).is_visible()
        tab.get_by_text("Voir le corrigé").first.click()
        assert tab.locator(".ecole-quiz__corrige li", has_text="Bonne réponse").first.is_visible()
        assert tab.locator(".ecole-quiz__corrige", has_text="Pour revoir ce point").first.is_visible()
        tab.goto(f"{site_url}modules/")
        assert not tab.locator(".ecole-progression").is_visible()
    finally:
        context.close()


def test_passed_quiz_leaves_only_the_undo_action(page, site_url: str, first_module) -> None:
    page.goto(f"{site_url}{first_module.url}")
    expect(page.get_by_role("button", name=MARK)).to_be_visible()
    expect(page.locator(STATE)).to_be_empty()
    assert page.locator(STATE).get_attribute("role") == "status"  # changes are announced

    questions = page.locator("form.ecole-quiz").first.locator(".ecole-question")
    for index in range(questions.count()):
        answer(page, index, correct=True)
    page.get_by_role("button", name=CHECK).click()
    assert "quiz réussi" in status(page)

    # Done: the state says so, and the only action left undoes it, by its own name.
    expect(page.locator(STATE)).to_have_text(DONE)
    expect(page.locator(STATE)).to_be_visible()
    expect(page.get_by_role("button", name=MARK)).to_have_count(0)
    undo = page.get_by_role("button", name=UNMARK)
    expect(undo).to_be_visible()
    assert page.locator(STATE).locator("[aria-hidden=true]").inner_text().strip() == "✓"

    undo.click()
    expect(page.locator(STATE)).to_have_text(UNDONE)
    expect(page.locator(STATE)).to_be_visible()
    expect(page.get_by_role("button", name=UNMARK)).to_have_count(0)
    expect(page.get_by_role("button", name=MARK)).to_be_visible()
    assert not page.evaluate(f"window.ecole.isDone({first_module.id!r})")
    assert page.locator(".ecole-progression-module").inner_text().startswith("Dernier résultat au quiz")

    page.reload()  # a later visit: nothing to announce, the module is still not done
    expect(page.locator(STATE)).to_be_empty()
    expect(page.get_by_role("button", name=MARK)).to_be_visible()


#: A duration written as a clock (« 40:00 », « 38:30 restantes »), where the site writes « 40 h ».
CLOCK = re.compile(r"(?<![\d:.,/])\d{1,3}:\d{2}(?![\d:])")
#: Elements whose text is not prose: code, and real times of day in <time>.
NOT_PROSE = re.compile(r"<(code|pre|script|style|time|svg|kbd|samp)\b.*?</\1>", re.DOTALL)


def clock_durations(html: str) -> list[str]:
    text = re.sub(r"<[^>]+>", " ", NOT_PROSE.sub(" ", html))
    return [found.group() for found in CLOCK.finditer(text)]


def test_clock_durations_are_found() -> None:
    # the scans below would pass with a pattern that finds nothing: show it finds what the site wrote
    assert clock_durations("<p>Cursus complet (40:00), 38:30 restantes</p>") == ["40:00", "38:30"]
    assert clock_durations("<p>1 h 30</p><code>10:30</code><time>10:30</time>") == []


def test_no_clock_duration_in_any_built_page(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 50
    found = {str(p.relative_to(site)): hits for p in pages if (hits := clock_durations(p.read_text(encoding="utf-8")))}
    assert found == {}


def test_no_clock_duration_rendered_with_progress(page, site_url: str, built: BuildResult) -> None:
    modules = built.curriculum.ordered_modules()
    page.goto(f"{site_url}{modules[0].url}")
    page.get_by_role("button", name=MARK).click()
    page.goto(f"{site_url}{modules[2].url}")
    page.get_by_role("button", name=MARK).click()
    left = built.curriculum.total_minutes - modules[0].duration - modules[2].duration
    for address in ("", "progression/", "modules/", "parcours/cursus-complet/"):
        page.goto(f"{site_url}{address}")
        texts = page.locator(".ecole-progression__texte")
        expect(texts.first).to_be_visible()
        assert CLOCK.findall(page.locator("body").inner_text()) == [], address
        if address:  # pages that follow the whole cursus
            assert f"il reste {format_minutes(left)}" in texts.first.inner_text(), address
