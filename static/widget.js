/* Runs inside the widget iframe: resize the frame, count characters, remember status tokens. */
(function () {
  "use strict";
  var STORE = "commentmod:tokens";
  var KEY_STORE = "commentmod:commenter";

  function postHeight() {
    var height = document.documentElement.scrollHeight;
    if (window.parent !== window) {
      window.parent.postMessage({ type: "commentmod:height", height: height }, "*");
    }
  }

  function readTokens() {
    try { return JSON.parse(window.localStorage.getItem(STORE) || "[]"); } catch (e) { return []; }
  }

  /* The answer to the reader's own post carries its status token (never a URL: a link could
   * plant someone else's): keep it, then go back to the comments. */
  function keepNewToken() {
    var token = document.body.dataset.newToken;
    if (!token) { return false; }
    var tokens = readTokens().filter(function (t) { return t !== token; });
    tokens.unshift(token);
    try { window.localStorage.setItem(STORE, JSON.stringify(tokens.slice(0, 50))); } catch (e) { /* storage refused */ }
    window.location.replace(document.body.dataset.next);
    return true;
  }

  function loadOwn() {
    var tokens = readTokens();
    var url = document.body.dataset.mineUrl;
    if (!tokens.length || !url || !window.fetch) { return; }
    fetch(url, { method: "POST", headers: { "Content-Type": "application/json" },
                 body: JSON.stringify({ tokens: tokens }), credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (!html || !html.trim()) { return; }
        var own = document.getElementById("cm-own");
        own.innerHTML = html;  /* server-rendered, escaped by Jinja */
        own.hidden = false;
        postHeight();
      })
      .catch(function () { /* the server-rendered view stays */ });
  }

  /* The tokens this browser kept go with a new post: one of an approved comment shows a known
   * commenter, who keeps posting while a flood of new clients fills the article's limit. */
  function sendKnownTokens() {
    var field = document.getElementById("cm-known-tokens");
    if (!field) { return; }
    field.form.addEventListener("submit", function () { field.value = readTokens().join(" "); });
  }

  /* The commenter key: who this reader is, across visits and addresses. The page carries the
   * cookie's key (or a new one); a key kept in localStorage from before wins, so a browser that
   * drops the iframe's cookies keeps its history. It goes with every post. */
  function keepCommenterKey() {
    var field = document.getElementById("cm-commenter-key");
    var fresh = document.body.dataset.commenterKey;
    var kept = null;
    try { kept = window.localStorage.getItem(KEY_STORE); } catch (e) { /* storage refused */ }
    if (!kept || !/^[A-Za-z0-9_-]{16,128}$/.test(kept)) {
      kept = fresh;
      try { if (kept) { window.localStorage.setItem(KEY_STORE, kept); } } catch (e) { /* refused */ }
    }
    if (field && kept) { field.value = kept; }
  }

  function counters() {
    var body = document.getElementById("cm-body");
    var out = document.getElementById("cm-body-count");
    if (!body || !out) { return; }
    var max = parseInt(body.dataset.max, 10);
    var template = body.dataset.countTemplate;
    function update() {
      var n = body.value.length;
      out.textContent = template.replace("{n}", n).replace("{max}", max);
      out.classList.toggle("cm-over", n > max);
    }
    body.addEventListener("input", update);
    update();
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (keepNewToken()) { return; }
    keepCommenterKey();
    counters();
    sendKnownTokens();
    loadOwn();
    postHeight();
    if (window.ResizeObserver) { new ResizeObserver(postHeight).observe(document.body); }
    window.addEventListener("load", postHeight);
  });
})();
