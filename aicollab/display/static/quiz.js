/* The kit's self-checks (aicollab.feedback.quiz): feedback computed in the browser, no kernel.
 *
 * Python writes the question as a plain HTML form (a fieldset of radio buttons, a "Check my
 * answer" button, a live feedback paragraph) and each option's verdict and feedback as JSON
 * ([{correct, feedback}, ...] in option order). The button is written as type="button", so
 * without this script it does nothing; here it becomes the form's submit button, so Enter on a
 * chosen option checks it too. Loaded by kit.js when a page shows a self-check.
 */
(function () {
  "use strict";
  window.aicollabKit.define("quiz", function (form, data) {
    var out = form.querySelector(".aicollab-quiz-feedback");
    var button = form.querySelector(".aicollab-quiz-check");
    if (button) { button.type = "submit"; }
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var chosen = form.querySelector("input[type=radio]:checked");
      if (!chosen) {
        out.textContent = "Choose an answer first, then press Check.";
        out.className = "aicollab-quiz-feedback";
        return;
      }
      var d = data[Number(chosen.value)];
      out.textContent = (d.correct ? "Correct. " : "Not quite. ") + d.feedback;
      out.className = "aicollab-quiz-feedback " + (d.correct ? "is-correct" : "is-wrong");
    });
  });
})();
