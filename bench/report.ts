/**
 * Turn the runs into the figures the issue asks for: medians, ratios to the
 * baseline of the same run, stories per second and peak memory, checked
 * against the targets; as a Markdown table and as JSON.
 */

/** What was measured: (d) the baseline, morgue's (a) cold, (b) warm and (c) edit builds, (c') the dev server, and (e) the search index alone. */
export const kinds = ['baseline', 'cold', 'warm', 'forced', 'edit', 'serve', 'serve-headline', 'serve-listed', 'search'] as const
export type Kind = (typeof kinds)[number]

/** One timed run. */
export interface Sample {
  kind: Kind
  round: number
  seconds: number
  /** CPU seconds (user + system), or null when not measured (the dev server). */
  cpuSeconds: number | null
  /** Peak memory of the run in MB (for `serve`, of the whole server session). */
  peakMB: number
  /** The machine's one-minute load average when the run started: above its core count, other work was competing. */
  load: number
  /** What a morgue build said of its own steps, when it said it (see `stagesOf`). */
  stages?: Stages | undefined
}

/** A morgue build's steps as its progress lines report them: seconds, and pages rendered or reused. */
export interface Stages {
  loadSeconds?: number
  writeSeconds?: number
  searchSeconds?: number
  rendered?: number
  reused?: number
}

/**
 * Read the steps from `morgue build`'s progress lines (`Loaded … in 5.1 s`,
 * `Wrote 3,834 pages (12 rendered, 3,822 unchanged) in 2.0 s`, `Indexed …
 * in 9.8 s`). Lines a build does not print are left out: older builds print none.
 */
export function stagesOf(output: string): Stages {
  const number = (text: string | undefined) => (text === undefined ? undefined : Number(text.replace(/,/g, '')))
  const stages: Stages = {}
  const load = /^Loaded .* in ([\d.]+) s$/m.exec(output)
  const write = /^Wrote [\d,]+ pages \(([\d,]+) rendered, ([\d,]+) unchanged\) in ([\d.]+) s$/m.exec(output)
  // Search is indexed while the pages are written: what is counted is the wait after them.
  const search = /^Indexed .* for search .*?([\d.]+) s after the pages$/m.exec(output)
  if (load?.[1] !== undefined) stages.loadSeconds = Number(load[1])
  if (write) {
    const [, rendered, reused, seconds] = write
    stages.writeSeconds = Number(seconds)
    const renderedCount = number(rendered)
    const reusedCount = number(reused)
    if (renderedCount !== undefined) stages.rendered = renderedCount
    if (reusedCount !== undefined) stages.reused = reusedCount
  }
  if (search?.[1] !== undefined) stages.searchSeconds = Number(search[1])
  else if (/^Search index unchanged/m.test(output)) stages.searchSeconds = 0
  return stages
}

/** The figures of one kind of run. */
export interface Summary {
  kind: Kind
  label: string
  runs: number
  medianSeconds: number
  minSeconds: number
  maxSeconds: number
  /** Median time over the baseline's median time; null for the baseline itself or without one. */
  ratio: number | null
  medianCpuSeconds: number | null
  /** Median CPU time over the baseline's, which other work on the machine disturbs less than wall time. */
  cpuRatio: number | null
  storiesPerSecond: number
  medianPeakMB: number
  maxPeakMB: number
  /** Median peak memory over the baseline's median peak. */
  memoryRatio: number | null
  target: string
  /** Whether the target is met; null when there is nothing to compare with. */
  met: boolean | null
}

const labels: Record<Kind, string> = {
  baseline: '(d) plain Eleventy 3, markdown-it',
  cold: '(a) morgue build, cold',
  warm: '(b) morgue build, warm, nothing changed',
  forced: "(b') morgue build --force, warm, nothing changed",
  edit: '(c) morgue build, one story edited',
  serve: "(c') morgue serve, a paragraph added to one story",
  'serve-headline': "(c'') morgue serve, one story's headline changed: its page",
  'serve-listed': "(c''') the same, until its day's listing shows it",
  search: "(e) Pagefind alone on the cold build's story pages, a process a core",
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  if (sorted.length === 0) return Number.NaN
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}

/** The targets, as ratio or seconds limits. */
function targetOf(kind: Kind, seconds: number, ratio: number | null, memoryRatio: number | null): { target: string; met: boolean | null } {
  const memoryMet = memoryRatio === null ? null : memoryRatio <= 1
  const both = (timeMet: boolean | null): boolean | null => (timeMet === null || memoryMet === null ? timeMet ?? memoryMet : timeMet && memoryMet)
  switch (kind) {
    case 'baseline':
      return { target: '-', met: null }
    case 'cold':
      return { target: '≤ 1.0× time, ≤ 1.0× memory', met: both(ratio === null ? null : ratio <= 1) }
    case 'warm':
      return { target: '≤ 0.25× time, ≤ 1.0× memory', met: both(ratio === null ? null : ratio <= 0.25) }
    case 'forced':
      // Every step run with every cache warm: what a warm build costs when it cannot be skipped.
      return { target: '-', met: null }
    case 'search':
      // Part of what a cold build does, made as cheaply as this machine allows: a floor under the cold build, not a goal.
      return { target: '-', met: null }
    case 'edit':
      return { target: '< 2 s, ≤ 1.0× memory', met: both(seconds < 2) }
    case 'serve':
    case 'serve-headline':
    case 'serve-listed':
      return { target: '< 1 s', met: seconds < 1 }
  }
}

