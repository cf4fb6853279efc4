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
import { mapLimit } from '../load/concurrency.ts'

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

/** The files of `files` that are on disk. */
async function existing(files: readonly string[]): Promise<string[]> {
  const found = await mapLimit(files, 64, (file) => stat(file).then(() => true, () => false))
  return files.filter((_, index) => found[index] === true)
}

/**
 * Wait until the watcher lists every one of `files` that still exists (a file
 * deleted meanwhile is not waited for). Resolves with those still unwatched
 * once the watcher has added none of them for `stallMs` of waiting (a file the
 * watcher ignores never will be) or after `timeoutMs`: empty when all are
 * watched. Only the time spent waiting on the watcher counts as its stalling:
 * looking at 10,000 files on disk takes seconds on a busy machine, as the
 * first start of the dev server is, so the disk is looked at only at the start
 * and before giving up. `onDisk` says which files are on disk.
 */
export async function waitUntilWatched(
  watcher: Pick<FileWatcher, 'getWatched' | 'options'>,
  files: readonly string[],
  timeoutMs: number,
  intervalMs = 100,
  stallMs = 5000,
  onDisk: (files: readonly string[]) => Promise<string[]> = existing,
): Promise<string[]> {
  const deadline = Date.now() + timeoutMs
  let missing = await onDisk(unwatched(watcher, files))
  let stalled = 0
  while (missing.length > 0) {
    if (stalled >= stallMs || Date.now() >= deadline) {
      // Before giving up, the files the watcher lacks are looked for again: when some were
      // deleted meanwhile, the watcher may have been waited for only on their account.
      const present = await onDisk(missing)
      if (present.length === missing.length || Date.now() >= deadline) return present
      missing = present
      stalled = 0
      continue
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
    const still = unwatched(watcher, missing)
    stalled = still.length < missing.length ? 0 : stalled + intervalMs
    missing = still
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
