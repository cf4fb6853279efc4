/**
 * The `morgue` command: `build`, `serve`, `inspect FILE [--json]`.
 * Run it as `npm run morgue -- <command>`.
 */
import path from 'node:path'
import { parseArgs } from 'node:util'
import { VFile } from 'vfile'
import { buildSite, checkSite, readSiteConfig, SiteBusyError, SiteConfigError, type BuildResult } from '../build/index.ts'
import { parseMoment } from '../build/plan.ts'
import { loadStory } from '../load/index.ts'
import { readOneStoryFile } from '../load/files.ts'
import type { Story } from '../load/story.ts'
import { formatReport } from '../load/report.ts'
import { StoryCacheError } from '../load/story-cache.ts'
import { ingest } from './ingest.ts'
import { importJsonl } from './import-jsonl.ts'

const usage = `Usage: npm run morgue -- <command>

Commands:
  build                      build the archive into _site/
          [--now ISO] [--drafts] [--strict]  as of a moment (2012-07-07T00:05Z),
                             with drafts, failing on warnings too
          [--shard I/N]      build part I of N of the story pages into _shards/I-of-N/
          [--merge N]        build the rest and merge N shards into _site/
          [--force]          build even when nothing changed since the last build, writing
                             a whole new site (unchanged pages linked from the old one)
  check [--now ISO] [--drafts] [--strict]  load and check everything, write nothing
  serve [--port N] [--drafts]  build, serve at http://localhost:8080 and rebuild on changes
  preview [--port N]         build, then serve _site/ exactly as a static host would
  inspect FILE [--json]      show the story the loader reads from FILE
          [--date YYYY-MM-DD] [--tz ZONE]  what the text does not say
  ingest RAW.txt             file raw wire copy as content/YYYY/MM/DD/slug.md
          [--date YYYY-MM-DD] [--tz ZONE] [--section NAME]
  import-jsonl FILE          file every article of a JSON Lines file under content/
          [--pick N] [--section NAME]       N articles evenly spaced through the file`

/** A mistake in how the command was called: printed with the usage, exit 2. */
class UsageError extends Error {
  override name = 'UsageError'
}

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv
  switch (command) {
    case 'build':
      return build(rest, true)
    case 'check':
      return build(rest, false)
    case 'preview':
      return preview(rest)
    case 'serve':
      return serve(rest)
    case 'inspect':
      return inspect(rest)
    case 'ingest':
      return ingestCommand(rest)
    case 'import-jsonl':
      return importCommand(rest)
    case undefined:
    case 'help':
    case '--help':
      console.log(usage)
      return command === undefined ? 2 : 0
    default:
      throw new UsageError(`unknown command \`${command}\``)
  }
}

const buildOptions = {
  now: { type: 'string' },
  drafts: { type: 'boolean', default: false },
  strict: { type: 'boolean', default: false },
  shard: { type: 'string' },
  merge: { type: 'string' },
  force: { type: 'boolean', default: false },
} as const

/** `--shard 2/3`: the second of three parts. */
function parseShard(value: string | undefined): { index: number; count: number } | undefined {
  if (value === undefined) return undefined
  const match = /^(\d+)\/(\d+)$/.exec(value)
  const index = Number(match?.[1])
  const count = Number(match?.[2])
  if (!match || count < 1 || index < 1 || index > count) throw new UsageError(`--shard ${value} is not a part of a whole: write it as I/N, such as 1/2`)
  return { index, count }
}

