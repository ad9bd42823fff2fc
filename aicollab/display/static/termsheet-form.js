/* The capstone's term-sheet builder, without a Python kernel (the static book and JupyterLab).
 *
 * What it does: a learner drafts a term sheet in an ordinary HTML form, presses "Check my
 * draft" and gets the same findings, in the same words, as aicollab.termsheet.check() in
 * Python; the one-page summary can be downloaded or printed; the draft can be downloaded as
 * JSON (the kit's draft format, readable by aicollab.termsheet.load_draft) and opened again;
 * the headline choices can be saved as a room-poll file. Nothing is sent anywhere: every file
 * is made in the browser. The draft is kept in the browser's local storage so a reload loses
 * nothing (and when the browser refuses to keep it, the form says so and keeps it in memory).
 *
 * No rules here: every check, draft rule and message is in aicollab/termsheet/rulebook.json,
 * which reaches this page inside the form's config (aicollab.termsheet.form_config()) and is
 * run by termsheet-rules.js (loaded from next to this file). This file lays out the form, the
 * findings and the printable summary; tests/test_termsheet_browser.py requires them to equal
 * Python's, character for character.
 *
 * API (window.aicollabTermSheet): the rules' fromDict/toDict/check/readDraft, plus
 * summaryHtml(ts, findings, config, options), findingsHtml, sections, pollChoices(ts, config),
 * mount(container), mountAll(). Files are made by files.js (window.aicollabFiles), which Python
 * writes into the form's output before its container.
 */
