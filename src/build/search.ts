/**
 * Site search: Pagefind indexes the story pages of a built site and its
 * static bundles go into the site's `pagefind/` folder, where the search
 * page's script finds them. Pagefind runs through its Node API, so the build
 * starts no extra command.
 *
 * The index is split by year, one Pagefind bundle a year (`pagefind/2012/`),
 * listed newest first in `pagefind/indexes.json`; the search page loads the
 * newest and merges the others into it (Pagefind's `mergeIndex`), so readers
 * search one archive. Each year has a key made of its story pages' keys: a
 * build re-indexes only the years whose stories changed and links the others
 * from the live site, and Pagefind holds one year in memory at a time.
 */
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { gunzipSync } from 'node:zlib'
import * as pagefind from 'pagefind'
import type { Story } from '../load/story.ts'
import { linkTree, outputPath, type PageManifest } from './pages.ts'

/** The stories of one part of the index: a year of the archive, or those with no date. */
export interface SearchBucket {
  /** Its folder under `pagefind/`: the year (`2012`), or `undated`. */
  name: string
  /** The story page URLs it holds, in archive order. */
  urls: string[]
  /** Changes when any of its story pages does. */
  key: string
}

/** What the live index holds, by bucket, as the page manifest keeps it. */
export type SearchState = Record<string, { key: string; pages: number }>

/** What indexing a site did. */
export interface SearchIndexResult {
  /** Pages in the index: the story pages. */
  pages: number
  /** The folder the Pagefind bundles were written to. */
  bundleDir: string
  /** Each bucket's key and page count, to keep in the manifest. */
  state: SearchState
  /** Buckets indexed afresh, and linked unchanged from the previous site. */
  indexedBuckets: number
  reusedBuckets: number
}

/** The site could not be indexed; the message lists what went wrong. */
export class SearchIndexError extends Error {
  /** Pagefind's own messages, or the one problem met writing the bundle. */
  readonly messages: readonly string[]
  constructor(siteDir: string, messages: readonly string[], options?: ErrorOptions) {
    super(`Could not build the search index of ${siteDir}:\n${messages.map((message) => `  ${message}`).join('\n')}`, options)
    this.name = 'SearchIndexError'
    this.messages = messages
  }
}

/** A page the live site's manifest lists is not in it, so its year cannot be indexed from it. */
export class MissingPageError extends SearchIndexError {}

/** The list of buckets the search page reads, newest first. */
export const indexList = 'indexes.json'

/**
 * The bundle of the story pages whose text changed since their year was
 * indexed (see text-edits.ts): the search page merges it with the years, and
 * puts each page's new version where its year's results have the old one.
 */
export const editsBundle = 'edits'

/** The pages of the edits bundle, as the page manifest keeps them. */
export interface SearchEdits {
  /** By URL: its year, the fragment of its old version in that year's bundle, and the page key that year was indexed with. */
  pages: Record<string, { bucket: string; replaces: string; base: string }>
  /** By each old version's fragment: the new version's (`by`) and the page's address, as the search page reads them. */
  replaced: Record<string, ReplacedFragment>
}

/** The fragment of an edited page's new version, and its address (fragments are named uniquely within a bundle only). */
export interface ReplacedFragment {
  by: string
  url: string
}

/** What the search page reads: the years newest first, and the edits bundle when there is one. */
export interface IndexList {
  indexes: string[]
  edits?: { bundle: string; replaced: Record<string, ReplacedFragment> }
}

/** Write the list of bundles into a site's `pagefind/` folder. */
export async function writeIndexList(bundleDir: string, list: Readonly<IndexList>): Promise<void> {
  await mkdir(bundleDir, { recursive: true })
  await writeFile(path.join(bundleDir, indexList), `${JSON.stringify(list)}\n`)
}

/** The bucket a story's page is indexed in: the year it is filed under, which is also its `year` search filter. */
export function bucketOf(story: Readonly<Pick<Story, 'permalink'>>, links: Readonly<Record<string, { year: string } | undefined>>): string {
  return links[story.permalink]?.year ?? 'undated'
}

/** Years that may wait for Pagefind, with their pages' HTML, before the writer waits too. */
const maxWaiting = 1

/** Pagefind's files the search page never loads: its ready-made interfaces. */
const unused = /^pagefind-(?:ui|modular-ui|component-ui|highlight)\./

