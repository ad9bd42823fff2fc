/* The capstone's term-sheet builder, without a Python kernel (the static book and JupyterLab).
 *
 * What it does: a learner drafts a term sheet in an ordinary HTML form, presses "Check my
 * draft" and gets the same findings, in the same words, as aicollab.termsheet.check() in
 * Python; the one-page summary can be downloaded or printed; the draft can be downloaded as
 * JSON (the kit's draft format, readable by aicollab.termsheet.TermSheet.from_dict) and
 * opened again; the headline choices can be saved as a room-poll file. Nothing is sent
 * anywhere: every file is made in the browser. The draft is kept in the browser's local
 * storage so a reload loses nothing.
 *
 * One source of truth: every menu, message, source, colour and the summary's CSS arrive from
 * Python as JSON (aicollab.termsheet.form_config(), inside the form's container). This file
 * holds only the decisions: the validation rules of TermSheet.from_dict()/TermSheet(), which
 * case of each check applies, and how the summary is laid out. tests/test_termsheet_browser.py
 * runs hundreds of drafts through both and requires identical messages, findings and summary
 * HTML, so the two cannot drift apart unnoticed.
 *
 * Python-compatible details, so the words match exactly: whitespace is Python's (str.split),
 * case-insensitive matching uses full case folding as far as JavaScript allows, lengths count
 * code points, numbers print as Python prints them (repr, "%.1f" with ties to even).
 *
 * API (window.aicollabTermSheet): fromDict(draft, config) -> term sheet or throws
 * TermSheetError; check(ts, config) -> findings; summaryHtml(ts, findings, config, options);
 * pollChoices(ts, config); mount(container); mountAll(). Files are made by files.js
 * (window.aicollabFiles), which Python writes into the form's output before its container.
 */
