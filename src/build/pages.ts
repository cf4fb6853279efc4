/**
 * The archive's many pages (one per story, listing page and person), written
 * straight from the plan with the same Nunjucks layouts Eleventy uses, one
 * page at a time so memory stays bounded.
 *
 * Every page has a key: a hash of the layouts, the renderer's code, the site
 * settings and exactly the data the page shows. A page whose key matches one
 * already built (the live `_site/`, or the output of a shard) is hard-linked
 * from there instead of being rendered again, so an unchanged archive
 * rebuilds in a fraction of the time and editing one story re-renders only
 * its page and the listings it appears in. The keys are kept in a manifest
 * beside the output (`.cache/morgue/`).
 */
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { access, copyFile, link, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import nunjucks from 'nunjucks'
import type { Story } from '../load/story.ts'
import { renderArticle, type SiteConfig } from '../render/index.ts'
import type { ArchivePlan, ListingPage, Person } from './plan.ts'
import { mapLimit } from '../load/concurrency.ts'
import { storyKey } from '../load/parallel.ts'
import type { SearchEdits, SearchState } from './search.ts'
import type { EleventyOutput } from './eleventy-cache.ts'
import type { BuiltInputs } from './up-to-date.ts'
import { source } from '../root.ts'

/** One page to write: its address, its layout and what the layout reads. */
interface PageJob {
  url: string
  layout: 'article.njk' | 'listing.njk' | 'person.njk'
  /** The data the page shows, besides what every page shows. */
  data: { story: Story } | { listing: ListingPage } | { person: Person }
}

/** Keys of the pages of one output folder, by URL. */
export interface PageManifest {
  version: 2
  pages: Record<string, string>
  /** The search index of these pages, by bucket: its key and how many stories it holds (see search.ts). */
  search?: SearchState
  /** The story pages indexed apart from their years since their text changed (see search.ts). */
  searchEdits?: SearchEdits
  /** What Eleventy wrote, and the key of what it was given (see eleventy-cache.ts). */
  eleventy?: EleventyOutput
  /** What the build read, to skip the next one when nothing changed (see up-to-date.ts). */
  inputs?: BuiltInputs
  /** After builds of text edits (see text-edits.ts): the key of the inputs of the full build whose plan they used. */
  planInputs?: string
}

/** Output folders whose pages may be reused when their key matches. */
export interface PageSource {
  dir: string
  manifest: PageManifest
}

/** What writing the pages did. */
export interface WrittenPages {
  manifest: PageManifest
  rendered: number
  reused: number
}

/** A hash of everything besides the data that decides how a page looks: layouts, renderer code, site settings. */
async function designKey(root: string, site: Readonly<SiteConfig>): Promise<string> {
  const hash = createHash('sha256').update(JSON.stringify(site))
  const folders = [path.join(root, 'templates', 'layouts'), source('render')]
  for (const folder of folders) {
    for (const name of (await readdir(folder)).sort()) hash.update(name).update(await readFile(path.join(folder, name)))
  }
  hash.update(await readFile(source('build', 'pages.ts')))
  return hash.digest('hex')
}

/** The pages this writer makes, in a fixed order; `shard` keeps only story pages of one part. */
function jobsOf(plan: ArchivePlan, shard: Shard | null): PageJob[] {
  const stories: PageJob[] = shardStories(plan.stories, shard).map((story) => ({ url: story.permalink, layout: 'article.njk', data: { story } }))
  if (shard !== null) return stories
  return [
    ...stories,
    ...plan.listings.map((listing): PageJob => ({ url: listing.url, layout: 'listing.njk', data: { listing } })),
    ...plan.people.map((person): PageJob => ({ url: person.url, layout: 'person.njk', data: { person } })),
  ]
}

/** A page's key: the design, its layout and address, and exactly the data it shows. */
function pageKey(commonKey: string, job: Readonly<PageJob>, plan: Readonly<Pick<ArchivePlan, 'links'>>): string {
  const hash = createHash('sha256').update(commonKey).update(job.layout).update(job.url)
  if ('story' in job.data) {
    const { story } = job.data
    // A story loaded from a file stands for itself by the key it was loaded under (its text, path and the loader),
    // and its related links, which the plan resolves against the other stories.
    const loadedAs = storyKey(story)
    hash.update(loadedAs === undefined ? JSON.stringify(story) : `loaded:${loadedAs}\0${JSON.stringify(story.related)}`).update('\0').update(JSON.stringify(plan.links[story.permalink]) ?? '')
  } else if ('listing' in job.data) {
    const { listing } = job.data
    hash.update(JSON.stringify({ ...listing, items: listing.items.map(partKey) }))
  } else {
    const { person } = job.data
    hash.update(JSON.stringify({ ...person, quotes: person.quotes.map(partKey) }))
  }
  return hash.digest('hex')
}

/**
 * The hash of one story as a listing shows it, or of one quote on a person's
 * page: the same object is on many pages, and in every plan the dev server
 * makes until the story changes, so each is hashed once. They are never
 * changed once made (see `renderListing` and `peopleOf`).
 */
function partKey(part: object): string {
  let key = partKeys.get(part)
  if (key === undefined) {
    key = createHash('sha256').update(JSON.stringify(part)).digest('hex')
    partKeys.set(part, key)
  }
  return key
}

const partKeys = new WeakMap<object, string>()

/** What of the plan the pages show besides their own data: each story's links, and on every page the years and credits. */
export type CommonPlan = Pick<ArchivePlan, 'links' | 'years' | 'credits'>

/** What rendering any page needs: the layouts, what every page shows besides its own data, and the key of both. */
interface PageContext {
  environment: nunjucks.Environment
  common: { site: Readonly<SiteConfig>; plan: CommonPlan }
  commonKey: string
}

async function pageContext(root: string, site: Readonly<SiteConfig>, plan: Readonly<CommonPlan>): Promise<PageContext> {
  const design = await designKey(root, site)
  const common = { site, plan: { links: plan.links, years: plan.years, credits: plan.credits } }
  const commonKey = createHash('sha256').update(design).update(JSON.stringify(common.plan.years)).update(JSON.stringify(common.plan.credits)).digest('hex')
  return { environment: layoutEnvironment(root, site), common, commonKey }
}

function renderPage(context: Readonly<PageContext>, job: Readonly<PageJob>, site: Readonly<SiteConfig>): string {
  const data = 'story' in job.data ? { ...context.common, article: renderArticle(job.data.story, site) } : { ...context.common, ...job.data }
  return withPathPrefix(context.environment.render(job.layout, { ...data, page: { url: job.url } }), site.pathPrefix)
}

/** A new file renamed into place: the old one may be a hard link shared with another site or a shard. */
async function replaceFile(target: string, text: string): Promise<void> {
  const temporary = `${target}.${process.pid}.tmp`
  await writeFile(temporary, text)
  await rename(temporary, target)
}

/** One part of N of the story pages (`--shard 2/3`). */
export interface Shard {
  /** 1-based. */
  index: number
  count: number
}

/** The story pages of a shard: a deterministic, disjoint part, by position in permalink order. */
export function shardStories(stories: readonly Story[], shard: Shard | null): Story[] {
  if (shard === null) return [...stories]
  const ordered = [...stories].sort((a, b) => (a.permalink < b.permalink ? -1 : a.permalink > b.permalink ? 1 : 0))
  return ordered.filter((_, position) => position % shard.count === shard.index - 1)
}

/**
 * Put the site's path prefix on every site-relative address of a page, as
 * Eleventy's HTML base plugin does for the pages Eleventy writes.
 */
export function withPathPrefix(html: string, prefix: string): string {
  if (prefix === '/' || prefix === '') return html
  const base = prefix.replace(/\/$/, '')
  return html.replace(/(\s(?:href|src|action|poster)=")\/(?!\/)/g, `$1${base}/`)
}

/** The file of a page, relative to the site's folder, with `/` separators. */
export function pageFile(url: string): string {
  return (url.endsWith('/') ? `${url}index.html` : url).split('/').filter((part) => part !== '').join('/')
}

/** The file a page URL is written to. */
export function outputPath(outDir: string, url: string): string {
  return path.join(outDir, ...pageFile(url).split('/'))
}

/** Options of writing the pages. */
export interface WritePagesOptions {
  root: string
  outDir: string
  site: Readonly<SiteConfig>
  plan: ArchivePlan
  /** Folders with pages that may be reused. */
  sources?: readonly PageSource[]
  /**
   * The live site, when only what changed is written (to be committed into it, see commit.ts):
   * a page whose key its manifest has is left there and not written at all. The build gives
   * the manifest less the pages gone from the site (see up-to-date.ts); one found missing all
   * the same, when its year of search is indexed again, makes the build write the whole site afresh.
   */
  unchangedIn?: PageSource | undefined
  shard?: Shard | null
  /** Told every few seconds how far the writing is. */
  progress?: ((line: string) => void) | undefined
  /** Stops the writing: no page is begun once it is aborted, and the promise settles once the pages begun are written. */
  signal?: AbortSignal | undefined
  /** Told of each page once it is on disk: its key, and its HTML when it was rendered now (null when reused); writing waits for a promise it returns. */
  onPage?: ((url: string, key: string, html: string | null) => Promise<void> | undefined) | undefined
}

/** Render or reuse every page, writing each as it is made. */
export async function writePages(options: Readonly<WritePagesOptions>): Promise<WrittenPages> {
  const { outDir, site, plan } = options
  const context = await pageContext(options.root, site, plan)
  const manifest: PageManifest = { version: 2, pages: {} }
  let rendered = 0
  let reused = 0
  let reported = performance.now()
  const started = reported
  const made = new Set<string>()
  const folders = new Map<string, Promise<unknown>>()
  // Pages are rendered one at a time (memory stays bounded); their files are written and linked many at once.
  // Where unchanged pages stay: the live site a rebuild commits into, or the folder written in place (the dev server).
  const stays = options.unchangedIn ?? options.sources?.find((source) => path.resolve(source.dir) === path.resolve(outDir))
  await mapLimit(jobsOf(plan, options.shard ?? null), 16, async (job) => {
    options.signal?.throwIfAborted()
    const key = pageKey(context.commonKey, job, plan)
    manifest.pages[job.url] = key
    const target = outputPath(outDir, job.url)
    // A page whose key is unchanged where it stays is already there: nothing to do.
    if (stays?.manifest.pages[job.url] === key && !made.has(target)) {
      reused++
      made.add(target)
      await options.onPage?.(job.url, key, null)
      return
    }
    const folder = path.dirname(target)
    let created = folders.get(folder)
    if (!created) {
      created = mkdir(folder, { recursive: true })
      folders.set(folder, created)
    }
    await created
    if (await reuse(options.sources ?? [], job.url, key, target, made)) {
      reused++
      await options.onPage?.(job.url, key, null)
    } else {
      const html = renderPage(context, job, site)
      await replaceFile(target, html)
      rendered++
      await options.onPage?.(job.url, key, html)
    }
    made.add(target)
    const moment = performance.now()
    if (options.progress && moment - reported >= 3000) {
      reported = moment
      const done = rendered + reused
      options.progress(`  ${done.toLocaleString('en-US')} pages (${rendered.toLocaleString('en-US')} rendered, ${reused.toLocaleString('en-US')} unchanged, ${Math.round(done / ((moment - started) / 1000)).toLocaleString('en-US')} a second)`)
    }
  })
  return { manifest, rendered, reused }
}

/** Hard-link (or copy) a folder tree, for reusing an unchanged search index. */
export async function linkTree(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true })
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name)
    const target = path.join(to, entry.name)
    if (entry.isDirectory()) await linkTree(source, target)
    else await link(source, target).catch(() => copyFile(source, target))
  }
}

