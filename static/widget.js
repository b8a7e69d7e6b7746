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

  var POLL_FIRST_MS = 5000, POLL_MAX_MS = 5 * 60 * 1000;
  var pollDelay = POLL_FIRST_MS, pollTimer = null;

  function showOwn(html) {
    var own = document.getElementById("cm-own");
    if (!own || !html || !html.trim()) { return; }
    if (own.innerHTML.trim() !== html.trim()) {
      own.innerHTML = html;  /* server-rendered, escaped by Jinja */
      localTimes(own);
    }
    own.hidden = false;
    postHeight();
  }

  /* The reader's own comments, and while one of them waits for moderation, again later: after
   * 5 s, then twice as long each time up to 5 minutes, so "Awaiting moderation" turns
   * "Published" without a reload and an idle tab costs the server almost nothing. */
  function loadOwn() {
    var tokens = readTokens();
    var url = document.body.dataset.mineUrl;
    if (!tokens.length || !url || !window.fetch) { return; }
    fetch(url, { method: "POST", headers: { "Content-Type": "application/json" },
                 body: JSON.stringify({ tokens: tokens }), credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        showOwn(html);
        if (document.querySelector("#cm-own .cm-status-pending")) {
          clearTimeout(pollTimer);
          pollTimer = setTimeout(loadOwn, pollDelay);
          pollDelay = Math.min(pollDelay * 2, POLL_MAX_MS);
        }
      })
      .catch(function () { /* the server-rendered view stays; no further polling */ });
  }

  /* Times in the reader's own time zone and language, relative ("2 hours ago"), the exact
   * time on hover. Without the script the server's UTC time stays. */
  function localTimes(root) {
    if (!window.Intl || !Intl.RelativeTimeFormat) { return; }
    var lang = document.documentElement.lang || undefined;
    var rel = new Intl.RelativeTimeFormat(lang, { numeric: "auto" });
    var steps = [["year", 31536000], ["month", 2592000], ["week", 604800], ["day", 86400],
                 ["hour", 3600], ["minute", 60]];
    (root || document).querySelectorAll("time[datetime]").forEach(function (el) {
      var when = new Date(el.getAttribute("datetime"));
      if (isNaN(when.getTime())) { return; }
      var seconds = (when.getTime() - Date.now()) / 1000;
      var text = rel.format(0, "minute");
      for (var i = 0; i < steps.length; i++) {
        if (Math.abs(seconds) >= steps[i][1]) { text = rel.format(Math.round(seconds / steps[i][1]), steps[i][0]); break; }
      }
      el.title = when.toLocaleString(lang, { dateStyle: "long", timeStyle: "short" });
      el.textContent = text;
    });
  }

  /* The name the reader gave last time, kept in this browser only (never sent unasked). */
  var NAME_STORE = "commentmod:name";
  function rememberName() {
    var name = document.getElementById("cm-author_name");
    if (!name) { return; }
    try {
      if (!name.value) { name.value = window.localStorage.getItem(NAME_STORE) || ""; }
      name.form.addEventListener("submit", function () {
        try { window.localStorage.setItem(NAME_STORE, name.value.trim()); } catch (e) { /* refused */ }
      });
    } catch (e) { /* storage refused */ }
  }

  /* After posting, the thank-you message takes the focus (a screen reader reads it; the page
   * scrolls to it), not the top of the page. */
  function focusNotice() {
    var notice = document.querySelector("#cm-live .cm-notice, #cm-form-alert");
    if (!notice) { return; }
    notice.setAttribute("tabindex", "-1");
    notice.focus();
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
    rememberName();
    counters();
    sendKnownTokens();
    localTimes(document);
    loadOwn();
    focusNotice();
    postHeight();
    if (window.ResizeObserver) { new ResizeObserver(postHeight).observe(document.body); }
    window.addEventListener("load", postHeight);
  });
})();
