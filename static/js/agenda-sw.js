/* The offline participant agenda (issue 22): a service worker whose scope is one agenda
   page (/a/<token> or /my/workshops/<uid>). It keeps a copy of that page and the files it
   uses, in a cache of its own, and nothing else: no other page, nobody else's data.

   - The page itself: the network first; the copy when there is no connection.
   - Its stylesheets and scripts (/static/): the copy first, refreshed from the network.
   - The page answers 404 or 410 (the link was revoked, the invitation withdrawn): the
     copy is deleted and the worker unregisters itself.
   - Signing out sends Clear-Site-Data, which removes the copy and the worker as well. */
"use strict";

var CACHE = "planner-agenda:" + self.registration.scope;
// The one sentence the worker says itself, in the page's language: the page registers the
// worker with it in the query string (English if it is missing).
var UNSAVED = new URL(self.location.href).searchParams.get("unsaved") ||
  "You are offline and this page was not saved yet.";
var PAGE = self.registration.scope;

function samePage(url) {
  var u = new URL(url);
  return u.origin + u.pathname === PAGE.replace(/[?#].*$/, "");
}

function forget() {
  return caches.delete(CACHE).then(function () { return self.registration.unregister(); });
}

function save(request, response) {
  if (!response || response.status !== 200 || response.type !== "basic") { return response; }
  var copy = response.clone();
  return caches.open(CACHE).then(function (cache) {
    return cache.put(request, copy);
  }).then(function () { return response; });
}

self.addEventListener("install", function () { self.skipWaiting(); });

self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});

/* The page lists its own files once it is open (it was fetched before the worker ran). */
self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type !== "keep-page") { return; }
  var urls = (data.files || []).filter(function (u) {
    var parsed = new URL(u, PAGE);
    return parsed.origin === self.location.origin && parsed.pathname.indexOf("/static/") === 0;
  });
  event.waitUntil(
    // Marked as the device's copy: the page then leaves a waiting message (e.g. "Thank you:
    // you are confirmed") for the person's own next view instead of taking it.
    fetch(PAGE, {
      credentials: "same-origin", cache: "no-store", headers: { "X-Offline-Copy": "1" }
    }).then(function (response) {
      if (response.status === 404 || response.status === 410) { return forget(); }
      return save(new Request(PAGE), response).then(function () {
        return caches.open(CACHE).then(function (cache) { return cache.addAll(urls); });
      });
    }).then(function () {
      if (event.source) { event.source.postMessage({ type: "page-kept" }); }
    }).catch(function () { /* offline: keep what is there */ })
  );
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.mode === "navigate") {
    if (!samePage(request.url)) { return; }
    event.respondWith(
      fetch(request).then(function (response) {
        if (response.status === 404 || response.status === 410) {
          return forget().then(function () { return response; });
        }
        return save(new Request(PAGE), response);
      }).catch(function () {
        return caches.open(CACHE).then(function (cache) {
          return cache.match(PAGE, { ignoreVary: true, ignoreSearch: true });
        }).then(function (hit) {
          return hit || new Response(UNSAVED, {
            status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" }
          });
        });
      })
    );
    return;
  }
  if (url.pathname.indexOf("/static/") !== 0) { return; }
  event.respondWith(
    caches.open(CACHE).then(function (cache) {
      return cache.match(request, { ignoreVary: true }).then(function (hit) {
        var fresh = fetch(request).then(function (response) {
          if (response.status === 200) { cache.put(request, response.clone()); }
          return response;
        });
        if (hit) {
          fresh.catch(function () { return null; });
          return hit;
        }
        return fresh;
      });
    })
  );
});
