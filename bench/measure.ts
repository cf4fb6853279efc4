/**
 * Run one command as a child process and measure it: wall time, and peak
 * memory two ways. `/usr/bin/time` gives the kernel's exact peak RSS of the
 * largest process; a sampler adds up the RSS of the whole process group
 * every 200 ms, which counts helpers running beside Node (Pagefind's indexer
 * is a separate binary) but can miss a spike shorter than its interval. (It
 * reads every process in /proc: every 50 ms, that took half a core.)
 */
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'

/** What one run cost. */
export interface Measurement {
  seconds: number
  /**
   * User plus system CPU seconds of the child and what it waited for, or the sum the sampler saw over
   * the whole group when that is more (a helper left to end on its own); null without /usr/bin/time.
   * Either way a lower bound: the sampler misses each process's last 200 ms or less. Less disturbed
   * than wall time by other work on a busy machine.
   */
  cpuSeconds: number | null
  /** Peak RSS in MB of the largest single process, from the kernel; null without /usr/bin/time. */
  maxRssMB: number | null
  /** Peak of the summed RSS in MB of every process in the child's group, sampled. */
  groupPeakMB: number
  /** The larger of the two: what the run needed at its peak. */
  peakMB: number
}

/** A command to run. */
export interface Command {
  command: string
  args: readonly string[]
  cwd: string
  env?: NodeJS.ProcessEnv | undefined
}

/** The child failed; its output is in the message. */
export class CommandError extends Error {
  constructor(command: Readonly<Command>, code: number | null, output: string) {
    super(`\`${[command.command, ...command.args].join(' ')}\` in ${command.cwd} exited with ${code}:\n${output.slice(-4000)}`)
    this.name = 'CommandError'
  }
}

const timeBinary = '/usr/bin/time'

/** Process groups of the children running now, so an interrupted benchmark can stop them. */
export const runningGroups = new Set<number>()

/** Stop every child still running (each leads its own process group). */
export function stopRunning(): void {
  for (const group of runningGroups) {
    try {
      process.kill(-group, 'SIGKILL')
    } catch {
      // Already gone.
    }
  }
  runningGroups.clear()
}
const pageKB = 4 // Linux page size on the machines this runs on; statm counts pages.
const ticksPerSecond = 100 // Linux's USER_HZ, in which /proc/PID/stat counts CPU time.

/** Run a command to completion and measure it; throws `CommandError` when it fails. */
export async function measure(command: Readonly<Command>): Promise<Measurement & { output: string }> {
  const scratch = await mkdtemp(path.join(tmpdir(), 'morgue-measure-'))
  const timeFile = path.join(scratch, 'time')
  const useTime = existsSync(timeBinary)
  const [file, args] = useTime ? [timeBinary, ['-f', '%M %U %S', '-o', timeFile, command.command, ...command.args]] : [command.command, [...command.args]]
  const started = performance.now()
  // Its own process group, so the sampler finds every process it starts.
  const child = spawn(file, args, { cwd: command.cwd, env: command.env ?? process.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  const group = child.pid
  if (group !== undefined) runningGroups.add(group)
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  let groupPeakKB = 0
  // CPU ticks each process of the group had used when last seen: `time` counts only the processes
  // waited for, and a helper left to end on its own (Pagefind's indexer) is not.
  const ticks = new Map<string, number>()
  let sampling = false
  const sampler = setInterval(() => {
    if (sampling || child.pid === undefined) return
    sampling = true
    void sampleGroup(child.pid).then((sample) => {
      groupPeakKB = Math.max(groupPeakKB, sample.rssKB)
      for (const [pid, used] of sample.ticks) ticks.set(pid, Math.max(ticks.get(pid) ?? 0, used))
      sampling = false
    })
  }, 200)
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject)
    child.once('close', resolve)
  }).finally(() => {
    clearInterval(sampler)
    if (group !== undefined) runningGroups.delete(group)
  })
  const seconds = (performance.now() - started) / 1000
  try {
    if (code !== 0) throw new CommandError(command, code, output)
    // GNU time writes its figures on the last line of its file.
    const figures = useTime ? (await readFile(timeFile, 'utf8')).trim().split('\n').at(-1)?.split(' ').map(Number) ?? [] : []
    const [rssKB, user, system] = figures
    const maxRssMB = rssKB === undefined ? null : rssKB / 1024
    const waitedFor = user === undefined || system === undefined ? null : user + system
    // Sampled, a process's last 200 ms or less go uncounted: the larger of the two is the nearer.
    const sampled = [...ticks.values()].reduce((sum, used) => sum + used, 0) / ticksPerSecond
    const cpuSeconds = waitedFor === null ? null : Math.max(waitedFor, sampled)
    const groupPeakMB = groupPeakKB / 1024
    return { seconds, cpuSeconds, maxRssMB, groupPeakMB, peakMB: Math.max(maxRssMB ?? 0, groupPeakMB), output }
  } finally {
    await rm(scratch, { recursive: true, force: true })
  }
}

/** Summed RSS in KB of the processes whose process group is `group`. */
export async function groupRssKB(group: number): Promise<number> {
  return (await sampleGroup(group)).rssKB
}

/** The processes whose process group is `group`: their summed RSS in KB, and the CPU ticks each has used. */
async function sampleGroup(group: number): Promise<{ rssKB: number; ticks: Map<string, number> }> {
  let total = 0
  const ticks = new Map<string, number>()
  for (const name of await readdir('/proc').catch(() => [])) {
    if (!/^\d+$/.test(name)) continue
    try {
      // Field 5 of stat is the process group; the name in field 2 may hold spaces, so count from its `)`.
      const stat = await readFile(`/proc/${name}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      if (Number(fields[2]) !== group) continue
      // Fields 14 and 15: user and system time, in clock ticks.
      ticks.set(name, Number(fields[11]) + Number(fields[12]))
      const statm = await readFile(`/proc/${name}/statm`, 'utf8')
      total += Number(statm.split(' ')[1]) * pageKB
    } catch {
      // The process ended between listing and reading.
    }
  }
  return { rssKB: total, ticks }
}