// Pagefind runs one backend for the whole process and `close` stops it, so it
// is closed only when no other build in this process is still indexing.
let indexing = 0

/** Options of indexing a site. */
export interface IndexOptions {
  /** The stories whose pages are indexed, in archive order. */
  stories: ReadonlyArray<Pick<Story, 'permalink'>>
  /** Each story's links, whose `year` is its bucket. */
  links: Readonly<Record<string, { year: string } | undefined>>
  /** A site whose bundles may be reused: the live one, or this one when indexing in place. */
  previous?: { dir: string; state: Readonly<SearchState> } | undefined
  /**
   * Only what changed is written (to be committed into the previous site, see commit.ts):
   * an unchanged year's bundle is left where it is, and pages not rendered now are read from there.
   */
  changesOnly?: boolean | undefined
  /** Told after each bucket. */
  progress?: ((line: string) => void) | undefined
}

/** A bucket being filled: its pages' keys, and the HTML of those rendered in this build. */
interface OpenBucket {
  name: string
  urls: string[]
  keys: Map<string, string>
  html: Map<string, string>
}

/**
 * Index a site's story pages while they are written: each page is handed
 * over as it is made (`page`), and as soon as the last page of a year is in,
 * that year goes to Pagefind, which indexes it in its own process while the
 * build writes the other pages. A year whose pages all kept their keys is
 * linked from the previous site instead.
 */
export class SearchIndexer {
  readonly #root: string
  readonly #options: Readonly<IndexOptions>
  readonly #buckets = new Map<string, OpenBucket>()
  readonly #bucketOf = new Map<string, OpenBucket>()
  readonly #order: string[]
  readonly #state: SearchState = {}
  #queue: Promise<void> = Promise.resolve()
  /** Years handed over and not yet indexed, each holding its pages' HTML. */
  #waiting = 0
  #roomMade: Array<() => void> = []
  #failure: unknown = null
  #indexed = 0
  #reused = 0
  #open = true

  constructor(siteDir: string, options: Readonly<IndexOptions>) {
    this.#root = path.resolve(siteDir)
    this.#options = options
    for (const story of options.stories) {
      const name = bucketOf(story, options.links)
      let bucket = this.#buckets.get(name)
      if (!bucket) {
        bucket = { name, urls: [], keys: new Map(), html: new Map() }
        this.#buckets.set(name, bucket)
      }
      bucket.urls.push(story.permalink)
      this.#bucketOf.set(story.permalink, bucket)
    }
    this.#order = [...this.#buckets.keys()].sort((a, b) => (a === 'undated' ? 1 : b === 'undated' ? -1 : b.localeCompare(a)))
    indexing += 1
  }

  /**
   * A page was written: its key, and its HTML when it was rendered now (null
   * when it was reused from disk). While more years wait for Pagefind than
   * `maxWaiting`, a story page's promise resolves only once Pagefind has caught
   * up: Pagefind indexes a page more slowly than the build writes one, and each
   * waiting year holds its pages' HTML, so the writer waits instead of the HTML
   * piling up.
   */
  page(url: string, key: string, html: string | null): Promise<void> | undefined {
    const bucket = this.#bucketOf.get(url)
    if (!bucket || bucket.keys.has(url)) return undefined
    bucket.keys.set(url, key)
    if (html !== null) bucket.html.set(url, html)
    if (bucket.keys.size === bucket.urls.length) this.#complete(bucket)
    return this.#waiting > maxWaiting ? new Promise((resolve) => this.#roomMade.push(resolve)) : undefined
  }

