/* Lesson 3's "rank the barriers yourself", without a Python kernel (the static book and JupyterLab).
 *
 * The learner gives some barriers a rank (1 = most important; a top three is enough), sees the
 * ranking beside the survey's ranks for clinicians and researchers, and can save it as a
 * room-poll file (the format of aicollab.poll). Data come from Python as JSON
 * (aicollab.display.ranking_form.ranking_form_config): the barriers, their labels and the survey's ranks,
 * so the table shows the same numbers as barriers.compare_ranking(); a browser test compares
 * them. The ranking is kept in the browser's local storage; nothing is sent anywhere.
 *
 * kit.js loads this file (with files.js, which makes the room-poll file: window.aicollabFiles)
 * when a page shows the form, and mounts each output of static_ranking_form() with its JSON.
 * It also exposes window.aicollabRanking = {ranking, compare, mount}.
 */
(function () {
  "use strict";
  var KEY = "aicollab-barrier-ranking-v1";

  function el(tag, attrs, text) {
    var n = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { n.setAttribute(k, attrs[k]); });
    if (text !== undefined) { n.textContent = text; }
    return n;
  }

  // The ranking from {barrier: rank or 0}: names ordered by rank, or an error message.
  function ranking(ranks, barriers) {
    var byRank = {};
    var ranked = barriers.filter(function (b) { return ranks[b.key] > 0; });
    for (var i = 0; i < ranked.length; i++) {
      var r = ranks[ranked[i].key];
      if (byRank[r]) {
        return { error: "\u201c" + byRank[r].label + "\u201d and \u201c" + ranked[i].label + "\u201d both have rank " + r
          + ": give each rank to one barrier only." };
      }
      byRank[r] = ranked[i];
    }
    for (var k = 1; k <= ranked.length; k++) {
      if (!byRank[k]) { return { error: "Rank " + k + " is not given: ranks must run 1, 2, 3\u2026 without gaps." }; }
    }
    if (!ranked.length) { return { error: "Give at least one barrier a rank (1 = most important)." }; }
    var names = [];
    for (var j = 1; j <= ranked.length; j++) { names.push(byRank[j].key); }
    return { names: names };
  }

  // barriers.compare_ranking(): one row per ranked barrier.
  function compare(names, barriers) {
    var by = {};
    barriers.forEach(function (b) { by[b.key] = b; });
    return names.map(function (n, i) {
      return { barrier: n, label: by[n].label, your_rank: i + 1, clinicians_rank: by[n].clinicians_rank,
        researchers_rank: by[n].researchers_rank };
    });
  }

  function mount(box, cfg) {
    if (box.getAttribute("data-aicollab-mounted")) { return; }
    box.setAttribute("data-aicollab-mounted", "true");
    var uid = "aicollab-rank-" + (document.querySelectorAll("[data-aicollab-mounted].aicollab-ranking").length);
    var saved = {};
    try { saved = JSON.parse(window.localStorage.getItem(KEY) || "{}") || {}; } catch (e) { saved = {}; }
    var ranks = {};
    cfg.barriers.forEach(function (b, i) {
      var v = Number(saved[b.key]);
      ranks[b.key] = Number.isInteger(v) && v >= 0 && v <= cfg.barriers.length ? v
        : (cfg.start.indexOf(b.key) >= 0 ? cfg.start.indexOf(b.key) + 1 : 0);
    });

    var form = el("form", { "class": "aicollab-ranking-form", novalidate: "" });
    var fs = el("fieldset");
    fs.appendChild(el("legend", {}, "Give your most important barriers a rank (1 = most important; a top three is enough)"));
    cfg.barriers.forEach(function (b, i) {
      var id = uid + "-" + i;
      var row = el("div", { "class": "aicollab-ranking-row" });
      var sel = el("select", { id: id, name: b.key });
      sel.appendChild(el("option", { value: "0" }, "not ranked"));
      for (var k = 1; k <= cfg.barriers.length; k++) { sel.appendChild(el("option", { value: String(k) }, String(k))); }
      sel.value = String(ranks[b.key]);
      row.appendChild(sel);
      row.appendChild(el("label", { "for": id }, b.label));
      fs.appendChild(row);
    });
    form.appendChild(fs);
    var save = el("button", { type: "button", "class": "aicollab-ranking-save" }, "Save my ranking for the room poll");
    var clear = el("button", { type: "button", "class": "aicollab-ranking-clear" }, "Clear my ranking");
    var buttons = el("div", { "class": "aicollab-ranking-buttons" });
    buttons.appendChild(save);
    buttons.appendChild(clear);
    form.appendChild(buttons);
    window.aicollabFiles.pollButton(save);
    var alertBox = el("p", { "class": "aicollab-ranking-alert", role: "alert" });
    var status = el("p", { "class": "aicollab-ranking-status", role: "status" });
    form.appendChild(alertBox);
    form.appendChild(status);
    var tableBox = el("div", { "class": "aicollab-ranking-table" });
    form.appendChild(tableBox);
    var loading = box.querySelector(".aicollab-ranking-loading");
    if (loading) { loading.remove(); }
    box.appendChild(form);

    function read() {
      cfg.barriers.forEach(function (b) { ranks[b.key] = Number(form.querySelector("select[name=\"" + b.key + "\"]").value); });
      try { window.localStorage.setItem(KEY, JSON.stringify(ranks)); } catch (e) { /* not kept; nothing else changes */ }
      return ranking(ranks, cfg.barriers);
    }

    function show() {
      var r = read();
      tableBox.textContent = "";
      if (r.error) { alertBox.textContent = r.error; return r; }
      alertBox.textContent = "";
      var table = el("table");
      table.appendChild(el("caption", {}, "Your ranking beside the survey's (rank among the ten barriers; "
        + "\u201cnot asked\u201d where the group was not offered the barrier)"));
      var head = el("tr");
      ["Your rank", "Barrier", "Clinicians' rank", "Researchers' rank"].forEach(function (h) { head.appendChild(el("th", { scope: "col" }, h)); });
      var thead = el("thead");
      thead.appendChild(head);
      table.appendChild(thead);
      var tbody = el("tbody");
      compare(r.names, cfg.barriers).forEach(function (row) {
        var tr = el("tr");
        tr.appendChild(el("td", {}, String(row.your_rank)));
        tr.appendChild(el("th", { scope: "row" }, row.label));
        tr.appendChild(el("td", {}, row.clinicians_rank === null ? "not asked" : String(row.clinicians_rank)));
        tr.appendChild(el("td", {}, row.researchers_rank === null ? "not asked" : String(row.researchers_rank)));
        tbody.appendChild(tr);
      });
      table.appendChild(tbody);
      tableBox.appendChild(table);
      return r;
    }

    form.addEventListener("change", function () { status.textContent = ""; show(); });
    clear.addEventListener("click", function () {
      Array.from(form.querySelectorAll("select")).forEach(function (s) { s.value = "0"; });
      show();
      status.textContent = "Ranking cleared.";
      alertBox.textContent = "";
    });
    save.addEventListener("click", function () {
      var r = show();
      if (r.error) { return; }
      window.aicollabFiles.savePollAnswers({ barrier_ranking: r.names }, cfg.poll,
        { button: save, report: function (message) { status.textContent = message; } });
    });
    form.addEventListener("submit", function (e) { e.preventDefault(); show(); });
    show();
  }

  window.aicollabRanking = { ranking: ranking, compare: compare, mount: mount };
  window.aicollabKit.define("ranking", mount);
})();
