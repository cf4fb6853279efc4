/**
 * The loader: one story file in, one `Story` out, problems on the file.
 *
 * Front matter says what the text cannot; the text says the rest. Front
 * matter always wins over what is inferred.
 */
import path from 'node:path'
import { unified } from 'unified'
import remarkParse from 'remark-parse'
import type { VFile } from 'vfile'
import type { Block, Embargo, Notice, PositionedField, Point, Story, StoryTime, StoryUpdate } from './story.ts'
import { splitFrontMatter, lineOfKey, type FrontMatter } from './front-matter.ts'
import { hasErrors, reportError, reportWarning } from './problems.ts'
import { readStructure, clean, type BodyStructure } from './structure.ts'
import { readLedeOpening } from './dateline.ts'
import { readByline } from './lines.ts'
import { calendarDate, findDate, instantOf, isValidZone, parseEmbargoDate, parseEmbargoLine, parseFrontMatterDate, parseTimeLine, toStoryTime, type CalendarDate } from './times.ts'
import { organizationsOf } from './organizations.ts'
import { checkLimits } from './limits.ts'
import { extractQuotes } from './quotes.ts'

export type { Story } from './story.ts'

/** What the command line may supply when a story does not say it. */
export interface LoadOptions {
  /** The story's date, `YYYY-MM-DD`, when neither front matter nor text gives one. */
  date?: string | undefined
  /** The story's IANA zone, when front matter does not give one. */
  timezone?: string | undefined
  /** How to read the body when front matter does not say; by default `.txt` files are wire copy. */
  format?: 'wire' | 'markdown' | undefined
}

/** One parser for every story: built once, reused. */
const parser = unified().use(remarkParse)

/** Normalise a file's text: no BOM, LF line endings, no control characters (lines stay where they were). */
export function normaliseText(text: string): string {
  // Control characters are never copy, and one of them makes a whole XML feed invalid.
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '')
}

/** Raw wire copy (`.txt`, or `format: wire`) is plain text that happens to be read as Markdown. */
function isWireCopy(file: VFile, data: FrontMatter, options?: Readonly<LoadOptions> | null): boolean {
  const format = data.format ?? options?.format
  return format === undefined ? path.extname(file.path || '').toLowerCase() === '.txt' : format === 'wire'
}

/**
 * Make plain wire text read as itself under Markdown: indentation and
 * trailing spaces mean nothing in wire copy (but would make code blocks and
 * hard breaks), and a backtick is a typed apostrophe, not inline code.
 * Lines stay where they were, so positions stay true.
 */
