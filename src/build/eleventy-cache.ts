/**
 * Eleventy writes the site's own pages (feeds, sitemaps, indexes, search,
 * 404, redirects) from the archive plan. On a large archive that takes
 * seconds even when nothing they show changed, so their output is keyed like
 * the story pages are: a hash of the templates, the public files, the code
 * and site settings, and exactly the parts of the plan the templates read.
 * When the key matches the live site's, the files Eleventy wrote last time
 * are linked from it instead of running Eleventy again.
 */
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { copyFile, link, mkdir, readdir, readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import type { SiteConfig } from '../render/index.ts'
import type { ArchivePlan } from './plan.ts'
import type { PageManifest } from './pages.ts'
import { morgueRoot, source } from '../root.ts'

/** What the live site's manifest keeps of Eleventy's last run. */
export interface EleventyOutput {
  key: string
  /** The files it wrote (pages, and public files copied), relative to the site. */
  files: string[]
  /** How many of them were pages. */
  pages: number
}

/** Every file under a folder, relative to it, sorted; none when it is missing. */
async function filesUnder(folder: string): Promise<string[]> {
  const found: string[] = []
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => [])
    for (const entry of entries) {
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) await walk(full)
      else found.push(path.relative(folder, full))
    }
  }
  await walk(folder)
  return found.sort()
}

/**
 * The text of the templates Eleventy renders: every page template, and the
 * layouts they extend, include or import, and theirs. The other layouts
 * (story, listing and person pages) are rendered by pages.ts, not Eleventy.
 * Every template under `templates/` when one names another by an expression,
 * or one not found.
 */
export function eleventyTemplates(root: string): string[] {
  const pages = path.join(root, 'templates', 'pages')
  const layouts = path.join(root, 'templates', 'layouts')
  const texts: string[] = []
  const seen = new Set<string>()
  let unknown = false
  const visit = (file: string): void => {
    if (seen.has(file)) return
    seen.add(file)
    const text = readFileSync(file, 'utf8')
    texts.push(text)
    const named = [...text.matchAll(/\{%-?\s*(?:extends|include|import|from)\s+(["'])?([^"'\s%]+)/g)].map((match) => (match[1] === undefined ? null : match[2] ?? null))
    for (const match of text.matchAll(/^layout:\s*["']?([^"'\s]+)/gm)) named.push(match[1] ?? null)
    for (const name of named) {
      // Found as Eleventy's Nunjucks finds it: among the layouts, else beside the pages.
      const found = name === null ? undefined : [path.join(layouts, name), path.join(pages, name)].find((candidate) => existsSync(candidate) && statSync(candidate).isFile())
      if (found === undefined) unknown = true
      else visit(found)
    }
  }
  const filesIn = (folder: string) => readdirSync(folder, { recursive: true, encoding: 'utf8' }).map((name) => path.join(folder, name)).filter((file) => statSync(file).isFile())
  for (const file of filesIn(pages)) visit(file)
  return unknown ? filesIn(path.join(root, 'templates')).map((file) => readFileSync(file, 'utf8')) : texts
}

/** The fields of the plan the templates name (`plan.feeds`); every field when one uses `plan` some other way. */
export function fieldsRead(templates: readonly string[]): Set<keyof ArchivePlan> | null {
  const fields = new Set<keyof ArchivePlan>()
  for (const text of templates) {
    for (const match of text.matchAll(/\bplan\b(\.(\w+))?/g)) {
      if (match[2] === undefined) return null
      fields.add(match[2] as keyof ArchivePlan)
    }
  }
  return fields
}

/** The key of what Eleventy would write for this plan. */
export async function eleventyKey(root: string, site: Readonly<SiteConfig>, plan: Readonly<ArchivePlan>, pages: Readonly<PageManifest>): Promise<string> {
  const hash = createHash('sha256').update(JSON.stringify(site))
  const templates = path.join(root, 'templates')
  for (const file of await filesUnder(templates)) hash.update(file).update('\0').update(await readFile(path.join(templates, file))).update('\0')
  // Public files are copied as they are: their size and time stand for them.
  const publicDir = path.join(root, 'public')
  for (const file of await filesUnder(publicDir)) {
    const info = await stat(path.join(publicDir, file))
    hash.update(file).update(`\0${info.size}\0${info.mtimeMs}\0`)
  }
  // The code of the plugin and the filters it gives the templates, and the versions of Eleventy and its plugins.
  const render = source('render')
  for (const file of [source('build', 'eleventy-plugin.ts'), source('build', 'eleventy-cache.ts'), ...(await filesUnder(render)).map((name) => path.join(render, name))]) {
    hash.update(await readFile(file))
  }
  for (const name of ['@11ty/eleventy', '@11ty/eleventy-plugin-rss']) {
    const manifest = path.join(morgueRoot, 'node_modules', name, 'package.json')
    hash.update(existsSync(manifest) ? (JSON.parse(await readFile(manifest, 'utf8')) as { version: string }).version : '?')
  }
  const fields = fieldsRead(eleventyTemplates(root)) ?? new Set(Object.keys(plan) as Array<keyof ArchivePlan>)
  for (const field of [...fields].sort()) {
    hash.update(`\0${field}\0`)
    // Stories stand for themselves by their pages' keys, which cover everything the story shows.
    if (field === 'stories') for (const story of plan.stories) hash.update(story.permalink).update(pages.pages[story.permalink] ?? '').update('\n')
    else hash.update(JSON.stringify(plan[field]) ?? 'undefined')
  }
  return hash.digest('hex')
}

/** The files Eleventy wrote into `outDir`, from what `write()` returned. */
export function eleventyFiles(outDir: string, written: readonly unknown[]): { files: string[]; pages: number } {
  const [copied, templates] = written as [Array<{ map?: Record<string, string> }> | undefined, Array<{ outputPath?: unknown }> | undefined]
  const pages = (templates ?? []).flatMap((template) => (typeof template.outputPath === 'string' ? [path.relative(outDir, template.outputPath)] : []))
  const copies = (copied ?? []).flatMap((copy) => Object.values(copy.map ?? {})).map((file) => path.relative(outDir, file))
  return { files: [...new Set([...pages, ...copies])].sort(), pages: pages.length }
}

/** Whether every file Eleventy wrote last time is still in the live site. */
export function hasEleventyOutput(from: string, output: Readonly<EleventyOutput>): boolean {
  return output.files.every((file) => !file.startsWith('..') && !path.isAbsolute(file) && existsSync(path.join(from, file)))
}

/** Link what Eleventy wrote last time from the live site; false when a file of it is gone. */
export async function reuseEleventy(from: string, to: string, output: Readonly<EleventyOutput>): Promise<boolean> {
  if (!hasEleventyOutput(from, output)) return false
  const folders = new Set<string>()
  for (const file of output.files) {
    const target = path.join(to, file)
    const folder = path.dirname(target)
    if (!folders.has(folder)) {
      await mkdir(folder, { recursive: true })
      folders.add(folder)
    }
    await link(path.join(from, file), target).catch(() => copyFile(path.join(from, file), target))
  }
  return true
}
