// Drag and drop on the prioritisation page. An enhancement only: every row has "Move up"
// and "Move down" buttons that work as a plain form, with the keyboard alone and without
// JavaScript. Dropping a row on another puts it at that row's place, through the same
// form (and the same reason field) as the buttons.
(function () {
  "use strict";
  var table = document.querySelector("[data-reorder-form]");
  if (!table) {
    return;
  }
  var form = document.getElementById(table.getAttribute("data-reorder-form"));
  var place = form.querySelector('input[name="place"]');
  var reason = form.querySelector('textarea[name="reason"]');
  var status = document.getElementById("reorder-status");
  var dragged = null;

  function clearTargets() {
    table.querySelectorAll(".is-drop-target").forEach(function (row) {
      row.classList.remove("is-drop-target");
    });
  }

  table.querySelectorAll("tr[data-wish]").forEach(function (row) {
    row.setAttribute("draggable", "true");
    row.addEventListener("dragstart", function (event) {
      dragged = row;
      row.classList.add("is-dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", row.getAttribute("data-wish"));
    });
    row.addEventListener("dragend", function () {
      row.classList.remove("is-dragging");
      clearTargets();
      dragged = null;
    });
    row.addEventListener("dragover", function (event) {
      if (dragged && dragged !== row) {
        event.preventDefault();
        event.dataTransfer.dropEffect = "move";
        clearTargets();
        row.classList.add("is-drop-target");
      }
    });
    row.addEventListener("drop", function (event) {
      event.preventDefault();
      clearTargets();
      var moving = dragged;
      if (!moving || moving === row) {
        return;
      }
      if (!reason.value.trim()) {
        status.textContent = table.getAttribute("data-missing-reason");
        reason.focus();
        return;
      }
      place.value = moving.getAttribute("data-wish") + ":" + row.getAttribute("data-rank");
      form.submit();
    });
  });
})();
