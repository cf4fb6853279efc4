/**
 * Loading many stories: each file's result is cached by a hash of its text,
 * its path, the load options and the loader's own source (so a changed
 * loader never serves stale stories), and the files that miss the cache are
 * loaded across CPU cores in worker threads when there are enough of them to
 * pay for starting the workers.
 *
 * The cache lives in `.cache/morgue/` under the project (see story-cache.ts).
 */
import { createHash } from 'node:crypto'
import { readFile, readdir } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { VFile } from 'vfile'
import type { Story } from './story.ts'
import type { LoadOptions } from './index.ts'
import { loadOne, replayMessages, type Loaded } from './load-one.ts'
import { rememberArticleHtml } from '../render/index.ts'
import { rememberStoryKey } from './story-keys.ts'
import { StoryCache } from './story-cache.ts'
import { morgueRoot, source } from '../root.ts'

export { rememberStoryKey, storyKey } from './story-keys.ts'

export type { Loaded } from './load-one.ts'
export type { StoryCache } from './story-cache.ts'

/** Below this many files to load, starting workers costs more than it saves. */
const parallelThreshold = 400

/** Files sent to a worker at a time. */
const batchSize = 40

/**
 * A fingerprint of the code that turns a file into a `Story` and its HTML:
 * every source file of the loader and the Markdown renderer, and the
 * versions of the packages they use.
 */
async function loaderFingerprint(): Promise<string> {
  const hash = createHash('sha256')
  const folders = [source('load'), source('render')]
  for (const folder of folders) {
    for (const name of (await readdir(folder)).filter((file) => file.endsWith('.ts')).sort()) {
      hash.update(name).update(await readFile(path.join(folder, name)))
    }
  }
  const manifest = JSON.parse(await readFile(path.join(morgueRoot, 'package-lock.json'), 'utf8').catch(() => '{}')) as { packages?: Record<string, { version?: string }> }
  for (const name of ['unified', 'remark-parse', 'remark-html', 'gray-matter', 'yaml', 'zod', 'luxon', 'entities', 'micromark', 'mdast-util-from-markdown']) {
    hash.update(`${name}@${manifest.packages?.[`node_modules/${name}`]?.version ?? '?'}`)
  }
  return hash.digest('hex').slice(0, 16)
}

let fingerprint: Promise<string> | null = null

/** Caches this process has opened, by folder: a long-running process (the dev server) reads each from disk once. */
const opened = new Map<string, Promise<StoryCache>>()

/** Open the story cache in `folder` for this version of the loader. */
export function openStoryCache(folder: string): Promise<StoryCache> {
  const resolved = path.resolve(folder)
  let cache = opened.get(resolved)
  if (!cache) {
    fingerprint ??= loaderFingerprint()
    cache = fingerprint.then(async (version) => {
      const created = new StoryCache(resolved, version)
      await created.open()
      return created
    })
    // A cache that could not be opened is tried again next time.
    cache.catch(() => opened.delete(resolved))
    opened.set(resolved, cache)
  }
  return cache
}

function cacheKey(version: string, file: VFile, options: Readonly<LoadOptions> | null | undefined): string {
  return createHash('sha256')
    .update(version).update('\0')
    .update(file.path).update('\0')
    .update(JSON.stringify(options ?? {})).update('\0')
    .update(String(file.value))
    .digest('hex')
}

/**
 * A loaded result whose story holds no part of its file's text. Strings cut
 * from a longer one (a URL from the front matter, a headline from the first
 * line) keep that whole string alive in V8, so each story loaded here would
 * hold its file's text for as long as the build holds the story: 87 MB of the
 * 261 MB a cold build of 10,000 stories held while it wrote pages. A copy
 * (about 30 µs a story) owns its strings. Stories from workers or the cache
 * are copies already.
 */
function detached(loaded: Loaded): Loaded {
  return loaded.story ? { ...loaded, story: structuredClone(loaded.story) } : loaded
}

