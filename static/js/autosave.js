/*
 * Keeps unsaved typing of the entry form in this browser (localStorage) and offers to restore
 * it; also stops a double-clicked submit button from sending the form twice.
 *
 * Progressive enhancement only: the form works without JavaScript, and the server is safe
 * against double submission on its own (version check and idempotent saves).
 *
 *  - <form data-autosave="KEY">: text inputs, textareas, selects, checkboxes and radios are
 *    stored under "awards-autosave:KEY" (debounced) as the user types. On load, if the stored
 *    values differ from what the server rendered, a banner ([data-autosave-banner]) offers
 *    "restore" or "discard"; if they are the same, the copy is dropped (it was saved).
 *  - data-autosave-also="KEY2" on the form: a copy under KEY2 (the "new entry" form of the
 *    category) is dropped when it matches what the server saved.
 *  - When the form is sent, the copy is marked "pending". <div data-autosave-clear="KEY KEY2">
 *    (on the entry page, where a successful save leads) drops pending copies: the server has
 *    them. A refused save re-renders the form with the typed text, which matches the copy.
 */
(function () {
  "use strict";

  var PREFIX = "awards-autosave:";
  var SKIP = { hidden: 1, file: 1, submit: 1, button: 1, password: 1 };

  function storage() {
    try {
      var probe = PREFIX + "probe";
      window.localStorage.setItem(probe, "1");
      window.localStorage.removeItem(probe);
      return window.localStorage;
    } catch (e) {
      return null;
    }
  }

  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && !SKIP[el.type] && el.name !== "csrf_token";
    });
  }

  function read(form) {
    var values = {};
    fields(form).forEach(function (el) {
      if (el.type === "checkbox") {
        values[el.name] = el.checked;
      } else if (el.type === "radio") {
        if (el.checked) { values[el.name] = el.value; }
        else if (!(el.name in values)) { values[el.name] = ""; }
      } else {
        values[el.name] = el.value;
      }
    });
    return values;
  }

  function write(form, values) {
    fields(form).forEach(function (el) {
      if (!(el.name in values)) { return; }
      if (el.type === "checkbox") { el.checked = Boolean(values[el.name]); }
      else if (el.type === "radio") { el.checked = el.value === values[el.name]; }
      else { el.value = values[el.name]; }
      el.dispatchEvent(new Event("input", { bubbles: true }));
    });
  }

  function same(a, b) {
    var keys = Object.keys(a);
    return keys.every(function (k) { return !(k in b) || String(a[k]) === String(b[k]); });
  }

  function load(store, key) {
    try { return JSON.parse(store.getItem(PREFIX + key) || "null"); } catch (e) { return null; }
  }

  function dropIfSaved(store, key, current) {
    var saved = load(store, key);
    if (saved && saved.values && same(saved.values, current)) {
      store.removeItem(PREFIX + key);
    }
  }

  function preventDoubleSubmit(form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.submitting === "1") { event.preventDefault(); return; }
      form.dataset.submitting = "1";
      var submitter = event.submitter;
      if (submitter && submitter.name) {
        var copy = document.createElement("input");
        copy.type = "hidden";
        copy.name = submitter.name;
        copy.value = submitter.value;
        form.appendChild(copy);
      }
      window.setTimeout(function () {
        form.querySelectorAll("[data-prevent-double-submit]").forEach(function (b) {
          b.disabled = true;
          b.setAttribute("aria-disabled", "true");
        });
      }, 0);
    });
  }

  function attach(form, store) {
    var key = form.dataset.autosave;
    var rendered = read(form);
    var banner = document.querySelector("[data-autosave-banner]");
    var stored = load(store, key);
    if (form.dataset.autosaveAlso) { dropIfSaved(store, form.dataset.autosaveAlso, rendered); }
    if (stored && stored.values && !same(stored.values, rendered) && banner) {
      banner.hidden = false;
      banner.querySelector("[data-autosave-restore]").addEventListener("click", function () {
        write(form, stored.values);
        banner.hidden = true;
      });
      banner.querySelector("[data-autosave-discard]").addEventListener("click", function () {
        store.removeItem(PREFIX + key);
        banner.hidden = true;
      });
    } else if (stored) {
      store.removeItem(PREFIX + key);
    }
    var timer = null;
    function save() {
      try {
        store.setItem(PREFIX + key, JSON.stringify({ at: Date.now(), values: read(form) }));
      } catch (e) { /* storage full or denied: the server copy is what counts */ }
    }
    form.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(save, 800);
    });
    form.addEventListener("change", save);
    form.addEventListener("submit", function () {
      try {
        store.setItem(PREFIX + key, JSON.stringify({ at: Date.now(), pending: true, values: read(form) }));
      } catch (e) { /* nothing to do */ }
    });
  }

  var store = storage();
  document.querySelectorAll("form[data-autosave]").forEach(function (form) {
    preventDoubleSubmit(form);
    if (store) { attach(form, store); }
  });
  if (store) {
    document.querySelectorAll("[data-autosave-clear]").forEach(function (marker) {
      marker.dataset.autosaveClear.split(/\s+/).forEach(function (key) {
        var saved = load(store, key);
        if (saved && saved.pending) { store.removeItem(PREFIX + key); }
      });
    });
  }
}());
