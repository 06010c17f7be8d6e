/* advisor: optional enhancements. Every page works without this script; with it, questions that an answer on the
   same page opens or closes appear and disappear at once, and the result page's what-if panel compares without a
   page load. The server decides which questions apply (the same code as the questionnaire's) and scores every
   what-if, so this file holds no rules of its own. */
(function () {
  "use strict";

  function liveConditions(form) {
    var url = form.getAttribute("data-live");
    var pending = null;
    function refresh() {
      if (pending) { pending.abort(); }
      pending = new AbortController();
      var body = new FormData(form);
      fetch(url, { method: "POST", body: body, credentials: "same-origin", signal: pending.signal })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (!data || !data.applies) { return; }
          var applies = {};
          var opened = [];
          var closed = [];
          data.applies.forEach(function (id) { applies[id] = true; });
          form.querySelectorAll("[data-question]").forEach(function (box) {
            var on = applies[box.getAttribute("data-question")] === true;
            if (box.hidden === on) { (on ? opened : closed).push(promptOf(box)); }
            box.hidden = !on;
            var fieldset = box.querySelector("fieldset");
            if (fieldset) { fieldset.disabled = !on; }
          });
          announce(opened, closed);
        })
        .catch(function () { /* offline or aborted: the server checks again on submit */ });
    }
    form.addEventListener("change", refresh);
  }

  function promptOf(box) {
    var prompt = box.querySelector(".prompt");
    return prompt ? prompt.textContent.replace(/New question/, "").trim() : "";
  }

  function announce(opened, closed) {
    // a screen reader hears which questions the answer opened or closed (the page's live region)
    var region = document.getElementById("questions-changed");
    if (!region || (!opened.length && !closed.length)) { return; }
    var parts = [];
    if (opened.length) {
      parts.push((opened.length === 1 ? "A new question below: " : opened.length + " new questions below: ") +
        opened.join("; ") + ".");
    }
    if (closed.length) {
      parts.push((closed.length === 1 ? "No longer asked: " : closed.length + " questions no longer asked: ") +
        closed.join("; ") + ".");
    }
    region.textContent = parts.join(" ");
  }

  function whatIf(form) {
    // posts the panel's form as it is to the same URL and shows the comparison the server renders for it
    var outcome = document.getElementById(form.getAttribute("data-whatif"));
    var pending = null;
    function compare(moveFocus) {
      if (pending) { pending.abort(); }
      pending = new AbortController();
      form.setAttribute("aria-busy", "true");
      fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: { "Accept": "application/json" },
        signal: pending.signal
      })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          if (typeof data.html !== "string") { throw new Error("no comparison"); }
          form.removeAttribute("aria-busy");
          outcome.innerHTML = data.html;  // rendered and escaped by the server's templates
          outcome.setAttribute("data-state", data.problems ? "problem" : "compared");
          // the title says "Error:" while the page shows a problem, as the server's pages do
          document.title = (data.problems ? "Error: " : "") + document.title.replace(/^Error: /, "");
          if (moveFocus) { outcome.focus(); }
        })
        .catch(function (error) {
          form.removeAttribute("aria-busy");
          if (error && error.name === "AbortError") { return; }
          form.submit();  // no usable answer (offline, refused): the ordinary round trip shows why
        });
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      compare(true);
    });
    form.addEventListener("change", function () { compare(false); });
  }

  function unreadableNumbers(form) {
    // a number input holding text it cannot read ("1e", "--") sends nothing, which would read as "not stated": a
    // marker field makes the server refuse it with its message instead
    form.addEventListener("submit", function () {
      form.querySelectorAll("input[data-unreadable-marker]").forEach(function (marker) { marker.remove(); });
      form.querySelectorAll("input[type=number]").forEach(function (input) {
        if (input.validity && input.validity.badInput && !input.disabled) {
          var marker = document.createElement("input");
          marker.type = "hidden";
          marker.name = input.name + "__unreadable";
          marker.value = "1";
          marker.setAttribute("data-unreadable-marker", "");
          form.appendChild(marker);
        }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-live]").forEach(unreadableNumbers);
    document.querySelectorAll("form[data-live]").forEach(liveConditions);
    document.querySelectorAll("form[data-whatif]").forEach(whatIf);
    document.documentElement.classList.add("js");
  });
})();
