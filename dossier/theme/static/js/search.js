/* Search page: results and filters from the Pagefind index the build writes.
 *
 * The page works without this script: its form sends ?q=… and the page links to
 * the indexes. With it, the script loads pagefind/pagefind.js relative to the
 * site's root (the script's data-root attribute, written from SITEURL, so the
 * site works under a sub-path), reads ?q= and the filters from the address,
 * searches as the reader types, and keeps the address in step (replaceState).
 * Nothing from the index is inserted as HTML: excerpts are rebuilt as text and
 * <mark> elements only. Its words are in the page's data-words, which the build
 * writes in the site's language from the theme's catalogs (the filters' names
 * and values are those the templates write in data-pagefind-filter); the
 * singular or the plural is chosen by the language's rules (Intl.PluralRules).
 * The index is made of bundles (the script's data-bundles attribute lists them):
 * pagefind/, pagefind-<lang>/ for the articles in another language than the
 * site's, stemmed by that language's rules, and, in a large dossier, the shares
 * of a language's articles (pagefind-<lang>-<n>/), so that an article added has
 * only its share indexed again. Each bundle is a separate Pagefind instance (its
 * module imported from its own address), and their results are merged by score.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var form = document.getElementById("recherche-form");
  var input = document.getElementById("recherche-q");
  var app = document.getElementById("recherche-app");
  var fallback = document.getElementById("recherche-sans-js");
  var fallbackMessage = document.getElementById("recherche-sans-js-message");
  var filtersBox = document.getElementById("recherche-filtres");
  var statusLine = document.getElementById("recherche-statut");
  var list = document.getElementById("recherche-resultats");
  var more = document.getElementById("recherche-plus");
  if (!script || !form || !input || !app || !list || !window.Intl) return;

  var root = new URL(script.getAttribute("data-root") || "../../", script.src || document.baseURI);
  var PAGE = 10;
  // The page's words, in its language: written by the build from the theme's catalogs (data-words).
  var T = JSON.parse(app.getAttribute("data-words") || "{}");
  var language = (document.documentElement.lang || "").split("-")[0].toLowerCase();
  var plurals = new Intl.PluralRules(language || undefined);
  var FILTERS = T.filters || [];
  var KIND_CLASSES = T.kinds || {};
  var baseTitle = document.title;
  var pagefind = null;
  var current = [];   // results of the latest search
  var shown = 0;      // how many of them are in the list
  var generation = 0; // to drop the answers of searches overtaken by newer ones
  var timer = null;

  /* A message of T with its {name} parts filled from `values`. */
  function words(text, values) {
    return (text || "").replace(/\{(\w+)\}/g, function (all, name) { return values[name]; });
  }

  function plural(n, forms) {
    return words(forms[plurals.select(n) === "one" ? 0 : 1], { n: n });
  }

  /* "3 results for “kim” with these filters.", "No results for “kim”. Try another word, or fewer filters." */
  function status(n, query, filtered) {
    var found = n ? plural(n, T.results) : T.none;
    if (query) found = words(T.query, { results: found, q: query });
    if (filtered) found = words(T.filtered, { results: found });
    return n ? found + "." : found + ". " + T.retry;
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }

  /* An excerpt from Pagefind is escaped text with <mark> around the words found:
     rebuild it from text nodes and marks, so that no markup from the index runs. */
  function excerptNodes(html) {
    var parsed = new DOMParser().parseFromString("<body>" + html + "</body>", "text/html");
    var fragment = document.createDocumentFragment();
    parsed.body.childNodes.forEach(function (node) {
      if (node.nodeType === 1 && node.nodeName === "MARK") {
        fragment.appendChild(el("mark", null, node.textContent));
      } else {
        fragment.appendChild(document.createTextNode(node.textContent));
      }
    });
    return fragment;
  }

  function first(values) {
    return values && values.length ? values[0] : "";
  }

  function selectedFilters() {
    var selected = {};
    FILTERS.forEach(function (filter) {
      var boxes = filtersBox.querySelectorAll('input[data-filter="' + filter.key + '"]:checked');
      var values = Array.prototype.map.call(boxes, function (box) { return box.value; });
      if (values.length) selected[filter.key] = values;
    });
    return selected;
  }

  function sortedValues(filter, counts) {
    var values = Object.keys(counts);
    if (filter.order) {
      return filter.order.filter(function (v) { return values.indexOf(v) !== -1; })
        .concat(values.filter(function (v) { return filter.order.indexOf(v) === -1; }).sort());
    }
    return values.sort(function (a, b) {
      if (a === filter.last) return 1;
      if (b === filter.last) return -1;
      return a.localeCompare(b, language || "en");
    });
  }

  function renderFilters(all, wanted) {
    FILTERS.forEach(function (filter, index) {
      var counts = all[filter.key];
      if (!counts || !Object.keys(counts).length) return;
      var fieldset = el("fieldset", "search-filter");
      fieldset.appendChild(el("legend", null, filter.legend));
      var items = el("ul", "search-filter-values");
      sortedValues(filter, counts).forEach(function (value, position) {
        var id = "filtre-" + index + "-" + position;
        var item = el("li");
        var box = el("input");
        box.type = "checkbox";
        box.id = id;
        box.value = value;
        box.setAttribute("data-filter", filter.key);
        box.checked = (wanted[filter.key] || []).indexOf(value) !== -1;
        var label = el("label");
        label.htmlFor = id;
        label.appendChild(document.createTextNode(value + " "));
        var count = el("span", "count", "(" + counts[value] + ")");
        count.setAttribute("data-count-for", value);
        label.appendChild(count);
        item.appendChild(box);
        item.appendChild(label);
        items.appendChild(item);
      });
      fieldset.appendChild(items);
      fieldset.setAttribute("data-filter-key", filter.key);
      filtersBox.appendChild(fieldset);
    });
  }

  function updateCounts(counts) {
    if (!counts) return;
    FILTERS.forEach(function (filter) {
      var fieldset = filtersBox.querySelector('[data-filter-key="' + filter.key + '"]');
      if (!fieldset) return;
      fieldset.querySelectorAll("[data-count-for]").forEach(function (span) {
        var value = span.getAttribute("data-count-for");
        var n = counts[filter.key] && counts[filter.key][value];
        span.textContent = "(" + (n || 0) + ")";
      });
    });
  }

  function writeAddress(query, filters) {
    var params = new URLSearchParams();
    if (query) params.set("q", query);
    Object.keys(filters).forEach(function (key) {
      filters[key].forEach(function (value) { params.append(key, value); });
    });
    var search = params.toString();
    history.replaceState(null, "", search ? "?" + search : location.pathname);
    document.title = query ? words(T.title, { q: query, title: baseTitle }) : baseTitle;
  }

  function resultItem(data) {
    var meta = data.meta || {};
    var filters = data.filters || {};
    var kind = meta.nature || first(filters[FILTERS[0].key]) || "Page";
    var item = el("li", "search-result");
    var head = el("p", "search-result-kind");
    var badge = el("span", "type-badge type-" + (KIND_CLASSES[kind] || "article"), kind);
    head.appendChild(badge);
    var details = [];
    if (first(filters[FILTERS[1].key])) details.push(first(filters[FILTERS[1].key]));
    if (meta.date) details.push(meta.date);
    if (details.length) head.appendChild(el("span", "meta", " " + details.join(" · ")));
    var title = el("h3", "search-result-title");
    var link = el("a", null, meta.title || data.url);
    link.href = data.url;
    title.appendChild(link);
    item.appendChild(title);
    item.appendChild(head);
    if (data.excerpt) {
      var excerpt = el("p", "search-result-excerpt");
      excerpt.appendChild(excerptNodes(data.excerpt));
      item.appendChild(excerpt);
    }
    return item;
  }

  function showMore(focusFirst) {
    var mine = generation;
    var slice = current.slice(shown, shown + PAGE);
    shown += slice.length;
    return Promise.all(slice.map(function (result) { return result.data(); })).then(function (datas) {
      if (mine !== generation) return;
      var firstLink = null;
      datas.forEach(function (data) {
        var item = resultItem(data);
        if (!firstLink) firstLink = item.querySelector("a");
        list.appendChild(item);
      });
      more.hidden = shown >= current.length;
      if (focusFirst && firstLink) firstLink.focus();
    });
  }

  function run() {
    clearTimeout(timer);
    var query = input.value.trim();
    var filters = selectedFilters();
    writeAddress(query, filters);
    var mine = ++generation;
    if (!query && !Object.keys(filters).length) {
      current = [];
      shown = 0;
      list.replaceChildren();
      more.hidden = true;
      statusLine.textContent = "";
      pagefind.filters().then(function (all) { if (mine === generation) updateCounts(all); });
      return;
    }
    var options = { filters: {} };
    Object.keys(filters).forEach(function (key) { options.filters[key] = { any: filters[key] }; });
    pagefind.search(query || null, options).then(function (search) {
      if (mine !== generation || !search) return;
      current = search.results;
      shown = 0;
      list.replaceChildren();
      updateCounts(search.filters);
      statusLine.textContent = status(current.length, query, Object.keys(filters).length > 0);
      return showMore(false);
    }).catch(function () {
      if (mine === generation) statusLine.textContent = T.failed;
    });
  }

  function start(module) {
    pagefind = module;
    return pagefind.options({ excerptLength: 24 })
      .then(function () { return pagefind.init(); })
      .then(function () { return pagefind.filters(); })
      .then(function (all) {
        var params = new URLSearchParams(location.search);
        var wanted = {};
        FILTERS.forEach(function (filter) { wanted[filter.key] = params.getAll(filter.key); });
        renderFilters(all || {}, wanted);
        input.value = params.get("q") || "";
        fallback.hidden = true;
        app.hidden = false;
        form.addEventListener("submit", function (event) {
          event.preventDefault();
          run();
        });
        input.addEventListener("input", function () {
          clearTimeout(timer);
          timer = setTimeout(run, 200);
        });
        filtersBox.addEventListener("change", run);
        more.addEventListener("click", function () { showMore(true); });
        if (input.value || Object.keys(wanted).some(function (k) { return wanted[k].length; })) run();
      });
  }

  /* Filter counts of several instances, added up: {filter: {value: count}}. */
  function addCounts(all) {
    var sum = {};
    all.forEach(function (counts) {
      Object.keys(counts || {}).forEach(function (name) {
        sum[name] = sum[name] || {};
        Object.keys(counts[name]).forEach(function (value) {
          sum[name][value] = (sum[name][value] || 0) + counts[name][value];
        });
      });
    });
    return sum;
  }

  /* One object that searches several Pagefind instances as Pagefind searches one. */
  function combined(modules) {
    function each(call) {
      return Promise.all(modules.map(call));
    }
    return {
      options: function (o) { return each(function (m) { return m.options(o); }); },
      init: function () { return each(function (m) { return m.init(); }); },
      filters: function () { return each(function (m) { return m.filters(); }).then(addCounts); },
      search: function (query, options) {
        return each(function (m) { return m.search(query, options); }).then(function (answers) {
          if (answers.some(function (answer) { return !answer; })) return null; // overtaken by a newer search
          var results = [];
          answers.forEach(function (answer) { results = results.concat(answer.results); });
          results.sort(function (a, b) { return b.score - a.score; }); // stable: ties keep their order
          return { results: results, filters: addCounts(answers.map(function (a) { return a.filters; })) };
        });
      },
    };
  }

  var bundles = (script.getAttribute("data-bundles") || "pagefind").split(/\s+/).filter(Boolean);
  Promise.all(bundles.map(function (bundle) {
    // A bundle that cannot load leaves the others' search working.
    return import(new URL(bundle + "/pagefind.js", root).href).catch(function () { return null; });
  }))
    .then(function (modules) {
      var loaded = modules.filter(Boolean);
      if (!loaded.length) throw new Error("no search index");
      return start(loaded.length > 1 ? combined(loaded) : loaded[0]);
    })
    .catch(function () {
      if (fallbackMessage) {
        fallbackMessage.textContent = T.missing;
      }
    });
})();
