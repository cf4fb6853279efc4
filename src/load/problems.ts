/**
 * Problems in user input, as vfile messages with a stable rule id.
 *
 * Input problems never throw: they are collected on the file so that one run
 * reports all of them. Internal bugs are ordinary exceptions.
 */
import type { VFile } from 'vfile'
import type { Point } from './story.ts'

/** Stable ids for every problem the loader reports. */
export type RuleId =
  | 'empty-story'
  | 'front-matter-unclosed'
  | 'front-matter-yaml'
  | 'front-matter-language'
  | 'front-matter-field'
  | 'unknown-front-matter-key'
  | 'invalid-date'
  | 'invalid-timezone'
  | 'missing-date'
  | 'missing-headline'
  | 'invalid-slug'
  | 'invalid-permalink'
  | 'duplicate-permalink'
  | 'invalid-alias'
  | 'unreadable-file'
  | 'invalid-encoding'
  | 'file-too-large'
  | 'link-outside-content'
  | 'linked-folder'
  | 'nesting-too-deep'
  | 'too-much-markup'
  | 'reserved-permalink'
  | 'unbalanced-quote'

/** Where a problem stands: a point, or nothing for the whole file. */
export type Place = Point | undefined

/** Record an error: the story cannot be published until it is fixed. */
export function reportError(file: VFile, reason: string, place: Place, ruleId: RuleId): void {
  const message = file.message(reason, { place, ruleId, source: 'morgue' })
  message.fatal = true
}

/** Record a warning: the story is published, but an editor should look. */
export function reportWarning(file: VFile, reason: string, place: Place, ruleId: RuleId): void {
  const message = file.message(reason, { place, ruleId, source: 'morgue' })
  message.fatal = false
}

/** Whether any error (not warning) was recorded on the file. */
export function hasErrors(file: VFile): boolean {
  return file.messages.some((message) => message.fatal === true)
}
