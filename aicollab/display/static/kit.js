/* The kit's browser side: mounts the kernel-free tools that notebook outputs announce.
 *
 * A tool's output (written by Python, see aicollab.display.render) is an element carrying
 * data-aicollab-tool="<name>", its data as JSON in a <script type="application/json"
 * class="aicollab-config"> inside it, and the inline bootstrap (bootstrap.js) right after it,
 * which calls window.aicollabKit.mount(element). Nothing else of the kit is in an output, so
 * editing this file, a tool's script or a stylesheet changes no stored notebook.
 *
 * Where this file comes from: the built book loads it on every page (_config.yml,
 * html_js_files); in JupyterLab the bootstrap loads it from the kit's server extension. The
 * tools' scripts and stylesheets sit next to it (the book's _static/, or
 * <baseUrl>aicollab/static/), so they are found from this script's own URL and loaded once, when
 * the first tool that needs them is mounted. The book also links every stylesheet in its pages'
 * heads (html_css_files), so they apply before the tools start and on paper; the kit adds a
 * <link> only where the page has none (JupyterLab), nor the stylesheet inlined in a
 * <style data-aicollab-css="name.css"> (a standalone page).
 *
 * Charts are drawn here: the vega bundle (vega-bundle.js, about 0.9 MB) is loaded on the first
 * chart of a page only. Every drawn view is kept in window.aicollabViews (the weights button
 * and the tests read it); a drawn chart's target gets data-aicollab-rendered="true", a failure
 * data-aicollab-error and a plain message.
 *
 * API: window.aicollabKit = {mount(element), define(name, mount), load(file), embed(target, spec),
 * base, version}. A tool script calls define(name, function (element, config) {...}).
 */
