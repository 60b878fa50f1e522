/* The participant agenda keeps working offline once opened (issue 22): it registers the
   agenda worker (/agenda-sw.js) for this page alone, and asks it to keep this page and the
   files it uses. It also says whether the page is the copy saved on this device, in the
   page's language: the words come from the status element's data-offline-text and
   data-saved-text, which the template writes (English if they are missing). */
(function () {
  "use strict";
  var script = document.currentScript;
  var status = document.querySelector("[data-offline-status]");
  function say(text) { if (status) { status.textContent = text; } }
  function words(name, english) {
    return (status && status.getAttribute(name)) || english;
  }

  function update() {
    if (!navigator.onLine) {
      say(words("data-offline-text", "You are offline: this is the copy saved on this device."));
    }
  }
  window.addEventListener("offline", update);
  window.addEventListener("online", function () { say(""); });
  update();

  if (!("serviceWorker" in navigator) || !script) { return; }
  navigator.serviceWorker.startMessages();
  var worker = script.getAttribute("data-worker");
  var scope = window.location.pathname;
  var files = Array.prototype.map.call(
    document.querySelectorAll("link[rel=stylesheet][href], script[src]"),
    function (el) { return el.href || el.src; }
  );
  navigator.serviceWorker.register(worker, { scope: scope }).then(function (registration) {
    var active = registration.active || registration.waiting || registration.installing;
    function ask(w) { w.postMessage({ type: "keep-page", files: files }); }
    if (registration.active) { ask(registration.active); return; }
    active.addEventListener("statechange", function () {
      if (active.state === "activated") { ask(active); }
    });
  }).catch(function () { /* no worker (e.g. a private window): the page still works online */ });

  navigator.serviceWorker.addEventListener("message", function (event) {
    if (event.data && event.data.type === "page-kept") {
      document.documentElement.setAttribute("data-offline-ready", "true");
      if (navigator.onLine) {
        say(words("data-saved-text", "Saved on this device: this page opens without a connection."));
      }
    }
  });
}());
