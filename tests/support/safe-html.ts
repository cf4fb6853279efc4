/**
 * What makes HTML executable or able to restyle or reframe a page, found by
 * parsing it as a browser does (parse5, through cheerio), never by grepping.
 */
import { load } from 'cheerio'

/** Attributes that hold a URL a browser may follow, load or submit to. */
const urlAttributes = ['href', 'src', 'action', 'formaction', 'xlink:href', 'srcset', 'poster', 'data', 'background', 'cite', 'longdesc', 'ping', 'manifest']

/** Elements that run, embed, restyle or redirect. */
const forbiddenElements = ['iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'style', 'base', 'portal', 'meta[http-equiv]']

/** A browser strips ASCII whitespace and controls from a URL before reading its scheme. */
function scheme(url: string): string {
  return /^([a-z][a-z0-9+.-]*):/i.exec(url.replace(/[\u0000-\u0020]/g, ''))?.[1]?.toLowerCase() ?? ''
}

/** What the checks allow. */
export interface SafeOptions {
  /** Scripts with these `src` values are the site's own (the search page's). */
  scripts?: readonly string[]
  /** Whether `style` attributes count as a problem (they do under the site's policy). */
  styleAttributes?: boolean
  /** Allow a `<meta http-equiv="refresh">` to a path of the site (the page left at a story's old address). */
  refreshWithinSite?: boolean
}

/** Every way `html` could run code or escape its page, one line each; empty when it is safe. */
export function unsafeParts(html: string, options: Readonly<SafeOptions> = {}): string[] {
  const page = load(html)
  const problems: string[] = []
  page('script').each((_, element) => {
    const type = element.attribs.type
    const src = element.attribs.src
    if (type === 'application/ld+json' && src === undefined) return
    if (src !== undefined && options.scripts?.includes(src)) return
    problems.push(`script ${page.html(element).slice(0, 80)}`)
  })
  for (const selector of forbiddenElements) {
    for (const node of page(selector).toArray()) {
      const attribs = 'attribs' in node ? node.attribs : {}
      if (options.refreshWithinSite === true && attribs['http-equiv']?.toLowerCase() === 'refresh' && /^0; url=\/(?![/\\])/.test(attribs.content ?? '')) continue
      problems.push(`element <${'tagName' in node ? node.tagName : selector}>`)
    }
  }
  for (const node of page('*').toArray()) {
    if (!('attribs' in node)) continue
    for (const [name, value] of Object.entries(node.attribs)) {
      const attribute = name.toLowerCase()
      if (attribute.startsWith('on')) problems.push(`handler ${name}="${value}" on <${node.tagName}>`)
      if (urlAttributes.includes(attribute) && ['javascript', 'vbscript', 'data'].includes(scheme(value))) problems.push(`${name}="${value}" on <${node.tagName}>`)
      if (options.styleAttributes !== false && attribute === 'style') problems.push(`style="${value}" on <${node.tagName}>`)
    }
  }
  return problems
}
