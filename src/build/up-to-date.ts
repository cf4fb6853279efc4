/**
 * Whether a build can be skipped: nothing it reads changed since the last
 * build wrote the live site, and the time has not reached a moment that
 * changes a page (an embargo lifting, an age banner, the news sitemap; see
 * `stableUntil`). What it reads is every file under `content/`, `templates/`
 * and `public/`, morgue's own code and packages, the site settings and the
 * build options, each file by its size, modification time and inode, as
 * `make` would. The last build's summary is kept so a skipped build reports
 * the same stories, warnings and held-back embargoes.
 */
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { VFile } from 'vfile'
import { plainMessages, replayMessages, type PlainMessage } from '../load/load-one.ts'
import type { SiteConfig } from '../render/index.ts'
import { hasEleventyOutput } from './eleventy-cache.ts'
import { pageFile, type PageManifest } from './pages.ts'
import type { HeldStory } from './plan.ts'
import { editsBundle, indexList } from './search.ts'
import { morgueRoot } from '../root.ts'

/** What the manifest keeps to tell whether the next build can be skipped. */
export interface BuiltInputs {
  key: string
  /** The build time it was built as of, in milliseconds: an earlier one builds afresh. */
  now: number
  /** The first moment its pages could change without any file changing; null when never. */
  until: number | null
  summary: BuildSummary
}

/** What a build reports, kept for a skipped one. */
export interface BuildSummary {
  stories: number
  pages: number
  indexed: number
  held: HeldStory[]
  withdrawn: number
  redirects: number
  /** The problems of each story file that had any. */
  messages: Array<{ path: string; messages: PlainMessage[] }>
}

/** A folder's entries as they were read, with the folder's change time and inode then. */
interface Listing {
  /** The folder's change time (ctime): adding, removing or renaming an entry sets it, and no tool can set it back, as `tar`, `cp -p` or `touch` set a modification time. */
  ctimeMs: number
  ino: number
  /** When it was read, in milliseconds. */
  listedAt: number
  /** The names in name order, joined by NUL, a folder's ending in `/` (neither can be in a name): read back fast. */
  entries: string
}

/** A folder's entries: each name, and whether it is a folder. */
type Entries = Array<[name: string, folder: boolean]>

const encodeEntries = (entries: Entries): string => entries.map(([name, folder]) => (folder ? `${name}/` : name)).join('\0')
const decodeEntries = (entries: string): Entries => (entries === '' ? [] : entries.split('\0').map((name) => (name.endsWith('/') ? [name.slice(0, -1), true] : [name, false])))

/** The listings of the folders a build reads, as the last build read them, and as this one does. */
interface Listings {
  previous: ReadonlyMap<string, Listing>
  next: Map<string, Listing>
  /** Whether any folder was read afresh, so the kept listings are to be written again. */
  changed: boolean
}

/**
 * A folder changed within this long of being read may have changed again in
 * the same tick of the file system's clock, which would leave its change time
 * as it was: its listing is read afresh next time.
 */
const settledMs = 2000

/**
 * A folder's entries in name order, or null when it cannot be read. A folder
 * whose change time and inode are those it had when it was last read, long
 * enough after it last changed, has the same entries (adding, removing or
 * renaming one sets its change time): they are not read again, and a stat
 * replaces the open, read and close of listing it (a third of the walk of
 * 6,400 folders).
 */
function entriesOf(folder: string, listings: Listings | undefined): Entries | null {
  const listedAt = Date.now()
  let info
  try {
    info = statSync(folder)
  } catch {
    return null
  }
  if (!info.isDirectory()) return null
  const known = listings?.previous.get(folder)
  if (listings && known && known.ctimeMs === info.ctimeMs && known.ino === info.ino && known.ctimeMs < known.listedAt - settledMs) {
    listings.next.set(folder, known)
    return decodeEntries(known.entries)
  }
  let read
  try {
    read = readdirSync(folder, { withFileTypes: true })
  } catch {
    return null
  }
  const entries = read.map((entry): [string, boolean] => [entry.name, entry.isDirectory()]).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
  if (listings) {
    listings.next.set(folder, { ctimeMs: info.ctimeMs, ino: info.ino, listedAt, entries: encodeEntries(entries) })
    listings.changed = true
  }
  return entries
}

