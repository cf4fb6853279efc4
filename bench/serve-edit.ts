/**
 * The dev server's edit latency: start `morgue serve`, wait for its first
 * build, then edit one story and time how long until the server answers
 * with the story's page carrying the new text.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { appendFile, readFile, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import path from 'node:path'
import { groupRssKB, runningGroups } from './measure.ts'

/** What to serve and edit. */
export interface ServeEditOptions {
  /** The command that starts the server, without `--port`. */
  command: string
  args: readonly string[]
  root: string
  /** The story file to edit, relative to `root`, its page's URL path, and a listing page that shows its headline. */
  story: { file: string; url: string; listedAt: string }
  /** Edits to time in this one server session: a paragraph added (`body`), then the headline changed (`headline`). */
  edits: { body: number; headline: number }
  /** Give up on the first build after this long. */
  startTimeoutSeconds: number
  /** Give up on one edit after this long. */
  editTimeoutSeconds: number
}

/** Seconds from each save to the new text being served, and the server's start and memory. */
export interface ServeEditResult {
  startSeconds: number
  /** A paragraph added at the end: nothing but the story's own page changes. */
  editSeconds: number[]
  /** The headline changed: until the story's own page shows it. */
  headlineSeconds: number[]
  /** The same saves, until the listing page shows the new headline too. */
  headlineListedSeconds: number[]
  groupPeakMB: number
}

/** A port that was free a moment ago: the kernel's pick for port 0 (never 8080). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Serve, edit the story `edits` times, and stop the server, which is stopped even when something fails. */
export async function measureServeEdit(options: Readonly<ServeEditOptions>): Promise<ServeEditResult> {
  const port = await freePort()
  const started = performance.now()
  const child = spawn(options.command, [...options.args, '--port', String(port)], { cwd: options.root, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  if (child.pid !== undefined) runningGroups.add(child.pid)
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  let groupPeakKB = 0
  const sampler = setInterval(() => {
    if (child.pid !== undefined) void groupRssKB(child.pid).then((kb) => (groupPeakKB = Math.max(groupPeakKB, kb)))
  }, 100)
  const file = path.join(options.root, options.story.file)
  const original = await readFile(file, 'utf8')
  try {
    // `morgue serve` prints its address only once the first build is written.
    await waitFor(() => output.includes(`localhost:${port}`) || child.exitCode !== null, options.startTimeoutSeconds)
    if (child.exitCode !== null || !output.includes(`localhost:${port}`)) throw new Error(`morgue serve did not start:\n${output.slice(-4000)}`)
    const startSeconds = (performance.now() - started) / 1000
    const url = `http://localhost:${port}${options.story.url}`
    const listing = `http://localhost:${port}${options.story.listedAt}`
    const shown = async (page: string, name: string, marker: string) => waitFor(async () => (await fetchText(page)).includes(marker), options.editTimeoutSeconds).catch((error: unknown) => {
      throw new Error(`${page} did not show ${name}: ${error instanceof Error ? error.message : String(error)}. The server said:\n${output.slice(-4000)}`)
    })
    // Save, then time until the story's page shows `marker` (and, for a headline, until the listing does too).
    const timeEdit = async (name: string, marker: string, save: () => Promise<void>, listed = false): Promise<[number, number | null]> => {
      // Let the watcher settle after the previous rebuild and its search indexing.
      await sleep(2000)
      const saved = performance.now()
      await save()
      await shown(url, name, marker)
      const page = (performance.now() - saved) / 1000
      if (!listed) return [page, null]
      await shown(listing, name, marker)
      return [page, (performance.now() - saved) / 1000]
    }
    const editSeconds: number[] = []
    for (let edit = 1; edit <= options.edits.body; edit++) {
      const marker = `Edit number ${edit} of session ${port} was filed.`
      editSeconds.push((await timeEdit(`edit ${edit}`, marker, () => appendFile(file, `\n${marker}\n`)))[0])
    }
    const headlineSeconds: number[] = []
    const headlineListedSeconds: number[] = []
    for (let edit = 1; edit <= options.edits.headline; edit++) {
      const marker = `retitled ${edit} in session ${port}`
      const text = await readFile(file, 'utf8')
      if (!/^title: .+$/m.test(text)) throw new Error(`${options.story.file} has no \`title:\` line to change`)
      const [page, listed] = await timeEdit(`headline ${edit}`, marker, () => writeFile(file, text.replace(/^title: (.+?)(?:, retitled .*)?$/m, `title: $1, ${marker}`)), true)
      headlineSeconds.push(page)
      if (listed !== null) headlineListedSeconds.push(listed)
    }
    return { startSeconds, editSeconds, headlineSeconds, headlineListedSeconds, groupPeakMB: groupPeakKB / 1024 }
  } finally {
    clearInterval(sampler)
    await stop(child)
    if (child.pid !== undefined) runningGroups.delete(child.pid)
    await writeFile(file, original)
  }
}

/** Poll every 25 ms until `ready` holds; throw after `seconds`. */
async function waitFor(ready: () => boolean | Promise<boolean>, seconds: number): Promise<void> {
  const deadline = performance.now() + seconds * 1000
  while (!(await ready())) {
    if (performance.now() > deadline) throw new Error(`Gave up waiting after ${seconds} s`)
    await sleep(25)
  }
}

async function fetchText(url: string): Promise<string> {
  try {
    const response = await fetch(url, { headers: { 'cache-control': 'no-cache' } })
    return response.ok ? await response.text() : ''
  } catch {
    return ''
  }
}

/** Interrupt the server's process group as Ctrl+C would, then kill it if it lingers. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  signalGroup(child.pid, 'SIGINT')
  const timer = setTimeout(() => {
    if (child.pid !== undefined && child.exitCode === null) signalGroup(child.pid, 'SIGKILL')
  }, 5000)
  await exited
  clearTimeout(timer)
}

function signalGroup(group: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-group, signal)
  } catch (error) {
    // The group is already gone.
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error
  }
}
