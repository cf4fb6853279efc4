/**
 * `morgue serve`: build with Eleventy's dev server, rebuilding and reloading
 * the browser when a story, template or asset changes.
 */
import { createServer } from 'node:net'
import path from 'node:path'
import { Eleventy } from '@11ty/eleventy'
import { morguePlugin, pagesDirectory, planStories } from './eleventy-plugin.ts'
import { readSiteConfig } from './site-config.ts'
import { keepServingStories, servingOptions } from './stories.ts'
import { indexSite, type SearchState } from './search.ts'
import type { Story } from '../load/story.ts'
import { manifestPath, readManifest, writePagesInPlace, writeStoryPageInPlace, type PageManifest } from './pages.ts'
import { differsOnlyInBody, feedUrls, keepsItsPlace, stableUntil, type ArchivePlan } from './plan.ts'
import { eleventyKey } from './eleventy-cache.ts'
import { listStoryFiles, loadContentFile, storyInstant } from '../load/content.ts'
import { changedSince, waitUntilWatched } from './watching.ts'
import { finishCommit, lockSite } from './commit.ts'

/** What to serve, and where. */
export interface ServeOptions {
  root: string
  /** The port to try first; the next free one is taken when it is busy. */
  port: number
  /** Show drafts too. */
  drafts?: boolean | undefined
}

/** Whether a port on this machine is free to listen on. */
function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer()
    server.once('error', () => resolve(false))
    server.listen(port, () => server.close(() => resolve(true)))
  })
}

/** The first free port from `port` on, so the site's URLs name the port it is really served on. */
export async function freePort(port: number, tries = 20): Promise<number> {
  for (let candidate = port; candidate < port + tries; candidate++) {
    if (await isFree(candidate)) return candidate
  }
  throw new Error(`No free port from ${port} to ${port + tries - 1}: pass --port with a free one`)
}

/**
 * Re-index search in the background, one run at a time: a save during a run
 * asks for one more run after it, never for runs side by side. Each run
 * re-indexes only the years whose story pages changed.
 */
function backgroundIndex(output: string, state: SearchState): { refresh: (plan: ArchivePlan, manifest: PageManifest) => void; idle: () => Promise<void> } {
  let running: Promise<void> | null = null
  let next: { stories: Story[]; links: ArchivePlan['links']; manifest: PageManifest } | null = null
  const run = (pages: { stories: Story[]; links: ArchivePlan['links']; manifest: PageManifest }): Promise<void> => indexSite(output, { ...pages, previous: { dir: output, state } }).then(
    (result) => { state = result.state },
    (error: unknown) => {
      // Whatever was half written is indexed afresh next time.
      state = {}
      console.error(error instanceof Error ? error.message : error)
    },
  ).then(() => {
    if (next) {
      const pages = next
      next = null
      running = run(pages)
      return running
    }
    running = null
    return undefined
  })
  return {
    refresh: (plan, manifest) => {
      const pages = { stories: plan.stories, links: plan.links, manifest }
      if (running) next = pages
      else running = run(pages)
    },
    idle: async () => {
      while (running) await running
    },
  }
}

