// © 2026 les contributeurs de l'École de l'innovation publique — licence MIT (SPDX-License-Identifier: MIT).
// École de l'innovation publique — SCORM runtime of one package (1.2 or 2004 4th edition).
//
// The page says which version it belongs to (<html data-scorm="1.2|2004">), its
// module and the mastery score of its manifest. This script:
// - looks for the LMS API (this window and its parents, then the opener and its
//   parents) at once, again on "load", then every half second for ten seconds:
//   some LMSs create it after the content has started;
// - reports the section last in view, completion (every section seen, or the quiz
//   checked), the quiz score and its success. Every commit carries the session time
//   and the exit mode, so that an LMS that ends the session itself, or drops what
//   is sent while the page unloads, has them all the same;
// - offers a « Terminer » button that commits and terminates while the page is
//   alive; terminates when the page goes away while the LMS stays, and sends
//   nothing more when the LMS's own page goes away (it may have ended the session);
// - keeps its suspend data under its module's id, and leaves another module's
//   alone: an LMS that keeps one store for all the SCOs of a package hands each
//   module the data of the others;
// - reads and writes only its own version's data model, and in 2004 reads no
//   element before it can have been set: a strict LMS logs no error;
// - says to the learner, in a status region, when results cannot reach the LMS.
// The quiz itself is checked by ecole-quiz.js, which says so with an "ecole:quiz"
// event, and keeps its results in this browser (ecole.js) with or without an LMS.
// Opened outside any LMS, the page reads like any web page.
(() => {
  "use strict";

  const root = document.documentElement;
  const version = root.dataset.scorm;
  const moduleId = root.dataset.module;
  /** Share of right answers needed to pass, from the manifest; NaN for a module without quiz. */
  const declaredMastery = Number.parseFloat(root.dataset.mastery ?? "");
  const hasQuiz = !Number.isNaN(declaredMastery);

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
      normalExit: "",
      maxSuspendData: 4096,
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
      normalExit: "normal",
      maxSuspendData: 64000,
    },
  };
  const names = DIALECTS[version];
  if (!names) return;

  const SEARCH_EVERY_MS = 500;
  const SEARCH_FOR_MS = 10000;
  const NBSP = "\u00a0";
  const MESSAGES = {
    unreachable:
      `La plateforme de formation ne répond pas${NBSP}: vos résultats ne lui sont pas transmis. ` +
      "Votre progression reste enregistrée dans ce navigateur. " +
      "Pour que vos résultats comptent, rouvrez ce module depuis la plateforme.",
    lost:
      "La plateforme de formation n'a pas enregistré vos derniers résultats. " +
      "Votre progression reste enregistrée dans ce navigateur. " +
      "Pour que vos résultats comptent, rouvrez ce module depuis la plateforme.",
    closed:
      `La session est terminée${NBSP}: ce nouveau résultat n'est pas transmis à la plateforme. ` +
      "Pour le transmettre, rouvrez ce module depuis la plateforme.",
  };

  // --- what the learner sees -------------------------------------------------------

  const main = document.querySelector("main");
  if (!main) return;

  // The live region is in the page from the start and empty: assistive technologies
  // announce what is written into it later.
  const notice = document.createElement("div");
  notice.className = "sco-avis";
  const noticeText = document.createElement("p");
  noticeText.className = "sco-avis__texte";
  noticeText.setAttribute("role", "status");
  noticeText.setAttribute("aria-live", "polite");
  const noticeClose = document.createElement("button");
  noticeClose.type = "button";
  noticeClose.className = "sco-avis__masquer";
  noticeClose.textContent = "Masquer";
  noticeClose.setAttribute("aria-label", "Masquer ce message");
  noticeClose.hidden = true;
  noticeClose.addEventListener("click", () => say(null));
  notice.append(noticeClose, noticeText); // the button first: it floats at the top right
  main.prepend(notice);

  /** The message shown, a key of MESSAGES, or null. */
  let said = null;
  /** Show ``message`` (a key of MESSAGES), or nothing for null. */
  function say(message) {
    said = message;
    notice.classList.toggle("sco-avis--visible", message !== null);
    noticeClose.hidden = message === null;
    noticeText.replaceChildren();
    if (message === null) return;
    // written a moment after the region first appears, so that it is announced
    setTimeout(() => {
      if (said !== message) return;
      const title = document.createElement("strong");
      title.textContent = "Résultats non transmis.";
      noticeText.replaceChildren(title, ` ${MESSAGES[message]}`);
    }, 50);
  }

  const ending = document.createElement("div");
  ending.className = "sco-fin";
  ending.hidden = true;
  const endingText = document.createElement("p");
  endingText.textContent =
    `Pour vous arrêter ici ou quand vous avez fini, «${NBSP}Terminer${NBSP}» enregistre vos résultats ` +
    `auprès de la plateforme de formation${NBSP}; vous pourrez reprendre là où vous en étiez.`;
  const endButton = document.createElement("button");
  endButton.type = "button";
  endButton.className = "md-button md-button--primary";
  endButton.textContent = "Terminer";
  const endingStatus = document.createElement("p");
  endingStatus.className = "sco-fin__etat";
  endingStatus.setAttribute("role", "status");
  endingStatus.setAttribute("aria-live", "polite");
  const frame = document.createElement("div");
  frame.className = "sco-fin__cadre";
  frame.append(endingText, endButton, endingStatus);
  ending.append(frame);
  main.append(ending);

  // --- the learner's progress, with or without an LMS ----------------------------------

  const sections = [...main.querySelectorAll("h2[id]")];
  /** Sections seen (their indexes), best quiz result, section last in view. */
  const state = { vus: [], score: null, max: null };
  let here = "";
  /** The other modules' suspend data, kept as found (an LMS with one store per package). */
  let others = {};

  function progress() {
    if (state.score !== null) return 1;
    return sections.length ? state.vus.length / sections.length : 0;
  }

  /** A saved entry of this module, checked; null when it is not one. */
  function entryOf(saved) {
    if (!saved || typeof saved !== "object" || !Array.isArray(saved.vus)) return null;
    const entry = {
      vus: saved.vus.filter((index) => Number.isInteger(index) && index >= 0 && index < sections.length),
      score: null,
      max: null,
      lieu: typeof saved.lieu === "string" ? saved.lieu : "",
    };
    if (Number.isInteger(saved.score) && saved.max > 0 && saved.score >= 0 && saved.score <= saved.max) {
      entry.score = saved.score;
      entry.max = saved.max;
    }
    return entry;
  }

  /** The best result counts: checking again after reading the explanations never lowers it. */
  function keepBest(score, max) {
    if (state.score === null || score / max >= state.score / state.max) {
      state.score = score;
      state.max = max;
    }
  }

  function suspendData() {
    const mine = { vus: state.vus, ...(state.score !== null && { score: state.score, max: state.max }) };
    if (here) mine.lieu = here;
    // "dernier": the module that wrote last, whose statuses and score the LMS holds
    const all = JSON.stringify({ ecole: 1, dernier: moduleId, modules: { ...others, [moduleId]: mine } });
    if (all.length <= names.maxSuspendData) return all;
    // past the version's limit, the other modules' data goes first
    return JSON.stringify({ ecole: 1, dernier: moduleId, modules: { [moduleId]: mine } });
  }

  // --- finding the LMS -------------------------------------------------------------

  /** ADL's discovery algorithm: this window, then each parent, at most 500 levels up. */
  function search(start) {
    let win = start;
    for (let depth = 0; win && depth < 500; depth += 1) {
      try {
        if (win[names.api]) return { api: win[names.api], win };
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

  /** A page in a frame or opened by another window expects an LMS; a page on its own does not. */
  function launchedByLms() {
    try {
      return window.parent !== window || Boolean(window.opener);
    } catch {
      return true;
    }
  }

  // --- talking to it -----------------------------------------------------------------

  /** "searching" → "open" → "closed" (or "left" with the LMS's page); "unavailable" when no LMS answers. */
  let phase = "searching";
  let api = null;
  let apiWindow = null;
  let started = Date.now();

  // An LMS that throws must not break the page: every call is guarded.
  function call(method, ...args) {
    try {
      return String(api[method](...args));
    } catch {
      return "false";
    }
  }
  function get(element) {
    try {
      return String(api[names.getValue](element) ?? "");
    } catch {
      return "";
    }
  }
  const set = (element, value) => call(names.setValue, element, String(value));

  let mastery = declaredMastery;
  // SCORM 1.2 has one status for both completion and success; never step it back
  // (a learner who passed and comes back to read again has still passed).
  const RANK_12 = { "not attempted": 0, browsed: 0, incomplete: 1, completed: 2, failed: 3, passed: 4 };
  let status12 = "not attempted";
  let completion2004 = "unknown";
  let success2004 = "unknown";

  function passed() {
    if (state.score === null || Number.isNaN(mastery)) return null;
    return state.score / state.max >= mastery - 1e-9;
  }

  function finished() {
    const success = passed();
    return success !== null ? success : progress() >= 1;
  }

  /** Tell ecole.js, which keeps the quiz results in this browser, whose they are and the
   * pass mark: the quiz's verdict says what the LMS records (a mastery of 90 % passed 4 out
   * of 5 on the page and failed it in the LMS), and the learners of a PC shared in a
   * training room each see their own results, not the last learner's. */
  function announce() {
    if (hasQuiz && !Number.isNaN(mastery)) root.dataset.seuil = String(mastery);
    const learner = get(version === "1.2" ? "cmi.core.student_id" : "cmi.learner_id");
    if (learner) root.dataset.apprenant = learner;
    document.dispatchEvent(new CustomEvent("ecole:lms"));
  }

  /** What the LMS kept from earlier sessions, if it is this module's. */
  function restore() {
    // In 2004 an element never set may not be read (error 403): suspend data and
    // location exist only when the learner resumes.
    const entry = version === "2004" ? get("cmi.entry") : "";
    const resumed = version === "1.2" || entry === "resume";
    let saved = null;
    try {
      saved = resumed ? JSON.parse(get("cmi.suspend_data") || "null") : null;
    } catch {
      // unreadable: start afresh
    }
    let mine = null;
    // Suspend data last written by another module: the LMS keeps one store for the whole
    // package, and the statuses and score it holds are that module's. This module takes
    // only its own entry. Data in no module's name (earlier packages) cannot tell: its
    // content is left out, the statuses the LMS holds are kept.
    let foreign = false;
    if (saved && typeof saved === "object" && saved.modules && typeof saved.modules === "object") {
      others = Object.fromEntries(Object.entries(saved.modules).filter(([id]) => id !== moduleId));
      mine = entryOf(saved.modules[moduleId]);
      foreign = saved.dernier !== moduleId;
    }
    if (mine) {
      for (const index of mine.vus) if (!state.vus.includes(index)) state.vus.push(index);
      if (mine.score !== null) keepBest(mine.score, mine.max);
    }

    if (hasQuiz) {
      const lmsMastery =
        version === "1.2"
          ? Number.parseFloat(get("cmi.student_data.mastery_score")) / 100
          : Number.parseFloat(get("cmi.scaled_passing_score"));
      if (!Number.isNaN(lmsMastery)) mastery = lmsMastery;
    }

    if (version === "1.2") {
      if (!foreign) status12 = get("cmi.core.lesson_status");
      else if (state.score === null && get("cmi.core.score.raw") !== "") set("cmi.core.score.raw", "");
    } else {
      completion2004 = get("cmi.completion_status");
      success2004 = get("cmi.success_status");
      // a new attempt starts with nothing: statuses found there are another SCO's
      const fresh = ["unknown", "not attempted"].includes(completion2004) && success2004 === "unknown";
      if (entry === "ab-initio" && !fresh) foreign = true;
      if (foreign) {
        completion2004 = "unknown";
        if (state.score === null && success2004 !== "unknown") {
          // An LMS judges success from cmi.score.scaled, which cannot be unset: another
          // module's score gives way to this module's, none yet.
          if (hasQuiz) {
            set("cmi.score.min", 0);
            set("cmi.score.max", 1);
            set("cmi.score.raw", 0);
            set("cmi.score.scaled", 0);
          }
          set("cmi.success_status", "unknown");
          success2004 = "unknown";
        }
      }
    }

    // in 2004, the place to come back to travels in the suspend data only: cmi.location may never have been set
    const location = mine ? mine.lieu : version === "1.2" && !foreign ? get(names.location) : "";
    // (a place of this module's page only: another module's is no id here)
    if (location && document.getElementById(location)) here = location;
  }

  /** Send the whole state; return whether something an LMS shows has changed. */
  function update() {
    let changed = false;
    if (here) set(names.location, here);
    set("cmi.suspend_data", suspendData());
    const done = progress() >= 1;
    const success = passed();
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
        // a percentage, as in SCORM 1.2: LMSs such as Moodle grade from the raw score
        // out of their own maximum grade (100 by default), not from the scaled one
        set("cmi.score.min", 0);
        set("cmi.score.max", 100);
        set("cmi.score.raw", Math.round((100 * state.score) / state.max));
        set("cmi.score.scaled", Math.round((state.score / state.max) * 10000) / 10000);
      }
      if (success !== null && (success ? "passed" : "failed") !== success2004) {
        success2004 = success ? "passed" : "failed";
        set("cmi.success_status", success2004);
        changed = true;
      }
      const completion = done || completion2004 === "completed" ? "completed" : "incomplete";
      if (completion !== completion2004) {
        set("cmi.completion_status", completion);
        completion2004 = completion;
        changed = true;
      }
    }
    return changed;
  }

  function duration(seconds) {
    const hours = Math.floor(seconds / 3600);
    const minutes = Math.floor((seconds % 3600) / 60);
    if (version === "2004") return `PT${hours}H${minutes}M${seconds % 60}S`;
    const pad = (value) => String(value).padStart(2, "0");
    return `${pad(hours)}:${pad(minutes)}:${pad(seconds % 60)}`;
  }

  /** Session time and exit mode: with every commit, so that they never depend on the unload. */
  function stamp() {
    const seconds = Math.round((Date.now() - started) / 1000);
    // a learner who leaves before finishing comes back where they were
    const exit = finished() ? names.normalExit : "suspend";
    const sent = set(names.sessionTime, duration(seconds));
    set(names.exit, exit);
    return sent;
  }

  function commit() {
    stamp();
    if (call(names.commit, "") !== "true") say("lost");
    else if (said === "lost") say(null); // the LMS has them all now
  }

  /** Send the state; commit when something an LMS shows has changed, or when asked to. */
  function report(commitNow) {
    if (phase !== "open") return;
    if (update() || commitNow) commit();
  }

  /** Commit and terminate: when the learner says so, or when this page goes away while the
   *  LMS stays. Leaving, the first refused call stops there, so that it is the only one. */
  function close(leaving) {
    if (phase !== "open") return;
    phase = "closed";
    unwatchUnload();
    clearInterval(heartbeat);
    if (stamp() !== "true" && leaving) return;
    update();
    const committed = call(names.commit, "") === "true";
    const terminated = call(names.terminate, "") === "true";
    endButton.hidden = true;
    endingText.hidden = true;
    if (committed && terminated) {
      ending.classList.add("sco-fin--termine");
      endingStatus.textContent = finished()
        ? `Session terminée${NBSP}: vos résultats sont enregistrés sur la plateforme de formation. ` +
          "Vous pouvez fermer cette page."
        : `Session terminée${NBSP}: votre progression est enregistrée sur la plateforme de formation${NBSP}; ` +
          "vous reprendrez là où vous en étiez. Vous pouvez fermer cette page.";
    } else if (!leaving) {
      say("lost");
    }
  }

  // When the LMS's own page goes away (a closed tab, another address), it runs its unload
  // handlers first, and many end the session there: a call from this page would then come
  // after the end. Everything went with the last commit, so this page sends nothing more.
  // The LMS's page hides before the frames it holds do.
  const onLmsHidden = () => {
    if (phase !== "open") return;
    phase = "left";
    unwatchUnload();
    clearInterval(heartbeat);
  };
  const onHidden = () => close(true);
  function watchUnload() {
    window.addEventListener("pagehide", onHidden);
    try {
      if (apiWindow !== window) apiWindow.addEventListener("pagehide", onLmsHidden);
    } catch {
      // a window that cannot be listened to: this page's own events remain
    }
  }
  function unwatchUnload() {
    window.removeEventListener("pagehide", onHidden);
    try {
      if (apiWindow !== window) apiWindow.removeEventListener("pagehide", onLmsHidden);
    } catch {
      // gone already
    }
  }

  // The time spent goes with every commit; reading a long section commits nothing, so the
  // time is committed once a minute while the page is in view.
  const HEARTBEAT_MS = 60000;
  let heartbeat = 0;

  function open(found) {
    stopSearching();
    api = found.api;
    apiWindow = found.win;
    if (call(names.initialize, "") !== "true") {
      phase = "unavailable";
      say("unreachable");
      return;
    }
    phase = "open";
    started = Date.now();
    say(null);
    restore();
    announce();
    if (version === "1.2" && (RANK_12[status12] ?? 0) < RANK_12.incomplete) {
      set("cmi.core.lesson_status", "incomplete");
      status12 = "incomplete";
    }
    if (version === "2004" && completion2004 !== "completed") {
      set("cmi.completion_status", "incomplete");
      completion2004 = "incomplete";
    }
    // back where the learner was, unless they have started reading already
    if (here && window.scrollY < 10) document.getElementById(here)?.scrollIntoView();
    report(true);
    watchUnload();
    heartbeat = setInterval(() => {
      if (document.visibilityState === "visible") report(true);
    }, HEARTBEAT_MS);
    endingText.hidden = false;
    endButton.hidden = false;
    ending.hidden = false;
  }

  let searchTimer = 0;
  let searchEnd = 0;
  function stopSearching() {
    clearInterval(searchTimer);
    clearTimeout(searchEnd);
    window.removeEventListener("load", lookForApi);
  }
  function lookForApi() {
    if (phase !== "searching") return;
    const found = findApi();
    if (found) open(found);
  }

  // --- what the learner does -----------------------------------------------------------

  // The section last in view is the place to come back to; seeing them all completes the module.
  if (sections.length && "IntersectionObserver" in window) {
    const observer = new IntersectionObserver((entries) => {
      let seen = false;
      let discovered = false;
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        const index = sections.indexOf(entry.target);
        here = entry.target.id;
        if (!state.vus.includes(index)) {
          state.vus.push(index);
          discovered = true;
        }
        seen = true;
      }
      // a section seen for the first time is progress worth committing; a place alone is not
      if (seen) report(discovered);
    });
    sections.forEach((section) => observer.observe(section));
  }

  document.addEventListener("ecole:quiz", (event) => {
    const { module, score, max } = event.detail ?? {};
    if (module !== moduleId || !(max > 0) || !(score >= 0)) return;
    keepBest(score, max);
    if (phase === "unavailable" && api === null) {
      // one more look: an LMS very late is still better than none
      const found = findApi();
      if (found) {
        phase = "searching";
        open(found);
        return;
      }
    }
    if (phase === "closed") say("closed");
    report(true);
  });

  endButton.addEventListener("click", () => close(false));

  // A page hidden (another tab, a phone locked) may never come back: commit now.
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") report(true);
  });

  lookForApi();
  if (phase === "searching") {
    window.addEventListener("load", lookForApi);
    searchTimer = setInterval(lookForApi, SEARCH_EVERY_MS);
    searchEnd = setTimeout(() => {
      stopSearching();
      if (phase !== "searching") return;
      phase = "unavailable";
      if (launchedByLms()) say("unreachable");
    }, SEARCH_FOR_MS);
  }
})();
