/**
 * The search index alone: Pagefind indexing the story pages of a built site,
 * a bundle a year as morgue's build makes them, and nothing else (no loading,
 * planning or rendering). The years are shared out among one process per core,
 * each running its own Pagefind, and each bundle is written by Pagefind itself
 * into a scratch folder: the cheapest way this machine has to make the index,
 * and so a floor under any build that makes it.
 *
 *   node --import tsx bench/search-floor.ts SITE [--processes N]
 */
import { spawn } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { availableParallelism, tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

/** The pages of one year: site-relative paths of files Pagefind indexes. */
interface Year {
  name: string
  pages: string[]
}

/** Every HTML file under a folder, site-relative. */
async function htmlFiles(site: string, folder = ''): Promise<string[]> {
  const found: string[] = []
  for (const entry of await readdir(path.join(site, folder), { withFileTypes: true })) {
    const relative = path.join(folder, entry.name)
    if (entry.isDirectory()) found.push(...(await htmlFiles(site, relative)))
    else if (entry.name.endsWith('.html')) found.push(relative)
  }
  return found
}

/** The site's story pages (those marked for Pagefind), by the year folder they are in. */
async function yearsOf(site: string): Promise<Year[]> {
  const years = new Map<string, string[]>()
  for (const name of await readdir(site)) {
    if (!/^\d{4}$/.test(name)) continue
    for (const file of await htmlFiles(site, name)) {
      if (!(await readFile(path.join(site, file), 'utf8')).includes('data-pagefind-body')) continue
      years.set(name, [...(years.get(name) ?? []), file])
    }
  }
  return [...years].map(([name, pages]) => ({ name, pages }))
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

/** Index some years, each into `out/YEAR/`, in this process. */
async function indexYears(site: string, years: readonly Year[], out: string): Promise<void> {
  const pagefind = await import('pagefind')
  try {
    for (const year of years) {
      const { index, errors } = await pagefind.createIndex({ rootSelector: '[data-pagefind-body]' })
      if (!index) throw new Error(`Pagefind: ${errors.join('; ')}`)
      const added = await Promise.all(year.pages.map(async (page) => index.addHTMLFile({ sourcePath: page, content: await readFile(path.join(site, page), 'utf8') })))
      const failed = added.flatMap((result) => result.errors)
      if (failed.length > 0) throw new Error(`Pagefind: ${failed.join('; ')}`)
      const written = await index.writeFiles({ outputPath: path.join(out, year.name) })
      if (written.errors.length > 0) throw new Error(`Pagefind: ${written.errors.join('; ')}`)
      await index.deleteIndex()
    }
  } finally {
    await pagefind.close()
  }
}

/** Run this script on one part, as a process of its own. */
function runPart(partFile: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--part', partFile], { stdio: ['ignore', 'inherit', 'inherit'] })
    child.on('error', reject)
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`indexing ${partFile} exited with ${code}`))))
  })
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { processes: { type: 'string' }, part: { type: 'string' } } })
  if (values.part !== undefined) {
    const { site, years, out } = JSON.parse(await readFile(values.part, 'utf8')) as { site: string; years: Year[]; out: string }
    await indexYears(site, years, out)
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
    await Promise.all(parts.map(async (part, index) => {
      const file = path.join(scratch, `part-${index}.json`)
      await writeFile(file, JSON.stringify({ site: path.resolve(site), years: part, out: path.join(scratch, 'out') }))
      await runPart(file)
    }))
    const pages = years.reduce((sum, year) => sum + year.pages.length, 0)
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
