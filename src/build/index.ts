/**
 * The build: load and check every story first, then write what changed into a
 * staging folder, and commit it into the live site (or swap a whole new site
 * in) only when everything succeeded.
 */
import { existsSync, renameSync, rmSync } from 'node:fs'
import { readdir, rename, rm } from 'node:fs/promises'
import path from 'node:path'
import type { UserConfig } from '@11ty/eleventy'
import type { VFile } from 'vfile'
import { loadContent } from '../load/content.ts'
import type { Story } from '../load/story.ts'
import type { SiteConfig } from '../render/index.ts'
import { buildTime, planArchive, stableUntil, type ArchivePlan, type HeldStory } from './plan.ts'
import { describeMissing, forgetMissing, isUpToDate, keptFiles, keptMessages, missingOutput, readInputs, type BuildSummary, type Inputs, type MissingOutput } from './up-to-date.ts'
import { buildTextEdits, keepEditState } from './text-edits.ts'
import { feedHtml, keepArticleHtml, readKeptHtml } from './html-cache.ts'
import { checkAliases } from './aliases.ts'
import { readSiteConfig, SiteConfigError } from './site-config.ts'
import { editsBundle, MissingPageError, SearchIndexError, SearchIndexer } from './search.ts'
import { eleventyFiles, eleventyKey, hasEleventyOutput, reuseEleventy } from './eleventy-cache.ts'
import { commit, finishCommit, isRunning, lockSite, planCommit } from './commit.ts'
import { manifestPath, pageFile, readManifest, writeManifest, writePages, type PageManifest, type PageSource, type Shard } from './pages.ts'

export { readSiteConfig, SiteConfigError } from './site-config.ts'
export { SiteBusyError } from './commit.ts'

/** What to build. */
export interface BuildOptions {
  /** Project root holding `content/`, `templates/` and `public/`. */
  root: string
  /** Output folder; `_site` under the root by default. */
  outDir?: string | undefined
  /** Build as of this moment (embargoes, ages, news sitemap); `MORGUE_NOW` or the current time by default. */
  now?: Date | undefined
  /** Publish drafts too. */
  drafts?: boolean | undefined
  /** Fail on warnings as well as errors. */
  strict?: boolean | undefined
  /** Told what the build is doing, a line at a time: stories loaded, pages written, search indexed. */
  progress?: ((line: string) => void) | undefined
  /** Build only this part of the story pages, into `_shards/I-of-N/` (see `buildShard`). */
  shard?: Shard | undefined
  /** Build the rest of the site and merge the parts of this many shards into one `_site/`. */
  mergeShards?: number | undefined
  /**
   * True: skip the build when nothing it reads changed since the live site was built (see
   * up-to-date.ts). False (`--force`): build, and write the whole site afresh rather than only
   * what changed into the live one (see commit.ts).
   */
  skipUnchanged?: boolean | undefined
}

/** Where the parts of a sharded build go: `_shards/2-of-3/`. */
export function shardDirectory(root: string, shard: Shard): string {
  return path.join(root, '_shards', `${shard.index}-of-${shard.count}`)
}

/** The manifest a shard leaves beside its pages, so the merge can reuse them. */
const shardManifest = '.morgue-pages.json'

/** Seconds since `started`, as a build line shows them. */
function since(started: number): string {
  return `${((performance.now() - started) / 1000).toFixed(1)} s`
}

const count = (value: number) => value.toLocaleString('en-US')

/** What a build did. */
export interface BuildResult {
  ok: boolean
  /** Every story file with its messages. */
  files: VFile[]
  stories: Story[]
  /** Stories published: `stories.length`, or the count the skipped build kept. */
  storyCount: number
  /** The build was skipped: nothing changed since the live site was built. */
  upToDate: boolean
  outDir: string
  /** Pages Eleventy wrote (HTML, feeds, sitemaps), not counting copied assets. */
  pages: number
  /** Story pages in the search index. */
  indexed: number
  /** The settings the site was built with. */
  site: SiteConfig
  /** The moment the site was built as of. */
  now: Date
  /** Stories held back by an embargo that had not lifted. */
  held: HeldStory[]
  /** Withdrawn stories, whose addresses now serve a notice. */
  withdrawn: number
  /** Old addresses redirected to stories. */
  redirects: number
}