(function () {
  "use strict";
  if (window.aicollabKit) { return; }

  var me = document.currentScript;
  var base = me && me.src ? me.src.replace(/[?#].*$/, "").replace(/[^/]*$/, "") : "";
  var inJupyter = !!document.getElementById("jupyter-config-data");
  var BUNDLE = "vega-bundle.js";

  // What each tool needs besides this file. A tool missing here was written by a newer kit.
  var NEEDS = {
    chart: { js: [], css: ["chart.css"] },
    quiz: { js: ["quiz.js"], css: ["quiz.css"] },
    ranking: { js: ["files.js", "ranking-form.js"], css: ["ranking-form.css"] },
    "weights-poll": { js: ["files.js", "weights-poll.js"], css: ["weights-poll.css"] },
    termsheet: { js: ["files.js", "termsheet-form.js"], css: ["termsheet-form.css", "termsheet.css"] },
    "termsheet-view": { js: [], css: ["termsheet.css"] }
  };
  var tools = {};
  var loading = {};
  var loaded = {};

  function status(box) { return box.querySelector(".aicollab-status") || box; }

  function fail(target, message) {
    target.setAttribute("data-aicollab-error", "true");
    target.textContent = message;
  }

  function missing(file) {
    return inJupyter
      ? "The kit's file " + file + " could not be loaded from this Jupyter server. Run the kit's set-up command "
        + "(aicollab jupyter enable) and restart JupyterLab."
      : "The kit's file " + file + " could not be loaded: reload the page.";
  }

  // Load one of the kit's scripts once; resolves when it has run. A failed load can be retried.
  function load(file) {
    if (!loading[file]) {
      loading[file] = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = base + file;
        tag.onload = function () { loaded[file] = true; resolve(); };
        tag.onerror = function () { delete loading[file]; reject(new Error(missing(file))); };
        document.head.appendChild(tag);
      });
    }
    return loading[file];
  }

  // A stylesheet is present when the page links it (the book) or inlines it in a
  // <style data-aicollab-css="file"> (a standalone page).
  function present(file) {
    return Array.from(document.querySelectorAll("link[rel=stylesheet], style[data-aicollab-css]")).some(function (l) {
      var name = l.getAttribute("data-aicollab-css") || (l.getAttribute("href") || "").replace(/[?#].*$/, "").split("/").pop();
      return name === file;
    });
  }

  function stylesheet(file) {
    if (!base || present(file)) { return; }  // no base: the kit is inlined in a standalone page
    var tag = document.createElement("link");
    tag.rel = "stylesheet";
    tag.href = base + file;
    document.head.appendChild(tag);
  }

  function config(box) {
    var node = box.querySelector("script.aicollab-config");
    return node ? JSON.parse(node.textContent) : null;
  }

  // ---------------------------------------------------------------------------- charts
  var views = window.aicollabViews = window.aicollabViews || [];

  function vega() {
    return window.vegaEmbed ? Promise.resolve() : load(BUNDLE).catch(function () {
      throw new Error(inJupyter
        ? "The chart library could not be loaded from this Jupyter server. Run the kit's set-up command "
          + "(aicollab jupyter enable) and restart JupyterLab."
        : "The chart library could not be loaded: reload the page.");
    });
  }

  // Draw a Vega-Lite spec into target; resolves with the Vega view.
  function embed(target, spec) {
    return vega().then(function () {
      return window.vegaEmbed(target, spec, { renderer: "svg", actions: false });
    }).then(function (result) {
      views.push(result.view);
      // Vega writes a radio binding's question as a plain <span>: make the options a named group.
      target.querySelectorAll(".vega-bind-radio").forEach(function (group) {
        var name = group.parentNode.querySelector(".vega-bind-name");
        group.setAttribute("role", "radiogroup");
        if (name) { group.setAttribute("aria-label", name.textContent.trim()); }
      });
      return result.view;
    });
  }

  tools.chart = function (box, spec) {
    var target = box.querySelector(".aicollab-vega");
    return embed(target, spec).then(function () {
      target.setAttribute("data-aicollab-rendered", "true");
    }, function (error) {
      fail(target, /could not be loaded/.test(error.message) ? error.message : "The chart could not be drawn: " + error.message);
    });
  };

  // ---------------------------------------------------------------------------- the term sheet
  // termsheet-form.js keeps its own mount (window.aicollabTermSheet). It first loads its rules
  // (termsheet-rules.js) and then mounts every form on the page itself, so a form that arrives
  // before the rules have loaded is left to it. The draft and findings views only need their
  // stylesheet.
  tools.termsheet = function (box) {
    if (window.aicollabTermSheet) { window.aicollabTermSheet.mount(box); }
  };
  tools["termsheet-view"] = function () {};

  // ---------------------------------------------------------------------------- mounting
  function start(box, name) {
    try {
      var result = tools[name](box, config(box));
      return result && result.then ? result : null;
    } catch (e) {
      fail(status(box), "This part of the page could not start (" + e.message + "). Reload the page; in JupyterLab, "
        + "run the cell again.");
      return null;
    }
  }

  function mount(box) {
    if (!box || box.getAttribute("data-aicollab-kit") || !box.getAttribute("data-aicollab-tool")) { return; }
    box.setAttribute("data-aicollab-kit", "mounted");
    var name = box.getAttribute("data-aicollab-tool");
    var needs = Object.prototype.hasOwnProperty.call(NEEDS, name) ? NEEDS[name] : null;
    if (!needs) {
      fail(status(box), "This output needs a newer version of the kit (it has no tool called " + JSON.stringify(name)
        + "): update the kit, then reload the page.");
      return;
    }
    needs.css.forEach(stylesheet);
    if (tools[name] && needs.js.every(function (file) { return loaded[file]; })) { start(box, name); return; }
    // Scripts load in parallel and run in the order they arrive; a tool defines itself when its
    // script runs, and only uses its helpers (files.js) when the learner acts.
    Promise.all(needs.js.map(load)).then(function () {
      if (!tools[name]) { throw new Error("The kit's script for this part of the page did not start: reload the page."); }
      start(box, name);
    }).catch(function (error) { fail(status(box), error.message); });
  }

  function define(name, mountTool) { tools[name] = mountTool; }

  window.aicollabKit = { version: 1, base: base, mount: mount, define: define, load: load, embed: embed };
  var queued = window.aicollabKitQueue || [];
  window.aicollabKitQueue = null;
  queued.forEach(mount);
})();
