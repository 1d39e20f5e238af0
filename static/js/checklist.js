/* Ready before review (articles/readiness.py). The article form asks the
   server what publishing would still refuse, on load and as the form
   changes, and shows it as a checklist with the piece as a search result and
   a social card; the rules stay the workflow's own, in one place. Changing
   the type swaps in that type's default disclaimer, unless someone picked
   another. No inline script or style: it runs under the admin's CSP. */
(function () {
  "use strict";

  var box = document.getElementById("readiness");
  var form = box && box.closest("form");
  if (!form) {
    return;
  }
  var timer = null;
  var asked = 0;

  function formData() {
    var data = new FormData();
    new FormData(form).forEach(function (value, name) {
      if (typeof value === "string") {
        data.append(name, value);
      }
    });
    return data;
  }

  function text(selector, value) {
    box.querySelector(selector).textContent = value || "";
  }

  function render(report) {
    var list = box.querySelector(".readiness__checks");
    list.replaceChildren();
    var missing = 0;
    report.checks.forEach(function (check) {
      var item = document.createElement("li");
      item.className = "readiness__check readiness__check--" +
        (check.done ? "done" : check.required ? "missing" : "suggested");
      item.dataset.code = check.code;
      var mark = check.done ? "✓ " : check.required ? "✗ " : "○ ";
      var label = check.label + (check.required ? "" : " (recommended)");
      item.textContent = mark + label + (check.done ? "" : ": " + check.message);
      list.append(item);
      if (!check.done && check.required) {
        missing += 1;
      }
    });
    text(
      ".readiness__summary",
      missing
        ? "Publishing needs " + missing + (missing === 1 ? " more thing." : " more things.")
        : "Everything publishing needs is there."
    );
    var preview = report.preview;
    text(".search-preview__site", preview.site_name);
    text(".search-preview__url", preview.url);
    text(".search-preview__title", preview.title || "(no title yet)");
    text(".search-preview__description", preview.description);
    text(".social-preview__site", new URL(preview.url).host);
    text(".social-preview__title", preview.title || "(no title yet)");
    text(".social-preview__description", preview.description);
    var image = box.querySelector(".social-preview__image");
    if (image.getAttribute("src") !== preview.image) {
      image.src = preview.image;
    }
    image.alt = preview.image_alt;
  }

  function check() {
    timer = null;
    box.setAttribute("aria-busy", "true");
    var ask = ++asked;
    var token = form.querySelector("[name=csrfmiddlewaretoken]").value;
    fetch(box.dataset.url, {
      method: "POST",
      body: formData(),
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": token },
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("The checklist could not be made (" + response.status + ").");
        }
        return response.json();
      })
      .then(function (report) {
        if (ask === asked) {
          render(report); // only the newest answer counts
        }
      })
      .catch(function (error) {
        text(".readiness__summary", error.message);
      })
      .finally(function () {
        if (ask === asked && timer === null) {
          box.removeAttribute("aria-busy");
        }
      });
  }

  var submitting = false;
  form.addEventListener("submit", function () {
    submitting = true;
  });

  function later() {
    if (submitting) {
      return;
    }
    box.setAttribute("aria-busy", "true");
    if (timer !== null) {
      window.clearTimeout(timer);
    }
    timer = window.setTimeout(check, 400);
  }

  // -- the type's default disclaimer -----------------------------------------

  var defaultsElement = document.getElementById("disclaimer-defaults");
  var defaults = defaultsElement ? JSON.parse(defaultsElement.textContent) : {};
  var kind = document.getElementById("id_kind");
  var disclaimer = document.getElementById("id_disclaimer");
  var previousKind = kind ? kind.value : "";

  function setDisclaimer(choice) {
    var value = choice ? String(choice.id) : "";
    if (choice && !disclaimer.querySelector('option[value="' + value + '"]')) {
      disclaimer.append(new Option(choice.name, value));
    }
    disclaimer.value = value;
    if (window.django && window.django.jQuery) {
      window.django.jQuery(disclaimer).trigger("change"); // select2 shows it
    } else {
      disclaimer.dispatchEvent(new Event("change", { bubbles: true }));
    }
  }

  if (kind && disclaimer && kind.tagName === "SELECT") {
    kind.addEventListener("change", function () {
      var before = defaults[previousKind];
      var current = disclaimer.value;
      // Only a disclaimer nobody chose follows the type.
      if (!current || (before && String(before.id) === current)) {
        setDisclaimer(defaults[kind.value] || null);
      }
      previousKind = kind.value;
    });
  }

  form.addEventListener("input", later);
  form.addEventListener("change", later);
  if (window.django && window.django.jQuery) {
    // select2 (section, disclaimer) reports through jQuery only.
    window.django.jQuery(form).on("change", "select", later);
  }
  if (document.readyState === "complete") {
    check();
  } else {
    window.addEventListener("load", check);
  }
})();
