/**
 * The built pages as a host serves them, checked without a browser: valid
 * HTML by html-validate's recommended rules (`.htmlvalidate.json`), nothing a
 * strict `Content-Security-Policy: default-src 'self'` would block, the story
 * page within its size budget, and every address under the site's path prefix.
 *
 * `.htmlvalidate.json` turns off two rules, both about how the HTML is written
 * rather than what it means:
 * - `long-title`: a story's title is its headline, and wire headlines are
 *   often longer than 70 characters; cutting them would lose the headline for
 *   bookmarks, tabs and screen readers.
 * - `no-trailing-whitespace`: the pages are generated from indented templates;
 *   spaces at the end of a line between tags render nothing.
 */
import { existsSync, readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { load } from 'cheerio'
import { HtmlValidate, type ConfigData } from 'html-validate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildSample, htmlFiles, seedStory, type BuiltSite } from './support/browser.ts'

const config = JSON.parse(readFileSync(path.join(process.cwd(), '.htmlvalidate.json'), 'utf8')) as ConfigData
/** Where the prefixed build says the site lives. */
const prefixedUrl = 'https://example.org/archive'
/**
 * A story page and its stylesheet must arrive in the first round trips of a
 * new connection: about 14 KB, ten TCP segments (RFC 6928's initial window).
 */
const budget = 14 * 1024

let site: BuiltSite
let prefixed: BuiltSite
let files: string[]

beforeAll(async () => {
  site = await buildSample()
  prefixed = await buildSample(prefixedUrl)
  files = await htmlFiles(site.dir)
})

afterAll(async () => {
  await site?.remove()
  await prefixed?.remove()
})

const read = (dir: string, file: string) => readFile(path.join(dir, file), 'utf8')

describe('every built page', () => {
  it('should be valid HTML by html-validate’s recommended rules', async () => {
    const validator = new HtmlValidate(config)
    expect(files.length).toBeGreaterThan(100)
    const errors: string[] = []
    for (const file of files) {
      const report = await validator.validateString(await read(site.dir, file), file)
      for (const result of report.results) {
        for (const message of result.messages) errors.push(`${file}:${message.line}:${message.column}  ${message.message}  ${message.ruleId}`)
      }
    }
    expect(errors).toEqual([])
  })

  it('should have no inline style or script that a default-src \'self\' policy would block', async () => {
    const inline: string[] = []
    for (const file of files) {
      const page = load(await read(site.dir, file))
      // JSON-LD is a data block: the browser never runs it, so a policy does not apply.
      const found = page('[style], style, script:not([src]):not([type="application/ld+json"]), [onload], [onclick], [onerror], a[href^="javascript:"]')
      found.each((_, element) => void inline.push(`${file}: <${element.tagName}>`))
    }
    expect(inline).toEqual([])
  })

  it('should load its styles, scripts and icons from the site only, with system fonts', async () => {
    const elsewhere: string[] = []
    for (const file of files) {
      const page = load(await read(site.dir, file))
      page('link[rel~="stylesheet"], link[rel~="icon"], link[rel~="preload"], script[src], img, iframe, source, video, audio').each((_, element) => {
        const address = page(element).attr('href') ?? page(element).attr('src') ?? ''
        if (/^(?:[a-z]+:)?\/\//i.test(address)) elsewhere.push(`${file}: ${address}`)
      })
    }
    expect(elsewhere).toEqual([])
    for (const stylesheet of ['style.css', 'search.css']) {
      const css = await read(site.dir, stylesheet)
      expect(css, stylesheet).not.toMatch(/@import|@font-face|url\(/)
    }
  })

  it('should mark every date of the lists, headings, times and pagers up as <time>', async () => {
    // A date as the archive writes it (`July 6, 2012`, `Nov. 7, 2020`, `July 2012`), or a year where only years are listed.
    const date = /\b(?:Jan|Feb|March|April|May|June|July|Aug|Sept|Oct|Nov|Dec)[a-z]*\.? (?:\d{1,2}, )?\d{4}\b/
    const year = /\b\d{4}\b/
    const bare: string[] = []
    let times = 0
    for (const file of files) {
      const page = load(await read(site.dir, file))
      page('time').each((_, element) => {
        times += 1
        const time = page(element)
        // Without a datetime attribute, the text itself must be a valid date string: here, a year.
        if (time.attr('datetime') === undefined && !/^\d{4}$/.test(time.text())) bare.push(`${file}: <time>${time.text()}</time> has no datetime`)
      })
      // What is left once times and story headlines (prose, which may name a month) are taken out.
      page('time, .quote-source a').remove()
      page('.story-meta, .quote-source, .period-list, .page-header, .pager').each((_, element) => {
        const text = page(element).text()
        if (date.test(text)) bare.push(`${file}: "${date.exec(text)?.[0]}" in .${page(element).attr('class')}`)
      })
      page('.archive-years, .pager').each((_, element) => {
        const text = page(element).text()
        if (year.test(text)) bare.push(`${file}: "${year.exec(text)?.[0]}" in .${page(element).attr('class')}`)
      })
    }
    expect(bare).toEqual([])
    expect(times).toBeGreaterThan(files.length)
  })

  it('should give every page one stylesheet, shared by all, and the search page one more', async () => {
    const sheets = new Map<string, string[]>()
    for (const file of files) {
      const page = load(await read(site.dir, file))
      const hrefs = page('link[rel="stylesheet"]').map((_, link) => page(link).attr('href')).get()
      sheets.set(file, hrefs)
    }
    for (const [file, hrefs] of sheets) expect(hrefs, file).toEqual(file === 'search/index.html' ? ['/style.css', '/search.css'] : ['/style.css'])
  })
})

describe('the story page budget', () => {
  it(`should send the seed story's HTML and the stylesheet in at most ${budget} bytes gzipped`, async () => {
    const html = gzipSync(await readFile(path.join(site.dir, seedStory, 'index.html'))).length
    const css = gzipSync(await readFile(path.join(site.dir, 'style.css'))).length
    console.info(`Story page budget: ${html} bytes of HTML + ${css} bytes of CSS = ${html + css} of ${budget} bytes, gzipped`)
    expect(html + css).toBeLessThanOrEqual(budget)
  })
})

describe('a site under a path prefix', () => {
  /** Every address a page links to or loads, by attribute. */
  const addressSelector = '[href], [src], [action], [srcset]'

  it('should put the prefix on every site address of every page', async () => {
    const prefixedFiles = await htmlFiles(prefixed.dir)
    expect(prefixedFiles).toEqual(files)
    const outside: string[] = []
    for (const file of prefixedFiles) {
      const page = load(await read(prefixed.dir, file))
      page(addressSelector).each((_, element) => {
        for (const name of ['href', 'src', 'action', 'srcset']) {
          const address = page(element).attr(name)
          if (address === undefined) continue
          const onSite = address.startsWith('/') && !address.startsWith('//')
          const absoluteOnHost = address.startsWith('https://example.org')
          if ((onSite && !address.startsWith('/archive/')) || (absoluteOnHost && !address.startsWith(`${prefixedUrl}/`))) {
            outside.push(`${file}: ${name}="${address}"`)
          }
        }
      })
    }
    expect(outside).toEqual([])
  })

  it('should lead every site address to a file the build wrote', async () => {
    const broken = new Set<string>()
    let checked = 0
    for (const file of await htmlFiles(prefixed.dir)) {
      const page = load(await read(prefixed.dir, file))
      page(addressSelector).each((_, element) => {
        for (const name of ['href', 'src']) {
          const address = page(element).attr(name)?.replace(/[?#].*$/, '')
          if (address === undefined || !address.startsWith('/archive/')) continue
          const target = path.join(prefixed.dir, decodeURIComponent(address.slice('/archive/'.length)), address.endsWith('/') ? 'index.html' : '')
          checked += 1
          if (!existsSync(target)) broken.add(`${file}: ${address}`)
        }
      })
    }
    expect([...broken]).toEqual([])
    expect(checked).toBeGreaterThan(files.length * 10)
  })

  it('should link the stylesheet, icon and home page under the prefix', async () => {
    const page = load(await read(prefixed.dir, path.join(seedStory, 'index.html')))
    expect(page('link[rel="stylesheet"]').attr('href')).toBe('/archive/style.css')
    expect(page('link[rel="icon"]').attr('href')).toBe('/archive/favicon.svg')
    expect(page('.masthead-title').attr('href')).toBe('/archive/')
    expect(page('link[rel="canonical"]').attr('href')).toBe(`${prefixedUrl}${seedStory}`)
  })

  it('should link the not-found page under the prefix, so it works at any depth', async () => {
    const page = load(await read(prefixed.dir, '404.html'))
    const links = page('main a').map((_, link) => page(link).attr('href')).get()
    expect(links).toEqual(['/archive/', '/archive/sections/', '/archive/tags/', '/archive/search/'])
  })
})
