/**
 * A build after only the text of a few stories changed. When the files that
 * changed since the live site was built are stories whose new versions
 * differ from the old only in their body, and none of them is in a feed,
 * nothing but their own pages and search can change: the listings, feeds,
 * sitemaps and person pages show none of a body. Such a build loads just
 * those files, renders their pages from what the last full build's plan said
 * of them (their links, the years and credits every page shows), indexes
 * them for search in a small bundle of their own (the edits bundle, see
 * search.ts) rather than indexing their years again, and commits that into
 * the live site. It neither loads the other stories nor plans the archive, so
 * its time does not grow with the archive, but for listing its files.
 * The next full build indexes their years again and removes the bundle. *
 * What it needs of the last plan is kept beside the page manifest
 * (`.cache/morgue/edits-*.v8`), written by every full build only, with the
 * key of what that build read: a state that does not go with the live site's
 * manifest is never used. Each such build takes every file changed since
 * that full build (so never more than a few), those it built before
 * included, and writes nothing but the pages whose key changed. Whenever any
 * condition does not hold, the full build runs, as it would without this.
 */
import { closeSync, openSync, rmSync } from 'node:fs'
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { deserialize, serialize } from 'node:v8'
import { loadContentFile } from '../load/content.ts'
import { openStoryCache, storyKey } from '../load/parallel.ts'
import { readExactly } from '../load/story-cache.ts'
import type { Story } from '../load/story.ts'
import type { SiteConfig } from '../render/index.ts'
import { commit, planCommit } from './commit.ts'
import { eleventyTemplates, fieldsRead } from './eleventy-cache.ts'
import { differsOnlyInBody, feedUrls, withRelated, type ArchivePlan, type StoryLinks } from './plan.ts'
import { manifestPath, outputCacheFile, outputPath, renderStoryPages, type PageManifest } from './pages.ts'
import { bucketOf, editsBundle, fragmentIds, indexEdits, indexList, SearchIndexError, writeIndexList, type IndexList, type ReplacedFragment } from './search.ts'
import type { BuildSummary, Inputs } from './up-to-date.ts'

/**
 * More changed files than this are built in full: planning once costs less
 * than many single loads. As the edits bundle of search holds only pages of
 * files changed since the last full build, it never holds more either.
 */
const maxEdits = 16

const count = (value: number) => value.toLocaleString('en-US')

/** What a story's page shows of the plan. */
interface StoryPage {
  related: Story['related']
  links: StoryLinks
}

/**
 * What the last full build's plan said, for the next builds to render a
 * story page without it. It is kept in columns of strings, which are read
 * back many times faster than as many objects, followed by each story's page
 * (its related links as the plan resolved them, and its links) as JSON, read
 * only for the stories whose pages are rewritten.
 */
interface EditState {
  version: 2
  /** The key of the inputs of the full build (its manifest's `inputs.key`). */
  inputs: string
  /** The key of all the build read but `content/` (see up-to-date.ts). */
  frame: string
  /** Each file of `content/` and its size, time and inode, in the order they were read. */
  files: string[]
  signatures: string[]
  /** The stories with a page, in archive order, each by its file. */
  stories: {
    files: string[]
    /** The key it was loaded under (see parallel.ts). */
    keys: string[]
    /** Its year of search (see search.ts). */
    buckets: string[]
    /** In a feed, which shows its whole text: its page is never the only one to change. */
    inFeed: boolean[]
    /** Where its page's JSON is after the columns: offset and length, two numbers a story. */
    pages: number[]
  }
  years: ArchivePlan['years']
  credits: ArchivePlan['credits']
}

const stateVersion = 2

function statePath(root: string, outDir: string): string {
  return outputCacheFile(root, outDir, 'edits', 'v8')
}

/**
 * Keep what the next build needs of this one's plan, once the live site is
 * this build's. A site whose Eleventy templates read the stories themselves
 * (`plan.stories`) keeps none: any edit may change what they show.
 */
export async function keepEditState(root: string, outDir: string, inputs: Readonly<Inputs>, plan: Readonly<ArchivePlan>): Promise<void> {
  const file = statePath(root, outDir)
  const fields = fieldsRead(eleventyTemplates(root))
  if (fields === null || fields.has('stories')) {
    await rm(file, { force: true })
    return
  }
  const inFeeds = feedUrls(plan)
  const stories: EditState['stories'] = { files: [], keys: [], buckets: [], inFeed: [], pages: [] }
  const pages: Buffer[] = []
  let offset = 0
  for (const story of plan.stories) {
    const key = storyKey(story)
    const links = plan.links[story.permalink]
    if (key === undefined || links === undefined) continue
    const page: StoryPage = { related: story.related, links }
    const bytes = Buffer.from(JSON.stringify(page))
    stories.files.push(story.file)
    stories.keys.push(key)
    stories.buckets.push(bucketOf(story, plan.links))
    stories.inFeed.push(inFeeds.has(story.permalink))
    stories.pages.push(offset, bytes.length)
    pages.push(bytes)
    offset += bytes.length
  }
  const state: EditState = { version: stateVersion, inputs: inputs.key, frame: inputs.frame, files: [...inputs.content.keys()], signatures: [...inputs.content.values()], stories, years: plan.years, credits: plan.credits }
  const head = serialize(state)
  const length = Buffer.alloc(4)
  length.writeUInt32LE(head.length, 0)
  await mkdir(path.dirname(file), { recursive: true })
  const temporary = `${file}.${process.pid}`
  await writeFile(temporary, Buffer.concat([length, head, ...pages]))
  await rename(temporary, file)
}

