// École de l'innovation publique — SCORM runtime of one package (1.2 or 2004 4th edition).
//
// The page says which version it belongs to (<html data-scorm="1.2|2004">), its
// module and the mastery score of its manifest. This script finds the LMS API,
// initializes, reports the section last in view, completion (every section seen,
// or the quiz checked), the quiz score and its success, commits, and terminates
// when the page goes away. With no LMS around it does nothing: the page is read
// like any web page. The quiz itself is checked by ecole-quiz.js, which says so
// with an "ecole:quiz" event.
(() => {
  "use strict";

  const root = document.documentElement;
  const version = root.dataset.scorm;
  const moduleId = root.dataset.module;
  /** Share of right answers needed to pass, from the manifest; NaN for a module without quiz. */
  const declaredMastery = Number.parseFloat(root.dataset.mastery ?? "");

  // The same calls and data model elements, as SCORM 1.2 and SCORM 2004 name them.
  const DIALECTS = {
    "1.2": {
      api: "API",
      initialize: "LMSInitialize",
      terminate: "LMSFinish",
      getValue: "LMSGetValue",
      setValue: "LMSSetValue",
      commit: "LMSCommit",
      location: "cmi.core.lesson_location",
      exit: "cmi.core.exit",
      sessionTime: "cmi.core.session_time",
    },
    "2004": {
      api: "API_1484_11",
      initialize: "Initialize",
      terminate: "Terminate",
      getValue: "GetValue",
      setValue: "SetValue",
      commit: "Commit",
      location: "cmi.location",
      exit: "cmi.exit",
      sessionTime: "cmi.session_time",
    },
  };
  const names = DIALECTS[version];
  if (!names) return;

  /** ADL's discovery algorithm: this window, then each parent, at most 500 levels up. */
  function search(start) {
    let win = start;
    for (let depth = 0; win && depth < 500; depth += 1) {
      try {
        if (win[names.api]) return win[names.api];
      } catch {
        // a frame from another origin cannot be read: its parent may still hold the API
      }
      if (!win.parent || win.parent === win) break;
      win = win.parent;
    }
    return null;
  }

  /** Then the window that opened this one, or the one that opened its top frame:
   *  an LMS that launches courses in a new window keeps the API in its own frames. */
  function findApi() {
    const found = search(window);
    if (found) return found;
    for (const opener of [() => window.opener, () => window.top.opener]) {
      try {
        const api = opener() && search(opener());
        if (api) return api;
      } catch {
        // no opener, or one that cannot be read: nothing to find there
      }
    }
    return null;
  }

  const api = findApi();
  if (!api) return;

  // An LMS that throws must not break the page: every call is guarded.
  function call(method, ...args) {
    try {
      return String(api[method](...args));
    } catch {
      return "";
    }
  }
  const get = (element) => call(names.getValue, element);
  const set = (element, value) => call(names.setValue, element, String(value));

  if (call(names.initialize, "") !== "true") return;
  let active = true;
  const started = Date.now();

  const sections = [...document.querySelectorAll("main h2[id]")];
  /** What survives a suspended attempt: sections seen, best quiz result. */
  const state = { vus: [], score: null, max: null };
  try {
    const saved = JSON.parse(get("cmi.suspend_data") || "null");
    if (saved && Array.isArray(saved.vus)) {
      state.vus = saved.vus.filter((index) => Number.isInteger(index) && index >= 0 && index < sections.length);
    }
    if (saved && Number.isInteger(saved.score) && saved.max > 0 && saved.score >= 0 && saved.score <= saved.max) {
      state.score = saved.score;
      state.max = saved.max;
    }
  } catch {
    // unreadable suspend data (written by another version of the package): start afresh
  }
  let here = get(names.location);

  const lmsMastery =
    version === "1.2"
      ? Number.parseFloat(get("cmi.student_data.mastery_score")) / 100
      : Number.parseFloat(get("cmi.scaled_passing_score"));
  const mastery = Number.isNaN(lmsMastery) ? declaredMastery : lmsMastery;
  const threshold = version === "2004" ? Number.parseFloat(get("cmi.completion_threshold")) || 1 : 1;

  // SCORM 1.2 has one status for both completion and success; never step it back
  // (a learner who passed and comes back to read again has still passed).
  const RANK_12 = { "not attempted": 0, browsed: 0, incomplete: 1, completed: 2, failed: 3, passed: 4 };
  let status12 = get("cmi.core.lesson_status");
  let reportedCompletion = get("cmi.completion_status");

  function progress() {
    if (state.score !== null) return 1;
    return sections.length ? state.vus.length / sections.length : 0;
  }

  function passed() {
    if (state.score === null || Number.isNaN(mastery)) return null;
    return state.score / state.max >= mastery - 1e-9;
  }

  /** Send the whole state; commit only when something an LMS shows has changed. */
  function report(commitNow) {
    if (!active) return;
    if (here) set(names.location, here);
    set("cmi.suspend_data", JSON.stringify(state));
    const done = progress() >= threshold;
    const success = passed();
    let changed = commitNow;
    if (version === "1.2") {
      let status = done ? "completed" : "incomplete";
      if (success !== null) status = success ? "passed" : "failed";
      if (state.score !== null) {
        set("cmi.core.score.min", 0);
        set("cmi.core.score.max", 100);
        set("cmi.core.score.raw", Math.round((100 * state.score) / state.max));
      }
      if ((RANK_12[status] ?? 0) > (RANK_12[status12] ?? 0)) {
        set("cmi.core.lesson_status", status);
        status12 = status;
        changed = true;
      }
    } else {
      set("cmi.progress_measure", Math.round(progress() * 1000) / 1000);
      if (state.score !== null) {
        set("cmi.score.min", 0);
        set("cmi.score.max", state.max);
        set("cmi.score.raw", state.score);
        set("cmi.score.scaled", Math.round((state.score / state.max) * 10000) / 10000);
      }
      if (success !== null) set("cmi.success_status", success ? "passed" : "failed");
      const completion = done || reportedCompletion === "completed" ? "completed" : "incomplete";
      if (completion !== reportedCompletion) {
        set("cmi.completion_status", completion);
        reportedCompletion = completion;
        changed = true;
      }
    }
    if (changed) call(names.commit, "");
  }

  // The section last in view is the place to come back to; seeing them all completes the module.
  if (sections.length && "IntersectionObserver" in window) {
    const observer = new IntersectionObserver((entries) => {
      let seen = false;
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        const index = sections.indexOf(entry.target);
        here = entry.target.id;
        if (!state.vus.includes(index)) state.vus.push(index);
        seen = true;
      }
      if (seen) report(false);
    });
    sections.forEach((section) => observer.observe(section));
  }

  document.addEventListener("ecole:quiz", (event) => {
    const { module, score, max } = event.detail ?? {};
    if (module !== moduleId || !(max > 0) || !(score >= 0)) return;
    // the best result counts: checking again after reading the explanations never lowers it
    if (state.score === null || score / max >= state.score / state.max) {
      state.score = score;
      state.max = max;
    }
    report(true);
  });

  function duration12(seconds) {
    const pad = (value) => String(value).padStart(2, "0");
    return `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor((seconds % 3600) / 60))}:${pad(seconds % 60)}`;
  }

  function duration2004(seconds) {
    return `PT${Math.floor(seconds / 3600)}H${Math.floor((seconds % 3600) / 60)}M${seconds % 60}S`;
  }

  function terminate() {
    if (!active) return;
    report(false);
    const seconds = Math.round((Date.now() - started) / 1000);
    const finished = passed() !== null ? passed() : progress() >= threshold;
    if (version === "1.2") {
      set(names.sessionTime, duration12(seconds));
      set(names.exit, finished ? "" : "suspend");
    } else {
      set(names.sessionTime, duration2004(seconds));
      set(names.exit, finished ? "normal" : "suspend");
    }
    call(names.commit, "");
    call(names.terminate, "");
    active = false;
  }

  if (version === "1.2" && (RANK_12[status12] ?? 0) < RANK_12.incomplete) {
    set("cmi.core.lesson_status", "incomplete");
    status12 = "incomplete";
  }
  if (version === "2004" && reportedCompletion !== "completed") {
    set("cmi.completion_status", "incomplete");
    reportedCompletion = "incomplete";
  }
  if (here && document.getElementById(here)) {
    document.getElementById(here).scrollIntoView();
  }
  report(true);

  window.addEventListener("pagehide", terminate);
  window.addEventListener("beforeunload", terminate);
})();
