/* Search as you type with Pagefind: loads the index of this page's language (<html lang>) only
   when the reader first focuses the box, and only the chunks a query needs. "/" or "s" focuses
   the box, arrows move through results, Escape closes them. */
(function () {
  "use strict";
  var form = document.querySelector("[data-bank-search]");
  if (!form) return;
  var input = form.querySelector("input[type=search]");
  var output = form.querySelector(".bank-search__output");
  var strings = JSON.parse(form.getAttribute("data-strings"));
  var base = new URL(form.getAttribute("data-base"), location.href);
  var digits = document.documentElement.lang === "bn" ? "০১২৩৪৫৬৭৮৯" : null;
  var pagefind = null;
  var shown = 10;

  function local(n) {
    var text = String(n);
    return digits ? text.replace(/[0-9]/g, function (d) { return digits[d]; }) : text;
  }

  function load() {
    if (!pagefind) {
      pagefind = import(new URL("pagefind/pagefind.js", base).href).then(function (pf) {
        return pf.options({ baseUrl: base.pathname, excerptLength: 24 }).then(function () { return pf; });
      }).catch(function (error) {
        pagefind = null;  // a failed load (a dropped connection) is tried again by the next query
        throw error;
      });
    }
    return pagefind;
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function render(query, total, results) {
    output.textContent = "";
    if (!query) { output.hidden = true; return; }
    var count = total === 0 ? strings.none : (total === 1 ? strings.one : strings.other.replace("{count}", local(total)));
    output.appendChild(element("p", "bank-search__meta", count));
    var list = element("ol", "bank-search__list");
    results.forEach(function (result) {
      var item = element("li", "bank-search__item");
      var link = element("a", "bank-search__link");
      link.href = result.url;
      link.appendChild(element("span", "bank-search__title", result.meta.title || result.url));
      if (result.meta.status || result.meta.office) {
        var meta = element("span", "bank-search__facts");
        if (result.meta.status) meta.appendChild(element("span", "bank-badge", result.meta.status));
        if (result.meta.office) meta.appendChild(element("span", "bank-card__office", result.meta.office));
        link.appendChild(meta);
      }
      var excerpt = element("span", "bank-search__excerpt");
      excerpt.innerHTML = result.excerpt; // Pagefind escapes the text and adds only <mark>
      link.appendChild(excerpt);
      item.appendChild(link);
      list.appendChild(item);
    });
    output.appendChild(list);
    if (total > results.length) output.appendChild(element("p", "bank-search__meta", strings.more));
    output.hidden = false;
  }

  var latest = 0;
  function search() {
    var query = input.value.trim();
    var ticket = ++latest;
    if (!query) { render("", 0, []); return; }
    load().then(function (pf) {
      return pf.debouncedSearch(query, {}, 120);
    }).then(function (found) {
      if (found === null || ticket !== latest) return null;
      return Promise.all(found.results.slice(0, shown).map(function (r) { return r.data(); }))
        .then(function (data) { if (ticket === latest) render(query, found.results.length, data); });
    }).catch(function () {
      output.textContent = strings.failed;
      output.hidden = false;
    });
  }

  input.addEventListener("focus", load, { once: true });
  input.addEventListener("input", search);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    search();
  });
  document.addEventListener("keydown", function (event) {
    var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName);
    if (!typing && (event.key === "/" || event.key === "s") && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      input.focus();
    } else if (event.key === "Escape" && form.contains(document.activeElement)) {
      input.value = "";
      render("", 0, []);
      input.focus();
    } else if ((event.key === "ArrowDown" || event.key === "ArrowUp") && form.contains(document.activeElement)) {
      var links = Array.prototype.slice.call(output.querySelectorAll("a"));
      if (!links.length) return;
      event.preventDefault();
      var at = links.indexOf(document.activeElement);
      var next = event.key === "ArrowDown" ? Math.min(at + 1, links.length - 1) : at - 1;
      (next < 0 ? input : links[next]).focus();
    }
  });
})();
