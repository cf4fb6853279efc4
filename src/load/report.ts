/**
 * Problems printed one a line, `path:line:col  severity  reason  rule-id`,
 * so editors and terminals can jump to them.
 */
import type { VFile } from 'vfile'

/**
 * Control characters (a terminal escape could rewrite the screen), line
 * breaks (one problem, one line) and bidirectional controls (which could make
 * a slug read as something else) as quoted from a story.
 */
const unprintable = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g

/** Text quoted from a story, with every character that would not print as itself written as `\uXXXX`. */
export function printable(text: string): string {
  return text.replace(unprintable, (character) => `\\u${character.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`)
}

/** Format every message of every file, then a count. Empty when nothing was said. */
export function formatReport(files: readonly VFile[]): string {
  const lines: string[] = []
  let errors = 0
  let warnings = 0
  for (const file of files) {
    const byPlace = [...file.messages].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0))
    for (const message of byPlace) {
      const severity = message.fatal === true ? 'error' : 'warning'
      if (severity === 'error') errors++
      else warnings++
      const place = `${message.line ?? 1}:${message.column ?? 1}`
      lines.push(printable(`${file.path}:${place}  ${severity}  ${message.reason}  ${message.ruleId ?? ''}`.trimEnd()))
    }
  }
  if (lines.length === 0) return ''
  const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`
  lines.push('', `${count(errors, 'error')}, ${count(warnings, 'warning')}`)
  return lines.join('\n')
}
