// A <select data-autosubmit> sends its form when it changes (the language menu, list filters).
// Without JavaScript the form's own button (in <noscript>) does the same.
document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
  select.addEventListener("change", function () { select.form.submit(); });
});
