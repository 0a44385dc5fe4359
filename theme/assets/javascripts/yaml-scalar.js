/* The values of the content file the contribute form writes (contribute.js), as YAML: each reads
   back, by the reader `innobank validate` uses (generator/load/source.py, YAML 1.2's core schema,
   libyaml and yaml-rs), as the very text written. A value is written plainly only where nothing
   in it can mean something to YAML; anything else goes in double quotes, with every character
   YAML would not keep as it is written escaped. tests/test_contribute.py reads tricky values back
   with that reader. */
window.bankYaml = (function () {
  "use strict";
  // Words YAML 1.1 (many editors and tools) reads as true, false or null: written in quotes.
  var WORDS = /^(?:y|n|yes|no|on|off|true|false|null)$/i;
  var WORD = /^[a-z][a-z0-9_-]*$/; // codes and file names: office, status, sector
  var DATE = /^\d{4}-\d{2}-\d{2}$/; // text in YAML 1.2 (the models read it as a date)
  // A web address of characters that mean nothing inside a plain value (no space, quote, bracket,
  // brace or comma), the letters of a Bengali address among them, and not ending with ":", which
  // would make it a key ("link: https://www.lgd.gov.bd/page:" cannot be read).
  var URL_CHAR = "A-Za-z0-9\\-._~/?#@!$&()*+;=%\\u0980-\\u09ff\\u200c\\u200d";
  var WEB = new RegExp("^https?://[" + URL_CHAR + ":]*[" + URL_CHAR + "]$");
  // What double quotes must escape: control characters (C0, DEL, C1 with NEL), the line and
  // paragraph separators, the byte order mark, and U+FFFE and U+FFFF, which a YAML reader refuses
  // written as they are.
  var ESCAPED = /[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/g;

  function quoted(text) {
    return '"' + String(text).replace(/[\\"]/g, "\\$&").replace(/\n/g, "\\n").replace(/\t/g, "\\t")
      .replace(ESCAPED, function (c) { return "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"); }) + '"';
  }

  /* A value as the content files write it: plain where YAML reads it back as the same text. */
  function scalar(value, desc) {
    if (typeof value === "boolean") return value ? "yes" : "no"; // as the example files write the answers (the models read them)
    if (typeof value === "number") return String(value);
    value = String(value);
    if (desc && desc.booleans && (value === "yes" || value === "no")) return value;
    if (WORD.test(value) && !WORDS.test(value)) return value;
    if (DATE.test(value) || WEB.test(value)) return value;
    return quoted(value);
  }

  return { quoted: quoted, scalar: scalar };
})();
