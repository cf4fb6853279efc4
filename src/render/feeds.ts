/**
 * Feeds and sitemaps: a `Story` as an Atom, RSS and JSON Feed entry, the
 * stories a Google News sitemap holds, and sitemaps split at the protocol's
 * limit. Pure: URLs stay site-relative and the templates put `site.url` in
 * front, so nothing here needs the site's settings.
 */
import { escapeAttribute, escapeText } from 'entities'
import { DateTime } from 'luxon'
import type { Story, StoryTime } from '../load/story.ts'
import { articleHtml, noticeViews } from './index.ts'
import { lastModified } from './times.ts'

/**
 * Stories a feed lists. Readers poll feeds for what is new and fetch the
 * whole document every time, so a feed carries the newest stories with their
 * full text, not the archive: the archive is the site.
 */
export const feedLimit = 50

/** URLs one sitemap file may hold (sitemaps.org protocol). */
export const sitemapLimit = 50_000

/** Stories a Google News sitemap may hold. */
export const newsLimit = 1000

/** How far back a Google News sitemap reaches: articles of the last two days. */
export const newsWindowMs = 2 * 24 * 60 * 60 * 1000

/** A moment as feeds write it. */
export interface FeedTime {
  /** RFC 3339, for Atom and JSON Feed (`2012-07-06T11:59:00-04:00`). */
  rfc3339: string
  /** RFC 822 with a four-digit year, for RSS (`Fri, 06 Jul 2012 11:59:00 -0400`). */
  rfc822: string
}

/** An author or organisation credited for an entry. */
export interface FeedAuthor {
  name: string
  url?: string
}

/** A story as every feed format lists it. */
export interface FeedEntry {
  /** Site-relative URL of the story page. */
  url: string
  title: string
  /** The story's summary: its front-matter description, else the lede. */
  summary: string
  /** Lede and body as HTML, links still site-relative, licence credit last. */
  contentHtml: string
  published: FeedTime
  updated: FeedTime
  /** The byline, then the organisations behind the credit and source. */
  authors: FeedAuthor[]
  /** The section, then the tags, without repeats. */
  categories: string[]
  /** Whose text it is and under which licence, for a licensed story; else null. */
  rights: string | null
}

/** One feed, written as `feed.xml`, `rss.xml` and `feed.json` in its folder. */
export interface Feed {
  /** Site-relative folder the feed files go in: `/` or `/sections/world/`. */
  path: string
  /** The HTML page the feed follows: the home page or the section's page. */
  pageUrl: string
  /** The section's name, or null for the whole archive. */
  section: string | null
  /** The newest update among the entries. */
  updated: FeedTime
  /** Newest first. */
  entries: FeedEntry[]
}

/** What a feed is of. */
export interface FeedSubject {
  path: string
  pageUrl: string
  section: string | null
}

/** A story in a Google News sitemap. */
export interface NewsEntry {
  url: string
  title: string
  /** W3C Datetime: a date-time with offset, or a date when that is all the story gives. */
  published: string
}

/** A page in a sitemap. */
export interface SitemapUrl {
  /** Site-relative URL. */
  url: string
  /** W3C Datetime of the last change, for story pages; else null. */
  lastmod: string | null
}

/** One sitemap file: a list of pages, or an index of sitemap files. */
export type SitemapDocument =
  | { kind: 'urlset'; url: string; pages: SitemapUrl[] }
  | { kind: 'index'; url: string; sitemaps: string[] }

/** Characters XML 1.0 forbids even as references; wire copy scraped from the web can carry them. */
const notXml = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/** Drop the characters no XML document may contain, so one stray byte cannot break a feed. */
export function xmlSafe(text: string): string {
  return text.replace(notXml, '')
}

const withOffset = /(?:Z|[+-]\d{2}:?\d{2})$/i

