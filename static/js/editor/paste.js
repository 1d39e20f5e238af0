// What a paste keeps: paragraphs, h2/h3, bold, italic, links, lists, quotes.
// Google Docs' marks (bold/italic on styled spans, a not-bold <b> around
// everything) are read by the Bold and Italic extensions themselves; here Word's
// list paragraphs become real lists, other heading levels the nearest of ours,
// YouTube frames embeds, and whatever cannot be kept is counted, so the editor
// can say what was removed (articles/sanitize.py does the same on save).

import { urlOfFrame } from "./embeds.js"

const REPORTED = [
  ["iframe", "iframe", "iframes"],
  ["script", "script", "scripts"],
  ["video", "video", "videos"],
  ["audio", "audio player", "audio players"],
  ["object, embed", "embedded object", "embedded objects"],
  ["svg", "drawing (SVG)", "drawings (SVG)"],
  ["canvas", "drawing (canvas)", "drawings (canvas)"],
  ["form", "form", "forms"],
  ["table", "table (its text is kept)", "tables (their text is kept)"],
]

const WORD_BULLET = /mso-list\s*:\s*ignore/i
const WORD_LIST = /mso-list\s*:\s*l\d+\s+level\d/i

function wordLists(body) {
  // Word writes a list as paragraphs (class MsoListParagraph…, style
  // "mso-list:l0 level1 lfo1") each starting with its bullet in a span.
  let list = null
  for (const p of [...body.querySelectorAll("p")]) {
    const style = p.getAttribute("data-paste-style") || ""
    if (!WORD_LIST.test(style) && !/MsoListParagraph/i.test(p.className)) {
      list = null
      continue
    }
    let marker = ""
    for (const span of [...p.querySelectorAll("span")]) {
      if (WORD_BULLET.test(span.getAttribute("data-paste-style") || "")) {
        marker = marker || span.textContent.trim()
        span.remove()
      }
    }
    const ordered = /^\(?[0-9a-zA-Z]{1,3}[.)]/.test(marker)
    const tag = ordered ? "OL" : "UL"
    const previous = p.previousElementSibling
    if (!list || list.tagName !== tag || previous !== list) {
      list = body.ownerDocument.createElement(tag)
      p.before(list)
    }
    const item = body.ownerDocument.createElement("li")
    const para = body.ownerDocument.createElement("p")
    para.append(...p.childNodes)
    item.append(para)
    list.append(item)
    p.remove()
  }
}

const BOLD = /font-weight\s*:\s*(bold|bolder|[6-9]00)\b/i
const NOT_BOLD = /font-weight\s*:\s*(normal|[1-4]00)\b/i
const ITALIC = /font-style\s*:\s*italic\b/i
const NOT_ITALIC = /font-style\s*:\s*normal\b/i

function unwrap(element) {
  element.replaceWith(...element.childNodes)
}

function wrap(element, tagName) {
  const wrapper = element.ownerDocument.createElement(tagName)
  wrapper.append(...element.childNodes)
  element.append(wrapper)
}

function marksFromStyles(body) {
  // Google Docs marks bold and italic with styles on spans, and wraps the
  // whole paste in <b style="font-weight:normal" id="docs-internal-guid-…">.
  // The site's CSP keeps the editor from reading style attributes as styles,
  // so they are read here as text and made tags; then every style goes.
  for (const element of [...body.querySelectorAll("[data-paste-style]")]) {
    const style = element.getAttribute("data-paste-style")
    const tag = element.tagName
    if ((tag === "B" || tag === "STRONG") && NOT_BOLD.test(style)) {
      unwrap(element)
      continue
    }
    if ((tag === "I" || tag === "EM") && NOT_ITALIC.test(style)) {
      unwrap(element)
      continue
    }
    if (tag === "SPAN") {
      if (BOLD.test(style)) wrap(element, "strong")
      if (ITALIC.test(style)) wrap(element, "em")
    }
    element.removeAttribute("data-paste-style")
  }
}

function retag(element, tagName) {
  const replacement = element.ownerDocument.createElement(tagName)
  replacement.append(...element.childNodes)
  element.replaceWith(replacement)
}

// Parsing HTML with style attributes or <style> elements, even into a
// detached document, makes the browser report a CSP violation (style-src
// 'self'). So before anything parses the paste, <style> elements go and style
// attributes are renamed, to be read as text by marksFromStyles().
const STYLE_ELEMENT = /<style\b[\s\S]*?<\/style\s*>/gi
const TAG = /<[a-zA-Z][^<>]*>/g
const STYLE_ATTRIBUTE = /(\s)style(\s*=)/gi

function withoutStyles(html) {
  return html
    .replace(STYLE_ELEMENT, "")
    .replace(TAG, (tag) => tag.replace(STYLE_ATTRIBUTE, "$1data-paste-style$2"))
}

/** Returns [html to paste, {label: count} of what was removed]. */
export function preparePaste(html) {
  const doc = new DOMParser().parseFromString(withoutStyles(html), "text/html")
  const body = doc.body
  const removed = new Map()
  const count = (label, n = 1) => removed.set(label, (removed.get(label) || 0) + n)

  for (const frame of [...body.querySelectorAll("iframe")]) {
    const url = urlOfFrame(frame.getAttribute("src"))
    if (url) {
      const figure = doc.createElement("figure")
      figure.setAttribute("data-embed", "youtube")
      figure.setAttribute("data-embed-url", url)
      frame.replaceWith(figure)
    }
  }
  for (const [selector, one, many] of REPORTED) {
    const found = [...body.querySelectorAll(selector)]
    if (found.length) count([one, many], found.length)
    if (selector !== "table") found.forEach((element) => element.remove())
  }
  const images = [...body.querySelectorAll("img")].filter(
    (img) => !img.closest("figure[data-image]"),
  )
  if (images.length) {
    count(["image not in the media library", "images not in the media library"], images.length)
    images.forEach((img) => img.remove())
  }
  body.querySelectorAll("h1").forEach((h) => retag(h, "h2"))
  body.querySelectorAll("h4, h5, h6").forEach((h) => retag(h, "h3"))
  wordLists(body)
  marksFromStyles(body)
  // Google Docs puts a <br> between blocks: it would paste as empty paragraphs.
  body.querySelectorAll(":scope > br").forEach((br) => br.remove())
  return [body.innerHTML, removed]
}

export function describe(removed) {
  return [...removed]
    .map(([[one, many], n]) => `${n} ${n === 1 ? one : many}`)
    .join(", ")
}
