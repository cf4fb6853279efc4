/**
 * The structure of a story body: which top-level blocks are the headline,
 * the time line, the byline, notices, related headlines, furniture, and
 * which are copy. Works on the mdast tree so positions stay true to the file.
 */
import type { Root, RootContent } from 'mdast'
import { toString } from 'mdast-util-to-string'
import type { Block, Notice, Point, RelatedLink } from './story.ts'
import { isEmbargoLine, isFurniture, isHeadlineLike, isRelatedRun, readByline, readNotice } from './lines.ts'
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

function pointOf(node: RootContent): Point {
  return { line: node.position?.start.line ?? 1, column: node.position?.start.column ?? 1 }
}

function sourceOf(node: RootContent, source: string): string {
  const start = node.position?.start.offset
  const end = node.position?.end.offset
  return start === undefined || end === undefined ? toString(node) : source.slice(start, end)
}

/** Read the structure of a parsed story body. */
export function readStructure(tree: Root, source: string, options: StructureOptions): BodyStructure {
  const result: BodyStructure = {
    headline: null, timeLines: [], byline: null, embargo: null,
    notices: [], related: [], relatedPlace: null, boilerplate: [], blocks: [],
  }
  const title = options.title === null ? null : clean(options.title)
  for (const node of tree.children) {
    const markdown = sourceOf(node, source)
    const text = clean(toString(node))
    const lines = markdown.split('\n').filter((line) => line.trim() !== '')
    const place = pointOf(node)
    const beforeCopy = result.blocks.length === 0
    const notice = readNotice(text)

    if (lines.length > 0 && lines.every(isFurniture)) {
      result.boilerplate.push(...lines)
    } else if (node.type !== 'paragraph' && node.type !== 'heading') {
      result.blocks.push({ markdown, text, line: place.line })
    } else if (result.headline === null && beforeCopy && isHeadline(node, text, lines.length, title)) {
      result.headline = { text, place }
    } else if (lines.length === 1 && isTimeLine(text)) {
      result.timeLines.push({ text, place })
    } else if (isEmbargoLine(text)) {
      result.embargo = { text, place }
    } else if (notice) {
      result.notices.push(notice)
    } else if (beforeCopy && result.byline === null && readByline(text) !== null) {
      result.byline = { text, place }
    } else if (node.type === 'paragraph' && isRelatedRun(lines)) {
      result.related.push(...lines.map((line) => ({ title: clean(line), url: null })))
      result.relatedPlace ??= place
    } else {
      result.blocks.push({ markdown, text, line: place.line })
    }
  }
  return result
}

/**
 * Whether a block before the copy is the headline line: equal to the
 * front-matter title when there is one, else a short headline-like line.
 */
function isHeadline(node: RootContent, text: string, lineCount: number, title: string | null): boolean {
  if (title !== null) return text === title
  if (node.type === 'heading') return node.depth <= 2
  if (lineCount !== 1 || isTimeLine(text) || readByline(text) !== null) return false
  return isHeadlineLike(text) && !/[.]$/.test(text)
}
