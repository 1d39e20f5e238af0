/* Never lose typing (articles/admin/autosave.py). While the article form is
   open, its data is posted to the autosave endpoint every `data-interval`
   seconds (30 by default) when it changed, and when a field loses focus or
   the tab is hidden. Leaving the page with unsaved changes asks first; a
   submit does not. The body is the editor's textarea, which the editor keeps
   in step, read when the data is sent. No inline script: it runs under the
   admin's CSP as a file of its own. */
(function () {
  "use strict";

  var status = document.getElementById("autosave-status");
  var form = status && status.closest("form");
  if (!form) {
    return;
  }
  var url = status.dataset.url;
  var seconds = Number(status.dataset.interval) || 30;
  var submitting = false;
  var sending = false;

  // The form as the server would receive it, minus the machinery.
  function snapshot() {
    var data = new FormData(form);
    var pairs = [];
    data.forEach(function (value, name) {
      if (typeof value === "string" && name !== "csrfmiddlewaretoken") {
        pairs.push([name, value]);
      }
    });
    return JSON.stringify(pairs);
  }

  // Taken once the page has settled: widgets (the editor, the image chooser)
  // may rewrite their inputs as they start.
  var saved = null; // what the server holds (the piece or the last autosave)
  var sent = null; // what the last autosave sent
  var restored = status.dataset.restored === "1";

  function changed() {
    return saved !== null && snapshot() !== saved;
  }

  function autosave() {
    if (submitting || sending || saved === null) {
      return;
    }
    var now = snapshot();
    if (now === (sent === null ? saved : sent)) {
      return;
    }
    sending = true;
    status.setAttribute("aria-busy", "true");
    var data = new FormData();
    JSON.parse(now).forEach(function (pair) {
      data.append(pair[0], pair[1]);
    });
    var token = form.querySelector("[name=csrfmiddlewaretoken]").value;
    fetch(url, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": token },
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("The autosave was refused (" + response.status + ").");
        }
        return response.json();
      })
      .then(function (answer) {
        sent = now;
        if (!submitting) {
          status.textContent = answer.message;
        }
      })
      .catch(function (error) {
        status.textContent = "Not autosaved: " + error.message + " Save the form to keep your work.";
      })
      .finally(function () {
        sending = false;
        status.removeAttribute("aria-busy");
      });
  }

  function start() {
    saved = snapshot();
    if (restored) {
      saved = "[]"; // restored text is not saved yet: leaving asks
    }
    window.setInterval(autosave, seconds * 1000);
  }

  form.addEventListener("focusout", function (event) {
    // Clicking a submit button blurs the field: the save itself follows.
    var next = event.relatedTarget;
    if (next && next.type === "submit") {
      return;
    }
    autosave();
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") {
      autosave();
    }
  });
  form.addEventListener("submit", function () {
    submitting = true;
  });
  window.addEventListener("beforeunload", function (event) {
    if (!submitting && changed()) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  var discard = document.querySelector(".autosave-discard");
  if (discard) {
    discard.addEventListener("click", function () {
      var token = form.querySelector("[name=csrfmiddlewaretoken]").value;
      fetch(discard.dataset.url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": token },
        redirect: "manual",
      }).then(function () {
        submitting = true; // the saved piece is what the form should show
        window.location.replace(window.location.pathname);
      });
    });
  }

  if (document.readyState === "complete") {
    window.setTimeout(start, 0);
  } else {
    window.addEventListener("load", function () {
      window.setTimeout(start, 0);
    });
  }
})();
