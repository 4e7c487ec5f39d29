// A suggestion fills the department field; without JavaScript the datalist still offers them.
document.querySelectorAll(".suggestion").forEach(function (button) {
  button.addEventListener("click", function () {
    document.getElementById("id_department").value = button.dataset.name;
    document.getElementById("id_new_department").checked = false;
  });
});
