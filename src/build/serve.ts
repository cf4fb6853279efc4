/**
 * `morgue serve`: build with Eleventy's dev server, rebuilding and reloading
 * the browser when a story, template or asset changes.
 */
import { createServer } from 'node:net'
import path from 'node:path'
import { Eleventy } from '@11ty/eleventy'
import { morguePlugin, pagesDirectory, planStories } from './eleventy-plugin.ts'
import { readSiteConfig } from './site-config.ts'
import { keepServingStories } from './stories.ts'
import { indexSite, type SearchState } from './search.ts'
import type { Story } from '../load/story.ts'
import { manifestPath, readManifest, writePagesInPlace, type PageManifest } from './pages.ts'
import type { ArchivePlan } from './plan.ts'
import { listStoryFiles } from '../load/content.ts'
import { changedSince, waitUntilWatched } from './watching.ts'

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
  const content = path.join(root, 'content') + path.sep
  // Search bundles a build left in place are reused where their stories did not change.
  const searchIndex = backgroundIndex(output, (await readManifest(manifestPath(root, output))).search ?? {})
  const eleventy = new Eleventy(pagesDirectory(root), output, {
    runMode: 'serve',
    quietMode: true,
    pathPrefix: site.pathPrefix,
    config: (config) => {
      let plan: ArchivePlan | null = null
      let writing: Promise<PageManifest> | null = null
      let early: ArchivePlan | null = null
      // The story, listing and person pages (only those that changed) are written as soon as
      // the archive is planned, before Eleventy renders its own pages; search follows them.
      const onPlan = (planned: ArchivePlan) => {
        plan = planned
        const previous = (writing ?? Promise.resolve(null)).catch(() => null)
        writing = previous.then(() => writePagesInPlace({ root, outDir: output, site, plan: planned })).then((written) => written.manifest)
        return writing
      }
      const stories = keepServingStories(root, site.timezone)
      const planOptions = { site, drafts: options.drafts }
      morguePlugin(config, { stories, site, root, drafts: options.drafts, onPlan, takePlan: () => {
        const taken = early
        early = null
        return taken
      } })
      // A saved story is planned and its pages written before Eleventy starts its rebuild,
      // which then takes that plan: the page shows the edit without waiting for the feeds.
      config.on('eleventy.beforeWatch', async (queue: string[]) => {
        if (queue.length === 0 || !queue.every((file) => path.resolve(root, file).startsWith(content))) return
        early = planStories(await stories(), planOptions)
        await onPlan(early)
      })
      // Saves are picked up after 50 ms without change (Eleventy waits 150 ms).
      config.setChokidarConfig({ awaitWriteFinish: { stabilityThreshold: 50, pollInterval: 10 } })
      config.setServerOptions({ port, showAllHosts: false })
      config.on('eleventy.after', async () => {
        if (!plan || !writing) return
        const manifest = await writing
        // The page reloads as soon as the pages are written; search catches up just after.
        searchIndex.refresh(plan, manifest)
      })
    },
  })
  await eleventy.init()
  const started = Date.now()
  await eleventy.watch()
  const watcher = eleventy.watcher
  if (!watcher) throw new Error('Eleventy started no file watcher')
  // Eleventy rebuilds when a template is deleted, not when a story is: ask it to.
  watcher.on('unlink', (file: string) => {
    if (path.resolve(file).startsWith(content)) watcher.emit('change', file)
  })
  // Not a save missed: wait until chokidar has walked content/, then rebuild what was saved since the start.
  const files = (await listStoryFiles(path.join(root, 'content'), root)).map((file) => path.resolve(root, file))
  const missed = await waitUntilWatched(watcher, files, 120_000)
  if (missed.length > 0) console.warn(`Still not watching ${missed.length} of ${files.length} stories after 2 minutes (first: ${path.relative(root, missed[0] ?? '')}): saves to them may not rebuild until the server restarts.`)
  for (const file of await changedSince(files, started)) watcher.emit('change', file)
  await eleventy.serve(port)
  console.log(`Serving the archive at http://localhost:${port}${site.pathPrefix} (Ctrl+C to stop). Restart after changing content/_data/site.json.`)
  process.once('SIGINT', () => {
    void eleventy.stopWatch().then(() => process.exit(0))
  })
}
