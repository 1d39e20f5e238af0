/* The media-library chooser (articles/admin/library.py, ImageChooserWidget).
   Search the library, pick an image: its id goes in the hidden input, its
   thumbnail shows, and its caption, credit and alt fill the form's fields
   that are still empty (data-fill="caption:id_hero_caption …"). No inline
   script or style: it runs under the admin's CSP as a file of its own. */
(function () {
  "use strict";

  function entryUrl(base, params) {
    var url = new URL(base, window.location.href);
    Object.keys(params).forEach(function (key) {
      url.searchParams.set(key, params[key]);
    });
    return url.toString();
  }

  function fetchImages(base, params) {
    return fetch(entryUrl(base, params), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    }).then(function (response) {
      if (!response.ok) {
        throw new Error("The library answered " + response.status + ".");
      }
      return response.json();
    });
  }

  function setUp(root) {
    var input = root.querySelector(".image-chooser__input");
    var current = root.querySelector(".image-chooser__current");
    var thumb = root.querySelector(".image-chooser__thumb");
    var title = root.querySelector(".image-chooser__title");
    var empty = root.querySelector(".image-chooser__empty");
    var openButton = root.querySelector(".image-chooser__open");
    var clearButton = root.querySelector(".image-chooser__clear");
    var panel = root.querySelector(".image-chooser__panel");
    var search = root.querySelector(".image-chooser__search");
    var results = root.querySelector(".image-chooser__results");
    var status = root.querySelector(".image-chooser__status");
    var base = root.dataset.chooserUrl;
    var fill = (root.dataset.fill || "").split(/\s+/).filter(Boolean).map(function (pair) {
      var parts = pair.split(":");
      return { key: parts[0], field: document.getElementById(parts[1]) };
    });
    var timer = null;

    function show(image) {
      input.value = image ? String(image.id) : "";
      current.hidden = !image;
      empty.hidden = Boolean(image);
      clearButton.hidden = !image;
      if (image) {
        thumb.src = image.thumbnail;
        title.textContent = image.title;
      } else {
        thumb.removeAttribute("src");
        title.textContent = "";
      }
    }

    function choose(image) {
      show(image);
      fill.forEach(function (target) {
        if (target.field && !target.field.value.trim() && image[target.key]) {
          target.field.value = image[target.key];
          target.field.dispatchEvent(new Event("input", { bubbles: true }));
        }
      });
      input.dispatchEvent(new Event("change", { bubbles: true }));
      closePanel();
      openButton.focus();
    }

    function render(images) {
      results.replaceChildren();
      status.textContent = images.length
        ? images.length + (images.length === 1 ? " image." : " images.")
        : "No image matches.";
      images.forEach(function (image) {
        var item = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.className = "image-chooser__pick";
        var img = document.createElement("img");
        img.src = image.thumbnail;
        img.alt = "";
        img.loading = "lazy";
        var label = document.createElement("span");
        label.textContent = image.title;
        var credit = document.createElement("span");
        credit.textContent = image.credit || image.caption;
        button.append(img, label, credit);
        button.setAttribute("aria-label", "Choose " + image.title);
        button.addEventListener("click", function () {
          choose(image);
        });
        item.append(button);
        results.append(item);
      });
    }

    function load() {
      status.textContent = "Searching…";
      fetchImages(base, { q: search.value })
        .then(function (data) {
          render(data.results);
        })
        .catch(function (error) {
          status.textContent = error.message;
        });
    }

    function openPanel() {
      panel.hidden = false;
      openButton.setAttribute("aria-expanded", "true");
      search.focus();
      load();
    }

    function closePanel() {
      panel.hidden = true;
      openButton.setAttribute("aria-expanded", "false");
    }

    openButton.addEventListener("click", function () {
      if (panel.hidden) {
        openPanel();
      } else {
        closePanel();
      }
    });
    clearButton.addEventListener("click", function () {
      show(null);
    });
    search.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(load, 250);
    });
    search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault(); // searching, not submitting the form
        window.clearTimeout(timer);
        load();
      } else if (event.key === "Escape") {
        closePanel();
        openButton.focus();
      }
    });

    // Django's "+" popup sets the id and fires a jQuery change event.
    function refresh() {
      if (!input.value) {
        show(null);
        return;
      }
      fetchImages(base, { id: input.value }).then(function (data) {
        if (data.results.length) {
          choose(data.results[0]);
        }
      });
    }
    if (window.django && window.django.jQuery) {
      window.django.jQuery(input).on("change", function (event) {
        if (!event.originalEvent) {
          refresh();
        }
      });
    }
  }

  function start() {
    document.querySelectorAll(".image-chooser").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
