/**
 * `morgue import-jsonl FILE`: turn a JSON Lines file of articles (one
 * `{id, title, date, url, body, license}` a line, as the bundled Wikinews
 * corpus is) into story files under `content/`. Repeatable: existing stories
 * are never overwritten, so running it twice changes nothing.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { stringify } from 'yaml'
import { z } from 'zod'
import { slugFromHeadline } from './ingest.ts'

const record = z.object({
  id: z.string().min(1),
  title: z.string().min(1),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  url: z.string().url(),
  body: z.string().min(1),
  license: z.string().min(1),
})

/** One article of the import. */
export type ImportRecord = z.infer<typeof record>

/** What to import. */
export interface ImportOptions {
  root: string
  /** Take this many articles, evenly spaced through the file; all when absent. */
  pick?: number | undefined
  section?: string | undefined
}

/** What an import did. */
export interface ImportResult {
  written: string[]
  existing: string[]
  /** Lines that are not articles, with the reason: `FILE:LINE  reason`. */
  problems: string[]
}

/** Source name for an article address: `en.wikinews.org` is Wikinews. */
function sourceName(url: string): string {
  const host = new URL(url).hostname
  return /(^|\.)wikinews\.org$/.test(host) ? 'Wikinews' : host.replace(/^www\./, '')
}

/** Every `step`-th item so that `count` are taken from the whole list, first and last included. */
export function evenlySpaced<T>(items: readonly T[], count: number): T[] {
  if (count >= items.length) return [...items]
  if (count <= 1) return items.slice(0, count)
  const step = (items.length - 1) / (count - 1)
  return Array.from({ length: count }, (_, index) => items[Math.round(index * step)] as T)
}

/** The story file for one article: front matter with its source and licence, the body as wire copy. */
export function storyFileOf(article: ImportRecord, section?: string): string {
  const data: Record<string, unknown> = {
    title: article.title,
    date: article.date,
    ...(section ? { section } : {}),
    source: { name: sourceName(article.url), url: article.url },
    license: article.license,
    format: 'wire',
  }
  return `---\n${stringify(data)}---\n${article.body.replace(/\r\n?/g, '\n').trim()}\n`
}

/** Import the articles of a JSON Lines file. */
export async function importJsonl(file: string, options: Readonly<ImportOptions>): Promise<ImportResult> {
  const lines = (await readFile(file, 'utf8')).split('\n')
  const problems: string[] = []
  const articles: ImportRecord[] = []
  lines.forEach((line, index) => {
    if (line.trim() === '') return
    let value: unknown
    try {
      value = JSON.parse(line)
    } catch (error) {
      problems.push(`${file}:${index + 1}  not JSON: ${(error as Error).message}`)
      return
    }
    const parsed = record.safeParse(value)
    if (parsed.success) articles.push(parsed.data)
    else problems.push(`${file}:${index + 1}  ${parsed.error.issues.map((issue) => `\`${issue.path.join('.')}\` ${issue.message}`).join('; ')}`)
  })
  const result: ImportResult = { written: [], existing: [], problems }
  if (problems.length > 0) return result
  for (const article of options.pick === undefined ? articles : evenlySpaced(articles, options.pick)) {
    const relative = path.join('content', ...article.date.split('-'), `${slugFromHeadline(article.title)}.md`)
    const target = path.join(options.root, relative)
    await mkdir(path.dirname(target), { recursive: true })
    try {
      await writeFile(target, storyFileOf(article, options.section), { flag: 'wx' })
      result.written.push(relative)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      result.existing.push(relative)
    }
  }
  return result
}
