// © 2026 les contributeurs de l'École de l'innovation publique — licence MIT (SPDX-License-Identifier: MIT).
// École de l'innovation publique — the attestation de suivi (markup: templates/site/kit_attestation.md).
//
// Loaded only on the attestation page. It writes the name the learner types into
// the document, dates each module marked done in this browser (window.ecole, from
// ecole.js) and hides the others, so that the printed page lists only modules
// really finished. The name is never stored: it lives in the field until the tab closes.
(() => {
  "use strict";

  const store = window.ecole;

  /** "6 h 30" as French typography writes durations (non-breaking spaces). */
  function duration(minutes) {
    const hours = Math.floor(minutes / 60);
    const rest = minutes % 60;
    if (hours === 0) return `${rest}\u00a0min`;
    return rest ? `${hours}\u00a0h\u00a0${String(rest).padStart(2, "0")}` : `${hours}\u00a0h`;
  }

  function render() {
    const root = document.querySelector(".ecole-attestation[data-modules]");
    if (!root || !store) return;
    const form = root.querySelector(".ecole-attestation__saisie");
    const message = root.querySelector(".ecole-attestation__message");
    const rows = [...root.querySelectorAll("tr[data-module]")];
    form.hidden = false;
    if (!store.available) {
      message.textContent =
        "Votre navigateur n'autorise pas l'enregistrement local\u00a0: aucune progression à reprendre. Imprimez la page et complétez-la à la main.";
      return;
    }
    const modules = store.progress().modules;
    let count = 0;
    let minutes = 0;
    rows.forEach((row) => {
      const done = modules[row.dataset.module];
      const when = done && typeof done.termine_le === "string" && !Number.isNaN(Date.parse(done.termine_le));
      // a module not finished is not on the attestation at all: hidden on screen and on paper
      row.hidden = !when;
      row.querySelector(".ecole-attestation__date").textContent = when ? store.dateText(done.termine_le) : "";
      if (when) {
        count += 1;
        minutes += Number(row.dataset.minutes) || 0;
      }
    });
    const whole = finishedPaths(root, (id) => Boolean(modules[id]?.termine_le));
    root.querySelector(".ecole-attestation__total").textContent = count
      ? `${count} module${count > 1 ? "s" : ""} terminé${count > 1 ? "s" : ""} sur ${rows.length}, soit ${duration(minutes)} de formation.` +
        (whole.length
          ? ` Parcours suivi${whole.length > 1 ? "s" : ""} en entier\u00a0: ${whole.map((title) => `«\u00a0${title}\u00a0»`).join(", ")}.`
          : "")
      : "";
    root.querySelector(".ecole-attestation__jour").textContent = store.dateText(new Date().toISOString());
    root.classList.toggle("ecole-attestation--vide", count === 0);
    message.textContent = count
      ? ""
      : "Aucun module n'est marqué comme terminé dans ce navigateur. Marquez vos modules terminés, ou importez votre progression depuis la page Ma progression.";
    showName(root);
  }

  // The titles of the paths whose every module is done: the longest first, and none that
  // another one finished holds whole with more modules (the whole cursus says it all); two
  // of the same modules are both named.
  function finishedPaths(root, done) {
    let paths = [];
    try {
      paths = JSON.parse(root.querySelector(".ecole-attestation__parcours")?.textContent || "[]");
    } catch {
      return [];
    }
    const finished = paths.filter((path) => path.modules.length && path.modules.every(done));
    finished.sort((a, b) => b.modules.length - a.modules.length);
    const kept = [];
    for (const path of finished) {
      const within = (other) => other.modules.length > path.modules.length && path.modules.every((id) => other.modules.includes(id));
      if (!kept.some(within)) kept.push(path);
    }
    return kept.map((path) => path.titre);
  }

  function showName(root) {
    const field = root.querySelector("#ecole-attestation-nom");
    const name = field.value.trim();
    const target = root.querySelector(".ecole-attestation__nom");
    target.textContent = name || "................................................................";
    target.classList.toggle("ecole-attestation__nom--vide", !name);
  }

  const NAME_FIRST = "Écrivez d'abord votre prénom et votre nom\u00a0: ils figureront sur l'attestation.";

  // the request for a name goes once a name is written (left there, it said the name was not
  // taken): the message about the modules comes back
  function nameGiven(root) {
    if (root.querySelector(".ecole-attestation__message").textContent === NAME_FIRST) render();
  }

  document.addEventListener("input", (event) => {
    const root = event.target.closest?.(".ecole-attestation");
    if (!root || event.target.id !== "ecole-attestation-nom") return;
    showName(root);
    if (event.target.value.trim()) nameGiven(root);
  });

  document.addEventListener("click", (event) => {
    if (!event.target.closest?.('.ecole-attestation [data-action="imprimer"]')) return;
    const field = document.getElementById("ecole-attestation-nom");
    if (!field.value.trim()) {
      field.focus();
      document.querySelector(".ecole-attestation__message").textContent = NAME_FIRST;
      return;
    }
    nameGiven(field.closest(".ecole-attestation"));
    window.print();
  });

  if (store) {
    store.onChange(render);
    store.onPage(render);
  }
})();
