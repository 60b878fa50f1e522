// Exports: a visible "Preparing…" state while a PDF or Word file renders (issue 17, item 5).
//
// Progressive: each link with data-prepare is a plain download link and works without
// script. With script, a click fetches the file, says "Preparing …" in the group's live
// region and on the link (aria-busy), then saves it under the server's file name. A refusal
// (a redirect with a message) shows the page again with that message; any other answer that
// is not a file (an error page) falls back to the plain link, so the person sees what the
// server says.
(() => {
  "use strict";

  function fileName(response, fallback) {
    const header = response.headers.get("Content-Disposition") || "";
    const encoded = /filename\*=UTF-8''([^;]+)/i.exec(header);
    if (encoded) {
      try {
        return decodeURIComponent(encoded[1]);
      } catch (error) {
        // A malformed name: use the plain one below.
      }
    }
    const plain = /filename="?([^";]+)"?/i.exec(header);
    return plain ? plain[1] : fallback;
  }

  function statusFor(link) {
    const group = link.closest(".export-group, section, nav") || document.body;
    return group.querySelector("[data-export-status]");
  }

  function say(status, text) {
    if (status) status.textContent = text;
  }

  // The status's words come from the page, in its language (data-preparing, data-ready,
  // with {label} where the file's name goes).
  function words(status, kind, label) {
    const text = status && status.dataset[kind];
    return text ? text.split("{label}").join(label) : "";
  }

  function save(blob, name) {
    const url = URL.createObjectURL(blob);
    const anchor = document.createElement("a");
    anchor.href = url;
    anchor.download = name;
    anchor.hidden = true;
    document.body.appendChild(anchor);
    anchor.click();
    anchor.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  async function prepare(link) {
    const label = link.dataset.prepare;
    const status = statusFor(link);
    link.setAttribute("aria-busy", "true");
    link.classList.add("is-preparing");
    say(status, words(status, "preparing", label));
    try {
      const response = await fetch(link.href, { credentials: "same-origin", redirect: "manual" });
      const type = response.headers.get("Content-Type") || "";
      if (response.type === "opaqueredirect") {
        // A refusal (e.g. nothing published yet): the server has put its message in the
        // session; showing this page again shows it, once.
        say(status, "");
        window.location.reload();
        return;
      }
      if (!response.ok || type.startsWith("text/html")) {
        say(status, "");
        window.location.assign(link.href);
        return;
      }
      const blob = await response.blob();
      save(blob, fileName(response, label));
      say(status, words(status, "ready", label));
    } catch (error) {
      say(status, "");
      window.location.assign(link.href);
    } finally {
      link.removeAttribute("aria-busy");
      link.classList.remove("is-preparing");
    }
  }

  document.addEventListener("click", (event) => {
    const link = event.target.closest("a[data-prepare]");
    if (!link || event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    if (!window.fetch || !window.URL || !URL.createObjectURL) return;
    event.preventDefault();
    if (link.getAttribute("aria-busy") === "true") return; // already preparing
    prepare(link);
  });
})();
