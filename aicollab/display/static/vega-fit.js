/* vega-fit.js: fit the kit's Vega-Lite charts to the width of their column (issue 16).
 *
 * Entry point (one function):
 *
 *     window.aicollabFitChart(target, spec, draw) -> Promise of vega-embed's result
 *
 * where draw(target, spec) draws a spec into target and returns vega-embed's promise (the
 * chart-drawing glue passes its own: vegaEmbed with the kit's options, plus whatever it does
 * after each drawing).
 *
 * How the glue reaches it: this file wraps window.vegaEmbed (at once when loaded after the vega
 * bundle, as in the book: _config.yml html_js_files [vega-bundle.js, vega-fit.js, ...]; or, when
 * loaded before it, at the moment the bundle sets window.vegaEmbed), so that
 * vegaEmbed(element, specObject, options) goes through aicollabFitChart with a plain vegaEmbed
 * as draw; any other call (a selector, a spec URL) goes straight to vega-embed. The glue that
 * notebook outputs carry (aicollab.display.render) is unchanged, so no stored output changes.
 * Where the bundle is loaded without this file (JupyterLab), charts draw as before.
 *
 * The fitter first draws the spec unchanged. If that drawing is no wider than the target's
 * column (a desktop page), that is the result: same spec, same pixels. Otherwise (a phone, or a
 * chart wider than the book's column) it draws a fitted copy of the spec, changed in layout only
 * (never in data, parameters or any expression that computes a number, so the kernel-free
 * versions keep computing exactly what Python computes):
 *   - single and layered charts: width "container" + autosize fit-x (contains: padding), so the
 *     chart, axis labels included, is as wide as the column;
 *   - concatenated charts (Vega-Lite has no "container" width for them): in a column under
 *     560 px side-by-side panels are stacked (a label column stacked under its chart gets its
 *     own row labels); then fixed panel widths are reduced by the measured excess (shared
 *     between side-by-side panels), up to four times; a last 1-12 px is absorbed by scaling the
 *     SVG (it has a viewBox);
 *   - titles and subtitles are broken into lines; legends go under the chart (narrow columns);
 *   - long nominal axis labels wrap onto several lines instead of being cut;
 *   - text panels holding paragraphs broken for the desktop are re-broken to the new width.
 * If a fitted drawing fails, the chart is drawn unchanged (as before this file existed).
 *
 * Later changes of the column's width (rotating a phone, a sidebar closing, a hidden box shown)
 * re-fit the chart (ResizeObserver, when the width changes by 24 px or more). A re-fit keeps the
 * reader's slider, checkbox and choice values, and replaces the chart's old view in
 * window.aicollabViews by the new one (the weights button reads slider values from there).
 * The target gets the class "aicollab-fitted" while it shows a fitted copy.
 *
 * The CSS that goes with it (aicollab.css): the target is display:block and 100% wide, so its
 * clientWidth is the column's width.
 */