export function asWireCopy(text: string): string {
  return text.replace(/^[ \t]+|[ \t]+$/gm, '').replace(/`/g, '\\`')
}

/**
 * Load one story from a file whose `value` holds its text. Returns null when
 * the file has errors; every problem is reported on `file`.
 */
export function loadStory(file: VFile, options?: Readonly<LoadOptions> | null): Story | null {
  try {
    return readStory(file, options)
  } catch (error) {
    // Thousands of nested quotes or lists exhaust the parser's stack: that is this file's problem, not the build's.
    if (!(error instanceof RangeError)) throw error
    reportError(file, 'This story is nested too deeply to read (quotes or lists inside hundreds of others): flatten it', { line: 1, column: 1 }, 'unreadable-file')
    return null
  }
}

function readStory(file: VFile, options?: Readonly<LoadOptions> | null): Story | null {
  const text = normaliseText(String(file.value))
  file.value = text
  // Loading a file on its own (`inspect`, `ingest`) holds it to the same limits as a content folder.
  if (!checkLimits(file, text, { wire: path.extname(file.path || '').toLowerCase() === '.txt' })) return null
  if (text.trim() === '') {
    reportError(file, 'The story file is empty: write the story text, with a headline on its first line', { line: 1, column: 1 }, 'empty-story')
    return null
  }
  const split = splitFrontMatter(file, text)
  if (!split.ok) return null
  const data = split.data
  const zone = storyZone(file, data, options)
  const body = isWireCopy(file, data, options) ? asWireCopy(split.body) : split.body
  const structure = readStructure(parser.parse(body), body, { title: data.title ?? null })
  const story = assemble(file, data, structure, zone, options)
  return hasErrors(file) ? null : story
}

function storyZone(file: VFile, data: FrontMatter, options?: Readonly<LoadOptions> | null): string | null {
  const zone = data.timezone ?? options?.timezone ?? null
  if (zone !== null && !isValidZone(zone)) {
    reportError(file, `\`${zone}\` is not a time zone: use an IANA name such as America/New_York`, lineOfKey(file, 'timezone'), 'invalid-timezone')
    return null
  }
  return zone
}

function assemble(file: VFile, data: FrontMatter, structure: BodyStructure, zone: string | null, options?: Readonly<LoadOptions> | null): Story | null {
  const positions: Partial<Record<PositionedField, Point>> = {}
  const headline = data.title ?? structure.headline?.text ?? null
  if (structure.headline) positions.headline = structure.headline.place
  if (headline === null) {
    reportError(file, 'No headline found: put it on the first line of the story, or add `title:` to the front matter', { line: 1, column: 1 }, 'missing-headline')
  }

  const first = structure.blocks[0]
  const opening = first ? readLedeOpening(first.text) : { dateline: null, credit: null, date: null, length: 0 }
  const datelineDate = opening.date === null ? null : findDate(opening.date)
  const times = readTimes(file, data, structure, zone, datelineDate, options)
  if (times.updatedPlace) positions.updated = times.updatedPlace
  if (times.publishedPlace) positions.published = times.publishedPlace
  const day = calendarDate(times.published) ?? calendarDate(times.updated)
  if (day === null && !hasErrors(file)) {
    reportError(file, 'No date for this story: add `date: YYYY-MM-DD` to the front matter, or a dated time line such as `Updated 3:04 p.m. ET, July 6, 2012`', { line: 1, column: 1 }, 'missing-date')
  }

  const body = ledeFirst(structure.blocks)
  if (first) positions.lede = { line: first.line, column: 1 }
  if (structure.byline) positions.byline = structure.byline.place
  if (structure.relatedPlace) positions.related = structure.relatedPlace
  if (opening.dateline !== null && first) positions.dateline = { line: first.line, column: 1 }

  const life = readLife(file, data, structure, zone, day)
  if (life.embargoPlace) positions.embargo = life.embargoPlace

  const permalinkPlace = lineOfKey(file, 'permalink') ?? lineOfKey(file, 'slug')
  if (permalinkPlace) positions.permalink = permalinkPlace
  const aliasesPlace = lineOfKey(file, 'aliases')
  if (aliasesPlace) positions.aliases = aliasesPlace
  const slug = storySlug(file, data)
  const permalink = data.permalink ?? (day && slug ? datedPermalink(day, slug) : null)
  if (data.permalink !== undefined && !/^\/(?:[a-z0-9._~-]+\/)*$/i.test(data.permalink) || /\/\.{1,2}\//.test(data.permalink ?? '')) {
    reportError(file, `Permalink \`${data.permalink}\` must start and end with \`/\` and use only letters, digits, \`-\`, \`_\`, \`.\` and \`~\``, lineOfKey(file, 'permalink'), 'invalid-permalink')
  }
  if (headline === null || permalink === null || hasErrors(file)) return null
  const { quotes, unbalanced } = extractQuotes(body.map((block) => ({ text: block.text })))
  for (const mark of unbalanced) {
    const line = body[mark.paragraph]?.line ?? 1
    reportWarning(file, 'A quotation mark here never closes or never opened: check the quote', { line, column: 1 }, 'unbalanced-quote')
  }
  const source = data.source ?? null
  const credit = data.credit ?? opening.credit
  return {
    file: file.path,
    slug: slug ?? '',
    permalink,
    headline: clean(headline),
    description: clean(data.description ?? body[0]?.text ?? ''),
    dateline: data.dateline ?? opening.dateline,
    credit,
    organizations: organizationsOf(source, credit),
    byline: data.byline ?? (structure.byline ? readByline(structure.byline.text) : null),
    published: times.published,
    updated: times.updated,
    updates: life.updates,
    lede: body[0]?.text ?? '',
    body,
    quotes,
    related: data.related ?? structure.related,
    notices: life.notices,
    embargo: life.embargo,
    kill: data.status === 'killed' || life.notices.some((notice) => notice.kind === 'kill'),
    tags: [...new Set((data.tags ?? []).map(clean).filter((tag) => tag !== ''))],
    section: data.section ?? null,
    source,
    license: data.license ?? null,
    boilerplate: structure.boilerplate,
    draft: data.draft ?? false,
    aliases: [...new Set(data.aliases ?? [])],
    positions,
  }
}

interface Life {
  updates: StoryUpdate[]
  notices: Notice[]
  embargo: Embargo | null
  embargoPlace: Point | null
}

/** The story's life after filing: its updates, notices and embargo. */
function readLife(file: VFile, data: FrontMatter, structure: BodyStructure, zone: string | null, day: CalendarDate | null): Life {
  const timeOf = (key: 'updates' | 'notices', value: string): StoryTime | null => {
    const time = parseFrontMatterDate(value, zone)
    if (time === null) reportError(file, `\`${key}\` time \`${value}\` is not a real date or time: check the day of the month`, lineOfKey(file, key), 'invalid-date')
    return time
  }
  const updates = (data.updates ?? []).flatMap((update) => {
    const time = timeOf('updates', update.time)
    return time ? [{ time, text: clean(update.text) }] : []
  })
  // Newest first; a time without an offset sorts as written.
  updates.sort((a, b) => instantOf(b.time) - instantOf(a.time))
  const given: Notice[] = (data.notices ?? []).map((notice) => ({
    kind: notice.kind,
    text: clean(notice.text),
    time: notice.time === undefined ? null : timeOf('notices', notice.time),
  }))
  const notices = [...given, ...structure.notices]
  let embargo: Embargo | null = null
  let embargoPlace: Point | null = null
  if (data.embargo !== undefined) {
    const moment = parseEmbargoDate(data.embargo, zone)
    if (moment === null) {
      reportError(file, `\`embargo: ${data.embargo}\` is not a moment we can be sure of: give a real date and time with an offset (2012-07-07T00:01-04:00), or set \`timezone:\``, lineOfKey(file, 'embargo'), 'invalid-date')
    } else {
      embargo = { text: null, until: moment.iso, zone: moment.zone }
    }
  } else if (structure.embargo) {
    embargoPlace = structure.embargo.place
    const moment = parseEmbargoLine(structure.embargo.text, { date: day, zone })
    if (moment === null) {
      reportError(file, 'This embargo line gives no time and zone that can be read: write it like `EMBARGOED UNTIL 12:01 a.m. ET, July 7, 2012`, or set `embargo:` in front matter', structure.embargo.place, 'invalid-date')
    } else {
      embargo = { text: structure.embargo.text, until: moment.iso, zone: moment.zone }
    }
  }
  return { updates, notices, embargo, embargoPlace }
}

/** The body with the lede's dateline and credit taken off its text and Markdown. */
function ledeFirst(blocks: readonly Block[]): Block[] {
  const [first, ...rest] = blocks
  if (!first) return []
  const opening = readLedeOpening(first.text)
  if (opening.length === 0) return [first, ...rest]
  const markdownOpening = readLedeOpening(first.markdown)
  const markdown = markdownOpening.length > 0 ? first.markdown.slice(markdownOpening.length) : first.markdown
  return [{ markdown, text: clean(first.text.slice(opening.length)), line: first.line }, ...rest]
}

interface Times {
  published: StoryTime | null
  updated: StoryTime | null
  publishedPlace: Point | null
  updatedPlace: Point | null
}

function readTimes(file: VFile, data: FrontMatter, structure: BodyStructure, zone: string | null, datelineDate: CalendarDate | null, options?: Readonly<LoadOptions> | null): Times {
  // The date a dateline carries is the story's own, used when nothing else gives one.
  const given = frontMatterTime(file, 'date', data.date ?? null, zone)
    ?? commandLineDate(file, options?.date, zone)
    ?? (datelineDate ? toStoryTime(null, datelineDate, null, zone) : null)
  const givenUpdate = frontMatterTime(file, 'updated', data.updated ?? null, zone)
  const times: Times = { published: given, updated: givenUpdate, publishedPlace: null, updatedPlace: null }
  const context = { date: calendarDate(given), zone }
  const read = structure.timeLines.flatMap((line) => {
    const time = parseTimeLine(line.text, context)
    return time ? [{ ...time, place: line.place }] : []
  })
  const published = read.find((line) => line.role === 'published')
  if (published && refines(times.published, published.time)) {
    times.published = published.time
    times.publishedPlace = published.place
  }
  // The story's time line, whatever its label, is when it last changed.
  const latest = read.find((line) => line.role === 'updated') ?? read[0]
  if (latest && times.updated === null) {
    times.updated = latest.time
    times.updatedPlace = latest.place
  }
  return times
}

/** A time line refines a given time that is missing, or a bare date of the same day. */
function refines(given: StoryTime | null, read: StoryTime): boolean {
  if (given === null) return true
  return !given.hasTime && read.iso !== null && given.iso !== null && read.iso.startsWith(given.iso)
}

function frontMatterTime(file: VFile, key: 'date' | 'updated', value: string | null, zone: string | null): StoryTime | null {
  if (value === null) return null
  const time = parseFrontMatterDate(value, zone)
  if (time === null) {
    reportError(file, `\`${key}: ${value}\` is not a real date or time: check the day of the month`, lineOfKey(file, key), 'invalid-date')
  }
  return time
}

function commandLineDate(file: VFile, value: string | undefined, zone: string | null): StoryTime | null {
  if (value === undefined) return null
  const time = /^\d{4}-\d{2}-\d{2}$/.test(value) ? parseFrontMatterDate(value, zone) : null
  if (time === null) reportError(file, `--date ${value} is not a date: write it as YYYY-MM-DD`, undefined, 'invalid-date')
  return time
}

function storySlug(file: VFile, data: FrontMatter): string | null {
  const slug = data.slug ?? slugify(path.basename(file.path || 'story', path.extname(file.path || '')))
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(slug)) {
    reportError(file, `Slug \`${slug}\` is not usable in a URL: use lower-case letters, digits and single hyphens`, lineOfKey(file, 'slug'), 'invalid-slug')
    return null
  }
  return slug
}

/** Lower-case, hyphen-separated ASCII words of a name. */
export function slugify(name: string): string {
  // The same tags, sections and people are named by thousands of stories: each is worked out once.
  const known = slugs.get(name)
  if (known !== undefined) return known
  const slug = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/['’]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '')
  if (slugs.size >= 50_000) slugs.clear()
  slugs.set(name, slug)
  return slug
}

const slugs = new Map<string, string>()

function datedPermalink(day: CalendarDate, slug: string): string {
  const pad = (value: number) => String(value).padStart(2, '0')
  return `/${day.year}/${pad(day.month)}/${pad(day.day)}/${slug}/`
}
