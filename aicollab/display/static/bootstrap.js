/* The one inline script in the kit's notebook outputs (aicollab.display.render.bootstrap_html).
 *
 * Every kernel-free tool (chart, self-check, ranking form, weights button, term-sheet form) is
 * written into a cell's output as its markup, its data as JSON (<script type="application/json">)
 * and, right after it, these few lines, identical for every tool. They hand the tool's element
 * (the script's previous sibling) to the kit's script, kit.js, which does the work:
 * - in the built book, kit.js is already on the page (_config.yml, html_js_files);
 * - in JupyterLab or Notebook 7, these lines load it once from the kit's server extension, at
 *   <baseUrl>aicollab/static/kit.js (aicollab.tools.serverext); tools that arrive while it loads
 *   wait in window.aicollabKitQueue.
 * Anywhere else, or when loading fails, the tool's status element says why, in plain words.
 * Python inlines this file without this comment, on one line (so: every statement ends with ";"
 * and there is no // comment); editing it changes every stored output, so keep it small and
 * stable. Anything else belongs in kit.js.
 */
(function (s) {
  var w = window, box = s && s.previousElementSibling;
  if (!box) { return; }
  if (w.aicollabKit) { w.aicollabKit.mount(box); return; }
  var queue = w.aicollabKitQueue = w.aicollabKitQueue || [];
  queue.push(box);
  if (queue.length > 1) { return; }
  function fail(message) {
    w.aicollabKitQueue = null;
    queue.forEach(function (b) {
      var t = b.querySelector(".aicollab-status") || b;
      t.setAttribute("data-aicollab-error", "true");
      t.textContent = message;
    });
  }
  var config = document.getElementById("jupyter-config-data"), base = null;
  try { base = JSON.parse(config.textContent).baseUrl || "/"; } catch (e) { base = null; }
  if (base === null) {
    fail("This part of the page needs the kit's script, which this page does not load. Open the lesson in the book or in JupyterLab; in the book, reload the page.");
    return;
  }
  var tag = document.createElement("script");
  tag.src = base.replace(/\/?$/, "/") + "aicollab/static/kit.js";
  tag.onerror = function () {
    fail("The kit's script could not be loaded from this Jupyter server. Run the kit's set-up command (aicollab jupyter enable) and restart JupyterLab.");
  };
  document.head.appendChild(tag);
})(document.currentScript);
