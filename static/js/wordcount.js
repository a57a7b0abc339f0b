/*
 * Live word count next to textareas marked data-wordcount="<id of the count element>".
 *
 * The counting rule is the server's (awards/submissions/rules.py, count_words): a word is a
 * run of Unicode letters, combining marks and numbers; runs joined by one apostrophe (' or ’)
 * or hyphen (-, ‐, ‑) are one word; everything else separates words. The server re-counts on
 * save with the same rule, so what the browser shows is what the rules enforce.
 *
 * The count element is an aria-live="polite" region; updates are debounced so a screen reader
 * is not interrupted on every keystroke. Without JavaScript the server-rendered count stays.
 */
(function () {
  "use strict";

  var WORD = /[\p{L}\p{M}\p{N}]+(?:['’\-‐‑][\p{L}\p{M}\p{N}]+)*/gu;

  function countWords(text) {
    if (!text) { return 0; }
    var matches = text.match(WORD);
    return matches ? matches.length : 0;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : all;
    });
  }

  function describe(output, n, min, max) {
    var values = { n: n, min: min, max: max, extra: n - max };
    if (min && n < min && output.dataset.textUnder) {
      return fill(output.dataset.textUnder, values);
    }
    if (max && n > max && output.dataset.textOver) {
      return fill(output.dataset.textOver, values);
    }
    return fill(output.dataset.textOk || "{n}", values);
  }

  function attach(textarea) {
    var output = document.getElementById(textarea.dataset.wordcount);
    if (!output) { return; }
    var min = parseInt(textarea.dataset.min || "0", 10);
    var max = parseInt(textarea.dataset.max || "0", 10);
    var timer = null;
    function update() {
      var n = countWords(textarea.value);
      output.textContent = describe(output, n, min, max);
      var outside = (min && n < min) || (max && n > max);
      output.classList.toggle("word-count-outside", Boolean(outside && n > 0));
    }
    textarea.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(update, 400);
    });
    update();
  }

  window.awardsCountWords = countWords;
  document.querySelectorAll("textarea[data-wordcount]").forEach(attach);
}());
