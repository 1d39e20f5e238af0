// Which pasted URLs become embeds: the six providers of articles/embeds.py,
// recognised from the URL alone. A first guess for the editor; the server
// (articles/embeds.py, run by articles/sanitize.py on save) decides, and turns
// anything it does not recognise back into a link, with a message.

const HOSTS = {
  youtube: ["youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be"],
  vimeo: ["vimeo.com", "www.vimeo.com", "player.vimeo.com"],
  x: [
    "x.com",
    "www.x.com",
    "mobile.x.com",
    "twitter.com",
    "www.twitter.com",
    "mobile.twitter.com",
  ],
  telegram: ["t.me", "telegram.me"],
  facebook: ["facebook.com", "www.facebook.com", "m.facebook.com"],
  instagram: ["instagram.com", "www.instagram.com"],
}

const PATHS = {
  youtube: /^\/(watch\/?|shorts\/[\w-]{11}\/?|live\/[\w-]{11}\/?|embed\/[\w-]{11}\/?|[\w-]{11}\/?)$/,
  vimeo: /^\/(video\/)?\d+(\/[0-9a-f]+)?\/?$/,
  x: /^\/\w{1,15}\/status(es)?\/\d+\/?$/,
  telegram: /^\/(s\/)?\w{4,32}\/\d+\/?$/,
  facebook: /^\/(.+\/(posts|videos)\/.+|watch\/?|story\.php|permalink\.php|reel\/\d+\/?)$/,
  instagram: /^\/(p|reel|tv)\/[\w-]+\/?$/,
}

/** The provider of `text` if it is a single URL of one of them, or "". */
export function recogniseEmbed(text) {
  const value = (text || "").trim()
  if (!value || /\s/.test(value) || value.length > 2000) return ""
  let url
  try {
    url = new URL(value)
  } catch {
    return ""
  }
  if (!["http:", "https:"].includes(url.protocol) || url.username || url.port) {
    return ""
  }
  const host = url.hostname.toLowerCase()
  for (const [provider, hosts] of Object.entries(HOSTS)) {
    if (!hosts.includes(host)) continue
    if (provider === "youtube" && url.pathname.startsWith("/watch")) {
      return /^[\w-]{11}$/.test(url.searchParams.get("v") || "") ? provider : ""
    }
    return PATHS[provider].test(url.pathname) ? provider : ""
  }
  return ""
}

/** A watch URL for a YouTube <iframe src=".../embed/ID">, else "". */
export function urlOfFrame(src) {
  const match = /^https:\/\/www\.youtube(-nocookie)?\.com\/embed\/([\w-]{11})/.exec(
    src || "",
  )
  return match ? `https://www.youtube.com/watch?v=${match[2]}` : ""
}
