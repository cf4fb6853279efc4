/**
 * The fields of `inspect --json` that the wire fixtures pin down, as one
 * projection of a `Story`, shared by the fixture tests and the extraction bench.
 */
import type { Story } from '../../src/load/story.ts'

/** A story reduced to the contract fields the fixtures give. */
export function contract(story: Story) {
  return {
    headline: story.headline,
    dateline: story.dateline,
    credit: story.credit,
    byline: story.byline,
    updated: story.updated ? { text: story.updated.text, iso: story.updated.iso } : null,
    lede: story.lede,
    paragraphs: story.body.length,
    quotes: story.quotes,
    related: story.related,
    notices: story.notices.map(({ kind, text }) => ({ kind, text })),
    embargo: story.embargo?.text ?? null,
    kill: story.kill,
    boilerplate: story.boilerplate,
  }
}

/** What a fixture's `.json` holds: the command-line options and the expected fields. */
export interface Fixture {
  options?: { date?: string; tz?: string }
  expected: ReturnType<typeof contract>
}