/** `build` writes the site; `check` does everything before writing and stops there. */
async function build(args: readonly string[], write: boolean): Promise<number> {
  const { values } = parseArgs({ args: [...args], options: buildOptions, allowPositionals: false })
  const now = values.now === undefined ? undefined : parseMoment(values.now)
  if (now === null) throw new UsageError(`--now ${values.now} is not a date-time with an offset: write it like 2012-07-07T00:05Z`)
  const started = performance.now()
  // Progress goes to stderr, so the summary on stdout stays one line a script can read.
  const shard = parseShard(values.shard)
  const merge = values.merge === undefined ? undefined : Number(values.merge)
  if (merge !== undefined && (!Number.isInteger(merge) || merge < 1)) throw new UsageError(`--merge ${values.merge} is not a number of shards`)
  if (shard && merge !== undefined) throw new UsageError('--shard builds one part and --merge joins them: use one at a time')
  const options = { root: process.cwd(), now, drafts: values.drafts, strict: values.strict, shard, mergeShards: merge, skipUnchanged: !values.force, progress: (line: string) => console.error(line) }
  const result = write ? await buildSite(options) : await checkSite(options)
  const report = formatReport(result.files)
  if (report) console.error(report)
  if (!result.ok) {
    console.error(write ? '\nNothing was built: fix the errors above and build again.' : '\nFix the errors above before building.')
    return 1
  }
  printHeld(result)
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  const warnings = result.files.reduce((sum, file) => sum + file.messages.filter((message) => message.fatal !== true).length, 0)
  const extras = [
    ...(result.withdrawn > 0 ? [`${plural(result.withdrawn, 'withdrawn story', 'withdrawn stories')}`] : []),
    ...(result.redirects > 0 ? [plural(result.redirects, 'redirect')] : []),
    ...(result.held.length > 0 ? [`${result.held.length} held back`] : []),
    plural(warnings, 'warning'),
  ]
  const asOf = values.now === undefined ? '' : `, as of ${result.now.toISOString().replace(/\.000Z$/, 'Z')}`
  if (!write) {
    console.log(`Checked ${plural(result.files.length, 'story file')}: ${plural(result.storyCount, 'story', 'stories')} to publish (${extras.join(', ')})${asOf}. Nothing was written.`)
    return 0
  }
  if (/^https?:\/\/(?:localhost|127\.0\.0\.1|\[::1\])(?::|\/|$)/.test(result.site.url)) {
    console.warn(`Note: the site's base URL is ${result.site.url}, so canonical links, feeds and sitemaps point there. Before deploying, set "url" in content/_data/site.json or build with MORGUE_URL=https://your.site.`)
  }
  if (shard) {
    console.log(`Built part ${shard.index} of ${shard.count}: ${plural(result.pages, 'story page')} in ${path.relative(process.cwd(), result.outDir)}/ in ${seconds} s${asOf}`)
    return 0
  }
  const where = `${path.relative(process.cwd(), result.outDir) || '.'}/`
  if (result.upToDate) {
    console.log(`Nothing changed: ${where} is up to date with ${plural(result.storyCount, 'story', 'stories')} in ${plural(result.pages, 'page')} (${result.indexed} in search, ${extras.join(', ')}); checked in ${seconds} s${asOf}`)
    return 0
  }
  console.log(`Built ${plural(result.storyCount, 'story', 'stories')} into ${plural(result.pages, 'page')} in ${where} (${result.indexed} in search, ${extras.join(', ')}) in ${seconds} s${asOf}`)
  return 0
}

function plural(count: number, word: string, many = `${word}s`): string {
  return `${count} ${count === 1 ? word : many}`
}

/** Which stories an embargo held back, and until when. */
function printHeld(result: BuildResult): void {
  if (result.held.length === 0) return
  console.log(`Held back ${plural(result.held.length, 'story', 'stories')} under embargo:`)
  for (const story of result.held) console.log(`  ${story.file}  ${story.untilText} (${story.until})`)
}

async function serve(args: readonly string[]): Promise<number> {
  const { values } = parseArgs({ args: [...args], options: { port: { type: 'string', default: '8080' }, drafts: { type: 'boolean', default: false } } })
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`--port ${values.port} is not a port number`)
  // Eleventy and the dev server are loaded only for the commands that use them.
  const { serveSite } = await import('../build/serve.ts')
  await serveSite({ root: process.cwd(), port, drafts: values.drafts })
  return 0
}

async function preview(args: readonly string[]): Promise<number> {
  const { values } = parseArgs({ args: [...args], options: { port: { type: 'string', default: '8080' } } })
  const wanted = Number(values.port)
  if (!Number.isInteger(wanted) || wanted < 1 || wanted > 65535) throw new UsageError(`--port ${values.port} is not a port number`)
  const built = await build([], true)
  if (built !== 0) return built
  const [{ freePort }, { previewSite }] = await Promise.all([import('../build/serve.ts'), import('../build/preview.ts')])
  const port = await freePort(wanted)
  const site = await readSiteConfig(process.cwd())
  await previewSite({ outDir: path.join(process.cwd(), '_site'), pathPrefix: site.pathPrefix, port })
  console.log(`Previewing _site/ at http://localhost:${port}${site.pathPrefix} as a static host serves it (Ctrl+C to stop).`)
  return new Promise<number>(() => {})
}