/** Everything a build decides before writing: settings, stories, plan. */
interface Prepared {
  root: string
  outDir: string
  site: SiteConfig
  now: Date
  files: VFile[]
  plan: ArchivePlan | null
}

/** Read settings, load and check every story, plan the archive: nothing is written. */
async function prepare(options: Readonly<BuildOptions>): Promise<Prepared> {
  const root = path.resolve(options.root)
  const outDir = path.resolve(root, options.outDir ?? '_site')
  const site = await readSiteConfig(root)
  const now = options.now ?? buildTime()
  const started = performance.now()
  const content = await loadContent(path.join(root, 'content'), { cwd: root, timezone: site.timezone ?? undefined, publicDir: path.join(root, 'public'), cacheDir: path.join(root, '.cache', 'morgue') })
  options.progress?.(`Loaded ${count(content.loaded.length)} of ${count(content.files.length)} story files in ${since(started)}`)
  const prepared = { root, outDir, site, now, files: content.files }
  if (content.failed) return { ...prepared, plan: null }
  // The feeds show the newest stories' HTML: the last build kept it, so it is not rendered again.
  await readKeptHtml(path.join(root, '.cache', 'morgue'))
  const plan = planArchive(content.stories, { pageSize: site.pageSize, aliases: site.aliases, now, drafts: options.drafts ?? false })
  if (!checkAliases(content.files, content.stories, plan)) return { ...prepared, plan: null }
  if (options.strict === true && content.files.some((file) => file.messages.length > 0)) return { ...prepared, plan: null }
  return { ...prepared, plan }
}

function result(prepared: Prepared, plan: ArchivePlan | null, pages = 0, indexed = 0): BuildResult {
  return {
    ok: plan !== null, files: prepared.files, stories: plan?.stories ?? [], storyCount: plan?.stories.length ?? 0, upToDate: false, outDir: prepared.outDir, pages, indexed, site: prepared.site, now: prepared.now,
    held: plan?.held ?? [], withdrawn: plan?.withdrawn.length ?? 0, redirects: plan?.redirects.length ?? 0,
  }
}

/** Load, check and plan without writing anything: `morgue check`. */
export async function checkSite(options: Readonly<BuildOptions>): Promise<BuildResult> {
  const prepared = await prepare(options)
  return result(prepared, prepared.plan)
}

/**
 * Build one part of the story pages (`--shard I/N`): a deterministic,
 * disjoint share, so N machines can each build one; `--merge N` then builds
 * the rest and merges them. Every shard loads and plans the whole archive, as
 * a story page links to its neighbours.
 */
async function buildShard(prepared: Prepared, plan: ArchivePlan, shard: Shard, options: Readonly<BuildOptions>): Promise<BuildResult> {
  const dir = shardDirectory(prepared.root, shard)
  const staging = `${dir}.staging-${process.pid}`
  await rm(staging, { recursive: true, force: true })
  try {
    const written = await writePages({ root: prepared.root, outDir: staging, site: prepared.site, plan, shard, progress: options.progress })
    await writeManifest(path.join(staging, shardManifest), written.manifest)
    await swapIn(staging, dir)
    return { ...result(prepared, plan, written.rendered), outDir: dir }
  } finally {
    await rm(staging, { recursive: true, force: true })
  }
}

/** The parts of an N-way sharded build, as page sources for the merge; an error names a missing one. */
async function shardSources(root: string, count: number): Promise<PageSource[]> {
  const sources: PageSource[] = []
  for (let index = 1; index <= count; index++) {
    const dir = shardDirectory(root, { index, count })
    if (!existsSync(path.join(dir, shardManifest))) throw new SiteConfigError('--merge', `shard ${index} of ${count} is missing: build it with \`npm run build -- --shard ${index}/${count}\` (or copy its ${path.relative(root, dir)}/ here) first`)
    sources.push({ dir, manifest: await readManifest(path.join(dir, shardManifest)) })
  }
  return sources
}

