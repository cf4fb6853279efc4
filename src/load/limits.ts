/**
 * Limits on the work a story's text may ask of the Markdown parser, checked
 * in one cheap pass before it is parsed.
 *
 * micromark's time grows with the depth of nested quotes and lists on every
 * line, faster than linearly with the marks of one paragraph (`*a_*a_…`,
 * `[a](…`), and with link definitions; the quote reader pairs the quotation
 * marks of each paragraph. A crafted file of a few kilobytes could otherwise
 * hold a build for minutes. The limits are far beyond real copy, which nests a
 * level or two and uses a handful of marks a paragraph; a story over one is an
 * error at the place to fix, never a hang or a crash.
 */
import type { VFile } from 'vfile'
import { reportError } from './problems.ts'

/** The limits, generous for any real story. */
export const storyLimits = Object.freeze({
  /** Lines in a story. */
  lines: 20_000,
  /** Quotes and lists nested in one another on one line. */
  depth: 32,
  /** Nesting summed over every line (a line three levels deep counts 3). */
  nestedLines: 20_000,
  /** Markdown and quotation marks in one paragraph. */
  paragraphMarks: 2_000,
  /** The sum over paragraphs of their marks squared, as parsing them costs. */
  markWork: 16_000_000,
  /** Link definitions (`[label]: address` lines). */
  definitions: 1_000,
})

/** Characters the inline parser or the quote reader has to pair up. */
const marks = new Set(['*', '_', '[', ']', '<', '`', '!', '"', '“', '”', '„'])

const definitionLine = /^(?:[ \t]*(?:>|[-+*]|\d{1,9}[.)])(?=[ \t]))*[ \t]*\[(?:[^\]\\]|\\.)+\]:/

/** What the check needs to know of the story. */
export interface LimitOptions {
  /** Raw wire copy, whose indentation is dropped before parsing and so nests nothing. */
  wire?: boolean | undefined
}

/**
 * Check a story's text (normalised: LF line endings) against `storyLimits`,
 * reporting an error where it goes over. True when the text may be parsed.
 */
export function checkLimits(file: VFile, text: string, options?: Readonly<LimitOptions> | null): boolean {
  const lines = text.split('\n')
  if (lines.length > storyLimits.lines) {
    reportError(file, `This story has ${format(lines.length)} lines, more than the ${format(storyLimits.lines)} a story may have: split it into several stories`, { line: storyLimits.lines + 1, column: 1 }, 'file-too-large')
    return false
  }
  return checkNesting(file, lines, options?.wire === true) && checkMarks(file, lines)
}

function format(value: number): string {
  return value.toLocaleString('en-US')
}

/**
 * How deep a line nests quotes and lists, from its opening `>` and list
 * markers and its indentation (two columns a level, as nested lists indent).
 * An estimate that never falls far below the truth.
 */
export function nestingOf(line: string): number {
  let depth = 0
  let indent = 0
  let index = 0
  for (;;) {
    while (line[index] === ' ' || line[index] === '\t') {
      indent += line[index] === '\t' ? 4 : 1
      index++
    }
    const marker = /^(?:>|[-+*](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))/.exec(line.slice(index, index + 11))
    if (!marker) break
    depth++
    index += marker[0].length
    // The spaces after a marker belong to it, not to the indentation.
    for (let taken = 0; taken < 4 && (line[index] === ' ' || line[index] === '\t'); taken++) index++
  }
  return depth + Math.floor(indent / 2)
}

function checkNesting(file: VFile, lines: readonly string[], wire: boolean): boolean {
  let total = 0
  let open = 0
  let deepest = { depth: 0, line: 1 }
  let previousBlank = true
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? ''
    const blank = line.trim() === ''
    const own = blank ? 0 : nestingOf(wire ? line.trimStart() : line)
    // A line with no markers right after text may continue it inside every open container.
    const depth = blank ? 0 : own === 0 && !previousBlank ? open : own
    if (!blank) open = depth
    previousBlank = blank
    if (own > storyLimits.depth) {
      reportError(file, `Quotes, lists or indentation are nested ${format(own)} deep here; at most ${storyLimits.depth} levels are read: flatten or unindent them`, { line: index + 1, column: 1 }, 'nesting-too-deep')
      return false
    }
    if (own > deepest.depth) deepest = { depth: own, line: index + 1 }
    total += depth
  }
  if (total > storyLimits.nestedLines) {
    reportError(
      file,
      `This story nests quotes or lists on so many lines that reading it would take too long (${format(total)} nested line-levels, at most ${format(storyLimits.nestedLines)}; the deepest, ${deepest.depth} levels, is here): flatten them`,
      { line: deepest.line, column: 1 },
      'nesting-too-deep',
    )
    return false
  }
  return true
}

function checkMarks(file: VFile, lines: readonly string[]): boolean {
  let work = 0
  let definitions = 0
  let paragraph = { marks: 0, line: 1 }
  let busiest = { marks: 0, line: 1 }
  const close = (): boolean => {
    work += paragraph.marks * paragraph.marks
    if (paragraph.marks > busiest.marks) busiest = paragraph
    if (paragraph.marks <= storyLimits.paragraphMarks) return true
    reportError(file, `This paragraph has ${format(paragraph.marks)} Markdown or quotation marks (${markList}), more than the ${format(storyLimits.paragraphMarks)} a paragraph may have: split it, or remove the marks`, { line: paragraph.line, column: 1 }, 'too-much-markup')
    return false
  }
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? ''
    // Marks in code count too: telling code from text here would take the parser's own rules.
    if (line.trim() === '') {
      if (paragraph.marks > 0 && !close()) return false
      paragraph = { marks: 0, line: index + 2 }
      continue
    }
    if (definitionLine.test(line) && ++definitions > storyLimits.definitions) {
      reportError(file, `This story has more than ${format(storyLimits.definitions)} link definitions (\`[label]: address\` lines), and this is one too many: write the links inline, or cut them`, { line: index + 1, column: 1 }, 'too-much-markup')
      return false
    }
    paragraph.marks += countMarks(line)
  }
  if (paragraph.marks > 0 && !close()) return false
  if (work > storyLimits.markWork) {
    reportError(file, `This story has so many Markdown or quotation marks (${markList}) in its paragraphs that reading it would take too long; this paragraph has the most (${format(busiest.marks)}): split paragraphs, or remove marks`, { line: busiest.line, column: 1 }, 'too-much-markup')
    return false
  }
  return true
}

const markList = [...marks].map((mark) => (mark === '`' ? '`` ` ``' : `\`${mark}\``)).join(' ')

/** Marks on a line that are not escaped with a backslash. */
function countMarks(line: string): number {
  let count = 0
  for (let index = 0; index < line.length; index++) {
    const character = line[index] ?? ''
    if (character === '\\') index++
    else if (marks.has(character)) count++
  }
  return count
}
