/**
 * Random stories, built from Markdown, front matter and known XSS payloads,
 * through the loader and the renderer: nothing crashes except into a reported
 * problem, and nothing executable ever comes out.
 */
import fc from 'fast-check'
import { load } from 'cheerio'
import { VFile } from 'vfile'
import { describe, expect, it } from 'vitest'
import { loadStory } from '../src/load/index.ts'
import { articleHtml, defaultSite, renderArticle } from '../src/render/index.ts'
import { renderMarkdown } from '../src/render/markdown.ts'
import { newsArticle } from '../src/render/metadata.ts'
import { unsafeParts } from './support/safe-html.ts'

/**
 * Enough runs to reach the corners, few enough to finish in seconds; a fixed
 * seed so a failure is the same on every machine. `MORGUE_PROPERTY_SEED` and
 * `MORGUE_PROPERTY_RUNS` explore further.
 */
const runs = { numRuns: Number(process.env.MORGUE_PROPERTY_RUNS ?? 300), seed: Number(process.env.MORGUE_PROPERTY_SEED ?? 20120706) }

/** Payloads that have broken sanitisers, templates, feeds and JSON-in-HTML before. */
const payloads = [
  '<script>alert(1)</script>', '<SCRIPT SRC=//evil.example/x.js></SCRIPT>', '</script><script>alert(1)</script>', '<img src=x onerror=alert(1)>', '<img src="x" onerror="alert(1)">',
  '<svg onload=alert(1)>', '<svg><script>alert(1)</script></svg>', '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>', '<iframe src="javascript:alert(1)"></iframe>',
  '<object data="javascript:alert(1)">', '<embed src="javascript:alert(1)">', '<style>*{display:none}</style>', '<link rel=stylesheet href=//evil.example/x.css>', '<base href="//evil.example/">',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">', '<a href="javascript:alert(1)">x</a>', '<a href=" &#14;javascript:alert(1)">x</a>', '<form><button formaction=javascript:alert(1)>x',
  '<details open ontoggle=alert(1)>', '<body onload=alert(1)>', '<input autofocus onfocus=alert(1)>', '<a id="search-form" name="main">x</a>', '" onmouseover="alert(1)', "' onmouseover='alert(1)",
  'javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'jav&#x09;ascript:alert(1)', '&#106;avascript:alert(1)', '%6A%61vascript:alert(1)', 'java\u0000script:alert(1)', 'vbscript:msgbox(1)',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==', 'data:image/svg+xml,<svg onload=alert(1)>', ']]>', '<![CDATA[', '<!--', '-->', '{{ 7 * 7 }}', '{% raw %}', '{%- include "x" -%}', '${7*7}',
  '\u202E', '\u2028', '\u0000', '\u001B[2J', '&lt;script&gt;', '&#60;script&#62;', '\\u003cscript\\u003e',
]

/** Addresses a link or image may be given. */
const urls = ['javascript:alert(1)', 'JAVASCRIPT:alert(1)', ' javascript:alert(1)', 'jav&#x09;ascript:alert(1)', '&#x6A;avascript:alert(1)', 'vbscript:x', 'data:text/html,<script>alert(1)</script>', 'https://example.org/', '//evil.example/x.png', '/2012/07/06/x/', 'x.png', '#main', 'mailto:a@example.org']

const word = fc.constantFrom('Syria', 'president', 'said', 'the', 'fares', 'rise', '“quoted”', '"straight"', "it's", 'AP', '—', '1,000', 'BEIRUT', 'é', '📰')
const syntax = fc.constantFrom('*', '**', '_', '`', '[', ']', '(', ')', '![', '](', '<', '>', '> ', '- ', '1. ', '# ', '---', '```', '\\', '&', '&amp;', '|', '~', '\n', '\n\n', '    ', '\t')
const link = fc.tuple(fc.constantFrom(...payloads, 'a link'), fc.constantFrom(...urls), fc.nat(3)).map(([text, url, form]) => [`[${text}](${url})`, `![${text}](${url})`, `<${url}>`, `[${text}][r]\n\n[r]: ${url}`][form] ?? '')
const fragment = fc.oneof({ weight: 4, arbitrary: word }, { weight: 3, arbitrary: syntax }, { weight: 2, arbitrary: fc.constantFrom(...payloads) }, { weight: 1, arbitrary: link }, { weight: 1, arbitrary: fc.string({ maxLength: 8 }) })

/** Random Markdown: words, Markdown syntax, payloads and links, with spaces between. */
const markdown = fc.array(fragment, { minLength: 1, maxLength: 60 }).map((parts) => parts.join(' '))