/**
 * The size, time and inode of every file under a folder, in name order, by
 * its path from the folder with `/` separators after `prefix`; the prefix
 * alone when the folder is missing. Paths are joined by hand: `path.join` on
 * ten thousand files took a fifth of the walk.
 */
function signatures(folder: string, prefix: string, found: Map<string, string> = new Map(), listings?: Listings): Map<string, string> {
  const entries = entriesOf(folder, listings)
  if (entries === null) {
    found.set(prefix, 'missing')
    return found
  }
  for (const [entry, isFolder] of entries) {
    const full = `${folder}${path.sep}${entry}`
    const name = `${prefix}/${entry}`
    if (isFolder) {
      signatures(full, name, found, listings)
      continue
    }
    try {
      const info = statSync(full)
      found.set(name, `${info.size}\0${info.mtimeMs}\0${info.ino}`)
    } catch {
      found.set(name, 'unreadable')
    }
  }
  return found
}

/** Where the listings of the folders a project's builds read are kept. */
function listingsFile(root: string): string {
  return path.join(root, '.cache', 'morgue', 'listings.json')
}

/** A kept listing: folder, change time, inode, when it was read, entries (JSON parses a megabyte of these in a fifth of the time V8's deserializer takes). */
type KeptListing = [folder: string, ctimeMs: number, ino: number, listedAt: number, entries: string]

const isKeptListing = (item: unknown): item is KeptListing =>
  Array.isArray(item) && item.length === 5 && typeof item[0] === 'string' && typeof item[1] === 'number' && typeof item[2] === 'number' && typeof item[3] === 'number' && typeof item[4] === 'string'

/** The listings the last build kept; none when there are none, or they cannot be read. */
function readListings(root: string): Listings {
  const previous = new Map<string, Listing>()
  try {
    const kept: unknown = JSON.parse(readFileSync(listingsFile(root), 'utf8'))
    if (Array.isArray(kept)) {
      for (const item of kept) if (isKeptListing(item)) previous.set(item[0], { ctimeMs: item[1], ino: item[2], listedAt: item[3], entries: item[4] })
    }
  } catch {
    // None yet, or not readable: every folder is read.
  }
  return { previous, next: new Map(), changed: false }
}

/** Keep the listings for the next build, when any changed; the cache is only a cache, so a failure to write it is no error. */
function keepListings(root: string, listings: Listings): void {
  if (!listings.changed && listings.next.size === listings.previous.size) return
  const file = listingsFile(root)
  const temporary = `${file}.${process.pid}`
  const kept: KeptListing[] = [...listings.next].map(([folder, listing]) => [folder, listing.ctimeMs, listing.ino, listing.listedAt, listing.entries])
  try {
    mkdirSync(path.dirname(file), { recursive: true })
    writeFileSync(temporary, JSON.stringify(kept))
    renameSync(temporary, file)
  } catch {
    try {
      rmSync(temporary, { force: true })
    } catch {
      // Left for the next build to replace.
    }
  }
}

/** What a build reads, by its size, time and inode. */
export interface Inputs {
  /** The key of all of it. */
  key: string
  /** The key of all but the files under `content/`. */
  frame: string
  /** Each file under `content/` (or `content` alone when it is missing), by its path from the project root with `/` separators. */
  content: Map<string, string>
}

/** What a build of `root` reads: every file under `content/`, `templates/` and `public/`, morgue's own code and packages, the settings and options; `relist` reads every folder afresh. */
export function readInputs(root: string, outDir: string, site: Readonly<SiteConfig>, options: { drafts: boolean; relist?: boolean }): Inputs {
  const frame = createHash('sha256').update(JSON.stringify({ site, drafts: options.drafts, outDir, node: process.version }))
  // `--force` lists every folder afresh, whatever was done to them.
  const listings = options.relist === true ? { previous: new Map(), next: new Map(), changed: true } : readListings(root)
  for (const [folder, name] of [[path.join(root, 'templates'), 'templates'], [path.join(root, 'public'), 'public'], [path.join(morgueRoot, 'src'), 'morgue/src']] as const) {
    for (const [file, signature] of signatures(folder, name, new Map(), listings)) frame.update(`${file}\0${signature}\n`)
  }
  for (const file of ['package.json', 'package-lock.json']) {
    try {
      const info = statSync(path.join(morgueRoot, file))
      frame.update(`${file}\0${info.size}\0${info.mtimeMs}\n`)
    } catch {
      frame.update(`missing ${file}\n`)
    }
  }
  const frameKey = frame.digest('hex')
  const key = createHash('sha256').update(frameKey)
  const content = new Map<string, string>()
  for (const [file, signature] of signatures(path.join(root, 'content'), 'content', content, listings)) key.update(`${file}\0${signature}\n`)
  keepListings(root, listings)
  return { key: key.digest('hex'), frame: frameKey, content }
}

