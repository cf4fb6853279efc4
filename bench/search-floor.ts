/**
 * The search index alone: Pagefind indexing the story pages of a built site,
 * a bundle a year as morgue's build makes them, and nothing else (no loading,
 * planning or rendering). The years are shared out among one process per core,
 * each running its own Pagefind, and each bundle is written by Pagefind itself
 * into a scratch folder: the cheapest way this machine has to make the index,
 * and so a floor under any build that makes it. The years' folders are only
 * listed up front; each process reads its years' pages and indexes those
 * marked for Pagefind.
 *
 *   node --import tsx bench/search-floor.ts SITE [--processes N]
 */
import { spawn } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { availableParallelism, tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

/** The HTML files of one year's folder, site-relative: its story pages among them. */
interface Year {
  name: string
  pages: string[]
}

/** Every HTML file under a folder, site-relative. */
async function htmlFiles(site: string, folder: string): Promise<string[]> {
  const found: string[] = []
  for (const entry of await readdir(path.join(site, folder), { withFileTypes: true })) {
    const relative = path.join(folder, entry.name)
    if (entry.isDirectory()) found.push(...(await htmlFiles(site, relative)))
    else if (entry.name.endsWith('.html')) found.push(relative)
  }
  return found
}

/** The HTML files of the site's year folders, by year. Which of them are story pages is seen as they are read. */
async function yearsOf(site: string): Promise<Year[]> {
  const names = (await readdir(site)).filter((name) => /^\d{4}$/.test(name)).sort()
  return Promise.all(names.map(async (name) => ({ name, pages: await htmlFiles(site, name) })))
}

/** Share the years out among `count` parts of about equal numbers of pages, largest years first. */
export function shareOut(years: readonly Year[], count: number): Year[][] {
  const parts = Array.from({ length: Math.max(1, count) }, () => ({ pages: 0, years: [] as Year[] }))
  for (const year of [...years].sort((a, b) => b.pages.length - a.pages.length || a.name.localeCompare(b.name))) {
    const lightest = parts.reduce((least, part) => (part.pages < least.pages ? part : least))
    lightest.years.push(year)
    lightest.pages += year.pages.length
  }
  return parts.map((part) => part.years).filter((part) => part.length > 0)
}

/** Index the story pages (those marked for Pagefind) of some years, each year into `out/YEAR/`, in this process; how many. */
async function indexYears(site: string, years: readonly Year[], out: string): Promise<number> {
  const pagefind = await import('pagefind')
  let indexed = 0
  try {
    for (const year of years) {
      const { index, errors } = await pagefind.createIndex({ rootSelector: '[data-pagefind-body]' })
      if (!index) throw new Error(`Pagefind: ${errors.join('; ')}`)
      const pages = (await Promise.all(year.pages.map(async (page) => ({ page, content: await readFile(path.join(site, page), 'utf8') })))).filter(({ content }) => content.includes('data-pagefind-body'))
      const added = await Promise.all(pages.map(({ page, content }) => index.addHTMLFile({ sourcePath: page, content })))
      indexed += pages.length
      const failed = added.flatMap((result) => result.errors)
      if (failed.length > 0) throw new Error(`Pagefind: ${failed.join('; ')}`)
      const written = await index.writeFiles({ outputPath: path.join(out, year.name) })
      if (written.errors.length > 0) throw new Error(`Pagefind: ${written.errors.join('; ')}`)
      await index.deleteIndex()
    }
  } finally {
    await pagefind.close()
  }
  return indexed
}

/** Run this script on one part, as a process of its own; the number of pages it indexed. */
function runPart(partFile: string): Promise<number> {
  return new Promise((resolve, reject) => {
    let output = ''
    const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--part', partFile], { stdio: ['ignore', 'pipe', 'inherit'] })
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('error', reject)
    child.on('exit', (code) => (code === 0 ? resolve(Number(output.trim())) : reject(new Error(`indexing ${partFile} exited with ${code}`))))
  })
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { processes: { type: 'string' }, part: { type: 'string' } } })
  if (values.part !== undefined) {
    const { site, years, out } = JSON.parse(await readFile(values.part, 'utf8')) as { site: string; years: Year[]; out: string }
    console.log(await indexYears(site, years, out))
    return
  }
  const [site] = positionals
  if (site === undefined) throw new Error('usage: search-floor.ts SITE [--processes N]')
  const processes = Number(values.processes ?? availableParallelism())
  if (!Number.isInteger(processes) || processes < 1) throw new Error(`--processes: a whole number of at least 1, not ${values.processes ?? ''}`)
  const scratch = await mkdtemp(path.join(tmpdir(), 'morgue-search-floor-'))
  try {
    const years = await yearsOf(path.resolve(site))
    const parts = shareOut(years, processes)
    const started = performance.now()
    const indexed = await Promise.all(parts.map(async (part, index) => {
      const file = path.join(scratch, `part-${index}.json`)
      await writeFile(file, JSON.stringify({ site: path.resolve(site), years: part, out: path.join(scratch, 'out') }))
      return runPart(file)
    }))
    const pages = indexed.reduce((sum, count) => sum + count, 0)
    console.log(`Indexed ${pages.toLocaleString('en-US')} story pages in ${years.length} years with ${parts.length} Pagefind processes in ${((performance.now() - started) / 1000).toFixed(1)} s`)
  } finally {
    await rm(scratch, { recursive: true, force: true })
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error)
    process.exitCode = 1
  })
}
