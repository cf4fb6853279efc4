/**
 * The archive-scale benchmark: generate N stories, then measure, in rounds
 * that alternate which side goes first, (d) plain Eleventy building them as
 * the baseline, and morgue's (a) cold build, (b) warm build with nothing
 * changed (skipped when nothing it reads changed), (b') the same with
 * `--force`, (c) build after one story was edited, and edit-to-served in the
 * dev server for (c') a paragraph added and (c'') a headline changed, and
 * (e) Pagefind alone indexing the cold build's story pages (close to a floor
 * under the cold build). Prints medians and ratios as a Markdown table and writes
 * every run as JSON.
 *
 *   npm run bench -- [--stories 10000] [--rounds 5] [--only baseline,cold,warm,forced,edit,serve,serve-headline,serve-listed,search]
 *                    [--edits 3] [--seed N] [--out FILE] [--keep] [--morgue DIR]
 *
 * `--morgue DIR` measures another checkout of morgue (its `src/` and
 * `templates/`, run as its `npm run morgue` runs them: through its
 * `bin/morgue.mjs`, or through tsx for a checkout without one), for example a
 * clean copy of a commit made with `git archive`, to compare two versions on
 * one archive.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, rmSync } from 'node:fs'
import { appendFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { generateProject, repositoryRoot, type GeneratedProject } from './generate.ts'
import { measure, stopRunning, type Command } from './measure.ts'
import { kinds, markdownTable, median, stagesOf, stagesTable, summarise, type Kind, type Sample } from './report.ts'
import { measureServeEdit } from './serve-edit.ts'

interface Options {
  stories: number
  rounds: number
  only: ReadonlySet<Kind>
  edits: number
  seed: number
  out: string
  keep: boolean
  /** The morgue checkout measured. */
  morgue: string
}

function readOptions(argv: readonly string[]): Options {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      stories: { type: 'string', default: '10000' },
      rounds: { type: 'string', default: '5' },
      only: { type: 'string', default: kinds.join(',') },
      edits: { type: 'string', default: '3' },
      seed: { type: 'string', default: '20120706' },
      out: { type: 'string' },
      keep: { type: 'boolean', default: false },
      morgue: { type: 'string', default: repositoryRoot },
    },
  })
  const count = (name: string, value: string): number => {
    const number = Number(value)
    if (!Number.isInteger(number) || number < 1) throw new Error(`--${name} ${value} is not a positive whole number`)
    return number
  }
  const only = values.only.split(',').map((kind) => kind.trim())
  const unknown = only.filter((kind) => !(kinds as readonly string[]).includes(kind))
  if (unknown.length > 0) throw new Error(`--only: unknown ${unknown.join(', ')}; choose from ${kinds.join(', ')}`)
  const stories = count('stories', values.stories)
  return {
    stories,
    rounds: count('rounds', values.rounds),
    only: new Set(only as Kind[]),
    edits: count('edits', values.edits),
    seed: count('seed', values.seed),
    // test-results/ is git-ignored: figures of one machine do not belong in the repository.
    out: path.resolve(values.out ?? path.join(repositoryRoot, 'test-results', `bench-${stories}.json`)),
    keep: values.keep,
    morgue: path.resolve(values.morgue),
  }
}

const tsx = import.meta.resolve('tsx')
/** What `npm run morgue` runs in the checkout (older checkouts ran the TypeScript through tsx). */
const morgue = (checkout: string, root: string, command: 'build' | 'serve', ...extra: string[]): Command => ({
  command: process.execPath,
  args: [...(existsSync(path.join(checkout, 'bin', 'morgue.mjs')) ? [path.join(checkout, 'bin', 'morgue.mjs')] : ['--import', tsx, path.join(checkout, 'src', 'cli', 'main.ts')]), command, ...extra],
  cwd: root,
})
const eleventy = (root: string, output: string): Command => ({
  command: process.execPath,
  args: [
    path.join(repositoryRoot, 'node_modules', '@11ty', 'eleventy', 'cmd.cjs'),
    `--config=${path.join(repositoryRoot, 'bench', 'baseline', 'eleventy.config.mjs')}`,
    `--input=${path.join(root, 'content')}`,
    `--output=${output}`,
    '--quiet',
  ],
  cwd: root,
})