async function inspect(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false }, date: { type: 'string' }, tz: { type: 'string' } },
  })
  const [target] = positionals
  if (target === undefined || positionals.length > 1) throw new UsageError('inspect takes exactly one FILE')
  // The same size and UTF-8 checks as a content folder.
  const read = await readOneStoryFile(target, process.cwd())
  if (read.text === null) {
    console.error(formatReport([read.file]))
    return 1
  }
  const file = new VFile({ path: target, value: read.text })
  const story = loadStory(file, { date: values.date, timezone: values.tz })
  const report = formatReport([file])
  if (report) console.error(report)
  if (!story) return 1
  console.log(values.json ? JSON.stringify(inspection(story), null, 2) : summary(story))
  return 0
}

async function ingestCommand(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: { date: { type: 'string' }, tz: { type: 'string' }, section: { type: 'string' } },
  })
  const [source] = positionals
  if (source === undefined || positionals.length > 1) throw new UsageError('ingest takes exactly one RAW file')
  const result = await ingest(source, { root: process.cwd(), date: values.date, timezone: values.tz, section: values.section })
  const report = formatReport([result.file])
  if (report) console.error(report)
  if (!result.ok) {
    if (result.reason) console.error(result.reason)
    else console.error('\nNothing was written: fix the problems above (a missing date can be given with --date YYYY-MM-DD).')
    return 1
  }
  console.log(`${summary(result.story)}\n\nWrote ${result.written}: check the front matter, then build.`)
  return 0
}

async function importCommand(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: { pick: { type: 'string' }, section: { type: 'string' } },
  })
  const [file] = positionals
  if (file === undefined || positionals.length > 1) throw new UsageError('import-jsonl takes exactly one FILE')
  const pick = values.pick === undefined ? undefined : Number(values.pick)
  if (pick !== undefined && (!Number.isInteger(pick) || pick < 1)) throw new UsageError(`--pick ${values.pick} is not a positive whole number`)
  const result = await importJsonl(file, { root: process.cwd(), pick, section: values.section })
  if (result.problems.length > 0) {
    console.error(`${result.problems.join('\n')}\n\nNothing was imported: fix the lines above.`)
    return 1
  }
  for (const written of result.written) console.log(`wrote ${written}`)
  console.log(`Imported ${result.written.length} ${result.written.length === 1 ? 'story' : 'stories'}; ${result.existing.length} already there, left as they were.`)
  return 0
}

/** The `Story` as `inspect --json` prints it: every field, plus the body paragraph count. */
function inspection(story: Story): Story & { paragraphs: number } {
  return { ...story, paragraphs: story.body.length }
}

function summary(story: Story): string {
  const rows: Array<[string, string]> = [
    ['headline', story.headline],
    ['dateline', story.dateline ?? '-'],
    ['credit', story.credit ?? '-'],
    ['byline', story.byline ?? '-'],
    ['published', story.published?.iso ?? '-'],
    ['updated', story.updated ? `${story.updated.iso ?? 'no date'}  (${story.updated.text ?? 'front matter'})` : '-'],
    ['permalink', story.permalink],
    ['lede', story.lede],
    ['paragraphs', String(story.body.length)],
    ['quotes', String(story.quotes.length)],
    ...story.quotes.map((quote): [string, string] => ['', `${quote.speaker ?? '(unnamed)'}: “${quote.text}”${quote.partial ? ' (partial)' : ''}`]),
    ['related', story.related.map((link) => link.title).join(' | ') || '-'],
    ['notices', story.notices.map((notice) => `${notice.kind}: ${notice.text}`).join(' | ') || '-'],
    ['dropped', story.boilerplate.join(' | ') || '-'],
  ]
  return rows.map(([key, value]) => `${key.padEnd(11)}${value}`).join('\n')
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    if (error instanceof UsageError || isArgumentError(error)) {
      console.error(`morgue: ${(error as Error).message}\n\n${usage}`)
      process.exitCode = 2
    } else if (error instanceof SiteConfigError || error instanceof SiteBusyError || error instanceof StoryCacheError || isMissingFile(error)) {
      console.error(`morgue: ${(error as Error).message}`)
      process.exitCode = 1
    } else {
      // Anything else is a bug in morgue: show everything.
      console.error(error)
      process.exitCode = 70
    }
  },
)

function isArgumentError(error: unknown): boolean {
  return error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')
}

function isMissingFile(error: unknown): boolean {
  return error instanceof Error && 'code' in error && (error.code === 'ENOENT' || error.code === 'EISDIR')
}
