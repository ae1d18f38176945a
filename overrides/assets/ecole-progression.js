// © 2026 les contributeurs de l'École de l'innovation publique — licence MIT (SPDX-License-Identifier: MIT).
// École de l'innovation publique — progress on the pages (markup: ecole/pages.py).
//
// Fills the placeholders the build leaves hidden: progress bars of the
// catalogue, paths and home page, "Terminé" marks, the module's toggle button,
// the home page's « Commencer » or « Reprendre », and the tools of "Ma progression"
// (export, import, reset). Without script none of these show.
(() => {
  "use strict";

  const store = window.ecole;

  function splitList(text) {
    return text ? text.split(",") : [];
  }

  /** The URL of a page's address from the site's root: opened from files (the offline
   * copy), a folder's address must name its page. */
  function pageUrl(address) {
    const page = location.protocol === "file:" && address.endsWith("/") ? "index.html" : "";
    return store.url(address + page);
  }

  function pageLink(text, address) {
    return Object.assign(document.createElement("a"), { href: pageUrl(address), textContent: text });
  }

  function renderBars() {
    document.querySelectorAll(".ecole-progression[data-modules]").forEach(renderBar);
  }

  function renderBar(block) {
    const modules = splitList(block.dataset.modules);
    const minutes = splitList(block.dataset.durees).map(Number);
    const text = block.querySelector(".ecole-progression__texte");
    const bar = block.querySelector("progress");
    block.hidden = false;
    if (!store.available) {
      bar.hidden = true;
      text.textContent = "Votre navigateur n'autorise pas l'enregistrement local\u00a0: la progression n'est pas conservée.";
      return;
    }
    const done = modules.filter((module) => store.isDone(module)).length;
    const left = modules.reduce((sum, module, index) => sum + (store.isDone(module) ? 0 : minutes[index] || 0), 0);
    bar.max = modules.length;
    bar.value = done;
    bar.setAttribute("aria-label", "Modules terminés");
    const unit = modules.length > 1 ? "modules" : "module";
    text.textContent =
      done === modules.length
        ? `${done} / ${modules.length} ${unit}\u00a0: tout est terminé, bravo\u202f!`
        : `${done} / ${modules.length} ${unit}, il reste ${store.durationText(left)}`;
  }

  function renderMarks() {
    document.querySelectorAll(".ecole-statut[data-module]").forEach((mark) => {
      const done = store.isDone(mark.dataset.module);
      mark.classList.toggle("ecole-statut--termine", done);
      if (done) {
        mark.textContent = "Terminé";
      } else if (mark.closest("td")) {
        mark.replaceChildren(...dashFor("Pas encore terminé"));
      } else {
        mark.textContent = "";
      }
    });
    document.querySelectorAll(".ecole-score[data-module]").forEach((cell) => {
      const results = store.quizResults(cell.dataset.module);
      if (results.length) {
        cell.textContent = results.map((result) => `${result.score} / ${result.max}`).join(", ");
        return;
      }
      cell.replaceChildren(...dashFor("Pas encore de résultat"));
    });
  }

  // An empty cell: a lone dash says nothing to a screen reader, so it hears words
  // instead; the dash is for the eye, and a phone's card layout leaves it out
  // (ecole.css, « Quiet pages »).
  function dashFor(words) {
    const dash = Object.assign(document.createElement("span"), { textContent: "—" });
    dash.setAttribute("aria-hidden", "true");
    const spoken = Object.assign(document.createElement("span"), { className: "md-visually-hidden", textContent: words });
    return [dash, spoken];
  }

  // The module the learner has just marked as not done on this page: its state says so
  // (never a silent undo), until the page changes.
  let undone = null;

  // A done module shows « Terminé ✓ » and offers the opposite action, named as such: the
  // button's words say what a click does (no aria-pressed, whose label must not change).
  function renderModule() {
    document.querySelectorAll(".ecole-terminer[data-module]").forEach((button) => {
      const done = store.isDone(button.dataset.module);
      button.hidden = !store.available;
      button.textContent = done ? "Marquer comme non terminé" : "Marquer ce module comme terminé";
      button.classList.toggle("ecole-terminer--annuler", done);
    });
    document.querySelectorAll(".ecole-terminer-etat[data-module]").forEach((state) => {
      const module = state.dataset.module;
      const done = store.isDone(module);
      const shown = !store.available ? "" : done ? "termine" : undone === module ? "annule" : "";
      if (state.dataset.etat === shown) return; // unchanged: a live region would speak again
      state.dataset.etat = shown;
      state.classList.toggle("ecole-terminer-etat--termine", shown === "termine");
      if (shown === "termine") {
        const tick = Object.assign(document.createElement("span"), { textContent: " ✓" });
        tick.setAttribute("aria-hidden", "true");
        state.replaceChildren("Terminé", tick);
      } else {
        state.textContent = shown === "annule" ? "Ce module n'est plus marqué comme terminé." : "";
      }
    });
    document.querySelectorAll(".ecole-progression-module[data-module]").forEach((line) => {
      const module = line.dataset.module;
      const done = store.progress().modules[module];
      const parts = [];
      if (done) parts.push(`Vous avez terminé ce module le ${store.dateText(done.termine_le)}.`);
      for (const result of store.quizResults(module)) {
        parts.push(`Dernier résultat au quiz\u00a0: ${result.score} sur ${result.max}.`);
      }
      line.textContent = parts.join(" ");
      line.classList.toggle("ecole-progression-module--termine", Boolean(done));
      line.hidden = parts.length === 0;
    });
  }

  // --- A module's way on, in the path the learner started ----------------------------

  /** The footer's « Module suivant » names the cursus's next module; a learner who started
   * a path from its page (store.currentPath) goes on in that path instead: its next module,
   * or, at its end, the attestation once every module of it is done, else the path's page. */
  function renderOnward() {
    const source = document.querySelector(".ecole-suite__parcours");
    const line = document.querySelector(".ecole-suite__suivant");
    const id = store.available ? store.currentPath() : null;
    if (!source || !line || !id) return;
    let data;
    try {
      data = JSON.parse(source.textContent);
    } catch {
      return;
    }
    const path = data.parcours?.[id];
    if (!path) return; // this module is not in the learner's path: the cursus's order stands
    const name = `«\u00a0${path.titre}\u00a0»`;
    const strong = (text) => Object.assign(document.createElement("strong"), { textContent: text });
    if (path.suivant) {
      line.replaceChildren(strong("Module suivant"), ` dans ${name}\u00a0: `, pageLink(path.suivant.titre, path.suivant.adresse));
      followInFooter(path.suivant);
    } else if (path.modules.every((module) => store.isDone(module))) {
      line.replaceChildren(strong(`${name}\u00a0: parcours terminé.`), " ", pageLink("Obtenir mon attestation", data.attestation));
    } else {
      line.replaceChildren(strong(`Dernier module de ${name}.`), " ", pageLink("Voir les modules qu'il vous reste", path.adresse));
    }
  }

  /** The theme's « Suivant » at the foot of the page follows the cursus's order: in a path,
   * it leads where the module's own « Module suivant » does, or the two would disagree. */
  function followInFooter(next) {
    const link = document.querySelector(".md-footer__link--next");
    const title = link?.querySelector(".md-ellipsis");
    if (!link || !title) return;
    link.href = pageUrl(next.adresse);
    link.setAttribute("aria-label", `Suivant\u00a0: ${next.titre}`);
    title.textContent = next.titre;
  }

  // --- Home page: « Commencer » or « Reprendre » -------------------------------------

  /** Where a returning learner goes on: the module last seen, if not done yet; otherwise
   * the next one not done after it, in the recommended path if it holds that module, else
   * in the cursus order (the learner chose another path), around to the start. None for
   * a first visit, or when everything is done. */
  function nextModule(data, visit) {
    const modules = new Map(data.modules.map((module) => [module.id, module]));
    const seen = visit && modules.has(visit.module) ? visit.module : null;
    const anyDone = data.modules.some((module) => store.isDone(module.id));
    if (!seen && !anyDone) return null;
    if (seen && !store.isDone(seen)) return { ...modules.get(seen), adresse: visit.adresse };
    const order = !seen || data.parcours.includes(seen) ? data.parcours : data.modules.map((module) => module.id);
    const from = seen ? order.indexOf(seen) + 1 : 0;
    const rotated = [...order.slice(from), ...order.slice(0, from)];
    const next = rotated.find((id) => modules.has(id) && !store.isDone(id));
    return next ? modules.get(next) : null;
  }

  function renderHome() {
    // Each path card's own bar (renderBars showed them all): a returning learner sees how
    // far each path they began has got; a first visit sees no row of empty bars, and a
    // browser that keeps nothing, one message at the top rather than one per card.
    document.querySelectorAll(".ecole-cartes-parcours .ecole-progression[data-modules]").forEach((card) => {
      card.hidden = !store.available || !splitList(card.dataset.modules).some((id) => store.isDone(id));
    });
    document.querySelectorAll(".ecole-depart").forEach((block) => {
      const start = block.querySelector(".ecole-depart__commencer");
      const resume = block.querySelector(".ecole-reprendre");
      const source = block.querySelector(".ecole-depart__donnees");
      if (!start || !resume || !source) return;
      let data;
      try {
        data = JSON.parse(source.textContent);
      } catch {
        return; // « Commencer » still works
      }
      // The home page names the path the learner started from its page, if not the one it recommends.
      const chosen = block.dataset.parcours ? null : data.choix?.[store.currentPath()];
      if (chosen) {
        // resume in that path only: a module seen outside it is not where the learner goes on
        data = { ...data, parcours: chosen.modules, modules: data.modules.filter((module) => chosen.modules.includes(module.id)) };
        showChosenPath(block, chosen, data);
      }
      // Every module of the path done: the way on is the attestation, not its first module again.
      const attestation = block.querySelector(".ecole-depart__attestation");
      const finished = store.available && data.parcours.length > 0 && data.parcours.every((id) => store.isDone(id));
      if (attestation) attestation.hidden = !finished;
      const next = store.available && !finished ? nextModule(data, store.lastVisit()) : null;
      // One primary action: « Reprendre » replaces « Commencer » for a returning learner.
      resume.hidden = !next;
      start.hidden = Boolean(next) || (finished && Boolean(attestation));
      // An empty bar says nothing to a first visit: the path's progress shows once begun
      // (renderBars, which ran before, filled it in).
      const bar = block.querySelector(".ecole-progression");
      if (bar && !data.parcours.some((id) => store.isDone(id))) bar.hidden = true;
      if (!next) return;
      resume.href = pageUrl(next.adresse);
      resume.replaceChildren("Reprendre", Object.assign(document.createElement("span"), {
        className: "ecole-reprendre__titre",
        textContent: `\u00a0: ${next.titre}`,
      }));
    });
  }

  /** The home page's entrance about the learner's own path: its name and size, its first
   * module behind « Commencer », its progress bar. */
  function showChosenPath(block, chosen, data) {
    const sentence = block.querySelector(".ecole-depart__parcours");
    if (sentence) {
      const name = document.createElement("strong");
      name.append(pageLink(chosen.titre, chosen.adresse));
      sentence.replaceChildren("Votre parcours\u00a0: ", name, `, ${chosen.faits}.`);
    }
    const first = data.modules.find((module) => module.id === chosen.modules[0]);
    const start = block.querySelector(".ecole-depart__commencer");
    if (first && start) start.href = pageUrl(first.adresse);
    const bar = block.querySelector(".ecole-progression[data-modules]");
    if (bar) {
      bar.dataset.modules = chosen.modules.join(",");
      bar.dataset.durees = chosen.durees.join(",");
      renderBar(bar);
    }
  }

  function recordVisit() {
    const button = document.querySelector(".ecole-terminer[data-module]");
    if (!button) return;
    const title = document.querySelector(".md-content h1")?.textContent.trim() || document.title;
    store.setLastVisit(button.dataset.module, title);
  }

  // --- "Ma progression": export, import, reset ---------------------------------

  function say(tools, text, failed = false) {
    const message = tools.querySelector(".ecole-outils__message");
    message.classList.toggle("ecole-outils__message--erreur", failed);
    message.textContent = text;
  }

  function knownModules() {
    const block = document.querySelector(".ecole-outils[data-modules]");
    return block ? new Set(splitList(block.dataset.modules)) : null;
  }

  function exportProgress(tools) {
    const data = store.exportData();
    const blob = new Blob([`${JSON.stringify(data, null, 2)}\n`], { type: "application/json" });
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = `progression-${data.exporte_le.slice(0, 10)}.json`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
    const count = Object.keys(data.modules).length;
    say(tools, `Fichier «\u00a0${link.download}\u00a0» enregistré dans vos téléchargements (${count} module${count > 1 ? "s" : ""} terminé${count > 1 ? "s" : ""}).`);
  }

  async function importProgress(tools, input) {
    const file = input.files?.[0];
    if (!file) return;
    try {
      const { modules, quizzes, skipped } = store.importText(await file.text(), knownModules());
      let text =
        `Progression importée depuis «\u00a0${file.name}\u00a0»\u00a0: ${modules} module${modules > 1 ? "s" : ""} ` +
        `terminé${modules > 1 ? "s" : ""}, ${quizzes} résultat${quizzes > 1 ? "s" : ""} de quiz.`;
      if (skipped.length) {
        text += ` Ignorés car absents de ce site\u00a0: ${skipped.join(", ")}.`;
      }
      say(tools, text);
    } catch (error) {
      if (!(error instanceof store.ImportError)) throw error;
      say(tools, `Import impossible\u00a0: ${error.message} Votre progression actuelle n'a pas changé.`, true);
    } finally {
      input.value = ""; // choosing the same file again must trigger a new import
    }
  }

  function resetProgress(tools) {
    const sure = window.confirm(
      "Effacer votre progression sur ce site (modules terminés, résultats des quiz, dernier module consulté)\u202f? " +
        "Pensez à l'exporter d'abord si vous voulez la garder.",
    );
    if (!sure) return;
    store.reset();
    say(tools, "Votre progression est effacée de ce navigateur.");
  }

  function renderTools() {
    document.querySelectorAll(".ecole-outils").forEach((tools) => {
      tools.hidden = false;
      tools.querySelectorAll("button, input").forEach((control) => {
        control.disabled = !store.available;
      });
      if (!store.available) {
        say(tools, "Votre navigateur n'autorise pas l'enregistrement local\u00a0: il n'y a pas de progression à exporter ni à importer.", true);
      }
    });
  }

  document.addEventListener("click", (event) => {
    const toggle = event.target.closest?.(".ecole-terminer[data-module]");
    if (toggle) {
      const module = toggle.dataset.module;
      const done = !store.isDone(module);
      undone = done ? null : module;
      store.setDone(module, done);
      return;
    }
    const action = event.target.closest?.(".ecole-outils [data-action]");
    if (!action) return;
    const tools = action.closest(".ecole-outils");
    if (action.dataset.action === "exporter") exportProgress(tools);
    if (action.dataset.action === "importer") tools.querySelector("input[type=file]").click();
    if (action.dataset.action === "effacer") resetProgress(tools);
  });

  document.addEventListener("change", (event) => {
    const input = event.target.closest?.(".ecole-outils input[type=file]");
    if (input) importProgress(input.closest(".ecole-outils"), input);
  });

  function render() {
    renderBars();
    renderMarks();
    renderModule();
    renderOnward();
    renderHome();
  }

  // « Commencer ce parcours » or « Reprendre » on a path's page: that path is the learner's
  // from now on, for the modules' « Module suivant » (renderOnward).
  document.addEventListener("click", (event) => {
    const start = event.target.closest?.(".ecole-depart[data-parcours] a");
    if (start && store.available) store.setPath(start.closest(".ecole-depart").dataset.parcours);
  });

  store.onChange(render);
  store.onPage(() => {
    undone = null;
    recordVisit();
    render();
    renderTools();
  });
})();
