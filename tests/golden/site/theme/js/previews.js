/* Preview cards: hovering or focusing a link to an actor, a place or an event
 * shows a short card (name, type, description, number of mentions).
 *
 * Without this script the links are plain links. The data, previews.json, is
 * written by the build at the site's root and fetched once, on first use,
 * relative to the root given by the script's data-root attribute (SITEURL), so
 * the site works under a sub-path.
 *
 * - Mouse: the card appears after a short delay and stays while the pointer is
 *   on the link or on the card (so it can be read and its text selected).
 * - Keyboard: it appears when the link gets keyboard focus (:focus-visible)
 *   and goes when focus leaves; Escape closes it. It never takes focus.
 * - Touch: no card; a tap follows the link at once, as without the script.
 * The card is role="tooltip", referenced by aria-describedby on the link while
 * shown; it is placed below the link (above when there is no room), never on it.
 * A link has a card when previews.json has an entry of its address (the addresses
 * of actors, places and events depend on the site's settings). Every word of a card
 * comes from previews.json, which the build writes in the site's language.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || location.protocol === "file:" || !window.fetch) return;
  var root = new URL(script.getAttribute("data-root") || "../../", script.src || document.baseURI);
  // The address of an actor's, a place's or an event's page: a folder (never articles/) and an id.
  var PAGE_PATH = /^(?!articles\/)(?:[^\/]+\/)+[a-z0-9]+(?:-[a-z0-9]+)*\/$/;
  var SHOW_DELAY = 300;
  var HIDE_DELAY = 200;
  var GAP = 6;
  var MARGIN = 8;

  var data = null;     // promise of the previews by page address, once asked for
  var card = null;     // the one card element, created on first use
  var owner = null;    // the link the card describes
  var dismissed = null; // the link whose card Escape closed
  var showTimer = null;
  var hideTimer = null;

  function load() {
    if (!data) {
      data = fetch(new URL("previews.json", root).href, { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : {}; })
        .catch(function () { return {}; })
        .then(function (previews) {
          var byPath = {};
          Object.keys(previews).forEach(function (id) {
            if (previews[id] && previews[id].url) byPath[previews[id].url] = previews[id];
          });
          return byPath;
        });
    }
    return data;
  }

  /* The address (from the site's root) an HTML <a> points to, when it may be an entity
     or event page of this site (links inside SVG drawings keep their own behaviour). */
  function targetPath(link) {
    if (!(link instanceof HTMLAnchorElement) || !link.href || link.closest(".preview-card")) return null;
    var url = new URL(link.href, document.baseURI);
    if (url.origin !== root.origin || url.pathname.indexOf(root.pathname) !== 0) return null;
    if (url.pathname === location.pathname) return null; // the page the reader is on
    var path = decodeURI(url.pathname.slice(root.pathname.length));
    return PAGE_PATH.test(path) ? path : null;
  }

  function linkFrom(target) {
    return target && target.closest ? target.closest("a[href]") : null;
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }

  function ensureCard() {
    if (card) return card;
    card = element("div", "preview-card");
    card.id = "apercu-fiche";
    card.setAttribute("role", "tooltip");
    card.hidden = true;
    card.addEventListener("pointerenter", function () { clearTimeout(hideTimer); });
    card.addEventListener("pointerleave", function (event) {
      if (event.relatedTarget && owner && owner.contains(event.relatedTarget)) return;
      scheduleHide();
    });
    document.body.appendChild(card);
    return card;
  }

  function fill(entry) {
    var box = ensureCard();
    box.replaceChildren();
    box.className = "preview-card type-" + (entry.type || "event");
    var head = element("p", "preview-kind");
    head.appendChild(element("span", "type-badge type-" + (entry.type || "event"), entry.type_label || ""));
    if (entry.date) head.appendChild(element("span", "preview-date", " " + entry.date));
    box.appendChild(head);
    box.appendChild(element("p", "preview-name", entry.name || ""));
    if (entry.description) box.appendChild(element("p", "preview-description", entry.description));
    if (entry.count) box.appendChild(element("p", "preview-count", entry.count));
  }

  function place(link) {
    var rects = link.getClientRects();
    var rect = rects.length ? rects[0] : link.getBoundingClientRect();
    var viewportWidth = document.documentElement.clientWidth;
    var viewportHeight = window.innerHeight;
    card.style.left = "0px";
    card.style.top = "0px";
    var width = card.offsetWidth;
    var height = card.offsetHeight;
    var left = Math.min(Math.max(rect.left, MARGIN), Math.max(MARGIN, viewportWidth - width - MARGIN));
    var below = rect.bottom + GAP;
    var above = rect.top - GAP - height;
    var top = below + height <= viewportHeight - MARGIN || above < MARGIN ? below : above;
    card.style.left = Math.round(left + window.scrollX) + "px";
    card.style.top = Math.round(top + window.scrollY) + "px";
  }

  function show(link) {
    var path = targetPath(link);
    if (!path || link === dismissed) return;
    load().then(function (previews) {
      var entry = Object.prototype.hasOwnProperty.call(previews, path) ? previews[path] : null;
      if (!entry || !link.isConnected) return;
      clearTimeout(hideTimer);
      if (owner && owner !== link) detach();
      fill(entry);
      owner = link;
      card.hidden = false;
      place(link);
      addDescription(link);
    });
  }

  function addDescription(link) {
    var ids = (link.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
    if (ids.indexOf(card.id) === -1) ids.push(card.id);
    link.setAttribute("aria-describedby", ids.join(" "));
  }

  function detach() {
    if (!owner) return;
    var ids = (owner.getAttribute("aria-describedby") || "").split(/\s+/).filter(function (value) {
      return value && value !== card.id;
    });
    if (ids.length) owner.setAttribute("aria-describedby", ids.join(" "));
    else owner.removeAttribute("aria-describedby");
    owner = null;
  }

  function hide() {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    if (!card) return;
    detach();
    card.hidden = true;
  }

  function scheduleShow(link) {
    clearTimeout(showTimer);
    showTimer = setTimeout(function () { show(link); }, SHOW_DELAY);
  }

  function scheduleHide() {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, HIDE_DELAY);
  }

  document.addEventListener("pointerover", function (event) {
    if (event.pointerType === "touch") return; // a tap follows the link, nothing in its way
    var link = linkFrom(event.target);
    if (!link || !targetPath(link)) return;
    if (link === owner) {
      clearTimeout(hideTimer);
      return;
    }
    load(); // start fetching while the reader aims
    scheduleShow(link);
  });

  document.addEventListener("pointerout", function (event) {
    var link = linkFrom(event.target);
    if (!link || !targetPath(link)) return;
    var to = event.relatedTarget;
    if (to && (link.contains(to) || (card && card.contains(to)))) return;
    if (link === dismissed) dismissed = null;
    if (link === owner) scheduleHide();
    else clearTimeout(showTimer);
  });

  document.addEventListener("focusin", function (event) {
    var link = linkFrom(event.target);
    if (!link || !targetPath(link)) return;
    var keyboard = true;
    try {
      keyboard = link.matches(":focus-visible");
    } catch (error) {
      keyboard = true; // a browser without :focus-visible
    }
    if (keyboard) {
      clearTimeout(showTimer);
      show(link);
    }
  });

  document.addEventListener("focusout", function (event) {
    var link = linkFrom(event.target);
    if (link && link === dismissed) dismissed = null;
    if (link && link === owner) hide();
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !card || card.hidden) return;
    dismissed = owner;
    hide();
  });

  document.addEventListener("click", function (event) {
    if (linkFrom(event.target) === owner) hide();
  });

  window.addEventListener("resize", hide);
})();
