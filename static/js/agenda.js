// Agenda editor: in-place edits, drag-and-drop, the keyboard timeline, and what is announced.
//
// * Forms carry hx-post (htmx, static/vendor/htmx): the server answers with the day redrawn
//   and the outcome for the live region #agenda-status. Without script they post and redirect.
// * After a swap the focus goes to the first element named by the new day's data-focus
//   (ids separated by spaces), so a keyboard user keeps their place (e.g. on "Move up").
// * Drag and drop (SortableJS) sends the whole order as JSON, swaps in the day it gets back
//   and announces where the session went; no page reload, so the message stays.
// * Each timeline is one Tab stop: the arrow keys (and Home / End) move between its sessions,
//   Enter goes to the session in the list (roving tabindex).
// Loaded from /static (CSP: no inline script); the CSRF token comes from <meta name="csrf-token">.
"use strict";

(function () {
  const tokenMeta = document.querySelector('meta[name="csrf-token"]');
  const token = tokenMeta ? tokenMeta.content : "";

  function status() {
    return document.getElementById("agenda-status");
  }

  // What the page says, in its language: the live region's data-* attributes (edit.html).
  function words(kind, code) {
    const region = status();
    const text = (region && region.dataset[kind]) || "";
    return code === undefined ? text : text.split("{code}").join(String(code));
  }

  function say(message, isError) {
    const region = status();
    if (!region) return;
    const line = document.createElement("p");
    line.textContent = message;
    if (isError) line.className = "is-error";
    region.replaceChildren(line);
  }

  // Focus -------------------------------------------------------------------------------

  function restoreFocus(root) {
    const scope = root && root.querySelectorAll ? root : document;
    const holders = scope.matches && scope.matches("[data-focus]")
      ? [scope]
      : Array.from(scope.querySelectorAll("[data-focus]"));
    for (const holder of holders) {
      const ids = (holder.dataset.focus || "").split(/\s+/).filter(Boolean);
      holder.removeAttribute("data-focus");
      for (const id of ids) {
        const target = document.getElementById(id);
        if (target && target.getClientRects().length) {
          target.focus();
          return;
        }
      }
    }
  }

  // The timeline: one tab stop, arrow keys inside -------------------------------------------

  function initTimeline(figure) {
    if (figure.dataset.roving) return;
    figure.dataset.roving = "1";
    const links = Array.from(figure.querySelectorAll("svg a"));
    if (!links.length) return;
    links.forEach((link, index) => link.setAttribute("tabindex", index === 0 ? "0" : "-1"));

    function go(index) {
      const next = links[(index + links.length) % links.length];
      links.forEach((link) => link.setAttribute("tabindex", link === next ? "0" : "-1"));
      next.focus();
    }

    figure.addEventListener("keydown", (event) => {
      const index = links.indexOf(document.activeElement);
      if (index < 0) return;
      const moves = {
        ArrowRight: index + 1,
        ArrowDown: index + 1,
        ArrowLeft: index - 1,
        ArrowUp: index - 1,
        Home: 0,
        End: links.length - 1,
      };
      if (event.key in moves) {
        event.preventDefault();
        go(moves[event.key]);
      } else if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        goToSession(links[index]);
      }
    });
    figure.addEventListener("click", (event) => {
      const link = event.target.closest("a");
      if (link && links.includes(link)) {
        event.preventDefault();
        goToSession(link);
      }
    });
  }

  function goToSession(link) {
    const href = link.getAttribute("href") || "";
    const sid = href.startsWith("#session-") ? href.slice("#session-".length) : "";
    const item = sid && document.getElementById("session-" + sid);
    if (!item) return;
    item.scrollIntoView({ block: "center" });
    const edit = document.getElementById("edit-" + sid);
    if (edit) edit.focus();
  }

  // Drag and drop ------------------------------------------------------------------------

  function currentOrder(list) {
    return Array.from(list.children)
      .filter((item) => item.dataset.sid)
      .map((item) => item.dataset.sid);
  }

  function putBack(list, item, oldIndex) {
    const rest = Array.from(list.children).filter((other) => other !== item);
    list.insertBefore(item, rest[oldIndex] || null);
  }

  function swapDay(section, html) {
    const holder = document.createElement("div");
    holder.innerHTML = html.trim();
    const fresh = holder.querySelector("section.agenda-day");
    if (!fresh) return null;
    section.replaceWith(fresh);
    if (window.htmx) window.htmx.process(fresh);
    init(fresh);
    return fresh;
  }

  function initSortable(list) {
    if (typeof window.Sortable === "undefined" || list.dataset.sortable) return;
    list.dataset.sortable = "1";
    window.Sortable.create(list, {
      handle: ".drag-handle",
      draggable: "li[data-sid]",
      animation: 150,
      // Pointer events rather than native drag and drop: works the same with touch and mouse.
      forceFallback: true,
      onEnd: async (event) => {
        if (event.oldDraggableIndex === event.newDraggableIndex) return;
        say(words("saving"), false);
        list.setAttribute("aria-busy", "true");
        try {
          const response = await fetch(list.dataset.reorderUrl, {
            method: "POST",
            credentials: "same-origin",
            headers: {
              "Content-Type": "application/json",
              Accept: "application/json",
              "X-CSRFToken": token,
            },
            body: JSON.stringify({ order: currentOrder(list), moved: event.item.dataset.sid }),
          });
          const reply = await response.json().catch(() => ({}));
          if (!response.ok) {
            putBack(list, event.item, event.oldIndex);
            say(reply.error || words("notSaved"), true);
            return;
          }
          const section = list.closest("section.agenda-day");
          if (section && reply.html) swapDay(section, reply.html);
          say(reply.message || words("saved"), false);
        } catch (error) {
          putBack(list, event.item, event.oldIndex);
          say(words("noConnection"), true);
        } finally {
          list.removeAttribute("aria-busy");
        }
      },
    });
  }

  function init(root) {
    const scope = root || document;
    scope.querySelectorAll("figure[data-timeline]").forEach(initTimeline);
    scope.querySelectorAll("ol[data-reorder-url]").forEach(initSortable);
    if (scope.matches && scope.matches("ol[data-reorder-url]")) initSortable(scope);
  }

  document.addEventListener("DOMContentLoaded", () => {
    init(document);
    document.body.addEventListener("htmx:afterSettle", () => {
      init(document);
      restoreFocus(document);
    });
    document.body.addEventListener("htmx:sendError", () => {
      say(words("unreachable"), true);
    });
    document.body.addEventListener("htmx:responseError", (event) => {
      const code = event.detail && event.detail.xhr ? event.detail.xhr.status : "";
      say(words("serverAnswered", code), true);
    });
  });
})();
