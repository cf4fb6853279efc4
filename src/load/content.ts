/**
 * Load every story under a content folder, check them against each other,
 * and report every problem of every file in one pass.
 */
import { statSync } from 'node:fs'
import { lstat } from 'node:fs/promises'
import path from 'node:path'
import { VFile } from 'vfile'
import type { Story } from './story.ts'
import type { LoadOptions } from './index.ts'
import { loadMany, openStoryCache, rememberStoryKey, replay, type StoryCache } from './parallel.ts'
import { mapLimit } from './concurrency.ts'
import { instantOf } from './times.ts'
import { hasErrors } from './problems.ts'
import { findStoryFiles, readStoryFile, type FoundFile } from './files.ts'
import { checkPermalinks, publicNames } from './permalinks.ts'

/** All stories of a content folder, and every file with its messages. */
export interface LoadedContent {
  /** Stories newest first; empty when any file has errors. */
  stories: Story[]
  /** The stories that loaded without errors, newest first, even when other files failed. */
  loaded: Story[]
  /** Every file read, each carrying its messages (and its text, when it has any). */
  files: VFile[]
  /** Whether any file has an error. */
  failed: boolean
}

/** How to load a content folder. */
export interface ContentOptions extends LoadOptions {
  /** The folder paths are reported relative to; the working directory by default. */
  cwd?: string | undefined
  /** The site's `public/` folder, whose files no story may take the address of. */
  publicDir?: string | undefined
  /** Where to cache loaded stories between runs (see parallel.ts); no cache when absent. */
  cacheDir?: string | undefined
}

/**
 * Paths of the story files under a folder that can be read, relative to
 * `cwd`, sorted. Names starting with `_` or `.` are skipped, and links leading
 * out of the folder are not followed.
 */
export async function listStoryFiles(contentDir: string, cwd: string): Promise<string[]> {
  const found = await findStoryFiles(contentDir, cwd)
  return found.filter((entry) => entry.unlisted === undefined && (entry.link === null || (entry.link.inside && !entry.link.folder))).map((entry) => entry.path)
}

/** Load and check every story under `contentDir`. */
export async function loadContent(contentDir: string, options?: Readonly<ContentOptions> | null): Promise<LoadedContent> {
  const cwd = options?.cwd ?? process.cwd()
  const cache = options?.cacheDir === undefined ? null : await openStoryCache(options.cacheDir)
  const loadOptions = { date: options?.date, timezone: options?.timezone, format: options?.format }
  // A story read with other options (another time zone) is another story.
  const optionsTag = JSON.stringify(loadOptions)
  // Read many files at once: one at a time, the build mostly waits on the disk. A file
  // whose size, time and inode are those the cache saw it with is not read at all.
  const read = await mapLimit(await findStoryFiles(contentDir, cwd), 32, (found) => readOrRecall(found, { cwd, contentDir, cache, optionsTag }))
  const files: VFile[] = []
  const readable: VFile[] = []
  const stats: Array<string | null> = []
  const stories: Story[] = []
  for (const { file, text, stat, hit } of read) {
    files.push(file)
    if (hit) {
      replay(file, hit.loaded)
      if (hit.loaded.story) {
        rememberStoryKey(hit.loaded.story, hit.key)
        stories.push(hit.loaded.story)
      }
    } else if (text !== null) {
      // The loader holds each story to the size and markup limits itself (and caches the verdict).
      readable.push(file)
      stats.push(stat)
    }
  }
  // The rest are loaded together: from the cache by their text, and across cores when there are many.
  const { stories: results } = await loadMany(readable, loadOptions, { cache: cache ?? undefined, stats })
  for (const story of results) if (story !== null) stories.push(story)
  if (cache) {
    cache.keepOnly(new Set(files.map((file) => file.path)))
    cache.save()
  }
  checkPermalinks(files, stories, options?.publicDir === undefined ? undefined : await publicNames(options.publicDir))
  // A file's text is kept only for problems that point into it: stories have the rest, and
  // ten thousand texts held for the whole build would be memory for nothing.
  for (const file of files) if (file.messages.length === 0) file.value = ''
  const broken = new Set(files.filter(hasErrors).map((file) => file.path))
  const failed = broken.size > 0
  const loaded = sortNewestFirst(stories.filter((story) => !broken.has(story.file)))
  return { stories: failed ? [] : loaded, loaded, files, failed }
}

/** A found file, read; or, when the cache saw it with these same size, times, inode and options, what the cache holds. */
async function readOrRecall(found: FoundFile, where: { cwd: string; contentDir: string; cache: StoryCache | null; optionsTag: string }) {
  const signature = found.unlisted === undefined && found.link === null ? statSignature(found.full) : null
  const stat = signature === null ? null : `${signature} ${where.optionsTag}`
  const hit = stat === null ? null : (where.cache?.unchanged(found.path, stat) ?? null)
  if (hit) return { file: new VFile({ path: found.path, cwd: where.cwd }), text: null, stat, hit }
  return { ...(await readStoryFile(found, where.cwd, where.contentDir)), stat, hit: null }
}

/**
 * Load one plain story file of a content folder as `loadContent` would (the
 * same options, the same cache), without checking it against the others: for
 * the dev server, which knows which file was saved. Null when the file is not
 * a plain file inside the folder, for the caller to load the whole folder.
 */
export async function loadContentFile(contentDir: string, file: string, options?: Readonly<ContentOptions> | null): Promise<{ file: VFile; story: Story | null } | null> {
  const cwd = options?.cwd ?? process.cwd()
  const full = path.resolve(cwd, file)
  const relative = path.relative(path.resolve(contentDir), full)
  if (relative.startsWith('..') || path.isAbsolute(relative)) return null
  const info = await lstat(full).catch(() => null)
  if (!info?.isFile()) return null
  const cache = options?.cacheDir === undefined ? null : await openStoryCache(options.cacheDir)
  const loadOptions = { date: options?.date, timezone: options?.timezone, format: options?.format }
  const found = { path: path.relative(cwd, full).split(path.sep).join('/'), full, link: null }
  const read = await readOrRecall(found, { cwd, contentDir, cache, optionsTag: JSON.stringify(loadOptions) })
  if (read.hit) {
    replay(read.file, read.hit.loaded)
    if (read.hit.loaded.story) rememberStoryKey(read.hit.loaded.story, read.hit.key)
    return { file: read.file, story: read.hit.loaded.story }
  }
  if (read.text === null) return { file: read.file, story: null }
  const { stories } = await loadMany([read.file], loadOptions, { cache: cache ?? undefined, stats: [read.stat] })
  return { file: read.file, story: stories[0] ?? null }
}

/**
 * A file's size, times and inode: when all are unchanged, so is the file.
 * Synchronous: a warm build checks every story file this way, and ten
 * thousand calls took half the time they take through the thread pool.
 */
function statSignature(full: string): string | null {
  try {
    const info = statSync(full)
    return info.isFile() ? `${info.size}:${info.mtimeMs}:${info.ctimeMs}:${info.ino}` : null
  } catch {
    // Unreadable: the file is read, and its problem reported.
    return null
  }
}

/** The instant a story is filed under, for ordering: when it was published, else updated; 0 when undated. */
export function storyInstant(story: Story): number {
  const instant = instantOf(story.published?.iso ? story.published : story.updated)
  return Number.isFinite(instant) ? instant : 0
}

/** Stories newest first; ties broken by permalink so the order never varies. */
export function sortNewestFirst(stories: readonly Story[]): Story[] {
  return [...stories].sort((a, b) => storyInstant(b) - storyInstant(a) || a.permalink.localeCompare(b.permalink))
}