/** Whether the live site, built from `inputs`, is what a build with `key` at `now` would write. */
export function isUpToDate(inputs: Readonly<BuiltInputs> | undefined, key: string, now: Date): inputs is BuiltInputs {
  const at = now.getTime()
  return inputs !== undefined && inputs.key === key && at >= inputs.now && (inputs.until === null || at < inputs.until)
}

/** What the manifest of a site lists that the site no longer has: files removed from it by hand. */
export interface MissingOutput {
  /** The URLs of the pages gone. */
  pages: string[]
  /** Whether a file Eleventy wrote (a feed, a sitemap, a file from `public/`) is gone. */
  eleventy: boolean
  /** The search bundles gone, by name (a year, or the bundle of edits), and `indexes.json` when the list of them is. */
  search: string[]
}

/**
 * What of the site in `outDir` its manifest lists and the folder does not
 * have. A build that trusted the manifest would skip those files for ever;
 * checking costs about 7 µs a page (0.15 s for 21,600 pages).
 */
export function missingOutput(outDir: string, manifest: Readonly<PageManifest>): MissingOutput {
  const root = `${path.resolve(outDir)}${path.sep}`
  const pages = Object.keys(manifest.pages).filter((url) => !existsSync(root + pageFile(url).split('/').join(path.sep)))
  const eleventy = manifest.eleventy !== undefined && !hasEleventyOutput(root, manifest.eleventy)
  const bundles = [...Object.keys(manifest.search ?? {}), ...(manifest.searchEdits ? [editsBundle] : [])]
  const search = bundles.filter((name) => !existsSync(path.join(root, 'pagefind', name, 'pagefind-entry.json')))
  if (manifest.search !== undefined && !existsSync(path.join(root, 'pagefind', indexList))) search.push(indexList)
  return { pages, eleventy, search }
}

/** How many files `missingOutput` found gone, in words (`3 pages and the search index of 2012`), or null when none. */
export function describeMissing(missing: Readonly<MissingOutput>): string | null {
  const parts = [
    ...(missing.pages.length > 0 ? [missing.pages.length === 1 ? `the page ${missing.pages[0] ?? ''}` : `${missing.pages.length.toLocaleString('en-US')} pages`] : []),
    ...(missing.eleventy ? ['feeds, sitemaps or files from public/'] : []),
    ...(missing.search.length > 0 ? [`search files (${missing.search.join(', ')})`] : []),
  ]
  return parts.length === 0 ? null : parts.join(', ')
}

/**
 * The manifest without what is gone from the site, so a build writes it
 * again: a page with no key is rendered, and a year of search with no state
 * is indexed afresh. Eleventy's files need nothing here: a build runs
 * Eleventy again whenever one of them is gone.
 */
export function forgetMissing(manifest: PageManifest, missing: Readonly<MissingOutput>): PageManifest {
  if (missing.pages.length === 0 && missing.search.length === 0) return manifest
  const pages = { ...manifest.pages }
  for (const url of missing.pages) delete pages[url]
  const search = manifest.search && Object.fromEntries(Object.entries(manifest.search).filter(([name]) => !missing.search.includes(name)))
  return { ...manifest, pages, ...(search ? { search } : {}) }
}

/** The story files' problems, to keep. */
export function keptMessages(files: readonly VFile[]): BuildSummary['messages'] {
  return files.filter((file) => file.messages.length > 0).map((file) => ({ path: file.path, messages: plainMessages(file) }))
}

/** The kept problems as files again, for the report. */
export function keptFiles(root: string, kept: BuildSummary['messages']): VFile[] {
  return kept.map((entry) => {
    const file = new VFile({ path: entry.path, cwd: root })
    replayMessages(file, entry.messages)
    return file
  })
}