/** Link an identical page from a source into place; false when none has it. */
async function reuse(sources: readonly PageSource[], url: string, key: string, target: string, made: ReadonlySet<string>): Promise<boolean> {
  if (made.has(target)) return false
  for (const source of sources) {
    if (source.manifest.pages[url] !== key) continue
    const from = outputPath(source.dir, url)
    // Building in place (the dev server): an unchanged page is already there.
    if (from === target) {
      if (await access(target).then(() => true, () => false)) return true
      continue
    }
    try {
      await link(from, target)
      return true
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'ENOENT') continue
      // Another file system, or links not allowed: a copy does as well.
      if (code === 'EXDEV' || code === 'EPERM' || code === 'EMLINK') {
        await copyFile(from, target)
        return true
      }
      throw error
    }
  }
  return false
}

/** The Nunjucks environment of the layouts, configured as Eleventy's is for them. */
function layoutEnvironment(root: string, site: Readonly<SiteConfig>): nunjucks.Environment {
  const environment = new nunjucks.Environment(new nunjucks.FileSystemLoader(path.join(root, 'templates', 'layouts')), { autoescape: true, throwOnUndefined: false })
  environment.addFilter('renderArticle', (story: Story) => renderArticle(story, site))
  return environment
}

/** Where the manifest of an output folder is kept. */
export function manifestPath(root: string, outDir: string): string {
  return outputCacheFile(root, outDir, 'pages', 'json')
}

