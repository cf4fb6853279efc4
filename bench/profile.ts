/**
 * Where a build's time goes, in one process: loading every story without the
 * cache (the extraction itself), planning the archive, then a cold build, a
 * warm build and a build after one edit, each with the progress lines the
 * build prints and the seconds at which it printed them. Run it under
 * `--cpu-prof` and summarise with `bench/cpu-profile.ts` to see which code.
 *
 *   node --import tsx bench/profile.ts --stories 10000
 *   node --import tsx bench/profile.ts --project DIR
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/profile.ts --stories 10000
 */
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { buildSite } from '../src/build/index.ts'
import { buildTime, planArchive } from '../src/build/plan.ts'
import { readSiteConfig } from '../src/build/site-config.ts'
import { listStoryFiles, loadContent } from '../src/load/content.ts'
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
  const seconds = (performance.now() - started) / 1000
  const memory = process.memoryUsage()
  steps.push({ step: name, seconds, rssMB: mb(memory.rss), heapMB: mb(memory.heapUsed) })
  console.error(`${name}: ${seconds.toFixed(2)} s`)
  return value
}

/** A build, with each of its progress lines prefixed by the second it came. */
async function timedBuild(name: string, root: string): Promise<void> {
  const lines: string[] = []
  const started = performance.now()
  const result = await step(name, () => buildSite({ root, progress: (line) => lines.push(`${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s  ${line}`) }))
  if (!result.ok) throw new Error(`${name} failed`)
  console.log(`${name}:\n${lines.join('\n')}\n${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s  done\n`)
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { stories: { type: 'string', default: '10000' }, project: { type: 'string' } } })
  const scratch = values.project === undefined ? await mkdtemp(path.join(tmpdir(), 'morgue-profile-')) : null
  const root = scratch === null ? path.resolve(values.project ?? '.') : path.join(scratch, 'project')
  try {
    const generated = scratch === null ? null : await generateProject({ root, stories: Number(values.stories) })
    for (const folder of ['_site', '.cache']) await rm(path.join(root, folder), { recursive: true, force: true })
    const site = await readSiteConfig(root)
    await step('read story files (I/O only)', async () => {
      for (const file of await listStoryFiles(path.join(root, 'content'), root)) await readFile(path.join(root, file), 'utf8')
    })
    const content = await step('loadContent without cache (read + extract + check)', () => loadContent(path.join(root, 'content'), { cwd: root, timezone: site.timezone ?? undefined }))
    if (content.failed) throw new Error('stories have errors')
    await step('planArchive', () => planArchive(content.stories, { pageSize: site.pageSize, aliases: site.aliases, now: buildTime(), drafts: false }))
    await timedBuild('build, cold', root)
    await timedBuild('build, warm', root)
    const edited = generated?.stories[Math.floor(generated.stories.length / 2)]?.file ?? (await listStoryFiles(path.join(root, 'content'), root))[0]
    if (edited === undefined) throw new Error('no story to edit')
    const original = await readFile(path.join(root, edited), 'utf8')
    await appendFile(path.join(root, edited), '\nThe story was updated.\n')
    try {
      await timedBuild('build, one story edited', root)
    } finally {
      await writeFile(path.join(root, edited), original)
    }
    console.log(`${content.stories.length} stories; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB\n`)
    console.log('| step | s | RSS after, MB | heap after, MB |\n| --- | --- | --- | --- |')
    for (const { step: name, seconds, rssMB, heapMB } of steps) console.log(`| ${name} | ${seconds.toFixed(2)} | ${rssMB.toFixed(0)} | ${heapMB.toFixed(0)} |`)
  } finally {
    if (scratch !== null) await rm(scratch, { recursive: true, force: true })
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
