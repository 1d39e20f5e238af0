// The body's two custom blocks (articles/sanitize.py has their exact shape):
//   <figure data-image="42" data-credit="…"><img src alt><figcaption>…</figcaption></figure>
//   <figure data-embed="youtube" data-embed-url="URL"><a href="URL">URL</a></figure>
// Both are atoms: one block, chosen, moved or deleted whole; a figure's caption,
// credit and alt are edited in a dialog (double-click, or the figure button).

import {
  crel,
  Node,
  Plugin,
  updateAttrsDialog,
} from "django-prose-editor/editor"

import { recogniseEmbed } from "./embeds.js"

const figureFields = {
  caption: { type: "string", title: "Caption" },
  credit: { type: "string", title: "Credit (without “Photo:”)" },
  alt: {
    type: "string",
    title: "Alt text",
    description: "What the picture shows, for readers who cannot see it.",
    required: true,
  },
}

const editFigure = (editor, attrs) =>
  updateAttrsDialog(figureFields, { title: "Figure", submitText: "Save figure" })(
    editor,
    attrs,
  )

/** A dialog listing the library (newest first), searched as one types. */
function chooseImage(editor, chooserUrl) {
  return new Promise((resolve) => {
    const search = crel("input", {
      type: "search",
      name: "q",
      placeholder: "Search title, caption or credit",
      className: "image-chooser__search",
    })
    search.setAttribute("aria-label", "Search the media library")
    const results = crel("ul", { className: "image-chooser__results" })
    const status = crel("p", { className: "image-chooser__status" })
    status.setAttribute("role", "status")
    const cancel = crel("button", { type: "button", textContent: "Cancel" })
    const dialog = crel("dialog", { className: "prose-editor-dialog image-chooser" }, [
      crel("h3", { className: "prose-editor-dialog-title", textContent: "Choose an image" }),
      search,
      status,
      results,
      crel("div", { className: "prose-editor-dialog-buttons" }, [cancel]),
    ])
    let chosen = null
    let asked = 0
    const load = async () => {
      const ask = ++asked
      status.textContent = "Searching…"
      const url = `${chooserUrl}?q=${encodeURIComponent(search.value.trim())}`
      let data
      try {
        const response = await fetch(url, {
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        })
        data = await response.json()
      } catch {
        status.textContent = "The library could not be reached. Try again."
        return
      }
      if (ask !== asked) return
      results.replaceChildren(
        ...data.results.map((image) => {
          const button = crel("button", { type: "button", className: "image-chooser__choice" }, [
            crel("img", { src: image.thumbnail, alt: "", loading: "lazy" }),
            crel("span", { textContent: image.title || image.caption || `Image ${image.id}` }),
          ])
          button.dataset.imageId = image.id
          button.addEventListener("click", () => {
            chosen = image
            dialog.close()
          })
          return crel("li", {}, [button])
        }),
      )
      status.textContent = data.results.length
        ? `${data.results.length} shown`
        : "No image matches. Upload it to the media library first."
    }
    let timer
    search.addEventListener("input", () => {
      clearTimeout(timer)
      timer = setTimeout(load, 250)
    })
    cancel.addEventListener("click", () => dialog.close())
    dialog.addEventListener("close", () => {
      dialog.remove()
      resolve(chosen)
    })
    editor.view.dom.parentElement.append(dialog)
    dialog.showModal()
    load()
  })
}

