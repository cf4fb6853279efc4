/**
 * Load every story under a content folder, check them against each other,
 * and report every problem of every file in one pass.
 */
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { VFile } from 'vfile'
import type { Story } from './story.ts'
import { loadStory, type LoadOptions } from './index.ts'
import { hasErrors, reportError } from './problems.ts'

/** Story files are Markdown or raw wire text. */
const storyExtensions = new Set(['.md', '.markdown', '.txt'])

/** All stories of a content folder, and every file with its messages. */
export interface LoadedContent {
  /** Stories newest first; empty when any file has errors. */
  stories: Story[]
  /** The stories that loaded without errors, newest first, even when other files failed. */
  loaded: Story[]
  /** Every file read, each carrying its messages. */
  files: VFile[]
  /** Whether any file has an error. */
  failed: boolean
}

/** Paths of story files under a folder, relative to `cwd`, sorted. Names starting with `_` or `.` are skipped. */
export async function listStoryFiles(contentDir: string, cwd: string): Promise<string[]> {
  const entries = await readdir(contentDir, { recursive: true, withFileTypes: true })
  const files: string[] = []
  for (const entry of entries) {
    if (!entry.isFile() || !storyExtensions.has(path.extname(entry.name).toLowerCase())) continue
    const full = path.join(entry.parentPath, entry.name)
    const relative = path.relative(contentDir, full)
    if (relative.split(path.sep).some((part) => part.startsWith('_') || part.startsWith('.'))) continue
    if (/^readme\./i.test(entry.name)) continue
    files.push(path.relative(cwd, full).split(path.sep).join('/'))
  }
  return files.sort()
}

/** Load and check every story under `contentDir`. */
export async function loadContent(contentDir: string, options?: Readonly<LoadOptions & { cwd?: string }> | null): Promise<LoadedContent> {
  const cwd = options?.cwd ?? process.cwd()
  const paths = await listStoryFiles(contentDir, cwd)
  const files: VFile[] = []
  const stories: Story[] = []
  for (const relative of paths) {
    const file = new VFile({ path: relative, cwd, value: await readFile(path.resolve(cwd, relative), 'utf8') })
    files.push(file)
    const story = loadStory(file, options)
    if (story) stories.push(story)
  }
  checkPermalinks(files, stories)
  const broken = new Set(files.filter(hasErrors).map((file) => file.path))
  const failed = broken.size > 0
  const loaded = sortNewestFirst(stories.filter((story) => !broken.has(story.file)))
  return { stories: failed ? [] : loaded, loaded, files, failed }
}

/** Two stories may not share a permalink, not even one differing only in case. */
function checkPermalinks(files: readonly VFile[], stories: readonly Story[]): void {
  const seen = new Map<string, Story>()
  for (const story of stories) {
    const key = story.permalink.toLowerCase()
    const earlier = seen.get(key)
    if (!earlier) {
      seen.set(key, story)
      continue
    }
    const file = files.find((candidate) => candidate.path === story.file)
    if (file) {
      reportError(file, `Permalink \`${story.permalink}\` is already used by ${earlier.file}: give this story another slug or date`, story.positions.headline, 'duplicate-permalink')
    }
  }
}

/** The instant a story is filed under, for ordering: when it was published, else updated. */
export function storyInstant(story: Story): number {
  const iso = story.published?.iso ?? story.updated?.iso ?? ''
  // A time without an offset is local to an unknown zone; ordering it as UTC is the best guess.
  const parsed = Date.parse(/[T ]\d{2}:\d{2}(?::\d{2})?$/.test(iso) ? `${iso}Z` : iso)
  return Number.isNaN(parsed) ? 0 : parsed
}

/** Stories newest first; ties broken by permalink so the order never varies. */
export function sortNewestFirst(stories: readonly Story[]): Story[] {
  return [...stories].sort((a, b) => storyInstant(b) - storyInstant(a) || a.permalink.localeCompare(b.permalink))
}
