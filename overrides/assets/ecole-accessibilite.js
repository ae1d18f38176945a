// © 2026 les contributeurs de l'École de l'innovation publique — licence MIT (SPDX-License-Identifier: MIT).
// École de l'innovation publique — what Material's scripts leave inaccessible, as the RGAA
// audit found it (docs/accessibilite/audit-rgaa.yml; tests/test_rgaa_audit.py checks each fix).
// Loaded after Material's bundle, on every page.
(() => {
  "use strict";

  const toggle = document.getElementById("__search");
  const searchOpen = () => Boolean(toggle && toggle.checked);
  const editable = (element) =>
    element.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(element.tagName || "");

  // RGAA 12.10: Material acts on single keys: f, s and / open the search, p and "," go to
  // the previous page, n and "." to the next one. A stray key, or a word said to a voice
  // control, changed page. They are turned off (the search is the third Tab stop, the
  // previous and next pages are linked at the foot of each page); Escape and the arrows,
  // which Material needs in its search, are left alone.
  const SHORTCUTS = new Set(["f", "s", "/", "p", "n", ",", "."]);
  window.addEventListener(
    "keydown",
    (event) => {
      if (event.ctrlKey || event.metaKey || event.altKey || searchOpen()) return;
      if (!SHORTCUTS.has(event.key) || editable(event.target)) return;
      event.stopImmediatePropagation(); // before Material's own listener, on window or document
    },
    true,
  );

  // RGAA 9.1: Material titles each search result with an <h1> (its sections with <h2>):
  // with the search open, the page had dozens of top-level headings. They become
  // headings of level 2 and 3, below the page's own title.
  const results = document.querySelector(".md-search-result__list");
  if (results) {
    const mend = () => {
      results.querySelectorAll("h1:not([aria-level])").forEach((heading) => heading.setAttribute("aria-level", "2"));
      results.querySelectorAll("h2:not([aria-level])").forEach((heading) => heading.setAttribute("aria-level", "3"));
    };
    new MutationObserver(mend).observe(results, { childList: true, subtree: true });
  }

  // RGAA 7.3, 10.13 and 12.11: the glossary's definitions show in a tooltip when the
  // pointer is on a term, but a keyboard never reached the term. Each term takes the focus
  // (Material shows the tooltip then too), and Escape hides a tooltip without moving the
  // pointer or the focus; it shows again when the pointer or the focus comes back to a term.
  const terms = () => document.querySelectorAll(".md-content abbr");
  const tooltips = () => document.querySelectorAll(".md-tooltip2");
  const show = () =>
    tooltips().forEach((tooltip) => {
      tooltip.style.visibility = "";
    });
  const mount = () =>
    terms().forEach((term) => {
      if (!term.hasAttribute("tabindex")) term.tabIndex = 0;
    });
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(mount);
  else mount();
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    document.querySelectorAll(".md-tooltip2--active").forEach((tooltip) => {
      tooltip.style.visibility = "hidden";
    });
  });
  document.addEventListener("focusin", (event) => {
    if (event.target.closest && event.target.closest("abbr")) show();
  });
  document.addEventListener("pointerover", (event) => {
    const term = event.target.closest && event.target.closest("abbr");
    if (term && !(event.relatedTarget && term.contains(event.relatedTarget))) show();
  });

  // Material always opens a term's tooltip below the term (it turns only its dialogs
  // upwards): a term tapped near the bottom of a phone's screen showed a definition cut
  // off by the screen's edge. It opens above the term when it does not fit below and
  // there is more room above, and goes back below when it fits there again. Looked at
  // again whenever Material places it and whenever the page scrolls with it open.
  const GAP = 8; // px between the term and its tooltip, as Material leaves below
  const place = (tooltip) => {
    if (tooltip.getAttribute("role") !== "tooltip" || !tooltip.classList.contains("md-tooltip2--active")) return;
    const host = document.querySelector(`[aria-describedby="${tooltip.id}"]`);
    const inner = tooltip.firstElementChild;
    if (!host || !inner) return;
    const term = host.getBoundingClientRect();
    const height = inner.offsetHeight;
    const below = window.innerHeight - term.bottom;
    // the header stays at the top of the screen, over the tooltips: room above ends there
    const header = document.querySelector(".md-header");
    const above = term.top - (header ? Math.max(0, header.getBoundingClientRect().bottom) : 0);
    const up = below < height + GAP && above > below;
    const y = `${up ? -(GAP + height) : GAP + term.height}px`; // below: where Material puts it
    if (tooltip.style.getPropertyValue("--md-tooltip-y") === y) return;
    tooltip.style.setProperty("--md-tooltip-y", y);
    tooltip.classList.toggle("md-tooltip2--top", up);
    tooltip.classList.toggle("md-tooltip2--bottom", !up);
  };
  const placeOpen = () => document.querySelectorAll(".md-tooltip2--active").forEach(place);
  new MutationObserver((records) => {
    for (const record of records) if (record.target.classList.contains("md-tooltip2")) place(record.target);
  }).observe(document.body, { attributes: true, attributeFilter: ["class", "style"], subtree: true });
  let scrolled = false;
  window.addEventListener(
    "scroll",
    () => {
      if (scrolled) return;
      scrolled = true;
      requestAnimationFrame(() => {
        scrolled = false;
        placeOpen();
      });
    },
    { passive: true },
  );
})();