export const LibraryFigure = Node.create({
  name: "libraryFigure",
  group: "block",
  atom: true,
  draggable: true,
  selectable: true,

  addOptions() {
    return { chooserUrl: "" }
  },

  addAttributes() {
    const attr = (parse) => ({ default: "", rendered: false, parseHTML: parse })
    return {
      image: attr((el) => el.getAttribute("data-image") || ""),
      credit: attr((el) => el.getAttribute("data-credit") || ""),
      src: attr((el) => el.querySelector("img")?.getAttribute("src") || ""),
      alt: attr((el) => el.querySelector("img")?.getAttribute("alt") || ""),
      caption: attr((el) => el.querySelector("figcaption")?.textContent.trim() || ""),
    }
  },

  parseHTML() {
    return [{ tag: "figure[data-image]", priority: 60 }]
  },

  renderHTML({ node }) {
    const { image, credit, src, alt, caption } = node.attrs
    const figure = { "data-image": image }
    if (credit) figure["data-credit"] = credit
    const children = [["img", { src, alt }]]
    if (caption) children.push(["figcaption", {}, caption])
    return ["figure", figure, ...children]
  },

  addNodeView() {
    return ({ node, editor, getPos }) => {
      const img = crel("img", { src: node.attrs.src, alt: node.attrs.alt })
      const caption = crel("figcaption")
      const dom = crel("figure", { className: "editor-figure" }, [img, caption])
      const show = (current) => {
        img.src = current.attrs.src
        img.alt = current.attrs.alt
        const credit = current.attrs.credit ? ` Photo: ${current.attrs.credit}` : ""
        caption.textContent = `${current.attrs.caption}${credit}`.trim()
        dom.dataset.image = current.attrs.image
      }
      show(node)
      dom.title = "Double-click to edit the caption, credit and alt text"
      dom.addEventListener("dblclick", async () => {
        const current = editor.state.doc.nodeAt(getPos())
        const attrs = await editFigure(editor, { ...current.attrs })
        if (attrs) {
          editor.chain().focus().command(({ tr }) => {
            tr.setNodeMarkup(getPos(), undefined, { ...current.attrs, ...attrs })
            return true
          }).run()
        }
      })
      return {
        dom,
        update(updated) {
          if (updated.type.name !== "libraryFigure") return false
          show(updated)
          return true
        },
      }
    }
  },

  addCommands() {
    return {
      chooseFigure:
        () =>
        ({ editor }) => {
          chooseImage(editor, this.options.chooserUrl).then(async (image) => {
            if (!image) return
            const attrs = await editFigure(editor, {
              caption: image.caption,
              credit: image.credit,
              alt: image.alt,
            })
            if (!attrs) return
            editor
              .chain()
              .focus()
              .insertContent({
                type: this.name,
                attrs: { image: String(image.id), src: image.url, ...attrs },
              })
              .run()
          })
          return true
        },
    }
  },

  addMenuItems({ menu, buttons }) {
    menu.defineItem({
      name: "libraryFigure",
      groups: "nodes",
      command(editor) {
        editor.commands.chooseFigure()
      },
      button: buttons.material("image", "Figure from the media library"),
    })
  },
})

export const Embed = Node.create({
  name: "embed",
  group: "block",
  atom: true,
  draggable: true,
  selectable: true,

  addAttributes() {
    return {
      provider: {
        default: "",
        rendered: false,
        parseHTML: (el) => el.getAttribute("data-embed") || "",
      },
      url: {
        default: "",
        rendered: false,
        parseHTML: (el) =>
          el.getAttribute("data-embed-url") ||
          el.querySelector("a")?.getAttribute("href") ||
          "",
      },
    }
  },

  parseHTML() {
    return [{ tag: "figure[data-embed]", priority: 60 }]
  },

  renderHTML({ node }) {
    const { provider, url } = node.attrs
    return [
      "figure",
      { "data-embed": provider, "data-embed-url": url },
      ["a", { href: url }, url],
    ]
  },

  addNodeView() {
    return ({ node }) => {
      const label = crel("span", { className: "editor-embed__provider" })
      const link = crel("span", { className: "editor-embed__url" })
      const dom = crel("figure", { className: "editor-embed" }, [label, link])
      label.textContent = `Embed: ${node.attrs.provider}`
      link.textContent = node.attrs.url
      dom.dataset.embed = node.attrs.provider
      return { dom }
    }
  },

  addProseMirrorPlugins() {
    const type = this.type
    return [
      new Plugin({
        props: {
          // A URL pasted alone becomes an embed block when it is one of the
          // providers'; anything else is left to the link extension.
          handlePaste(view, event) {
            const text = event.clipboardData?.getData("text/plain") || ""
            const provider = recogniseEmbed(text)
            if (!provider) return false
            const html = event.clipboardData.getData("text/html") || ""
            // Rich text that merely contains a URL is pasted as it is.
            if (html && html.replace(/<[^>]*>/g, "").trim() !== text.trim()) {
              return false
            }
            const node = type.create({ provider, url: text.trim() })
            const { $from } = view.state.selection
            let tr = view.state.tr
            const parent = $from.parent
            if (parent.type.name === "paragraph" && parent.content.size === 0) {
              tr = tr.replaceWith($from.before(), $from.after(), node)
            } else {
              tr = tr.replaceSelectionWith(node)
            }
            view.dispatch(tr.scrollIntoView())
            return true
          },
        },
      }),
    ]
  },
})
