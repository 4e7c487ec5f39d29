/* Leave empty fields out of a filter form's URL, so a shared link holds only what was chosen. */
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("filters")) { return; }
    Array.prototype.forEach.call(form.elements, function (field) {
      if (field.name && field.value === "") { field.disabled = true; }
    });
  });
  // Coming back with the browser's back button must find the fields usable again.
  window.addEventListener("pageshow", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form.filters [disabled]"),
      function (field) { field.disabled = false; });
  });
})();
