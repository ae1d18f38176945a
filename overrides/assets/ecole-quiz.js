// © 2026 les contributeurs de l'École de l'innovation publique — licence MIT (SPDX-License-Identifier: MIT).
// École de l'innovation publique — self-check quizzes (markup: ecole/quiz_html.py).
//
// The form works with native radio buttons and checkboxes; this script only
// checks the answers, shows each relevant explanation with its verdict (and, for
// a wrong answer, the module's section to read again), and says the result in the
// form's live region. A passed quiz marks its module
// done, and an "ecole:quiz" event tells whoever listens (the SCORM runtime).
(() => {
  "use strict";

  const store = window.ecole;

  const rightAnswers = (score) => `${score} bonne${score > 1 ? "s" : ""} réponse${score > 1 ? "s" : ""}`;

  function isCorrect(input) {
    return input.dataset.correct === "true";
  }

  function explanationOf(input) {
    return document.getElementById(`${input.id}-explication`);
  }

  /** Unhide the buttons, drop the no-script answer key, show the last result. */
  function enhance() {
    document.querySelectorAll("form.ecole-quiz").forEach((form) => {
      if (form.dataset.ecolePret) return;
      form.dataset.ecolePret = "oui";
      form.querySelector(".ecole-quiz__corrige")?.remove();
      const actions = form.querySelector(".ecole-quiz__actions");
      if (actions) actions.hidden = false;
      const status = form.querySelector(".ecole-quiz__resultat");
      if (status) status.tabIndex = -1;
    });
    showPrevious();
  }

  function showPrevious() {
    document.querySelectorAll("form.ecole-quiz").forEach((form) => {
      const last = store.progress().quiz[form.id];
      let note = form.querySelector(".ecole-quiz__precedent");
      if (!last) {
        note?.remove();
        return;
      }
      if (!note) {
        note = document.createElement("p");
        note.className = "ecole-quiz__precedent";
        form.querySelector(".ecole-quiz__titre")?.after(note);
      }
      note.textContent =
        `Votre dernier résultat\u00a0: ${rightAnswers(last.score)} sur ${last.max}` +
        `${last.reussi ? ", quiz réussi" : ""} (${store.dateText(last.date)}).`;
    });
  }

  function clearQuestion(question) {
    question.classList.remove("ecole-question--juste", "ecole-question--fausse");
    question.querySelector(".ecole-question__bilan")?.remove();
    const review = question.querySelector(".ecole-question__revoir");
    if (review) review.hidden = true;
    question.setAttribute("aria-describedby", `${question.id}-aide`);
    question.querySelectorAll("input").forEach((input) => {
      input.removeAttribute("aria-describedby");
      const explanation = explanationOf(input);
      if (!explanation) return;
      explanation.hidden = true;
      explanation.classList.remove("ecole-explication--juste", "ecole-explication--fausse");
      explanation.querySelector(".ecole-explication__verdict").textContent = "";
    });
  }

  /** Mark one question; returns whether it was answered exactly right. */
  function markQuestion(question) {
    const multiple = question.dataset.multiple === "true";
    const inputs = [...question.querySelectorAll("input")];
    const right = inputs.every((input) => input.checked === isCorrect(input));
    const wrongTicked = inputs.some((input) => input.checked && !isCorrect(input));
    for (const input of inputs) {
      const explanation = explanationOf(input);
      // A missed right answer of a multiple-choice question teaches as much as a wrong one.
      const shown = input.checked || (multiple && isCorrect(input));
      explanation.hidden = !shown;
      if (!shown) continue;
      let verdict = isCorrect(input) ? "Bonne réponse." : "Réponse incorrecte.";
      if (!input.checked) verdict = "Bonne réponse, que vous n'avez pas cochée.";
      explanation.querySelector(".ecole-explication__verdict").textContent = verdict;
      explanation.classList.add(isCorrect(input) ? "ecole-explication--juste" : "ecole-explication--fausse");
      input.setAttribute("aria-describedby", explanation.id);
    }
    const summary = document.createElement("p");
    summary.className = "ecole-question__bilan";
    summary.id = `${question.id}-bilan`;
    const missed = inputs.filter((input) => isCorrect(input) && !input.checked).length;
    const missing = missed > 1 ? `${missed} bonnes réponses` : "une bonne réponse";
    summary.textContent = right ? "Juste." : wrongTicked ? "Faux." : `Incomplet\u00a0: il manquait ${missing}.`;
    question.querySelector(".ecole-question__aide").after(summary);
    // A wrong or incomplete answer points back to where the module teaches the point.
    const review = question.querySelector(".ecole-question__revoir");
    if (review) review.hidden = right;
    question.setAttribute("aria-describedby", `${question.id}-aide ${summary.id}`);
    question.classList.add(right ? "ecole-question--juste" : "ecole-question--fausse");
    return right;
  }

  function check(form) {
    const status = form.querySelector(".ecole-quiz__resultat");
    const questions = [...form.querySelectorAll(".ecole-question")];
    questions.forEach(clearQuestion);
    const unanswered = questions.filter((question) => !question.querySelector("input:checked"));
    status.classList.remove("ecole-quiz__resultat--reussi", "ecole-quiz__resultat--echoue");
    if (unanswered.length) {
      const numbers = unanswered.map((question) => questions.indexOf(question) + 1);
      const last = numbers.pop();
      status.textContent = numbers.length
        ? `Répondez aux questions ${numbers.join(", ")} et ${last} avant de vérifier.`
        : `Répondez à la question ${last} avant de vérifier.`;
      unanswered[0].querySelector("input").focus();
      return;
    }
    const score = questions.filter(markQuestion).length;
    const max = questions.length;
    const module = form.dataset.module;
    const result = store.recordQuiz(form.id, module, score, max);
    const passed = result.reussi;
    let message = `${rightAnswers(score)} sur ${max}`;
    if (passed) {
      // Every quiz of the module must be passed; there is usually one.
      const quizzes = [...document.querySelectorAll(`form.ecole-quiz[data-module="${module}"]`)];
      const allPassed = quizzes.every((quiz) => store.progress().quiz[quiz.id]?.reussi);
      if (allPassed) store.setDone(module, true);
      message += allPassed ? "\u00a0: quiz réussi. Le module est marqué comme terminé." : "\u00a0: quiz réussi.";
    } else {
      const needed = Math.ceil(store.passRatio() * max - 1e-9);
      message +=
        `. Il en faut ${needed} pour réussir le quiz\u00a0: lisez les explications, ` +
        "puis modifiez vos réponses ou choisissez «\u00a0Recommencer\u00a0».";
    }
    status.textContent = message;
    status.classList.add(passed ? "ecole-quiz__resultat--reussi" : "ecole-quiz__resultat--echoue");
    status.focus();
    document.dispatchEvent(
      new CustomEvent("ecole:quiz", { detail: { module, score, max, passed } }),
    );
  }

  document.addEventListener("submit", (event) => {
    const form = event.target.closest?.("form.ecole-quiz");
    if (!form) return;
    event.preventDefault();
    check(form);
  });

  // The reset event fires before the browser clears the answers.
  document.addEventListener("reset", (event) => {
    const form = event.target.closest?.("form.ecole-quiz");
    if (!form) return;
    form.querySelectorAll(".ecole-question").forEach(clearQuestion);
    const status = form.querySelector(".ecole-quiz__resultat");
    status.classList.remove("ecole-quiz__resultat--reussi", "ecole-quiz__resultat--echoue");
    status.textContent = "Réponses effacées\u00a0: vous pouvez recommencer le quiz.";
    setTimeout(() => form.querySelector(".ecole-question input")?.focus());
  });

  // A changed answer makes its question's verdict stale.
  document.addEventListener("change", (event) => {
    const question = event.target.closest?.("form.ecole-quiz .ecole-question");
    if (question?.querySelector(".ecole-question__bilan")) clearQuestion(question);
  });

  store.onChange(showPrevious);
  store.onPage(enhance);
})();
