// huinong serve only: reloads the page after a rebuild, and shows a failed rebuild's
// messages over the page (a good build's warnings too, which would stop make publish). The preview server adds this script to the pages it serves; the
// built and published site never contains it.
(function () {
  "use strict";
  var script = document.currentScript;
  var seen = script ? script.getAttribute("data-build") : null;
  var overlay = null;
  var shownFor = null;

  function hide() {
    if (overlay) {
      overlay.remove();
      overlay = null;
    }
  }

  function show(messages, failed) {
    hide();
    var accent = failed ? "#b00020" : "#8a5a00";
    overlay = document.createElement("div");
    overlay.id = "huinong-preview-errors";
    overlay.setAttribute("role", "alert");
    var s = overlay.style; // CSSOM, not a style attribute: allowed by the site's CSP
    s.position = "fixed";
    s.left = "0";
    s.right = "0";
    s.top = "0";
    s.maxHeight = "80vh";
    s.overflow = "auto";
    s.zIndex = "2147483647";
    s.background = failed ? "#fff4f4" : "#fffbea";
    s.color = "#1a1a1a";
    s.borderBottom = "4px solid " + accent;
    s.padding = "1rem 1.25rem";
    s.font = "1.125rem/1.6 system-ui, sans-serif";
    s.boxShadow = "0 4px 16px rgba(0,0,0,.25)";
    var title = document.createElement("h2");
    title.textContent = failed
      ? "构建失败：页面仍是上一次成功构建的结果。请按下面的提示修改，保存后会自动重试。"
      : "构建成功，但有警告：发布（make publish）前必须改好。";
    title.style.margin = "0 0 .5rem";
    title.style.fontSize = "1.25rem";
    title.style.color = accent;
    overlay.appendChild(title);
    var list = document.createElement("ul");
    list.style.margin = "0";
    list.style.paddingLeft = "1.25rem";
    messages.forEach(function (line) {
      var item = document.createElement("li");
      item.textContent = line;
      item.style.margin = ".25rem 0";
      item.style.wordBreak = "break-all";
      list.appendChild(item);
    });
    overlay.appendChild(list);
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "关闭提示";
    close.style.marginTop = ".75rem";
    close.style.font = "inherit";
    close.addEventListener("click", hide);
    overlay.appendChild(close);
    document.body.appendChild(overlay);
  }

  function poll() {
    fetch("/__huinong__/status", { cache: "no-store" })
      .then(function (response) {
        return response.json();
      })
      .then(function (status) {
        var build = String(status.build);
        if (status.ok && build !== seen) {
          location.reload(); // a good rebuild: show it
          return;
        }
        if (status.ok && !status.messages.length) {
          hide();
        } else if (shownFor !== build) {
          shownFor = build; // once per build: the editor may close it
          show(status.messages, !status.ok);
        }
        seen = build;
        setTimeout(poll, 200);
      })
      .catch(function () {
        setTimeout(poll, 1000); // the preview was stopped, or is restarting
      });
  }

  poll();
})();
