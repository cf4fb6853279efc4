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
import { existsSync, readdirSync, statSync } from 'node:fs'
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

/**
 * The size, time and inode of every file under a folder, in name order, by
 * its path from the folder with `/` separators after `prefix`; the prefix
 * alone when the folder is missing. Paths are joined by hand: `path.join` on
 * ten thousand files took a fifth of the walk.
 */
function signatures(folder: string, prefix: string, found: Map<string, string> = new Map()): Map<string, string> {
  let entries
  try {
    entries = readdirSync(folder, { withFileTypes: true })
  } catch {
    found.set(prefix, 'missing')
    return found
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  for (const entry of entries) {
    const full = `${folder}${path.sep}${entry.name}`
    const name = `${prefix}/${entry.name}`
    if (entry.isDirectory()) {
      signatures(full, name, found)
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

/** What a build reads, by its size, time and inode. */
export interface Inputs {
  /** The key of all of it. */
  key: string
  /** The key of all but the files under `content/`. */
  frame: string
  /** Each file under `content/` (or `content` alone when it is missing), by its path from the project root with `/` separators. */
  content: Map<string, string>
}

/** What a build of `root` reads: every file under `content/`, `templates/` and `public/`, morgue's own code and packages, the settings and options. */
export function readInputs(root: string, outDir: string, site: Readonly<SiteConfig>, options: { drafts: boolean }): Inputs {
  const frame = createHash('sha256').update(JSON.stringify({ site, drafts: options.drafts, outDir, node: process.version }))
  for (const [folder, name] of [[path.join(root, 'templates'), 'templates'], [path.join(root, 'public'), 'public'], [path.join(morgueRoot, 'src'), 'morgue/src']] as const) {
    for (const [file, signature] of signatures(folder, name)) frame.update(`${file}\0${signature}\n`)
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
  for (const [file, signature] of signatures(path.join(root, 'content'), 'content', content)) key.update(`${file}\0${signature}\n`)
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
