// École de l'innovation publique — progress on the pages (markup: ecole/pages.py).
//
// Fills the placeholders the build leaves hidden: progress bars of the
// catalogue, paths and home page, "Terminé" marks, the module's toggle button,
// the "Reprendre où j'en étais" link, and the tools of "Ma progression"
// (export, import, reset). Without script none of these show.
(() => {
  "use strict";

  const store = window.ecole;

  function splitList(text) {
    return text ? text.split(",") : [];
  }

  function renderBars() {
    document.querySelectorAll(".ecole-progression[data-modules]").forEach((block) => {
      const modules = splitList(block.dataset.modules);
      const minutes = splitList(block.dataset.durees).map(Number);
      const text = block.querySelector(".ecole-progression__texte");
      const bar = block.querySelector("progress");
      block.hidden = false;
      if (!store.available) {
        bar.hidden = true;
        text.textContent = "Votre navigateur n'autorise pas l'enregistrement local : la progression n'est pas conservée.";
        return;
      }
      const done = modules.filter((module) => store.isDone(module)).length;
      const left = modules.reduce((sum, module, index) => sum + (store.isDone(module) ? 0 : minutes[index] || 0), 0);
      bar.max = modules.length;
      bar.value = done;
      bar.setAttribute("aria-label", "Modules terminés");
      text.textContent =
        done === modules.length
          ? `${done} / ${modules.length} modules : tout est terminé, bravo !`
          : `${done} / ${modules.length} modules, ${store.hmm(left)} restantes`;
    });
  }

  function renderMarks() {
    document.querySelectorAll(".ecole-statut[data-module]").forEach((mark) => {
      const done = store.isDone(mark.dataset.module);
      mark.classList.toggle("ecole-statut--termine", done);
      if (done) {
        mark.textContent = "Terminé";
      } else if (mark.closest("td")) {
        // A lone dash says nothing to a screen reader: it hears words instead.
        const dash = Object.assign(document.createElement("span"), { textContent: "—" });
        dash.setAttribute("aria-hidden", "true");
        const words = Object.assign(document.createElement("span"), {
          className: "md-visually-hidden",
          textContent: "Pas encore terminé",
        });
        mark.replaceChildren(dash, words);
      } else {
        mark.textContent = "";
      }
    });
    document.querySelectorAll(".ecole-score[data-module]").forEach((cell) => {
      const results = store.quizResults(cell.dataset.module);
      cell.textContent = results.map((result) => `${result.score} / ${result.max}`).join(", ") || "—";
    });
  }

  function renderModule() {
    document.querySelectorAll(".ecole-terminer[data-module]").forEach((button) => {
      button.hidden = !store.available;
      button.setAttribute("aria-pressed", String(store.isDone(button.dataset.module)));
    });
    document.querySelectorAll(".ecole-progression-module[data-module]").forEach((line) => {
      const module = line.dataset.module;
      const done = store.progress().modules[module];
      const parts = [];
      if (done) parts.push(`Vous avez terminé ce module le ${store.dateText(done.termine_le)}.`);
      for (const result of store.quizResults(module)) {
        parts.push(`Dernier résultat au quiz : ${result.score} sur ${result.max}.`);
      }
      line.textContent = parts.join(" ");
      line.classList.toggle("ecole-progression-module--termine", Boolean(done));
      line.hidden = parts.length === 0;
    });
  }

  function renderResume() {
    const visit = store.lastVisit();
    document.querySelectorAll(".ecole-reprendre").forEach((block) => {
      const link = block.querySelector("a");
      block.hidden = !visit || !link;
      if (!visit || !link) return;
      link.href = store.url(visit.adresse);
      link.textContent = "Reprendre où j'en étais";
      let where = block.querySelector(".ecole-reprendre__titre");
      if (!where) {
        where = document.createElement("span");
        where.className = "ecole-reprendre__titre";
        link.append(" ", where);
      }
      where.textContent = `: ${visit.titre}`;
    });
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
    say(tools, `Fichier « ${link.download} » enregistré dans vos téléchargements (${count} module${count > 1 ? "s" : ""} terminé${count > 1 ? "s" : ""}).`);
  }

  async function importProgress(tools, input) {
    const file = input.files?.[0];
    if (!file) return;
    try {
      const { modules, quizzes, skipped } = store.importText(await file.text(), knownModules());
      let text =
        `Progression importée depuis « ${file.name} » : ${modules} module${modules > 1 ? "s" : ""} ` +
        `terminé${modules > 1 ? "s" : ""}, ${quizzes} résultat${quizzes > 1 ? "s" : ""} de quiz.`;
      if (skipped.length) {
        text += ` Ignorés car absents de ce site : ${skipped.join(", ")}.`;
      }
      say(tools, text);
    } catch (error) {
      if (!(error instanceof store.ImportError)) throw error;
      say(tools, `Import impossible : ${error.message} Votre progression actuelle n'a pas changé.`, true);
    } finally {
      input.value = ""; // choosing the same file again must trigger a new import
    }
  }

  function resetProgress(tools) {
    const sure = window.confirm(
      "Effacer votre progression sur ce site (modules terminés, résultats des quiz, dernier module consulté) ? " +
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
        say(tools, "Votre navigateur n'autorise pas l'enregistrement local : il n'y a pas de progression à exporter ni à importer.", true);
      }
    });
  }

  document.addEventListener("click", (event) => {
    const toggle = event.target.closest?.(".ecole-terminer[data-module]");
    if (toggle) {
      store.setDone(toggle.dataset.module, toggle.getAttribute("aria-pressed") !== "true");
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
    renderResume();
  }

  store.onChange(render);
  store.onPage(() => {
    recordVisit();
    render();
    renderTools();
  });
})();
