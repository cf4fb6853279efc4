/**
 * The article HTML of the stories every build shows whether or not they
 * changed (those in the feeds), kept in the cache folder from one build to the
 * next under the key each story was loaded under, so an unchanged archive's
 * feeds are planned without rendering their Markdown again.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { deserialize, serialize } from 'node:v8'
import { storyKey } from '../load/story-keys.ts'
import { feedUrls, type ArchivePlan } from './plan.ts'
import { articleHtml, useKeptHtml, type ArticleHtml } from '../render/index.ts'

const fileName = 'article-html.v8'

/** Use the HTML the last build kept in `folder`; none when there is none. */
export async function readKeptHtml(folder: string): Promise<void> {
  try {
    useKeptHtml(deserialize(await readFile(path.join(folder, fileName))) as Map<string, ArticleHtml>)
  } catch {
    useKeptHtml(new Map())
  }
}

/**
 * The HTML of the stories in the plan's feeds, by the key each was loaded
 * under. Taken right after planning, when planning the feeds has just
 * rendered it: later, writing thousands of pages has pushed it out of the
 * renderer's memo.
 */
export function feedHtml(plan: Readonly<Pick<ArchivePlan, 'stories' | 'feeds'>>): Map<string, ArticleHtml> {
  const inFeeds = feedUrls(plan)
  const kept = new Map<string, ArticleHtml>()
  for (const story of plan.stories) {
    const key = storyKey(story)
    if (key !== undefined && inFeeds.has(story.permalink)) kept.set(key, articleHtml(story))
  }
  return kept
}

/** Keep this HTML, and only this, for the next build. */
export async function keepArticleHtml(folder: string, kept: ReadonlyMap<string, ArticleHtml>): Promise<void> {
  await mkdir(folder, { recursive: true })
  const temporary = path.join(folder, `${fileName}.${process.pid}`)
  await writeFile(temporary, serialize(kept))
  await rename(temporary, path.join(folder, fileName))
}
