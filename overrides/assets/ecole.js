// © 2026 les contributeurs de l'École de l'innovation publique — licence MIT (SPDX-License-Identifier: MIT).
// École de l'innovation publique — the learner's progress, kept in this browser only.
//
// Everything lives in localStorage under one namespace: the site's base path
// (Material's __md_scope) followed by "ecole:v1:", so two editions served from
// one host never mix and "Effacer ma progression" knows exactly what to remove.
// No cookie, no request: nothing here ever leaves the browser.
// ecole-quiz.js and ecole-progression.js build on the `window.ecole` API below.
(() => {
  "use strict";

  const scope = window.__md_scope instanceof URL ? window.__md_scope : new URL(".", location.href);
  let PREFIX = "";
  const KEYS = {};
  /** The keys of the learner's data. In a SCORM package that an LMS opened, they hold the
   * learner's id too (set by scorm.js, as a fingerprint: the id itself is not written into
   * the browser): every learner of a PC shared in a training room opens a package at the
   * same address, and saw the results of the one before. */
  function scopeKeys() {
    const learner = document.documentElement.dataset.apprenant;
    PREFIX = `${scope.pathname}${learner ? `apprenant-${fingerprint(learner)}:` : ""}ecole:v1:`;
    KEYS.progress = `${PREFIX}progression`;
    KEYS.lastVisit = `${PREFIX}derniere-visite`;
    KEYS.path = `${PREFIX}parcours`; // the path the learner started from its page
  }
  /** A short, stable stand-in for a text (FNV-1a, 32 bits). */
  function fingerprint(text) {
    let hash = 0x811c9dc5;
    for (const character of text) hash = Math.imul(hash ^ character.codePointAt(0), 0x01000193) >>> 0;
    return hash.toString(36);
  }
  scopeKeys();
  const FORMAT = "ecole-progression";
  const VERSION = 1;
  /** A quiz is passed at 75 % of right answers (3 out of 4); defined here only. */
  const PASS_RATIO = 0.75;
  /** The share of right answers that passes a quiz: PASS_RATIO, or in a SCORM package the
   * pass mark of the LMS that runs it (set by scorm.js), which records success by it. */
  function passRatio() {
    const lms = Number.parseFloat(document.documentElement.dataset.seuil ?? "");
    return lms > 0 && lms <= 1 ? lms : PASS_RATIO;
  }
  /** Larger than any real progress file: refuse before parsing a wrong pick. */
  const MAX_IMPORT_BYTES = 512 * 1024;
  const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
  const QUIZ_ID = /^quiz-[a-z0-9]+(-[a-z0-9]+)*-[0-9]+$/;
  const ADDRESS = /^(?!.*\.\.)[A-Za-z0-9._~/-]*$/; // relative, same site: never "javascript:" nor "//host"

  const listeners = [];

  /** localStorage can be missing or refuse writes (private windows, locked-down PCs). */
  const storage = (() => {
    try {
      const probe = `${PREFIX}test`;
      window.localStorage.setItem(probe, "1");
      window.localStorage.removeItem(probe);
      return window.localStorage;
    } catch {
      return null;
    }
  })();

  const isObject = (value) => typeof value === "object" && value !== null && !Array.isArray(value);
  const isDate = (value) => typeof value === "string" && !Number.isNaN(Date.parse(value));
  const now = () => new Date().toISOString();

  function read(key) {
    if (!storage) return null;
    try {
      return JSON.parse(storage.getItem(key));
    } catch {
      return null; // damaged by hand: start again rather than break every page
    }
  }

  function write(key, value) {
    if (!storage) return;
    try {
      storage.setItem(key, JSON.stringify(value));
    } catch {
      return; // quota exceeded: the page keeps working, progress is just not saved
    }
    notify();
  }

  function notify() {
    listeners.forEach((listener) => listener());
  }

  function progress() {
    const data = read(KEYS.progress);
    return {
      modules: isObject(data?.modules) ? data.modules : {},
      quiz: isObject(data?.quiz) ? data.quiz : {},
    };
  }

  function isDone(module) {
    return Boolean(progress().modules[module]);
  }

  function setDone(module, done) {
    const data = progress();
    if (done && !data.modules[module]) data.modules[module] = { termine_le: now() };
    if (!done) delete data.modules[module];
    write(KEYS.progress, data);
  }

  /** Store a quiz's latest result; returns it as stored. */
  function recordQuiz(quizId, module, score, max) {
    const data = progress();
    const result = { module, score, max, reussi: score / max >= passRatio() - 1e-9, date: now() };
    data.quiz[quizId] = result;
    write(KEYS.progress, data);
    return result;
  }

  /** Latest quiz result of a module (a module page may hold several quizzes). */
  function quizResults(module) {
    return Object.entries(progress().quiz)
      .filter(([, result]) => result.module === module)
      .map(([id, result]) => ({ id, ...result }));
  }

  function lastVisit() {
    const visit = read(KEYS.lastVisit);
    return isObject(visit) && ADDRESS.test(visit.adresse ?? "") ? visit : null;
  }

  function setLastVisit(module, title) {
    const here = location.pathname;
    const address = here.startsWith(scope.pathname) ? here.slice(scope.pathname.length) : null;
    if (address === null || !ADDRESS.test(address)) return;
    const previous = lastVisit();
    if (previous?.adresse === address) return; // nothing new: spare a write on every reload
    write(KEYS.lastVisit, { module, adresse: address, titre: title, date: now() });
  }

  /** The id of the path the learner started or resumed from its page, if any. */
  function currentPath() {
    const id = read(KEYS.path);
    return typeof id === "string" && ID.test(id) ? id : null;
  }

  function setPath(id) {
    if (ID.test(id) && currentPath() !== id) write(KEYS.path, id);
  }

  function url(address) {
    return new URL(address, scope).href;
  }

  function exportData() {
    const data = progress();
    return {
      format: FORMAT,
      version: VERSION,
      exporte_le: now(),
      modules: data.modules,
      quiz: data.quiz,
      derniere_visite: lastVisit(),
    };
  }

  /** Thrown with a French message meant for the learner. */
  class ImportError extends Error {}

  function checkFile(data) {
    if (!isObject(data)) {
      throw new ImportError("le fichier ne contient pas une progression (un objet JSON entre accolades est attendu).");
    }
    if (data.format !== FORMAT) {
      throw new ImportError(
        "ce fichier n'est pas une progression exportée depuis ce site " +
          `(le champ «\u00a0format\u00a0» devrait valoir «\u00a0${FORMAT}\u00a0»).`,
      );
    }
    if (data.version !== VERSION) {
      throw new ImportError(
        `ce fichier est au format version ${JSON.stringify(data.version)}, que ce site ne sait pas lire ` +
          `(version attendue\u00a0: ${VERSION}).`,
      );
    }
    const problems = [];
    if (!isObject(data.modules)) problems.push("le champ «\u00a0modules\u00a0» doit être un objet");
    if (!isObject(data.quiz)) problems.push("le champ «\u00a0quiz\u00a0» doit être un objet");
    for (const [id, entry] of Object.entries(isObject(data.modules) ? data.modules : {})) {
      if (!ID.test(id)) problems.push(`«\u00a0${id}\u00a0» n'est pas un identifiant de module`);
      else if (!isObject(entry) || !isDate(entry.termine_le)) {
        problems.push(`module «\u00a0${id}\u00a0»\u00a0: la date «\u00a0termine_le\u00a0» manque ou n'est pas une date`);
      }
    }
    for (const [id, result] of Object.entries(isObject(data.quiz) ? data.quiz : {})) {
      const valid =
        QUIZ_ID.test(id) &&
        isObject(result) &&
        ID.test(result.module ?? "") &&
        Number.isInteger(result.score) &&
        Number.isInteger(result.max) &&
        result.max > 0 &&
        result.score >= 0 &&
        result.score <= result.max &&
        typeof result.reussi === "boolean" &&
        isDate(result.date);
      if (!valid) problems.push(`résultat de quiz «\u00a0${id}\u00a0» incomplet ou incohérent`);
    }
    const visit = data.derniere_visite;
    const visitValid =
      visit === null ||
      visit === undefined ||
      (isObject(visit) && ID.test(visit.module ?? "") && ADDRESS.test(visit.adresse ?? "x:") && isDate(visit.date));
    if (!visitValid) problems.push("le champ «\u00a0derniere_visite\u00a0» est mal formé");
    if (problems.length) {
      const shown = problems.slice(0, 3).join("\u202f; ");
      const more = problems.length > 3 ? ` (et ${problems.length - 3} autre(s) problème(s))` : "";
      throw new ImportError(`le fichier est abîmé\u00a0: ${shown}${more}.`);
    }
  }

  /**
   * Merge a progress file into this browser's progress: a module done anywhere
   * stays done, the most recent result of each quiz wins. `known` lists the
   * modules of this site; others are skipped and reported.
   */
  function importText(text, known) {
    if (text.length > MAX_IMPORT_BYTES) {
      throw new ImportError("ce fichier est bien trop gros pour être une progression.");
    }
    let data;
    try {
      data = JSON.parse(text);
    } catch {
      throw new ImportError(
        "ce fichier n'est pas au format JSON. Choisissez le fichier «\u00a0.json\u00a0» créé par le bouton «\u00a0Exporter ma progression\u00a0».",
      );
    }
    checkFile(data);
    if (!storage) throw new ImportError("votre navigateur n'autorise pas l'enregistrement local.");
    const knows = (module) => !known || known.has(module);
    const current = progress();
    const skipped = new Set();
    let modules = 0;
    let quizzes = 0;
    for (const [id, entry] of Object.entries(data.modules)) {
      if (!knows(id)) {
        skipped.add(id);
        continue;
      }
      const mine = current.modules[id];
      if (!mine || Date.parse(entry.termine_le) < Date.parse(mine.termine_le)) {
        current.modules[id] = { termine_le: entry.termine_le };
      }
      modules += 1;
    }
    for (const [id, result] of Object.entries(data.quiz)) {
      if (!knows(result.module)) {
        skipped.add(result.module);
        continue;
      }
      const mine = current.quiz[id];
      if (!mine || Date.parse(result.date) > Date.parse(mine.date)) {
        const { module, score, max, reussi, date } = result;
        current.quiz[id] = { module, score, max, reussi, date };
      }
      quizzes += 1;
    }
    storage.setItem(KEYS.progress, JSON.stringify(current));
    const visit = data.derniere_visite;
    if (visit && knows(visit.module) && !(Date.parse(lastVisit()?.date) >= Date.parse(visit.date))) {
      storage.setItem(KEYS.lastVisit, JSON.stringify(visit));
    }
    notify();
    return { modules, quizzes, skipped: [...skipped].sort() };
  }

  function reset() {
    if (!storage) return;
    Object.values(KEYS).forEach((key) => storage.removeItem(key));
    notify();
  }

  /** Run `render` on every page view: once, or on each instant navigation if enabled. */
  function onPage(render) {
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(() => render());
    } else {
      render();
    }
  }

  /** "1 h 30", "40 h", "45 min", as the build writes durations (ecole.model.durations.format_minutes):
   * no-break spaces, so that a number never ends a line without its unit. */
  function durationText(minutes) {
    const hours = Math.floor(minutes / 60);
    const rest = minutes % 60;
    if (!hours) return `${rest}\u00a0min`;
    return rest ? `${hours}\u00a0h\u00a0${String(rest).padStart(2, "0")}` : `${hours}\u00a0h`;
  }

  function dateText(iso) {
    return new Intl.DateTimeFormat("fr-FR", { dateStyle: "long" }).format(new Date(iso));
  }

  // Another tab changed the progress: keep this one in step.
  window.addEventListener("storage", (event) => {
    if (event.key === null || event.key.startsWith(PREFIX)) notify();
  });
  // An LMS found (scorm.js): the learner's own data, and its pass mark.
  document.addEventListener("ecole:lms", () => {
    scopeKeys();
    notify();
  });

  window.ecole = {
    passRatio,
    KEYS,
    available: storage !== null,
    progress,
    isDone,
    setDone,
    recordQuiz,
    quizResults,
    lastVisit,
    setLastVisit,
    currentPath,
    setPath,
    url,
    exportData,
    importText,
    ImportError,
    reset,
    onChange: (listener) => listeners.push(listener),
    onPage,
    durationText,
    dateText,
  };
})();
