/* Sorts the scorecard in place. Without JavaScript each column heading is a link to the same table
   ordered on the server; here each becomes a button (Tab reaches it, Enter or Space presses it).
   The first press orders the column as the server would (largest, newest, or A to Z for offices),
   the next press reverses it; aria-sort on the heading tells screen readers which column orders
   the table and which way. Cells carry the value to order by in data-sort; a cell with nothing
   to order by ("—") stays last either way. */
(function () {
  "use strict";
  var table = document.querySelector("table.bank-scorecard[data-sortable]");
  if (!table) return;
  var headings = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var body = table.tBodies[0];
  var note = document.getElementById("scorecard-order");
  var collator = new Intl.Collator(document.documentElement.lang || undefined);

  function key(row, index, type) {
    var raw = row.cells[index].getAttribute("data-sort");
    if (raw === null || raw === "") return null;
    return type === "number" || type === "share" ? parseFloat(raw) : raw;
  }

  function compare(a, b, type) {
    if (type === "text") return collator.compare(a, b);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  function sort(index, descending) {
    var type = headings[index].getAttribute("data-type");
    var rows = Array.prototype.slice.call(body.rows).map(function (row) {
      return { row: row, key: key(row, index, type), name: key(row, 0, "text") };
    });
    rows.sort(function (a, b) {
      if (a.key === null || b.key === null) {
        if (a.key !== b.key) return a.key === null ? 1 : -1;
      } else {
        var order = compare(a.key, b.key, type);
        if (order) return descending ? -order : order;
      }
      return collator.compare(a.name, b.name);
    });
    rows.forEach(function (item) { body.appendChild(item.row); });
    headings.forEach(function (th, i) {
      if (i === index) th.setAttribute("aria-sort", descending ? "descending" : "ascending");
      else th.removeAttribute("aria-sort");
    });
    if (note) note.textContent = note.getAttribute("data-template").replace("{column}", headings[index].textContent.trim());
  }

  headings.forEach(function (th, index) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "bank-scorecard__sort";
    button.textContent = th.textContent.trim();
    th.textContent = "";
    th.appendChild(button);
    var first = th.getAttribute("data-type") === "text" ? "ascending" : "descending";
    button.addEventListener("click", function () {
      var now = th.getAttribute("aria-sort");
      var next = now ? (now === "descending" ? "ascending" : "descending") : first;
      sort(index, next === "descending");
    });
  });
})();