(function () {
  "use strict";
  if (window.aicollabTermSheet && window.aicollabTermSheet.version === 1) {
    window.aicollabTermSheet.mountAll();
    return;
  }

  // ------------------------------------------------------------------------------------
  // Python-compatible text and number helpers
  // ------------------------------------------------------------------------------------
  var WS = "\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
  var WS_RUN = new RegExp("[" + WS + "]+");
  var WS_EDGES = new RegExp("^[" + WS + "]+|[" + WS + "]+$", "g");
  var NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

  function collapse(s) { return s.split(WS_RUN).filter(function (x) { return x !== ""; }).join(" "); }
  function strip(s) { return s.replace(WS_EDGES, ""); }
  function casefold(s) { return s.toLowerCase().toUpperCase().toLowerCase(); }
  function cpLen(s) { return Array.from(s).length; }
  function isObject(v) { return v !== null && typeof v === "object" && !Array.isArray(v); }

  function hex(n, width) { var h = n.toString(16); while (h.length < width) { h = "0" + h; } return h; }

  function strRepr(s) {
    var quote = (s.indexOf("'") >= 0 && s.indexOf('"') < 0) ? '"' : "'";
    var out = quote;
    Array.from(s).forEach(function (ch) {
      var cp = ch.codePointAt(0);
      if (ch === quote || ch === "\\") { out += "\\" + ch; }
      else if (ch === "\t") { out += "\\t"; }
      else if (ch === "\n") { out += "\\n"; }
      else if (ch === "\r") { out += "\\r"; }
      else if (ch !== " " && NON_PRINTABLE.test(ch)) {
        out += cp < 0x100 ? "\\x" + hex(cp, 2) : cp < 0x10000 ? "\\u" + hex(cp, 4) : "\\U" + hex(cp, 8);
      } else { out += ch; }
    });
    return out + quote;
  }

  // Python's repr() of a float: shortest round-trip digits, scientific below 1e-4 or from 1e16.
  function floatRepr(x) {
    if (Number.isNaN(x)) { return "nan"; }
    if (!Number.isFinite(x)) { return x > 0 ? "inf" : "-inf"; }
    if (x === 0) { return Object.is(x, -0) ? "-0.0" : "0.0"; }
    var sign = x < 0 ? "-" : "";
    var s = String(Math.abs(x));
    var parts = s.split("e");
    var e = parts.length > 1 ? parseInt(parts[1], 10) : 0;
    var ip = parts[0].split(".")[0], fp = parts[0].split(".")[1] || "";
    var exp, digits;
    if (ip !== "0") { exp = ip.length - 1 + e; digits = ip + fp; }
    else { var z = fp.match(/^0*/)[0].length; exp = -(z + 1) + e; digits = fp.slice(z); }
    digits = digits.replace(/^0+/, "").replace(/0+$/, "") || "0";
    if (exp < -4 || exp >= 16) {
      var m = digits[0] + (digits.length > 1 ? "." + digits.slice(1) : "");
      var ae = Math.abs(exp);
      return sign + m + "e" + (exp < 0 ? "-" : "+") + (ae < 10 ? "0" + ae : String(ae));
    }
    if (exp >= 0) {
      var whole = digits.slice(0, exp + 1);
      while (whole.length < exp + 1) { whole += "0"; }
      return sign + whole + "." + (digits.slice(exp + 1) || "0");
    }
    return sign + "0." + "0".repeat(-exp - 1) + digits;
  }

  function intRepr(x) { return Math.abs(x) < 1e21 ? String(x === 0 ? 0 : x) : BigInt(x).toString(); }

  // repr() of a JSON value as Python prints it (integer-valued numbers print as ints).
  function pyRepr(v) {
    if (v === null || v === undefined) { return "None"; }
    if (v === true) { return "True"; }
    if (v === false) { return "False"; }
    if (typeof v === "string") { return strRepr(v); }
    if (typeof v === "number") { return Number.isInteger(v) ? intRepr(v) : floatRepr(v); }
    if (Array.isArray(v)) { return "[" + v.map(pyRepr).join(", ") + "]"; }
    return "{" + Object.keys(v).map(function (k) { return strRepr(k) + ": " + pyRepr(v[k]); }).join(", ") + "}";
  }

  // Python's format(x, ".1f"): exact decimal rounding, ties to even.
  function fmt1(x) {
    if (Number.isNaN(x)) { return "nan"; }
    if (!Number.isFinite(x)) { return x > 0 ? "inf" : "-inf"; }
    if (Object.is(x, -0)) { return "-0.0"; }
    if (Math.abs(x) >= 1e21) { return BigInt(x).toString() + ".0"; }
    var q = Math.abs(4 * x);
    if (Number.isInteger(q) && q % 2 === 1) {  // an exact tie (x = j/4, j odd): round to even
      var down = (BigInt(q) * 5n) / 2n;
      var n = down % 2n === 0n ? down : down + 1n;
      return (x < 0 ? "-" : "") + (n / 10n).toString() + "." + (n % 10n).toString();
    }
    return x.toFixed(1);
  }

  // The kit's plain number for messages: repr without a trailing ".0".
  function num(x) { var s = floatRepr(x); return s.slice(-2) === ".0" ? s.slice(0, -2) : s; }

  function round1(x) { return Number(fmt1(x)); }

  function add(values) { var t = 0; values.forEach(function (v) { t += v; }); return t; }

  function esc(s) {
    return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (m, k) { return k in values ? values[k] : m; });
  }

  function TermSheetError(message) { this.name = "TermSheetError"; this.message = message; }
  TermSheetError.prototype = Object.create(Error.prototype);
  function fail(message) { throw new TermSheetError(message); }

  // ------------------------------------------------------------------------------------
  // The model: validation (TermSheet.from_dict + TermSheet), check(), summary, room poll
  // ------------------------------------------------------------------------------------
  function menu(cfg, name) { return cfg.menus[name]; }             // [[key, label], ...]
  function label(cfg, name, key) {
    var hit = menu(cfg, name).filter(function (kv) { return kv[0] === key; })[0];
    return hit ? hit[1] : key;
  }

  function text(value, what, required, maxLen) {
    if (value === null || value === undefined) { value = ""; }
    if (typeof value !== "string") { fail(what + " must be text, got " + pyRepr(value)); }
    var t = collapse(value);
    if (required && !t) { fail(what + " must not be empty"); }
    if (cpLen(t) > maxLen) { fail(what + " is too long (" + cpLen(t) + " characters; at most " + maxLen + ")"); }
    return t;
  }

  function choice(value, options, what) {
    if (typeof value === "string") {
      var v = casefold(strip(value));
      for (var i = 0; i < options.length; i++) {
        if (v === casefold(options[i][0]) || v === casefold(options[i][1])) { return options[i][0]; }
      }
    }
    var valid = options.map(function (kv) { return strRepr(kv[0]) + " (" + kv[1] + ")"; }).join("; ");
    return fail("unknown " + what + " " + pyRepr(value) + "; choose one of: " + valid);
  }

  function choices(values, options, what) {
    if (values === null || values === undefined) { return []; }
    var items;
    if (typeof values === "string") { items = [values]; }
    else if (Array.isArray(values)) { items = values; }
    else if (isObject(values)) { items = Object.keys(values); }
    else { return fail(what + " must be a list of options, got " + pyRepr(values)); }
    var keys = items.map(function (v) { return choice(v, options, what); });
    return options.map(function (kv) { return kv[0]; }).filter(function (k) { return keys.indexOf(k) >= 0; });
  }

  function flag(value, what) {
    if (typeof value !== "boolean") { fail(what + " must be True or False, got " + pyRepr(value)); }
    return value;
  }

  function inferRole(name, cfg) {
    var n = casefold(name);
    for (var i = 0; i < cfg.role_words.length; i++) {
      var words = cfg.role_words[i][1];
      for (var j = 0; j < words.length; j++) { if (n.indexOf(words[j]) >= 0) { return cfg.role_words[i][0]; } }
    }
    return "other";
  }

  function partnerName(name, names, what) {
    if (typeof name === "string") {
      var clean = casefold(collapse(name));
      for (var i = 0; i < names.length; i++) { if (casefold(names[i]) === clean) { return names[i]; } }
    }
    return fail("unknown partner " + pyRepr(name) + " in " + what + "; the partners are: " + names.join(", "));
  }

  // Map -> ordered [[name, value]] keeping the partners' order.
  function ordered(map, names) {
    return names.filter(function (n) { return map.has(n); }).map(function (n) { return [n, map.get(n)]; });
  }

  // TermSheet(**kwargs).__post_init__, field by field in the same order.
  function makeTermSheet(kw, cfg) {
    function get(k, dflt) { return Object.prototype.hasOwnProperty.call(kw, k) ? kw[k] : dflt; }
    var ts = {};
    ts.title = text(get("title", cfg.defaults.title), "the title", true, 200);
    // partners: a Map name -> role (from a draft) or the default list of names
    var given = get("partners", null);
    var items = given instanceof Map ? Array.from(given.entries())
      : cfg.defaults.partner_names.map(function (n) { return [n, null]; });
    var partners = [], seen = [];
    items.forEach(function (it) {
      var name = it[0], role = it[1];
      if (typeof name !== "string" || !strip(name)) { fail("every partner needs a name (text), got " + pyRepr(name)); }
      var clean = collapse(name);
      if (seen.indexOf(casefold(clean)) >= 0) {
        fail("partner " + pyRepr(clean) + " is listed twice: every partner needs a different name");
      }
      seen.push(casefold(clean));
      partners.push([clean, role === null || role === undefined ? inferRole(clean, cfg)
        : choice(role, menu(cfg, "roles"), "role for partner " + strRepr(clean))]);
    });
    if (partners.length < 2) { fail("a partnership needs at least 2 partners, got " + partners.length); }
    if (partners.length > cfg.max_partners) {
      fail("at most " + cfg.max_partners + " partners are supported, got " + partners.length);
    }
    ts.partners = partners;
    var names = partners.map(function (p) { return p[0]; });
    ts.patient_benefit = text(get("patient_benefit", ""), "the patient-benefit aim", false, cfg.max_text);
    ts.purpose = choice(get("purpose", cfg.defaults.purpose), menu(cfg, "purposes"), "purpose");
    ts.data_access = choice(get("data_access", cfg.defaults.data_access), menu(cfg, "data_access"), "data-access option");
    ts.foreground_ip = choice(get("foreground_ip", cfg.defaults.foreground_ip), menu(cfg, "foreground_ip"),
      "foreground-IP option");
    var bg = new Map();
    (get("background_ip", null) || new Map()).forEach(function (v, k) {
      var p = partnerName(k, names, "background_ip");
      var t = text(v, "the background IP of " + strRepr(p), false, cfg.max_text);
      if (t) { bg.set(p, t); }
    });
    ts.background_ip = ordered(bg, names);
    ts.exclusive_data_rights = flag(get("exclusive_data_rights", false), "exclusive_data_rights");
    ts.value_rule = choice(get("value_rule", cfg.defaults.value_rule), menu(cfg, "value_rules"), "value-sharing rule");
    var shares = get("shares", null);
    if (shares === null) {
      ts.shares = names.map(function (n) { return [n, 100 / names.length]; });
    } else {
      var got = new Map();
      shares.forEach(function (v, k) {
        var p = partnerName(k, names, "shares");
        if (typeof v !== "number") { fail("the share of " + strRepr(p) + " must be a number (percent), got " + pyRepr(v)); }
        if (!Number.isFinite(v)) { fail("the share of " + strRepr(p) + " must be a finite number, got " + pyRepr(v)); }
        if (v < 0) { fail("the share of " + strRepr(p) + " is negative (" + num(v) + "%); shares must be 0 or more"); }
        got.set(p, v);
      });
      var missing = names.filter(function (n) { return !got.has(n); });
      if (missing.length) {
        fail("no share given for " + strRepr(missing[0]) + "; give every partner a percentage (0 is allowed)");
      }
      var total = add(names.map(function (n) { return got.get(n); }));
      if (!(Math.abs(total - 100) <= cfg.share_tolerance)) {
        fail("the shares add up to " + fmt1(total) + "%, not 100%; adjust them so they total 100 (within \u00b1"
          + num(cfg.share_tolerance) + ")");
      }
      ts.shares = ordered(got, names);
    }
    ts.instruments = choices(get("instruments", []), menu(cfg, "instruments"), "instrument");
    ts.clinician_credit = choices(get("clinician_credit", []), menu(cfg, "clinician_credit"), "kind of clinician credit");
    var lookup = new Map();
    cfg.credit_roles.forEach(function (r) {
      lookup.set(casefold(r), r);
      lookup.set(casefold(r.replace(/\u2013/g, "-")), r);
    });
    var roles = new Map();
    (get("credit_roles", null) || new Map()).forEach(function (v, k) {
      var p = partnerName(k, names, "credit_roles");
      if (typeof v === "string") { v = [v]; }
      if (!Array.isArray(v)) { fail("the CRediT roles of " + strRepr(p) + " must be a list of roles, got " + pyRepr(v)); }
      var chosen = [];
      v.forEach(function (r) {
        var key = typeof r === "string" ? casefold(strip(r)) : null;
        if (key === null || !lookup.has(key)) {
          fail("unknown CRediT role " + pyRepr(r) + " for " + strRepr(p) + "; the 14 roles are: " + cfg.credit_roles.join(", "));
        }
        chosen.push(lookup.get(key));
      });
      if (chosen.length) { roles.set(p, cfg.credit_roles.filter(function (r) { return chosen.indexOf(r) >= 0; })); }
    });
    ts.credit_roles = ordered(roles, names);
    cfg.flag_fields.forEach(function (f) { ts[f] = flag(get(f, false), f); });
    var months = get("review_every_months", 0);
    if (typeof months !== "number" || !Number.isInteger(months)) {
      fail("review_every_months must be a whole number of months (0 = no review points), got " + pyRepr(months));
    }
    if (!(months >= 0 && months <= 36)) { fail("review_every_months must be between 0 and 36, got " + intRepr(months)); }
    ts.review_every_months = months === 0 ? 0 : months;
    ts.exit_terms = text(get("exit_terms", ""), "the exit terms", false, cfg.max_text);
    ts.public_communication = choices(get("public_communication", []), menu(cfg, "public_communication"),
      "public-communication option");
    ts.note = text(get("note", ""), "the note", false, 400);
    return ts;
  }

  // A plain copy of an object's own fields (with no prototype, so a "__proto__" field in a
  // file stays an ordinary, unknown field instead of changing the copy's prototype).
  function ownCopy(obj) {
    var out = Object.create(null);
    Object.keys(obj).forEach(function (k) {
      Object.defineProperty(out, k, { value: obj[k], enumerable: true, writable: true, configurable: true });
    });
    return out;
  }

  // TermSheet.from_dict(): the JSON draft format -> a term sheet (or a TermSheetError).
  function fromDict(data, cfg) {
    if (!isObject(data)) {
      fail("a term-sheet draft must be a JSON object ({...}) with fields such as \"title\" and \"partners\"");
    }
    var d = ownCopy(data);
    var kit = "kit" in d ? d.kit : cfg.draft_kit;
    delete d.kit;
    if (kit !== cfg.draft_kit) {
      fail("this is not a term-sheet draft of this kit (its \"kit\" is " + pyRepr(kit) + ", not " + strRepr(cfg.draft_kit) + ")");
    }
    var version = "version" in d ? d.version : cfg.draft_version;
    delete d.version;
    if (typeof version === "boolean" || version !== cfg.draft_version) {
      fail("this draft has format version " + pyRepr(version) + "; this kit reads version " + cfg.draft_version);
    }
    Object.keys(d).forEach(function (k) {
      if (cfg.draft_fields.indexOf(k) < 0) {
        fail("unknown term-sheet field " + strRepr(k) + "; the fields are: " + cfg.draft_fields.join(", "));
      }
    });
    var kw = ownCopy(d);
    if ("partners" in d) {
      var rows = d.partners;
      if (!Array.isArray(rows)) {
        fail("\"partners\" must be a list of partners, each like {\"name\": \"Hospital\", \"share\": 25}");
      }
      var partners = new Map(), shares = new Map(), background = new Map(), roles = new Map(), seen = [];
      rows.forEach(function (row, i) {
        if (!isObject(row)) {
          fail("partner " + (i + 1) + " must be an object with a name, like {\"name\": \"Hospital\"}; got " + pyRepr(row));
        }
        Object.keys(row).forEach(function (k) {
          if (cfg.partner_keys.indexOf(k) < 0) {
            fail("unknown field " + strRepr(k) + " for partner " + (i + 1) + "; a partner has: " + cfg.partner_keys.join(", "));
          }
        });
        var name = row.name;
        if (typeof name !== "string") { fail("every partner needs a name (text), got " + pyRepr(name)); }
        var clean = collapse(name);
        if (clean && seen.indexOf(casefold(clean)) >= 0) {
          fail("partner " + strRepr(clean) + " is listed twice: every partner needs a different name");
        }
        seen.push(casefold(clean));
        partners.set(name, row.role === undefined ? null : row.role);
        var share = row.share;
        if (share !== null && share !== undefined) {
          if (typeof share !== "number") { fail("the share of " + strRepr(clean) + " must be a number (percent), got " + pyRepr(share)); }
          shares.set(name, share);
        }
        if (row.background_ip !== null && row.background_ip !== undefined) { background.set(name, row.background_ip); }
        if (row.credit_roles !== null && row.credit_roles !== undefined) { roles.set(name, row.credit_roles); }
      });
      kw.partners = partners;
      kw.background_ip = background;
      kw.credit_roles = roles;
      kw.shares = shares.size ? shares : null;
    }
    return makeTermSheet(kw, cfg);
  }

  // TermSheet.to_dict(): a term sheet -> the JSON draft format.
  function toDict(ts, cfg) {
    var bg = new Map(ts.background_ip), roles = new Map(ts.credit_roles), shares = new Map(ts.shares);
    var out = { kit: cfg.draft_kit, version: cfg.draft_version, title: ts.title, note: ts.note, partners: [] };
    ts.partners.forEach(function (p) {
      out.partners.push({ name: p[0], role: p[1], share: shares.get(p[0]), background_ip: bg.get(p[0]) || "",
        credit_roles: roles.get(p[0]) || [] });
    });
    cfg.draft_fields.forEach(function (f) {
      if (f !== "title" && f !== "note" && f !== "partners") { out[f] = ts[f]; }
    });
    return out;
  }

  function withRole(ts, role) { return ts.partners.filter(function (p) { return p[1] === role; }).map(function (p) { return p[0]; }); }
  function has(list, key) { return list.indexOf(key) >= 0; }

  // check(): the same decisions as aicollab.termsheet.check(); words from cfg.messages.
  function check(ts, cfg) {
    var rows = [];
    function add1(id, severity, kase, values) {
      rows.push({ id: id, area: cfg.checks[id][0], severity: severity,
        message: fill(cfg.messages[id][kase], values || {}), source: cfg.checks[id][1] });
    }
    function passOr(id, ok, severity, values) { add1(id, ok ? "ok" : severity, ok ? "ok" : "fail", values); }
    var clin = withRole(ts, "clinicians"), hosp = withRole(ts, "hospital");
    var shares = new Map(ts.shares), bg = new Map(ts.background_ip);

    passOr("T01", !!ts.patient_benefit, "high");
    passOr("T02", ts.data_access !== "undecided", "high");
    if (ts.data_access === "pseudonymised_extract") { add1("T03", "medium", "extract"); }
    else if (ts.data_access !== "undecided") { add1("T03", "ok", "ok"); }
    passOr("T04", !ts.exclusive_data_rights, "high");

    passOr("T05", ts.foreground_ip !== "undecided", "high");
    var missing = ts.partners.map(function (p) { return p[0]; }).filter(function (n) { return !bg.has(n); });
    if (missing.length === ts.partners.length) { add1("T06", "medium", "none"); }
    else if (missing.length) { add1("T06", "low", "some", { missing: missing.join(", ") }); }
    else { add1("T06", "ok", "ok"); }

    if (hosp.length || clin.length) {
      var pub = add(hosp.concat(clin).map(function (n) { return shares.get(n); }));
      passOr("T07", pub > 0, "high", { share: fmt1(pub) });
    }
    if (clin.length) {
      var cs = add(clin.map(function (n) { return shares.get(n); }));
      var credit = ts.clinician_credit.filter(function (k) { return k !== "data_providers_as_authors"; });
      if (cs > 0 && credit.length) { add1("T08", "ok", "ok", { share: fmt1(cs) }); }
      else if (cs > 0) { add1("T08", "medium", "no_credit"); }
      else if (credit.length) { add1("T08", "medium", "no_share"); }
      else { add1("T08", "high", "neither"); }
    } else { add1("T08", "medium", "not_partner"); }
    passOr("T09", ts.value_rule !== "negotiated", "low", { rule: cfg.rule_names[ts.value_rule] || ts.value_rule });

    passOr("T10", has(ts.instruments, "access_fee"), "medium");
    var money = ts.instruments.filter(function (k) { return has(cfg.money_instruments, k); });
    if (ts.purpose === "commercial") {
      add1("T11", money.length ? "ok" : "medium", money.length ? "commercial_ok" : "commercial_fail");
      if (money.length) { passOr("T12", !(money.length === 1 && money[0] === "royalty"), "low"); }
    } else {
      var cc = has(ts.instruments, "consent_to_commercialise");
      add1("T11", cc ? "ok" : "medium", cc ? "noncommercial_ok" : "noncommercial_fail");
    }

    var proper = ts.clinician_credit.filter(function (k) { return k !== "data_providers_as_authors"; });
    var gift = has(ts.clinician_credit, "data_providers_as_authors");
    if (proper.length) { add1("T13", "ok", "ok"); }
    else {
      rows.push({ id: "T13", area: cfg.checks.T13[0], severity: "high",
        message: cfg.messages.T13.fail + (gift ? cfg.messages.T13.gift_only : ""), source: cfg.checks.T13[1] });
    }
    if (gift) { add1("T14", "medium", "gift"); }
    else { passOr("T14", has(ts.clinician_credit, "icmje_authorship"), "low"); }
    passOr("T15", has(ts.clinician_credit, "credit_roles") || ts.credit_roles.length > 0, "low");
    if (clin.length || hosp.length) { passOr("T16", has(ts.clinician_credit, "institutional_recognition"), "low"); }

    passOr("T17", ts.steering_committee, "medium");
    if (ts.steering_committee && clin.length) { passOr("T18", ts.clinicians_on_committee, "low"); }
    passOr("T19", ts.review_every_months > 0, "low", { months: intRepr(ts.review_every_months) });
    passOr("T20", !!ts.exit_terms, "medium");
    passOr("T21", ts.deidentified, "high");
    passOr("T22", ts.confidentiality_agreement, "high");
    passOr("T23", ts.public_communication.length > 0, "high");
    passOr("T24", has(ts.public_communication, "publish_terms"), "low");
    passOr("T25", ts.clinician_training, "low");
    passOr("T26", ts.shared_standards, "low");
    passOr("T27", ts.ai_research_unit, "low");

    var order = {};
    cfg.severities.forEach(function (kv, i) { order[kv[0]] = i; });
    rows.sort(function (a, b) { return order[a.severity] - order[b.severity] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0); });
    var counts = cfg.severities.map(function (kv) {
      return rows.filter(function (r) { return r.severity === kv[0]; }).length + " " + kv[0];
    });
    return { rows: rows, summary: counts.join(", ") };
  }

  function sections(ts, cfg) {
    function yes(x) { return x ? "Yes" : "No"; }
    function listed(keys, name) {
      return keys.length ? keys.map(function (k) { return label(cfg, name, k); }).join("; ") : "None chosen";
    }
    var partners = ts.partners.map(function (p) {
      return inferRole(p[0], cfg) === p[1] ? p[0] : p[0] + " (" + label(cfg, "roles", p[1]).toLowerCase() + ")";
    }).join("; ");
    var shares = ts.shares.map(function (s) { return s[0] + " " + fmt1(s[1]) + "%"; }).join("; ");
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
        ["Review points", ts.review_every_months ? "Every " + intRepr(ts.review_every_months) + " months" : "None agreed"],
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
    return cfg.severities.filter(function (kv) { return kv[0] === sev; })[0][1].split(":")[0];
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
      return "<li><b>" + esc(k) + "</b>: " + esc(cfg.sources[k] || k) + "</li>";
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
    if (clin.length) { out.push([q.share, round1(add(clin.map(function (n) { return shares.get(n); })))]); }
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

  function storageGet(key) { try { return window.localStorage.getItem(key); } catch (e) { return null; } }
  function storageSet(key, value) { try { window.localStorage.setItem(key, value); return true; } catch (e) { return false; } }
  function storageWorks() {
    try { window.localStorage.setItem(STORAGE_KEY + "-probe", "1"); window.localStorage.removeItem(STORAGE_KEY + "-probe"); return true; }
    catch (e) { return false; }
  }

  // "12", "12.5", "12,5", " 12 % " -> 12.5; "" -> null; anything else -> NaN.
  function parseShare(raw) {
    var t = strip(String(raw)).replace(/\s*%$/, "");
    if (t === "") { return null; }
    if (/^[+-]?\d+,\d+$/.test(t)) { t = t.replace(",", "."); }
    if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) { return NaN; }
    return Number(t);
  }

  function sentence(message) {
    var t = message ? message[0].toUpperCase() + message.slice(1) : message;
    if (t && !/[.!?]$/.test(t)) { t += "."; }
    return t;
  }

  function slug(s) { var t = casefold(s).replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, ""); return (t || "term-sheet").slice(0, 60); }

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
        return { name: p[0], role: p[1], share: Number.isInteger(v) ? String(v) : floatRepr(v), background_ip: bg.get(p[0]) || "" };
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
    var start = stateFromTermSheet(fromDict(cfg.start, cfg), cfg);
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
    storageSet(this.storageKey, JSON.stringify(this.state));
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
    window.aicollabFiles.pollButton(this.pollButton);
    this.message = el("div", { className: "aicollab-tsf-message", id: this.id("message"), role: "status", "aria-live": "polite" });
    this.alert = el("div", { className: "aicollab-tsf-alert", id: this.id("alert"), role: "alert" });
    this.results = el("div", { className: "aicollab-tsf-results", id: this.id("results") });
    form.appendChild(this.alert);
    form.appendChild(this.message);
    form.appendChild(this.results);
    form.addEventListener("submit", function (e) { e.preventDefault(); self.runCheck(); });
    form.addEventListener("input", function () { self.changed(); });
    form.addEventListener("change", function () { self.changed(); });
    root.appendChild(form);
    this.renderPartners();
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
        var before = inferRole(collapse(name.getAttribute("data-last-name") || ""), cfg);
        if (role.value === before) { role.value = inferRole(collapse(name.value), cfg); }
        name.setAttribute("data-last-name", name.value);
        self.changed();
      });
      var remove = el("button", { type: "button", className: "aicollab-tsf-button", text: "Remove",
        "aria-label": "Remove partner " + k + (collapse(p.name) ? " (" + collapse(p.name) + ")" : "") });
      remove.disabled = self.state.partners.length <= 2;
      remove.addEventListener("click", function () { self.removePartner(i); });
      var tr = el("tr", { "data-index": i }, [
        cell(name, "Name of partner " + k), cell(role, "Role of partner " + k),
        cell(share, "Share of partner " + k + " (%)"), cell(bg, "Background IP of partner " + k),
        el("td", {}, [remove])
      ]);
      self.partnerBody.appendChild(tr);
    });
    this.addBtn.disabled = this.state.partners.length >= cfg.max_partners;
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
    var values = this.state.partners.map(function (p) { return parseShare(p.share); });
    var bad = values.some(function (x) { return x !== null && Number.isNaN(x); });
    var total = add(values.map(function (x) { return x === null || Number.isNaN(x) ? 0 : x; }));
    var ok = !bad && Math.abs(total - 100) <= this.cfg.share_tolerance;
    this.total.textContent = bad ? "Total: a share is not a number yet" : "Total: " + fmt1(total) + "% ("
      + (ok ? "adds up to 100" : "must add up to 100") + ")";
    this.total.className = "aicollab-tsf-total " + (ok ? "is-ok" : "is-off");
  };

  Form.prototype.updateRolesNote = function () {
    var names = this.state.partners.map(function (p) { return collapse(p.name); });
    var kept = this.state.credit_roles.filter(function (r) { return names.indexOf(r[0]) >= 0; });
    this.rolesNote.textContent = kept.length ? "CRediT roles carried over from the loaded draft: "
      + kept.map(function (r) { return r[0] + ": " + r[1].join(", "); }).join("; ") + "." : "";
  };

  Form.prototype.addPartner = function () {
    this.readAll();
    if (this.state.partners.length >= this.cfg.max_partners) { return; }
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
    this.say("Removed " + (collapse(gone.name) || "partner " + (i + 1)) + ". Shares now total "
      + this.total.textContent.replace(/^Total: /, "") + ".", true);
  };

  Form.prototype.splitEqually = function () {
    this.readAll();
    var n = this.state.partners.length;
    var each = Math.floor(1000 / n) / 10;  // one decimal, rounded down; the first partner takes the rest
    var first = round1(100 - each * (n - 1));
    this.state.partners.forEach(function (p, i) { p.share = floatRepr(i === 0 ? first : each).replace(/\.0$/, ""); });
    this.renderPartners();
    this.save();
    this.say("Shares split equally (" + this.total.textContent.replace(/^Total: /, "") + ").", true);
  };

  // The form's state -> the JSON draft format, or a plain message about a share that is not a number.
  Form.prototype.draft = function () {
    this.readAll();
    var s = this.state, cfg = this.cfg;
    var names = s.partners.map(function (p) { return collapse(p.name); });
    var d = { kit: cfg.draft_kit, version: cfg.draft_version, title: s.title, note: s.note, partners: [] };
    for (var i = 0; i < s.partners.length; i++) {
      var p = s.partners[i];
      var who = names[i] ? strRepr(names[i]) : "partner " + (i + 1);
      if (!names[i]) {
        return { error: "partner " + (i + 1) + " has no name: type one, or remove the row", field: ["name", i] };
      }
      var share = parseShare(p.share);
      if (share === null) {
        return { error: "the share of " + who + " is empty: type a percentage (0 is allowed)", field: ["share", i] };
      }
      if (Number.isNaN(share)) {
        return { error: "the share of " + who + " must be a number such as 25 or 12.5; it says "
          + strRepr(strip(String(p.share))), field: ["share", i] };
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
    var f = this.form, rows = this.partnerBody.querySelectorAll("tr"), target = null;
    if (field) { target = rows[field[1]] && rows[field[1]].querySelector("[name=" + field[0] + "]"); }
    else if (/^the title/.test(message)) { target = f.querySelector("[name=title]"); }
    else if (/^the note/.test(message)) { target = f.querySelector("[name=note]"); }
    else if (/^the exit terms/.test(message)) { target = f.querySelector("[name=exit_terms]"); }
    else if (/^the patient-benefit aim/.test(message)) { target = f.querySelector("[name=patient_benefit]"); }
    else if (/^the shares add up|^no share given/.test(message)) { target = rows[0] && rows[0].querySelector("[name=share]"); }
    else {
      var quoted = /(?:partner|share of|background IP of) (['"])(.*?)\1/.exec(message);
      var blank = /needs a name/.test(message), twice = /listed twice/.test(message);
      var list = Array.from(rows);
      if (twice) { list.reverse(); }  // the second of the two names is the one to change
      list.forEach(function (tr) {
        var n = collapse(tr.querySelector("[name=name]").value);
        if (target) { return; }
        if (blank && !n) { target = tr.querySelector("[name=name]"); }
        if (quoted && casefold(n) === casefold(quoted[2])) {
          target = tr.querySelector(/share/.test(quoted[0]) ? "[name=share]" : /background/.test(quoted[0]) ? "[name=background_ip]" : "[name=name]");
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
        sentence(textMessage) + " " + (tail || "Your draft is kept; nothing was lost.")]));
    }
  };

  // Validate the draft; returns the term sheet (and its findings) or null after saying why.
  Form.prototype.validated = function () {
    var out = this.draft();
    if (out.error) { this.say(out.error); this.focusFor(out.error, out.field); return null; }
    try {
      var ts = fromDict(out.draft, this.cfg);
      Array.from(this.form.querySelectorAll("[aria-invalid]")).forEach(function (x) { x.removeAttribute("aria-invalid"); });
      this.lastGood = ts;
      return { ts: ts, findings: check(ts, this.cfg) };
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
    var name = "term-sheet-" + slug(v.ts.title) + ".html";
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
    var title = collapse(String(this.state.title || "")) || "term sheet";
    var name = "term-sheet-draft-" + slug(title) + ".json";
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

  Form.prototype.load = function (ts) {
    this.state = stateFromTermSheet(ts, this.cfg);
    var rootFocus = document.activeElement;
    this.build();
    storageSet(this.storageKey, JSON.stringify(this.state));
    if (rootFocus && !document.body.contains(rootFocus)) { this.form.querySelector("[name=title]").focus(); }
  };

  Form.prototype.restart = function (which) {
    this.readAll();
    this.previous = JSON.parse(JSON.stringify(this.state));
    this.load(fromDict(which === "blank" ? this.cfg.blank : this.cfg.start, this.cfg));
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

  Form.prototype.openFile = function (input) {
    var self = this, file = input.files && input.files[0];
    if (!file) { return; }
    var reader = new FileReader();
    reader.onload = function () {
      input.value = "";
      var data;
      try { data = JSON.parse(String(reader.result)); }
      catch (e) { self.say("the file " + file.name + " is not a term-sheet draft: it is not JSON", false, UNCHANGED); return; }
      try {
        var ts = fromDict(data, self.cfg);
        self.readAll();
        self.previous = JSON.parse(JSON.stringify(self.state));
        self.load(ts);
        self.offerUndo("Opened " + file.name + ".");
      } catch (e) {
        if (!(e instanceof TermSheetError)) { throw e; }
        self.say("the file " + file.name + " could not be opened: " + e.message, false, UNCHANGED);
      }
    };
    reader.onerror = function () { self.say("the file " + file.name + " could not be read", false, UNCHANGED); };
    reader.readAsText(file);
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
    version: 1,
    TermSheetError: TermSheetError,
    fromDict: fromDict,
    toDict: toDict,
    check: check,
    sections: sections,
    summaryHtml: summaryHtml,
    findingsHtml: findingsHtml,
    pollChoices: pollChoices,
    helpers: { floatRepr: floatRepr, fmt1: fmt1, pyRepr: pyRepr, casefold: casefold, collapse: collapse, parseShare: parseShare },
    download: function (name, text, type) { window.aicollabFiles.download(name, text, type); },
    print: printHtml,
    mount: mount,
    mountAll: mountAll
  };
  window.aicollabTermSheet = api;
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", mountAll); }
  else { mountAll(); }
})();