/** Build the archive. On failure the previous output is left as it was. */
export async function buildSite(options: Readonly<BuildOptions>): Promise<BuildResult> {
  // Shards write only their own folders; every other build writes the site, one build at a time.
  const unlock = options.shard === undefined ? await lockSite(manifestPath(path.resolve(options.root), path.resolve(options.root, options.outDir ?? '_site'))) : null
  try {
    return await buildOnce(options)
  } catch (error) {
    // A page the live site's manifest lists went missing during the build (removed by hand): write the whole site afresh.
    if (!(error instanceof MissingPageError) || options.skipUnchanged === false) throw error
    options.progress?.(`${error.messages.join('; ')}: writing the whole site afresh`)
    return await buildOnce({ ...options, skipUnchanged: false })
  } finally {
    await unlock?.()
  }
}

async function buildOnce(options: Readonly<BuildOptions>): Promise<BuildResult> {
  // First of all, what a killed build left: a commit finished, the live site back in place, half-built folders gone.
  const output = path.resolve(options.root, options.outDir ?? '_site')
  await finishCommit(manifestPath(path.resolve(options.root), output))
  await removeStaleStaging(output)
  // What the build reads is fingerprinted before it is read, so a file saved during the build is seen by the next one.
  const plain = options.shard === undefined && options.mergeShards === undefined
  const inputs = plain ? await checkInputs(options) : null
  if (inputs?.skipped) return inputs.skipped
  if (inputs?.textEdits) return inputs.textEdits
  const prepared = await prepare(options)
  const { root, outDir, site, now, plan } = prepared
  if (plan === null) return result(prepared, null)
  if (options.shard) return buildShard(prepared, plan, options.shard, options)
  const shards = options.mergeShards === undefined ? [] : await shardSources(root, options.mergeShards)

  const staging = `${outDir}.staging-${process.pid}`
  let pages = 0
  let indexed = 0
  await rm(staging, { recursive: true, force: true })
  // An interrupted build leaves no staging folder behind, and the live site untouched.
  // Pagefind writes each year's bundle into the staging folder from its own process.
  let stopSearch: (() => Promise<void>) | null = null
  // A commit into the live site, once started, is finished before the build stops (it takes moments).
  let committing: Promise<void> | null = null
  let stopping = false
  // What writes into the staging folder now (the pages, or Eleventy), and how to stop the pages.
  let writingNow: Promise<unknown> = Promise.resolve()
  const stopWriting = new AbortController()
  const interrupted = (signal: NodeJS.Signals) => {
    stopping = true
    stopWriting.abort()
    // Stop Pagefind and let the files being written land (a few seconds at most), or they
    // could make folders in the staging folder again after it is removed.
    const stopped = Promise.race([Promise.allSettled([stopSearch?.(), writingNow]), new Promise((resolve) => setTimeout(resolve, 5000))]).catch(() => undefined)
    void stopped.then(() => committing?.catch(() => undefined)).finally(() => {
      try {
        const old = `${outDir}.old-${process.pid}`
        // Stopped between the two renames of the swap: put the live site back.
        if (!existsSync(outDir) && existsSync(old)) renameSync(old, outDir)
        // Pages being written as it is removed can make a folder not empty yet: try again, briefly.
        rmSync(staging, { recursive: true, force: true, maxRetries: 10, retryDelay: 20 })
      } finally {
        // Stopped by the signal, whatever happened above (a staging folder left is cleared by the next build).
        process.kill(process.pid, signal)
      }
    })
  }
  process.once('SIGINT', interrupted)
  process.once('SIGTERM', interrupted)
  try {
    const writing = performance.now()
    const manifestFile = manifestPath(root, outDir)
    // What the live site has, as its manifest says, less what was removed from it by hand since (written again below).
    const recorded = !existsSync(outDir) ? null : (inputs?.live ?? (await readManifest(manifestFile)))
    const liveManifest = recorded === null || inputs?.live !== undefined || options.skipUnchanged === false ? recorded : reportMissing(root, outDir, recorded, missingOutput(outDir, recorded), options.progress)
    const live = liveManifest ? { dir: outDir, manifest: liveManifest } : null
    const sources: PageSource[] = [...(live ? [live] : []), ...shards]
    // A site built before, whose manifest says what every file of it is: only what changes is
    // written, and committed into it in place (see commit.ts); else a whole new site is swapped in.
    // `--force` writes the whole site afresh, whatever was done to the live one by hand.
    const unchangedIn = live !== null && shards.length === 0 && options.skipUnchanged !== false && Object.keys(live.manifest.pages).length > 0 && live.manifest.eleventy !== undefined && live.manifest.search !== undefined ? live : undefined
    // The search index covers the story pages, a bundle a year. Each year goes to
    // Pagefind as soon as its last page is written and is indexed in Pagefind's
    // own process while the build goes on; unchanged years are linked from the live site.
    // Eleventy copies public/ in after the search bundles are written: nothing there may stand in their place.
    if (existsSync(path.join(root, 'public', 'pagefind'))) throw new SearchIndexError(staging, ['public/pagefind/ is where the search index goes: move or rename it'])
    const keptHtml = feedHtml(plan)
    const search = new SearchIndexer(staging, { stories: plan.stories, links: plan.links, previous: live?.manifest.search ? { dir: outDir, state: live.manifest.search } : undefined, changesOnly: unchangedIn !== undefined, progress: options.progress })
    stopSearch = () => search.close()
    try {
      const writingPages = writePages({ root, outDir: staging, site, plan, sources, unchangedIn, progress: options.progress, signal: stopWriting.signal, onPage: (url, key, html) => search.page(url, key, html) })
      writingNow = writingPages
      const written = await writingPages
      // Eleventy writes the site's own pages, unless what it would be given is what it was given last time.
      const siteKey = await eleventyKey(root, site, plan, written.manifest)
      const before = live?.manifest.eleventy
      let templates: number
      let templatesReused = 0
      if (before?.key === siteKey && live && (unchangedIn ? hasEleventyOutput(live.dir, before) : await reuseEleventy(live.dir, staging, before))) {
        written.manifest.eleventy = before
        templates = before.pages
        templatesReused = before.pages
        options.progress?.(`Feeds, sitemaps and indexes unchanged (${count(before.pages)} pages)`)
      } else {
        // Loaded only when it runs (with the plugin, and the feed plugin it loads): most rebuilds reuse its pages, and loading it takes most of a second.
        const [{ Eleventy }, { morguePlugin, pagesDirectory }] = await Promise.all([import('@11ty/eleventy'), import('./eleventy-plugin.ts')])
        const eleventy = new Eleventy(pagesDirectory(root), staging, {
          quietMode: true,
          pathPrefix: site.pathPrefix,
          config: (config) => {
            morguePlugin(config, { stories: plan.stories, plan, site, root, now })
            if (options.progress) reportPages(config, options.progress)
          },
        })
        // morgue reports the build itself; template errors still reach us as exceptions.
        eleventy.disableLogger()
        const eleventyWriting = eleventy.write()
        writingNow = eleventyWriting
        const output = eleventyFiles(staging, (await eleventyWriting) as unknown[])
        written.manifest.eleventy = { key: siteKey, ...output }
        templates = output.pages
      }
      pages = templates + written.rendered + written.reused
      options.progress?.(`Wrote ${count(pages)} pages (${count(written.rendered + templates - templatesReused)} rendered, ${count(written.reused + templatesReused)} unchanged) in ${since(writing)}`)
      const waiting = performance.now()
      const indexedSearch = await search.finish()
      indexed = indexedSearch.pages
      options.progress?.(indexedSearch.indexedBuckets === 0
        ? `Search index unchanged (${count(indexed)} stories)`
        : `Indexed ${count(indexed)} stories for search (${count(indexedSearch.indexedBuckets)} of ${count(indexedSearch.indexedBuckets + indexedSearch.reusedBuckets)} years re-indexed), ${since(waiting)} after the pages`)
      written.manifest.search = indexedSearch.state
      if (inputs) {
        const summary = { stories: plan.stories.length, pages, indexed, held: plan.held, withdrawn: plan.withdrawn.length, redirects: plan.redirects.length, messages: keptMessages(prepared.files) }
        written.manifest.inputs = { key: inputs.read.key, now: now.getTime(), until: stableUntil(plan.stories, plan, now), summary }
      }
      if (unchangedIn) {
        // What the old site had and the new one does not: pages, Eleventy's files, years of search.
        const pagesNow = new Set(Object.keys(written.manifest.pages))
        const eleventyNow = new Set(written.manifest.eleventy?.files ?? [])
        const removals = [
          ...Object.keys(unchangedIn.manifest.pages).filter((url) => !pagesNow.has(url)).map(pageFile),
          ...(unchangedIn.manifest.eleventy?.files ?? []).filter((file) => !eleventyNow.has(file)),
          ...Object.keys(unchangedIn.manifest.search ?? {}).filter((name) => indexedSearch.state[name] === undefined).map((name) => `pagefind/${name}`),
          // Every year is indexed as its pages are now: the bundle of pages edited since goes.
          ...(existsSync(path.join(outDir, 'pagefind', editsBundle)) ? [`pagefind/${editsBundle}`] : []),
        ]
        const folders = Object.keys(indexedSearch.state).map((name) => `pagefind/${name}`)
        const committed = await planCommit({ staging, live: outDir, folders, removals, manifest: written.manifest, manifestFile })
        // Stopped before the commit began: the live site stays as it was.
        if (stopping) throw new Error('The build was stopped')
        committing = commit(committed)
        await committing
        const moved = committed.files.length + committed.folders.length
        options.progress?.(`Updated ${path.relative(root, outDir) || '.'}/ in place: ${count(moved)} ${moved === 1 ? 'file or folder' : 'files and folders'} replaced, ${count(committed.removals.length)} removed`)
      } else {
        // The manifest describes the live site: gone while the site changes, so it never describes the wrong one.
        await rm(manifestFile, { force: true })
        await swapIn(staging, outDir)
        await writeManifest(manifestFile, written.manifest)
      }
      await keepArticleHtml(path.join(root, '.cache', 'morgue'), keptHtml)
      if (inputs) await keepEditState(root, outDir, inputs.read, plan)
    } finally {
      await search.close()
    }
  } finally {
    process.off('SIGINT', interrupted)
    process.off('SIGTERM', interrupted)
    await rm(staging, { recursive: true, force: true })
  }
  return result(prepared, plan, pages, indexed)
}

