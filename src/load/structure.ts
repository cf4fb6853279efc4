/**
 * The structure of a story body: which top-level blocks are the headline,
 * the time line, the byline, notices, related headlines, furniture, and
 * which are copy. Works on the mdast tree so positions stay true to the file.
 */
import type { Root, RootContent } from 'mdast'
import { toString } from 'mdast-util-to-string'
import { decodeHTML } from 'entities'
import type { Block, Notice, Point, RelatedLink } from './story.ts'
import { isEmbargoLine, isFurniture, isHeadlineLike, isRelatedLabel, isRelatedRun, readAnchorLine, readByline, readNotice } from './lines.ts'
import { isTimeLine } from './times.ts'

/** A line that was read as a field, with where it stands. */
export interface Located {
  text: string
  place: Point
}

/** The parts of a story body before any field is inferred from them. */
export interface BodyStructure {
  headline: Located | null
  timeLines: Located[]
  byline: Located | null
  embargo: Located | null
  notices: Notice[]
  related: RelatedLink[]
  relatedPlace: Point | null
  boilerplate: string[]
  /** Copy blocks in order; the first is the lede paragraph, opening and all. */
  blocks: Block[]
}

/** Options for reading a body. */
export interface StructureOptions {
  /** The headline front matter gives, if any: a line equal to it is the headline line. */
  title: string | null
}

/** Collapse whitespace, trim, and normalise to NFC. */
export function clean(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim()
}

/** A top-level block with what is known of it on its own. */
interface Item {
  node: RootContent
  markdown: string
  text: string
  lines: string[]
  place: Point
  /** Set on the first line of a header stack taken for the headline. */
  stackedHeadline?: boolean
}

function pointOf(node: RootContent): Point {
  return { line: node.position?.start.line ?? 1, column: node.position?.start.column ?? 1 }
}

function sourceOf(node: RootContent, source: string): string {
  const start = node.position?.start.offset
  const end = node.position?.end.offset
  return start === undefined || end === undefined ? toString(node) : source.slice(start, end)
}

/** Text of scraped HTML: tags dropped, entities decoded. */
function htmlText(html: string): string {
  // What a script or style element holds is code, never copy.
  const withoutCode = html.replace(/<(script|style)\b[^>]*>[\s\S]*?(?:<\/\1\s*>|$)/gi, ' ')
  return clean(decodeHTML(withoutCode.replace(/<[^>]*>/g, ' ')))
}

/** Block-level parents whose children are separate runs of text. */
const blockParents = new Set(['list', 'listItem', 'blockquote', 'table', 'tableRow', 'tableCell'])

/** Plain text of a node: inline HTML left out, block children kept apart by a space. */
function textOf(node: RootContent): string {
  if (node.type === 'list' && node.ordered) {
    // The numbers of an ordered list are copy too ("1. Unofficial results").
    return node.children.map((item, index) => `${(node.start ?? 1) + index}. ${textOf(item)}`).join(' ')
  }
  if (blockParents.has(node.type) && 'children' in node) {
    return (node.children as RootContent[]).map(textOf).join(' ')
  }
  return toString(node, { includeHtml: false })
}

function itemOf(node: RootContent, source: string): Item {
  const markdown = sourceOf(node, source)
  const text = node.type === 'html' ? htmlText(node.value) : clean(textOf(node))
  const lines = markdown.split('\n').map((line) => line.trim()).filter((line) => line !== '')
  return { node, markdown, text, lines, place: pointOf(node) }
}

/** A line of the header stack that can only be what it says: time, byline, furniture, embargo. */
function isHeaderLine(line: string): boolean {
  return isTimeLine(line) || readByline(line) !== null || isFurniture(line) || isEmbargoLine(line)
}

/** One line of a paragraph as an item of its own, at its own line of the file. */
function lineItem(item: Item, lines: readonly string[], offset: number): Item {
  const markdown = lines.join('\n')
  const text = clean(lines.join(' ').replace(/<[^>]*>/g, ' '))
  return { node: item.node, markdown, text, lines: [...lines], place: { line: item.place.line + offset, column: 1 } }
}

/**
 * Wire copy often stacks headline, byline and time line with no blank line
 * between them, so Markdown reads them as one paragraph. Split such a stack
 * back into its lines: header lines while they last, and a first line taken
 * for the headline only when a header line follows it (or it is the title),
 * so a hard-wrapped lede is never cut up.
 */
function unstack(item: Item, title: string | null): Item[] {
  const { lines } = item
  if (lines.length < 2) return [item]
  let peeled = 0
  const first = lines[0] ?? ''
  if (!isHeaderLine(first) && (clean(first) === title || (isHeadlineLike(first, 32) || /[.?!]$/.test(first)) && isHeaderLine(lines[1] ?? ''))) peeled = 1
  while (peeled < lines.length && isHeaderLine(lines[peeled] ?? '')) peeled++
  if (peeled === 0) return [item]
  const parts = lines.slice(0, peeled).map((line, offset) => lineItem(item, [line], offset))
  if (parts[0] && !isHeaderLine(first)) parts[0].stackedHeadline = true
  if (peeled < lines.length) parts.push(lineItem(item, lines.slice(peeled), peeled))
  return parts
}

