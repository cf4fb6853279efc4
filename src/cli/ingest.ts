/**
 * `morgue ingest RAW.txt`: file a raw wire story under `content/`, with what
 * the loader inferred written as front matter an editor can correct.
 */
import { createHash } from 'node:crypto'
import { mkdir, writeFile } from 'node:fs/promises'
import { readOneStoryFile } from '../load/files.ts'
import path from 'node:path'
import { stringify } from 'yaml'
import { VFile } from 'vfile'
import { loadStory, slugify, type LoadOptions } from '../load/index.ts'
import type { Story } from '../load/story.ts'

/** What to ingest, and where to. */
export interface IngestOptions extends LoadOptions {
  /** Project root; the story goes under its `content/`. */
  root: string
  section?: string | undefined
}

/** What an ingest did: the file written, or the problems that stopped it. */
export type IngestResult =
  | { ok: true; story: Story; written: string; file: VFile }
  | { ok: false; file: VFile; reason: string | null }

/** The longest slug an ingest makes from a headline, cut at a word. */
const maxSlugLength = 60

/** A slug from a headline: its words, lower-case, cut at a word boundary. */
export function slugFromHeadline(headline: string): string {
  const full = slugify(headline)
  // A headline with no Latin letters or digits (`Грузия`, `東京`) still needs an address: a stable one from its text.
  if (full === '') return `story-${createHash('sha256').update(headline).digest('hex').slice(0, 10)}`
  if (full.length <= maxSlugLength) return full
  const cut = full.slice(0, maxSlugLength + 1)
  return cut.slice(0, cut.lastIndexOf('-') > 0 ? cut.lastIndexOf('-') : maxSlugLength)
}

/** Front matter recording what was inferred, so an editor can correct it in one place. */
function frontMatterOf(story: Story, options: Readonly<IngestOptions>): Record<string, unknown> {
  const date = (story.published?.iso ?? story.updated?.iso ?? '').slice(0, 10)
  const zone = story.updated?.zone ?? story.published?.zone ?? options.timezone
  const data: Record<string, unknown> = { title: story.headline, date }
  if (zone) data.timezone = zone
  if (options.section) data.section = options.section
  if (story.dateline) data.dateline = story.dateline
  if (story.credit) data.credit = story.credit
  if (story.byline) data.byline = story.byline
  data.tags = []
  data.format = 'wire'
  return data
}

/** Ingest one raw wire file. Never overwrites a story that exists. */
export async function ingest(source: string, options: Readonly<IngestOptions>): Promise<IngestResult> {
  // The same size and UTF-8 checks as a content folder.
  const read = await readOneStoryFile(source, process.cwd())
  if (read.text === null) return { ok: false, file: read.file, reason: null }
  const raw = read.text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n')
  const file = new VFile({ path: source, value: raw })
  // Raw copy is wire copy whatever the file is called.
  const story = loadStory(file, { ...options, format: 'wire' })
  if (!story) return { ok: false, file, reason: null }
  const day = (story.published?.iso ?? story.updated?.iso ?? '').slice(0, 10)
  const slug = slugFromHeadline(story.headline)
  const written = path.join('content', ...day.split('-'), `${slug}.md`)
  const target = path.join(options.root, written)
  const text = `---\n${stringify(frontMatterOf(story, options))}---\n${raw}`
  await mkdir(path.dirname(target), { recursive: true })
  try {
    await writeFile(target, text, { flag: 'wx' })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      return { ok: false, file, reason: `${written} already exists: nothing was written. Move or rename it first, or edit it by hand.` }
    }
    throw error
  }
  return { ok: true, story: { ...story, slug, permalink: `/${day.split('-').join('/')}/${slug}/` }, written, file }
}
