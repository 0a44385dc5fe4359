/* Search as you type with Pagefind: loads the index of this page's language (<html lang>) only
   when the reader first focuses the box, and only the chunks a query needs. "/" or "s" focuses
   the box, arrows move through the results and the "show more" button, Escape closes them.

   A result holds every word asked for, with its vowel signs, as a word or a word's beginning.
   Pagefind files a Bengali word under its letters without vowel signs (সব and সেবা share a key);
   exactDiacritics keeps only the forms that begin with what was typed, but it still ignores the
   hasanta (সবল finds স্বল্প), and when no word begins with the query it falls back to a shorter
   one (সবুজ finds সব). So each candidate's text is checked here before it is shown. Pages that
   only come near the words (another vowel sign, an English inflection) are listed after the
   results under a "similar words" label; when nothing holds the words, a search that ignores
   vowel signs looks for such pages. */
(function () {
  "use strict";
  var form = document.querySelector("[data-bank-search]");
  if (!form) return;
  var input = form.querySelector("input[type=search]");
  var output = form.querySelector(".bank-search__output");
  var strings = { failed: form.dataset.failed };  // the others come with the index (load)
  var base = new URL(form.getAttribute("data-base"), location.href);
  var digits = document.documentElement.lang === "bn" ? "০১২৩৪৫৬৭৮৯" : null;
  var PAGE = 10;  // results shown at first and added by each "show more"
  var EDGE = /^[^\p{L}\p{M}\p{N}]+|[^\p{L}\p{M}\p{N}]+$/gu;  // punctuation around a word
  var INSIDE = /[^\p{L}\p{M}\p{N}]+/u;                      // hyphens, slashes within a word
  var pagefind = null;
  var exactNow = true;  // the index's exactDiacritics: set when it loads, switched by find
  var queue = Promise.resolve();
  var latest = 0;
  var timer = null;
  // Typing pauses this long (ms) before a search runs, as in Pagefind's own search box: on a slow
  // phone a shorter pause searches the half-typed word too and loads its part of the index as well.
  // A reader who types quicker is waited for twice their usual gap between keys (the median of the
  // last GAPS), not less than SHORTEST: their words are not cut, and the results come sooner.
  var PAUSE = 300, SHORTEST = 150, GAPS = 5;
  var gaps = [], lastKey = null;
  // The search is begun (not shown) once the reader has not typed for a little longer than their
  // usual gap (AHEAD times it), so a steady typist's half-typed words are not searched.
  var AHEAD = 1.25, early = null, ahead = null;
  // From this many letters (without vowel signs) the word being typed mostly lies in the index
  // chunks of the finished word: each key loads them (Pagefind's preload, in every shard). At
  // 10,000 innovations অ, অন and a, ap, app each load other chunks (40-100 KB); অনুম, appr those
  // of অনুমোদন, approval.
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

  /* Pagefind indexes a language in shards (generator/search.py): the first one's bundle is
     pagefind/ itself, the others are merged into its searches, which rank all their results as
     one list. A failed load leaves nothing half-merged: the next query starts afresh. */
  function load() {
    if (!pagefind) {
      // exact from the start (every shard: mergeIndex applies the options it is given), so the first
      // search sends the worker no options() first
      var settings = { baseUrl: base.pathname, excerptLength: 24, exactDiacritics: true };
      var instance = null;
      exactNow = true;
      pagefind = Promise.all([
        import(new URL("pagefind/pagefind.js", base).href),
        json(new URL("pagefind/shards.json", base).href, { cache: "no-cache" }),
        json(new URL("assets/javascripts/search-messages.json?v=" + form.dataset.messages, base).href)
      ]).then(function (loaded) {
        Object.assign(strings, loaded[2][document.documentElement.lang]);
        instance = loaded[0].createInstance(settings);
        var shards = loaded[1][document.documentElement.lang] || [];
        // search("") fails when the first shard cannot load (mergeIndex would wait for ever)
        return Promise.all([instance.search("")].concat(shards.map(function (name) {
          return instance.mergeIndex(new URL("pagefind/" + name + "/", base).href, settings);
        })));
      }).then(function () { return instance; }).catch(function (error) {
        if (instance) instance.destroy();
        pagefind = null;  // a dropped connection: the next query tries again
        throw error;
      });
    }
    return pagefind;
  }

  /* One Pagefind search at a time: exactDiacritics is an option of the whole index (of every
     shard: generator/search.py makes Pagefind's options() reach merged indexes). A search no
     longer wanted (live() false: the reader has typed on from its query while it waited for the
     index or for the search before) is not run (null): each search loads the index chunks its
     words need from every shard. */
  function find(pf, text, exact, live) {
    var job = queue.then(function () {
      if (!live()) return null;
      if (exact === exactNow) return pf.search(text);
      return pf.options({ exactDiacritics: exact }).then(function () {
        exactNow = exact;
        return pf.search(text);
      });
    });
    queue = job.catch(function () {});
    return job;
  }

  /* Text as it is compared: NFC (as the content is), without zero-width joiners, lower case. */
  function clean(text) {
    return text.normalize("NFC").replace(/\p{Cf}/gu, "").toLocaleLowerCase();
  }

  /* What the box holds, as searched: its digits in the page's own (a Bengali page writes ২০১৬, an
     English one 2016, whichever the reader typed), the rest as typed. Pagefind's query and the
     check of each candidate's text (judge) both take the words from here. */
  function asked() {
    var text = input.value.trim();
    return digits ? text.replace(/[0-9]/g, function (d) { return digits[d]; })
                  : text.replace(/[০-৯]/g, function (d) { return String(d.charCodeAt(0) - 0x09E6); });
  }

  /* The words of a text, without the punctuation around them. */
  function tokens(text) {
    return clean(text).split(/\s+/u).map(function (word) { return word.replace(EDGE, ""); }).filter(Boolean);
  }

  /* A page's words: each one, its parts between hyphens or slashes, and those parts run together. */
  function pageWords(text) {
    var found = [];
    tokens(text).forEach(function (word) {
      found.push(word);
      var parts = word.split(INSIDE);
      if (parts.length > 1) found.push.apply(found, parts.concat(parts.join("")));
    });
    return found;
  }

  function letters(word) {
    return Array.from(word.normalize("NFD").replace(/\p{M}/gu, ""));
  }

  /* A page's word comes near a word asked for when, without vowel signs, it begins with it
     (নদীভাঙন for নদিভাঙন, সেবা for সবা), or the two share a beginning of three letters or more that
     is at least two thirds of the longer (leave, leaves; innovative, innovations; উদ্ভাবন,
     উদ্ভাবনের) — not a short word that merely begins it (সব for সবুজ, help for helpdesk). */
  function near(word, wanted) {
    var a = letters(wanted), b = letters(word);
    if (b.join("").startsWith(a.join(""))) return true;
    var common = 0;
    while (common < a.length && a[common] === b[common]) common++;
    return common >= 3 && common * 3 >= Math.max(a.length, b.length) * 2;
  }

  /* null: the page holds neither the words nor similar ones; {similar: []}: it holds them all;
     otherwise the words Pagefind found on it that come near the ones it lacks. */
  function judge(data, wanted) {
    var have = pageWords((data.meta.title || "") + " " + data.content);
    var split = data.content.split(/[\r\n\s]+/g);  // as Pagefind counts a match's location
    var found = pageWords(data.locations.map(function (at) { return split[at] || ""; }).join(" "));
    var similar = [];
    for (var i = 0; i < wanted.length; i++) {
      var word = wanted[i];
      if (have.some(function (h) { return h.startsWith(word); })) continue;
      var close = found.filter(function (h) { return near(h, word); });
      if (!close.length) return null;
      similar.push.apply(similar, close);
    }
    return { data: data, similar: similar };
  }

  /* Judges candidates until the results to show are known. It gives up on the rest after PAGE
     candidates in a row that neither hold nor come near the words (Pagefind's fallback to a
     shorter word), and searches ignoring vowel signs once when no candidate holds the words.
     Candidates are judged in their order as their text arrives: a result that holds the words and
     follows only judged candidates keeps its place whatever the rest say, so the first screen's
     results are shown as they become certain (run.early), before the slowest text has come. */
  function fill(run) {
    if (run.ticket !== latest) return Promise.resolve();
    if (run.misses >= PAGE) run.candidates.length = run.next;
    var left = run.candidates.length - run.next;
    if (left > 0 && run.exact.length < run.shown) {
      var batch = run.candidates.slice(run.next, run.next + Math.min(run.shown - run.exact.length, PAGE - run.misses));
      var pages = [], judged = 0;
      run.next += batch.length;
      return Promise.all(batch.map(function (r, i) {
        return r.data().then(function (data) {
          var before = run.exact.length;
          for (pages[i] = data; judged < batch.length && pages[judged]; judged++) {
            var verdict = judge(pages[judged], run.wanted);
            run.misses = verdict ? 0 : run.misses + 1;
            if (verdict) (verdict.similar.length ? run.similar : run.exact).push(verdict);
          }
          if (run.early && run.exact.length > before && run.ticket === latest) render(run);
        });
      })).then(function () { return fill(run); });
    }
    if (left === 0 && !run.loose && run.exact.length === 0) {
      run.loose = true;
      return find(run.pf, run.text, false, function () { return run.ticket === latest; }).then(function (found) {
        if (!found) return;
        var seen = {};
        run.candidates.forEach(function (r) { seen[r.id] = true; });
        run.candidates = run.candidates.concat(found.results.filter(function (r) { return !seen[r.id]; }));
        return fill(run);
      });
    }
    run.complete = left === 0;
    return Promise.resolve();
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
    if (document.documentElement.lang !== "bn" && /[\u0980-\u09ff]/.test(node.textContent)) node.lang = "bn";
    return node;
  }

  function list(items, className) {
    var ol = element("ol", className);
    items.forEach(function (verdict) {
      var result = verdict.data;
      var item = element("li", "bank-search__item");
      var link = element("a", "bank-search__link");
      link.href = result.url;
      link.appendChild(marked(element("span", "bank-search__title", result.meta.title || result.url)));
      if (result.meta.status || result.meta.office) {
        var meta = element("span", "bank-search__facts");
        if (result.meta.status) meta.appendChild(element("span", "bank-badge", result.meta.status));
        if (result.meta.office) meta.appendChild(marked(element("span", "bank-card__office", result.meta.office)));
        link.appendChild(meta);
      }
      var excerpt = element("span", "bank-search__excerpt");
      excerpt.innerHTML = result.excerpt; // Pagefind escapes the text and adds only <mark>
      link.appendChild(marked(excerpt));
      item.appendChild(link);
      ol.appendChild(item);
    });
    return ol;
  }

  /* The most frequent similar words, at most five. */
  function similarWords(items) {
    var counts = {};
    items.forEach(function (v) { v.similar.forEach(function (w) { counts[w] = (counts[w] || 0) + 1; }); });
    return Object.keys(counts).sort(function (a, b) { return counts[b] - counts[a]; }).slice(0, 5);
  }

  /* The results so far (run.early: the first screen's certain ones, still busy) or all of them.
     A reader who has moved into the early results stays where they were. */
  function render(run) {
    var focused = Array.prototype.indexOf.call(output.querySelectorAll("a, button"), document.activeElement);
    output.textContent = "";
    output.setAttribute("aria-busy", run && run.early ? "true" : "false");
    if (!run) { output.hidden = true; return; }
    var total = run.exact.length;
    var count = !run.complete ? strings.some.replace("{count}", local(total)) :
      total === 0 ? strings.none : total === 1 ? strings.one : strings.other.replace("{count}", local(total));
    output.appendChild(element("p", "bank-search__meta", count));
    if (total) output.appendChild(list(run.exact.slice(0, run.shown), "bank-search__list"));
    var room = run.shown - total;
    if (run.complete && room > 0 && run.similar.length) {
      var similar = run.similar.slice(0, room);
      output.appendChild(element("p", "bank-search__meta bank-search__similar",
        strings.similar.replace("{words}", similarWords(similar).join(", "))));
      output.appendChild(list(similar, "bank-search__list bank-search__list--similar"));
    }
    if (!run.early && (!run.complete || total + run.similar.length > run.shown)) {
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

  function showMore(run) {
    if (run.ticket !== latest) return;
    var first = run.shown;
    var keyboard = form.contains(document.activeElement);
    run.shown += PAGE;
    output.setAttribute("aria-busy", "true");
    fill(run).then(function () {
      if (run.ticket !== latest) return;
      render(run);
      var links = output.querySelectorAll(".bank-search__link");
      if (keyboard && links[first]) links[first].focus();  // the reader carries on at the first new result
    }).catch(failed);
  }

  /* Pagefind's search of the text, begun now: [index, its answer] (null: no longer wanted). */
  function begin(text, live) {
    return load().then(function (pf) {
      return find(pf, text, true, live).then(function (found) { return [pf, found]; });
    });
  }

  /* What the box holds, as searched, once its last word has PRELOAD_LETTERS letters (else null):
     its index chunks are mostly those of the finished word. */
  function typedSoFar() {
    var text = clean(asked());
    var words = tokens(text);
    return words.length && letters(words[words.length - 1]).length >= PRELOAD_LETTERS ? text : null;
  }

  function preload() {
    var text = typedSoFar();
    if (text) load().then(function (pf) { return pf.preload(text); }).catch(function () {});  // search() reports
  }

  /* Part-way through the pause the words typed so far are searched, not shown (ahead): the search
     when the pause ends takes its answer if the reader typed nothing since, and the index chunks
     it loaded either way. Searching is most of the time from the last key to the results: 7,700
     candidates in 8 shards for a common word at 10,000 innovations. Not for a word of fewer than
     PRELOAD_LETTERS letters, which would load chunks of its own (and take longest to search). */
  function prepare() {
    var text = typedSoFar();
    if (!text) return;
    var mine = ahead = { text: text, live: function () { return ahead === mine; } };
    mine.found = begin(text, function () { return mine.live(); });
    mine.found.catch(function () {});  // search() reports a failure, if the reader still waits for it
  }

  function search() {
    var query = asked();
    var ticket = ++latest;
    var wanted = tokens(query);
    var begun = ahead;
    ahead = null;
    if (!wanted.length) { render(query ? { exact: [], similar: [], complete: true, shown: PAGE } : null); return; }
    var text = clean(query);
    var live = function () { return ticket === latest; };
    if (begun && begun.text === text) begun.live = live;
    (begun && begun.text === text ? begun.found : begin(text, live)).then(function (both) {
      var found = both[1];
      if (!found) return;
      var run = { pf: both[0], ticket: ticket, text: text, wanted: wanted, candidates: found.results.slice(),
                  next: 0, misses: 0, shown: PAGE, exact: [], similar: [], loose: false, complete: false, early: true };
      return fill(run).then(function () {
        run.early = false;
        if (ticket === latest) render(run);
      }, function (error) {
        run.early = false;  // the text still arriving shows nothing over the failure
        throw error;
      });
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

  input.addEventListener("focus", load, { once: true });
  input.addEventListener("input", function () {
    var pause = pauseAfterKey();
    output.setAttribute("aria-busy", "true");
    clearTimeout(timer);
    clearTimeout(early);
    ahead = null;  // a search begun for the text before this key is not run if it has not started
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