/**
 * The RFC 3339 date-time of a story time, or null when it has no date.
 *
 * A time with an offset keeps the offset as written (RFC 3339 allows any).
 * A bare date, or a time whose zone nobody knows, becomes noon UTC of its
 * day: the day is all that is known, and noon UTC falls on that same day
 * for readers from UTC−12 to UTC+11 (only the far Pacific sees early next
 * morning), where midnight would show it a day early to all of the Americas.
 */
export function feedDateTime(time: StoryTime | null): string | null {
  const iso = time?.iso
  if (iso == null) return null
  if (time?.hasTime && withOffset.test(iso)) {
    // Feeds, sitemaps and the news window all ask for the same stories' times: each is worked out once.
    const known = offsetTimes.get(iso)
    if (known !== undefined) return known
    const moment = DateTime.fromISO(iso, { setZone: true })
    const value = moment.isValid ? moment.toISO({ suppressMilliseconds: true }) : null
    if (offsetTimes.size >= 100_000) offsetTimes.clear()
    offsetTimes.set(iso, value)
    if (value !== null) return value
  }
  return `${iso.slice(0, 10)}T12:00:00Z`
}

const offsetTimes = new Map<string, string | null>()

/**
 * The W3C Datetime a sitemap gives for a story time, or null when it has no
 * date: the date-time with its offset, or only the date when the time is
 * unknown or has no zone (a sitemap may say just the day).
 */
export function sitemapDate(time: StoryTime | null): string | null {
  const iso = time?.iso
  if (iso == null) return null
  return time?.hasTime && withOffset.test(iso) ? feedDateTime(time) : iso.slice(0, 10)
}

/** An RFC 3339 date-time in both feed forms, its offset kept. */
export function feedTime(rfc3339: string): FeedTime {
  return { rfc3339, rfc822: DateTime.fromISO(rfc3339, { setZone: true }).toRFC2822() ?? rfc3339 }
}

/** When a story was published and last updated, for feeds; null for a story with no date at all. */
function entryTimes(story: Story): { published: string; updated: string } | null {
  const published = feedDateTime(story.published) ?? feedDateTime(story.updated)
  const updated = feedDateTime(lastModified(story)) ?? published
  if (published === null || updated === null) return null
  // A bare publication date read as noon can fall after a morning update of
  // the same day; a story is never published after its last update.
  return { published: Date.parse(published) > Date.parse(updated) ? updated : published, updated }
}

/** The lede and body as the article page renders them, and the licence credit a licensed text asks for. */
function contentHtml(story: Story): string {
  const { ledeHtml, bodyHtml } = articleHtml(story)
  // Corrections and notes lead the entry, as they lead the page.
  const notices = noticeViews(story).map((notice) => `<p><strong>${escapeText(notice.label)}${notice.time ? ` (${escapeText(notice.time.text.replace(/^Issued /, ''))})` : ''}:</strong> ${escapeText(notice.text)}</p>`)
  const parts = [...notices, ledeHtml, bodyHtml]
  if (story.license) {
    const source = story.source?.name ?? 'its source'
    const from = story.source?.url ? `<a href="${escapeAttribute(story.source.url)}">${escapeText(source)}</a>` : escapeText(source)
    parts.push(`<p>Source: ${from}, published under <a rel="license" href="${escapeAttribute(story.license.url)}">${escapeText(story.license.name)}</a>.</p>`)
  }
  return xmlSafe(parts.filter((part) => part !== '').join('\n'))
}

/** Names that differ only in case are one category, spelled as first seen. */
function distinct(names: readonly string[]): string[] {
  const seen = new Set<string>()
  return names.filter((name) => {
    const key = name.toLowerCase()
    if (name === '' || seen.has(key)) return false
    seen.add(key)
    return true
  })
}