/**
 * What a build reads, and the result of skipping it when the live site
 * already is that build, or of building only the text edits of a few
 * stories when that is all that changed (see text-edits.ts).
 */
async function checkInputs(options: Readonly<BuildOptions>): Promise<{ read: Inputs; skipped: BuildResult | null; textEdits: BuildResult | null; live?: PageManifest }> {
  const root = path.resolve(options.root)
  const outDir = path.resolve(root, options.outDir ?? '_site')
  const site = await readSiteConfig(root)
  const now = options.now ?? buildTime()
  const read = readInputs(root, outDir, site, { drafts: options.drafts ?? false, relist: options.skipUnchanged === false })
  if (options.skipUnchanged !== true || !existsSync(outDir)) return { read, skipped: null, textEdits: null }
  const recorded = await readManifest(manifestPath(root, outDir))
  // Whether the site still has every file its manifest lists: checked once, when first asked.
  let missing: MissingOutput | undefined
  const check = (): MissingOutput => (missing ??= missingOutput(outDir, recorded))
  const checked = (): PageManifest => reportMissing(root, outDir, recorded, check(), options.progress)
  const summarised = (summary: BuildSummary, upToDate: boolean): BuildResult => ({
    ok: true, files: keptFiles(root, summary.messages), stories: [], storyCount: summary.stories, upToDate, outDir, pages: summary.pages, indexed: summary.indexed,
    site, now, held: summary.held, withdrawn: summary.withdrawn, redirects: summary.redirects,
  })
  const built = recorded.inputs
  if (!isUpToDate(built, read.key, now)) {
    // A build of text edits commits only when nothing is gone.
    const complete = (): boolean => describeMissing(check()) === null
    const edits = await buildTextEdits({ root, outDir, site, now, inputs: read, live: recorded, complete, strict: options.strict === true, progress: options.progress })
    if (edits) return { read, skipped: null, textEdits: summarised(edits, false) }
    return { read, skipped: null, textEdits: null, live: checked() }
  }
  const live = checked()
  // Files removed from the site by hand: no shortcut, the build writes them again.
  if (live !== recorded) return { read, skipped: null, textEdits: null, live }
  const { summary } = built
  // --strict fails on warnings: only a build can say so with the whole report.
  if (options.strict === true && summary.messages.length > 0) return { read, skipped: null, textEdits: null, live }
  options.progress?.(`Nothing changed since _site/ was built: ${count(summary.stories)} stories, ${count(summary.pages)} pages`)
  return { read, skipped: summarised(summary, true), textEdits: null }
}

