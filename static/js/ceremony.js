/* The presenter view's slides (inlined into templates/ceremony/presenter.html, never linked).
   It makes no request of any kind: once the page is loaded the network may go.
   Keys: Space, Right arrow, Page Down: next; Left arrow, Page Up: previous; Home: first;
   End: last; N: the presenter's notes; F: full screen. A second window opened on #notes-list
   shows every category's notes and follows (and can drive) the slides through a
   BroadcastChannel, which stays inside the browser. */
(function () {
  "use strict";
  var root = document.documentElement;
  var deck = document.getElementById("deck");
  if (!deck) { return; }
  root.classList.add("js");
  var slides = Array.prototype.slice.call(deck.querySelectorAll(".slide"));
  var blocks = Array.prototype.slice.call(document.querySelectorAll(".notes-block"));
  var counter = document.getElementById("counter");
  var announcer = document.getElementById("announcer");
  var notesButton = document.querySelector("[data-action='notes']");
  var counterText = deck.getAttribute("data-counter") || "{number} / {total}";
  var notesMode = window.location.hash === "#notes-list";
  var channel = null;
  var current = -1;

  if ("BroadcastChannel" in window) {
    channel = new BroadcastChannel(deck.getAttribute("data-channel") || "wsis-ceremony");
  }
  if (notesMode) { root.classList.add("notes-mode"); }

  function counterLabel(index) {
    return counterText.replace("{number}", String(index + 1)).replace("{total}", String(slides.length));
  }

  function show(index, options) {
    var settings = options || {};
    var target = Math.max(0, Math.min(slides.length - 1, index));
    if (target === current && !settings.force) { return; }
    current = target;
    slides.forEach(function (slide, position) {
      slide.hidden = position !== target;
    });
    var number = target + 1;
    blocks.forEach(function (block) {
      var from = Number(block.getAttribute("data-from"));
      var to = Number(block.getAttribute("data-to"));
      block.classList.toggle("is-current", number >= from && number <= to);
    });
    counter.textContent = counterLabel(target);
    if (settings.announce) {
      // Slides fade in from the first step on (not at load: nothing moves until asked).
      root.classList.add("stepped");
      announcer.textContent = counterLabel(target) + ": " + (slides[target].getAttribute("data-label") || "");
    }
    if (notesMode) {
      var block = document.querySelector(".notes-block.is-current");
      if (block) { block.scrollIntoView({block: "start"}); }
    } else if (window.history && window.history.replaceState) {
      window.history.replaceState(null, "", "#slide-" + number);
    }
    if (channel && !settings.remote) { channel.postMessage({slide: target}); }
  }

  function step(delta) { show(current + delta, {announce: true}); }

  function toggleNotes() {
    if (notesMode) { return; }
    var open = root.classList.toggle("notes-open");
    if (notesButton) { notesButton.setAttribute("aria-expanded", open ? "true" : "false"); }
  }

  function toggleFullScreen() {
    var request = root.requestFullscreen;
    if (!request) { return; }
    var done = document.fullscreenElement ? document.exitFullscreen() : request.call(root);
    if (done && done.catch) { done.catch(function () { /* refused: stay as we are */ }); }
  }

  var KEYS = {
    " ": function () { step(1); },
    "Spacebar": function () { step(1); },
    "ArrowRight": function () { step(1); },
    "PageDown": function () { step(1); },
    "ArrowLeft": function () { step(-1); },
    "PageUp": function () { step(-1); },
    "Home": function () { show(0, {announce: true}); },
    "End": function () { show(slides.length - 1, {announce: true}); },
    "n": toggleNotes,
    "N": toggleNotes,
    "f": toggleFullScreen,
    "F": toggleFullScreen
  };

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.isComposing) { return; }
    var tag = event.target && event.target.tagName;
    // A focused button or link answers Space and Enter itself.
    if ((event.key === " " || event.key === "Enter") && (tag === "BUTTON" || tag === "A")) { return; }
    var action = KEYS[event.key];
    if (!action) { return; }
    event.preventDefault();
    action();
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-action]") : null;
    if (!button) { return; }
    var name = button.getAttribute("data-action");
    if (name === "next") { step(1); }
    if (name === "previous") { step(-1); }
    if (name === "notes") { toggleNotes(); }
    if (name === "fullscreen") { toggleFullScreen(); }
  });

  if (channel) {
    channel.onmessage = function (message) {
      var data = message.data || {};
      if (typeof data.slide === "number") { show(data.slide, {remote: true}); }
      // A notes window just opened asks where the slides are.
      if (data.ask && !notesMode) { channel.postMessage({slide: current}); }
    };
  }

  function fromHash() {
    var match = /^#slide-(\d+)$/.exec(window.location.hash);
    return match ? Number(match[1]) - 1 : 0;
  }

  window.addEventListener("hashchange", function () {
    notesMode = window.location.hash === "#notes-list";
    root.classList.toggle("notes-mode", notesMode);
    if (notesMode) {
      root.classList.remove("notes-open");
      show(current, {force: true, remote: true});
    } else {
      show(fromHash(), {announce: true});
    }
  });

  show(fromHash(), {force: true, remote: true});
  if (channel && notesMode) { channel.postMessage({ask: true}); }
  if (!notesMode) { deck.focus({preventScroll: true}); }
}());
