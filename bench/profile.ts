/**
 * Where a build's time goes: the steps of `buildSite` run one by one in this
 * process and timed, with memory after each. Run it under `--cpu-prof` and
 * summarise with `bench/cpu-profile.ts` to see which code inside each step.
 *
 *   node --import tsx bench/profile.ts --stories 10000
 *   node --import tsx bench/profile.ts --project DIR
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/profile.ts --stories 10000
 */
import { readFile, rename, rm, mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { Eleventy } from '@11ty/eleventy'
import { morguePlugin, pagesDirectory } from '../src/build/eleventy-plugin.ts'
import { buildTime, planArchive } from '../src/build/plan.ts'
import { indexSite } from '../src/build/search.ts'
import { readSiteConfig } from '../src/build/site-config.ts'
import { listStoryFiles, loadContent } from '../src/load/content.ts'
import { renderArticle } from '../src/render/index.ts'
import { generateProject } from './generate.ts'

interface Step {
  step: string
  seconds: number
  rssMB: number
  heapMB: number
}

const steps: Step[] = []
const mb = (bytes: number) => bytes / 2 ** 20

/** Time one step and note the memory held after it. */
async function step<T>(name: string, run: () => T | Promise<T>): Promise<T> {
  const started = performance.now()
  const value = await run()
  const memory = process.memoryUsage()
  steps.push({ step: name, seconds: (performance.now() - started) / 1000, rssMB: mb(memory.rss), heapMB: mb(memory.heapUsed) })
  console.error(`${name}: ${((performance.now() - started) / 1000).toFixed(2)} s`)
  return value
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { stories: { type: 'string', default: '10000' }, project: { type: 'string' } } })
  let root = values.project === undefined ? null : path.resolve(values.project)
  const scratch = root === null ? await mkdtemp(path.join(tmpdir(), 'morgue-profile-')) : null
  if (root === null && scratch !== null) {
    root = path.join(scratch, 'project')
    await generateProject({ root, stories: Number(values.stories) })
  }
  if (root === null) throw new Error('no project')
  const project = root
  try {
    const total = performance.now()
    const site = await step('read site.json', () => readSiteConfig(project))
    const now = buildTime()
    // Reading alone, so loading can be split into file reading and extraction.
    await step('read story files (I/O only)', async () => {
      for (const file of await listStoryFiles(path.join(project, 'content'), project)) await readFile(path.join(project, file), 'utf8')
    })
    const content = await step('loadContent (read + extract + check)', () => loadContent(path.join(project, 'content'), { cwd: project, timezone: site.timezone ?? undefined }))
    if (content.failed) throw new Error('stories have errors')
    const plan = await step('planArchive', () => planArchive(content.stories, { pageSize: site.pageSize, aliases: site.aliases, now, drafts: false }))
    await step('renderArticle of every story (alone; Eleventy does it again below)', () => {
      for (const story of plan.stories) renderArticle(story, site)
    })
    const staging = path.join(project, `_site.staging-${process.pid}`)
    await rm(staging, { recursive: true, force: true })
    const eleventy = await step('Eleventy init (config, plugin)', async () => {
      const instance = new Eleventy(pagesDirectory(project), staging, {
        quietMode: true,
        pathPrefix: site.pathPrefix,
        config: (config) => morguePlugin(config, { stories: plan.stories, plan, site, root: project, now }),
      })
      instance.disableLogger()
      await instance.init()
      return instance
    })
    const pages = await step('Eleventy write (paginate, render, write)', async () => {
      const [, templates] = (await eleventy.write()) as [unknown, unknown[]]
      return templates.length
    })
    const indexed = await step('Pagefind index + bundle', async () => (await indexSite(staging)).pages)
    await step('swap into _site', async () => {
      const out = path.join(project, '_site')
      await rm(`${out}.old`, { recursive: true, force: true })
      await rename(out, `${out}.old`).catch(() => undefined)
      await rename(staging, out)
      await rm(`${out}.old`, { recursive: true, force: true })
    })
    const seconds = (performance.now() - total) / 1000
    console.log(`${content.stories.length} stories, ${pages} pages, ${indexed} indexed; ${seconds.toFixed(1)} s in all (renderArticle counted twice), peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB\n`)
    console.log('| step | s | share | RSS after, MB | heap after, MB |\n| --- | --- | --- | --- | --- |')
    for (const { step: name, seconds: own, rssMB, heapMB } of steps) {
      console.log(`| ${name} | ${own.toFixed(2)} | ${((own / seconds) * 100).toFixed(0)}% | ${rssMB.toFixed(0)} | ${heapMB.toFixed(0)} |`)
    }
  } finally {
    if (scratch !== null) await rm(scratch, { recursive: true, force: true })
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
