/* The article form notices, while open, that someone else saved the piece.
 *
 * It asks the piece's version (a tiny JSON view) every `data-poll-seconds`
 * (60 by default, plus up to a quarter more, so open forms spread out), and
 * when the window comes back into view if that long has passed since the last
 * ask: under one request a minute per open form. A newer version than the one
 * the form was opened at (its base_version) shows who saved and when.
 */
(function () {
  "use strict";
  var notice = document.getElementById("conflict-notice");
  var opened = document.querySelector('input[name="base_version"]');
  if (!notice || !opened || !window.fetch) {
    return;
  }
  var url = notice.getAttribute("data-version-url");
  var seconds = Math.max(Number(notice.getAttribute("data-poll-seconds")) || 60, 1);
  var openedVersion = Number(opened.value);
  var lastAsked = Date.now(); // the page itself was the first look
  var timer = null;
  var asking = false;

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(ask, (seconds + (Math.random() * seconds) / 4) * 1000);
  }

  function show(data) {
    notice.textContent =
      (data.saved_by || "Someone") +
      " saved this piece" +
      (data.saved_at ? " at " + data.saved_at : "") +
      "; your save will need merging.";
    notice.hidden = false;
  }

  function ask() {
    if (document.hidden || asking) {
      schedule();
      return;
    }
    asking = true;
    lastAsked = Date.now();
    window
      .fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (data && data.version > openedVersion) {
          show(data);
        }
      })
      .catch(function () {})
      .then(function () {
        asking = false;
        schedule();
      });
  }

  function onReturn() {
    if (!document.hidden && Date.now() - lastAsked >= seconds * 1000) {
      ask();
    }
  }

  document.addEventListener("visibilitychange", onReturn);
  window.addEventListener("focus", onReturn);
  schedule();
})();
