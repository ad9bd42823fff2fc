/* Lesson 4's "save these weights for the room poll", without a Python kernel.
 *
 * Reads the resource-weight sliders (Vega signals w_0, w_1, ...) of the nearest kernel-free
 * value-sharing chart above the button and downloads a room-poll file with those weights (the
 * format of aicollab.poll, which counts it). Python (aicollab.static_app.static_weights_poll)
 * writes this file into the cell's output after the button's container, with the resource
 * names as JSON. Nothing is sent anywhere.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var box = script && script.previousElementSibling;
  if (!box || !box.classList.contains("aicollab-weights-poll") || box.getAttribute("data-aicollab-mounted")) { return; }
  box.setAttribute("data-aicollab-mounted", "true");
  var cfg = JSON.parse(box.querySelector("script.aicollab-weights-config").textContent);
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

  function newId() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    var b = new Uint8Array(16);
    window.crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.from(b).map(function (x) { return (x < 16 ? "0" : "") + x.toString(16); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

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
    var id = newId();
    var doc = { kit: cfg.kit, version: cfg.version, submission_id: id, created: new Date().toISOString(),
      name: null, weights: weights, barrier_ranking: [], capstone: {} };
    var name = "room-poll-anonymous-" + id.slice(0, 8) + ".json";
    var url = URL.createObjectURL(new Blob([JSON.stringify(doc, null, 2) + "\n"], { type: "application/json" }));
    var a = document.createElement("a");
    a.href = url;
    a.download = name;
    a.style.display = "none";
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(url); a.remove(); }, 1000);
    status.textContent = "Your browser is saving " + name + " to its downloads: hand the file to your instructor "
      + "(nothing was sent).";
  });
})();