/** Read the structure of a parsed story body. */
export function readStructure(tree: Root, source: string, options: StructureOptions): BodyStructure {
  const result: BodyStructure = {
    headline: null, timeLines: [], byline: null, embargo: null,
    notices: [], related: [], relatedPlace: null, boilerplate: [], blocks: [],
  }
  const title = options.title === null ? null : clean(options.title)
  const items = tree.children.map((node) => itemOf(node, source))
  let index = 0
  while (index < items.length) {
    const item = items[index] as Item
    if (result.blocks.length === 0 && item.node.type === 'paragraph') {
      const stacked = unstack(item, title)
      if (stacked.length > 1) {
        items.splice(index, 1, ...stacked)
        continue
      }
    }
    index++
    if (item.lines.length > 0 && item.lines.every(isFurniture)) {
      result.boilerplate.push(...item.lines)
    } else if (item.node.type === 'html' && item.text === '') {
      result.boilerplate.push(...item.lines)
    } else if (result.headline === null && result.blocks.length === 0 && isHeadline(item, title)) {
      result.headline = { text: item.text, place: item.place }
    } else if (title !== null && item.text === title && result.blocks.length === 0) {
      // The headline line repeated under a front-matter title is still the headline line.
      result.boilerplate.push(...item.lines)
    } else if (result.blocks.length === 0 && isTimeItem(item)) {
      result.timeLines.push({ text: item.text, place: item.place })
    } else if (isEmbargoLine(item.text)) {
      result.embargo ??= { text: item.text, place: item.place }
    } else if (readNotice(item.text)) {
      result.notices.push(readNotice(item.text) as Notice)
    } else if (result.blocks.length === 0 && result.byline === null && readByline(item.text) !== null) {
      result.byline = { text: item.text, place: item.place }
    } else if (startsRelated(item, items[index])) {
      index = readRelated(items, index - 1, result)
    } else {
      result.blocks.push(blockOf(item))
    }
  }
  return result
}

function blockOf(item: Item): Block {
  // Scraped HTML that holds copy is kept as its text: the sanitiser would drop it whole.
  const markdown = item.node.type === 'html' ? item.text : item.markdown
  return { markdown, text: item.text, line: item.place.line }
}

function isTimeItem(item: Item): boolean {
  return item.lines.length === 1 && (item.node.type === 'paragraph' || item.node.type === 'heading') && isTimeLine(item.text)
}

/**
 * Whether a block before the copy is the headline line: equal to the
 * front-matter title when there is one, else a short headline-like line.
 */
function isHeadline(item: Item, title: string | null): boolean {
  if (title !== null) return item.text === title
  if (item.node.type === 'heading') return item.node.depth <= 2
  // Above a byline or time line, a headline may even end with a full stop.
  if (item.stackedHeadline === true) return true
  if (item.node.type !== 'paragraph' || item.lines.length !== 1) return false
  if (isTimeLine(item.text) || readByline(item.text) !== null || readNotice(item.text) || isEmbargoLine(item.text)) return false
  // A headline line may run long; a related headline may not.
  return isHeadlineLike(item.text, 32) && !/[.]$/.test(item.text)
}

/** Lines of an item read as related headlines, or null when any line is not one. */
function relatedLines(item: Item): RelatedLink[] | null {
  if (item.node.type !== 'paragraph' && item.node.type !== 'html') return null
  const anchors = item.lines.map(readAnchorLine)
  if (anchors.every((anchor) => anchor !== null)) return anchors as RelatedLink[]
  if (item.node.type !== 'paragraph') return null
  if (item.lines.length >= 2 && isRelatedRun(item.lines)) return item.lines.map((line) => ({ title: clean(line), url: null }))
  if (item.lines.length === 1 && isHeadlineLike(item.text) && !/[.!?"”]$/.test(item.text)) return [{ title: item.text, url: null }]
  return null
}

/**
 * Whether an item opens related headlines: a label, a run that is one on its
 * own, or a headline line followed by another (a run separated by blank lines).
 */
function startsRelated(item: Item, next: Item | undefined): boolean {
  if (item.lines[0] !== undefined && isRelatedLabel(item.lines[0])) return true
  const links = relatedLines(item)
  if (links === null) return false
  if (links.length >= 2 || links.some((link) => link.url !== null)) return true
  return next !== undefined && relatedLines(next) !== null
}

/**
 * Read related headlines from `items[start]` on: an optional label, then
 * lines or one-line paragraphs of headlines. Two one-line paragraphs or more
 * make a run; a lone short line without a label stays copy.
 */
function readRelated(items: readonly Item[], start: number, result: BodyStructure): number {
  const first = items[start] as Item
  let labelled = false
  let index = start
  const links: RelatedLink[] = []
  if (first.lines[0] !== undefined && isRelatedLabel(first.lines[0])) {
    labelled = true
    result.boilerplate.push(first.lines[0])
    const rest = first.lines.slice(1)
    links.push(...rest.map((line) => readAnchorLine(line) ?? { title: clean(line), url: null }))
    index++
  }
  while (index < items.length) {
    const item = items[index] as Item
    if (item.lines.length > 0 && item.lines.every(isFurniture)) break
    const more = relatedLines(item)
    if (more === null) break
    links.push(...more)
    index++
  }
  if (!labelled && links.length < 2) {
    result.blocks.push(blockOf(first))
    return start + 1
  }
  result.relatedPlace ??= first.place
  result.related.push(...links)
  return index
}
