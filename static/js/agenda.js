// Agenda editor: drag-and-drop reordering of a day's sessions with SortableJS.
// The Move up / Move down forms remain the keyboard and no-JavaScript way to reorder.
// Loaded from /static (CSP: no inline script); the CSRF token comes from <meta name="csrf-token">.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  if (typeof window.Sortable === "undefined") return;
  const tokenMeta = document.querySelector('meta[name="csrf-token"]');
  const token = tokenMeta ? tokenMeta.content : "";
  const status = document.getElementById("agenda-status");

  function say(message, isError) {
    if (!status) return;
    status.textContent = message;
    status.classList.toggle("is-error", Boolean(isError));
    if (isError) status.setAttribute("role", "alert");
  }

  function currentOrder(list) {
    return Array.from(list.children)
      .filter((item) => item.dataset.sid)
      .map((item) => item.dataset.sid);
  }

  function putBack(list, item, oldIndex) {
    const rest = Array.from(list.children).filter((other) => other !== item);
    list.insertBefore(item, rest[oldIndex] || null);
  }

  function showTimes(list, sessions) {
    for (const session of sessions) {
      const item = list.querySelector(`[data-sid="${CSS.escape(session.uid)}"]`);
      if (!item) continue;
      item.querySelector("time.start").textContent = session.start;
      item.querySelector("time.end").textContent = session.end;
      const version = item.querySelector('input[name="version"]');
      if (version) version.value = session.version;
    }
  }

  for (const list of document.querySelectorAll("ol[data-reorder-url]")) {
    window.Sortable.create(list, {
      handle: ".drag-handle",
      draggable: "li[data-sid]",
      animation: 150,
      // Pointer events rather than native drag and drop: works the same with touch and mouse.
      forceFallback: true,
      onEnd: async (event) => {
        if (event.oldIndex === event.newIndex) return;
        say("Saving the new order…", false);
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
            body: JSON.stringify({ order: currentOrder(list) }),
          });
          const reply = await response.json().catch(() => ({}));
          if (!response.ok) {
            putBack(list, event.item, event.oldIndex);
            say(reply.error || "The new order could not be saved.", true);
            return;
          }
          showTimes(list, reply.sessions || []);
          say("New order saved; start times updated.", false);
          // The day's timeline picture is drawn on the server: fetch the page again for it.
          window.location.reload();
        } catch (error) {
          putBack(list, event.item, event.oldIndex);
          say("The new order could not be saved (no connection?). Nothing changed.", true);
        } finally {
          list.removeAttribute("aria-busy");
        }
      },
    });
  }
});