/** Build, serve and watch until interrupted. */
export async function serveSite(options: Readonly<ServeOptions>): Promise<void> {
  const root = path.resolve(options.root)
  const port = await freePort(options.port)
  const site = await readSiteConfig(root, { ...process.env, MORGUE_URL: process.env.MORGUE_URL ?? `http://localhost:${port}` })
  const output = path.join(root, '_site')
  // The server writes the site as stories are saved: no build may write it meanwhile.
  const unlock = await lockSite(manifestPath(root, output))
  // A build killed while committing into the site is finished first.
  await finishCommit(manifestPath(root, output))
  const contentDir = path.join(root, 'content')
  const content = contentDir + path.sep
  // Search bundles a build left in place are reused where their stories did not change.
  const searchIndex = backgroundIndex(output, (await readManifest(manifestPath(root, output))).search ?? {})
  const loadOptions = servingOptions(root, site.timezone)
  const loadAll = keepServingStories(root, site.timezone)
  // The stories of the last load, newest first and by file, to tell what a save changed; and
  // whether that load reported nothing at all.
  let loadedInOrder: Story[] = []
  let loadedByFile = new Map<string, Story>()
  let loadedClean = false
  const remember = (loaded: Story[], clean: boolean): Story[] => {
    loadedInOrder = loaded
    loadedByFile = new Map(loaded.map((story) => [story.file, story]))
    loadedClean = clean
    return loaded
  }
  const stories = async (): Promise<Story[]> => {
    const { stories: loaded, clean } = await loadAll()
    return remember(loaded, clean)
  }
  /**
   * The stories after one story was saved and loaded without a message: the
   * last load's, with that story swapped for its new version, when the last
   * load reported nothing and the new version keeps its addresses and its
   * time (so no other file's checks, and not the order, can change); else a
   * full load.
   */
  const storiesAfterSave = async (saved: Story | null): Promise<Story[]> => {
    const before = saved === null ? undefined : loadedByFile.get(saved.file)
    if (saved === null || before === undefined || !loadedClean) return stories()
    const sameAddresses = saved.permalink === before.permalink && JSON.stringify(saved.aliases) === JSON.stringify(before.aliases)
    if (!sameAddresses || storyInstant(saved) !== storyInstant(before)) return stories()
    return remember(loadedInOrder.map((story) => (story === before ? saved : story)), true)
  }
  const planOptions = { site, drafts: options.drafts }
  // The latest plan, and until when it holds without any file changing (an embargo lifting, an age banner).
  let plan: ArchivePlan | null = null
  let planHoldsUntil = Number.POSITIVE_INFINITY
  let writing: Promise<PageManifest> | null = null
  // Story saves seen so far: a plan made before the latest save is not handed to Eleventy.
  let saves = 0
  let early: { plan: ArchivePlan; saves: number } | null = null
  // The plan Eleventy last rendered from, and the key of what it wrote (see eleventy-cache.ts).
  let eleventyPlan: ArchivePlan | null = null
  let eleventyBuilt: string | null = null
  // Whether Eleventy is building or about to: a save then waits for Eleventy's next run.
  let eleventyBusy = true
  // Page writes, whole plans or one story's page, run one after another.
  const thenWrite = (write: () => Promise<PageManifest>): Promise<PageManifest> => {
    const previous = (writing ?? Promise.resolve(null)).catch(() => null)
    writing = previous.then(write)
    return writing
  }
  // The story, listing and person pages (only those that changed) are written as soon as
  // the archive is planned, before Eleventy renders its own pages; search follows them.
  // The first write checks that the pages the last build wrote are all there (pages removed by hand are written again);
  // after that, the server is the only writer of the site.
  let checkOutput = true
  const writePlan = (planned: ArchivePlan) => {
    plan = planned
    planHoldsUntil = stableUntil([...loadedByFile.values()], planned, new Date()) ?? Number.POSITIVE_INFINITY
    const check = checkOutput
    checkOutput = false
    return thenWrite(async () => (await writePagesInPlace({ root, outDir: output, site, plan: planned, checkOutput: check })).manifest)
  }
  const eleventy = new Eleventy(pagesDirectory(root), output, {
    runMode: 'serve',
    quietMode: true,
    pathPrefix: site.pathPrefix,
    config: (config) => {
      const onPlan = (planned: ArchivePlan) => {
        eleventyPlan = planned
        return writePlan(planned)
      }
      morguePlugin(config, { stories, site, root, drafts: options.drafts, onPlan, takePlan: () => {
        const taken = early?.plan ?? null
        early = null
        if (taken) eleventyPlan = taken
        return taken
      } })
      // A saved story is planned and its pages written before Eleventy starts its rebuild,
      // which then takes that plan: the page shows the edit without waiting for the feeds.
      config.on('eleventy.beforeWatch', async (queue: string[]) => {
        eleventyBusy = true
        eleventyBuilt = null
        // Planned and written already when the save was looked at first (see `rebuildPages`),
        // unless another story was saved since.
        if (early !== null && early.saves === saves) return
        early = null
        if (queue.length === 0 || !queue.every((file) => path.resolve(root, file).startsWith(content))) return
        const seen = saves
        const planned = planStories(await stories(), planOptions)
        await writePlan(planned)
        early = { plan: planned, saves: seen }
      })
      // Saves are picked up after 50 ms without change (Eleventy waits 150 ms).
      config.setChokidarConfig({ awaitWriteFinish: { stabilityThreshold: 50, pollInterval: 10 } })
      config.setServerOptions({ port, showAllHosts: false })
      config.on('eleventy.before', () => {
        eleventyBusy = true
        eleventyBuilt = null
      })
      // After the first build, and after each watch run (with the runs it queued): Eleventy is idle.
      let built = false
      const idle = async () => {
        const rendered = eleventyPlan
        if (rendered && writing) {
          const manifest = await writing
          // The page reloads as soon as the pages are written; search catches up just after.
          searchIndex.refresh(rendered, manifest)
          eleventyBuilt = await eleventyKey(root, site, rendered, manifest)
        }
        eleventyBusy = false
      }
      config.on('eleventy.after', async () => {
        if (built) return
        built = true
        await idle()
      })
      config.on('eleventy.afterwatch', idle)
    },
  })

  /**
   * A saved story, loaded on its own, and its page written at once when the
   * last plan still holds for it:
   * - a save that changed nothing but the story's body, to a story outside
   *   the feeds, changes only that page (and its year of search): the page is
   *   rewritten and the browser reloaded, without planning the archive again
   *   or running Eleventy (`done`);
   * - a save after which the story keeps its place in the archive (a new
   *   headline or lede, a quote reworded) leaves its own page's links as they
   *   were: the page is written and shown first, and the listings, feeds and
   *   the rest follow from the full rebuild.
   * `story` is the story as saved, when it loaded without a message.
   */
  const writeOwnPage = async (file: string): Promise<{ done: boolean; story: Story | null }> => {
    const current = plan
    const relative = path.relative(root, file).split(path.sep).join('/')
    const before = loadedByFile.get(relative)
    if (!before) return { done: false, story: null }
    const loaded = await loadContentFile(contentDir, file, loadOptions)
    // Any problem, even a warning, is reported by the full rebuild, with every other file's.
    const fresh = loaded?.story
    if (!loaded || !fresh || loaded.file.messages.length > 0) return { done: false, story: null }
    const saved = { done: false, story: fresh }
    const planned = current?.stories.find((story) => story.file === relative)
    if (!current || !planned || eleventyBusy || Date.now() >= planHoldsUntil || plan !== current) return saved
    const inFeed = feedUrls(current).has(planned.permalink)
    const onlyItsPage = !inFeed && differsOnlyInBody(before, fresh)
    if (!onlyItsPage && !keepsItsPlace(before, fresh)) return saved
    const started = performance.now()
    // Planning links related headlines; those did not change, so the planned links stand. Such a
    // copy is keyed by what it holds, as a full build keys it, not by the file it was loaded from.
    const story = planned === before ? fresh : { ...fresh, related: planned.related }
    const patched: ArchivePlan = { ...current, stories: current.stories.map((each) => (each === planned ? story : each)) }
    if (onlyItsPage) {
      plan = patched
      remember(loadedInOrder.map((each) => (each === before ? fresh : each)), loadedClean)
    }
    const manifest = await thenWrite(() => writeStoryPageInPlace({ root, outDir: output, site, plan: patched, story }))
    const took = Math.round(performance.now() - started)
    console.log(onlyItsPage
      ? `[morgue] ${relative} changed: only its page shows what changed, rewritten in ${took} ms`
      : `[morgue] ${relative} changed: its page rewritten in ${took} ms; the pages that list it follow`)
    await eleventy.eleventyServe.reload({ files: [`./${relative}`], build: { templates: [] } })
    if (!onlyItsPage) return saved
    searchIndex.refresh(patched, manifest)
    return { done: true, story: fresh }
  }

  /**
   * Any other save to a story: load and plan the archive and write the pages
   * that changed; when what Eleventy's templates read of the plan did not
   * change (a headline that is in no feed, no quote and no news sitemap), the
   * feeds, sitemaps and indexes stand and Eleventy is not run. False when
   * Eleventy must run, with the plan left for it to take.
   */
  const rebuildPages = async (file: string, saved: Story | null): Promise<boolean> => {
    if (eleventyBusy || eleventyBuilt === null) return false
    const started = performance.now()
    const seen = saves
    const planned = planStories(await storiesAfterSave(saved), planOptions)
    const manifest = await writePlan(planned)
    const key = await eleventyKey(root, site, planned, manifest)
    if (key !== eleventyBuilt || eleventyBusy) {
      early = { plan: planned, saves: seen }
      return false
    }
    console.log(`[morgue] ${path.relative(root, file)} changed: its pages rewritten, feeds, sitemaps and indexes unchanged, in ${Math.round(performance.now() - started)} ms`)
    await eleventy.eleventyServe.reload({ files: [`./${path.relative(root, file)}`], build: { templates: [] } })
    searchIndex.refresh(planned, manifest)
    return true
  }

  await eleventy.init()
  const started = Date.now()
  await eleventy.watch()
  const watcher = eleventy.watcher
  if (!watcher) throw new Error('Eleventy started no file watcher')
  // Eleventy rebuilds when a template is deleted, not when a story is: ask it to.
  watcher.on('unlink', (file: string) => {
    if (path.resolve(file).startsWith(content)) watcher.emit('change', file)
  })
  // A story saved or added goes to Eleventy only when more than the story's own pages changed.
  const eleventyChange = watcher.listeners('change') as Array<(file: string) => unknown>
  const eleventyAdd = watcher.listeners('add') as Array<(file: string) => unknown>
  watcher.removeAllListeners('change')
  watcher.removeAllListeners('add')
  const toEleventy = (listeners: ReadonlyArray<(file: string) => unknown>, file: string) => {
    eleventyBusy = true
    for (const listener of listeners) void listener(file)
  }
  let handled: Promise<void> = Promise.resolve()
  const saved = (listeners: ReadonlyArray<(file: string) => unknown>) => (file: string) => {
    const full = path.resolve(root, file)
    if (!full.startsWith(content)) return toEleventy(listeners, file)
    saves++
    handled = handled.then(async () => {
      const own = await writeOwnPage(full)
      return own.done || (await rebuildPages(full, own.story))
    }).then(
      (done) => { if (!done) toEleventy(eleventyChange, file) },
      (error: unknown) => {
        console.error(error instanceof Error ? error.message : error)
        toEleventy(eleventyChange, file)
      },
    )
  }
  watcher.on('change', saved(eleventyChange))
  watcher.on('add', saved(eleventyAdd))
  // Not a save missed: wait until chokidar has walked content/, then rebuild what was saved since the start.
  const files = (await listStoryFiles(contentDir, root)).map((file) => path.resolve(root, file))
  const missed = await waitUntilWatched(watcher, files, 120_000)
  if (missed.length > 0) console.warn(`Not watching ${missed.length} of ${files.length} stories (first: ${path.relative(root, missed[0] ?? '')}): saves to them are not rebuilt until the server restarts. Is the folder in .eleventyignore or .gitignore?`)
  for (const file of await changedSince(files, started)) watcher.emit('change', file)
  // And a story deleted while the first build ran, before chokidar could see it go.
  const present = new Set(files)
  for (const file of loadedByFile.keys()) if (!present.has(path.resolve(root, file))) watcher.emit('change', path.resolve(root, file))
  await eleventy.serve(port)
  console.log(`Serving the archive at http://localhost:${port}${site.pathPrefix} (Ctrl+C to stop). Restart after changing content/_data/site.json.`)
  process.once('SIGINT', () => {
    void eleventy.stopWatch().then(unlock).then(() => process.exit(0))
  })
}