/** A YAML double-quoted string holding any text. */
const quoted = (text: string) => JSON.stringify(text)
const text = fc.oneof(fc.constantFrom(...payloads), markdown.map((value) => value.slice(0, 80)), fc.string({ maxLength: 20 }))
const frontMatterLine = fc.oneof(
  text.map((value) => `title: ${quoted(value)}`),
  text.map((value) => `description: ${quoted(value)}`),
  text.map((value) => `byline: ${quoted(value)}`),
  text.map((value) => `dateline: ${quoted(value)}`),
  text.map((value) => `credit: ${quoted(value)}`),
  text.map((value) => `section: ${quoted(value)}`),
  fc.array(text, { maxLength: 3 }).map((values) => `tags: [${values.map(quoted).join(', ')}]`),
  fc.tuple(text, fc.constantFrom(...urls)).map(([name, url]) => `source:\n  name: ${quoted(name)}\n  url: ${quoted(url)}`),
  fc.tuple(text, fc.constantFrom(...urls)).map(([title, url]) => `related:\n  - title: ${quoted(title)}\n    url: ${quoted(url)}`),
  fc.constantFrom('slug: a/b', 'slug: "%2e%2e"', 'permalink: /search/', 'permalink: "/a\\u202Eb/"', 'timezone: Mars/Olympus', 'timezone: America/New_York', 'draft: yes', 'title: 1e3', 'date: 2012-02-30', 'updated: 2012-07-06T11:59-04:00'),
  fc.constantFrom('__proto__:\n  polluted: yes', 'constructor:\n  prototype:\n    polluted: yes', 'a: &a [x, x]\nb: [*a, *a]', 'bad: [unclosed', 'key: value: other', '  indented: wrongly', 'title: a\ntitle: b'),
)

/** A whole story file: maybe front matter, maybe a `---js` block, then a body. */
const storyFile = fc.tuple(
  fc.constantFrom('yaml', 'none', 'js', 'unclosed'),
  fc.array(frontMatterLine, { maxLength: 6 }),
  fc.constantFrom('', 'A headline here\n\n', 'BEIRUT (AP) — '),
  markdown,
  fc.constantFrom('\n', '\r\n', '\r'),
).map(([kind, lines, opening, body, newline]) => {
  const head = kind === 'none' ? '' : kind === 'js' ? '---js\n{ title: (globalThis.morgueRan = "property") }\n---\n' : `---\ndate: 2012-07-06\n${lines.join('\n')}\n${kind === 'unclosed' ? '' : '---\n'}`
  return (head + opening + body + '\n').replace(/\n/g, newline)
})

/** Parse rendered HTML; no executable part may be in it. */
function expectSafe(html: string): void {
  expect(unsafeParts(html)).toEqual([])
}

describe('the safety check', () => {
  it('should find every kind of executable part it looks for', () => {
    const html = '<script>alert(1)</script><script type="application/ld+json">{}</script><a href=" java\tscript:x" onclick="y">a</a><img src="DATA:image/png,x"><iframe></iframe><style></style><p style="color:red">p</p><meta http-equiv="refresh" content="0">'
    expect(unsafeParts(html)).toEqual([
      'script <script>alert(1)</script>',
      'element <iframe>',
      'element <style>',
      'element <meta>',
      'href=" java\tscript:x" on <a>',
      'handler onclick="y" on <a>',
      'src="DATA:image/png,x" on <img>',
      'style="color:red" on <p>',
    ])
  })
})

describe('random stories', () => {
  it('should load into a story or into reported errors, never throwing', () => {
    fc.assert(fc.property(storyFile, fc.constantFrom('content/2012/07/06/story.md', 'content/wire.txt'), (value, path) => {
      const file = new VFile({ path, value })
      const story = loadStory(file)
      const errors = file.messages.filter((message) => message.fatal === true)
      // A story, or at least one error with a rule and a place; never both, never neither.
      expect(story === null).toBe(errors.length > 0)
      for (const message of file.messages) {
        expect(message.ruleId).toMatch(/^[a-z]+(?:-[a-z]+)*$/)
        expect(message.line ?? 1).toBeGreaterThanOrEqual(1)
      }
    }), runs)
    expect((globalThis as { morgueRan?: string }).morgueRan).toBeUndefined()
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined()
  })

  it('should render no script, handler, frame, style or dangerous link from any story that loads', () => {
    fc.assert(fc.property(storyFile, (value) => {
      const story = loadStory(new VFile({ path: 'content/2012/07/06/story.md', value }))
      if (story === null) return
      const view = renderArticle(story, defaultSite)
      const { ledeHtml, bodyHtml } = articleHtml(story)
      expect([view.ledeHtml, view.bodyHtml]).toEqual([ledeHtml, bodyHtml])
      expectSafe(ledeHtml)
      expectSafe(bodyHtml)
      // The JSON-LD stays one data block holding exactly the article, whatever its fields say.
      const page = load(`<head><script type="application/ld+json">${view.jsonLd}</script></head>`)
      expect(page('script')).toHaveLength(1)
      expect(JSON.parse(page('script').text())).toEqual(JSON.parse(JSON.stringify(newsArticle(story, defaultSite))))
      expect(unsafeParts(page.html())).toEqual([])
    }), runs)
  })
})

describe('random Markdown', () => {
  it('should render to HTML with nothing executable in it', () => {
    fc.assert(fc.property(markdown, (value) => {
      expectSafe(renderMarkdown(value))
    }), runs)
  })

  it('should render links and images to addresses that are safe, or to none', () => {
    fc.assert(fc.property(fc.constantFrom(...payloads, 'text'), fc.constantFrom(...urls, ...payloads), (label, url) => {
      for (const source of [`[${label}](${url})`, `![${label}](${url})`, `[${label}][r]\n\n[r]: <${url}>`, `<${url}>`]) {
        const html = renderMarkdown(source)
        expectSafe(html)
        // Images from elsewhere become links: nothing is loaded from another site.
        for (const image of load(html)('img').toArray()) expect(new URL(image.attribs.src ?? '', 'https://site.invalid/a/').origin).toBe('https://site.invalid')
      }
    }), runs)
  })
})
