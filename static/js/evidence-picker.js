// Evidence picker (佐证材料) of the scoring sheet: progressive enhancement of a
// grouped multiple <select data-evidence-picker>. Without JavaScript the select
// itself works; with it, a search box and checkboxes grouped by kind replace it
// (the select stays in the form, hidden, and carries the choice). No inline
// script or style attribute: the content security policy forbids them.
(function () {
  "use strict";
  var serial = 0;

  function text(value) {
    return (value || "").toLowerCase();
  }

  function build(select) {
    var wrap = document.createElement("div");
    wrap.className = "cx-picker border rounded p-1 bg-white";
    wrap.setAttribute("data-testid", "evidence-picker");
    var search = document.createElement("input");
    search.type = "search";
    search.className = "form-control form-control-sm mb-1";
    search.placeholder = select.getAttribute("data-search-label") || "";
    search.setAttribute("aria-label", search.placeholder);
    var count = document.createElement("div");
    count.className = "small text-muted mb-1";
    var list = document.createElement("div");
    list.className = "cx-picker-list";
    list.style.maxHeight = "14rem";
    list.style.overflowY = "auto";
    var empty = document.createElement("div");
    empty.className = "small text-muted px-1";
    empty.textContent = select.getAttribute("data-none-label") || "";
    empty.hidden = true;
    var rows = [];
    var groups = [];

    function addOption(option, group) {
      serial += 1;
      var id = "cx-picker-" + serial;
      var row = document.createElement("div");
      row.className = "form-check py-2 mb-0";
      var box = document.createElement("input");
      box.type = "checkbox";
      box.className = "form-check-input";
      box.id = id;
      box.checked = option.selected;
      box.addEventListener("change", function () {
        option.selected = box.checked;
        update();
      });
      var label = document.createElement("label");
      label.className = "form-check-label small";
      label.htmlFor = id;
      label.textContent = option.textContent;
      row.appendChild(box);
      row.appendChild(label);
      (group ? group.body : list).appendChild(row);
      rows.push({ row: row, box: box, words: text(option.textContent), group: group });
    }

    Array.prototype.forEach.call(select.children, function (child) {
      if (child.tagName === "OPTGROUP") {
        var section = document.createElement("div");
        var head = document.createElement("div");
        head.className = "small fw-bold text-secondary mt-1";
        head.textContent = child.label;
        var body = document.createElement("div");
        section.appendChild(head);
        section.appendChild(body);
        list.appendChild(section);
        var group = { section: section, body: body, words: text(child.label) };
        groups.push(group);
        Array.prototype.forEach.call(child.children, function (option) {
          addOption(option, group);
        });
      } else if (child.tagName === "OPTION") {
        addOption(child, null);
      }
    });

    function update() {
      var chosen = rows.filter(function (r) { return r.box.checked; }).length;
      var template = select.getAttribute("data-count-label") || "%(n)s";
      count.textContent = template.replace("%(n)s", String(chosen));
    }

    function filter() {
      var words = text(search.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (r) {
        var haystack = r.words + " " + (r.group ? r.group.words : "");
        var match = r.box.checked || words.every(function (w) {
          return haystack.indexOf(w) !== -1;
        });
        r.row.hidden = !match;
        if (match) { shown += 1; }
      });
      groups.forEach(function (g) {
        g.section.hidden = !Array.prototype.some.call(g.body.children, function (c) {
          return !c.hidden;
        });
      });
      empty.hidden = shown > 0;
    }

    search.addEventListener("input", filter);
    search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); }
    });
    wrap.appendChild(search);
    wrap.appendChild(count);
    wrap.appendChild(list);
    wrap.appendChild(empty);
    select.hidden = true;
    select.parentNode.insertBefore(wrap, select.nextSibling);
    update();
  }

  document.querySelectorAll("select[multiple][data-evidence-picker]").forEach(build);
})();
