/* Lesson 4's "save these weights for the room poll", without a Python kernel.
 *
 * Reads the resource-weight sliders (Vega signals w_0, w_1, ...) of the nearest kernel-free
 * value-sharing chart above the button and downloads a room-poll file with those weights (the
 * format of aicollab.poll, which counts it). Python (aicollab.display.static_app.static_weights_poll)
 * writes the button and the resource names (JSON); kit.js loads this file, with files.js (which
 * makes the file: window.aicollabFiles), when a page shows the button, and mounts it. Nothing is
 * sent anywhere.
 */
(function () {
  "use strict";
  window.aicollabKit.define("weights-poll", function (box, cfg) {
    if (box.getAttribute("data-aicollab-mounted")) { return; }
    box.setAttribute("data-aicollab-mounted", "true");
    var button = box.querySelector("button");
    var status = box.querySelector(".aicollab-weights-status");
    var alertBox = box.querySelector(".aicollab-weights-alert");

    function chartView() {
      // the last kernel-free value chart placed before this button
      var figures = Array.from(document.querySelectorAll("figure.aicollab-chart")).filter(function (f) {
        return f.compareDocumentPosition(box) & Node.DOCUMENT_POSITION_FOLLOWING;
      });
      var views = window.aicollabViews || [];
      for (var i = figures.length - 1; i >= 0; i--) {
        for (var j = 0; j < views.length; j++) {
          var c = views[j].container && views[j].container();
          if (c && figures[i].contains(c)) {
            try { views[j].signal("w_0"); return views[j]; } catch (e) { break; }
          }
        }
      }
      return null;
    }

    window.aicollabFiles.pollButton(button);
    button.addEventListener("click", function () {
      status.textContent = "";
      alertBox.textContent = "";
      var view = chartView();
      if (!view) {
        alertBox.textContent = "The value-sharing chart above has not been drawn yet, so there are no weights to save. "
          + "Wait for it to appear (or reload the page), then press the button again.";
        return;
      }
      var weights = {}, any = false;
      cfg.resources.forEach(function (name, k) {
        var v = Number(view.signal("w_" + k));
        weights[name] = v;
        if (v > 0) { any = true; }
      });
      if (!any) {
        alertBox.textContent = "Every weight is 0: give at least one resource some weight with the sliders above.";
        return;
      }
      window.aicollabFiles.savePollAnswers({ weights: weights }, cfg,
        { button: button, report: function (message) { status.textContent = message; } });
    });
  });
})();
