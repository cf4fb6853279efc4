/**
 * Stories for builds that Eleventy drives itself (`serve`, and Eleventy run
 * with `eleventy.config.ts`): loaded afresh on every build.
 */
import path from 'node:path'
import { loadContent, type ContentOptions } from '../load/content.ts'
import type { Story } from '../load/story.ts'
import { formatReport } from '../load/report.ts'

/** How stories of a project are loaded when Eleventy drives the build. */
export function servingOptions(root: string, timezone: string | null): ContentOptions {
  return { cwd: root, timezone: timezone ?? undefined, publicDir: path.join(root, 'public'), cacheDir: path.join(root, '.cache', 'morgue') }
}

/** Stories have errors; the message is the report, one problem a line. */
export class ContentProblemsError extends Error {
  /** Tells Eleventy's error handler that a stack trace would only hide the report. */
  readonly skipOriginalStack = true
  constructor(report: string) {
    super(`Some stories have errors:\n${report}`)
    this.name = 'ContentProblemsError'
  }
}

/** Load every story under `root/content`, or throw the report of what to fix. */
export async function loadStoriesOrThrow(root: string, timezone: string | null = null): Promise<Story[]> {
  const content = await loadContent(path.join(root, 'content'), servingOptions(root, timezone))
  const report = formatReport(content.files)
  if (content.failed) throw new ContentProblemsError(report)
  if (report) console.warn(report)
  return content.stories
}

/**
 * A loader for the dev server: on errors it prints the report and serves
 * the stories that did load, so one bad file never takes the preview down;
 * the save that fixes it rebuilds as usual.
 */
export function keepServingStories(root: string, timezone: string | null): () => Promise<{ stories: Story[]; clean: boolean }> {
  return async () => {
    const content = await loadContent(path.join(root, 'content'), servingOptions(root, timezone))
    const report = formatReport(content.files)
    if (content.failed) console.error(`${report}\n\nShowing the stories without errors: fix the rest and save.`)
    else if (report) console.warn(report)
    // Clean: not one message on any file, so a clean save of one story changes no other file's report.
    return { stories: content.loaded, clean: report === '' }
  }
}