(function () {
  "use strict";
  if (window.aicollabFitChart) { return; }
  var MIN_PLOT = 90;         // narrowest plot area (px) a fitted panel may get
  var CHAR_PX = 7.2;         // average glyph width of a 12-13 px system-ui label

  function clone(o) { return JSON.parse(JSON.stringify(o)); }
  function composite(s) { return !!(s.vconcat || s.hconcat || s.concat || s.facet || s.repeat); }
  function drawnWidth(target) {
    var g = target.querySelector(".chart-wrapper > svg, .chart-wrapper > canvas, svg.marks, canvas.marks");
    return g ? g.getBoundingClientRect().width : 0;
  }
  function columnWidth(target) { return target.clientWidth; }

  // Wrap a label onto lines of at most n characters (Vega expression; returns an array = lines).
  function wrapExpr(n, field) {
    return "split(trim(replace(replace(" + field + ", regexp('[\\\\n|]', 'g'), ' '), regexp('(.{1," + n +
      "})(\\\\s+|$)', 'g'), '$1\\n')), '\\n')";
  }

  // Visit every view (unit/layer/concat member) of a spec.
  function eachView(node, fn, parents) {
    if (!node || typeof node !== "object") { return; }
    parents = parents || [];
    fn(node, parents);
    var inner = parents.concat([node]);
    ["layer", "vconcat", "hconcat", "concat"].forEach(function (k) {
      (node[k] || []).forEach(function (child) { eachView(child, fn, inner); });
    });
    if (node.spec) { eachView(node.spec, fn, inner); }
  }

  // Longest value of a field in the spec's inline datasets (to size wrapped label rows).
  function longest(spec, field) {
    var n = 0;
    Object.keys(spec.datasets || {}).forEach(function (k) {
      (spec.datasets[k] || []).forEach(function (row) { var v = row && row[field]; if (v != null) { n = Math.max(n, String(v).length); } });
    });
    return n;
  }

  function narrowAxes(spec, avail) {
    var limit = Math.max(90, Math.round(avail * 0.42));
    var chars = Math.max(12, Math.floor(limit / CHAR_PX));
    spec.config = spec.config || {};
    spec.config.axis = Object.assign({}, spec.config.axis, { labelLimit: limit });
    // Fewer, non-colliding tick labels on narrow continuous axes.
    spec.config.axisQuantitative = Object.assign({}, spec.config.axisQuantitative, { labelFlush: false, labelOverlap: "greedy", labelSeparation: 6 });
    eachView(spec, function (v, parents) {
      var enc = v.encoding || {};
      ["y", "x"].forEach(function (ch) {
        var e = enc[ch];
        if (!e || e.type !== "nominal" || e.axis === null) { return; }
        e.axis = e.axis || {};
        e.axis.labelLimit = limit;
        if (e.axis.minExtent > limit) { e.axis.minExtent = limit; }
        if (e.axis.maxExtent > limit) { e.axis.maxExtent = limit; }
        if (ch !== "y") { return; }
        e.axis.labelExpr = wrapExpr(chars, "datum.label");
        // Give each band room for its wrapped lines.
        var rows = Math.ceil(longest(spec, e.field) / chars);
        var owner = [v].concat(parents.slice().reverse()).filter(function (p) { return p.height && p.height.step; })[0];
        if (owner && rows > 1) { owner.height.step = Math.max(owner.height.step, rows * 15 + 6); }
      });
    });
  }

  // Text panels (a text mark placed at a fixed x, showing a sentence or a paragraph that was
  // broken for the desktop width) are re-broken to the panel's width; called again after a shrink.
  var WRAP_TAG = "aicollab_wrapped";
  var wrappedField = new WeakMap();   // text panel view -> the field it showed before wrapping
  function rewrapText(spec, avail) {
    eachView(spec, function (v) {
      var m = v.mark, enc = v.encoding || {};
      var isText = m && (m === "text" || m.type === "text");
      var isPanel = enc.x && enc.x.value !== undefined && !enc.x.field;
      if (!isText || !isPanel || !enc.text || !enc.text.field) { return; }
      if (enc.y && enc.y.field && !(enc.y.axis && enc.y.axis.labelLimit)) { return; }  // label column beside its chart
      if (typeof m === "string") { m = v.mark = { type: "text" }; }
      m.lineBreak = "\n";
      if (typeof v.width !== "number" || v.width > avail - 12) { v.width = avail - 12; }
      var f = wrappedField.get(v) || enc.text.field, size = m.fontSize || 11;
      var chars = Math.max(14, Math.floor((v.width - (enc.x.value || 0)) / (size * 0.62)));
      v.transform = (v.transform || []).filter(function (t) { return t.as !== WRAP_TAG; });
      v.transform.push({ calculate: "join(" + wrapExpr(chars, "datum['" + f + "']") + ", '\\n')", as: WRAP_TAG });
      enc.text = Object.assign({}, enc.text, { field: WRAP_TAG });
      wrappedField.set(v, f);
    });
  }

  // Split a plain string into lines of at most n characters (titles are static strings).
  function lines(text, n) {
    if (Array.isArray(text)) { text = text.join(" "); }
    var out = [], line = "";
    String(text).split(/\s+/).forEach(function (w) {
      if (line && (line + " " + w).length > n) { out.push(line); line = w; } else { line = line ? line + " " + w : w; }
    });
    if (line) { out.push(line); }
    return out.length > 1 ? out : out[0] || "";
  }

  function wrapTitles(spec, avail) {
    eachView(spec, function (v) {
      var t = v.title, top = v === spec;
      if (!t) { return; }
      if (typeof t === "string" || Array.isArray(t)) { t = v.title = { text: t }; }
      var size = t.fontSize || (top ? 15 : 13);
      t.text = lines(t.text, Math.floor(avail / (size * 0.7)));
      if (t.subtitle) { t.subtitle = lines(t.subtitle, Math.floor(avail / ((t.subtitleFontSize || 12) * 0.62))); }
    });
  }

  // Legends go under the chart, in as many columns as fit.
  function narrowLegends(spec, avail) {
    var cols = Math.max(1, Math.floor((avail - 140) / 150));   // the legend starts under the plot, not at the left edge
    spec.config = spec.config || {};
    spec.config.legend = Object.assign({}, spec.config.legend, { orient: "bottom", direction: "horizontal", columns: cols, labelLimit: Math.round(avail * 0.8) });
    eachView(spec, function (v) {
      var enc = v.encoding || {};
      ["color", "fill", "stroke", "shape", "size", "opacity"].forEach(function (ch) {
        var l = enc[ch] && enc[ch].legend;
        if (l && typeof l === "object") { l.orient = "bottom"; l.direction = "horizontal"; l.columns = cols; }
      });
    });
  }

  // The y field a view (or its first layer) draws; panels that share one are rows of one table.
  function yField(v) {
    var f = null;
    eachView(v, function (w) { if (!f && w.encoding && w.encoding.y && w.encoding.y.field) { f = w.encoding.y.field; } });
    return f;
  }

  // Side-by-side panels are stacked, unless they share their rows (a bar panel and its label
  // column): those stay side by side and are narrowed instead.
  // A label column: a text-only panel beside a chart, one line per row of that chart.
  function isLabelColumn(v) {
    var enc = v.encoding || {};
    return isTextPanel(v) && enc.y && enc.y.field;
  }

  function stack(node, avail) {
    eachView(node, function (v) {
      if (!v.hconcat) { return; }
      var fields = v.hconcat.map(yField);
      var shared = fields[0] && fields.every(function (f) { return f === fields[0]; });
      if (avail >= 560) { return; }   // wide column: keep the panels side by side, narrow them
      v.vconcat = v.hconcat; delete v.hconcat;
      if (!shared) { return; }
      // Stacked under its chart, a label column names its rows itself and gets room for two lines.
      v.vconcat.forEach(function (child) {
        eachView(child, function (w) {
          if (!isLabelColumn(w)) { return; }
          w.encoding.y = Object.assign({}, w.encoding.y, { axis: { title: null, labelLimit: Math.round(avail * 0.42) } });
          var owner = [w, child].filter(function (p) { return p.height && p.height.step; })[0];
          if (owner) { owner.height.step = Math.max(owner.height.step, 36); }
        });
      });
      if (v.concat && v.columns) { v.columns = 1; }
    });
  }

  function isTextPanel(v) {
    var m = v.mark, enc = v.encoding || {};
    return !!(m && (m === "text" || m.type === "text") && enc.x && enc.x.value !== undefined && !enc.x.field && enc.text);
  }

  // Take `excess` pixels off a view: every row of a vconcat loses all of it, the panels of an
  // hconcat share it, a unit or layer with a fixed width loses it (down to MIN_PLOT).
  function shrink(node, excess) {
    if (!node || typeof node !== "object" || excess <= 0) { return; }
    if (node.hconcat) {
      var n = node.hconcat.filter(function (c) { return !isLabelColumn(c); }).length || 1;
      node.hconcat.forEach(function (c) { if (!isLabelColumn(c)) { shrink(c, Math.ceil(excess / n)); } });
      return;
    }
    if (node.vconcat || node.concat) { (node.vconcat || node.concat).forEach(function (c) { shrink(c, excess); }); return; }
    if (typeof node.width === "number" && node.width > MIN_PLOT) {
      node.width = Math.max(MIN_PLOT, Math.round(node.width - excess));
    }
  }


  function fitted(spec, avail) {
    var s = clone(spec);
    narrowAxes(s, avail);
    wrapTitles(s, avail);
    if (avail < 560) { narrowLegends(s, avail); }
    if (!composite(s)) {
      s.width = "container";
      s.autosize = { type: "fit-x", contains: "padding" };
    } else {
      stack(s, avail);
      rewrapText(s, avail);
    }
    return s;
  }

  // Values of the chart's bound parameters (slider positions, ticks, choices), to carry across a re-draw.
  function boundValues(view, spec) {
    var out = {};
    (spec.params || []).forEach(function (p) {
      if (p.bind && p.name) { try { out[p.name] = view.signal(p.name); } catch (e) { /* not a signal */ } }
    });
    return out;
  }
  function restore(view, values) {
    var any = false;
    Object.keys(values).forEach(function (k) { try { view.signal(k, values[k]); any = true; } catch (e) { /* gone */ } });
    return any ? view.runAsync() : Promise.resolve(view);
  }
  // The glue adds accessibility attributes after its own drawing (a radio group's role and name);
  // a re-fit after a resize draws again without the glue, so they are carried over.
  function keepAttributes(target) {
    var saved = Array.prototype.map.call(target.querySelectorAll(".vega-bind-radio"), function (e) {
      return [e.getAttribute("role"), e.getAttribute("aria-label")];
    });
    return function () {
      target.querySelectorAll(".vega-bind-radio").forEach(function (e, i) {
        if (!saved[i]) { return; }
        if (saved[i][0]) { e.setAttribute("role", saved[i][0]); }
        if (saved[i][1]) { e.setAttribute("aria-label", saved[i][1]); }
      });
    };
  }

  // window.aicollabViews holds the live view of each chart: a re-fit replaces the old one in place.
  function replaceView(old, view) {
    var views = window.aicollabViews = window.aicollabViews || [];
    var i = views.indexOf(old);
    if (i >= 0) { views[i] = view; } else { views.push(view); }
  }

  window.aicollabFitChart = function (target, spec, draw) {
    return draw(target, spec).then(function (result) {
      var avail = columnWidth(target);
      var st = target.__aicollabFit = { spec: spec, draw: draw, width: avail, view: result.view, busy: false };
      watch(target);
      if (!avail || drawnWidth(target) <= avail + 1) { return result; }
      return refit(target, result).then(function (r) { st.view = r.view; return r; });
    });
  };

  // Draw a fitted copy of the chart for the column's current width (falls back to the spec as it is).
  function refit(target, previous) {
    var st = target.__aicollabFit, avail = columnWidth(target);
    st.width = avail;
    previous.finalize();
    var s = fitted(st.spec, avail);
    target.classList.add("aicollab-fitted");
    return st.draw(target, s).then(function (result) {
      return shrinkLoop(target, s, result, avail, 4);
    }).catch(function () {
      target.classList.remove("aicollab-fitted");
      return st.draw(target, st.spec);
    });
  }

  // Concatenated charts: take the excess off every fixed-width panel until the chart fits.
  function shrinkLoop(target, s, result, avail, tries) {
    var excess = drawnWidth(target) - avail;
    if (excess > 1 && excess <= 12 && (!composite(s) || !tries)) { squeeze(target); }
    if (excess <= 1 || !composite(s) || !tries) { return result; }
    var before = JSON.stringify(s);
    shrink(s, excess + 4);
    rewrapText(s, avail);
    if (JSON.stringify(s) === before) { if (excess <= 12) { squeeze(target); } return result; }   // nothing left to shrink
    result.finalize();
    return target.__aicollabFit.draw(target, s).then(function (r) {
      return shrinkLoop(target, s, r, avail, tries - 1);
    });
  }

  // A few pixels too wide after fitting: scale the SVG down (it has a viewBox), at most ~4%.
  function squeeze(target) {
    var g = target.querySelector("svg.marks");
    if (g) { g.style.maxWidth = "100%"; g.style.height = "auto"; }
  }

  // Re-fit when the column changes width (rotation, a <details> opening, a sidebar closing).
  function resized(t) {
    var st = t.__aicollabFit;
    if (!st || st.busy) { return; }
    var w = columnWidth(t);
    if (!w || Math.abs(w - st.width) < 24) { return; }
    st.busy = true;
    var old = st.view, values = boundValues(old, st.spec), reapply = keepAttributes(t);
    old.finalize();
    t.classList.remove("aicollab-fitted");
    st.draw(t, st.spec).then(function (r) {
      st.width = w;
      return drawnWidth(t) <= w + 1 ? r : refit(t, r);
    }).then(function (r) {
      replaceView(old, r.view);
      st.view = r.view;
      reapply();
      return restore(r.view, values);   // the reader's slider positions survive a rotation
    }).then(function () { st.busy = false; resized(t); }, function () { st.busy = false; });
  }
  // vegaEmbed(element, spec object, options) fits. Loaded after the vega bundle, this wraps it at
  // once; loaded before it (a page whose script loads the bundle only when a chart needs it), it
  // wraps the bundle's vegaEmbed at the moment the bundle sets window.vegaEmbed.
  function fitting(vegaEmbed) {
    if (typeof vegaEmbed !== "function" || vegaEmbed.aicollabFits) { return vegaEmbed; }
    var wrapped = function (el, spec, options) {
      if (!(el instanceof Element) || !spec || typeof spec !== "object") { return vegaEmbed(el, spec, options); }
      return window.aicollabFitChart(el, spec, function (t, s) { return vegaEmbed(t, s, options); });
    };
    Object.keys(vegaEmbed).forEach(function (k) { wrapped[k] = vegaEmbed[k]; });
    wrapped.aicollabFits = true;
    return wrapped;
  }
  if (typeof window.vegaEmbed === "function") {
    window.vegaEmbed = fitting(window.vegaEmbed);
  } else if (window.vegaEmbed === undefined) {
    var pending;
    Object.defineProperty(window, "vegaEmbed", {
      configurable: true,
      enumerable: true,
      get: function () { return pending; },
      set: function (v) { pending = fitting(v); }
    });
  }

  var observer = typeof ResizeObserver === "function" ? new ResizeObserver(function (entries) {
    entries.forEach(function (entry) { resized(entry.target); });
  }) : null;
  function watch(target) {
    if (observer && !target.__aicollabWatched) { observer.observe(target); target.__aicollabWatched = true; }
  }
})();
