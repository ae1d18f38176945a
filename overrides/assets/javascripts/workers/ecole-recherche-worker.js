// © 2026 les contributeurs de l'École de l'innovation publique — licence MIT (SPDX-License-Identifier: MIT).
// École de l'innovation publique — Material's search worker, with the accents set aside.
//
// A learner types « evaluation » or « demarche » as often as « évaluation »: lunr, the
// engine in Material's worker, found only the accented words. This script is started in
// place of Material's worker (overrides/assets/ecole-recherche.js names it, with Material's
// script after « # »), loads that script unchanged, and folds the words of the index and of
// each query: « Évaluation », « evaluation » and « évaluation » are one word for the search;
// the results still show the text as written (lunr keeps the positions of the words).
// In a browser, this script's address is self.location; in the offline copy, where an
// iframe stands in for the worker, it is the address of this script's element.
(() => {
  "use strict";

  const fold = (text) => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/œ/g, "oe").replace(/æ/g, "ae");

  // lunr runs every word of the index through a pipeline, and every word of a query
  function folding(lunr) {
    if (lunr && lunr.Pipeline && !lunr.Pipeline.prototype.ecoleFolds) {
      const run = lunr.Pipeline.prototype.run;
      lunr.Pipeline.prototype.run = function (tokens) {
        return run.call(this, tokens.map((token) => token.update((text) => fold(text))));
      };
      lunr.Pipeline.prototype.ecoleFolds = true;
    }
    return lunr;
  }
  // Material's script makes lunr, then hands it to the scope (self.lunr = …): folded then
  let engine;
  Object.defineProperty(self, "lunr", {
    configurable: true,
    get: () => engine,
    set: (lunr) => {
      engine = folding(lunr);
    },
  });

  // The query as typed is folded too before Material reads it (message type 2): the words it
  // reports found or « Non trouvé » are compared with the folded words of the index.
  const listen = self.addEventListener.bind(self);
  self.addEventListener = (type, listener, options) => {
    if (type !== "message") return listen(type, listener, options);
    return listen(
      type,
      (event) => {
        const message = event.data;
        if (!message || message.type !== 2 || typeof message.data !== "string") return listener(event);
        return listener(new MessageEvent("message", { data: { ...message, data: fold(message.data) } }));
      },
      options,
    );
  };

  const script = typeof document !== "undefined" && document.currentScript ? document.currentScript.src : self.location.href;
  // the offline stand-in adds « ?<time> » to the address: after the « # », it is not the name
  const material = decodeURIComponent(script.split("#")[1] || "").split("?")[0];
  if (!/^search\.[\w.-]+\.js$/.test(material)) {
    throw new Error(`ecole-recherche-worker : script de recherche inconnu « ${material} »`);
  }
  importScripts(new URL(material, script.split("#")[0]).href);
})();
