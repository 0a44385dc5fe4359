/* Search as you type over the bank's own index (generator/search.py): search/<lang>/ of this
   page's language (<html lang>), whose list of shards is loaded when the reader first focuses the
   box; a query then loads the shard of words each of its words begins, and the result texts of the
   results it shows. "/" or "s" focuses the box, arrows move through the results and the "show
   more" button, Escape closes them.

   A page is a result when it holds every word asked for as a word or a word's beginning (its
   vowel signs too). When the results do not fill the screen, pages that hold words that come near
   the ones asked for (another vowel sign, another form of an English word) are listed after them,
   under a "similar words" label. */
(function () {
  "use strict";
  var form = document.querySelector("[data-bank-search]");
  if (!form) return;
  var input = form.querySelector("input[type=search]");
  var output = form.querySelector(".bank-search__output");
  var strings = { failed: form.dataset.failed };  // the others come with the index (load)
  var base = new URL(form.getAttribute("data-base"), location.href);
  var lang = document.documentElement.lang;
  var folder = new URL("search/" + lang + "/", base);
  var digits = lang === "bn" ? "০১২৩৪৫৬৭৮৯" : null;
  var PAGE = 10;        // results shown at first and added by each "show more"
  var EXCERPT = 24;     // words of a result's text shown
  var SHARDS = 8;       // a word whose beginning would load more shards than this is looked for whole
  var NOT_WORD = "[^\\p{L}\\p{M}\\p{N}]";
  var EDGE = new RegExp("^" + NOT_WORD + "+|" + NOT_WORD + "+$", "gu");  // punctuation around a word
  var INSIDE = new RegExp(NOT_WORD + "+", "u");                        // hyphens, slashes within a word
  var index = null;     // the loaded index.json, as a promise
  var files = {};       // the index's files loaded, as promises, by address
  var latest = 0;
  var timer = null;
  // Typing pauses this long (ms) before a search runs: on a slow phone a shorter pause searches the
  // half-typed word too. A reader who types quicker is waited for twice their usual gap between keys
  // (the median of the last GAPS), not less than SHORTEST: their words are not cut, and the results
  // come sooner.
  var PAUSE = 300, SHORTEST = 150, GAPS = 5;
  var gaps = [], lastKey = null;
  // The search is begun (not shown) once the reader has not typed for a little longer than their
  // usual gap (AHEAD times it), so a steady typist's half-typed words are not searched.
  var AHEAD = 1.25, early = null, ahead = null;
  // From this many letters (without vowel signs) the word being typed is mostly in the shard of the
  // finished word: each key loads it.
  var PRELOAD_LETTERS = 4;

  function local(n) {
    var text = String(n);
    return digits ? text.replace(/[0-9]/g, function (d) { return digits[d]; }) : text;
  }

  function json(url, options) {
    return fetch(url, options).then(function (response) {
      if (!response.ok) throw new Error(response.status + " " + response.url);
      return response.json();
    });
  }

  /* The index's list of shards, and the messages. A failed load is tried again by the next query. */
  function load() {
    if (!index) {
      index = Promise.all([
        json(new URL("index.json", folder).href, { cache: "no-cache" }),
        json(new URL("assets/javascripts/search-messages.json?v=" + form.dataset.messages, base).href)
      ]).then(function (loaded) {
        Object.assign(strings, loaded[1][lang]);
        var meta = loaded[0];
        meta.shardNumber = new Map(meta.shards.map(function (key, i) { return [key, i]; }));
        meta.letterNumber = new Map();
        meta.letters.forEach(function (keys, i) { keys.forEach(function (key) { meta.letterNumber.set(key, i); }); });
        return meta;
      }).catch(function (error) {
        index = null;
        throw error;
      });
    }
    return index;
  }

  /* A file of the index, in the folder of this build's (named by its digest). One that fails, gone
     with a deploy since index.json was loaded, has the next query load index.json again. */
  function file(meta, name) {
    var url = new URL(meta.digest + "/" + name, folder).href;
    if (!files[url]) {
      files[url] = json(url).catch(function (error) {
        delete files[url];
        index = null;
        throw error;
      });
    }
    return files[url];
  }

  /* Text as it is compared: NFC (as the content is), without zero-width characters, lower case,
     digits in ASCII (the index's: ২০১৬ and 2016 are one word). */
  function clean(text) {
    return text.normalize("NFC").replace(/\p{Cf}/gu, "").toLocaleLowerCase()
      .replace(/[০-৯]/g, function (d) { return String(d.charCodeAt(0) - 0x09E6); });
  }

  /* The words of a text: each one without the punctuation around it, its parts between hyphens or
     slashes, and those parts run together (generator/search.py's `words`). */
  function words(text) {
    var found = [];
    clean(text).split(/\s+/u).forEach(function (word) {
      word = word.replace(EDGE, "");
      if (!word) return;
      found.push(word);
      var parts = word.split(INSIDE).filter(Boolean);
      if (parts.length > 1) found.push.apply(found, parts.concat(parts.join("")));
    });
    return found;
  }

  /* The words of a query: those a page must hold (the parts of a hyphenated word are in it too). */
  function asked(text) {
    var seen = {};
    return clean(text).split(/\s+/u).map(function (word) { return word.replace(EDGE, ""); })
      .filter(function (word) { return word && !seen[word] && (seen[word] = true); });
  }

  function letters(word) {
    return Array.from(word.normalize("NFD").replace(/\p{M}/gu, ""));
  }

  /* A word comes near a word asked for when, without vowel signs, it begins with it (নদীভাঙন for
     নদিভাঙন, সেবা for সবা), or the two share a beginning of three letters or more that is at least
     two thirds of the longer (leave, leaves; উদ্ভাবন, উদ্ভাবনের) — not a short word that merely
     begins it (সব for সবুজ, help for helpdesk). */
  function near(word, wanted) {
    var a = letters(wanted), b = letters(word);
    if (b.join("").startsWith(a.join(""))) return true;
    var common = 0;
    while (common < a.length && a[common] === b[common]) common++;
    return common >= 3 && common * 3 >= Math.max(a.length, b.length) * 2;
  }

  /* The key of the shard a word is in: the longest key it begins with. */
  function shardOf(meta, word) {
    var chars = Array.from(word);
    for (var end = chars.length; end >= 0; end--) {
      var key = chars.slice(0, end).join("");
      if (meta.shardNumber.has(key)) return key;
    }
  }

  function shard(meta, key) {
    return file(meta, "w" + meta.shardNumber.get(key) + ".json");
  }

  /* The shards holding the words a word begins: its own and those whose keys begin with it; only
     its own when the others are more than SHARDS (then the word is looked for whole). */
  function shardsFor(meta, word) {
    var own = shardOf(meta, word);
    var longer = meta.shards.filter(function (key) { return key !== own && key.startsWith(word); });
    return { keys: longer.length > SHARDS ? [own] : [own].concat(longer), whole: longer.length > SHARDS };
  }

  /* The pages holding any of the words `match` accepts in the shards `keys`: a Map of page number
     to its score (2 for a word in the title, 1 elsewhere, doubled for the word `wanted` itself)
     and, when no word is wanted (near words), in `words` the words found on each. */
  function pages(meta, keys, match, wanted) {
    return Promise.all(keys.map(function (key) { return shard(meta, key); })).then(function (shards) {
      var found = new Map(), held = new Map();
      shards.forEach(function (part) {
        part.words.forEach(function (word, i) {
          if (!match(word)) return;
          var exact = word === wanted ? 2 : 1, value = 0;
          part.pages[i].forEach(function (delta) {
            value += delta;
            var page = Math.floor(value / 2), score = exact * (value % 2 ? 2 : 1);
            if (!(found.get(page) >= score)) found.set(page, score);
            if (wanted === null) held.set(page, (held.get(page) || []).concat(word));
          });
        });
      });
      return { scores: found, words: held };
    });
  }

  function holding(meta, word) {
    var plan = shardsFor(meta, word);
    return pages(meta, plan.keys, function (w) { return plan.whole ? w === word : w.startsWith(word); }, word);
  }

  /* The pages that hold every word (maps: one per word), ranked by their scores, then in the
     index's order (innovations, teams, offices, showcase). */
  function ranked(maps, exclude) {
    if (!maps.length) return [];
    var smallest = maps.reduce(function (a, b) { return a.size <= b.size ? a : b; });
    var found = [];
    smallest.forEach(function (_, page) {
      if (exclude && exclude.has(page)) return;
      var total = 0;
      for (var i = 0; i < maps.length; i++) {
        var score = maps[i].get(page);
        if (score === undefined) return;
        total += score;
      }
      found.push([page, total]);
    });
    found.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
    return found.map(function (pair) { return pair[0]; });
  }

  /* The search of the query's words: the pages holding them all, in order. */
  function find(meta, wanted) {
    return Promise.all(wanted.map(function (word) { return holding(meta, word); })).then(function (found) {
      var exact = ranked(found.map(function (f) { return f.scores; }));
      return { meta: meta, wanted: wanted, held: found, exact: exact, similar: null, words: {} };
    });
  }

  /* Pages that hold, for each word asked for, it or a word near it (but not all the words
     themselves), and the near words each holds. Near words come from the index's list of words
     that begin with the same two letters without vowel signs. */
  function findSimilar(run) {
    var meta = run.meta;
    return Promise.all(run.wanted.map(function (word, i) {
      var key = letters(word).slice(0, 2).join("");
      if (letters(word).length < 2 || !meta.letterNumber.has(key)) return Promise.resolve(run.held[i]);
      return file(meta, "l" + meta.letterNumber.get(key) + ".json").then(function (list) {
        var close = list.filter(function (w) {
          return letters(w).slice(0, 2).join("") === key && !w.startsWith(word) && near(w, word);
        });
        var keys = [];
        close.forEach(function (w) { var k = shardOf(meta, w); if (keys.indexOf(k) < 0) keys.push(k); });
        var wanted = {};
        close.forEach(function (w) { wanted[w] = true; });
        return pages(meta, keys.slice(0, SHARDS), function (w) { return wanted[w] === true; }, null).then(function (found) {
          var scores = new Map(run.held[i].scores);
          found.scores.forEach(function (score, page) { if (!scores.has(page)) scores.set(page, score); });
          found.words.forEach(function (list, page) { run.words[page] = (run.words[page] || []).concat(list); });
          return { scores: scores };
        });
      });
    })).then(function (maps) {
      run.similar = ranked(maps.map(function (m) { return m.scores; }), new Set(run.exact)).filter(function (page) {
        return run.words[page];
      });
    });
  }

  /* The texts of these pages' results: [address, title, status, office, text]. */
  function texts(meta, numbers) {
    return Promise.all(numbers.map(function (n) {
      return file(meta, "t" + Math.floor(n / meta.texts) + ".json").then(function (chunk) { return chunk[n % meta.texts]; });
    }));
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  /* A result's text in Bengali on a page in another language (a title with no English falls back
     to the Bengali) is marked as Bengali for a screen reader, as the pages mark it (templating.marked). */
  function marked(node) {
    if (lang !== "bn" && /[\u0980-\u09ff]/.test(node.textContent)) node.lang = "bn";
    return node;
  }

  /* EXCERPT words of a result's text from a little before the first word asked for, each word that
     begins with one asked for marked. */
  function excerpt(text, wanted) {
    var node = element("span", "bank-search__excerpt");
    var all = text.split(/\s+/u).filter(Boolean);
    var holds = function (word) {
      var found = words(word);
      return wanted.some(function (w) { return found.some(function (f) { return f.startsWith(w); }); });
    };
    var first = all.findIndex(holds);
    var start = first > EXCERPT / 2 ? first - 4 : 0;
    var shown = all.slice(start, start + EXCERPT);
    if (start > 0) node.appendChild(document.createTextNode("… "));
    shown.forEach(function (word, i) {
      if (i) node.appendChild(document.createTextNode(" "));
      node.appendChild(holds(word) ? element("mark", null, word) : document.createTextNode(word));
    });
    if (start + EXCERPT < all.length && shown[shown.length - 1] !== "…") node.appendChild(document.createTextNode(" …"));
    return marked(node);
  }

  function list(results, className, wanted) {
    var ol = element("ol", className);
    results.forEach(function (result) {
      var item = element("li", "bank-search__item");
      var link = element("a", "bank-search__link");
      link.href = new URL(result[0], base).href;
      link.appendChild(marked(element("span", "bank-search__title", result[1] || result[0])));
      if (result[2] || result[3]) {
        var meta = element("span", "bank-search__facts");
        if (result[2]) meta.appendChild(element("span", "bank-badge", result[2]));
        if (result[3]) meta.appendChild(marked(element("span", "bank-card__office", result[3])));
        link.appendChild(meta);
      }
      link.appendChild(excerpt(result[4], wanted));
      item.appendChild(link);
      ol.appendChild(item);
    });
    return ol;
  }

  /* The most frequent near words on the similar pages shown, at most five. */
  function similarWords(run, shown) {
    var counts = {};
    shown.forEach(function (page) {
      run.words[page].forEach(function (w) { counts[w] = (counts[w] || 0) + 1; });
    });
    return Object.keys(counts).sort(function (a, b) { return counts[b] - counts[a] || (a < b ? -1 : 1); }).slice(0, 5);
  }

  /* What the run shows: its first `shown` results, then similar pages in the room left. */
  function show(run) {
    var exact = run.exact.slice(0, run.shown);
    var room = run.shown - exact.length;
    var similar = room > 0 && run.similar ? run.similar.slice(0, room) : [];
    return texts(run.meta, exact.concat(similar)).then(function (found) {
      return { exact: found.slice(0, exact.length), similar: found.slice(exact.length), similarPages: similar };
    });
  }

  /* The results of a run, once their texts are here. A reader who moved into them stays where they were. */
  function render(run, shown) {
    var focused = Array.prototype.indexOf.call(output.querySelectorAll("a, button"), document.activeElement);
    output.textContent = "";
    output.setAttribute("aria-busy", "false");
    if (!run) { output.hidden = true; return; }
    var total = run.exact.length;
    var count = total === 0 ? strings.none : total === 1 ? strings.one : strings.other.replace("{count}", local(total));
    output.appendChild(element("p", "bank-search__meta", count));
    if (shown.exact.length) output.appendChild(list(shown.exact, "bank-search__list", run.wanted));
    if (shown.similar.length) {
      output.appendChild(element("p", "bank-search__meta bank-search__similar",
        strings.similar.replace("{words}", similarWords(run, shown.similarPages).join(", "))));
      output.appendChild(list(shown.similar, "bank-search__list bank-search__list--similar", run.wanted));
    }
    if (total + (run.similar ? run.similar.length : 0) > run.shown) {
      var more = element("button", "bank-search__more", strings.more);
      more.type = "button";
      more.addEventListener("click", function () { showMore(run); });
      output.appendChild(more);
    }
    output.hidden = false;
    var stop = output.querySelectorAll("a, button")[focused];
    if (stop) stop.focus();
  }

  function failed() {
    output.textContent = strings.failed;
    output.setAttribute("aria-busy", "false");
    output.hidden = false;
  }

  /* The run's results up to run.shown: the similar pages are looked for once the results leave room. */
  function present(run) {
    var needed = run.similar === null && run.exact.length < run.shown ? findSimilar(run) : Promise.resolve();
    return needed.then(function () { return show(run); }).then(function (shown) {
      if (run.ticket === latest) render(run, shown);
    });
  }

  function showMore(run) {
    if (run.ticket !== latest) return;
    var first = run.shown;
    var keyboard = form.contains(document.activeElement);
    run.shown += PAGE;
    output.setAttribute("aria-busy", "true");
    present(run).then(function () {
      var links = output.querySelectorAll(".bank-search__link");
      if (keyboard && links[first]) links[first].focus();  // the reader carries on at the first new result
    }).catch(failed);
  }

  /* The search of the query's words, begun now. */
  function begin(wanted) {
    return load().then(function (meta) { return find(meta, wanted); });
  }

  /* The words typed so far, once the last has PRELOAD_LETTERS letters (else null): its shard is
     mostly that of the finished word. */
  function typedSoFar() {
    var wanted = asked(input.value);
    return wanted.length && letters(wanted[wanted.length - 1]).length >= PRELOAD_LETTERS ? wanted : null;
  }

  function preload() {
    var wanted = typedSoFar();
    if (wanted) load().then(function (meta) { return shard(meta, shardOf(meta, wanted[wanted.length - 1])); }).catch(function () {});
  }

  /* Part-way through the pause the words typed so far are searched, not shown (ahead): the search
     when the pause ends takes its answer if the reader typed nothing since. */
  function prepare() {
    var wanted = typedSoFar();
    if (!wanted) return;
    ahead = { key: wanted.join(" "), found: begin(wanted) };
    ahead.found.catch(function () {});  // search() reports a failure, if the reader still waits for it
  }

  function search() {
    var ticket = ++latest;
    var wanted = asked(input.value);
    var begun = ahead;
    ahead = null;
    if (!wanted.length) {
      if (input.value.trim()) load().then(function () { render({ exact: [], shown: PAGE, similar: [] }, { exact: [], similar: [] }); }, failed);
      else render(null);
      return;
    }
    (begun && begun.key === wanted.join(" ") ? begun.found : begin(wanted)).then(function (run) {
      if (ticket !== latest) return;
      run.ticket = ticket;
      run.shown = PAGE;
      return present(run);
    }).catch(function () { if (ticket === latest) failed(); });
  }

  /* How long to wait for the next key after this one before searching, and before beginning the
     search (prepare); notes when this one came. */
  function pauseAfterKey() {
    var now = performance.now();
    if (lastKey !== null) gaps = gaps.concat(now - lastKey).slice(-GAPS);
    lastKey = now;
    if (!gaps.length) return { search: PAUSE, begin: PAUSE };
    var usual = gaps.slice().sort(function (a, b) { return a - b; })[gaps.length >> 1];
    var pause = Math.min(PAUSE, Math.max(SHORTEST, 2 * usual));
    return { search: pause, begin: Math.min(pause, AHEAD * usual) };
  }

  input.addEventListener("focus", function () { load().catch(function () {}); }, { once: true });
  input.addEventListener("input", function () {
    var pause = pauseAfterKey();
    output.setAttribute("aria-busy", "true");
    clearTimeout(timer);
    clearTimeout(early);
    ahead = null;
    early = setTimeout(prepare, pause.begin);
    timer = setTimeout(search, pause.search);
    preload();
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    clearTimeout(early);
    search();
  });
  document.addEventListener("keydown", function (event) {
    var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName);
    if (!typing && (event.key === "/" || event.key === "s") && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      input.focus();
    } else if (event.key === "Escape" && form.contains(document.activeElement)) {
      latest++;
      clearTimeout(timer);
      clearTimeout(early);
      ahead = null;
      input.value = "";
      render(null);
      input.focus();
    } else if ((event.key === "ArrowDown" || event.key === "ArrowUp") && form.contains(document.activeElement)) {
      var stops = Array.prototype.slice.call(output.querySelectorAll("a, button"));
      if (!stops.length) return;
      event.preventDefault();
      var at = stops.indexOf(document.activeElement);
      var next = event.key === "ArrowDown" ? Math.min(at + 1, stops.length - 1) : at - 1;
      (next < 0 ? input : stops[next]).focus();
    }
  });
})();
