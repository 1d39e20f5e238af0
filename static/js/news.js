// The news page's "More news": fetch the next days (/news/more) and append
// them in place. Without this script the link simply opens the older page.
(function () {
  "use strict";
  var days = document.querySelector("[data-feed-days]");
  if (!days || !window.fetch || !window.DOMParser) return;

  days.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-more-url]");
    if (!link) return;
    event.preventDefault();
    link.setAttribute("aria-busy", "true");
    fetch(link.getAttribute("data-more-url"), { headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var more = link.closest(".feed__more");
        var firstNew = null;
        Array.prototype.forEach.call(doc.body.children, function (node) {
          var last = days.querySelector(".feed-day:last-of-type");
          var sameDay = node.matches(".feed-day") && last &&
            last.getAttribute("data-date") === node.getAttribute("data-date");
          if (sameDay) {
            // The day carries on from the previous page: extend its list.
            var items = node.querySelectorAll(".feed-item");
            firstNew = firstNew || items[0];
            Array.prototype.forEach.call(items, function (item) {
              last.querySelector(".feed-day__items").appendChild(item);
            });
          } else {
            var added = days.appendChild(document.importNode(node, true));
            if (node.matches(".feed-day")) firstNew = firstNew || added;
          }
        });
        if (more) more.remove();
        var target = firstNew && firstNew.querySelector("a");
        if (target) target.focus();
      })
      .catch(function () {
        window.location.href = link.href;
      });
  });
})();