// Material makes a code block that overflows focusable only where the device reports
// hover (matchMedia("(hover)")), and removes its tabindex elsewhere: on a tablet or a
// phone with a keyboard it could not be scrolled (WCAG 2.1.1). Here on every device,
// checked whenever its size changes or Material touches its tabindex. (These lines and
// the next ran inline in each page, right after this file; here once, kept by the browser.)
(function () {
  function update(code) {
    var overflows = code.scrollWidth > code.clientWidth;
    if (overflows && !code.hasAttribute("tabindex")) code.tabIndex = 0;
  }
  var resized = new ResizeObserver(function (entries) {
    entries.forEach(function (entry) { update(entry.target); });
  });
  var touched = new MutationObserver(function (records) {
    records.forEach(function (record) { update(record.target); });
  });
  document$.subscribe(function () {
    document.querySelectorAll(".md-typeset pre > code").forEach(function (code) {
      update(code);
      resized.observe(code);
      touched.observe(code, { attributes: true, attributeFilter: ["tabindex"] });
    });
  });
})();

// Material wraps wide tables in a scrolling box after the page loads. A box that
// scrolls must be reachable by keyboard (WCAG 2.1.1): while it overflows, it is a
// focusable region, named after the heading above its table, numbered when two
// would share a name. Checked again when the window changes size (a phone turned).
(function () {
  function label() {
    var names = {};
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (box) {
      // the class shows, above a table wider than the screen, that it scrolls (ecole.css)
      box.classList.toggle("ecole-defile", box.scrollWidth > box.clientWidth);
      if (box.scrollWidth <= box.clientWidth) {
        ["tabindex", "role", "aria-label"].forEach(function (name) { box.removeAttribute(name); });
        return;
      }
      var heading = null;
      for (var node = box; node && !heading && node.tagName !== "ARTICLE"; node = node.parentElement) {
        heading = node.previousElementSibling;
        while (heading && !/^H[1-6]$/.test(heading.tagName)) heading = heading.previousElementSibling;
      }
      var name = "Tableau" + (heading ? "\u00a0: " + heading.textContent.trim() : "");
      names[name] = (names[name] || 0) + 1;
      box.tabIndex = 0;
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", names[name] > 1 ? name + " (" + names[name] + ")" : name);
    });
  }
  var pending = false;
  document$.subscribe(label);
  window.addEventListener("resize", function () {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () { pending = false; label(); });
  });
})();
