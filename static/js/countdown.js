// Live countdown for elements with data-deadline (an ISO 8601 instant). The server renders the
// same text, so without JavaScript the page still says how much time is left at load time.
// The ticking element carries aria-live="off": screen readers read it once, not every second.
(function () {
  "use strict";
  var UNITS = [["day", 86400], ["hour", 3600], ["minute", 60], ["second", 1]];
  var lang = document.documentElement.lang || "en";
  if (lang === "en") { lang = "en-GB"; }

  function unitText(amount, unit) {
    try {
      return new Intl.NumberFormat(lang, { style: "unit", unit: unit, unitDisplay: "long" }).format(amount);
    } catch (e) {
      return amount + " " + unit + (amount === 1 ? "" : "s");
    }
  }

  function joinParts(parts) {
    if (typeof Intl.ListFormat === "function") {
      return new Intl.ListFormat(lang, { style: "long", type: "conjunction" }).format(parts);
    }
    return parts.join(", ");
  }

  function remainingText(seconds) {
    var amounts = [];
    UNITS.forEach(function (pair) {
      var amount = Math.floor(seconds / pair[1]);
      seconds -= amount * pair[1];
      if (amount || amounts.length) { amounts.push([pair[0], amount]); }
    });
    var parts = amounts.slice(0, 2).filter(function (a) { return a[1] > 0; })
      .map(function (a) { return unitText(a[1], a[0]); });
    return joinParts(parts.length ? parts : [unitText(0, "second")]);
  }

  function tick(element, deadline) {
    var seconds = Math.floor((deadline - Date.now()) / 1000);
    if (seconds <= 0) {
      element.textContent = element.getAttribute("data-expired") || remainingText(0);
      return false;
    }
    element.textContent = remainingText(seconds);
    return true;
  }

  function start(element) {
    var deadline = Date.parse(element.getAttribute("data-deadline"));
    if (isNaN(deadline)) { return; }
    if (!tick(element, deadline)) { return; }
    var timer = window.setInterval(function () {
      if (!tick(element, deadline)) { window.clearInterval(timer); }
    }, 1000);
  }

  document.querySelectorAll("[data-deadline]").forEach(start);
})();
