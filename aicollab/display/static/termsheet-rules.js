/* The term sheet's rulebook, interpreted in the browser (the book's kernel-free form).
 *
 * aicollab/termsheet/rulebook.json holds every check (cases, severities, messages, sources),
 * the draft format's rules and messages, and the file and text rules. Python interprets it in
 * aicollab.termsheet (rulebook.py, draft.py, boundary.py); this file is the browser's
 * interpreter of the same file, which reaches it inside the form's config
 * (aicollab.termsheet.form_config()["rulebook"]). Nothing here holds a rule or a message of its
 * own: change a check in rulebook.json, and tests/test_termsheet_browser.py proves that both
 * interpreters still agree on hundreds of drafts, valid, invalid and hostile.
 *
 * The language and its number semantics are described in rulebook.json ("language",
 * "numbers") and in CONTRIBUTING.md. No library; no DOM.
 *
 * API (window.aicollabTermSheetRules): readDraft(bytes, fileName, cfg) -> term sheet, or throws
 * TermSheetError; fromDict(value, cfg); toDict(ts, cfg); check(ts, cfg) -> {rows, summary};
 * ops (the interpreter's operations, by name); helpers (text and number rules).
 */
(function () {
  "use strict";
  if (window.aicollabTermSheetRules) { return; }

  function TermSheetError(message) { this.name = "TermSheetError"; this.message = message; }
  TermSheetError.prototype = Object.create(Error.prototype);

  function isObject(v) { return v !== null && typeof v === "object" && !Array.isArray(v); }
  function has(obj, k) { return Object.prototype.hasOwnProperty.call(obj, k); }
  function cps(s) { return Array.from(s); }  // code points (a lone surrogate counts as one)

  // ------------------------------------------------------------------------------------
  // Numbers (rulebook.json "numbers")
  // ------------------------------------------------------------------------------------
  function addLeftToRight(values) { var t = 0; values.forEach(function (v) { t += v; }); return t; }
  function oneDecimal(x) { return (x + 0).toFixed(1); }
  function numberText(x) { return String(x); }  // aicollab.inputs.number_text is written to match

  // ------------------------------------------------------------------------------------
  // The context: the rulebook plus the kit's shared input rules (aicollab/inputs/rules.json),
  // with the character classes compiled once
  // ------------------------------------------------------------------------------------
  var contexts = new WeakMap();
  function context(cfg) {
    var c = contexts.get(cfg);
    if (c) { return c; }
    var inp = cfg.inputs, rb = cfg.rulebook;
    function cls(names) {
      return names.map(function (name) {
        return inp.characters[name].map(function (r) {
          var p = r.split("-");
          return "\\u{" + p[0] + "}" + (p.length > 1 ? "-\\u{" + p[1] + "}" : "");
        }).join("");
      }).join("");
    }
    c = Object.create(rb);
    c.inputs = inp;
    c.draftFormat = inp.formats.draft;
    c.re = {
      spaceRun: new RegExp("[" + cls(rb.text.collapse) + "]+", "gu"),
      refuse: new RegExp("[" + cls(rb.text.refuse) + "]", "u"),
      allow: new RegExp("[" + cls(rb.text.allow) + "]", "u"),
      ignore: new RegExp("[" + cls(rb.text.ignore_when_comparing) + "]", "gu"),
      escape: new RegExp("[" + cls(["control", "surrogate", "format", "blank", "bidi"]) + "]", "gu")
    };
    contexts.set(cfg, c);
    return c;
  }
  var LONE = /[\ud800-\udbff](?![\udc00-\udfff])|(?:^|[^\ud800-\udbff])([\udc00-\udfff])/;

  // ------------------------------------------------------------------------------------
  // Text: boundary.py, and aicollab.inputs' excerpt, bounded and sentence
  // ------------------------------------------------------------------------------------
  function collapse(s, rb) { return s.replace(rb.re.spaceRun, " ").replace(/^ +| +$/g, ""); }
  function key(s, rb) {
    return collapse(s.replace(rb.re.ignore, "").normalize("NFKC"), rb).toLowerCase().toUpperCase().toLowerCase();
  }
  function code(ch) { var h = ch.codePointAt(0).toString(16).toUpperCase(); while (h.length < 4) { h = "0" + h; } return "U+" + h; }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (m, k) { return has(values, k) ? String(values[k]) : m; });
  }
  function bounded(message, rb) {
    var n = rb.inputs.messages.max_chars, c = cps(message);
    return c.length <= n ? message : c.slice(0, n - 1).join("") + "\u2026";
  }
  function sentence(message, rb) {
    var t = message.replace(/^[ \t\n\r\u000b\u000c]+|[ \t\n\r\u000b\u000c]+$/g, "");
    if (!t) { return t; }
    var first = cps(t)[0];
    if (first !== first.toUpperCase() && first === first.toLowerCase()) { t = first.toUpperCase() + t.slice(first.length); }
    return rb.inputs.messages.sentence_ends.indexOf(t.slice(-1)) >= 0 ? t : t + ".";
  }
  function kindOf(v) {
    function n(count, one, many) { return count.toLocaleString("en-US") + " " + (count === 1 ? one : many); }
    if (v === null || v === undefined) { return "nothing (null)"; }
    if (typeof v === "boolean") { return "yes/no"; }
    if (typeof v === "string") { return "text"; }
    if (typeof v === "number") { return "a number"; }
    return Array.isArray(v) ? "a list of " + n(v.length, "item", "items")
      : "a set of " + n(Object.keys(v).length, "named value", "named values");
  }
  // aicollab.inputs.excerpt: a value quoted as JSON writes it, cut short, invisible characters escaped.
  function quote(value, rb) {
    if (typeof value !== "string") {
      if (value === null || value === undefined) { return "null"; }
      if (typeof value === "boolean") { return value ? "true" : "false"; }
      if (typeof value === "number") { return numberText(value); }
      return kindOf(value);
    }
    // As Python: each character escaped first (short escapes as JSON writes them, other invisible
    // characters as \uXXXX), and the cut made on the escaped length, so a quote never exceeds the limit.
    var limit = rb.inputs.messages.excerpt_chars, out = [], used = 0, c = cps(value);
    for (var i = 0; i < c.length; i++) {
      var piece = escapedChar(c[i], rb), size = cps(piece).length;  // code points, as Python's len()
      if (used + size > limit - 1) { out.push("\u2026"); break; }
      out.push(piece);
      used += size;
    }
    return '"' + out.join("") + '"';
  }
  var SHORT_ESCAPES = { "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f", '"': '\\"', "\\": "\\\\" };
  function escapedChar(ch, rb) {  // aicollab.inputs.messages._escaped
    if (Object.prototype.hasOwnProperty.call(SHORT_ESCAPES, ch)) { return SHORT_ESCAPES[ch]; }
    rb.re.escape.lastIndex = 0;
    if (ch === "\u2028" || ch === "\u2029" || rb.re.escape.test(ch)) {
      var cp = ch.codePointAt(0), h = cp.toString(16);
      return cp <= 0xffff ? "\\u" + "0000".slice(h.length) + h : "\\u{" + h + "}";
    }
    return ch;
  }
  var describe = quote;
  function firstKey(keys) {  // code-point order, as Python's min() of strings
    function cmp(a, b) {
      var x = cps(a), y = cps(b);
      for (var i = 0; i < Math.min(x.length, y.length); i++) {
        var d = x[i].codePointAt(0) - y[i].codePointAt(0);
        if (d) { return d; }
      }
      return x.length - y.length;
    }
    return keys.slice().sort(cmp)[0];
  }

  function fail(rb, name, values) { throw new TermSheetError(bounded(fill(rb.draft.messages[name], values || {}), rb)); }

  function cleanText(value, what, required, maxLength, rb) {
    var m = LONE.exec(value);
    if (m) {
      var at = m[1] ? m.index + m[0].length - 1 : m.index;
      fail(rb, "text_broken", { what: what, char: code(value[at]), position: cps(value.slice(0, at)).length + 1 });
    }
    var t = collapse(value.normalize("NFC"), rb), chars = cps(t);
    for (var i = 0; i < chars.length; i++) {
      if (rb.re.refuse.test(chars[i]) && !rb.re.allow.test(chars[i])) {
        fail(rb, "text_invisible", { what: what, char: code(chars[i]), position: i + 1 });
      }
    }
    if (required && !t) { fail(rb, "text_empty", { what: what }); }
    if (chars.length > maxLength) { fail(rb, "text_too_long", { what: what, length: chars.length, max: maxLength }); }
    return t;
  }

  // ------------------------------------------------------------------------------------
  // The interpreter (rulebook.json "language")
  // ------------------------------------------------------------------------------------
  function RulebookError(message) { this.name = "RulebookError"; this.message = message; }
  RulebookError.prototype = Object.create(Error.prototype);

  function truthy(v) {
    return !(v === null || v === undefined || v === false || v === 0 || v === "" || (Array.isArray(v) && v.length === 0));
  }
  function same(a, b) {
    if (Array.isArray(a) && Array.isArray(b)) {
      return a.length === b.length && a.every(function (x, i) { return same(x, b[i]); });
    }
    return typeof a === typeof b && a === b;
  }
  function list(op, v) { if (!Array.isArray(v)) { throw new RulebookError(op + " needs a list"); } return v; }
  function nums(op, a, b) {
    if (typeof a !== "number" || typeof b !== "number") { throw new RulebookError(op + " compares numbers only"); }
    return [a, b];
  }
  function cmp(op, test) {
    return function (args, env) { var p = nums(op, evaluate(args[0], env), evaluate(args[1], env)); return test(p[0], p[1]); };
  }

  var ops = {
    field: function (name, env) {
      if (!has(env.draft.fields, name)) { throw new RulebookError("unknown field " + name); }
      return env.draft.fields[name];
    },
    let: function (name, env) {  // worked out when first used: the table's key order never matters
      if (!env.values.has(name)) {
        if (!has(env.lets, name)) { throw new RulebookError("no let named " + name); }
        env.values.set(name, null);
        env.values.set(name, evaluate(env.lets[name], env));
      }
      return env.values.get(name);
    },
    role: function (arg, env) {
      var roles = typeof arg === "string" ? [arg] : arg, out = [];
      roles.forEach(function (r) { env.draft.roles.forEach(function (p) { if (p[1] === r) { out.push(p[0]); } }); });
      return out;
    },
    shares: function (arg, env) { return list("shares", evaluate(arg, env)).map(function (n) { return env.draft.shares.get(n); }); },
    sum: function (arg, env) { return addLeftToRight(list("sum", evaluate(arg, env))); },
    count: function (arg, env) { return list("count", evaluate(arg, env)).length; },
    in: function (args, env) {
      var item = evaluate(args[0], env);
      return list("in", evaluate(args[1], env)).some(function (x) { return same(item, x); });
    },
    without: function (args, env) {
      var other = evaluate(args[1], env);
      return list("without", evaluate(args[0], env)).filter(function (x) { return !other.some(function (y) { return same(x, y); }); });
    },
    only: function (args, env) {
      var other = evaluate(args[1], env);
      return list("only", evaluate(args[0], env)).filter(function (x) { return other.some(function (y) { return same(x, y); }); });
    },
    eq: function (args, env) { return same(evaluate(args[0], env), evaluate(args[1], env)); },
    ne: function (args, env) { return !same(evaluate(args[0], env), evaluate(args[1], env)); },
    lt: cmp("lt", function (a, b) { return a < b; }),
    le: cmp("le", function (a, b) { return a <= b; }),
    gt: cmp("gt", function (a, b) { return a > b; }),
    ge: cmp("ge", function (a, b) { return a >= b; }),
    and: function (args, env) { return args.every(function (x) { return truthy(evaluate(x, env)); }); },
    or: function (args, env) { return args.some(function (x) { return truthy(evaluate(x, env)); }); },
    not: function (arg, env) { return !truthy(evaluate(arg, env)); },
    one_decimal: function (arg, env) { return oneDecimal(evaluate(arg, env)); },
    digits: function (arg, env) { return String(Math.trunc(evaluate(arg, env))); },
    join: function (arg, env) { return list("join", evaluate(arg, env)).join(", "); },
    label: function (args, env) {
      var table = env.tables[args[0]], v = evaluate(args[1], env);
      return has(table, v) ? table[v] : v;
    }
  };

  function evaluate(expr, env) {
    if (Array.isArray(expr)) { return expr.slice(); }
    if (isObject(expr)) {
      var names = Object.keys(expr);
      if (names.length !== 1 || !has(ops, names[0])) { throw new RulebookError("bad expression " + JSON.stringify(expr)); }
      return ops[names[0]](expr[names[0]], env);
    }
    return expr;
  }

  // What the checks see of a term sheet (rulebook.py facts()).
  function facts(ts) {
    var f = {};
    ["title", "note", "patient_benefit", "exit_terms", "purpose", "data_access", "foreground_ip", "value_rule",
      "instruments", "clinician_credit", "public_communication", "review_every_months", "exclusive_data_rights",
      "steering_committee", "clinicians_on_committee", "deidentified", "confidentiality_agreement",
      "clinician_training", "shared_standards", "ai_research_unit"].forEach(function (k) {
      f[k] = Array.isArray(ts[k]) ? ts[k].slice() : ts[k];
    });
    f.partners = ts.partners.map(function (p) { return p[0]; });
    var bg = new Map(ts.background_ip), cr = new Map(ts.credit_roles);
    f.background_ip = f.partners.filter(function (n) { return bg.has(n); });
    f.credit_roles = f.partners.filter(function (n) { return cr.has(n); });
    return { fields: f, roles: ts.partners, shares: new Map(ts.shares) };
  }

  function runChecks(draft, tables, rb) {
    var env = { draft: draft, tables: tables, lets: rb.let, values: new Map() };
    var rows = [];
    rb.checks.forEach(function (chk) {
      if (has(chk, "when") && !truthy(evaluate(chk.when, env))) { return; }
      var c = chk.cases.find(function (x) { return !has(x, "if") || truthy(evaluate(x.if, env)); });
      if (!c) { throw new RulebookError("no case of " + chk.id + " applies"); }
      var fills = {};
      Object.keys(c.fill || {}).forEach(function (k) { fills[k] = evaluate(c.fill[k], env); });
      var keys = Array.isArray(c.message) ? c.message : [c.message];
      rows.push({ id: chk.id, area: chk.area, severity: c.severity, source: chk.sources.join(";"),
        message: keys.map(function (k) { return fill(chk.messages[k], fills); }).join("") });
    });
    return rows;
  }

  // check(): findings sorted by severity then id, and the summary "1 high, 2 medium, ...".
  function check(ts, cfg) {
    var rb = cfg.rulebook, sev = rb.severities.map(function (kv) { return kv[0]; }), order = {};
    sev.forEach(function (s, i) { order[s] = i; });
    var rows = runChecks(facts(ts), cfg.tables, rb);
    rows.sort(function (a, b) { return order[a.severity] - order[b.severity] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0); });
    var counts = sev.map(function (s) { return rows.filter(function (r) { return r.severity === s; }).length + " " + s; });
    return { rows: rows, summary: counts.join(", ") };
  }

  // ------------------------------------------------------------------------------------
  // The draft (rulebook.json "draft"): draft.py's TermSheet and TermSheet.from_dict
  // ------------------------------------------------------------------------------------
  function menuPairs(cfg, name) { return cfg.menus[name]; }

  function text(value, what, required, maxLength, rb) {
    if (value === null || value === undefined) { value = ""; }
    if (typeof value !== "string") { fail(rb, "text_type", { what: what, got: describe(value, rb) }); }
    return cleanText(value, what, required, maxLength, rb);
  }

  function choice(value, options, what, rb) {
    if (typeof value === "string") {
      var v = key(value, rb);
      for (var i = 0; i < options.length; i++) {
        if (v === key(options[i][0], rb) || v === key(options[i][1], rb)) { return options[i][0]; }
      }
    }
    var valid = options.map(function (kv) { return quote(kv[0], rb); }).join(", ");
    return fail(rb, "choice_unknown", { what: what, got: describe(value, rb), valid: valid });
  }

  function choices(values, options, what, rb) {
    if (values === null || values === undefined) { return []; }
    if (typeof values === "string") { values = [values]; }
    if (!Array.isArray(values)) { fail(rb, "choices_type", { what: what, got: describe(values, rb) }); }
    var keys = values.map(function (v) { return choice(v, options, what, rb); });
    return options.map(function (kv) { return kv[0]; }).filter(function (k) { return keys.indexOf(k) >= 0; });
  }

  function flag(value, what, rb) {
    if (typeof value !== "boolean") { fail(rb, "flag_type", { what: what, got: describe(value, rb) }); }
    return value;
  }

  function months(value, spec, rb) {
    if (typeof value !== "number" || !Number.isInteger(value)) {
      fail(rb, "months_type", { what: spec.what, got: describe(value, rb) });
    }
    if (!(value >= spec.min && value <= spec.max)) {
      fail(rb, "months_range", { what: spec.what, min: spec.min, max: spec.max, got: describe(value, rb) });
    }
    return value + 0;
  }

  function partnerName(name, k, rb) {
    if (typeof name !== "string" || !collapse(name, rb)) { fail(rb, "partner_no_name", { got: describe(name, rb) }); }
    var what = fill(rb.draft.messages.partner_name_what, { k: k });
    return cleanText(name, what, true, rb.draft.name_max_length, rb);
  }

  function inferRole(name, cfg) {
    var n = key(name, context(cfg));
    for (var i = 0; i < cfg.role_words.length; i++) {
      var words = cfg.role_words[i][1];
      for (var j = 0; j < words.length; j++) { if (n.indexOf(words[j]) >= 0) { return cfg.role_words[i][0]; } }
    }
    return "other";
  }

  function partnerOf(name, names, what, rb) {
    if (typeof name === "string") {
      var k = key(name, rb);
      for (var i = 0; i < names.length; i++) { if (key(names[i], rb) === k) { return names[i]; } }
    }
    return fail(rb, "unknown_partner", { got: describe(name, rb), what: what, names: names.join(", ") });
  }

  function ordered(map, names) {
    return names.filter(function (n) { return map.has(n); }).map(function (n) { return [n, map.get(n)]; });
  }

  // TermSheet(**kwargs).__post_init__: the rulebook's fields in order; kw holds Maps for partners etc.
  function makeTermSheet(kw, cfg) {
    var rb = context(cfg), d = rb.draft, ts = {}, names = [];
    function get(k, dflt) { return has(kw, k) ? kw[k] : dflt; }
    d.fields.forEach(function (spec) {
      var name = spec.name, kind = spec.kind;
      if (kind === "text") {
        ts[name] = text(get(name, has(cfg.defaults, name) ? cfg.defaults[name] : ""), spec.what, !!spec.required, spec.max_length, rb);
      } else if (kind === "choice") {
        ts[name] = choice(get(name, cfg.defaults[name]), menuPairs(cfg, spec.menu), spec.what, rb);
      } else if (kind === "choices") {
        ts[name] = choices(get(name, null), menuPairs(cfg, spec.menu), spec.what, rb);
      } else if (kind === "flag") {
        ts[name] = flag(get(name, false), spec.what, rb);
      } else if (kind === "months") {
        ts[name] = months(get(name, 0), spec, rb);
      } else if (kind === "partners") {
        var given = get("partners", null);
        var items = given instanceof Map ? Array.from(given.entries())
          : cfg.defaults.partner_names.map(function (n) { return [n, null]; });
        var partners = [], seen = [];
        items.forEach(function (it, i) {
          var clean = partnerName(it[0], i + 1, rb);
          if (seen.indexOf(key(clean, rb)) >= 0) { fail(rb, "partner_twice", { name: quote(clean, rb) }); }
          seen.push(key(clean, rb));
          var what = fill(d.messages.role_what, { name: quote(clean, rb) });
          partners.push([clean, it[1] === null || it[1] === undefined ? inferRole(clean, cfg)
            : choice(it[1], menuPairs(cfg, "roles"), what, rb)]);
        });
        if (partners.length < d.partners_min) { fail(rb, "too_few_partners", { min: d.partners_min, count: partners.length }); }
        if (partners.length > d.partners_max) { fail(rb, "too_many_partners", { max: d.partners_max, count: partners.length }); }
        ts.partners = partners;
        names = partners.map(function (p) { return p[0]; });
      } else if (kind === "background_ip") {
        var bg = new Map();
        (get("background_ip", null) || new Map()).forEach(function (v, k) {
          var p = partnerOf(k, names, "background_ip", rb);
          var t = text(v, fill(spec.what, { name: quote(p, rb) }), false, spec.max_length, rb);
          if (t) { bg.set(p, t); }
        });
        ts.background_ip = ordered(bg, names);
      } else if (kind === "shares") {
        ts.shares = shareList(get("shares", null), names, rb);
      } else if (kind === "credit_roles") {
        ts.credit_roles = creditRoles(get("credit_roles", null), names, cfg);
      }
    });
    return ts;
  }

  function shareList(shares, names, rb) {
    var d = rb.draft;
    if (shares === null) { return names.map(function (n) { return [n, 100 / names.length]; }); }
    var got = new Map();
    shares.forEach(function (v, k) {
      var p = partnerOf(k, names, "shares", rb), who = quote(p, rb);
      if (typeof v !== "number") { fail(rb, "share_not_number", { name: who, got: describe(v, rb) }); }
      if (v < 0) { fail(rb, "share_negative", { name: who, value: numberText(v) }); }
      if (v > d.share_max) { fail(rb, "share_too_big", { name: who, max: d.share_max, value: numberText(v) }); }
      got.set(p, v);
    });
    var missing = names.filter(function (n) { return !got.has(n); });
    if (missing.length) { fail(rb, "share_missing", { name: quote(missing[0], rb) }); }
    var total = addLeftToRight(names.map(function (n) { return got.get(n); }));
    if (!(Math.abs(total - 100) <= d.share_tolerance)) {
      fail(rb, "shares_total", { total: oneDecimal(total), tolerance: numberText(d.share_tolerance) });
    }
    return ordered(got, names);
  }

  function creditRoles(roles, names, cfg) {
    var rb = context(cfg), lookup = new Map(), out = new Map();
    cfg.credit_roles.forEach(function (r) { lookup.set(key(r, rb), r); lookup.set(key(r.replace(/\u2013/g, "-"), rb), r); });
    (roles || new Map()).forEach(function (v, k) {
      var p = partnerOf(k, names, "credit_roles", rb);
      if (typeof v === "string") { v = [v]; }
      if (!Array.isArray(v)) { fail(rb, "roles_type", { name: quote(p, rb), got: describe(v, rb) }); }
      var chosen = [];
      v.forEach(function (r) {
        var found = typeof r === "string" ? lookup.get(key(r, rb)) : undefined;
        if (found === undefined) {
          fail(rb, "role_unknown", { got: describe(r, rb), name: quote(p, rb), count: cfg.credit_roles.length,
            roles: cfg.credit_roles.join(", ") });
        }
        chosen.push(found);
      });
      if (chosen.length) { out.set(p, cfg.credit_roles.filter(function (r) { return chosen.indexOf(r) >= 0; })); }
    });
    return ordered(out, names);
  }

  // A plain copy with no prototype, so a "__proto__" field stays an ordinary (unknown) field.
  function ownCopy(obj) {
    var out = Object.create(null);
    Object.keys(obj).forEach(function (k) {
      Object.defineProperty(out, k, { value: obj[k], enumerable: true, writable: true, configurable: true });
    });
    return out;
  }

  // TermSheet.from_dict(): the JSON draft format -> a term sheet (or a TermSheetError).
  function fromDict(data, cfg) {
    var rb = context(cfg), d0 = rb.draft;
    if (!isObject(data)) { fail(rb, "not_object"); }
    var d = ownCopy(data);
    var kit = "kit" in d ? d.kit : d0.kit;
    delete d.kit;
    if (kit !== d0.kit) { fail(rb, "wrong_kit", { got: describe(kit, rb), kit: quote(d0.kit, rb) }); }
    var version = "version" in d ? d.version : d0.version;
    delete d.version;
    if (version !== d0.version) { fail(rb, "wrong_version", { got: describe(version, rb), version: d0.version }); }
    var top = d0.fields.filter(function (f) { return ["background_ip", "shares", "credit_roles"].indexOf(f.kind) < 0; })
      .map(function (f) { return f.name; });
    var unknown = Object.keys(d).filter(function (k) { return top.indexOf(k) < 0; });
    if (unknown.length) { fail(rb, "unknown_field", { got: quote(firstKey(unknown), rb), fields: top.join(", ") }); }
    var kw = ownCopy(d);
    if ("partners" in d) {
      var rows = d.partners;
      if (!Array.isArray(rows)) { fail(rb, "partners_not_list"); }
      var partners = new Map(), shares = new Map(), background = new Map(), roles = new Map(), seen = [];
      rows.forEach(function (row, i) {
        if (!isObject(row)) { fail(rb, "partner_not_object", { k: i + 1, got: describe(row, rb) }); }
        var extra = Object.keys(row).filter(function (k) { return d0.partner_keys.indexOf(k) < 0; });
        if (extra.length) {
          fail(rb, "unknown_partner_field", { got: quote(firstKey(extra), rb), k: i + 1, keys: d0.partner_keys.join(", ") });
        }
        var name = row.name;
        if (typeof name !== "string") { fail(rb, "partner_no_name", { got: describe(name, rb) }); }
        var clean = collapse(name, rb) ? partnerName(name, i + 1, rb) : "";
        if (clean && seen.indexOf(key(clean, rb)) >= 0) { fail(rb, "partner_twice", { name: quote(clean, rb) }); }
        seen.push(key(clean, rb));
        partners.set(name, row.role === undefined ? null : row.role);
        var share = row.share;
        if (share !== null && share !== undefined) {
          if (typeof share !== "number") { fail(rb, "share_not_number", { name: quote(clean, rb), got: describe(share, rb) }); }
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
    var d0 = cfg.rulebook.draft;
    var bg = new Map(ts.background_ip), roles = new Map(ts.credit_roles), shares = new Map(ts.shares);
    var out = { kit: d0.kit, version: d0.version, title: ts.title, note: ts.note, partners: [] };
    ts.partners.forEach(function (p) {
      out.partners.push({ name: p[0], role: p[1], share: shares.get(p[0]), background_ip: bg.get(p[0]) || "",
        credit_roles: roles.get(p[0]) || [] });
    });
    d0.fields.forEach(function (f) {
      if (["background_ip", "shares", "credit_roles"].indexOf(f.kind) < 0 && !has(out, f.name)) { out[f.name] = ts[f.name]; }
    });
    return out;
  }

  // ------------------------------------------------------------------------------------
  // Files (rulebook.json "file"): boundary.py's decode, scan and read_json
  // ------------------------------------------------------------------------------------
  function refuse(rb, file, problem, values) {
    var m = rb.file.messages, what = fill(m[problem], values || {});
    throw new TermSheetError(bounded(fill(m.not_draft, { file: fileLabel(file, rb), problem: what }), rb));
  }
  function fileLabel(name, rb) { return quote(name, rb).slice(1, -1); }

  // A file larger than the draft format's limit is refused before it is read.
  function checkSize(size, file, rb) {
    var limit = rb.draftFormat.max_bytes;
    if (size > limit) { refuse(rb, file, "too_big", { size: Math.ceil(size / 1024), max: Math.floor(limit / 1024) }); }
  }

  // The byte-order-mark table of the shared input rules, then strict decoding.
  function decode(bytes, file, rb) {
    checkSize(bytes.length, file, rb);
    var codec = "utf-8", skip = 0, marks = rb.inputs.byte_order_marks;
    for (var i = 0; i < marks.length; i++) {
      var sig = marks[i].bytes.match(/../g).map(function (h) { return parseInt(h, 16); });
      if (bytes.length >= sig.length && sig.every(function (b, k) { return bytes[k] === b; })) {
        if (marks[i].refuse) { refuse(rb, file, "refused_encoding", { encoding: marks[i].refuse }); }
        codec = marks[i].encoding.replace("-le", "le").replace("-be", "be");
        skip = sig.length;
        break;
      }
    }
    try { return new TextDecoder(codec, { fatal: true, ignoreBOM: true }).decode(bytes.subarray(skip)); }
    catch (e) { return refuse(rb, file, codec === "utf-8" ? "not_utf8" : "not_utf16"); }
  }

  var TOKEN = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"|-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|true|false|null|[{}[\]:,]/y;
  var SPACE = /[ \t\n\r]*/y;

  // The same walk as boundary.scan(): the JSON grammar, depth, duplicate keys, number sizes.
  function scan(text, file, rb) {
    var maxDepth = rb.draftFormat.max_depth, limits = rb.inputs.numbers;
    if (!text.replace(/[ \t\n\r]/g, "")) { refuse(rb, file, "empty"); }
    var stack = [], state = "value", pos = 0, n = text.length;
    function where(at) {
      var before = text.slice(0, at), nl = before.lastIndexOf("\n");
      return { line: before.split("\n").length, column: cps(before.slice(nl + 1)).length + 1 };
    }
    function at(problem, p, extra) {
      var v = where(p);
      Object.keys(extra || {}).forEach(function (k) { v[k] = extra[k]; });
      refuse(rb, file, problem, v);
    }
    for (;;) {
      SPACE.lastIndex = pos; SPACE.exec(text); pos = SPACE.lastIndex;
      if (pos >= n) {
        if (stack.length || state !== "after") { at("not_json", pos); }
        return;
      }
      TOKEN.lastIndex = pos;
      var m = TOKEN.exec(text), tok = m ? m[0] : "", first = tok.charAt(0), top = stack[stack.length - 1];
      if (state === "key" && first === "\"") {
        var name = JSON.parse(tok);
        if (top.keys.has(name)) { at("duplicate_key", pos, { key: quote(name, rb) }); }
        top.keys.add(name);
        state = "colon";
      } else if (state === "key" && tok === "}" && top.keys.size === 0) {
        stack.pop(); state = "after";
      } else if (state === "colon" && tok === ":") {
        state = "value";
      } else if (state === "value" && (tok === "{" || tok === "[")) {
        if (stack.length >= maxDepth) { at("too_deep", pos, { max: maxDepth }); }
        stack.push({ object: tok === "{", keys: new Set() });
        state = tok === "{" ? "key" : "value";
        if (tok === "[") {
          SPACE.lastIndex = pos + 1; SPACE.exec(text);
          if (text.charAt(SPACE.lastIndex) === "]") { stack.pop(); pos = SPACE.lastIndex + 1; state = "after"; continue; }
        }
      } else if (state === "value" && tok && "{}[]:,".indexOf(first) < 0) {
        if ("-0123456789".indexOf(first) >= 0) {
          var digits = tok.split(/[eE]/)[0].replace(/[^0-9]/g, "").length;
          if (digits > limits.max_digits) { at("number_too_long", pos, { digits: digits, max: limits.max_digits }); }
          if (!(Math.abs(Number(tok)) <= limits.max_abs)) { at("number_too_large", pos, { max: numberText(limits.max_abs) }); }
        }
        state = "after";
      } else if (state === "after" && top && tok === ",") {
        state = top.object ? "key" : "value";
      } else if (state === "after" && top && tok === (top.object ? "}" : "]")) {
        stack.pop();
      } else {
        at("not_json", pos);
      }
      pos += tok.length;
    }
  }

  // load_draft() for bytes the learner chose: decode, scan, parse, then fromDict (names the file).
  function readDraft(bytes, file, cfg) {
    var rb = context(cfg), text = decode(bytes, file, rb);
    scan(text, file, rb);
    var data = JSON.parse(text);
    try { return fromDict(data, cfg); }
    catch (e) {
      if (!(e instanceof TermSheetError)) { throw e; }
      throw new TermSheetError(bounded(fill(rb.file.messages.not_opened, { file: fileLabel(file, rb), message: e.message }), rb));
    }
  }

  window.aicollabTermSheetRules = {
    version: 1,
    TermSheetError: TermSheetError,
    RulebookError: RulebookError,
    readDraft: readDraft,
    checkSize: checkSize,
    fromDict: fromDict,
    toDict: toDict,
    check: check,
    context: context,
    inferRole: inferRole,
    ops: ops,
    evaluate: evaluate,
    runChecks: runChecks,
    facts: facts,
    helpers: { addLeftToRight: addLeftToRight, oneDecimal: oneDecimal, numberText: numberText, collapse: collapse,
      key: key, quote: quote, describe: describe, fileLabel: fileLabel, bounded: bounded, sentence: sentence, fill: fill, decode: decode, scan: scan }
  };
})();
