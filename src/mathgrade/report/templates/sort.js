// Sort a table by a column: each <th> button with data-col sorts its table's body by that column's
// data-sort values (numbers where they parse, text otherwise); a second press reverses. Nothing else runs.
document.querySelectorAll("table.sortable th button[data-col]").forEach(function (button) {
  button.addEventListener("click", function () {
    var th = button.closest("th"), table = button.closest("table"), body = table.tBodies[0];
    var col = Number(button.dataset.col), down = th.getAttribute("aria-sort") === "ascending";
    table.querySelectorAll("th[aria-sort]").forEach(function (other) { other.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", down ? "descending" : "ascending");
    var rows = Array.prototype.slice.call(body.rows);
    var key = function (row) {
      var cell = row.cells[col], raw = cell ? (cell.dataset.sort || cell.textContent.trim()) : "";
      var n = Number(raw);
      return raw !== "" && !isNaN(n) ? [0, n] : [1, raw.toLowerCase()];
    };
    rows.sort(function (a, b) {
      var x = key(a), y = key(b), c = x[0] - y[0] || (x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0);
      return down ? -c : c;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  });
});