/** A file the cache folder keeps about one output folder (`pages-0123456789ab.json`). */
export function outputCacheFile(root: string, outDir: string, kind: string, extension: string): string {
  const name = createHash('sha256').update(path.resolve(outDir)).digest('hex').slice(0, 12)
  return path.join(root, '.cache', 'morgue', `${kind}-${name}.${extension}`)
}

/** The manifest of an output folder, or an empty one. */
export async function readManifest(file: string): Promise<PageManifest> {
  try {
    const manifest = JSON.parse(await readFile(file, 'utf8')) as PageManifest
    const isRecord = (value: unknown): boolean => typeof value === 'object' && value !== null && !Array.isArray(value)
    if (manifest.version !== 2 || !isRecord(manifest.pages)) return { version: 2, pages: {} }
    // A part damaged by hand is dropped: what it describes is written again.
    if (manifest.eleventy !== undefined && !(isRecord(manifest.eleventy) && Array.isArray(manifest.eleventy.files))) delete manifest.eleventy
    if (manifest.search !== undefined && !isRecord(manifest.search)) delete manifest.search
    return manifest
  } catch {
    return { version: 2, pages: {} }
  }
}

export async function writeManifest(file: string, manifest: PageManifest): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true })
  const temporary = `${file}.${process.pid}`
  await writeFile(temporary, JSON.stringify(manifest))
  await rename(temporary, file)
}