/** The state, and a way to read a story's page from it; null when there is none, or it cannot be read. */
function readState(file: string): { state: EditState; page: (index: number) => StoryPage | null } | null {
  let fd: number
  try {
    fd = openSync(file, 'r')
  } catch {
    return null
  }
  try {
    const length = readExactly(fd, 4, 0)?.readUInt32LE(0)
    const head = length === undefined ? null : readExactly(fd, length, 4)
    if (length === undefined || head === null) return null
    const state = deserialize(head) as EditState
    if (state.version !== stateVersion) return null
    return {
      state,
      page: (index) => {
        const [offset, size] = [state.stories.pages[2 * index], state.stories.pages[2 * index + 1]]
        if (offset === undefined || size === undefined) return null
        // Unreadable (the file replaced or damaged since): the full build runs instead.
        try {
          const page = openSync(file, 'r')
          try {
            const bytes = readExactly(page, size, 4 + length + offset)
            return bytes === null ? null : (JSON.parse(bytes.toString('utf8')) as StoryPage)
          } finally {
            closeSync(page)
          }
        } catch {
          return null
        }
      },
    }
  } catch {
    return null
  } finally {
    closeSync(fd)
  }
}

/** Options of a build of text edits. */
export interface TextEditsOptions {
  root: string
  outDir: string
  site: Readonly<SiteConfig>
  now: Date
  inputs: Readonly<Inputs>
  /** The live site's manifest. */
  live: Readonly<PageManifest>
  /** Whether the live site has every file its manifest lists, asked once the edits are known: this build does nothing otherwise, and the full build runs. */
  complete: () => boolean
  strict: boolean
  progress?: ((line: string) => void) | undefined
}

/**
 * Build the live site again when only the text of some stories changed, and
 * return its summary, which such a build leaves as it was; null, having
 * written nothing, when more than that changed and the full build must run.
 */
