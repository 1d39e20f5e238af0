// The article body's editor: django-prose-editor's Tiptap build with exactly
// what a news piece needs (docs/architecture.md, "The body editor"), our
// figure and embed blocks, paste clean-up, and a live word count.
//
// Tiptap injects a <style> element by default, which the site's CSP
// (style-src 'self') refuses: injectCSS is off and its rules are in
// static/css/editor.css.

import {
  Blockquote,
  Bold,
  BulletList,
  crel,
  Document,
  Dropcursor,
  Editor,
  Gapcursor,
  HardBreak,
  Heading,
  History,
  HorizontalRule,
  Italic,
  initializeEditors,
  Link,
  ListItem,
  Menu,
  OrderedList,
  Paragraph,
  Text,
} from "django-prose-editor/editor"

import { Embed, LibraryFigure } from "./nodes.js"
import { describe, preparePaste } from "./paste.js"

const marker = "data-django-prose-editor-article"

function actuallyEmpty(html) {
  return /^<(\w+)(\s[^>]*)?><\/\1>$/i.test(html) ? "" : html
}

function counts(editor, wordsPerMinute) {
  const text = editor.state.doc.textBetween(0, editor.state.doc.content.size, " ", " ")
  const words = text.split(/\s+/).filter(Boolean).length
  const minutes = Math.max(1, Math.ceil(words / wordsPerMinute))
  return `${words} ${words === 1 ? "word" : "words"} · ${minutes} min read`
}

function createEditor(textarea) {
  if (textarea.closest(".prose-editor")) return null
  const config = JSON.parse(textarea.getAttribute(marker) || "{}")
  const disabled = textarea.hasAttribute("disabled")
  const element = crel("div", { className: `prose-editor ${disabled ? "disabled" : ""}` })
  textarea.before(element)
  element.append(textarea)

  const stats = crel("p", { className: "editor-stats" })
  stats.setAttribute("aria-live", "polite")
  stats.dataset.editorStats = ""
  const notice = crel("p", { className: "editor-notice", hidden: true })
  notice.setAttribute("role", "status")
  element.after(stats, notice)

  const editor = new Editor({
    element,
    editable: !disabled,
    injectCSS: false,
    extensions: [
      Document,
      Paragraph,
      Text,
      HardBreak,
      Heading.configure({ levels: [2, 3] }),
      Bold,
      Italic,
      Link.configure({ enableTarget: false, protocols: ["http", "https", "mailto"] }),
      BulletList,
      OrderedList.configure({ enableListAttributes: false }),
      ListItem,
      Blockquote,
      HorizontalRule,
      History,
      Dropcursor,
      Gapcursor,
      LibraryFigure.configure({ chooserUrl: config.chooserUrl || "" }),
      Embed,
      Menu,
    ],
    content: textarea.value,
    editorProps: {
      transformPastedHTML(html) {
        const [cleaned, removed] = preparePaste(html)
        if (removed.size) {
          notice.textContent = `Removed from the paste: ${describe(removed)}. Add pictures with the figure button, from the media library.`
          notice.hidden = false
        }
        return cleaned
      },
    },
    onUpdate({ editor }) {
      textarea.value = actuallyEmpty(editor.getHTML())
      textarea.dispatchEvent(new Event("input", { bubbles: true }))
      stats.textContent = counts(editor, config.wordsPerMinute || 230)
    },
    onDestroy() {
      element.before(textarea)
      element.remove()
    },
  })
  stats.textContent = counts(editor, config.wordsPerMinute || 230)
  textarea.dispatchEvent(
    new CustomEvent("prose-editor:ready", { detail: { editor, textarea }, bubbles: true }),
  )
  return editor
}

initializeEditors(createEditor, `[${marker}]`)
