/* The front end of aicollab.display.vegawidget (an anywidget ES module; JupyterLab only).
 *
 * One Vega view per widget; when Python changes `values`, the named dataset's rows are replaced
 * in place (view.data), so the bars move without the chart being rebuilt (no flicker); a new
 * `spec` redraws. Drawing goes through the kit's script (kit.js: the vendored vega bundle, the
 * same accessibility repairs as every other chart), loaded once from the kit's server extension
 * like the bootstrap of a notebook output does.
 */
function loadKit() {
  if (window.aicollabKit) { return Promise.resolve(window.aicollabKit); }
  if (!window.aicollabKitLoading) {
    window.aicollabKitLoading = new Promise(function (resolve, reject) {
      var config = document.getElementById("jupyter-config-data");
      var base = "/";
      try { base = JSON.parse(config.textContent).baseUrl || "/"; } catch (e) { base = "/"; }
      var tag = document.createElement("script");
      tag.src = base.replace(/\/?$/, "/") + "aicollab/static/kit.js";
      tag.onload = function () { window.aicollabKit ? resolve(window.aicollabKit) : reject(new Error("no kit")); };
      tag.onerror = function () { window.aicollabKitLoading = null; reject(new Error("not found")); };
      document.head.appendChild(tag);
    });
  }
  return window.aicollabKitLoading;
}

async function render({ model, el }) {
  el.classList.add("aicollab-vegawidget");
  var target = document.createElement("div");
  el.appendChild(target);
  var view = null;
  function rows() { return JSON.parse(JSON.stringify(model.get("values") || [])); }
  function fail(message) {
    target.setAttribute("data-aicollab-error", "true");
    target.textContent = message;
  }
  async function draw() {
    var kit;
    try { kit = await loadKit(); } catch (e) {
      fail("The kit's script could not be loaded from this Jupyter server. Run the kit's set-up command "
        + "(aicollab jupyter enable) and restart JupyterLab.");
      return;
    }
    if (view) { view.finalize(); view = null; }
    try { view = await kit.embed(target, model.get("spec")); } catch (e) { fail(e.message); return; }
    await update();
    target.setAttribute("data-aicollab-rendered", "true");
  }
  async function update() {
    if (!view) { return; }
    // view.data(name, rows) replaces every row of the named dataset in place.
    await view.data(model.get("data_name"), rows()).runAsync();
  }
  model.on("change:values", update);
  model.on("change:spec", draw);
  await draw();
  return function () { if (view) { view.finalize(); } };
}

export default { render };