  #complete(bucket: OpenBucket): void {
    const hash = createHash('sha256').update(bucket.name)
    for (const url of bucket.urls) hash.update('\0').update(url).update('\0').update(bucket.keys.get(url) ?? '')
    const key = hash.digest('hex')
    const html = bucket.html
    bucket.html = new Map()
    this.#waiting++
    this.#queue = this.#queue.then(async () => {
      try {
        if (this.#failure === null) await this.#build({ name: bucket.name, urls: bucket.urls, key }, html)
      } catch (error) {
        this.#failure = error
      } finally {
        this.#waiting--
        if (this.#waiting <= maxWaiting || this.#failure !== null) for (const resolve of this.#roomMade.splice(0)) resolve()
      }
    })
  }

  async #build(bucket: Readonly<SearchBucket>, html: ReadonlyMap<string, string>): Promise<void> {
    const target = path.join(this.#root, 'pagefind', bucket.name)
    const before = this.#options.previous?.state[bucket.name]
    const from = this.#options.previous ? path.join(this.#options.previous.dir, 'pagefind', bucket.name) : null
    if (before?.key === bucket.key && from !== null && existsSync(path.join(from, 'pagefind-entry.json'))) {
      if (path.resolve(from) !== target && this.#options.changesOnly !== true) {
        await rm(target, { recursive: true, force: true })
        await linkTree(from, target)
      }
      this.#state[bucket.name] = before
      this.#reused++
      return
    }
    const readFrom = this.#options.changesOnly === true && this.#options.previous ? this.#options.previous.dir : this.#root
    const pages = await indexBucket(this.#root, bucket, html, readFrom)
    this.#state[bucket.name] = { key: bucket.key, pages }
    this.#indexed++
    this.#options.progress?.(`  search: ${bucket.name} indexed, ${pages.toLocaleString('en-US')} stories`)
  }

  /** Wait for every year to be indexed and write the list of them; every page must have been handed over. */
  async finish(): Promise<SearchIndexResult> {
    const bundleDir = path.join(this.#root, 'pagefind')
    const missing = [...this.#buckets.values()].find((bucket) => bucket.keys.size < bucket.urls.length)
    if (missing) throw new SearchIndexError(this.#root, [`the page ${missing.urls.find((url) => !missing.keys.has(url)) ?? ''} was never written`])
    await this.#queue
    try {
      if (this.#failure !== null) throw this.#failure
      await mkdir(bundleDir, { recursive: true })
      // Buckets of years no longer in the archive go (when indexing in place), and the edits
      // bundle: every year is indexed as its pages are now.
      if (path.resolve(this.#options.previous?.dir ?? '') === this.#root) {
        for (const name of [...Object.keys(this.#options.previous?.state ?? {}), editsBundle]) {
          if (!this.#buckets.has(name)) await rm(path.join(bundleDir, name), { recursive: true, force: true })
        }
      }
      await writeIndexList(bundleDir, { indexes: this.#order })
    } catch (error) {
      throw error instanceof SearchIndexError ? error : new SearchIndexError(this.#root, [error instanceof Error ? error.message : String(error)], { cause: error })
    } finally {
      await this.close()
    }
    const pages = Object.values(this.#state).reduce((sum, bucket) => sum + bucket.pages, 0)
    return { pages, bundleDir, state: { ...this.#state }, indexedBuckets: this.#indexed, reusedBuckets: this.#reused }
  }

  /** Stop using Pagefind (after `finish`, or when the build failed first). */
  async close(): Promise<void> {
    if (!this.#open) return
    this.#open = false
    this.#failure ??= new Error('closed')
    await this.#queue
    indexing -= 1
    if (indexing === 0) await pagefind.close()
  }
}

/** Index the story pages already written under `siteDir` into `siteDir/pagefind/`, a bundle a year. */
export async function indexSite(siteDir: string, options: Readonly<IndexOptions> & { manifest: Readonly<PageManifest> }): Promise<SearchIndexResult> {
  const indexer = new SearchIndexer(siteDir, options)
  try {
    for (const story of options.stories) indexer.page(story.permalink, options.manifest.pages[story.permalink] ?? '', null)
    return await indexer.finish()
  } finally {
    await indexer.close()
  }
}

/**
 * Index pages into the edits bundle of a site (`pagefind/edits/`): those
 * rendered now from memory, the others read from `readFrom`. Returns the
 * fragment of each page in the bundle, by URL.
 */
export async function indexEdits(siteDir: string, urls: readonly string[], rendered: ReadonlyMap<string, string>, readFrom: string): Promise<Map<string, string>> {
  const root = path.resolve(siteDir)
  indexing += 1
  try {
    await indexBucket(root, { name: editsBundle, urls: [...urls], key: '' }, rendered, readFrom)
  } finally {
    indexing -= 1
    if (indexing === 0) await pagefind.close()
  }
  return fragmentIds(path.join(root, 'pagefind', editsBundle))
}

/**
 * The fragment (Pagefind's id of a page, which its search results carry) of
 * each page a bundle holds, by URL; only those of `wanted` when given.
 */
export async function fragmentIds(bundleDir: string, wanted?: ReadonlySet<string>): Promise<Map<string, string>> {
  const ids = new Map<string, string>()
  const folder = path.join(bundleDir, 'fragment')
  for (const name of (await readdir(folder)).sort()) {
    if (!name.endsWith('.pf_fragment')) continue
    const text = gunzipSync(await readFile(path.join(folder, name))).toString('utf8')
    // A fragment is Pagefind's signature, then the page as JSON.
    const start = text.indexOf('{')
    const { url } = JSON.parse(text.slice(start)) as { url: string }
    if (wanted === undefined || wanted.has(url)) ids.set(url, name.slice(0, -'.pf_fragment'.length))
    if (wanted !== undefined && ids.size === wanted.size) break
  }
  return ids
}

/** Index one bucket's story pages into `pagefind/NAME/`; the number of pages indexed. */
async function indexBucket(root: string, bucket: Readonly<SearchBucket>, rendered: ReadonlyMap<string, string>, readFrom = root): Promise<number> {
  // Pagefind rejects some failures with a bare string: make every failure an Error that names the site.
  const step = <T>(call: Promise<T>): Promise<T> =>
    call.catch((error: unknown) => {
      throw error instanceof Error ? error : new SearchIndexError(root, [String(error)])
    })
  // Story pages carry `data-pagefind-body`: only what is inside it is indexed.
  const created = await step(pagefind.createIndex({ rootSelector: '[data-pagefind-body]' }))
  const { index } = created
  if (!index) throw new SearchIndexError(root, created.errors.length > 0 ? created.errors : ['Pagefind returned no index'])
  try {
    // Pages rendered in this build come from memory; the others are read from the output.
    const errors: string[] = []
    const window = 32
    for (let start = 0; start < bucket.urls.length; start += window) {
      const urls = bucket.urls.slice(start, start + window)
      const contents = await Promise.all(urls.map((url) => rendered.get(url) ?? readFile(outputPath(readFrom, url), 'utf8').catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT' || readFrom === root) throw error
        throw new MissingPageError(readFrom, [`${path.relative(path.dirname(readFrom), outputPath(readFrom, url))} is missing`])
      })))
      // Handed over in archive order, so the same pages always make the same index.
      const added = await Promise.all(urls.map((url, position) => step(index.addHTMLFile({ sourcePath: path.relative(root, outputPath(root, url)), content: contents[position] ?? '' }))))
      for (const result of added) errors.push(...result.errors)
    }
    if (errors.length > 0) throw new SearchIndexError(root, errors)
    // The bundle is taken in memory and written here rather than with
    // `writeFiles`: Pagefind 1.6's backend panics on a write error, and its
    // Node wrapper then never settles the call, so the build would hang.
    const bundle = await step(index.getFiles())
    if (bundle.errors.length > 0) throw new SearchIndexError(root, bundle.errors)
    const target = path.join(root, 'pagefind', bucket.name)
    await rm(target, { recursive: true, force: true })
    await writeBundle(root, target, keptFiles(bundle.files))
    return indexedPages(bundle.files)
  } finally {
    // Pagefind keeps every index in memory until told otherwise: one year at a time.
    await index.deleteIndex().catch(() => null)
  }
}

/** The files of a bundle that the site keeps: all but Pagefind's ready-made interfaces. */
export function keptFiles<T extends { path: string }>(files: readonly T[]): T[] {
  return files.filter((file) => !unused.test(file.path))
}

/** Write a bundle's files into its folder. */
export async function writeBundle(root: string, bundleDir: string, files: ReadonlyArray<{ path: string; content: Uint8Array }>): Promise<void> {
  try {
    const folders = new Set<string>()
    for (const file of files) {
      const target = path.join(bundleDir, file.path)
      const folder = path.dirname(target)
      if (!folders.has(folder)) {
        await mkdir(folder, { recursive: true })
        folders.add(folder)
      }
      await writeFile(target, file.content)
    }
  } catch (error) {
    throw new SearchIndexError(root, [`cannot write the bundle to ${bundleDir}: ${error instanceof Error ? error.message : String(error)}`], { cause: error })
  }
}

/** Pages Pagefind indexed, from its entry file. */
function indexedPages(files: ReadonlyArray<{ path: string; content: Uint8Array }>): number {
  const entry = files.find((file) => file.path === 'pagefind-entry.json')
  if (!entry) return 0
  const { languages } = JSON.parse(new TextDecoder().decode(entry.content)) as { languages: Record<string, { page_count: number }> }
  return Object.values(languages).reduce((sum, language) => sum + language.page_count, 0)
}
