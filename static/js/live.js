/* The run sheet's countdowns: they tick in the browser, so they keep running without a
   connection. The page says which moment it was shown for (data-now, an instant); the
   countdowns run from that moment at the browser's pace, so a sheet shown for another
   moment (?at=) counts down from there too. */
(function () {
  "use strict";
  var sheet = document.querySelector("[data-now]");
  if (!sheet) { return; }
  var shownFor = Date.parse(sheet.getAttribute("data-now"));
  var loadedAt = Date.now();
  var clock = document.querySelector("[data-live-clock]");
  var counters = Array.prototype.slice.call(document.querySelectorAll("[data-countdown]"));

  function now() { return shownFor + (Date.now() - loadedAt); }

  /* The words come from the page, in its language ({time} where the time goes). */
  function words(kind, time) {
    var text = sheet.getAttribute("data-text-" + kind) || "";
    return text.split("{time}").join(time || "");
  }

  function two(n) { return (n < 10 ? "0" : "") + n; }

  function span(ms) {
    var total = Math.round(Math.abs(ms) / 1000);
    var h = Math.floor(total / 3600), m = Math.floor((total % 3600) / 60), s = total % 60;
    return (h ? h + ":" + two(m) : String(m)) + ":" + two(s);
  }

  function tick() {
    var t = now();
    counters.forEach(function (el) {
      var ends = Date.parse(el.getAttribute("data-ends"));
      var text = el.querySelector("[data-countdown-text]") || el;
      var left = ends - t;
      if (el.getAttribute("data-countdown-kind") === "starts") {
        text.textContent = left > 0 ? words("in", span(left)) : words("starting");
        return;
      }
      el.classList.toggle("overrun", left < 0);
      text.textContent = left >= 0 ? words("left", span(left)) : words("over", span(left));
    });
    if (clock && clock.getAttribute("datetime")) {
      /* The wall-clock time in the workshop's zone: the time shown plus what has passed. */
      var shown = clock.getAttribute("datetime").split("T")[1].split(":");
      var minutes = parseInt(shown[0], 10) * 60 + parseInt(shown[1], 10) +
        Math.floor((Date.now() - loadedAt) / 60000);
      minutes = minutes % 1440;
      clock.textContent = two(Math.floor(minutes / 60)) + ":" + two(minutes % 60);
    }
  }

  tick();
  window.setInterval(tick, 1000);
}());
