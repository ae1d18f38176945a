// © 2026 les contributeurs de l'École de l'innovation publique — licence MIT (SPDX-License-Identifier: MIT).
// École de l'innovation publique — the search index is loaded when a reader searches.
//
// Material starts its search worker and downloads search/search_index.json as
// soon as a page loads: the index alone weighed more than the rest of a module
// page, for readers who mostly never search. This script, loaded just before
// Material's, holds both back until the reader opens the search (the search
// box focused, its button, or Material's keyboard shortcuts, which all go
// through the #__search toggle), or arrives from a search result whose words
// the page highlights (?h=). Material's code is left untouched: the request for
// the index is created as usual and sent later; the worker is created later
// behind a stand-in that keeps its listeners and messages until then, from a
// script that also sets the accents aside (javascripts/workers/ecole-recherche-worker.js).
// Offline (file://), Material already waits for the search to open and loads
// the index as a script; the worker waits the same way here.
//
// The drawer and the search box, on every page (these lines ran inline in each page, before
// this script; here once, kept by the browser).
(() => {
  // Material's drawer and search checkboxes lose their autocomplete="off" (invalid on a
  // checkbox, see tools/ecole/adapter/compact_html.py): a browser that restores form
  // controls on a return to the page would reopen them, so both are closed when a page is shown.
  window.addEventListener("pageshow", function () {
    ["__drawer", "__search"].forEach(function (id) {
      var toggle = document.getElementById(id);
      if (toggle && toggle.checked) {
        toggle.checked = false;
        toggle.dispatchEvent(new Event("change"));
      }
    });
  });
  // The search form's submit button opens the best result, as Enter does in Material
  // (the highest data-md-score among the first items); the form is never sent.
  document.querySelectorAll(".md-search__form").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var best = null;
      var results = document.querySelector("[data-md-component=search-result]");
      (results ? results.querySelectorAll(":first-child [href]") : []).forEach(function (link) {
        var score = parseFloat(link.firstElementChild && link.firstElementChild.getAttribute("data-md-score"));
        if (!isNaN(score) && (!best || score > best.score)) best = { link: link, score: score };
      });
      if (best) best.link.click();
    });
  });
  // On a phone the search field is off the screen until the search opens, and only a
  // click on the magnifier (a label, out of the tab order) opened it: the Tab key
  // stopped on the invisible field. Reaching the field opens the search, as on a desktop.
  document.querySelectorAll(".md-search__input").forEach(function (query) {
    query.addEventListener("focus", function () {
      var toggle = document.getElementById("__search");
      if (toggle && !toggle.checked) {
        toggle.checked = true;
        toggle.dispatchEvent(new Event("change"));
      }
    });
  });
})();

(() => {
  "use strict";

  const waiting = [];
  let started = false;

  function start() {
    if (started) return;
    started = true;
    waiting.splice(0).forEach((run) => run());
  }

  function later(run) {
    if (started) run();
    else waiting.push(run);
  }

  const isIndex = (url) => /\/search\/search_index\.json$/.test(String(url).split(/[?#]/)[0]);

  const { open, send } = XMLHttpRequest.prototype;
  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    this.ecoleSearchIndex = isIndex(url);
    return open.call(this, method, url, ...rest);
  };
  XMLHttpRequest.prototype.send = function (...args) {
    if (!this.ecoleSearchIndex) return send.apply(this, args);
    later(() => send.apply(this, args));
  };

  // The worker Material names in its configuration, and no other.
  let workerUrl = null;
  try {
    const config = JSON.parse(document.getElementById("__config").textContent);
    workerUrl = config.search ? new URL(config.search, location.href).href : null;
  } catch {
    workerUrl = null;
  }
  // Material's worker is started from the script that folds the accents of the index and of
  // the queries (javascripts/workers/ecole-recherche-worker.js), which loads it as it is
  const folding = () => {
    const material = encodeURIComponent(workerUrl.split(/[?#]/)[0].split("/").pop());
    return new URL(`ecole-recherche-worker.js#${material}`, workerUrl).href;
  };
  const NativeWorker = window.Worker;
  if (NativeWorker && workerUrl) {
    window.Worker = function (url, options) {
      if (new URL(String(url), location.href).href !== workerUrl) return new NativeWorker(url, options);
      if (started) return new NativeWorker(folding(), options);
      const listeners = [];
      const messages = [];
      let worker = null;
      let ended = false;
      const standIn = {
        addEventListener(...args) {
          if (worker) worker.addEventListener(...args);
          else listeners.push(args);
        },
        removeEventListener(...args) {
          if (worker) worker.removeEventListener(...args);
          else {
            const found = listeners.findIndex(([type, listener]) => type === args[0] && listener === args[1]);
            if (found >= 0) listeners.splice(found, 1);
          }
        },
        postMessage(...args) {
          if (worker) worker.postMessage(...args);
          else messages.push(args);
        },
        terminate() {
          if (worker) worker.terminate();
          ended = true;
        },
      };
      // Handlers set as properties (Zensical's script does), kept the same way.
      const handlers = {};
      ["onmessage", "onerror", "onmessageerror"].forEach((name) => {
        Object.defineProperty(standIn, name, {
          get: () => (worker ? worker[name] : (handlers[name] ?? null)),
          set: (value) => {
            if (worker) worker[name] = value;
            else handlers[name] = value;
          },
        });
      });
      later(() => {
        if (ended) return;
        worker = new NativeWorker(folding(), options);
        Object.entries(handlers).forEach(([name, value]) => {
          worker[name] = value;
        });
        listeners.splice(0).forEach((args) => worker.addEventListener(...args));
        messages.splice(0).forEach((args) => worker.postMessage(...args));
      });
      return standIn;
    };
  }

  if (/[?&]h=/.test(location.search)) start();
  const toggle = document.getElementById("__search");
  if (toggle) {
    toggle.addEventListener("change", () => {
      if (toggle.checked) start();
    });
  }
  document.addEventListener("focusin", (event) => {
    if (event.target.closest?.("[data-md-component=search]")) start();
  });

  // Material reads the query on keyup (and on focus, and once when the index is
  // ready), never on input: a query pasted with the mouse, or with Ctrl+V once
  // the index is ready, showed nothing until another key was pressed. Offline
  // (file://) the index is a script, ready as soon as the search opens, so a
  // query pasted right after load always came too late. Each change of the
  // query is therefore announced as a keyup too; a typed key, announced twice,
  // is read once (Material drops a value equal to the last one).
  document.addEventListener("input", (event) => {
    if (event.target.matches?.("[data-md-component=search-query]")) {
      event.target.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
    }
  });
})();