/** Summaries of every kind that has samples, in the order of `kinds`. */
export function summarise(samples: readonly Sample[], stories: number): Summary[] {
  const baseline = samples.filter((sample) => sample.kind === 'baseline')
  const baseSeconds = baseline.length > 0 ? median(baseline.map((sample) => sample.seconds)) : null
  const basePeak = baseline.length > 0 ? median(baseline.map((sample) => sample.peakMB)) : null
  const baseCpu = cpuMedian(baseline)
  return kinds.flatMap((kind) => {
    const own = samples.filter((sample) => sample.kind === kind)
    if (own.length === 0) return []
    const seconds = own.map((sample) => sample.seconds)
    const peaks = own.map((sample) => sample.peakMB)
    const medianSeconds = median(seconds)
    const ratio = kind === 'baseline' || baseSeconds === null ? null : medianSeconds / baseSeconds
    // The server's memory is that of a whole session, not of one rebuild: not compared.
    const medianCpuSeconds = cpuMedian(own)
    const cpuRatio = kind === 'baseline' || baseCpu === null || medianCpuSeconds === null ? null : medianCpuSeconds / baseCpu
    const memoryRatio = kind === 'baseline' || kind === 'serve' || kind === 'serve-headline' || kind === 'serve-listed' || basePeak === null ? null : median(peaks) / basePeak
    return [{
      kind,
      label: labels[kind],
      runs: own.length,
      medianSeconds,
      minSeconds: Math.min(...seconds),
      maxSeconds: Math.max(...seconds),
      ratio,
      medianCpuSeconds,
      cpuRatio,
      storiesPerSecond: stories / medianSeconds,
      medianPeakMB: median(peaks),
      maxPeakMB: Math.max(...peaks),
      memoryRatio,
      ...targetOf(kind, medianSeconds, ratio, memoryRatio),
    }]
  })
}

const fixed = (value: number | null, digits: number, suffix = ''): string => (value === null ? '-' : `${value.toFixed(digits)}${suffix}`)

/** Median CPU seconds of the samples that have them, or null. */
function cpuMedian(samples: readonly Sample[]): number | null {
  const values = samples.flatMap((sample) => (sample.cpuSeconds === null ? [] : [sample.cpuSeconds]))
  return values.length === 0 ? null : median(values)
}

/** Medians of the steps morgue's builds reported, a row per kind of build, as a Markdown table; empty when none reported any. */
export function stagesTable(samples: readonly Sample[]): string {
  const keys = ['loadSeconds', 'writeSeconds', 'searchSeconds', 'rendered', 'reused'] as const
  const rows = kinds.flatMap((kind) => {
    const own = samples.filter((sample) => sample.kind === kind && sample.stages !== undefined && Object.keys(sample.stages).length > 0)
    if (own.length === 0) return []
    const medians = keys.map((key) => {
      const values = own.flatMap((sample) => (sample.stages?.[key] === undefined ? [] : [sample.stages[key]]))
      return values.length === 0 ? null : median(values)
    })
    const total = median(own.map((sample) => sample.seconds))
    const known = medians.slice(0, 3).reduce<number>((sum, value) => sum + (value ?? 0), 0)
    return [[labels[kind], ...medians.slice(0, 3).map((value) => fixed(value, 1)), fixed(total - known, 1), ...medians.slice(3).map((value) => fixed(value, 0))]]
  })
  if (rows.length === 0) return ''
  const head = ['run', 'load s', 'write pages s', 'search index s', 'rest s (start, plan, swap)', 'pages rendered', 'pages reused']
  return [`| ${head.join(' | ')} |`, `|${' --- |'.repeat(head.length)}`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n')
}

/** The summaries as a Markdown table. */
export function markdownTable(summaries: readonly Summary[]): string {
  const rows = [
    ['run', 'n', 'median s', 'min–max s', 'vs baseline', 'CPU s', 'CPU vs baseline', 'stories/s', 'peak MB (median / max)', 'memory vs baseline', 'target', 'met'],
    ...summaries.map((summary) => [
      summary.label,
      String(summary.runs),
      fixed(summary.medianSeconds, 2),
      `${fixed(summary.minSeconds, 2)}–${fixed(summary.maxSeconds, 2)}`,
      fixed(summary.ratio, 2, '×'),
      fixed(summary.medianCpuSeconds, 1),
      fixed(summary.cpuRatio, 2, '×'),
      summary.kind === 'serve' || summary.kind === 'serve-headline' || summary.kind === 'serve-listed' || summary.kind === 'edit' ? '-' : fixed(summary.storiesPerSecond, 0),
      `${fixed(summary.medianPeakMB, 0)} / ${fixed(summary.maxPeakMB, 0)}`,
      fixed(summary.memoryRatio, 2, '×'),
      summary.target,
      summary.met === null ? '-' : summary.met ? 'yes' : 'no',
    ]),
  ]
  const [head, ...body] = rows.map((row) => `| ${row.join(' | ')} |`)
  return [head, `|${' --- |'.repeat(rows[0]?.length ?? 0)}`, ...body].join('\n')
}
