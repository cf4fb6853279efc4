/**
 * The `Story`: the one contract between the loader, the renderer and the build.
 *
 * A plain, serialisable object. Everything a page shows is decided here, from
 * front matter first and the story text second; templates compute nothing.
 */

/** A 1-based line and column in the story file. */
export interface Point {
  line: number
  column: number
}

/** A moment as the story gives it. */
export interface StoryTime {
  /** The line as written (`Updated at 11:59 a.m. Eastern`), or null when it came from front matter. */
  text: string | null
  /**
   * ISO 8601: with a numeric offset when the zone is known
   * (`2012-07-06T11:59:00-04:00`), without one when the text gives no zone
   * (`2012-07-06T11:59:00`), a bare date when no time is known (`2012-07-06`);
   * null when no date is known at all.
   */
  iso: string | null
  /** IANA zone the time was written in (`America/New_York`), or null when unknown. */
  zone: string | null
  /** Whether `iso` carries a time of day (false for a bare date). */
  hasTime: boolean
}

/** A direct quotation of speech. */
export interface Quote {
  /** The words between the marks, a trailing comma dropped. */
  text: string
  /** The speaker's full name as the story gives it, without titles; null when unnamed. */
  speaker: string | null
  /** True for a fragment inside the reporter's own sentence. */
  partial: boolean
}

/** A related headline, linked only when its address is known. */
export interface RelatedLink {
  title: string
  url: string | null
}

/** Kinds of editorial notice a wire story can carry. */
export type NoticeKind = 'correction' | 'clarification' | 'editors-note' | 'kill'

/** A notice to readers or editors, verbatim with its label. */
export interface Notice {
  kind: NoticeKind
  text: string
  /** When it was issued: from front matter; null when the copy does not say. */
  time: StoryTime | null
}

/** One entry of a story's update history. */
export interface StoryUpdate {
  time: StoryTime
  /** What changed, as the editor wrote it. */
  text: string
}

/** A story held back until a moment: nothing of it is published before then. */
export interface Embargo {
  /** The embargo line as written, or null when it came from front matter. */
  text: string | null
  /** The moment the embargo lifts, ISO 8601 with a numeric offset. */
  until: string
  /** The zone the moment was written in, when known. */
  zone: string | null
}

/** A block of story copy, kept as the Markdown it was written in. */
export interface Block {
  /** Markdown source of the block (for the lede: without the dateline and credit). */
  markdown: string
  /** Plain text of the block, whitespace collapsed. */
  text: string
  /** Line in the file where the block starts. */
  line: number
}

/** Where the story came from. */
export interface StorySource {
  /** The publication or agency (`CBS News`). */
  name: string
  /** The original address, when known. */
  url: string | null
}

/** The licence the story text is published under. */
export interface License {
  name: string
  url: string
}

/** A news organisation credited for the story. */
export interface Organization {
  name: string
  url: string | null
}

/** Fields whose position in the file is kept so problems can point at them. */
export type PositionedField =
  | 'headline'
  | 'dateline'
  | 'byline'
  | 'updated'
  | 'published'
  | 'lede'
  | 'related'
  | 'embargo'
  /** The front matter's `permalink:` line, else its `slug:` line. */
  | 'permalink'
  /** The front matter's `aliases:` line. */
  | 'aliases'

/** A wire story, loaded and understood. */
export interface Story {
  /** Path of the story file relative to the content folder, with `/` separators. */
  file: string
  /** URL-safe name, last part of the permalink. */
  slug: string
  /** Site-relative URL of the story page, starting and ending with `/`. */
  permalink: string
  headline: string
  /** Summary for metadata: front matter `description`, else the lede. */
  description: string
  /** Place before the credit (`BEIRUT`, `PORT ALDEN, Wis.`), or null. */
  dateline: string | null
  /** What stands in the credit parentheses (`CBS/AP`), or null. */
  credit: string | null
  /** Organisations behind the credit and source, in order, without repeats. */
  organizations: Organization[]
  /** Byline without "By ". */
  byline: string | null
  published: StoryTime | null
  /** When the story last changed, as its time line or front matter says. */
  updated: StoryTime | null
  /** Update history, newest first (front matter `updates`). */
  updates: StoryUpdate[]
  /** The first body paragraph without its dateline and credit. */
  lede: string
  /** Body blocks in order; the first is the lede. */
  body: Block[]
  quotes: Quote[]
  related: RelatedLink[]
  /** Corrections, clarifications, editor's notes and kill advisories, front matter's first. */
  notices: Notice[]
  /** When the story may first be published, or null when it is not embargoed. */
  embargo: Embargo | null
  /** True when the story was withdrawn: a kill advisory, or `status: killed`. */
  kill: boolean
  tags: string[]
  section: string | null
  source: StorySource | null
  /** The licence of the text, when it is not the publisher's own. */
  license: License | null
  /** Site furniture dropped from the text, verbatim and in order. */
  boilerplate: string[]
  draft: boolean
  /** Site paths the story was published under before (front matter `aliases`); each redirects here. */
  aliases: string[]
  /** Where inferred fields stand in the file. */
  positions: Partial<Record<PositionedField, Point>>
}
