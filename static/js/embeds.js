// Click-to-load embeds (articles/embeds.py renders the cards). Until the reader
// clicks "Load … content", nothing is asked of YouTube, X and the rest; the
// click swaps the card's contents for the provider's frame. Without this script
// each card stays a plain link.
(function () {
  "use strict";
  const TITLES = {
    youtube: "YouTube video",
    vimeo: "Vimeo video",
    x: "Post on X",
    telegram: "Telegram post",
    facebook: "Facebook post",
    instagram: "Instagram post",
  };

  function load(figure) {
    const frame = document.createElement("iframe");
    frame.src = figure.dataset.embedFrame;
    frame.title = TITLES[figure.dataset.embed] || "Embedded content";
    frame.className = "embed__frame embed__frame--" + (figure.dataset.embedShape || "post");
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    frame.allow = "encrypted-media; picture-in-picture; fullscreen";
    frame.allowFullscreen = true;
    const link = figure.querySelector(".embed__url");
    figure.replaceChildren(frame);
    if (link) {
      link.classList.add("embed__url--below");
      figure.appendChild(link);
    }
    figure.classList.add("embed--loaded");
    frame.focus();
  }

  document.querySelectorAll("figure[data-embed-frame]").forEach(function (figure) {
    const button = figure.querySelector("[data-embed-load]");
    if (!button) return;
    figure.querySelectorAll("[hidden]").forEach(function (element) {
      element.hidden = false;
    });
    button.addEventListener("click", function () {
      load(figure);
    });
  });
})();
