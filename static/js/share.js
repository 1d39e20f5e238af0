// The article's "Copy link" button: shown only where the script runs and the
// clipboard is available; says in a status line whether it worked.
(function () {
  "use strict";
  const button = document.querySelector("[data-copy-link]");
  const status = document.querySelector("[data-copy-status]");
  if (!button || !status || !navigator.clipboard) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(button.dataset.copyLink).then(
      function () {
        status.textContent = "Link copied.";
      },
      function () {
        status.textContent = "Could not copy: the address is " + button.dataset.copyLink;
      }
    );
  });
})();
