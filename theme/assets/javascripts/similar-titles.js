/* Titles nearly the same, as generator/load/duplicates.py finds them, for the contribute form
   (contribute.js): fold() of generator/load/translate.py, built from the rules it exports as data
   (fold_rules), and rapidfuzz's fuzz.ratio, the Indel similarity 100·2·(common)/(both lengths).
   The bank's titles come folded by Python (publish/titles.py); only what is typed is folded here.
   tests/test_contribute.py checks both give Python's answers. */
window.bankTitles = function (rules) {
  "use strict";
  function category(names) {
    return new RegExp("^[" + names.map(function (name) { return "\\p{" + name + "}"; }).join("") + "]$", "u");
  }
  var DROPPED = category(rules.fold.dropped), KEPT = category(rules.fold.kept);
  var SPECIAL = rules.fold.casefold, DIGITS = rules.fold.digits;
  var own = Object.prototype.hasOwnProperty;
  var decided = new Map(); // each character decided once, as translate.py's table does

  function one(char) {
    var out = decided.get(char);
    if (out !== undefined) return out;
    var folded = own.call(SPECIAL, char) ? SPECIAL[char] : char.toLowerCase(); // case folding is per character
    out = Array.from(folded).map(function (c) {
      if (DROPPED.test(c)) return "";
      if (KEPT.test(c)) return own.call(DIGITS, c) ? DIGITS[c] : c;
      return " ";
    }).join("");
    decided.set(char, out);
    return out;
  }

  /* NFC, case-folded, Bengali digits as ASCII, invisible characters gone, every run of anything
     else one space: translate.py fold(). */
  function fold(text) {
    return Array.from(String(text).normalize("NFC")).map(one).join("").split(" ").filter(Boolean).join(" ");
  }

  /* A title as duplicates.py compares it: its first LONGEST characters (of the NFC text the
     file would hold), folded; as an array of characters. */
  function folded(title) {
    return Array.from(fold(Array.from(String(title).normalize("NFC").trim()).slice(0, rules.longest).join("")));
  }

  /* The longest common subsequence of two arrays of characters: one row of the table at a time. */
  function common(a, b) {
    if (a.length < b.length) { var swap = a; a = b; b = swap; }
    var row = new Int32Array(b.length + 1);
    for (var i = 0; i < a.length; i++) {
      var diagonal = 0;
      for (var j = 0; j < b.length; j++) {
        var above = row[j + 1];
        row[j + 1] = a[i] === b[j] ? diagonal + 1 : (above > row[j] ? above : row[j]);
        diagonal = above;
      }
    }
    return row[b.length];
  }

  /* rapidfuzz's fuzz.ratio of two arrays of characters, computed as it computes it. */
  function ratio(a, b) {
    var total = a.length + b.length;
    if (!total) return 100;
    return 100 * (1 - (total - 2 * common(a, b)) / total);
  }

  /* The candidate ({chars, …}) whose title is nearest to `chars`, at SIMILAR or more, or null. A
     pair whose lengths alone keep it under SIMILAR is not compared (rapidfuzz skips it too). */
  function nearest(chars, candidates) {
    var best = null, bestScore = rules.similar;
    candidates.forEach(function (candidate) {
      var other = candidate.chars, total = chars.length + other.length;
      if (total && 200 * Math.min(chars.length, other.length) / total < bestScore) return;
      var score = ratio(chars, other);
      if (score >= bestScore && (!best || score > bestScore)) { best = candidate; bestScore = score; }
    });
    return best;
  }

  return { fold: fold, folded: folded, ratio: ratio, nearest: nearest };
};
