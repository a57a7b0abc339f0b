/*
 * The answer box of an SDG is shown only while its SDG is ticked (progressive enhancement:
 * without JavaScript every box shows). Each box is marked data-sdg-answer="<checkbox id>";
 * the `hidden` attribute is toggled, so a hidden box is out of the tab order and of the
 * accessibility tree. A box with an error message stays visible.
 */
(function () {
  "use strict";

  document.querySelectorAll("[data-sdg-answer]").forEach(function (box) {
    var checkbox = document.getElementById(box.dataset.sdgAnswer);
    if (!checkbox) { return; }
    var hasError = Boolean(box.querySelector(".error-message"));
    function update() {
      box.hidden = !checkbox.checked && !hasError;
    }
    checkbox.setAttribute("aria-controls", box.id || (box.id = checkbox.id + "-box"));
    checkbox.addEventListener("change", update);
    update();
  });
}());
