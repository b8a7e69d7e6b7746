/* Dashboard enhancement: keyboard, decisions without reload, undo. The HTML forms work without it. */
(function () {
  "use strict";
  var UNDO_MS = 6000;
  var current = null;
  var lastDecided = null;

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
    box._timer = setTimeout(function () { box.hidden = true; lastDecided = null; }, UNDO_MS);
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
      lastDecided = card;
      select(next);
      toast("Comment " + card.dataset.id + " " + res.body.status + ".", undo);
    });
  }

  function undo() {
    var card = lastDecided;
    if (!card) { return; }
    var form = card.querySelector("form.decide");
    var data = new FormData();
    data.append("action", "reopen");
    data.append("note", "undo");
    send(form.getAttribute("action"), data).then(function (res) {
      if (!res.ok) { toast("Undo failed: " + res.body.error); return; }
      card.hidden = false;
      lastDecided = null;
      select(card);
      toast("Comment " + card.dataset.id + " is back in the queue.");
    });
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
    var help = document.querySelector("[data-help]");
    var dialog = document.getElementById("keys");
    if (help && dialog) { help.addEventListener("click", function () { dialog.showModal(); }); }

    document.addEventListener("keydown", function (event) {
      var tag = (event.target.tagName || "").toLowerCase();
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
      else if (/^[1-9]$/.test(key) && current) {
        var sel = current.querySelector("select[name=reason]");
        var index = parseInt(key, 10) - 1;
        if (index < sel.options.length) { sel.selectedIndex = index; }
      } else { return; }
      event.preventDefault();
    });
  });
})();
