// Budget ballots: a running total of the chosen projects under the checkboxes.
// The form works without this; the server checks the budget either way.
(function () {
  "use strict";
  var form = document.querySelector("form[data-budget]");
  var out = document.getElementById("budget-total");
  var data = document.getElementById("budget-costs");
  if (!form || !out || !data) { return; }
  var costs = JSON.parse(data.textContent);
  var budget = parseFloat(form.getAttribute("data-budget"));
  var boxes = form.querySelectorAll("input[type=checkbox][name=choices]");
  var money = new Intl.NumberFormat(document.documentElement.lang || "nl", {
    style: "currency", currency: "EUR"
  });
  function update() {
    var total = 0;
    boxes.forEach(function (box) { if (box.checked) { total += costs[box.value] || 0; } });
    out.hidden = false;
    out.textContent = money.format(total) + " / " + money.format(budget);
    out.classList.toggle("error", total > budget);
  }
  boxes.forEach(function (box) { box.addEventListener("change", update); });
  update();
})();