/** Put a loaded result's messages back on its file, as loading it here would have. */
export function replay(file: VFile, loaded: Loaded): void {
  file.value = loaded.value
  replayMessages(file, loaded.messages)
}

/** Options of loading many files. */
export interface LoadManyOptions {
  /** Where to keep the cache; no cache when absent. */
  cacheDir?: string | undefined
  /** A cache already open (see `openStoryCache`), saved by whoever opened it. */
  cache?: StoryCache | undefined
  /** Each file's size, time and inode as read, kept with its entry (see `StoryCache.unchanged`). */
  stats?: ReadonlyArray<string | null> | undefined
  /** Force (true) or forbid (false) worker threads; by default they are used for large batches. */
  parallel?: boolean | undefined
}

/** How a batch was loaded, for progress lines and benchmarks. */
export interface LoadStats {
  cached: number
  loaded: number
  workers: number
}

/** Load every file (its `value` already read), putting problems on each; results in the same order. */
export async function loadMany(files: readonly VFile[], options: Readonly<LoadOptions> | null | undefined, settings: Readonly<LoadManyOptions> = {}): Promise<{ stories: Array<Story | null>; stats: LoadStats }> {
  fingerprint ??= loaderFingerprint()
  const version = await fingerprint
  const cache = settings.cache ?? (settings.cacheDir === undefined ? null : await openStoryCache(settings.cacheDir))
  const results: Array<Loaded | null> = files.map(() => null)
  const misses: number[] = []
  const keys = files.map((file) => cacheKey(version, file, options))
  files.forEach((file, index) => {
    const hit = cache?.get(file.path, keys[index] ?? '') ?? null
    if (hit) results[index] = hit
    else misses.push(index)
  })
  // Measured on a 2-core machine, two workers loaded 1,000 stories slower than the main thread alone
  // (7.8 s against 5.5 s): workers pay off only with more cores than that.
  const useWorkers = settings.parallel ?? (misses.length >= parallelThreshold && availableParallelism() > 2)
  const workers = useWorkers ? Math.max(1, Math.min(availableParallelism(), 8)) : 0
  if (workers > 0 && misses.length > 0) {
    // Loaded only when workers run: most loads (and every build of a few edits) never start one.
    const { Piscina } = await import('piscina')
    const pool = new Piscina({ filename: pathToFileURL(source('load', 'load-worker.mjs')).href, maxThreads: workers, minThreads: workers })
    try {
      // Files go to the workers in batches: one message per file costs more than loading a short story.
      const batches: number[][] = []
      for (let start = 0; start < misses.length; start += batchSize) batches.push(misses.slice(start, start + batchSize))
      await Promise.all(batches.map(async (batch) => {
        const tasks = batch.map((index) => ({ path: files[index]?.path ?? '', cwd: files[index]?.cwd ?? '', value: String(files[index]?.value ?? ''), options: options ?? null }))
        const loaded = await pool.run(tasks) as Loaded[]
        batch.forEach((index, position) => {
          results[index] = loaded[position] ?? null
        })
      }))
    } finally {
      await pool.destroy()
    }
  } else {
    for (const index of misses) {
      const file = files[index]
      if (file) results[index] = detached(loadOne({ path: file.path, cwd: file.cwd, value: String(file.value), options: options ?? null }))
    }
  }
  const missed = new Set(misses)
  const stories = files.map((file, index) => {
    const loaded = results[index]
    if (!loaded) return null
    replay(file, loaded)
    if (missed.has(index)) cache?.set(file.path, keys[index] ?? '', settings.stats?.[index] ?? null, loaded)
    if (loaded.story && loaded.html) rememberArticleHtml(keys[index] ?? '', loaded.html)
    if (loaded.story) rememberStoryKey(loaded.story, keys[index] ?? '')
    return loaded.story
  })
  // A cache opened here is saved here; one passed in, by its owner.
  if (cache && settings.cache === undefined) {
    cache.keepOnly(new Set(files.map((file) => file.path)))
    cache.save()
  }
  return { stories, stats: { cached: files.length - misses.length, loaded: misses.length, workers } }
}
