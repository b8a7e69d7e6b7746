/* Dashboard enhancement: keyboard, decisions without reload, an undo stack, a live count and
 * a "new comments" bar. The HTML forms work without it. */
(function () {
  "use strict";
  var TOAST_MS = 8000;
  var UNDO_WINDOW_MS = 10 * 60 * 1000;  /* decisions of the last 10 minutes can be undone */
  var DIGIT_MS = 900;                   /* a second digit within this picks reasons 10+ */
  var current = null;
  var undoStack = [];                   /* {card, at}: the most recent decision last */
  var digit = null;                     /* {value, at}: the first digit of a reason number */

  function cards() { return Array.prototype.slice.call(document.querySelectorAll("#queue .card:not([hidden])")); }
  function csrf() { var el = document.querySelector("input[name=csrf_token]"); return el ? el.value : ""; }

  function select(card) {
    if (current) { current.classList.remove("current"); }
    current = card || null;
    if (current) { current.classList.add("current"); current.focus({ preventScroll: true }); current.scrollIntoView({ block: "nearest" }); }
  }

  function move(step) {
    var list = cards();
    if (!list.length) { return; }
    var i = list.indexOf(current);
    select(list[Math.max(0, Math.min(list.length - 1, i < 0 ? 0 : i + step))]);
  }

  function toast(html, undo) {
    var box = document.getElementById("toast");
    if (!box) { return; }
    box.textContent = "";
    var span = document.createElement("span");
    span.textContent = html;
    box.appendChild(span);
    if (undo) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = "Undo";
      button.className = "undo";
      button.addEventListener("click", undo);
      box.appendChild(button);
    }
    box.hidden = false;
    clearTimeout(box._timer);
    box._timer = setTimeout(function () { box.hidden = true; }, TOAST_MS);
  }

  function undoable() {
    var now = Date.now();
    undoStack = undoStack.filter(function (d) { return now - d.at < UNDO_WINDOW_MS; });
    return undoStack.length;
  }

  function send(url, data) {
    data.append("csrf_token", csrf());
    return fetch(url, { method: "POST", body: data, credentials: "same-origin",
                        headers: { "Accept": "application/json" } })
      .then(function (r) {
        return r.json().then(function (body) { return { ok: r.ok, body: body }; },
                             function () { return { ok: false, body: { error: "HTTP " + r.status } }; });
      });
  }

  function decide(card, action) {
    var form = card.querySelector("form.decide");
    var data = new FormData();
    data.append("action", action);
    if (action === "reject") { data.append("reason", form.querySelector("select[name=reason]").value); }
    data.append("note", form.querySelector("input[name=note]").value);
    return send(form.getAttribute("action"), data).then(function (res) {
      if (!res.ok) { toast("Comment " + card.dataset.id + ": " + res.body.error); return; }
      var list = cards();
      var next = list[list.indexOf(card) + 1] || list[list.indexOf(card) - 1];
      card.hidden = true;
      var box = card.querySelector("input[name=ids]");
      if (box) { box.checked = false; updateBulkCount(); }
      undoStack.push({ card: card, at: Date.now() });
      select(next);
      emptyState();
      refresh();
      var n = undoable();
      toast("Comment #" + card.dataset.id + " " + res.body.status + "." +
            (n > 1 ? " (" + n + " decisions can be undone, newest first.)" : ""), undo);
    });
  }

  function undo() {
    if (!undoable()) { toast("Nothing to undo."); return; }
    var entry = undoStack.pop();
    var card = entry.card;
    var form = card.querySelector("form.decide");
    var data = new FormData();
    data.append("action", "reopen");
    data.append("note", "undo");
    send(form.getAttribute("action"), data).then(function (res) {
      if (!res.ok) { toast("Undo of comment #" + card.dataset.id + " failed: " + res.body.error); return; }
      card.hidden = false;
      select(card);
      emptyState();
      refresh();
      var left = undoable();
      toast("Comment #" + card.dataset.id + " is back in the queue." +
            (left ? " " + left + " more can be undone." : ""), left ? undo : null);
    });
  }

  /* The page's last card decided: say so, and offer the rest of the queue. */
  function emptyState() {
    var empty = document.getElementById("page-empty");
    if (empty) { empty.hidden = cards().length > 0 || !document.querySelector("#queue .card"); }
  }

  /* The live part: the pending count, the category counts, and a bar for new comments (shown
   * on request, so cards never move under the moderator's cursor). */
  function refresh() {
    var queue = document.getElementById("queue");
    if (!queue || !queue.dataset.summaryUrl || !window.fetch) { return; }
    var url = queue.dataset.summaryUrl + (queue.dataset.summaryUrl.indexOf("?") < 0 ? "?" : "&") +
              "since=" + encodeURIComponent(queue.dataset.newest || "0");
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (body) {
        if (!body || !body.ok) { return; }
        var count = document.getElementById("pending-count");
        if (count) { count.textContent = body.pending + " pending"; }
        document.title = document.title.replace(/^Queue \(\d+\)/, "Queue (" + body.pending + ")");
        var chips = document.getElementById("cat-counts");
        if (chips) {
          chips.querySelectorAll("a.chip").forEach(function (a) {
            var cat = a.className.replace(/.*chip-/, "");
            var n = body.counts[cat] || 0;
            a.textContent = cat.replace(/_/g, " ") + ": " + n;
            a.style.display = n === 0 ? "none" : "";
          });
        }
        var bar = document.getElementById("new-bar");
        var show = document.getElementById("new-show");
        if (bar && show) {
          bar.hidden = !body["new"];
          show.textContent = body["new"] + " new — show";
        }
      })
      .catch(function () { /* the next poll tries again */ });
  }

  function pickReason(card, key) {
    var sel = card.querySelector("select[name=reason]");
    var d = parseInt(key, 10);
    var now = Date.now();
    if (digit && now - digit.at < DIGIT_MS && digit.value * 10 + d <= sel.options.length) {
      sel.selectedIndex = digit.value * 10 + d - 1;
      digit = null;
      return;
    }
    if (d >= 1 && d <= sel.options.length) { sel.selectedIndex = d - 1; }
    digit = d * 10 <= sel.options.length ? { value: d, at: now } : null;
  }

  function updateBulkCount() {
    var n = document.querySelectorAll("#queue input[name=ids]:checked").length;
    var out = document.getElementById("bulk-count");
    if (out) { out.textContent = n + " selected"; }
  }

  /* Forms that act on people (bans, lifting them, resets) ask first: data-confirm="..." */
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (!question) { return; }
    var address = form.querySelector("input[name=address]");
    if (address && address.checked) {
      question += "\n\nThe client address too: this blocks EVERYONE posting from that address.";
    }
    if (!window.confirm(question)) { event.preventDefault(); event.stopImmediatePropagation(); }
  }, true);

  document.addEventListener("DOMContentLoaded", function () {
    var queue = document.getElementById("queue");
    if (!queue) { return; }
    select(cards()[0]);
    queue.addEventListener("submit", function (event) {
      var form = event.target;
      if (!form.classList.contains("decide")) { return; }
      event.preventDefault();
      var action = event.submitter ? event.submitter.value : "approve";
      decide(form.closest(".card"), action);
    });
    queue.addEventListener("click", function (event) {
      var card = event.target.closest(".card");
      if (card && card !== current) { select(card); }
    });
    queue.addEventListener("change", updateBulkCount);
    var show = document.getElementById("new-show");
    if (show) { show.addEventListener("click", function () { window.location.assign(queue.dataset.freshUrl); }); }
    var pollMs = parseInt(queue.dataset.pollMs || "0", 10);
    if (pollMs > 0) {
      setInterval(function () { if (!document.hidden) { refresh(); } }, pollMs);
    }
    var help = document.querySelector("[data-help]");
    var dialog = document.getElementById("keys");
    if (help && dialog) { help.addEventListener("click", function () { dialog.showModal(); }); }

    document.addEventListener("keydown", function (event) {
      var tag = (event.target.tagName || "").toLowerCase();
      if (event.key === "Escape" && (tag === "input" || tag === "textarea" || tag === "select")) {
        /* out of a reason list or note field: back to the card, so the keys work again */
        event.target.blur();
        var owner = event.target.closest && event.target.closest(".card");
        select(owner || current);
        event.preventDefault();
        return;
      }
      if (tag === "input" || tag === "textarea" || tag === "select" || event.ctrlKey || event.metaKey || event.altKey) { return; }
      if (dialog && dialog.open) { return; }
      var key = event.key;
      if (key === "j") { move(1); }
      else if (key === "k") { move(-1); }
      else if (key === "a" && current) { decide(current, "approve"); }
      else if (key === "r" && current) { decide(current, "reject"); }
      else if (key === "x" && current) { var box = current.querySelector("input[name=ids]"); box.checked = !box.checked; updateBulkCount(); }
      else if (key === "u") { undo(); }
      else if (key === "?") { if (dialog) { dialog.showModal(); } }
      else if (/^[0-9]$/.test(key) && current) { pickReason(current, key); }
      else { return; }
      event.preventDefault();
    });
  });
})();