/**
 * The manifest of the live site without the pages and search bundles gone
 * from it since it was built (see `forgetMissing`), having said what is gone;
 * the very manifest given when nothing is.
 */
function reportMissing(root: string, outDir: string, manifest: PageManifest, missing: Readonly<MissingOutput>, progress: ((line: string) => void) | undefined): PageManifest {
  const gone = describeMissing(missing)
  if (gone === null) return manifest
  progress?.(`Gone from ${path.relative(root, outDir) || '.'}/ since it was built: ${gone}; writing what is gone again`)
  return { ...forgetMissing(manifest, missing) }
}

/** Report pages written every few seconds of a long write, with the rate. */
function reportPages(config: UserConfig, progress: (line: string) => void): void {
  let written = 0
  let started: number | null = null
  let reported = 0
  config.addTransform('morgue-progress', (content: unknown) => {
    written++
    const moment = performance.now()
    if (started === null) {
      started = moment
      reported = moment
    }
    if (moment - reported >= 3000) {
      reported = moment
      progress(`  ${count(written)} pages written (${count(Math.round(written / ((moment - started) / 1000)))} a second)`)
    }
    return content
  })
}

/** Staging folders of builds that were killed outright (SIGKILL, power loss): their process is gone. */
async function removeStaleStaging(outDir: string): Promise<void> {
  const parent = path.dirname(outDir)
  const prefix = `${path.basename(outDir)}.`
  const entries = await readdir(parent).catch(() => [])
  for (const name of entries) {
    const match = /^\.?(?:staging|old)-(\d+)$/.exec(name.slice(prefix.length))
    if (!name.startsWith(prefix) || !match || isRunning(Number(match[1]))) continue
    // Killed between the two renames of a swap: the old site is the only live one, so it goes back.
    if (name.slice(prefix.length).startsWith('old-') && !existsSync(outDir)) await rename(path.join(parent, name), outDir)
    else await rm(path.join(parent, name), { recursive: true, force: true })
  }
}


/** Replace `outDir` with `staging` in two renames, so a reader never sees half a site. */
async function swapIn(staging: string, outDir: string): Promise<void> {
  const old = `${outDir}.old-${process.pid}`
  await rm(old, { recursive: true, force: true })
  await rename(outDir, old).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error
  })
  await rename(staging, outDir)
  await rm(old, { recursive: true, force: true })
}
