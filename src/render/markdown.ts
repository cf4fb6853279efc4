/**
 * Story Markdown to HTML, through remark-html with its sanitiser on: raw
 * HTML, scripts, event handlers and `javascript:` links never reach a page.
 *
 * Images from other sites become links to them: a page loads nothing from
 * elsewhere, so a story cannot track its readers and the site's
 * Content-Security-Policy (`default-src 'self'`) holds.
 */
import { unified } from 'unified'
import remarkParse from 'remark-parse'
import remarkHtml from 'remark-html'
import type { Definition, Nodes, PhrasingContent, Root } from 'mdast'

/** An address resolved against this, if it keeps this origin, stays on the site. */
const siteBase = 'https://site.invalid/story/'

/** Whether a URL, as a browser would read it on a story page, stays on the site. */
function staysOnSite(url: string): boolean {
  try {
    return new URL(url, siteBase).origin === new URL(siteBase).origin
  } catch {
    return false
  }
}

/** Turn every image from another site into a link to it (or its alt text, inside a link). */
function keepImagesOnSite() {
  return (tree: Root): void => {
    const definitions = new Map<string, Definition>()
    const collect = (node: Nodes): void => {
      if (node.type === 'definition') definitions.set(node.identifier.toUpperCase(), node)
      if ('children' in node) for (const child of node.children) collect(child)
    }
    collect(tree)
    const rewrite = (node: Nodes, inLink: boolean): void => {
      if (!('children' in node)) return
      const linked = inLink || node.type === 'link' || node.type === 'linkReference'
      node.children = node.children.map((child) => {
        const replaced = offSiteImage(child, definitions, linked)
        if (replaced === null) rewrite(child, linked)
        return replaced ?? child
      }) as typeof node.children
    }
    rewrite(tree, false)
  }
}

/** What an image from another site becomes, or null when the node is not one. */
function offSiteImage(node: Nodes, definitions: ReadonlyMap<string, Definition>, inLink: boolean): PhrasingContent | null {
  let url: string | null = null
  let title: string | null = null
  if (node.type === 'image') {
    url = node.url
    title = node.title ?? null
  } else if (node.type === 'imageReference') {
    const definition = definitions.get(node.identifier.toUpperCase())
    if (!definition) return null
    url = definition.url
    title = definition.title ?? null
  } else return null
  if (staysOnSite(url)) return null
  const alt = node.alt ?? ''
  const text = { type: 'text', value: alt === '' ? url : alt } as const
  return inLink ? text : { type: 'link', url, title, children: [text] }
}

/** One processor for every story: built once, reused. */
const processor = unified().use(remarkParse).use(keepImagesOnSite).use(remarkHtml, { sanitize: true })

/** Render Markdown to sanitised HTML. */
export function renderMarkdown(markdown: string): string {
  return String(processor.processSync(markdown)).trim()
}
