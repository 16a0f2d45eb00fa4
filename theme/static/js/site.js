/* Reader tools: 字号 大/中/小, 关怀模式 and 打印. Loaded with defer; every page reads fully
   without it (the tools stay hidden and text is 18px). Choices are kept in localStorage and
   applied as attributes on <html> on every page. */
(function () {
  "use strict";
  var root = document.documentElement;
  var SIZE = "hnqf:font-size";
  var CARE = "hnqf:care-mode";
  var SIZES = ["small", "medium", "large"];

  function load(key) {
    try {
      return localStorage.getItem(key);
    } catch (e) {
      return null; // storage blocked: the choice lasts for this page only
    }
  }

  function save(key, value) {
    try {
      localStorage.setItem(key, value);
    } catch (e) {}
  }

  function apply(size, care) {
    root.setAttribute("data-font-size", size);
    if (care) {
      root.setAttribute("data-care-mode", "on");
    } else {
      root.removeAttribute("data-care-mode");
    }
    document.querySelectorAll("button[data-font-size]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.getAttribute("data-font-size") === size));
    });
    document.querySelectorAll("button[data-care-mode]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(care));
    });
  }

  var size = load(SIZE);
  if (SIZES.indexOf(size) < 0) size = "medium";
  var care = load(CARE) === "on";
  apply(size, care);

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) return;
    if (button.hasAttribute("data-font-size")) {
      size = button.getAttribute("data-font-size");
      save(SIZE, size);
    } else if (button.hasAttribute("data-care-mode")) {
      care = !care;
      save(CARE, care ? "on" : "off");
    } else if (button.hasAttribute("data-print")) {
      window.print();
      return;
    } else {
      return;
    }
    apply(size, care);
  });

  document.querySelectorAll("[data-reader-tools]").forEach(function (tools) {
    tools.hidden = false;
  });
})();
