/* The workbench: choosing an element in the tree outlines its boxes on the page, choosing a box
   selects its element in the tree; #el-N in the address selects element N. No other script runs. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("element-data").textContent);
  var panel = document.getElementById("selected");
  var current = null;

  function row(dl, term, value) {
    if (value === null || value === undefined || value === "") return;
    var dt = document.createElement("dt"), dd = document.createElement("dd");
    dt.textContent = term; dd.textContent = value;
    dl.appendChild(dt); dl.appendChild(dd);
  }

  function describe(n) {
    var d = data[String(n)];
    panel.textContent = "";
    var h = document.createElement("h3");
    h.textContent = "Selected element " + n;
    panel.appendChild(h);
    if (!d) return;
    var dl = document.createElement("dl");
    row(dl, "Type", d.type); row(dl, "Path", d.path); row(dl, "Pages", d.pages);
    row(dl, "Lang", d.lang); row(dl, "Alt", d.alt); row(dl, "ActualText", d.actual);
    row(dl, "E (expansion)", d.e); row(dl, "ID", d.id); row(dl, "Title", d.title);
    Object.keys(d.attrs).forEach(function (k) { row(dl, k, d.attrs[k]); });
    (d.mc || []).forEach(function (m) { row(dl, "Marked content lang", m); });
    row(dl, "Text", d.text);
    row(dl, "Findings", d.findings);
    panel.appendChild(dl);
  }

  function openTo(button) {
    var node = button.parentElement;
    while (node && node !== document.body) {
      if (node.id && node.id.indexOf("kids-") === 0 && node.hidden) {
        node.hidden = false;
        var toggle = node.parentElement.querySelector(":scope > button.toggle");
        if (toggle) toggle.setAttribute("aria-expanded", "true");
      }
      node = node.parentElement;
    }
  }

  function select(n, from) {
    if (current !== null) {
      document.querySelectorAll('.box.selected').forEach(function (b) { b.classList.remove("selected"); });
      var old = document.getElementById("tree-el-" + current);
      if (old) old.removeAttribute("aria-current");
    }
    current = n;
    var boxes = document.querySelectorAll('.box[data-number="' + n + '"]');
    boxes.forEach(function (b) { b.classList.add("selected"); });
    var button = document.getElementById("tree-el-" + n);
    if (button) {
      openTo(button);
      button.setAttribute("aria-current", "true");
      if (from === "box") button.focus({ preventScroll: true });
      button.scrollIntoView({ block: "nearest" });
    }
    if (boxes.length && from !== "box") boxes[0].scrollIntoView({ block: "center" });
    describe(n);
    document.body.setAttribute("data-selected", String(n));
  }

  document.addEventListener("click", function (event) {
    var toggle = event.target.closest("button.toggle");
    if (toggle) {
      var kids = document.getElementById(toggle.getAttribute("aria-controls"));
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", String(open));
      if (kids) kids.hidden = !open;
      return;
    }
    var el = event.target.closest("button.el");
    if (el) { select(el.id.slice("tree-el-".length), "tree"); return; }
    var box = event.target.closest(".box[data-number]");
    if (box) select(box.getAttribute("data-number"), "box");
  });

  function fromHash() {
    var m = /^#el-(\d+)$/.exec(location.hash);
    if (m) select(m[1], "hash");
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();
})();