/** A story as a feed entry; null for a story without any date, which no feed can place. */
export function feedEntry(story: Story): FeedEntry | null {
  const times = entryTimes(story)
  if (times === null) return null
  const authors: FeedAuthor[] = [
    ...(story.byline ? [{ name: xmlSafe(story.byline) }] : []),
    ...story.organizations.map((organization) => (organization.url ? { name: xmlSafe(organization.name), url: organization.url } : { name: xmlSafe(organization.name) })),
  ]
  return {
    url: story.permalink,
    title: xmlSafe(story.headline),
    summary: xmlSafe(story.description),
    contentHtml: contentHtml(story),
    published: feedTime(times.published),
    updated: feedTime(times.updated),
    authors,
    categories: distinct([...(story.section === null ? [] : [story.section]), ...story.tags].map(xmlSafe)),
    rights: story.license ? xmlSafe(`${story.source?.name ?? 'Its source'}, published under ${story.license.name} (${story.license.url})`) : null,
  }
}

/** RFC 3339 in UTC without milliseconds. */
function utc(moment: Date): string {
  return moment.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/**
 * A feed of the newest `limit` stories (given newest first). It was last
 * updated when its newest entry was, or at `now` when it has none.
 */
export function feedOf(stories: readonly Story[], subject: Readonly<FeedSubject>, now: Date, limit = feedLimit): Feed {
  const entries = stories.slice(0, limit).flatMap((story) => feedEntry(story) ?? [])
  const newest = entries.reduce<FeedTime | null>((latest, entry) => (latest === null || Date.parse(entry.updated.rfc3339) > Date.parse(latest.rfc3339) ? entry.updated : latest), null)
  return { ...subject, updated: newest ?? feedTime(utc(now)), entries }
}

/** When a story was first published: its publication time, else its update time. */
function publicationTime(story: Story): StoryTime | null {
  return story.published?.iso ? story.published : story.updated
}

/** The UTC interval a story's publication lies in: an instant, or its whole day when only the day is known. */
export function publicationInterval(story: Story): { start: number; end: number } | null {
  const exact = sitemapDate(publicationTime(story))
  if (exact === null) return null
  if (exact.length > 10) return { start: Date.parse(exact), end: Date.parse(exact) }
  const start = Date.parse(`${exact}T00:00:00Z`)
  return { start, end: start + 24 * 60 * 60 * 1000 }
}

/**
 * The stories for a Google News sitemap: published in the two days before
 * `now` and not after it, newest first (as given), at most `limit`. A story
 * that gives only its day counts when any of that day (UTC) is in the window,
 * so a morning build does not miss the day's undated stories.
 */
export function newsStories(stories: readonly Story[], now: Date, limit = newsLimit): Story[] {
  const end = now.getTime()
  const start = end - newsWindowMs
  return stories.filter((story) => {
    const interval = publicationInterval(story)
    return interval !== null && interval.start <= end && interval.end > start
  }).slice(0, limit)
}

/** A story as the news sitemap lists it; null for a story without any date. */
export function newsEntry(story: Story): NewsEntry | null {
  const published = sitemapDate(publicationTime(story))
  return published === null ? null : { url: story.permalink, title: xmlSafe(story.headline), published }
}

/**
 * The sitemap files for a list of pages: one `/sitemap.xml` when they fit in
 * one file, else an index at `/sitemap.xml` and `/sitemaps/1.xml`, `2.xml`…
 * of at most `limit` pages each.
 */
export function sitemapDocuments(pages: readonly SitemapUrl[], limit = sitemapLimit): SitemapDocument[] {
  if (pages.length <= limit) return [{ kind: 'urlset', url: '/sitemap.xml', pages: [...pages] }]
  const parts: SitemapDocument[] = []
  for (let start = 0; start < pages.length; start += limit) {
    parts.push({ kind: 'urlset', url: `/sitemaps/${parts.length + 1}.xml`, pages: pages.slice(start, start + limit) })
  }
  return [{ kind: 'index', url: '/sitemap.xml', sitemaps: parts.map((part) => part.url) }, ...parts]
}
