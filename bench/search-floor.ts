/**
 * The search index alone: Pagefind indexing the story pages of a built site,
 * a bundle a year as morgue's build makes them and written the way the build
 * writes them, and nothing else (no loading, planning or rendering). The years
 * are shared out among one process per core, each running its own Pagefind.
 * Besides the index, it pays only for starting those processes and for reading
 * the year folders' listing pages to see that they are not story pages: close
 * to a floor under a cold build on the same machine. The year folders are
 * listed up front; each process reads its years' pages, 32 at a time, and
 * indexes those marked for Pagefind.
 *
 *   node --import tsx bench/search-floor.ts SITE [--processes N]
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { availableParallelism, tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { keptFiles, writeBundle } from '../src/build/search.ts'

/** The HTML files of one year's folder, site-relative: its story pages among them. */
interface Year {
  name: string
  pages: string[]
}

/** The HTML files of the site's year folders, by year. Which of them are story pages is seen as they are read. */
async function yearsOf(site: string): Promise<Year[]> {
  const names = (await readdir(site)).filter((name) => /^\d{4}$/.test(name)).sort()
  return Promise.all(names.map(async (name) => ({
    name,
    pages: (await readdir(path.join(site, name), { recursive: true })).filter((file) => file.endsWith('.html')).sort().map((file) => path.join(name, file)),
  })))
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
  const fail = (errors: readonly string[]) => {
    if (errors.length > 0) throw new Error(`Pagefind: ${errors.join('; ')}`)
  }
  try {
    for (const year of years) {
      const { index, errors } = await pagefind.createIndex({ rootSelector: '[data-pagefind-body]' })
      fail(errors)
      if (!index) throw new Error('Pagefind returned no index')
      for (let start = 0; start < year.pages.length; start += 32) {
        const read = await Promise.all(year.pages.slice(start, start + 32).map(async (page) => ({ page, content: await readFile(path.join(site, page), 'utf8') })))
        const stories = read.filter(({ content }) => content.includes('data-pagefind-body'))
        for (const added of await Promise.all(stories.map(({ page, content }) => index.addHTMLFile({ sourcePath: page, content })))) fail(added.errors)
        indexed += stories.length
      }
      // As the build does: taken in memory and written here (Pagefind's own `writeFiles` hangs on a write error).
      const bundle = await index.getFiles()
      fail(bundle.errors)
      await writeBundle(out, path.join(out, year.name), keptFiles(bundle.files))
      await index.deleteIndex()
    }
  } finally {
    await pagefind.close()
  }
  return indexed
}

/** This script on one part, as a process of its own, and the number of pages it indexed once it is done. */
function startPart(partFile: string): { child: ChildProcess; done: Promise<number> } {
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--part', partFile], { stdio: ['ignore', 'pipe', 'inherit'] })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const done = new Promise<number>((resolve, reject) => {
    child.on('error', reject)
    child.on('exit', (code, signal) => {
      const indexed = Number(output.trim())
      if (code === 0 && Number.isInteger(indexed)) resolve(indexed)
      else reject(new Error(`indexing ${partFile} ${signal === null ? `exited with ${code}` : `was stopped by ${signal}`}${code === 0 ? `, saying ${JSON.stringify(output)}` : ''}`))
    })
  })
  return { child, done }
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
  const years = await yearsOf(path.resolve(site))
  if (years.length === 0) throw new Error(`${site} has no year folders (2012/…): give the folder of a built site`)
  const scratch = await mkdtemp(path.join(tmpdir(), 'morgue-search-floor-'))
  try {
    const parts = shareOut(years, processes)
    const started = performance.now()
    const running = await Promise.all(parts.map(async (part, index) => {
      const file = path.join(scratch, `part-${index}.json`)
      await writeFile(file, JSON.stringify({ site: path.resolve(site), years: part, out: path.join(scratch, 'out') }))
      return startPart(file)
    }))
    // The first part to fail stops the others, and nothing is left writing when the scratch folder goes.
    let failure: { error: unknown } | null = null
    for (const { done } of running) {
      done.catch((error: unknown) => {
        failure ??= { error }
        for (const { child } of running) child.kill()
      })
    }
    const settled = await Promise.allSettled(running.map(({ done }) => done))
    if (failure !== null) throw (failure as { error: unknown }).error
    const pages = settled.reduce((sum, result) => sum + (result.status === 'fulfilled' ? result.value : 0), 0)
    if (pages === 0) throw new Error(`${site} has no story pages (pages marked data-pagefind-body) in its year folders`)
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
