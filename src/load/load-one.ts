/**
 * Load one story from its text into a plain, cloneable result: the story,
 * its article HTML and its problems. The same function runs in the main
 * thread and in worker threads, so both give the same result.
 */
import { VFile } from 'vfile'
import { articleHtml, type ArticleHtml } from '../render/index.ts'
import { loadStory, type LoadOptions } from './index.ts'
import type { RuleId } from './problems.ts'
import type { Story } from './story.ts'

/** A problem as plain data, to cross threads and sit in the cache. */
export interface PlainMessage {
  reason: string
  line: number | null
  column: number | null
  ruleId: string | null
  fatal: boolean
}

/** What loading one file gave. */
export interface Loaded {
  story: Story | null
  /** The file's text after normalising (BOM, line endings), as problems point into it. */
  value: string
  messages: PlainMessage[]
  /** The story's lede and body as HTML, when rendered here (in a worker thread); else null, rendered when a page needs it. */
  html: ArticleHtml | null
}

/** What loading one file needs. */
export interface LoadTask {
  path: string
  cwd: string
  value: string
  options: LoadOptions | null
}

/** A file's problems as plain data, to keep or send. */
export function plainMessages(file: VFile): PlainMessage[] {
  return file.messages.map((message) => ({ reason: message.reason, line: message.line ?? null, column: message.column ?? null, ruleId: message.ruleId ?? null, fatal: message.fatal === true }))
}

/** Put problems kept as plain data back on a file, as reporting them there would have. */
export function replayMessages(file: VFile, messages: readonly PlainMessage[]): void {
  for (const message of messages) {
    const place = message.line === null ? undefined : { line: message.line, column: message.column ?? 1 }
    const replayed = file.message(message.reason, { place, ruleId: message.ruleId as RuleId, source: 'morgue' })
    replayed.fatal = message.fatal
  }
}

/** Load one file; `renderHtml` in a worker thread, so the Markdown is rendered on the worker's core too. */
export function loadOne(task: Readonly<LoadTask>, renderHtml = false): Loaded {
  const file = new VFile({ path: task.path, cwd: task.cwd, value: task.value })
  const story = loadStory(file, task.options)
  return {
    story,
    html: story && renderHtml ? articleHtml(story) : null,
    value: String(file.value),
    messages: plainMessages(file),
  }
}
