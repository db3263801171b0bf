"use strict";
(function () {
  var form = document.getElementById("answers");
  if (!form) { return; }
  var csrf = document.querySelector('meta[name="csrf-token"]').content;
  var assignment = form.dataset.assignment;
  var timers = {};
  function show(part, text) {
    fetch("/api/preview", {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRF-Token": csrf},
      body: JSON.stringify({assignment: assignment, part: part, answer: text})
    }).then(function (r) { return r.ok ? r.json() : null; }).then(function (body) {
      var out = document.getElementById("preview-" + part);
      if (!out || !body) { return; }
      // body.html is MathML the server built from its own rendering and passed through the report's whitelist
      out.innerHTML = body.html;
    }).catch(function () {});
  }
  form.querySelectorAll("textarea[data-part]").forEach(function (box) {
    var part = box.dataset.part;
    box.addEventListener("input", function () {
      clearTimeout(timers[part]);
      timers[part] = setTimeout(function () { show(part, box.value); }, 200);
    });
    if (box.value.trim()) { show(part, box.value); }
  });
})();
