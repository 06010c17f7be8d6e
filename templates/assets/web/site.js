/* advisor: optional enhancements. Every page works without this script; with it, questions that an answer on the
   same page opens or closes appear and disappear at once. The server decides which questions apply (the same code
   as the questionnaire's), so this file holds no rules of its own. */
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
          data.applies.forEach(function (id) { applies[id] = true; });
          form.querySelectorAll("[data-question]").forEach(function (box) {
            var on = applies[box.getAttribute("data-question")] === true;
            box.hidden = !on;
            var fieldset = box.querySelector("fieldset");
            if (fieldset) { fieldset.disabled = !on; }
          });
        })
        .catch(function () { /* offline or aborted: the server checks again on submit */ });
    }
    form.addEventListener("change", refresh);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-live]").forEach(liveConditions);
    document.documentElement.classList.add("js");
  });
})();