/** Pagefind alone on the story pages of a built site (see search-floor.ts). */
const searchFloor = (root: string): Command => ({
  command: process.execPath,
  args: ['--import', tsx, path.join(repositoryRoot, 'bench', 'search-floor.ts'), path.join(root, '_site')],
  cwd: root,
})

/** Remove every output and cache of earlier builds, so the next build starts cold. */
async function clean(root: string): Promise<void> {
  for (const name of await readdir(root)) {
    if (name === '_site' || name.startsWith('_site.') || name === '.cache') await rm(path.join(root, name), { recursive: true, force: true })
  }
}

/** Pages written, as the build's last line says it. */
function pagesOf(output: string, pattern: RegExp): number | null {
  const match = pattern.exec(output)
  return match?.[1] === undefined ? null : Number(match[1])
}

const log = (line: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`)

async function main(): Promise<void> {
  const options = readOptions(process.argv.slice(2))
  const scratch = await mkdtemp(path.join(tmpdir(), 'morgue-bench-'))
  // Builds and servers run in their own process groups: Ctrl+C here must stop them too.
  process.once('SIGINT', () => {
    stopRunning()
    // Synchronously, so that nothing still being generated lands in the folder as it is removed.
    if (!options.keep) rmSync(scratch, { recursive: true, force: true })
    process.exit(130)
  })
  const root = path.join(scratch, 'project')
  const baselineOut = path.join(scratch, 'baseline-site')
  log(`generating ${options.stories} stories in ${root}`)
  const project = await generateProject({ root, stories: options.stories, seed: options.seed, templatesFrom: options.morgue })
  const edited = project.stories[Math.floor(project.stories.length / 2)]
  if (!edited) throw new Error('no story to edit')
  const editedFile = path.join(root, edited.file)
  const original = await readFile(editedFile, 'utf8')
  const samples: Sample[] = []
  const failures: Array<{ kind: Kind; round: number; error: string }> = []
  const pages: { morgue: number | null; baseline: number | null } = { morgue: null, baseline: null }
  const wanted = (kind: Kind) => options.only.has(kind)
  /** The figures so far, as JSON: written after every run, so a benchmark cut short keeps what it measured. */
  const save = async () => {
    const result = { ...describe(options, project, pages, samples), summaries: summarise(samples, options.stories), samples, failures }
    await mkdir(path.dirname(options.out), { recursive: true })
    await writeFile(options.out, `${JSON.stringify(result, null, 2)}\n`)
    return result
  }
  const record = async (kind: Kind, round: number, run: { seconds: number; cpuSeconds: number | null; peakMB: number; load: number; output?: string }) => {
    const { output, ...figures } = run
    samples.push({ kind, round, ...figures, ...(kind === 'baseline' || kind === 'search' || output === undefined ? {} : { stages: stagesOf(output) }) })
    log(`round ${round} ${kind.padEnd(8)} ${run.seconds.toFixed(2)} s  ${run.cpuSeconds?.toFixed(1) ?? '-'} CPU s  ${run.peakMB.toFixed(0)} MB  load ${run.load.toFixed(1)}`)
    await save()
  }
  /** Measure a command, noting how busy the machine was as it started. */
  const timed = async (command: Command) => {
    const load = loadavg()[0] ?? 0
    return { ...(await measure(command)), load }
  }

  const runBaseline = async (round: number) => {
    await rm(baselineOut, { recursive: true, force: true })
    const run = await timed(eleventy(root, baselineOut))
    pages.baseline = pagesOf(run.output, /Wrote (\d+) files/)
    await record('baseline', round, run)
  }
  const runMorgue = async (round: number) => {
    // Warm, forced and edited builds and the search floor need a cold build before them, measured or not.
    if (!wanted('cold') && !wanted('warm') && !wanted('forced') && !wanted('edit') && !wanted('search')) return
    await clean(root)
    const cold = await timed(morgue(options.morgue, root, 'build'))
    pages.morgue = pagesOf(cold.output, /into (\d+) pages?/)
    if (wanted('cold')) await record('cold', round, cold)
    if (wanted('search')) await record('search', round, await timed(searchFloor(root)))
    if (wanted('warm')) await record('warm', round, await timed(morgue(options.morgue, root, 'build')))
    if (wanted('forced')) await record('forced', round, await timed(morgue(options.morgue, root, 'build', '--force')))
    if (wanted('edit')) {
      await appendFile(editedFile, `\nThe story was updated in round ${round}.\n`)
      try {
        await record('edit', round, await timed(morgue(options.morgue, root, 'build')))
      } finally {
        await writeFile(editedFile, original)
      }
    }
  }
  const runServe = async (round: number) => {
    const serve = morgue(options.morgue, root, 'serve')
    const edits = { body: wanted('serve') ? options.edits : 0, headline: wanted('serve-headline') || wanted('serve-listed') ? options.edits : 0 }
    // The story's day page lists it (the generator files a few stories a day, fewer than a page holds).
    const listedAt = edited.url.split('/').slice(0, 4).join('/') + '/'
    const result = await measureServeEdit({ command: serve.command, args: serve.args, root, story: { ...edited, listedAt }, edits, startTimeoutSeconds: 3600, editTimeoutSeconds: 600 }).catch(async (error: unknown) => {
      // A dev server that never shows an edit is a finding, not a reason to lose the other figures.
      failures.push({ kind: 'serve', round, error: error instanceof Error ? error.message : String(error) })
      log(`round ${round} serve FAILED: ${failures.at(-1)?.error ?? ''}`)
      await save()
      return null
    })
    if (result === null) return
    for (const seconds of result.editSeconds) await record('serve', round, { seconds, cpuSeconds: null, peakMB: result.groupPeakMB, load: loadavg()[0] ?? 0 })
    for (const seconds of result.headlineSeconds) await record('serve-headline', round, { seconds, cpuSeconds: null, peakMB: result.groupPeakMB, load: loadavg()[0] ?? 0 })
    for (const seconds of result.headlineListedSeconds) await record('serve-listed', round, { seconds, cpuSeconds: null, peakMB: result.groupPeakMB, load: loadavg()[0] ?? 0 })
    log(`round ${round} serve started in ${result.startSeconds.toFixed(1)} s`)
  }

  try {
    for (let round = 1; round <= options.rounds; round++) {
      // Alternate who goes first, so a machine warming up or slowing down favours neither.
      const order = round % 2 === 1 ? [runBaseline, runMorgue] : [runMorgue, runBaseline]
      for (const run of order) if (run !== runBaseline || wanted('baseline')) await run(round)
      if (wanted('serve') || wanted('serve-headline') || wanted('serve-listed')) await runServe(round)
    }
  } finally {
    if (!options.keep) await rm(scratch, { recursive: true, force: true })
  }

  const result = await save()
  const table = markdownTable(result.summaries)
  const stages = stagesTable(samples)
  const failed = failures.length === 0 ? '' : `\n\nFailed: ${failures.map((failure) => `round ${failure.round} ${failure.kind}`).join(', ')} (the errors are in the JSON).`
  const busy = result.medianLoad > result.cores ? ` The machine was busy (median load ${result.medianLoad.toFixed(1)} on ${result.cores} cores): trust the ratios and CPU times more than the seconds.` : ''
  console.log(`${options.stories} stories of ${Math.round(project.words / options.stories)} words on average; ${options.rounds} rounds; morgue wrote ${pages.morgue ?? '?'} pages, the baseline ${pages.baseline ?? '?'} files.${busy}\n\n${table}${stages ? `\n\nWhat morgue's builds said of their steps (medians):\n\n${stages}` : ''}\n\nWritten to ${options.out}${options.keep ? `; project kept in ${root}` : ''}${failed}`)
}

/** What the figures were measured on, so two JSON files can be compared fairly. */
function describe(options: Options, project: GeneratedProject, pages: { morgue: number | null; baseline: number | null }, samples: readonly Sample[]) {
  const git = (...args: string[]): string | null => {
    try {
      return execFileSync('git', args, { cwd: options.morgue, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
    } catch {
      return null
    }
  }
  return {
    date: new Date().toISOString(),
    morgue: options.morgue,
    commit: git('rev-parse', 'HEAD'),
    uncommittedChanges: (git('status', '--porcelain', '--untracked-files=no') ?? '').length > 0,
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: availableParallelism(),
    memoryMB: Math.round(totalmem() / 2 ** 20),
    stories: options.stories,
    averageWords: Math.round(project.words / options.stories),
    rounds: options.rounds,
    seed: options.seed,
    pages,
    medianLoad: median(samples.map((sample) => sample.load)),
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
