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
import type { Story } from '../load/story.ts'
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

/** Keep the HTML of these stories, and only theirs, for the next build. */
export async function keepArticleHtml(folder: string, stories: readonly Story[]): Promise<void> {
  const kept = new Map<string, ArticleHtml>()
  for (const story of stories) {
    const key = storyKey(story)
    if (key !== undefined) kept.set(key, articleHtml(story))
  }
  await mkdir(folder, { recursive: true })
  const temporary = path.join(folder, `${fileName}.${process.pid}`)
  await writeFile(temporary, serialize(kept))
  await rename(temporary, path.join(folder, fileName))
}
