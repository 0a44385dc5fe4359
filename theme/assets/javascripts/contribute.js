/* The contribute form (theme/contribute.html). It draws the fields from the descriptions that
   generator/pages/contribute.py made from the content schema, checks them as the officer types
   with the validator's rules and messages (passed in the page's JSON), keeps a draft in
   localStorage, writes the content file, and opens GitHub's page to send it (why GitHub's pages:
   see the docstring of generator/pages/contribute.py). No request leaves this site. */
(function () {
  "use strict";
  var holder = document.getElementById("bank-form-data");
  var form = document.getElementById("bank-form");
  if (!holder || !form) return;
  var DATA = JSON.parse(holder.textContent);
  var C = DATA.config, S = DATA.strings, LANG = DATA.lang;
  var ROOT = /\/$/.test(DATA.root) ? DATA.root : DATA.root + "/"; // the site's root, relative to this page
  var fieldsBox = document.getElementById("bank-form-fields");
  var summary = document.getElementById("bank-form-summary");
  var result = document.getElementById("bank-form-result");
  var BN_DIGITS = "০১২৩৪৫৬৭৮৯";
  var NUMERIC = /^[0-9][0-9,.\-]*$/;  // a number or a date (2026-12-02), as say() fills it in
  var AS_WRITTEN = /^(value|example)$/;  // say()'s values shown as they are

  // ---- words ------------------------------------------------------------------------------
  function ascii(text) { return String(text).replace(/[০-৯]/g, function (d) { return BN_DIGITS.indexOf(d); }); }
  function local(text) { return LANG === "bn" ? String(text).replace(/[0-9]/g, function (d) { return BN_DIGITS[d]; }) : String(text); }

  /* A catalogue text with its {placeholders} filled, as generator/i18n t() does ({{ is a brace).
     A number or a date the form fills in (a limit, today, a count) is in the page's digits; what
     the officer typed ({value}) is shown as typed, to be found in the field (a date read from it is
     given as read, in the page's digits, as validate gives it), and an {example} as the field's
     pattern takes it. */
  function say(key, values) {
    values = Object.assign({}, values || {});
    var text = S[key] || key;
    if (text.indexOf("{hint}") >= 0) {
      values.hint = values.suggestion ? " " + say("hint.did_you_mean", { suggestion: values.suggestion }) : "";
    }
    return text.replace(/\{\{|\}\}|\{(\w+)\}/g, function (match, name) {
      if (match === "{{") return "{";
      if (match === "}}") return "}";
      if (!(name in values)) return match;
      var value = values[name];
      return typeof value === "number" || (!AS_WRITTEN.test(name) && NUMERIC.test(value)) ? local(value) : String(value);
    });
  }
  function labelOf(desc) { return desc.label ? S[desc.label] : desc.title; }
  /* The field of a group at a path of names (a rule's missing field), or null. */
  function fieldAt(desc, names) {
    return names.reduce(function (here, name) {
      return here && (here.fields || []).filter(function (f) { return f.name === name; })[0];
    }, desc) || null;
  }
  /* Today in Bangladesh (UTC+6, no summer time), as the validator takes it (model/common.py today()). */
  function today() { return new Date(Date.now() + 6 * 3600 * 1000).toISOString().slice(0, 10); }
  /* A text's length as the validator counts it: code points of the trimmed NFC text. */
  function textLength(text) { return Array.from(text.normalize("NFC").trim()).length; }
  function choiceLabel(desc, value) { return desc.group && S[desc.group + "." + value] ? S[desc.group + "." + value] : value; }

  // ---- the validator's rules, from the page's JSON -----------------------------------------
  var PERSONAL = {};
  Object.keys(C.personal).forEach(function (name) {
    var rule = C.personal[name];
    PERSONAL[name] = new RegExp(rule[0], rule[1] + "u" + (name === "email" ? "g" : ""));
  });
  var CONTROL = new RegExp(C.control, "u");
  var PICTURE = new RegExp(C.picture.picture, "i"), FENCE = new RegExp("^" + C.picture.fence), CODE_SPAN = new RegExp(C.picture.code_span, "g");
  var SLUG = new RegExp(C.slug);

  /* 'phone', 'nid' or 'email' when the text holds personal data (generator/load/checks.py). */
  function personal(text) {
    var digits = ascii(text);
    if (PERSONAL.phone.test(digits)) return "phone";
    if (PERSONAL.nid.test(digits)) return "nid";
    PERSONAL.email.lastIndex = 0;
    var found;
    while ((found = PERSONAL.email.exec(text)) !== null) {
      if (PERSONAL.free_mail.test(found[1])) return "email";
    }
    return null;
  }

  /* Problems any text can have: an invisible control character, personal data. */
  /* What is wrong with a text on its own: a field's (`field`), or the body's. */
  function textProblem(text, oneLine, field) {
    if (oneLine && /[\n\u2028\u2029]/.test(text)) return { code: "line_break" };
    var control = oneLine && text.indexOf("\t") >= 0 ? "\t" : (text.match(CONTROL) || [])[0];
    if (control) return { code: "control_character", values: { char: "U+" + control.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0") } };
    var kind = personal(text);
    if (kind) return { code: "personal_" + kind };
    var whole = text.trim();  // a field's value pasted in typographic quotes (load.syntax.curly_quoted)
    if (field && whole.length > 1 && C.curly.open.indexOf(whole[0]) >= 0 && C.curly.close.indexOf(whole[whole.length - 1]) >= 0)
      return { code: "curly_quotes", values: { value: whole.slice(0, 60) } };
    return null;
  }

  /* Whether the Markdown places a picture outside code (generator/load/images.py). */
  function bodyPicture(text) {
    if (!PICTURE.test(text)) return false;
    var fence = "";
    return text.split("\n").some(function (line) {
      var marker = line.match(FENCE);
      if (fence) {
        if (marker && marker[1][0] === fence[0] && marker[1].length >= fence.length && !line.slice(marker[0].length).trim()) fence = "";
        return false;
      }
      if (marker) { fence = marker[1]; return false; }
      return PICTURE.test(line.replace(CODE_SPAN, function (span) { return " ".repeat(span.length); }));
    });
  }

  /* A JSON Schema test of a canonical value, for the if/then rules the schema states. */
  function matches(schema, value) {
    if (schema.anyOf && !schema.anyOf.some(function (s) { return matches(s, value); })) return false;
    if (schema.not && matches(schema.not, value)) return false;
    if ("const" in schema && value !== schema["const"]) return false;
    if (schema["enum"] && schema["enum"].indexOf(value) < 0) return false;
    if (schema.type) {
      var type = value === null ? "null" : Array.isArray(value) ? "array" : typeof value;
      if (type === "number" && Number.isInteger(value) && schema.type === "integer") type = "integer";
      if (type !== schema.type) return false;
    }
    if (schema.pattern && (typeof value !== "string" || !new RegExp(schema.pattern, "u").test(value))) return false;
    var object = value && typeof value === "object" ? value : null;
    if (schema.required && !(object && schema.required.every(function (k) { return object[k] !== undefined; }))) return false;
    if (schema.properties && object) {
      for (var key in schema.properties) {
        if (object[key] !== undefined && !matches(schema.properties[key], object[key])) return false;
      }
    }
    return true;
  }

  /* The path of the first field a failed `then` asks for, below the group. */
  function missingIn(schema, value) {
    var object = value || {}, props = schema.properties || {}, required = schema.required || [];
    var names = required.concat(Object.keys(props).filter(function (k) { return required.indexOf(k) < 0; }));
    for (var i = 0; i < names.length; i++) {
      var name = names[i], sub = props[name] || {};
      if (object[name] === undefined) {
        if (required.indexOf(name) >= 0) return [name].concat(missingIn(sub, undefined) || []);
      } else if (!matches(sub, object[name])) {
        return [name].concat(missingIn(sub, object[name]) || []);
      }
    }
    return null;
  }

  // ---- what the form holds ---------------------------------------------------------------
  var state = null; // {mode, kind, slug, data, body: {bn, en}, original: {texts, canonical, body}}
  var touched = {}; // input ids the officer has left: a missing value is shown only there, or after Send
  var submitted = false;
  var inputs = {}; // path key → {id, elements, help}: where each value is typed, and its message
  var counter = 0;

  function key(path) { return path.join("."); }
  function get(path) {
    return path.reduce(function (value, part) { return value == null ? undefined : value[part]; }, state.data);
  }
  function set(path, value) {
    var here = state.data;
    path.slice(0, -1).forEach(function (part, i) {
      if (here[part] == null) here[part] = typeof path[i + 1] === "number" ? [] : {};
      here = here[part];
    });
    here[path[path.length - 1]] = value;
  }
  /* The value as the file holds it: trimmed NFC text, numbers as numbers; undefined when empty. */
  function canonical(desc, value) {
    if (value === undefined || value === null) return undefined;
    switch (desc.widget) {
      case "text":
        var bn = (value.bn || "").normalize("NFC").trim(), en = (value.en || "").normalize("NFC").trim();
        if (!bn && !en) return undefined;
        return en ? { bn: bn, en: en } : bn;
      case "string": case "date": case "choice":
        var text = String(value).normalize("NFC").trim();
        return text || undefined;
      case "number":
        var cleaned = ascii(value).replace(/[,_\s]/g, "");
        return cleaned === "" ? undefined : (isFinite(Number(cleaned)) ? Number(cleaned) : String(value).trim());
      case "flag":
        return typeof value === "boolean" ? value : undefined;
      case "choices":
        return value.length ? desc.choices.filter(function (c) { return value.indexOf(c) >= 0; }) : undefined;
      case "list":
        var items = value.map(function (item) { return canonical(desc.item, item); }).filter(function (v) { return v !== undefined; });
        return items.length ? items : undefined;
      case "group":
        var out = {}, any = false;
        desc.fields.forEach(function (f) {
          var v = canonical(f, value[f.name]);
          if (v !== undefined) out[f.name] = v;
          if (v !== undefined && v !== f["default"]) any = true; // a default alone (unit: days) is no value given
        });
        return any || desc.required ? out : undefined;
    }
    return undefined;
  }

  /* The form's value of a file's data as the API gives it (a record: normalised, defaults filled). */
  function fromRecord(desc, value) {
    if (value === undefined || value === null) return undefined;
    switch (desc.widget) {
      case "text": return typeof value === "object" ? { bn: value.bn || "", en: value.en || "" } : { bn: String(value), en: "" };
      case "number": case "string": case "date": case "choice": return String(value);
      case "group":
        var out = {};
        desc.fields.forEach(function (f) { var v = fromRecord(f, value[f.name]); if (v !== undefined) out[f.name] = v; });
        return out;
      case "list": return value.map(function (item) { return fromRecord(desc.item, item); });
      default: return value;
    }
  }

  // ---- checking ---------------------------------------------------------------------------
  /* Problems of the whole form: [{path, code, values}], in the order of the fields. */
  function problems() {
    var found = [];
    function add(path, code, values) { found.push({ path: path, code: code, values: values || {} }); }
    if (state.mode === "new") {
      var slug = (state.slug || "").trim();
      var name = "content/" + state.kind + "/" + slug + ".md";
      if (!slug) add(["@slug"], "missing", { field: S["contribute.slug"] });
      else if (personal(slug)) add(["@slug"], "personal_file_name");
      else if (!SLUG.test(slug)) add(["@slug"], "file_name", { example: C.file_name_example[state.kind] });
      else if (/^\d+$/.test(slug) || slug === "index") add(["@slug"], "reserved_name", { value: slug, example: C.file_name_example[state.kind] });
      else if (existing && existing[state.kind].has(slug)) add(["@slug"], "duplicate_slug", { other: name });
    }
    walk(C.forms[state.kind], [], state.data, true, add);
    ["bn", "en"].forEach(function (lang) {
      var body = state.body[lang] || "";
      var problem = textProblem(body, false);
      if (problem) add(["@body", lang], problem.code, problem.values);
      else if (bodyPicture(body)) add(["@body", lang], "body_image");
    });
    return found;
  }

  function walk(desc, path, value, present, add) {
    var label = labelOf(desc);
    switch (desc.widget) {
      case "group":
        var own = canonical(desc, value);
        present = present && (desc.required || own !== undefined);
        desc.fields.forEach(function (f) { walk(f, path.concat(f.name), value ? value[f.name] : undefined, present, add); });
        if (!present || !own) return;
        if (desc.rule && matches(desc.rule["if"], own) && !matches(desc.rule.then, own)) {
          var missing = missingIn(desc.rule.then, own) || [];
          var needed = fieldAt(desc, missing);
          add(path.concat(missing), desc.rule.code, { needed: needed ? labelOf(needed) : missing.join(".") });
        }
        if (desc.ordered && own[desc.ordered[0]] && own[desc.ordered[1]] && own[desc.ordered[1]] < own[desc.ordered[0]]) {
          add(path.concat(desc.ordered[1]), "date_order",
              { first: labelOf(fieldAt(desc, [desc.ordered[0]])), second: labelOf(fieldAt(desc, [desc.ordered[1]])) });
        }
        return;
      case "list":
        (value || []).forEach(function (item, i) { walk(desc.item, path.concat(i), item, true, add); });
        return;
      case "text":
        var bn = (value && value.bn) || "", en = (value && value.en) || "";
        var oneLine = !desc.multiline;
        if (!bn.trim()) {
          if (en.trim() || (present && desc.required)) add(path.concat("bn"), bn ? "empty" : "missing", { field: label });
        } else {
          var p = textProblem(bn, oneLine, true);
          if (p) add(path.concat("bn"), p.code, p.values);
        }
        var q = en ? textProblem(en, oneLine, true) : null;
        if (q) add(path.concat("en"), q.code, q.values);
        ["bn", "en"].forEach(function (lang) {  // a title, a name, a summary: shown in lists (model/common.py _at_most)
          var count = desc.max && textLength(lang === "bn" ? bn : en);
          if (count > desc.max && !(lang === "bn" ? p : q)) add(path.concat(lang), "too_long", { length: count, limit: desc.max });
        });
        return;
    }
    var text = value === undefined || value === null ? "" : String(value);
    if (desc.widget === "choices") return;
    if ((desc.widget === "flag" ? typeof value !== "boolean" : !text.trim())) {
      if (present && desc.required) add(path, "missing", { field: label });
      return;
    }
    if (desc.widget === "flag" || desc.widget === "choice") return;
    var problem = textProblem(text, true, true);
    if (problem) return add(path, problem.code, problem.values);
    var patterns = desc.patterns || [];
    var fits = !patterns.length || patterns.some(function (p) { return new RegExp(p, "u").test(text); });
    if (desc.widget === "number") {
      var number = canonical(desc, text);
      // The schema's text pattern holds the bounds too: a number out of them gets the bound's message.
      if (typeof number !== "number" || (desc.integer && !Number.isInteger(number))) return add(path, "number", { value: text });
      if (desc.code === "year_range" && (number < desc.minimum || number > desc.maximum)) return add(path, "year_range", { value: text });
      if ("minimum" in desc && number < desc.minimum) return add(path, "too_small", { value: text, limit: desc.minimum });
      if ("maximum" in desc && number > desc.maximum) return add(path, "too_large", { value: text, limit: desc.maximum });
      if (!fits) add(path, "number", { value: text });
      return;
    }
    if (desc.widget === "date") {
      var time = Date.parse(ascii(text).trim());
      if (!fits || isNaN(time)) return add(path, "date_format", { value: text });
      var day = new Date(time).toISOString().slice(0, 10), now = today();
      // the date as validate gives it (model/common.py: the date read, not the text), in the page's digits
      if (desc.not_future && day > now) add(path, "future_date", { value: local(day), today: now });
      return;
    }
    var trimmed = text.trim();
    if (!fits) return add(path, desc.code || "pattern", { value: text, example: desc.example || "", suggestion: suggest(desc, trimmed) });
    if (desc.list && !listed(desc.list, trimmed)) add(path, desc.list_code, { value: trimmed, suggestion: suggest(desc, trimmed) });
  }

  function listed(list, code) { return C.lists[list].some(function (entry) { return entry[0] === code; }); }

  /* The code of the entry whose name holds what was typed (load/translate.py suggests alike). */
  function suggest(desc, typed) {
    if (!desc.list || !typed) return "";
    var word = typed.normalize("NFC").toLowerCase();
    var found = C.lists[desc.list].filter(function (entry) {
      return entry[1].indexOf(word) >= 0 || entry[2].toLowerCase().indexOf(word) >= 0 || entry[0].indexOf(word) >= 0;
    })[0];
    return found ? found[0] : "";
  }

  /* Shows each problem at its field: aria-invalid and aria-describedby name the message. */
  function show(found) {
    var byKey = {};
    found.forEach(function (p) {
      p.key = inputFor(key(p.path));
      if (p.key && !byKey[p.key]) byKey[p.key] = p;
    });
    Object.keys(inputs).forEach(function (k) {
      var entry = inputs[k], problem = byKey[k];
      var visible = problem && (submitted || touched[entry.id] || problem.code !== "missing");
      var message = document.getElementById(entry.id + "-error");
      message.textContent = visible ? say("problem." + problem.code, problem.values) : "";
      message.hidden = !visible;
      entry.elements.forEach(function (el) {
        var warned = entry.warning && entry.warning.hasChildNodes() ? entry.warning.id : null;
        var described = [entry.help, visible ? entry.id + "-error" : null, warned].filter(Boolean).join(" ");
        if (visible) el.setAttribute("aria-invalid", "true"); else el.removeAttribute("aria-invalid");
        if (described) el.setAttribute("aria-describedby", described); else el.removeAttribute("aria-describedby");
      });
    });
    return found;
  }

  /* The input that shows a problem: the field's own, or the first one inside the group it names. */
  function inputFor(k) {
    if (inputs[k]) return k;
    return Object.keys(inputs).filter(function (other) { return other.indexOf(k + ".") === 0; })[0];
  }

  function refresh() {
    var found = show(problems());
    if (!summary.hidden && !found.length) summary.hidden = true;
    return found;
  }

  // ---- a file name already taken ----------------------------------------------------------
  /* The file names of every innovation and team (generator/pages/contribute.py `existing`), fetched
     from this site once a new file's form opens, not carried by the page. Until they have come,
     and if they cannot, the check on the pull request still finds a name taken; Send waits for
     them. */
  var existing = null; // {ideas: Set, teams: Set}
  var askingExisting = null;
  function loadExisting() {
    if (!askingExisting) {
      // Send waits for the list: on a stalled connection, at most this long (the pull request's
      // own check still refuses a name taken).
      var signal = window.AbortSignal && AbortSignal.timeout ? AbortSignal.timeout(15000) : undefined;
      askingExisting = fetch(ROOT + C.existing, { signal: signal }).then(function (response) {
        if (!response.ok) throw new Error(C.existing + ": " + response.status);
        return response.json();
      }).then(function (names) {
        existing = { ideas: new Set(names.ideas), teams: new Set(names.teams) };
        if (state && state.mode === "new") refresh();
      }).catch(function () { askingExisting = null; }); // asked again when next needed
    }
    return askingExisting;
  }

  // ---- a title nearly the same as an existing innovation's (generator/load/duplicates.py) ----
  // A warning, not an error: it names the other innovation and sending stays possible. The titles
  // of the chosen office and place are fetched from this site when chosen, once each.
  var TITLES = window.bankTitles(C.similar);
  var GROUPS = Object.keys(C.similar.groups).map(function (field) { return [field, new Set(C.similar.groups[field])]; });
  var titleFiles = {}; // address → promise of its rows
  var checking = null;

  function titleFile(field, value) {
    var address = ROOT + C.similar.path + "/" + field + "/" + value + ".json";
    if (!titleFiles[address]) {
      titleFiles[address] = fetch(address).then(function (response) {
        if (!response.ok) throw new Error(address + ": " + response.status);
        return response.json();
      }).then(function (rows) {
        return rows.map(function (row) {
          return { slug: row[0], chars: { bn: Array.from(row[1]), en: Array.from(row[2]) }, titles: { bn: row[3], en: row[4] } };
        });
      }).catch(function () { delete titleFiles[address]; return []; }); // asked again on the next change
    }
    return titleFiles[address];
  }

  function checkTitlesSoon() { clearTimeout(checking); checking = setTimeout(checkTitles, 300); }

  function checkTitles() {
    if (!state || state.loading || state.kind !== "ideas") return;
    var asked = state;
    var files = GROUPS.map(function (group) {
      var value = String(get([group[0]]) || "").trim();
      return group[1].has(value) ? titleFile(group[0], value) : null;
    }).filter(Boolean);
    Promise.all(files).then(function (lists) {
      if (state !== asked) return;
      var seen = {}, rows = [];
      lists.forEach(function (list) {
        list.forEach(function (row) {
          // "Propose a change" is not warned about the innovation it changes
          if (seen[row.slug] || (state.mode === "edit" && row.slug === state.slug)) return;
          seen[row.slug] = true;
          rows.push(row);
        });
      });
      ["bn", "en"].forEach(function (lang) {
        var entry = inputs[key([C.similar.field, lang])], typed = get([C.similar.field, lang]) || "";
        if (!entry || !entry.warning) return;
        var candidates = rows.filter(function (row) { return row.titles[lang]; }).map(function (row) {
          return { row: row, chars: row.chars[lang] }; // titles in the same language, as duplicates.py compares them
        });
        var near = typed.trim() ? TITLES.nearest(TITLES.folded(typed), candidates) : null;
        warn(entry.warning, near && near.row);
      });
      refresh();
    });
  }

  /* The catalogue's problem.similar_title in the warning slot, the title a link to its page. */
  function warn(slot, row) {
    var shown = row ? row.slug : "";
    if (slot.getAttribute("data-slug") === shown) return; // unchanged: not announced again
    slot.setAttribute("data-slug", shown);
    slot.textContent = "";
    if (!row) return;
    var title = (LANG === "en" && row.titles.en) || row.titles.bn;
    var parts = say("problem.similar_title", { other: "content/ideas/" + row.slug + ".md" }).split("{title}");
    parts.forEach(function (part, i) {
      if (i) slot.appendChild(el("a", { href: ROOT + C.similar.page[LANG].replace("{slug}", row.slug), text: title }));
      slot.appendChild(document.createTextNode(part));
    });
  }

  // ---- drawing the form -------------------------------------------------------------------
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value === null || value === undefined || value === false) return;
      if (name === "text") node.textContent = value;
      else node.setAttribute(name, value === true ? "" : value);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }
  function newId() { counter += 1; return "bank-f" + counter; }

  /* Registers the input(s) of one value, with its message slot and help. */
  function register(path, elements, id, helpId) {
    inputs[key(path)] = { id: id, elements: elements, help: helpId };
    elements.forEach(function (element) {
      element.addEventListener("blur", function () { touched[id] = true; refresh(); });
    });
    return el("p", { id: id + "-error", "class": "bank-form__error", hidden: true });
  }

  function labelText(desc) {
    var node = el("span", { text: labelOf(desc) });
    // The input says it is required itself (required, announced by screen readers); the star is for the eye.
    if (desc.required) node.appendChild(el("span", { "class": "bank-form__required", text: " *", title: S["contribute.required"], "aria-hidden": "true" }));
    return node;
  }

  function help(desc, id) {
    var text = [desc.help && S[desc.help], desc.list && S["contribute.pick"],
                desc.widget === "number" && S["contribute.number_help"]].filter(Boolean).join(" ");
    return text ? el("p", { id: id, "class": "bank-form__help", text: text }) : null;
  }

  /* After any change the file made before is out of date: it is made again with Send. */
  function changed(path, value) {
    if (path) set(path, value);
    result.hidden = true;
    refresh();
    saveSoon();
    checkTitlesSoon();
  }

  /* The input(s) of a field. `optional`: the field is inside a section that may be left empty,
     where a field marked required is required only once the section is filled in (group). */
  function field(desc, path, optional) {
    switch (desc.widget) {
      case "group": return group(desc, path, optional);
      case "list": return list(desc, path, optional);
      case "text": return bilingual(desc, path, optional);
      case "choices": return checkboxes(desc, path);
      case "flag": return yesNo(desc, path);
    }
    var id = newId(), helpId = id + "-help", value = get(path);
    var input, picked = null;
    if (desc.widget === "choice") {
      var options = desc["default"] !== undefined ? [] : [el("option", { value: "", text: desc.required ? S["contribute.choose"] : S["contribute.none"] })];
      desc.choices.forEach(function (choice) { options.push(el("option", { value: choice, text: choiceLabel(desc, choice) })); });
      input = el("select", { id: id, required: desc.required && !optional }, options);
      if (value === undefined && desc["default"] !== undefined) { value = desc["default"]; set(path, value); }
      input.value = value || "";
      input.addEventListener("change", function () { changed(path, input.value || undefined); });
    } else {
      input = el("input", {
        id: id, type: desc.widget === "date" ? "date" : "text", required: desc.required && !optional,
        max: desc.not_future ? today() : null,
        inputmode: desc.widget === "number" ? "decimal" : null, list: desc.list ? "bank-list-" + desc.list : null,
        autocomplete: "off", spellcheck: desc.list ? "false" : null,
      });
      input.value = value || "";
      picked = desc.list ? el("p", { "class": "bank-form__picked", "aria-live": "polite" }) : null;
      var showPicked = function () {
        if (!picked) return;
        var entry = C.lists[desc.list].filter(function (e) { return e[0] === input.value.trim(); })[0];
        picked.textContent = entry && (entry[1] || entry[2]) ? say("contribute.picked", { name: [entry[1], entry[2]].filter(Boolean).join(" · ") }) : "";
      };
      input.addEventListener("input", function () { changed(path, input.value); showPicked(); });
      input.addEventListener("change", function () {
        // A name typed in full, in either language, becomes its code.
        var typed = input.value.trim().normalize("NFC");
        var entry = desc.list && C.lists[desc.list].filter(function (e) { return typed && (e[1] === typed || e[2] === typed); })[0];
        if (entry) { input.value = entry[0]; changed(path, entry[0]); showPicked(); }
      });
      showPicked();
    }
    var box = el("div", { "class": "bank-form__field" }, [el("label", { "for": id }, [labelText(desc)]), help(desc, helpId), input, picked]);
    box.appendChild(register(path, [input], id, box.querySelector(".bank-form__help") ? helpId : null));
    return box;
  }

  function bilingual(desc, path, optional) {
    var box = el("fieldset", { "class": "bank-form__group bank-form__text" }, [el("legend", {}, [labelText(desc)])]);
    var helpId = newId() + "-help";
    if (desc.help) box.appendChild(help(desc, helpId));
    var value = get(path) || { bn: "", en: "" };
    set(path, value);
    ["bn", "en"].forEach(function (lang) {
      var id = newId();
      var input = el(desc.multiline ? "textarea" : "input", {
        id: id, lang: lang, rows: desc.multiline ? 3 : null, type: desc.multiline ? null : "text",
        required: lang === "bn" && desc.required && !optional, autocomplete: "off",
      });
      input.value = value[lang] || "";
      input.addEventListener("input", function () { changed(path.concat(lang), input.value); });
      var error = register(path.concat(lang), [input], id, desc.help ? helpId : null);
      // The title's: a warning when it is nearly an existing innovation's (checkTitles), announced as it comes.
      var warning = state.kind === "ideas" && key(path) === C.similar.field ?
        el("p", { id: id + "-warning", "class": "bank-form__warning", role: "status" }) : null;
      inputs[key(path.concat(lang))].warning = warning;
      box.appendChild(el("div", { "class": "bank-form__field" }, [
        el("label", { "for": id, text: labelOf(desc) + " (" + S["contribute.in_" + lang] + ")" }), input, error, warning]));
    });
    return box;
  }

  function checkboxes(desc, path) {
    var value = get(path) || [];
    set(path, value);
    var box = el("fieldset", { "class": "bank-form__group bank-form__choices" }, [el("legend", {}, [labelText(desc)])]);
    desc.choices.forEach(function (choice) {
      var input = el("input", { type: "checkbox", value: choice, checked: value.indexOf(choice) >= 0 });
      input.addEventListener("change", function () {
        var now = (get(path) || []).filter(function (c) { return c !== choice; });
        if (input.checked) now.push(choice);
        changed(path, now);
      });
      box.appendChild(el("label", {}, [input, document.createTextNode(" " + choiceLabel(desc, choice))]));
    });
    return box;
  }

  function yesNo(desc, path) {
    var id = newId(), value = get(path), name = id + "-choice";
    var box = el("fieldset", { "class": "bank-form__group bank-form__choices", id: id }, [el("legend", {}, [labelText(desc)])]);
    var radios = [true, false].map(function (answer) {
      var input = el("input", { type: "radio", name: name, value: String(answer), checked: value === answer });
      input.addEventListener("change", function () { if (input.checked) changed(path, answer); });
      box.appendChild(el("label", {}, [input, document.createTextNode(" " + S[answer ? "answer.yes" : "answer.no"])]));
      return input;
    });
    box.appendChild(register(path, radios, id, null));
    return box;
  }

  function group(desc, path, optional) {
    var value = get(path);
    if (value === undefined) set(path, {});
    var own = path.length > 0 && !desc.required; // a section that may be left empty
    var children = desc.fields.map(function (f) { return field(f, path.concat(f.name), optional || own); });
    if (!path.length) return el("div", {}, children);
    var legend = el("legend", {}, [labelText(desc)]);
    var box = el("fieldset", { "class": "bank-form__group" }, [legend]);
    if (desc.help) box.appendChild(help(desc, newId()));
    // its stars say "required once this section is filled in" (impact's before and after, a team's date of forming)
    if (own && desc.fields.some(function (f) { return f.required; })) {
      box.appendChild(el("p", { "class": "bank-form__help", text: S["contribute.required_if_filled"] }));
    }
    children.forEach(function (c) { box.appendChild(c); });
    return box;
  }

  function list(desc, path, optional) {
    var items = get(path);
    if (!Array.isArray(items)) { items = []; set(path, items); }
    var label = labelOf(desc);
    var box = el("fieldset", { "class": "bank-form__group bank-form__list" }, [el("legend", {}, [labelText(desc)])]);
    if (desc.help) box.appendChild(help(desc, newId()));
    items.forEach(function (item, i) {
      var number = local(i + 1);
      var itemBox = el("div", { "class": "bank-form__item", role: "group", "aria-label": say("contribute.item", { label: label, number: number }) });
      itemBox.appendChild(el("p", { "class": "bank-form__item-title", text: say("contribute.item", { label: label, number: number }) }));
      itemBox.appendChild(field(desc.item, path.concat(i), optional));
      if (items.length > (desc.min || 0)) {
        var remove = el("button", { type: "button", "class": "md-button bank-form__remove", text: say("contribute.remove", { label: label, number: number }) });
        remove.addEventListener("click", function () { items.splice(i, 1); redraw(); });
        itemBox.appendChild(remove);
      }
      box.appendChild(itemBox);
    });
    var add = el("button", { type: "button", "class": "md-button", text: say("contribute.add", { label: label }) });
    add.addEventListener("click", function () {
      items.push(emptyOf(desc.item));
      redraw(key(path.concat(items.length - 1)));
    });
    box.appendChild(add);
    return box;
  }

  /* A new item: lists that need at least one entry start with one. */
  function emptyOf(desc) {
    if (desc.widget === "group") {
      var out = {};
      desc.fields.forEach(function (f) { if (f.widget === "list" && f.min) out[f.name] = [emptyOf(f.item)]; });
      return out;
    }
    return desc.widget === "text" ? { bn: "", en: "" } : undefined;
  }

  function bodyField(lang) {
    var id = "bank-body-" + lang, previewId = id + "-preview";
    var input = el("textarea", { id: id, lang: lang, rows: 10, "class": "bank-form__body" });
    input.value = state.body[lang] || "";
    var preview = el("div", { id: previewId, lang: lang, "class": "bank-form__preview md-typeset bank-body", role: "region",
                              "aria-label": S["contribute.preview"] + " (" + S["contribute.in_" + lang] + ")" });
    var draw = function () { preview.innerHTML = rendered(input.value); };
    input.addEventListener("input", function () { state.body[lang] = input.value; draw(); changed(); });
    draw();
    return el("div", { "class": "bank-form__field" }, [
      el("label", { "for": id, text: S["contribute.body_" + lang] }),
      el("p", { id: id + "-help", "class": "bank-form__help", text: S["contribute.body_help"] }),
      input, register(["@body", lang], [input], id, id + "-help"),
      el("p", { "class": "bank-form__preview-title", text: S["contribute.preview"] }), preview]);
  }

  function slugField() {
    var id = "bank-slug";
    var input = el("input", { id: id, type: "text", required: true, autocomplete: "off", spellcheck: "false", lang: "en" });
    input.value = state.slug || "";
    input.addEventListener("input", function () { state.slug = input.value; loadExisting(); changed(); });
    return el("div", { "class": "bank-form__field" }, [
      el("label", { "for": id }, [labelText({ label: "contribute.slug", required: true })]),
      el("p", { id: id + "-help", "class": "bank-form__help", text: S["contribute.slug_help"] }),
      input, register(["@slug"], [input], id, id + "-help")]);
  }

  function datalists() {
    return Object.keys(C.lists).map(function (name) {
      return el("datalist", { id: "bank-list-" + name }, C.lists[name].map(function (entry) {
        return el("option", { value: entry[0], label: [entry[1], entry[2]].filter(Boolean).join(" · ") || entry[0] });
      }));
    });
  }

  /* Draws the whole form again from the state (after adding or removing an item). */
  function redraw(focusKey) {
    inputs = {};
    fieldsBox.textContent = "";
    if (state.mode === "new") fieldsBox.appendChild(slugField());
    fieldsBox.appendChild(field(C.forms[state.kind], []));
    fieldsBox.appendChild(bodyField("bn"));
    fieldsBox.appendChild(bodyField("en"));
    datalists().forEach(function (list) { fieldsBox.appendChild(list); });
    refresh();
    saveSoon();
    checkTitlesSoon();
    if (focusKey) {
      var target = Object.keys(inputs).filter(function (k) { return k.indexOf(focusKey) === 0; })[0];
      if (target) inputs[target].elements[0].focus();
    }
  }

  // ---- the Markdown preview, sanitised with the site's allow-list --------------------------
  var allowed = C.sanitise;
  // A scheme of the list, or none: not "//host" nor "/\host", which go to another website as the site's links do not
  var uri = new RegExp("^(?:(?:" + allowed.schemes.join("|") + "):|(?![/\\\\]{2})[^a-z]|[a-z+.\\-]+(?:[^a-z+.\\-:]|$))", "i");
  var everyAttribute = Object.keys(allowed.attributes).reduce(function (all, tag) { return all.concat(allowed.attributes[tag]); }, []);
  var previewIds = Object.create(null); // the ids given in the body being rendered, as written
  if (window.DOMPurify) {
    window.DOMPurify.addHook("uponSanitizeAttribute", function (node, data) {
      var tag = node.nodeName.toLowerCase(), own = allowed.attributes[tag] || [];
      if (data.attrName === "class") {
        var classes = allowed.classes[tag] || [];
        data.attrValue = data.attrValue.split(/\s+/).filter(function (c) { return classes.indexOf(c) >= 0; }).join(" ");
        if (!data.attrValue) data.keepAttr = false;
      } else if (own.indexOf(data.attrName) < 0) data.keepAttr = false;
      else if (data.attrName === "id") { // the body's own ids, as the site's sanitiser gives them (sanitise.ID_PREFIX)
        if (!data.attrValue || previewIds[data.attrValue] || /[ \t\n\f\r]/.test(data.attrValue)) data.keepAttr = false;
        else { previewIds[data.attrValue] = true; data.attrValue = allowed.id_prefix + data.attrValue; }
      }
    });
    window.DOMPurify.addHook("afterSanitizeAttributes", function (node) {
      if (node.nodeName === "A" && node.hasAttribute("href")) node.setAttribute("rel", "noopener noreferrer nofollow");
    });
  }
  function fragment(href) {
    try { return decodeURIComponent(href); } catch (error) { return href; }
  }
  function rendered(markdown) {
    if (!window.marked || !window.DOMPurify) return "";
    var html = window.marked.parse(markdown || "", { gfm: true, breaks: false });
    previewIds = Object.create(null);
    var clean = window.DOMPurify.sanitize(html, { ALLOWED_TAGS: allowed.tags, ALLOWED_ATTR: everyAttribute.concat(["rel", "class"]),
                                                  ALLOWED_URI_REGEXP: uri, RETURN_DOM_FRAGMENT: true });
    // A #section link to a heading of the body follows its id; any other names the page's own section.
    Array.prototype.forEach.call(clean.querySelectorAll('a[href^="#"]'), function (a) {
      var section = a.getAttribute("href").slice(1);
      if (previewIds[section] || previewIds[fragment(section)]) a.setAttribute("href", "#" + allowed.id_prefix + section);
    });
    var box = document.createElement("div");
    box.appendChild(clean);
    return box.innerHTML;
  }

  // ---- the file ---------------------------------------------------------------------------
  var quoted = window.bankYaml.quoted, scalar = window.bankYaml.scalar; // yaml-scalar.js

  /* The YAML lines of a group's value, at an indent, fields in the model's order. */
  function lines(desc, value, indent) {
    var pad = " ".repeat(indent), out = [];
    desc.fields.forEach(function (f) {
      var v = value[f.name];
      if (v === undefined || v === f["default"]) return; // a default goes without saying
      out.push.apply(out, entry(f, v, pad, indent));
    });
    return out;
  }
  function entry(f, v, pad, indent) {
    if (f.widget === "text" && typeof v === "object") return [pad + f.name + ":", pad + "  bn: " + quoted(v.bn), pad + "  en: " + quoted(v.en)];
    if (f.widget === "text") return [pad + f.name + ": " + quoted(v)];
    if (f.widget === "group") return [pad + f.name + ":"].concat(lines(f, v, indent + 2));
    if (Array.isArray(v) && (f.widget === "choices" || f.item.widget !== "group")) {
      return [pad + f.name + ": [" + v.map(function (item) { return scalar(item, f.item); }).join(", ") + "]"];
    }
    if (Array.isArray(v)) {
      var out = [pad + f.name + ":"];
      v.forEach(function (item) {
        var itemLines = lines(f.item, item, indent + 4);
        if (!itemLines.length) return;
        itemLines[0] = pad + "  - " + itemLines[0].slice(indent + 4);
        out.push.apply(out, itemLines);
      });
      return out;
    }
    return [pad + f.name + ": " + scalar(v, f)];
  }

  function frontMatter(data) { return lines(C.forms[state.kind], data, 0); }
  function cleanBody(text) { return (text || "").normalize("NFC").replace(/\r\n?/g, "\n").trim(); }

  /* The new file, or the original bytes' text with only the fields the officer changed
     rewritten: the other lines, comments included, stay as they are. */
  function bengaliFile() {
    var data = canonical(C.forms[state.kind], state.data) || {};
    var body = cleanBody(state.body.bn);
    var original = state.original;
    if (!original) return "---\n" + frontMatter(data).join("\n") + "\n---\n" + (body ? body + "\n" : "");
    var changedKeys = C.forms[state.kind].fields.map(function (f) { return f.name; }).filter(function (name) {
      return JSON.stringify(data[name]) !== JSON.stringify(original.canonical[name]);
    });
    var bodyChanged = body !== cleanBody(original.body.bn);
    if (!changedKeys.length && !bodyChanged) return original.texts.bn;
    var parts = splitFile(original.texts.bn);
    var eol = original.texts.bn.indexOf("\r\n") >= 0 ? "\r\n" : "\n";
    var front;
    if (!parts) {
      front = frontMatter(data).join(eol) + eol;
    } else {
      var desc = C.forms[state.kind];
      var written = {};
      front = parts.segments.map(function (segment) {
        if (!segment.key || changedKeys.indexOf(segment.key) < 0) return segment.text;
        written[segment.key] = true;
        var f = desc.fields.filter(function (d) { return d.name === segment.key; })[0];
        var v = data[segment.key];
        return v === undefined || v === f["default"] ? "" : entry(f, v, "", 0).join(eol) + eol;
      }).join("");
      changedKeys.forEach(function (name) {
        if (written[name] || data[name] === undefined) return;
        var f = desc.fields.filter(function (d) { return d.name === name; })[0];
        if (data[name] !== f["default"]) front += entry(f, data[name], "", 0).join(eol) + eol;
      });
    }
    var head = parts ? parts.head : "---" + eol;
    var close = parts ? parts.close : "---" + eol;
    var rest = bodyChanged || !parts ? (body ? body.replace(/\n/g, eol) + eol : "") : parts.body;
    return head + front + close + rest;
  }

  /* The front matter of a file's text as segments: each top-level field with the lines below it,
     and the comments and blank lines between (kept as they are). Null when it is not that simple. */
  function splitFile(text) {
    var all = text.match(/[^\n]*\n|[^\n]+$/g) || [];
    if (!all.length || !/^\ufeff?---[ \t]*\r?\n?$/.test(all[0])) return null;
    var end = -1;
    for (var i = 1; i < all.length; i++) if (/^(?:---|\.\.\.)[ \t]*\r?\n?$/.test(all[i])) { end = i; break; }
    if (end < 0) return null;
    var segments = [], pending = "", seen = {}, known = C.forms[state.kind].fields.map(function (f) { return f.name; });
    for (var n = 1; n < end; n++) {
      var line = all[n], match = line.match(/^([A-Za-z_][A-Za-z0-9_]*)[ \t]*:(?:[ \t]|\r?\n|$)/);
      if (match) {
        if (seen[match[1]] || known.indexOf(match[1]) < 0) return null;
        seen[match[1]] = true;
        if (pending) segments.push({ text: pending });
        pending = "";
        segments.push({ key: match[1], text: line });
      } else if (/^[ \t-]/.test(line) && segments.length && segments[segments.length - 1].key) {
        segments[segments.length - 1].text += pending + line; // indented lines, with the blank lines between
        pending = "";
      } else if (/^[ \t]*(?:#.*)?\r?\n?$/.test(line)) {
        pending += line;
      } else {
        return null;
      }
    }
    if (pending) segments.push({ text: pending });
    return { head: all[0], segments: segments, close: all[end], body: all.slice(end + 1).join("") };
  }

  function englishFile() {
    var body = cleanBody(state.body.en);
    if (state.original && state.original.texts.en !== undefined && body === cleanBody(state.original.body.en)) return state.original.texts.en;
    return body ? body + "\n" : null;
  }

  // ---- sending ----------------------------------------------------------------------------
  function path(lang) {
    return "content/" + state.kind + "/" + state.slug.trim() + (lang === "en" ? ".en.md" : ".md");
  }

  function prepare() {
    submitted = true;
    var found = refresh();
    if (found.length) {
      summary.textContent = say("contribute.errors", { count: found.length });
      summary.hidden = false;
      result.hidden = true;
      var first = inputs[found[0].key];
      if (first) first.elements[0].focus();
      return;
    }
    summary.hidden = true;
    var bn = bengaliFile(), en = englishFile();
    var original = state.original;
    var bnChanged = !original || bn !== original.texts.bn;
    var enChanged = en !== null && (!original || original.texts.en === undefined || en !== original.texts.en);
    var files = [];
    if (bnChanged || !enChanged) files.push({ name: path("bn"), text: bn });
    if (enChanged) files.push({ name: path("en"), text: en });
    showResult(files, { bn: bn, en: en }, original && !bnChanged && !enChanged);
  }

  function showResult(files, texts, unchanged) {
    var repo = C.repository, branch = encodeURIComponent(C.branch);
    var open = document.getElementById("bank-form-open"), steps = document.getElementById("bank-form-steps");
    var primary = files[0];
    var href, how, action;
    var exists = state.mode === "edit";
    if (files.length > 1) {
      href = repo + "/upload/" + branch + "/content/" + state.kind;
      how = say("contribute.steps_upload", { file: state.slug + ".md", english: state.slug + ".en.md" });
      action = "contribute.open_upload";
    } else if (exists && (primary.name.slice(-6) !== ".en.md" || state.original.texts.en !== undefined)) {
      href = repo + "/edit/" + branch + "/" + primary.name;
      how = say("contribute.steps_paste_edit");
      action = "contribute.open_paste";
    } else {
      var base = repo + "/new/" + branch + "?filename=" + encodeURIComponent(primary.name);
      var full = base + "&value=" + encodeURIComponent(primary.text);
      var fits = full.length <= C.url_limit;
      href = fits ? full : base;
      how = say(fits ? "contribute.steps_new" : "contribute.steps_paste_new");
      action = fits ? "contribute.open_new" : "contribute.open_paste";
    }
    open.href = href;
    open.textContent = S[action];
    open.onclick = function () {
      if (files.length > 1) files.forEach(download);
      else if (action === "contribute.open_paste") copy(primary.text);
      forget(); // sent: the draft has done its work
    };
    // The catalogue writes the steps in one text ("1. … 2. …"): shown as a numbered list.
    var parts = how.split(/(?:^|\s)[0-9০-৯]+\.\s/);
    steps.textContent = "";
    if (parts[0].trim()) steps.appendChild(el("p", { text: parts[0].trim() }));
    steps.appendChild(el("ol", {}, parts.slice(1).map(function (step) { return el("li", { text: step.trim() }); })));
    document.getElementById("bank-form-unchanged").hidden = !unchanged;
    var downloadBn = document.getElementById("bank-form-download");
    downloadBn.textContent = say("contribute.download", { file: path("bn").split("/").pop() });
    downloadBn.onclick = function () { download({ name: path("bn"), text: texts.bn }); };
    var downloadEn = document.getElementById("bank-form-download-en");
    downloadEn.hidden = texts.en === null;
    downloadEn.textContent = say("contribute.download", { file: path("en").split("/").pop() });
    downloadEn.onclick = function () { download({ name: path("en"), text: texts.en }); };
    document.getElementById("bank-form-copy").onclick = function () { copy(primary.text); };
    document.getElementById("bank-form-text-label").textContent = say("contribute.result_text", { file: primary.name });
    document.getElementById("bank-form-text").value = primary.text;
    document.getElementById("bank-form-status").textContent = "";
    result.hidden = false;
    result.focus();
  }

  function download(file) {
    // A string in a Blob is encoded as UTF-8 with its line ends as they are: a file sent back
    // unchanged is the bytes it came from, a byte order mark and CRLF included.
    var blob = new Blob([file.text], { type: "text/markdown;charset=utf-8" });
    var link = el("a", { href: URL.createObjectURL(blob), download: file.name.split("/").pop() });
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
  }

  function copy(text) {
    var status = document.getElementById("bank-form-status");
    var done = function () { status.textContent = S["contribute.copied"]; };
    var failed = function () {
      var box = document.getElementById("bank-form-text");
      box.focus();
      box.select();
      status.textContent = S["contribute.copy_failed"];
    };
    if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text).then(done, failed);
    else failed();
  }

  // ---- drafts -----------------------------------------------------------------------------
  var saving = null;
  function draftKey() { return "innobank-form:" + (state.mode === "edit" ? state.kind + "/" + state.slug : "new:" + state.kind); }
  function save() {
    saving = null;
    if (!state || state.loading) return;
    try {
      localStorage.setItem(draftKey(), JSON.stringify({ slug: state.slug, data: state.data, body: state.body }));
      if (state.mode === "new") localStorage.setItem("innobank-form:kind", state.kind);
    } catch (e) { /* storage full or refused: the form still works, without a draft */ }
  }
  function saveSoon() { if (!saving) saving = setTimeout(save, 250); }
  function restore() {
    try { return JSON.parse(localStorage.getItem(draftKey()) || "null"); } catch (e) { return null; }
  }
  function forget() { try { localStorage.removeItem(draftKey()); } catch (e) { /* nothing kept */ } }
  window.addEventListener("pagehide", save);
  document.addEventListener("visibilitychange", function () { if (document.visibilityState === "hidden") save(); });

  // ---- starting ---------------------------------------------------------------------------
  function startNew(kind) {
    state = { mode: "new", kind: kind, slug: "", data: {}, body: { bn: "", en: "" }, original: null };
    var draft = restore();
    if (draft) { state.slug = draft.slug || ""; state.data = draft.data || {}; state.body = draft.body || state.body; }
    touched = {};
    submitted = false;
    result.hidden = true;
    redraw();
    loadExisting();
  }

  /* The content files of one kind and office, {slug: {bn: text, en: text}}, from their gzipped
     bundle (generator/publish/sources.py). A host that sends a .gz with Content-Encoding: gzip
     has the browser unpack it already: the bytes are unpacked here only when they still start
     with gzip's signature (1f 8b). Bytes that are not UTF-8 are a corrupt bundle: an error the
     officer is told of (contribute.load_failed), not text quietly mangled into the file. */
  function fetchBundle(url) {
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error(url + ": " + response.status);
      return response.arrayBuffer();
    }).then(function (buffer) {
      var head = new Uint8Array(buffer, 0, Math.min(2, buffer.byteLength));
      if (head[0] !== 0x1f || head[1] !== 0x8b) return buffer;
      return new Response(new Blob([buffer]).stream().pipeThrough(new DecompressionStream("gzip"))).arrayBuffer();
    }).then(function (buffer) {
      return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(buffer));
    });
  }

  function startEdit(kind, slug) {
    var note = document.getElementById("bank-form-editing");
    var shown = "content/" + kind + "/" + slug + ".md";
    note.textContent = S["contribute.loading"];
    note.hidden = false;
    document.querySelector(".bank-form__kind").hidden = true;
    state = { mode: "edit", kind: kind, slug: slug, data: {}, body: { bn: "", en: "" }, loading: true };
    function newInstead(message) {  // the file's text cannot be had: a new one can still be written
      note.textContent = say(message, { file: shown });
      document.querySelector(".bank-form__kind").hidden = false;
      startNew(kind);
    }
    // Chrome 80, Safari 16.4 and Firefox 113 have it (the bundles are gzipped)
    if (typeof DecompressionStream === "undefined") return newInstead("contribute.old_browser");
    fetch(ROOT + C.record[kind].path.replace("{slug}", slug)).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    }).then(function (document_) {
      var record = document_[C.record[kind].key];
      if (!SLUG.test(record.office)) throw new Error("office: " + record.office);
      return fetchBundle(ROOT + C.source + "/" + kind + "/" + record.office + ".json.gz").then(function (bundle) {
        var texts = Object.prototype.hasOwnProperty.call(bundle, slug) ? bundle[slug] : null;
        var english = record.body && record.body.en !== undefined;
        if (!texts || typeof texts.bn !== "string" || (english && typeof texts.en !== "string")) throw new Error(shown + ": not in its office's bundle");
        var desc = C.forms[kind];
        var data = fromRecord(desc, record) || {};
        var body = { bn: (record.body && record.body.bn) || "", en: (record.body && record.body.en) || "" };
        state.original = {
          texts: { bn: texts.bn, en: english ? texts.en : undefined },
          canonical: canonical(desc, JSON.parse(JSON.stringify(data))) || {},
          body: body,
        };
        state.data = data;
        state.body = { bn: body.bn, en: body.en };
        state.loading = false;
        var draft = restore();
        if (draft) { state.data = draft.data || state.data; state.body = draft.body || state.body; }
        note.textContent = say("contribute.editing", { file: shown });
        redraw();
      });
    }).catch(function () { newInstead("contribute.load_failed"); });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    save();
    if (state.mode === "new" && !existing) loadExisting().then(prepare); else prepare();
  });
  // The work so far, as a file, at any time: problems and all (the check on the pull request names them).
  document.getElementById("bank-form-save-file").addEventListener("click", function () {
    if (!state || state.loading) return;
    if (state.mode === "new" && !state.slug.trim()) state.slug = C.file_name_example[state.kind];
    download({ name: path("bn"), text: bengaliFile() });
    var english = englishFile();
    if (english !== null && (!state.original || english !== state.original.texts.en)) download({ name: path("en"), text: english });
  });
  form.querySelectorAll('input[name="bank-kind"]').forEach(function (radio) {
    radio.addEventListener("change", function () { if (radio.checked) { save(); startNew(radio.value); } });
  });
  document.getElementById("bank-form-discard").addEventListener("click", function () {
    if (!window.confirm(S["contribute.discard_confirm"])) return;
    forget();
    if (state.mode === "edit") startEdit(state.kind, state.slug); else startNew(state.kind);
  });

  form.hidden = false;
  var edit = new URLSearchParams(location.search).get("edit") || "";
  var target = edit.match(/^(ideas|teams)\/([a-z0-9]+(?:-[a-z0-9]+)*)$/);
  if (target) {
    startEdit(target[1], target[2]);
  } else {
    var kind = "ideas";
    try { kind = localStorage.getItem("innobank-form:kind") === "teams" ? "teams" : "ideas"; } catch (e) { /* default */ }
    form.querySelector('input[name="bank-kind"][value="' + kind + '"]').checked = true;
    startNew(kind);
  }
})();
