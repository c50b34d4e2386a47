/* The interactive network: the network's page and the local graph of an actor's or a place's page.
 *
 * The page holds a hidden <div data-netview>, its words (data-* attributes, in the site's language)
 * and its graph (a <script type="application/json">, written by the build). When WebGL works, this
 * script loads graphology and sigma.js (vendored in theme/static/vendor/, 62 kB gzipped) when they
 * are used: on the network's page when the reader presses its button, on an actor's page when the
 * neighbourhood comes into sight. Then it draws the graph, shows it and hides the static drawing
 * next to it. Otherwise the page stays as it is, with its static drawing and its table (the
 * accessible content: the canvas is aria-hidden).
 *
 * - Search (network's page): the actors and places whose name or alias holds the words typed,
 *   accents and case ignored, listed as links; the first is highlighted with its neighbours,
 *   a focused or hovered result too; Enter in the box opens the first one's page.
 * - Filters: by type (check boxes) and by event (its participants, its place, the actors cited
 *   in its articles); the local graph: depth 1 or 2.
 * - Hover or tap on a node: it and its neighbours stay, the others fade; a box under the graph
 *   names it, with a link to its page. A click (or a second tap) on a node opens its page.
 * Every text is set with textContent: no name from the data is ever read as HTML.
 */
(function () {
  "use strict";

  function fold(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function webgl() {
    try {
      var canvas = document.createElement("canvas");
      return !!(window.WebGLRenderingContext && (canvas.getContext("webgl2") || canvas.getContext("webgl")));
    } catch (error) {
      return false;
    }
  }

  function palette() {
    var style = getComputedStyle(document.documentElement);
    var read = function (name, fallback) { return style.getPropertyValue(name).trim() || fallback; };
    return {
      person: read("--person", "#b3261e"), organisation: read("--organisation", "#0c7153"),
      country: read("--country", "#6b3fb3"), place: read("--place", "#9a5200"),
      fg: read("--fg", "#1c1d1f"), bg: read("--bg", "#fbfaf7"), muted: read("--muted", "#50555c"),
      border: read("--border", "#d6d1c6")
    };
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) { return key in values ? values[key] : all; });
  }

  /* A hovered node's label: on a box of the page's background (sigma's own is always white). */
  function hoverDrawer(colours) {
    return function (context, data, settings) {
      var size = settings.labelSize, label = data.label;
      context.font = settings.labelWeight + " " + size + "px " + settings.labelFont;
      context.beginPath();
      context.arc(data.x, data.y, data.size + 3, 0, Math.PI * 2);
      context.fillStyle = colours.bg;
      context.fill();
      if (label) {
        var width = context.measureText(label).width + 8;
        context.fillRect(data.x + data.size + 2, data.y - size / 2 - 4, width, size + 8);
        context.fillStyle = colours.fg;
        context.fillText(label, data.x + data.size + 6, data.y + size / 3);
      }
    };
  }

  /* A node's label: right of it, or left of it on the left half of a local graph (its names face outwards),
     cut to 13 characters there (the graph is narrow). */
  /* A node's name: at its right. In a local graph, around its centre (`frame.x`, `frame.y`: where the page's
     entity is drawn), each name is written away from the centre, on the line from it through the node (over a
     node above it, at the left of a node on its left…), and only where it covers no other name or node and
     stays within the view (`frame.width`, `frame.height`; `frame.discs`: the boxes of the nodes drawn, worked
     out once a frame): a name left out is shown when its node is pointed at or tapped. Each name drawn is noted in
     `drawn` (its box, read by the browser tests). */
  function labelDrawer(colours, frame, drawn) {
    return function (context, data, settings) {
      if (!data.label) return;
      var size = settings.labelSize;
      context.font = settings.labelWeight + " " + size + "px " + settings.labelFont;
      context.fillStyle = colours.fg;
      if (frame.x === null) {
        context.fillText(data.label, data.x + data.size + 3, data.y + size / 3);
        return;
      }
      var label = data.label.length > 13 ? data.label.slice(0, 12).trim() + "…" : data.label;
      var width = context.measureText(label).width;
      var angle = Math.atan2(data.y - frame.y, data.x - frame.x), cos = Math.cos(angle), sin = Math.sin(angle);
      var x = data.x + (data.size + 4) * cos, y = data.y + (data.size + 4) * sin;
      var box = { label: data.label };
      box.left = cos > 0.35 ? x : cos < -0.35 ? x - width : x - width / 2;
      box.top = sin > 0.35 ? y : sin < -0.35 ? y - size : y - size / 2;
      box.right = box.left + width;
      box.bottom = box.top + size;
      if (box.left < 0 || box.top < 0 || box.right > frame.width || box.bottom > frame.height) return;
      if (drawn.some(function (other) { return overlap(box, other); })) return;
      if (frame.discs().some(function (disc) {
        return !(disc.x === data.x && disc.y === data.y) && overlap(box, disc);
      })) return;
      context.fillText(label, box.left, box.top + size * 0.8);
      drawn.push(box);
    };
  }

  /* Whether the boxes `a` and `b` overlap. */
  function overlap(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }

  function build(data, colours) {
    var Graph = window.graphology.UndirectedGraph || window.graphology;
    var graph = new Graph();
    data.nodes.forEach(function (node, index) {
      graph.addNode(String(index), {
        x: node.x, y: node.y, size: Math.max(3, node.size * (data.local ? 1 : 0.55)),
        label: data.local && index === 0 ? "" : node.label, // the page's own entity: its heading names it
        name: node.label, color: colours[node.type] || colours.muted,
        kind: node.type, url: node.url, depth: node.depth || 0,
        words: fold([node.label].concat(node.aliases || []).join(" | "))
      });
    });
    var strongest = data.edges.reduce(function (most, edge) { return Math.max(most, edge[2]); }, 1);
    data.edges.forEach(function (edge) {
      graph.addUndirectedEdge(String(edge[0]), String(edge[1]), {
        size: edge[2] ? 0.5 + 3 * edge[2] / strongest : 0.5, color: colours.border // 0: a link between two neighbours
      });
    });
    return graph;
  }

  /* The network's page: room on the right of the graph for the names of the nodes drawn at its right edge
     (written right of each node: room for about 90 px of a name), which would be cut off on a phone. */
  function roomForNames(graph, renderer, container) {
    var xs = [], ys = [];
    graph.forEachNode(function (node, attributes) { xs.push(attributes.x); ys.push(attributes.y); });
    var low = Math.min.apply(null, xs), high = Math.max.apply(null, xs);
    var bottom = Math.min.apply(null, ys), top = Math.max.apply(null, ys);
    if (!(high > low) || !(top > bottom)) return; // one node, or a line: sigma frames it itself
    var room = (high - low) * 90 / Math.max(container.clientWidth - 150, 150);
    renderer.setCustomBBox({ x: [low, high + room], y: [bottom, top] });
  }

  function start(root) {
    var script = root.querySelector("script.netview-data");
    var data = JSON.parse(script.textContent);
    if (!data || !data.nodes || !data.nodes.length) return;
    data.local = root.classList.contains("netview-local");
    var colours = palette();
    var graph = build(data, colours);
    var state = { hovered: null, selected: null, types: null, event: null, depth: 1, found: null };
    root.hidden = false;
    root.parentElement.classList.add("netview-on");
    var container = root.querySelector(".netview-canvas");
    var status = root.querySelector(".netview-status");
    var info = root.querySelector(".netview-info");

    function visible(node) {
      var attributes = graph.getNodeAttributes(node);
      if (data.local) return attributes.depth <= state.depth;
      if (state.types && !state.types[attributes.kind]) return false;
      return !state.event || state.event[node] === true;
    }

    function focus() {
      var node = state.hovered || state.selected;
      return node && visible(node) ? node : null;
    }

    // Of a local graph, worked out before each frame: where its entity is drawn, the view's size, the nodes drawn.
    var frame = { x: null, y: null, width: 0, height: 0, discs: null };
    var drawn = []; // the names drawn in the last frame (labelDrawer)
    var renderer = new window.Sigma(graph, container, {
      allowInvalidContainer: true,
      enableEdgeEvents: false,
      enableCameraZooming: !data.local,
      enableCameraPanning: !data.local,
      enableCameraRotation: false,
      labelColor: { color: colours.fg },
      labelFont: "system-ui, sans-serif",
      labelSize: 13,
      labelWeight: "600",
      labelRenderedSizeThreshold: data.local ? 6 : 5,
      labelDensity: data.local ? 1.5 : 0.6,
      labelGridCellSize: data.local ? 60 : 100,
      defaultDrawNodeHover: hoverDrawer(colours),
      defaultDrawNodeLabel: labelDrawer(colours, frame, drawn),
      zIndex: true,
      nodeReducer: function (node, attributes) {
        var shown = Object.assign({}, attributes);
        var centre = focus();
        if (!visible(node)) {
          shown.hidden = true;
        } else if (centre && node !== centre && !graph.areNeighbors(node, centre)) {
          shown.color = colours.border;
          shown.label = "";
          shown.zIndex = 0;
        } else if (centre) {
          shown.zIndex = node === centre ? 2 : 1;
          shown.highlighted = node === centre;
          shown.forceLabel = true;
        }
        return shown;
      },
      edgeReducer: function (edge, attributes) {
        var shown = Object.assign({}, attributes);
        var ends = graph.extremities(edge);
        var centre = focus();
        if (!visible(ends[0]) || !visible(ends[1]) || (centre && ends.indexOf(centre) < 0)) {
          shown.hidden = true;
        } else if (centre) {
          shown.color = colours.muted;
        }
        return shown;
      }
    });
    root.dossierNetwork = { graph: graph, renderer: renderer, labels: drawn }; // read by the browser tests
    if (!data.local) roomForNames(graph, renderer, container);
    renderer.on("beforeRender", function () {
      drawn.length = 0;
      if (data.local) {
        var point = renderer.graphToViewport(graph.getNodeAttributes("0")), known = null;
        frame.x = point.x;
        frame.y = point.y;
        frame.width = container.clientWidth;
        frame.height = container.clientHeight;
        frame.discs = function () { // once a frame, when its first name is drawn (the nodes' data are then the frame's)
          if (known === null) {
            known = [];
            graph.forEachNode(function (node) {
              var shown = renderer.getNodeDisplayData(node);
              if (!shown || shown.hidden) return;
              var at = renderer.framedGraphToViewport(shown), reach = renderer.scaleSize(shown.size) + 1;
              known.push({ x: at.x, y: at.y, left: at.x - reach, right: at.x + reach, top: at.y - reach, bottom: at.y + reach });
            });
          }
          return known;
        };
      }
    });

    function describe(node) {
      info.textContent = "";
      if (!node) return;
      var attributes = graph.getNodeAttributes(node);
      var link = element("a", "netview-open", fill(root.getAttribute("data-open"), { name: attributes.name }));
      link.href = attributes.url;
      info.appendChild(link);
      var others = graph.neighbors(node).filter(visible).sort(function (a, b) {
        return graph.getEdgeAttribute(graph.edge(node, b), "size") - graph.getEdgeAttribute(graph.edge(node, a), "size") || Number(a) - Number(b);
      }).slice(0, 8);
      if (others.length) {
        var line = element("p", "netview-neighbours", root.getAttribute("data-cited") + " ");
        others.forEach(function (other, index) {
          var to = element("a", null, graph.getNodeAttribute(other, "name"));
          to.href = graph.getNodeAttribute(other, "url");
          if (index) line.appendChild(document.createTextNode(", "));
          line.appendChild(to);
        });
        info.appendChild(line);
      }
    }

    function update() {
      if (data.local) { // the frame of the depth shown (its rings: 100 and 200 from the centre)
        var reach = state.depth > 1 ? 215 : 115, wide = state.depth > 1 ? 1.3 : 1.8; // room for the names
        renderer.setCustomBBox({ x: [-reach * wide, reach * wide], y: [-reach, reach] });
      }
      var shown = graph.filterNodes(visible).length;
      status.textContent = fill(root.getAttribute("data-shown"), { shown: shown, total: graph.order });
      renderer.refresh();
    }

    function select(node) {
      state.selected = node;
      describe(node && visible(node) ? node : null);
      renderer.refresh();
    }

    renderer.on("enterNode", function (event) {
      state.hovered = event.node;
      container.style.cursor = "pointer";
      describe(event.node);
      renderer.refresh();
    });
    renderer.on("leaveNode", function () {
      state.hovered = null;
      container.style.cursor = "";
      describe(state.selected);
      renderer.refresh();
    });
    renderer.on("clickNode", function (event) {
      var original = event.event && event.event.original;
      var touch = original && (original.type || "").indexOf("touch") === 0;
      if (touch && state.selected !== event.node) {
        select(event.node); // a first tap highlights; a second one opens
        return;
      }
      var url = graph.getNodeAttribute(event.node, "url");
      if (!(data.local && event.node === "0")) window.location.assign(url);
    });
    renderer.on("doubleClickNode", function (event) { // a quick second tap: it opens, it does not zoom
      if (event.preventSigmaDefault) event.preventSigmaDefault();
      if (!(data.local && event.node === "0")) window.location.assign(graph.getNodeAttribute(event.node, "url"));
    });
    renderer.on("clickStage", function () { select(null); });

    var depth = root.querySelector(".netview-depth");
    if (depth && !data.nodes.some(function (node) { return node.depth > 1; })) depth.hidden = true; // nothing further
    wireDepth(root, state, update);
    wireFilters(root, data, state, update, select);
    wireSearch(root, graph, state, select, visible);
    update();
  }

  function wireDepth(root, state, update) {
    root.querySelectorAll(".netview-depth input").forEach(function (input) {
      input.addEventListener("change", function () {
        state.depth = Number(input.value);
        update();
      });
    });
  }

  function wireFilters(root, data, state, update, select) {
    var boxes = root.querySelectorAll(".netview-types input");
    boxes.forEach(function (box) {
      box.addEventListener("change", function () {
        state.types = {};
        boxes.forEach(function (other) { state.types[other.value] = other.checked; });
        update();
        select(state.selected);
      });
    });
    var events = root.querySelector(".netview-event");
    if (events) {
      events.addEventListener("change", function () {
        var chosen = data.events[Number(events.value)];
        state.event = null;
        if (events.value !== "" && chosen) {
          state.event = {};
          chosen.nodes.forEach(function (index) { state.event[String(index)] = true; });
        }
        update();
        select(state.selected);
      });
    }
  }

  function wireSearch(root, graph, state, select, visible) {
    var input = root.querySelector(".netview-q");
    var list = root.querySelector(".netview-results");
    if (!input || !list) return;
    var found = [];

    function result(node) {
      var item = element("li");
      var link = element("a", null, graph.getNodeAttribute(node, "name"));
      link.href = graph.getNodeAttribute(node, "url");
      link.addEventListener("focus", function () { select(node); });
      link.addEventListener("mouseenter", function () { select(node); });
      item.appendChild(link);
      return item;
    }

    input.addEventListener("input", function () {
      var words = fold(input.value).trim().split(/\s+/).filter(Boolean);
      list.textContent = "";
      if (!words.length) {
        found = [];
        select(null);
        return;
      }
      found = graph.filterNodes(function (node, attributes) {
        return visible(node) && words.every(function (word) { return attributes.words.indexOf(word) >= 0; });
      }).slice(0, 8);
      if (!found.length) list.appendChild(element("li", "empty", root.getAttribute("data-none")));
      found.forEach(function (node) { list.appendChild(result(node)); });
      select(found.length ? found[0] : null);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && found.length) {
        event.preventDefault();
        window.location.assign(graph.getNodeAttribute(found[0], "url"));
      } else if (event.key === "ArrowDown" && found.length) {
        event.preventDefault();
        list.querySelector("a").focus();
      }
    });
  }

  var vendor = document.currentScript && document.currentScript.getAttribute("data-vendor");
  var libraries = null;

  function load(source) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = source;
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  /* graphology, then sigma.js (it reads graphology's classes), once. */
  function loadLibraries() {
    if (!libraries) {
      libraries = window.Sigma ? Promise.resolve() : load(vendor + "graphology.umd.min.js").then(function () {
        return load(vendor + "sigma.min.js");
      });
    }
    return libraries;
  }

  function launch(root) {
    return loadLibraries().then(function () {
      try {
        start(root);
        return true;
      } catch (error) {
        root.hidden = true; // the static drawing stays
        if (root.parentElement) root.parentElement.classList.remove("netview-on");
        return false;
      }
    }, function () { return false; });
  }

  /* The network's page: the view when the reader asks for it. */
  function offer(root, start) {
    var button = start.querySelector("button");
    start.hidden = false;
    button.addEventListener("click", function () {
      button.disabled = true;
      launch(root).then(function (started) {
        start.hidden = started;
        button.disabled = false;
        var search = root.querySelector(".netview-q");
        if (started && search) search.focus();
      });
    });
  }

  /* An actor's page: its local graph when its neighbourhood comes into sight. */
  function watch(root) {
    var section = root.parentElement;
    if (!window.IntersectionObserver) return;
    var observer = new IntersectionObserver(function (entries) {
      if (entries.some(function (entry) { return entry.isIntersecting; })) {
        observer.disconnect();
        launch(root);
      }
    }, { rootMargin: "200px" });
    observer.observe(section);
  }

  function prepare() {
    if (!vendor || !window.Promise || !webgl()) return;
    document.querySelectorAll("[data-netview]").forEach(function (root) {
      var start = root.parentElement.querySelector(".netview-start");
      if (start) offer(root, start);
      else watch(root);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", prepare);
  else prepare();
})();
