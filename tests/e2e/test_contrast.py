"""Text contrast, measured on the rendered pages: every piece of visible text
against the background it is drawn on, WCAG 2 ratio at least 4.5:1."""

import pytest

from tests.e2e.test_pages import PAGES

# For each element with its own visible text: its colour, and the first opaque
# background up its ancestors (white if none). Returns the failures.
LOW_CONTRAST = """
() => {
  const parse = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] === 1)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const failures = [];
  for (const el of document.querySelectorAll("body *")) {
    const ownText = [...el.childNodes].some(
      (n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim()
    );
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    const hidden = style.visibility === "hidden" || !box.width || !box.height;
    if (!ownText || hidden) continue;
    if (el.closest(".visually-hidden, .skip-link")) continue;
    const fg = parse(style.color).slice(0, 3);
    const [hi, lo] = [lum(fg), lum(background(el))].sort((a, b) => b - a);
    const ratio = (hi + 0.05) / (lo + 0.05);
    const name = `${el.tagName.toLowerCase()}.${el.className}`;
    if (ratio < 4.5) failures.push(`${name}: ${ratio.toFixed(2)}`);
  }
  return failures;
}
"""


@pytest.mark.parametrize("name", ["home", "article", "news", "opinion", "search"])
def test_all_text_has_at_least_four_and_a_half_to_one_contrast(open_page, name):
    page, _ = open_page(PAGES[name], 1280)
    assert page.evaluate(LOW_CONTRAST) == []


@pytest.mark.parametrize("name", ["home", "article", "news", "opinion", "search"])
def test_all_text_keeps_that_contrast_in_dark_mode(open_page, name):
    page, _ = open_page(PAGES[name], 1280, color_scheme="dark")
    assert page.evaluate(LOW_CONTRAST) == []