/** Write the pages into an output folder that is served as it is written (the dev server, Eleventy run directly). */
export async function writePagesInPlace(options: Readonly<Omit<WritePagesOptions, 'sources'>> & { checkOutput?: boolean }): Promise<WrittenPages> {
  const file = manifestPath(options.root, options.outDir)
  // The manifest stands for the pages in the folder: when the folder is gone, so are they.
  const manifest = existsSync(options.outDir) ? await readManifest(file) : { version: 2 as const, pages: {} }
  // And when asked (the dev server's first write), for those still there: a page removed by hand is written again.
  if (options.checkOutput === true) for (const url of Object.keys(manifest.pages)) if (!existsSync(outputPath(options.outDir, url))) delete manifest.pages[url]
  // Gone while pages change, so a run that fails halfway never leaves keys that describe other pages.
  await rm(file, { force: true })
  const written = await writePages({ ...options, sources: [{ dir: options.outDir, manifest }] })
  await writeManifest(file, written.manifest)
  return written
}

/**
 * Render story pages on their own, from what the plan of the last build
 * said of them (see text-edits.ts): each page's address, key and HTML.
 */
export async function renderStoryPages(root: string, site: Readonly<SiteConfig>, plan: Readonly<CommonPlan>, stories: readonly Story[]): Promise<Array<{ url: string; key: string; html: string }>> {
  const context = await pageContext(root, site, plan)
  return stories.map((story) => {
    const job: PageJob = { url: story.permalink, layout: 'article.njk', data: { story } }
    return { url: job.url, key: pageKey(context.commonKey, job, plan), html: renderPage(context, job, site) }
  })
}

/**
 * Rewrite one story's page in an output folder that is served as it is written,
 * when nothing else in the plan changed with it (the dev server, after an edit
 * to a story's text that no other page shows). Returns the folder's manifest
 * with the page's new key.
 */
export async function writeStoryPageInPlace(options: Readonly<Omit<WritePagesOptions, 'sources' | 'shard' | 'onPage'>> & { story: Story }): Promise<PageManifest> {
  const { outDir, site, plan, story } = options
  const file = manifestPath(options.root, outDir)
  const manifest = await readManifest(file)
  const context = await pageContext(options.root, site, plan)
  const job: PageJob = { url: story.permalink, layout: 'article.njk', data: { story } }
  const target = outputPath(outDir, job.url)
  await rm(file, { force: true })
  await mkdir(path.dirname(target), { recursive: true })
  await replaceFile(target, renderPage(context, job, site))
  manifest.pages[job.url] = pageKey(context.commonKey, job, plan)
  await writeManifest(file, manifest)
  return manifest
}