export async function buildTextEdits(options: Readonly<TextEditsOptions>): Promise<BuildSummary | null> {
  const { root, outDir, site, inputs, live } = options
  const built = live.inputs
  if (!built || !live.search || !live.eleventy) return null
  // The pages' links (age banners, the news sitemap) hold only as long as the live site's plan does.
  const at = options.now.getTime()
  if (at < built.now || (built.until !== null && at >= built.until)) return null
  // --strict fails on warnings: only a full build can say so with the whole report.
  if (options.strict && built.summary.messages.length > 0) return null
  const saved = readState(statePath(root, outDir))
  if (!saved) return null
  const { state } = saved
  if (state.inputs !== (live.planInputs ?? built.key) || state.frame !== inputs.frame || state.files.length !== inputs.content.size) return null
  // Every file changed since the plan was made, those a build like this one wrote before included:
  // the state is written by full builds only, so it is never out of step with the site.
  const changed: string[] = []
  let position = 0
  for (const [file, signature] of inputs.content) {
    // A file added or removed: the archive is planned again.
    if (state.files[position] !== file) return null
    if (state.signatures[position] !== signature) changed.push(file)
    position++
  }
  if (changed.length === 0 || changed.length > maxEdits) return null
  // Files removed from the site by hand: the full build writes them again, and this build nothing
  // (asked before any page is read from the site: the edits bundle reads some).
  if (!options.complete()) return null

  // Each changed file: a story with a page, in no feed, whose new version loads without a
  // message (the report of the live site stays true) and differs from the old only in its body.
  const reported = new Set(built.summary.messages.map((entry) => entry.path))
  const cacheDir = path.join(root, '.cache', 'morgue')
  const cache = await openStoryCache(cacheDir)
  const storyIndex = new Map(state.stories.files.map((file, index) => [file, index]))
  const edits: Story[] = []
  const links: Record<string, StoryLinks> = {}
  const placeOf = new Map<string, { file: string; bucket: string }>()
  for (const file of changed) {
    const index = storyIndex.get(file)
    if (index === undefined || state.stories.inFeed[index] !== false || reported.has(file)) return null
    const before = cache.get(file, state.stories.keys[index] ?? '')?.story
    if (!before) return null
    const loaded = await loadContentFile(path.join(root, 'content'), path.join(root, file), { cwd: root, timezone: site.timezone ?? undefined, cacheDir })
    const story = loaded?.story
    const page = saved.page(index)
    const bucket = state.stories.buckets[index]
    if (!loaded || !story || loaded.file.messages.length > 0 || !differsOnlyInBody(before, story) || !page || bucket === undefined) return null
    links[story.permalink] = page.links
    placeOf.set(story.permalink, { file, bucket })
    edits.push(withRelated(story, page.related))
  }

  const started = performance.now()
  const pages = await renderStoryPages(root, site, { links, years: state.years, credits: state.credits }, edits)
  // The edits bundle of search: every page changed since its year was indexed, with the
  // fragment of the version its year holds. A page whose key is again the one its year was
  // indexed with is in its year as it is, and leaves the bundle.
  const bundled = { ...live.searchEdits?.pages }
  const missing = new Map<string, Set<string>>()
  for (const page of pages) {
    const place = placeOf.get(page.url)
    const entry = bundled[page.url]
    const base = entry?.base ?? live.pages[page.url]
    if (place === undefined || base === undefined) return null
    if (page.key === base) delete bundled[page.url]
    else if (entry === undefined) missing.set(place.bucket, (missing.get(place.bucket) ?? new Set()).add(page.url))
  }
  for (const [bucket, urls] of missing) {
    const ids = await fragmentIds(path.join(outDir, 'pagefind', bucket), urls).catch(() => new Map<string, string>())
    for (const url of urls) {
      const id = ids.get(url)
      const base = live.pages[url]
      if (id === undefined || base === undefined) return null
      bundled[url] = { bucket, replaces: id, base }
    }
  }

  const list = await readFile(path.join(outDir, 'pagefind', indexList), 'utf8').then((text) => JSON.parse(text) as IndexList, () => null)
  if (!list || !Array.isArray(list.indexes)) return null

  const staging = `${outDir}.staging-${process.pid}`
  await rm(staging, { recursive: true, force: true })
  // Stopped by a signal, the build removes what it wrote; a commit once begun is finished
  // first (it takes moments), as a full build's is.
  let committing: Promise<void> | null = null
  let stopping = false
  const interrupted = (signal: NodeJS.Signals) => {
    stopping = true
    void (committing ?? Promise.resolve()).catch(() => undefined).finally(() => {
      try {
        rmSync(staging, { recursive: true, force: true, maxRetries: 10, retryDelay: 20 })
      } finally {
        process.kill(process.pid, signal)
      }
    })
  }
  process.once('SIGINT', interrupted)
  process.once('SIGTERM', interrupted)
  const rewritten = pages.filter((page) => live.pages[page.url] !== page.key)
  const manifest: PageManifest = { ...live, inputs: { ...built, key: inputs.key }, planInputs: state.inputs }
  delete manifest.searchEdits
  try {
    for (const page of rewritten) {
      const target = outputPath(staging, page.url)
      await mkdir(path.dirname(target), { recursive: true })
      await writeFile(target, page.html)
    }
    const urls = Object.keys(bundled).sort()
    if (urls.length > 0) {
      const ids = await indexEdits(staging, urls, new Map(pages.map((page) => [page.url, page.html])), outDir)
      const replaced: Record<string, ReplacedFragment> = {}
      for (const url of urls) {
        const id = ids.get(url)
        const entry = bundled[url]
        if (id === undefined || entry === undefined) throw new SearchIndexError(staging, [`${url} is not in the bundle of edited pages`])
        replaced[entry.replaces] = { by: id, url }
      }
      manifest.searchEdits = { pages: bundled, replaced }
      await writeIndexList(path.join(staging, 'pagefind'), { indexes: list.indexes, edits: { bundle: editsBundle, replaced } })
    } else {
      await writeIndexList(path.join(staging, 'pagefind'), { indexes: list.indexes })
    }
    options.progress?.(`  search: ${count(urls.length)} edited ${urls.length === 1 ? 'story' : 'stories'} indexed apart from ${urls.length === 1 ? 'its year' : 'their years'}`)
    // The live manifest's pages are changed in place (the build reads it no more): copying ten thousand keys costs more than the rest.
    for (const page of rewritten) manifest.pages[page.url] = page.key
    const edited = `pagefind/${editsBundle}`
    const planned = await planCommit({ staging, live: outDir, folders: urls.length > 0 ? [edited] : [], removals: urls.length > 0 ? [] : [edited], manifest, manifestFile: manifestPath(root, outDir) })
    if (stopping) throw new Error('The build was stopped')
    committing = commit(planned)
    await committing
  } finally {
    process.off('SIGINT', interrupted)
    process.off('SIGTERM', interrupted)
    await rm(staging, { recursive: true, force: true })
  }
  const files = rewritten.map((page) => placeOf.get(page.url)?.file ?? page.url)
  const one = files.length === 1
  options.progress?.(`Only the text of ${one ? 'a story' : `${count(files.length)} stories`} changed${files.length > 0 ? ` (${files.join(', ')})` : ''}: ${one ? 'its page' : 'their pages'} and search rewritten in ${((performance.now() - started) / 1000).toFixed(1)} s`)
  return built.summary
}
