/* commentmod loader: <script src="https://comments.example/embed.js" data-article-id="..." async></script>
 * Inserts the comment widget in an iframe served by the comment service (isolated from the host
 * page's CSS and JS) and keeps the iframe as tall as its content. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) { return; }
  var base = new URL(script.src).origin;
  var data = script.dataset;
  var id = data.articleId;
  if (!id) { console.error("commentmod: data-article-id is required"); return; }
  var url = data.articleUrl || window.location.href.split("#")[0];
  var title = data.articleTitle || document.title;
  var frame = document.createElement("iframe");
  frame.src = base + "/embed/a/" + encodeURIComponent(id) +
    "?url=" + encodeURIComponent(url) + "&title=" + encodeURIComponent(title);
  frame.title = data.frameTitle || "Comments";
  frame.setAttribute("scrolling", "no");
  frame.style.cssText = "display:block;width:100%;border:0;overflow:hidden;height:480px";
  frame.className = "commentmod-frame";
  var target = data.target ? document.querySelector(data.target) : null;
  if (target) { target.appendChild(frame); } else { script.parentNode.insertBefore(frame, script.nextSibling); }
  window.addEventListener("message", function (event) {
    if (event.origin !== base || event.source !== frame.contentWindow) { return; }
    var msg = event.data;
    if (msg && msg.type === "commentmod:height" && typeof msg.height === "number") {
      frame.style.height = Math.max(100, Math.ceil(msg.height)) + "px";
    }
  });
})();
