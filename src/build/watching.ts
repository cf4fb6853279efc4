/**
 * Making sure the dev server sees every save. Eleventy's `watch()` resolves on
 * chokidar's `ready`, which on a large archive comes seconds before chokidar
 * has walked `content/` (about 6 s at 10,000 stories on 2 cores). A story
 * saved in that gap, or while the first build ran, is taken for a file
 * chokidar has always known and never rebuilt. So the server waits until every
 * story is watched, then rebuilds what changed since it started.
 */
import { stat } from 'node:fs/promises'
import path from 'node:path'
import type { FileWatcher } from '@11ty/eleventy'

/** The files of `files` (absolute paths) that the watcher does not list yet. */
export function unwatched(watcher: Pick<FileWatcher, 'getWatched' | 'options'>, files: readonly string[]): string[] {
  const base = path.resolve(watcher.options.cwd ?? '')
  const watched = new Set<string>()
  for (const [folder, names] of Object.entries(watcher.getWatched())) {
    const full = path.resolve(base, folder)
    for (const name of names) watched.add(path.join(full, name))
  }
  return files.filter((file) => !watched.has(file))
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(() => true, () => false)
}

/**
 * Wait until the watcher lists every one of `files` that still exists (a file
 * deleted meanwhile is not waited for). Resolves with those still unwatched
 * once none has been added for `stallMs` (a file the watcher ignores never
 * will be) or after `timeoutMs`: empty when all are watched.
 */
export async function waitUntilWatched(watcher: Pick<FileWatcher, 'getWatched' | 'options'>, files: readonly string[], timeoutMs: number, intervalMs = 100, stallMs = 5000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs
  let missing = unwatched(watcher, files)
  let fewest = missing.length
  let progressed = Date.now()
  while (missing.length > 0) {
    const present: string[] = []
    for (const file of missing) if (await exists(file)) present.push(file)
    if (present.length < fewest) {
      fewest = present.length
      progressed = Date.now()
    }
    if (present.length === 0 || Date.now() >= deadline || Date.now() - progressed >= stallMs) return present
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
    missing = unwatched(watcher, present)
  }
  return []
}

/**
 * The files of `files` written at or after `since` (ms since the epoch, as
 * `Date.now()`). File times come from a coarse kernel clock that can lag
 * `Date.now()` by a few milliseconds, so `since` is taken 50 ms early: at
 * worst a file saved just before is rebuilt once more.
 */
export async function changedSince(files: readonly string[], since: number): Promise<string[]> {
  const times = await Promise.all(files.map((file) => stat(file).then((stats) => Math.max(stats.mtimeMs, stats.ctimeMs), () => -Infinity)))
  return files.filter((_, index) => (times[index] ?? -Infinity) >= since - 50)
}