(function () {
  "use strict";
  if (window.aicollabTermSheet && window.aicollabTermSheet.version === 2) {
    window.aicollabTermSheet.mountAll();
    return;
  }
  var me = document.currentScript;

  // The rules' interpreter sits next to this file (the book's _static folder, or the kit's
  // Jupyter server extension); load it first, once.
  function withRules(then) {
    if (window.aicollabTermSheetRules) { then(); return; }
    var src = me && me.src ? me.src.replace(/termsheet-form\.js(\?.*)?$/, "termsheet-rules.js$1") : "";
    var tag = document.createElement("script");
    tag.src = src;
    tag.onload = then;
    tag.onerror = function () {
      Array.from(document.querySelectorAll(".aicollab-tsform .aicollab-tsform-loading")).forEach(function (p) {
        p.textContent = "The form's rules (termsheet-rules.js) could not be loaded: reload the page.";
      });
    };
    document.head.appendChild(tag);
  }
  withRules(start);

  function start() {
    if (window.aicollabTermSheet) { window.aicollabTermSheet.mountAll(); return; }
    var R = window.aicollabTermSheetRules, H = R.helpers, TermSheetError = R.TermSheetError;
    function isObject(v) { return v !== null && typeof v === "object" && !Array.isArray(v); }
    function collapse(s, cfg) { return H.collapse(s, R.context(cfg)); }
    function key(s, cfg) { return H.key(s, R.context(cfg)); }
    function esc(s) {
      return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
        .replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
    }
    function menu(cfg, name) { return cfg.menus[name]; }             // [[key, label], ...]
    function label(cfg, name, k) {
      var hit = menu(cfg, name).filter(function (kv) { return kv[0] === k; })[0];
      return hit ? hit[1] : k;
    }
    function withRole(ts, role) { return ts.partners.filter(function (p) { return p[1] === role; }).map(function (p) { return p[0]; }); }
    function sections(ts, cfg) {
      function yes(x) { return x ? "Yes" : "No"; }
      function listed(keys, name) {
        return keys.length ? keys.map(function (k) { return label(cfg, name, k); }).join("; ") : "None chosen";
      }
      var partners = ts.partners.map(function (p) {
        return R.inferRole(p[0], cfg) === p[1] ? p[0] : p[0] + " (" + label(cfg, "roles", p[1]).toLowerCase() + ")";
      }).join("; ");
      var shares = ts.shares.map(function (s) { return s[0] + " " + H.oneDecimal(s[1]) + "%"; }).join("; ");
      var bg = new Map(ts.background_ip);
      var bgText = ts.background_ip.length ? ts.partners.map(function (p) {
        return p[0] + ": " + (bg.has(p[0]) ? bg.get(p[0]) : "not listed");
      }).join("; ") : "Not listed for any partner";
      var roles = ts.credit_roles.map(function (r) { return ["CRediT roles: " + r[0], r[1].join(", ")]; });
      return [
        ["Partners and aim", [["Partners", partners], ["Aim for patients", ts.patient_benefit || "Not stated"],
          ["Purpose", label(cfg, "purposes", ts.purpose)]]],
        ["Data access", [["Access route", label(cfg, "data_access", ts.data_access)],
          ["Exclusive rights", yes(ts.exclusive_data_rights)]]],
        ["Intellectual property", [["New (foreground) IP", label(cfg, "foreground_ip", ts.foreground_ip)],
          ["Background IP (kept by each)", bgText]]],
        ["Value share", [["How the split is set", label(cfg, "value_rules", ts.value_rule)], ["Shares", shares]]],
        ["Value-sharing instruments", [["Instruments", listed(ts.instruments, "instruments")]]],
        ["Credit for clinicians", [["Credit", listed(ts.clinician_credit, "clinician_credit")]].concat(roles)],
        ["Governance", [["Steering committee", yes(ts.steering_committee)],
          ["Clinicians on it", yes(ts.clinicians_on_committee)],
          ["Review points", ts.review_every_months ? "Every " + String(ts.review_every_months) + " months" : "None agreed"],
          ["Exit terms", ts.exit_terms || "Not stated"]]],
        ["Privacy", [["De-identified data", yes(ts.deidentified)],
          ["Confidentiality agreement", yes(ts.confidentiality_agreement)]]],
        ["Patients and the public", [["Communication", listed(ts.public_communication, "public_communication")]]],
        ["Building capacity", [["AI training for clinicians", yes(ts.clinician_training)],
          ["Shared standards", yes(ts.shared_standards)], ["Hospital AI research unit", yes(ts.ai_research_unit)]]]
      ];
    }

    function heading(level, txt, cls) {
      level = Math.min(Math.max(level, 1), 6);
      return "<h" + level + " class=\"" + cls + "\">" + esc(txt) + "</h" + level + ">";
    }

    function rowsTable(caption, rows) {
      var body = rows.map(function (r) { return "<tr><th scope=\"row\">" + esc(r[0]) + "</th><td>" + esc(r[1]) + "</td></tr>"; }).join("");
      return "<table><caption class=\"visually-hidden\">" + esc(caption) + "</caption><tbody>" + body + "</tbody></table>";
    }

    function sevLabel(cfg, sev) {
      return cfg.rulebook.severities.filter(function (kv) { return kv[0] === sev; })[0][1].split(":")[0];
    }

    function findingsHtml(rows, summary, cfg, opts) {
      opts = opts || {};
      var includeOk = opts.includeOk !== false, compact = !!opts.compact, caption = opts.caption || "Findings";
      var f = includeOk ? rows : rows.filter(function (r) { return r.severity !== "ok"; });
      var cols = ["Severity", "Finding"].concat(compact ? [] : ["Source"]);
      var head = "<thead><tr>" + cols.map(function (c) { return "<th scope=\"col\">" + c + "</th>"; }).join("") + "</tr></thead>";
      var body = f.map(function (r) {
        var src = esc(r.source.replace(/;/g, "; "));
        var t = "<b>" + esc(r.area) + "</b> (" + esc(r.id) + "): " + esc(r.message);
        return "<tr><td class=\"sev\" style=\"color:" + cfg.badge[r.severity] + "\">" + cfg.icon[r.severity] + " "
          + esc(sevLabel(cfg, r.severity)) + "</td>"
          + (compact ? "<td>" + t + " [" + src + "]</td></tr>" : "<td>" + t + "</td><td>" + src + "</td></tr>");
      });
      if (!body.length) { body.push("<tr><td colspan=\"" + cols.length + "\">Nothing to fix: every check passed.</td></tr>"); }
      var cap = summary ? caption + " (" + summary + ")" : caption;
      return "<div class=\"aicollab-ts\"><table><caption>" + esc(cap) + "</caption>" + head + "<tbody>" + body.join("")
        + "</tbody></table></div>";
    }

    var FIRST_CLAUSE = /^(.+?)(?::\s|(?<!e\.g)(?<!i\.e)\.\s|\.$)/;
    function firstClause(message) {
      var m = FIRST_CLAUSE.exec(message);
      return (m ? m[1] : message).replace(/\.+$/, "") + ".";
    }

    // summary_html(): the one-page printable summary (a whole page, or a fragment from `level`).
    function summaryHtml(ts, findings, cfg, opts) {
      opts = opts || {};
      var standalone = opts.standalone !== false;
      var top = standalone ? 1 : (opts.level || 1);
      var rows = findings.rows;
      var passed = rows.filter(function (r) { return r.severity === "ok"; }).length;
      var parts = [heading(top, ts.title, "ts-title")];
      parts.push("<p class=\"ts-note\">" + esc(ts.note || "Draft term sheet") + ". "
        + "Headline terms for discussion; not a contract and not legal advice.</p>");
      var blocks = sections(ts, cfg).map(function (s) {
        return "<div class=\"ts-block\">" + heading(top + 1, s[0], "ts-section") + rowsTable(s[0], s[1]) + "</div>";
      }).join("");
      parts.push("<div class=\"ts-grid\">" + blocks + "</div>");
      parts.push(heading(top + 1, "Findings", "ts-section"));
      var serious = rows.filter(function (r) { return r.severity === "high" || r.severity === "medium"; });
      var low = rows.filter(function (r) { return r.severity === "low"; });
      if (serious.length) {
        parts.push(findingsHtml(serious, findings.summary, cfg, { includeOk: false, compact: true, caption: "To fix" }));
      }
      if (low.length) {
        var items = low.map(function (r) {
          return "<li><b>" + esc(r.id) + "</b> " + esc(firstClause(r.message)) + " [" + esc(r.source.replace(/;/g, "; ")) + "]</li>";
        }).join("");
        parts.push("<p class=\"ts-lowhead\">" + cfg.icon.low + " Worth considering (" + low.length + "):</p><ul class=\"ts-low\">"
          + items + "</ul>");
      }
      if (!serious.length && !low.length) { parts.push("<p>Nothing to fix: every check passed.</p>"); }
      parts.push("<p class=\"ts-passed\">" + cfg.icon.ok + " " + passed + " checks passed.</p>");
      var keys = [];
      rows.forEach(function (r) { r.source.split(";").forEach(function (k) { if (k && keys.indexOf(k) < 0) { keys.push(k); } }); });
      parts.push(heading(top + 1, "Sources", "ts-section"));
      parts.push("<ul class=\"ts-sources\">" + keys.map(function (k) {
        return "<li><b>" + esc(k) + "</b>: " + esc(cfg.rulebook.sources[k] || k) + "</li>";
      }).join("") + "</ul>");
      parts.push("<p class=\"ts-foot\">Made with the Partners in Healthcare AI teaching kit (aicollab.termsheet). "
        + "Severity: High = fix before signing; Medium = should be fixed; Low = worth considering.</p>");
      var body = "<div class=\"aicollab-ts\">" + parts.join("") + "</div>";
      var style = "<style>" + cfg.css + "</style>";
      if (!standalone) { return style + body; }
      return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<title>" + esc(ts.title) + ": term sheet summary</title>" + style
        + "<style>body{margin:1.2rem;}</style>"
        + "</head><body><main>" + body + "</main></body></html>\n";
    }

    // poll_choices(): the headline choices for the room poll, as [[question, answer], ...].
    function pollChoices(ts, cfg) {
      var q = cfg.poll.questions, clin = withRole(ts, "clinicians"), shares = new Map(ts.shares);
      var out = [[q.rule, cfg.poll.rule_answers[ts.value_rule]]];
      if (clin.length) { out.push([q.share, Number(H.oneDecimal(H.addLeftToRight(clin.map(function (n) { return shares.get(n); }))))]); }
      function labels(keys, name) { return keys.map(function (k) { return label(cfg, name, k); }); }
      out.push([q.access, label(cfg, "data_access", ts.data_access)]);
      out.push([q.ip, label(cfg, "foreground_ip", ts.foreground_ip)]);
      out.push([q.instruments, labels(ts.instruments, "instruments")]);
      out.push([q.credit, labels(ts.clinician_credit, "clinician_credit")]);
      out.push([q.committee, ts.steering_committee]);
      out.push([q.public, labels(ts.public_communication, "public_communication")]);
      return out;
    }

    // ------------------------------------------------------------------------------------
    // The form (a thin layer: read the controls, call the model, show the answer)
    // ------------------------------------------------------------------------------------
    var STORAGE_KEY = "aicollab-termsheet-form-v1";
    var UNCHANGED = "Your current draft is unchanged; nothing was lost.";
    var formCount = 0;

    function el(tag, attrs, children) {
      var node = document.createElement(tag);
      Object.keys(attrs || {}).forEach(function (k) {
        var v = attrs[k];
        if (v === null || v === undefined || v === false) { return; }
        if (k === "text") { node.textContent = v; }
        else if (k === "className") { node.className = v; }
        else if (k === "checked" || k === "value" || k === "selected") { node[k] = v; }
        else { node.setAttribute(k, v === true ? "" : String(v)); }
      });
      (children || []).forEach(function (c) { if (c) { node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); } });
      return node;
    }

    function storageGet(k) { try { return window.localStorage.getItem(k); } catch (e) { return null; } }
    function storageSet(k, value) { try { window.localStorage.setItem(k, value); return true; } catch (e) { return false; } }
    function storageRemove(k) { try { window.localStorage.removeItem(k); } catch (e) { /* nothing more to do */ } }
    function storageWorks() {
      try { window.localStorage.setItem(STORAGE_KEY + "-probe", "1"); window.localStorage.removeItem(STORAGE_KEY + "-probe"); return true; }
      catch (e) { return false; }
    }

    // "12", "12.5", "12,5", " 12 % " -> 12.5; "" -> null; anything else -> NaN.
    function parseShare(raw, cfg) {
      var t = collapse(String(raw), cfg).replace(/ ?%$/, "");
      if (t === "") { return null; }
      if (/^[+-]?\d+,\d+$/.test(t)) { t = t.replace(",", "."); }
      if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) { return NaN; }
      return Number(t);
    }

    function slug(s, cfg) { var t = key(s, cfg).replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, ""); return (t || "term-sheet").slice(0, 60); }

    // The form's raw state (what the learner typed, valid or not) from a term sheet.
    function stateFromTermSheet(ts, cfg) {
      var shares = new Map(ts.shares), bg = new Map(ts.background_ip);
      var s = {
        title: ts.title, note: ts.note, patient_benefit: ts.patient_benefit, purpose: ts.purpose,
        data_access: ts.data_access, foreground_ip: ts.foreground_ip, value_rule: ts.value_rule,
        exclusive_data_rights: ts.exclusive_data_rights, review_every_months: String(ts.review_every_months),
        exit_terms: ts.exit_terms, instruments: ts.instruments.slice(), clinician_credit: ts.clinician_credit.slice(),
        public_communication: ts.public_communication.slice(), credit_roles: ts.credit_roles.slice(),
        partners: ts.partners.map(function (p) {
          var v = shares.get(p[0]);
          return { name: p[0], role: p[1], share: String(v), background_ip: bg.get(p[0]) || "" };
        })
      };
      cfg.flag_fields.forEach(function (f) { s[f] = ts[f]; });
      return s;
    }

    function Form(container, cfg) {
      this.cfg = cfg;
      this.root = container;
      this.uid = "aicollab-tsf-" + (++formCount);
      this.storageKey = STORAGE_KEY;
      this.previous = null;
      this.lastGood = null;
      var start = stateFromTermSheet(R.fromDict(cfg.start, cfg), cfg);
      var stored = storageGet(this.storageKey), restored = false;
      // Private windows and some managed browsers refuse local storage: then say so instead of promising it.
      this.canStore = stored !== null || storageWorks();
      this.state = start;
      if (stored) {
        try {
          var st = JSON.parse(stored);
          if (isObject(st) && Array.isArray(st.partners) && st.partners.every(isObject)) {
            this.state = st;
            this.build();
            restored = true;
          }
        } catch (e) { restored = false; }
      }
      if (restored) {
        this.say("Your draft from your last visit is back (it is kept in this browser only).", true);
      } else {
        if (stored) { this.stale = stored; }
        this.state = start;
        this.build();
        if (stored) { this.say("A draft kept in this browser could not be read, so the form starts from the example. "
          + "The old copy stays in the browser's storage until you change this draft.", true); }
      }
    }

    Form.prototype.id = function (name) { return this.uid + "-" + name; };

    Form.prototype.save = function () {
      this.readAll();
      this.store();
    };

    // Keep the draft in local storage; say so at once when the browser refuses (the draft stays
    // in this page), and remove the older copy so that a reload cannot bring it back.
    Form.prototype.store = function () {
      var ok = storageSet(this.storageKey, JSON.stringify(this.state));
      if (!ok) { storageRemove(this.storageKey); }
      if (this.storeNote) {
        this.storeNote.textContent = ok || !this.canStore ? "" : "This browser could not keep this draft (it refused to "
          + "store it), so it is only in this page for now: press Download my draft (JSON) before you leave.";
      }
      return ok;
    };

    Form.prototype.field = function (labelText, control, hint) {
      var lab = el("label", { "for": control.id, text: labelText });
      var wrap = el("div", { className: "aicollab-tsf-field" }, [lab, control]);
      if (hint) {
        var h = el("p", { className: "aicollab-tsf-hint", id: control.id + "-hint", text: hint });
        control.setAttribute("aria-describedby", h.id);
        wrap.appendChild(h);
      }
      return wrap;
    };

    Form.prototype.select = function (name, options, value) {
      var s = el("select", { id: this.id(name), name: name });
      options.forEach(function (kv) { s.appendChild(el("option", { value: kv[0], text: kv[1] })); });
      s.value = value;
      if (s.value !== value && s.options.length) { s.selectedIndex = 0; }
      return s;
    };

    Form.prototype.checkbox = function (name, text, checked) {
      var box = el("input", { type: "checkbox", id: this.id(name), name: name, checked: !!checked });
      return el("div", { className: "aicollab-tsf-check" }, [box, el("label", { "for": box.id, text: text })]);
    };

    Form.prototype.fieldset = function (legend, children) {
      return el("fieldset", { className: "aicollab-tsf-group" }, [el("legend", { text: legend })].concat(children));
    };

    Form.prototype.build = function () {
      var cfg = this.cfg, s = this.state, self = this;
      this.building = true;  // a field removed below may fire "change": it must not touch the new draft
      // Build into a child of the container, so the container's <style> and config stay.
      var root = this.root.querySelector(":scope > .aicollab-tsf-mount");
      if (!root) { root = this.root.appendChild(el("div", { className: "aicollab-tsf-mount" })); }
      root.innerHTML = "";
      var loading = this.root.querySelector(".aicollab-tsform-loading");
      if (loading) { loading.remove(); }
      this.root.classList.add("aicollab-tsf-ready");
      var form = el("form", { className: "aicollab-tsf", novalidate: true, "aria-label": "Term-sheet builder" });
      this.form = form;
      var intro = el("p", { className: "aicollab-tsf-intro",
        text: "Fill in your draft, then press Check my draft. Everything stays in this browser: nothing is sent anywhere. "
          + (this.canStore ? "Your draft is kept here when you leave the page."
            : "This browser does not let the page keep your draft, so press Download my draft (JSON) before you leave.") });
      form.appendChild(intro);
      this.storeNote = el("p", { className: "aicollab-tsf-storage", role: "status", "aria-live": "polite" });
      form.appendChild(this.storeNote);

      var title = el("input", { type: "text", id: this.id("title"), name: "title", value: s.title || "", autocomplete: "off" });
      var note = el("input", { type: "text", id: this.id("note"), name: "note", value: s.note || "", autocomplete: "off" });
      var aim = el("textarea", { id: this.id("patient_benefit"), name: "patient_benefit", rows: 2, value: s.patient_benefit || "" });
      form.appendChild(this.fieldset("Project and aim", [
        this.field("Project title", title),
        this.field("Note printed under the title (optional)", note),
        this.field("Aim for patient care", aim, "How will patients be better off?"),
        this.field("Purpose", this.select("purpose", cfg.menus.purposes, s.purpose))
      ]));

      // partners table
      var table = el("table", { className: "aicollab-tsf-partners" });
      table.appendChild(el("caption", { text: "Partners, their share of the value and the background IP each brings and keeps" }));
      table.appendChild(el("thead", {}, [el("tr", {}, ["Partner name", "Role", "Share (%)", "Background IP (what they bring and keep)", "Remove"]
        .map(function (h) { return el("th", { scope: "col", text: h }); }))]));
      this.partnerBody = el("tbody");
      table.appendChild(this.partnerBody);
      this.total = el("p", { className: "aicollab-tsf-total", id: this.id("total"), "aria-live": "polite" });
      var addBtn = el("button", { type: "button", className: "aicollab-tsf-button", text: "Add a partner" });
      var equalBtn = el("button", { type: "button", className: "aicollab-tsf-button", text: "Split equally" });
      addBtn.addEventListener("click", function () { self.addPartner(); });
      equalBtn.addEventListener("click", function () { self.splitEqually(); });
      this.addBtn = addBtn;
      form.appendChild(this.fieldset("Partners and value share", [
        el("div", { className: "aicollab-tsf-scroll" }, [table]), this.total,
        el("div", { className: "aicollab-tsf-buttons" }, [addBtn, equalBtn]),
        this.field("How the split is set", this.select("value_rule", cfg.menus.value_rules, s.value_rule),
          "The rules are those of lesson 4; 'negotiated' means no formula.")
      ]));

      var self2 = this;
      function boxes(name, list, chosen) {
        return list.map(function (kv) { return self2.checkbox(name + "__" + kv[0], kv[1], chosen.indexOf(kv[0]) >= 0); });
      }
      var flagLabels = {};
      cfg.flag_labels.forEach(function (kv) { flagLabels[kv[0]] = kv[1]; });
      form.appendChild(this.fieldset("Data access and privacy", [
        this.field("How partners reach the data", this.select("data_access", cfg.menus.data_access, s.data_access)),
        this.checkbox("exclusive_data_rights", "A partner gets exclusive rights to the data", s.exclusive_data_rights),
        this.checkbox("deidentified", flagLabels.deidentified, s.deidentified),
        this.checkbox("confidentiality_agreement", flagLabels.confidentiality_agreement, s.confidentiality_agreement)
      ]));
      form.appendChild(this.fieldset("Intellectual property", [
        this.field("Who owns new (foreground) IP", this.select("foreground_ip", cfg.menus.foreground_ip, s.foreground_ip),
          "Background IP is in the partners table above.")
      ]));
      form.appendChild(this.fieldset("Value-sharing instruments", boxes("instruments", cfg.menus.instruments, s.instruments)));
      var credit = boxes("clinician_credit", cfg.menus.clinician_credit, s.clinician_credit);
      this.rolesNote = el("p", { className: "aicollab-tsf-hint" });
      form.appendChild(this.fieldset("Credit for clinicians", credit.concat([this.rolesNote])));
      var months = [["0", "No review points"]];
      for (var m = 1; m <= 36; m++) { months.push([String(m), "Every " + m + (m === 1 ? " month" : " months")]); }
      var exit = el("textarea", { id: this.id("exit_terms"), name: "exit_terms", rows: 2, value: s.exit_terms || "" });
      form.appendChild(this.fieldset("Governance", [
        this.checkbox("steering_committee", flagLabels.steering_committee, s.steering_committee),
        this.checkbox("clinicians_on_committee", flagLabels.clinicians_on_committee, s.clinicians_on_committee),
        this.field("Review points", this.select("review_every_months", months, String(s.review_every_months))),
        this.field("Exit and termination terms", exit, "What happens to the data, the model and the IP if a partner leaves?")
      ]));
      form.appendChild(this.fieldset("Patients and the public",
        boxes("public_communication", cfg.menus.public_communication, s.public_communication)));
      form.appendChild(this.fieldset("Building capacity", [
        this.checkbox("clinician_training", flagLabels.clinician_training, s.clinician_training),
        this.checkbox("shared_standards", flagLabels.shared_standards, s.shared_standards),
        this.checkbox("ai_research_unit", flagLabels.ai_research_unit, s.ai_research_unit)
      ]));

      function button(textLabel, handler, primary) {
        var b = el("button", { type: primary ? "submit" : "button", className: "aicollab-tsf-button" + (primary ? " is-primary" : ""), text: textLabel });
        if (!primary) { b.addEventListener("click", handler); }
        return b;
      }
      var fileInput = el("input", { type: "file", id: this.id("open"), accept: ".json,application/json", className: "aicollab-tsf-file" });
      fileInput.addEventListener("change", function () { self.openFile(fileInput); });
      this.pollButton = button("Save my answers for the room poll", function () { self.downloadPoll(); });
      var actions = el("div", { className: "aicollab-tsf-actions" }, [
        button("Check my draft", null, true),
        button("Download summary (HTML)", function () { self.downloadSummary(); }),
        button("Print summary", function () { self.printSummary(); }),
        button("Download my draft (JSON)", function () { self.downloadDraft(); }),
        fileInput,
        el("label", { "for": fileInput.id, className: "aicollab-tsf-button aicollab-tsf-filelabel", text: "Open a saved draft" }),
        this.pollButton,
        button("Start again from the illustrative first draft", function () { self.restart("start"); }),
        button("Start from a blank draft", function () { self.restart("blank"); })
      ]);
      form.appendChild(actions);
      window.aicollabFiles.pollButton(this.pollButton);  // on the workshop hub: "Send to the room"
      this.message = el("div", { className: "aicollab-tsf-message", id: this.id("message"), role: "status", "aria-live": "polite" });
      this.alert = el("div", { className: "aicollab-tsf-alert", id: this.id("alert"), role: "alert" });
      this.results = el("div", { className: "aicollab-tsf-results", id: this.id("results") });
      form.appendChild(this.alert);
      form.appendChild(this.message);
      form.appendChild(this.results);
      form.addEventListener("submit", function (e) { e.preventDefault(); self.runCheck(); });
      form.addEventListener("input", function () { if (!self.building) { self.changed(); } });
      form.addEventListener("change", function () { if (!self.building) { self.changed(); } });
      root.appendChild(form);
      this.renderPartners();
      this.building = false;
    };

    Form.prototype.renderPartners = function () {
      var cfg = this.cfg, self = this;
      this.partnerBody.innerHTML = "";
      this.state.partners.forEach(function (p, i) {
        var k = i + 1;
        function cell(control, labelText) {
          control.id = self.id("p" + k + "-" + control.name);
          return el("td", {}, [el("label", { "for": control.id, className: "visually-hidden", text: labelText }), control]);
        }
        var name = el("input", { type: "text", name: "name", value: p.name, autocomplete: "off" });
        var role = el("select", { name: "role" });
        cfg.menus.roles.forEach(function (kv) { role.appendChild(el("option", { value: kv[0], text: kv[1] })); });
        role.value = p.role;
        if (role.value !== p.role) { role.value = "other"; }
        var share = el("input", { type: "text", name: "share", value: p.share, inputmode: "decimal", size: 6 });
        var bg = el("input", { type: "text", name: "background_ip", value: p.background_ip, autocomplete: "off" });
        // A new name suggests a role, unless the learner chose a role other than the one suggested before.
        name.setAttribute("data-last-name", p.name);
        name.addEventListener("change", function () {
          if (self.building) { return; }
          var before = R.inferRole(collapse(name.getAttribute("data-last-name") || "", cfg), cfg);
          if (role.value === before) { role.value = R.inferRole(collapse(name.value, cfg), cfg); }
          name.setAttribute("data-last-name", name.value);
          self.changed();
        });
        var remove = el("button", { type: "button", className: "aicollab-tsf-button", text: "Remove",
          "aria-label": "Remove partner " + k + (collapse(p.name, cfg) ? " (" + collapse(p.name, cfg) + ")" : "") });
        remove.disabled = self.state.partners.length <= 2;
        remove.addEventListener("click", function () { self.removePartner(i); });
        var tr = el("tr", { "data-index": i }, [
          cell(name, "Name of partner " + k), cell(role, "Role of partner " + k),
          cell(share, "Share of partner " + k + " (%)"), cell(bg, "Background IP of partner " + k),
          el("td", {}, [remove])
        ]);
        self.partnerBody.appendChild(tr);
      });
      this.addBtn.disabled = this.state.partners.length >= cfg.rulebook.draft.partners_max;
      this.updateTotal();
      this.updateRolesNote();
    };

    // Read every control into this.state (raw text, so nothing typed is lost).
    Form.prototype.readAll = function () {
      var f = this.form, s = this.state, cfg = this.cfg;
      function v(name) { return f.querySelector("[name=\"" + name + "\"]").value; }
      function c(name) { return f.querySelector("[name=\"" + name + "\"]").checked; }
      ["title", "note", "patient_benefit", "purpose", "data_access", "foreground_ip", "value_rule", "exit_terms",
        "review_every_months"].forEach(function (k) { s[k] = v(k); });
      s.exclusive_data_rights = c("exclusive_data_rights");
      cfg.flag_fields.forEach(function (k) { s[k] = c(k); });
      ["instruments", "clinician_credit", "public_communication"].forEach(function (group) {
        s[group] = cfg.menus[group].filter(function (kv) { return c(group + "__" + kv[0]); }).map(function (kv) { return kv[0]; });
      });
      Array.from(this.partnerBody.querySelectorAll("tr")).forEach(function (tr, i) {
        var p = s.partners[i];
        p.name = tr.querySelector("[name=name]").value;
        p.role = tr.querySelector("[name=role]").value;
        p.share = tr.querySelector("[name=share]").value;
        p.background_ip = tr.querySelector("[name=background_ip]").value;
      });
    };

    Form.prototype.changed = function () {
      this.save();
      this.updateTotal();
      this.updateRolesNote();
    };

    Form.prototype.updateTotal = function () {
      var cfg = this.cfg, values = this.state.partners.map(function (p) { return parseShare(p.share, cfg); });
      var bad = values.some(function (x) { return x !== null && Number.isNaN(x); });
      var total = H.addLeftToRight(values.map(function (x) { return x === null || Number.isNaN(x) ? 0 : x; }));
      var ok = !bad && Math.abs(total - 100) <= cfg.rulebook.draft.share_tolerance;
      this.total.textContent = bad ? "Total: a share is not a number yet" : "Total: " + H.oneDecimal(total) + "% ("
        + (ok ? "adds up to 100" : "must add up to 100") + ")";
      this.total.className = "aicollab-tsf-total " + (ok ? "is-ok" : "is-off");
    };

    Form.prototype.updateRolesNote = function () {
      var cfg = this.cfg, names = this.state.partners.map(function (p) { return collapse(p.name, cfg); });
      var kept = this.state.credit_roles.filter(function (r) { return names.indexOf(r[0]) >= 0; });
      this.rolesNote.textContent = kept.length ? "CRediT roles carried over from the loaded draft: "
        + kept.map(function (r) { return r[0] + ": " + r[1].join(", "); }).join("; ") + "." : "";
    };

    Form.prototype.addPartner = function () {
      this.readAll();
      if (this.state.partners.length >= this.cfg.rulebook.draft.partners_max) { return; }
      this.state.partners.push({ name: "", role: "other", share: "0", background_ip: "" });
      this.renderPartners();
      this.save();
      var rows = this.partnerBody.querySelectorAll("tr");
      rows[rows.length - 1].querySelector("[name=name]").focus();
      this.say("Partner " + rows.length + " added: give them a name and a share.", true);
    };

    Form.prototype.removePartner = function (i) {
      this.readAll();
      if (this.state.partners.length <= 2) { return; }
      var gone = this.state.partners.splice(i, 1)[0];
      this.renderPartners();
      this.save();
      var rows = this.partnerBody.querySelectorAll("tr");
      rows[Math.min(i, rows.length - 1)].querySelector("[name=name]").focus();
      this.say("Removed " + (collapse(gone.name, this.cfg) || "partner " + (i + 1)) + ". Shares now total "
        + this.total.textContent.replace(/^Total: /, "") + ".", true);
    };

    Form.prototype.splitEqually = function () {
      this.readAll();
      var n = this.state.partners.length;
      var each = Math.floor(1000 / n) / 10;  // one decimal, rounded down; the first partner takes the rest
      var first = Number(H.oneDecimal(100 - each * (n - 1)));
      this.state.partners.forEach(function (p, i) { p.share = String(i === 0 ? first : each); });
      this.renderPartners();
      this.save();
      this.say("Shares split equally (" + this.total.textContent.replace(/^Total: /, "") + ").", true);
    };

    // The form's state -> the JSON draft format, or a plain message about a share that is not a number.
    Form.prototype.draft = function () {
      this.readAll();
      var s = this.state, cfg = this.cfg;
      var rb = R.context(cfg), names = s.partners.map(function (p) { return collapse(p.name, cfg); });
      var d = { kit: rb.draft.kit, version: rb.draft.version, title: s.title, note: s.note, partners: [] };
      for (var i = 0; i < s.partners.length; i++) {
        var p = s.partners[i];
        var who = names[i] ? H.quote(names[i], rb) : "partner " + (i + 1);
        if (!names[i]) {
          return { error: "partner " + (i + 1) + " has no name: type one, or remove the row", field: ["name", i] };
        }
        var share = parseShare(p.share, cfg);
        if (share === null) {
          return { error: "the share of " + who + " is empty: type a percentage (0 is allowed)", field: ["share", i] };
        }
        if (Number.isNaN(share)) {
          return { error: "the share of " + who + " must be a number such as 25 or 12.5; it says "
            + H.quote(collapse(String(p.share), cfg), rb), field: ["share", i] };
        }
        var roles = s.credit_roles.filter(function (r) { return r[0] === names[i]; })[0];
        d.partners.push({ name: p.name, role: p.role, share: share, background_ip: p.background_ip,
          credit_roles: roles ? roles[1] : [] });
      }
      ["patient_benefit", "purpose", "data_access", "foreground_ip", "value_rule", "exit_terms", "instruments",
        "clinician_credit", "public_communication", "exclusive_data_rights"].forEach(function (k) { d[k] = s[k]; });
      cfg.flag_fields.forEach(function (k) { d[k] = s[k]; });
      d.review_every_months = parseInt(s.review_every_months, 10) || 0;
      return { draft: d };
    };

    Form.prototype.focusFor = function (message, field) {
      var f = this.form, cfg = this.cfg, rows = this.partnerBody.querySelectorAll("tr"), target = null;
      var nth = /^the name of partner (\d+)/.exec(message);
      if (field) { target = rows[field[1]] && rows[field[1]].querySelector("[name=" + field[0] + "]"); }
      else if (nth) { target = rows[Number(nth[1]) - 1] && rows[Number(nth[1]) - 1].querySelector("[name=name]"); }
      else if (/^the title/.test(message)) { target = f.querySelector("[name=title]"); }
      else if (/^the note/.test(message)) { target = f.querySelector("[name=note]"); }
      else if (/^the exit terms/.test(message)) { target = f.querySelector("[name=exit_terms]"); }
      else if (/^the patient-benefit aim/.test(message)) { target = f.querySelector("[name=patient_benefit]"); }
      else if (/^the shares add up|^no share given/.test(message)) { target = rows[0] && rows[0].querySelector("[name=share]"); }
      else {
        // names are quoted as JSON quotes them (cut to an excerpt ending in "…" when long)
        var quoted = /(partner|share of|background IP of) ("(?:[^"\\]|\\.)*")/.exec(message), who = null;
        if (quoted) { try { who = key(JSON.parse(quoted[2]).replace(/\u2026$/, ""), cfg); } catch (e) { who = null; } }
        var blank = /needs a name/.test(message), twice = /listed twice/.test(message);
        var list = Array.from(rows);
        if (twice) { list.reverse(); }  // the second of the two names is the one to change
        list.forEach(function (tr) {
          var n = collapse(tr.querySelector("[name=name]").value, cfg);
          if (target) { return; }
          if (blank && !n) { target = tr.querySelector("[name=name]"); }
          if (who !== null && n && key(n, cfg).indexOf(who) === 0) {
            target = tr.querySelector(/share/.test(quoted[1]) ? "[name=share]" : /background/.test(quoted[1]) ? "[name=background_ip]" : "[name=name]");
          }
        });
      }
      Array.from(f.querySelectorAll("[aria-invalid]")).forEach(function (x) { x.removeAttribute("aria-invalid"); });
      if (target) {
        target.setAttribute("aria-invalid", "true");
        target.setAttribute("aria-errormessage", this.alert.id);
        target.focus();
      }
    };

    // ok: a status line; otherwise an alert that says what to fix and that nothing was lost.
    Form.prototype.say = function (textMessage, ok, tail) {
      if (ok) {
        this.alert.textContent = "";
        this.message.textContent = textMessage;
      } else {
        this.message.textContent = "";
        this.alert.innerHTML = "";
        this.alert.appendChild(el("p", {}, [el("b", { text: "Check this: " }),
          H.sentence(textMessage, R.context(this.cfg)) + " " + (tail || "Your draft is kept; nothing was lost.")]));
      }
    };

    // Validate the draft; returns the term sheet (and its findings) or null after saying why.
    Form.prototype.validated = function () {
      var out = this.draft();
      if (out.error) { this.say(out.error); this.focusFor(out.error, out.field); return null; }
      try {
        var ts = R.fromDict(out.draft, this.cfg);
        Array.from(this.form.querySelectorAll("[aria-invalid]")).forEach(function (x) { x.removeAttribute("aria-invalid"); });
        this.lastGood = ts;
        return { ts: ts, findings: R.check(ts, this.cfg) };
      } catch (e) {
        if (!(e instanceof TermSheetError)) { throw e; }
        this.say(e.message);
        this.focusFor(e.message, null);
        return null;
      }
    };

    Form.prototype.runCheck = function () {
      var v = this.validated();
      if (!v) { return null; }
      this.say("Checked: " + v.findings.summary + ".", true);
      var cfg = this.cfg;
      this.results.innerHTML = "<style>" + cfg.css + "</style>" + findingsHtml(v.findings.rows, v.findings.summary, cfg,
        { includeOk: false });
      var passed = v.findings.rows.filter(function (r) { return r.severity === "ok"; }).length;
      var details = el("details", { className: "aicollab-ts-preview" }, [
        el("summary", { text: "Preview the printable summary (" + passed + " checks passed)" })]);
      details.insertAdjacentHTML("beforeend", summaryHtml(v.ts, v.findings, cfg, { standalone: false, level: 3 }));
      this.results.appendChild(details);
      return v;
    };

    Form.prototype.downloadSummary = function () {
      var v = this.runCheck();
      if (!v) { return; }
      var name = "term-sheet-" + slug(v.ts.title, this.cfg) + ".html";
      api.download(name, summaryHtml(v.ts, v.findings, this.cfg), "text/html;charset=utf-8");
      this.say("Checked: " + v.findings.summary + ". Your browser is saving " + name + " to its downloads: open it "
        + "in a browser and print it (Ctrl+P or Cmd+P), or keep it.", true);
    };

    Form.prototype.printSummary = function () {
      var v = this.runCheck();
      if (!v) { return; }
      api.print(summaryHtml(v.ts, v.findings, this.cfg));
      this.say("Checked: " + v.findings.summary + ". The print dialog shows the one-page summary; "
        + "choose Save as PDF to keep a copy.", true);
    };

    Form.prototype.downloadDraft = function () {
      var out = this.draft();
      if (out.error) { this.say(out.error); this.focusFor(out.error, out.field); return; }
      var title = collapse(String(this.state.title || ""), this.cfg) || "term sheet";
      var name = "term-sheet-draft-" + slug(title, this.cfg) + ".json";
      api.download(name, JSON.stringify(out.draft, null, 2) + "\n", "application/json");
      this.say("Your browser is saving " + name + " to its downloads. Open it here later with Open a saved draft, "
        + "or in JupyterLab with load_draft (see below).", true);
    };

    Form.prototype.downloadPoll = function () {
      var v = this.validated();
      if (!v) { return; }
      var capstone = {};
      pollChoices(v.ts, this.cfg).forEach(function (qa) { capstone[qa[0]] = qa[1]; });
      var self = this;
      window.aicollabFiles.savePollAnswers({ capstone: capstone }, this.cfg.poll, {
        button: this.pollButton,
        report: function (message, ok) { self.say(message, ok); }
      });
    };

    // Show a term sheet. The field that has focus is left first (its "change" must not write the
    // old form into the new draft), and the new draft is stored; when the browser refuses to
    // store it, the older copy is removed so a reload can never bring it back as "your draft".
    Form.prototype.load = function (ts) {
      this.state = stateFromTermSheet(ts, this.cfg);
      var rootFocus = document.activeElement;
      this.build();
      this.store();
      if (rootFocus && !document.body.contains(rootFocus)) { this.form.querySelector("[name=title]").focus(); }
    };

    Form.prototype.leaveField = function () {
      var a = document.activeElement;
      if (a && this.root.contains(a) && a.blur) { a.blur(); }
    };

    Form.prototype.restart = function (which) {
      this.leaveField();
      this.readAll();
      this.previous = JSON.parse(JSON.stringify(this.state));
      this.load(R.fromDict(which === "blank" ? this.cfg.blank : this.cfg.start, this.cfg));
      this.offerUndo(which === "blank" ? "Started a blank draft." : "Started again from the illustrative first draft.");
    };

    Form.prototype.offerUndo = function (textMessage) {
      var self = this;
      this.say(textMessage + " Your previous draft can be brought back with Undo.", true);
      var undo = el("button", { type: "button", className: "aicollab-tsf-button", text: "Undo: bring back my previous draft" });
      undo.addEventListener("click", function () {
        if (!self.previous) { return; }
        self.state = self.previous;
        self.previous = null;
        self.build();
        self.save();
        self.form.querySelector("[name=title]").focus();
        self.say("Your previous draft is back.", true);
      });
      this.message.appendChild(document.createTextNode(" "));
      this.message.appendChild(undo);
    };

    // "Open a saved draft": the file's bytes go through the draft format's file rules (one BOM rule,
    // size, depth, duplicate keys, numbers) and the draft rules, as load_draft does in Python.
    Form.prototype.openFile = function (input) {
      var self = this, file = input.files && input.files[0], rb = R.context(this.cfg);
      if (!file) { return; }
      this.leaveField();
      this.readAll();
      this.alert.innerHTML = "";
      this.message.textContent = "Opening " + H.fileLabel(file.name, rb) + "\u2026";
      function refuse(message) { input.value = ""; self.say(message, false, UNCHANGED); }
      try { R.checkSize(file.size, file.name, rb); } catch (e) { refuse(e.message); return; }
      file.arrayBuffer().then(function (buffer) {
        var ts;
        try { ts = R.readDraft(new Uint8Array(buffer), file.name, self.cfg); }
        catch (e) {
          if (e instanceof TermSheetError) { refuse(e.message); return; }
          refuse("the file " + H.fileLabel(file.name, rb) + " could not be opened (an internal problem: "
            + H.quote(String(e && e.message), rb) + ")");
          return;
        }
        input.value = "";
        self.previous = JSON.parse(JSON.stringify(self.state));
        self.load(ts);
        self.offerUndo("Opened " + H.fileLabel(file.name, rb) + ".");
      }, function () { refuse("the file " + H.fileLabel(file.name, rb) + " could not be read"); });
    };

    function printHtml(markup) {
      var frame = el("iframe", { title: "Printable term-sheet summary", "aria-hidden": "true", tabindex: "-1" });
      frame.style.cssText = "position:fixed;right:0;bottom:0;width:0;height:0;border:0;";
      frame.addEventListener("load", function () {
        try { frame.contentWindow.focus(); frame.contentWindow.print(); } finally {
          setTimeout(function () { frame.remove(); }, 60000);
        }
      });
      frame.srcdoc = markup;
      document.body.appendChild(frame);
    }

    function mount(container) {
      if (container.getAttribute("data-aicollab-mounted")) { return null; }
      var cfgNode = container.querySelector("script.aicollab-tsform-config");
      if (!cfgNode) { return null; }
      container.setAttribute("data-aicollab-mounted", "true");
      try {
        var cfg = JSON.parse(cfgNode.textContent);
        var form = new Form(container, cfg);
        (window.aicollabTermSheetForms = window.aicollabTermSheetForms || []).push(form);
        return form;
      } catch (e) {
        container.setAttribute("data-aicollab-error", "true");
        var p = container.querySelector(".aicollab-tsform-loading") || container.appendChild(el("p"));
        p.textContent = "The term-sheet form could not start (" + e.message + "). Reload the page; in JupyterLab, run the cell again.";
        return null;
      }
    }

    function mountAll() {
      Array.from(document.querySelectorAll(".aicollab-tsform")).forEach(mount);
    }

    var api = {
      version: 2,
      TermSheetError: TermSheetError,
      readDraft: R.readDraft,
      fromDict: R.fromDict,
      toDict: R.toDict,
      check: R.check,
      sections: sections,
      summaryHtml: summaryHtml,
      findingsHtml: findingsHtml,
      pollChoices: pollChoices,
      parseShare: parseShare,
      download: function (name, text, type) { window.aicollabFiles.download(name, text, type); },
      print: printHtml,
      mount: mount,
      mountAll: mountAll
    };
    window.aicollabTermSheet = api;
    if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", mountAll); }
    else { mountAll(); }
  }
})();
