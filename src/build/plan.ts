/**
 * The archive plan: every listing page the site has (home, years, months,
 * days, sections, tags), the people quoted and what they said, and each
 * story's neighbours in time. Computed once from the loaded stories; the
 * templates only lay it out.
 */
import type { Quote, Story } from '../load/story.ts'
import { slugify } from '../load/index.ts'
import { rememberStoryKey, storyKey } from '../load/story-keys.ts'
import { renderListing, type ListingView } from '../render/index.ts'
import { formatStoryTime, lastModified } from '../render/times.ts'
import { SiteConfigError } from './site-config.ts'
import { feedOf, newsEntry, newsStories, newsWindowMs, publicationInterval, sitemapDate, sitemapDocuments, type Feed, type NewsEntry, type SitemapDocument, type SitemapUrl } from '../render/feeds.ts'

/** A link with its text. */
export interface Link {
  url: string
  label: string
}

/** A labelled count linking to a page: a month of a year, a tag of the index. */
export interface CountLink extends Link {
  count: number
}

/** Which kind of listing a page is. */
export type ListingKind = 'home' | 'year' | 'month' | 'day' | 'section' | 'tag'

/** One page of a list of stories, or of periods. */
export interface ListingPage {
  url: string
  kind: ListingKind
  /** The page's heading (`July 2012`, `Syria`). */
  heading: string
  /** A word for what the heading names (`Tag`, `Month`), or null on the home page. */
  label: string | null
  items: ListingView[]
  /** Sub-periods with counts, for year and month pages. */
  groups: CountLink[]
  pageNumber: number
  pageCount: number
  previousPage: Link | null
  nextPage: Link | null
  /** The neighbouring periods that have stories, for date pages. */
  previousPeriod: Link | null
  nextPeriod: Link | null
  /** The periods a date page belongs to, widest first (a day's year and month). */
  parents: Link[]
}

/** A quote with the story it comes from. */
export interface SourcedQuote extends Quote {
  story: Link
  /** When the story was filed, as `YYYY-MM-DD`. */
  date: string
  /** The same day for readers (`July 6, 2012`). */
  dateLabel: string
}

/** A person quoted in the archive. */
export interface Person {
  name: string
  slug: string
  url: string
  quotes: SourcedQuote[]
}

/** Everything the archive's pages are built from. */
export interface ArchivePlan {
  /** Stories newest first, related headlines linked to the archive's own stories. */
  stories: Story[]
  listings: ListingPage[]
  tags: CountLink[]
  sections: CountLink[]
  people: Person[]
  /** Every year with stories, oldest first, for the archive links on every page. */
  years: CountLink[]
  /** Sources whose licence asks for credit on every page, with the licence. */
  credits: Array<{ source: string; license: string; licenseUrl: string }>
  /** Each story's links into the archive, by permalink. */
  links: Record<string, StoryLinks>
  /** The whole archive's feed (newest stories only), then one per section. */
  feeds: Feed[]
  /** The sitemap: one file, or an index followed by its parts. */
  sitemaps: SitemapDocument[]
  /** Stories of the Google News sitemap: published in the two days before the build. */
  newsStories: NewsEntry[]
  /** Stories under an embargo that has not lifted at build time: nothing of them is published. */
  held: HeldStory[]
  /** Withdrawn stories: each old address serves a notice instead of the text. */
  withdrawn: WithdrawnPage[]
  /** Old addresses of stories, each redirecting to where the story is now. */
  redirects: Redirect[]
}

/** A story held back by its embargo. */
export interface HeldStory {
  file: string
  permalink: string
  /** When the embargo lifts, ISO 8601 with its offset, and as readers write it. */
  until: string
  untilText: string
}

/** The page left at a withdrawn story's address. */
export interface WithdrawnPage {
  url: string
  headline: string
  /** The kill advisories, verbatim; empty when the story was only marked `status: killed`. */
  reasons: string[]
  /** The day it was filed, for readers (`July 6, 2012`), and as `YYYY-MM-DD`. */
  filed: string
  date: string
}

/** An old address and where it now leads. */
export interface Redirect {
  from: string
  to: string
}

/** Where a story page links within the archive. */
export interface StoryLinks {
  /** The older and newer story. */
  previous: Link | null
  next: Link | null
  /** The day archive the story is filed under. */
  day: Link
  /** The day filed, `YYYY-MM-DD`, and its year, for search filters and sorting. */
  filed: string
  year: string
  /** Who the search page lists the story as from: its source, else its credit. */
  from: string | null
  section: Link | null
  tags: Link[]
  /** Each named speaker's page, by the name the story gives. */
  people: Record<string, string>
  /** "This story is more than 14 years old", for stories older than 30 days at build time; else null. */
  age: string | null
}

/** Options of the plan. */
export interface PlanOptions {
  /** Stories a listing page holds. */
  pageSize: number
  /** Other names of a person, by the name to show: `{ "Hillary Clinton": ["Clinton"] }`. */
  aliases: Readonly<Record<string, readonly string[]>>
  /** The build time: embargoes, the age of stories and the news sitemap are judged at it; `buildTime()` by default. */
  now?: Date
  /** Publish drafts too (a preview build); false by default. */
  drafts?: boolean
}

/** `localeCompare` with the default locale, without making a collator for every comparison. */
const collate = new Intl.Collator().compare

const monthNames = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

/** The day a story is filed under, `YYYY-MM-DD`, from its permalink's date or its times. */
export function filedDate(story: Story): string {
  const fromLink = /^\/(\d{4})\/(\d{2})\/(\d{2})\//.exec(story.permalink)
  if (fromLink) return `${fromLink[1]}-${fromLink[2]}-${fromLink[3]}`
  return (story.published?.iso ?? story.updated?.iso ?? '').slice(0, 10)
}

/** Split items into pages of `size`; always at least one page. */
function chunk<T>(items: readonly T[], size: number): T[][] {
  const pages: T[][] = []
  for (let start = 0; start < items.length; start += size) pages.push(items.slice(start, start + size))
  return pages.length === 0 ? [[]] : pages
}

function pageUrl(base: string, pageNumber: number): string {
  return pageNumber === 1 ? base : `${base}page/${pageNumber}/`
}

/** Paginated listing pages of stories under one base URL. */
function storyPages(base: string, kind: ListingKind, heading: string, label: string | null, stories: readonly Story[], size: number): ListingPage[] {
  const pages = chunk(stories, size)
  return pages.map((page, index) => ({
    url: pageUrl(base, index + 1),
    kind,
    heading,
    label,
    items: page.map(renderListing),
    groups: [],
    pageNumber: index + 1,
    pageCount: pages.length,
    previousPage: index === 0 ? null : { url: pageUrl(base, index), label: `Page ${index}` },
    nextPage: index + 1 === pages.length ? null : { url: pageUrl(base, index + 2), label: `Page ${index + 2}` },
    previousPeriod: null,
    nextPeriod: null,
    parents: [],
  }))
}

/** Group items by a key, keeping first-seen order. */
function groupBy<T>(items: readonly T[], keysOf: (item: T) => readonly string[]): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const item of items) {
    for (const key of keysOf(item)) {
      const group = groups.get(key)
      if (group) group.push(item)
      else groups.set(key, [item])
    }
  }
  return groups
}

/** AP style abbreviates the long month names when a day follows (`Nov. 7, 2020`, but `November 2020`). */
const apMonths = ['Jan.', 'Feb.', 'March', 'April', 'May', 'June', 'July', 'Aug.', 'Sept.', 'Oct.', 'Nov.', 'Dec.']

function periodLabel(key: string): string {
  const [year, month, day] = key.split('-')
  if (day !== undefined) return `${apMonths[Number(month) - 1] ?? ''} ${Number(day)}, ${year}`
  if (month !== undefined) return `${monthNames[Number(month) - 1] ?? ''} ${year}`
  return year ?? ''
}

function periodUrl(key: string): string {
  return `/${key.split('-').join('/')}/`
}

/** The wider periods of a period key: a day's year and month, a month's year. */
function parentsOf(key: string): Link[] {
  const parts = key.split('-')
  return parts.slice(1).map((_, index) => {
    const parent = parts.slice(0, index + 1).join('-')
    return { url: periodUrl(parent), label: periodLabel(parent) }
  })
}

/** Date archive pages for one level (years, months or days), with neighbours in time. */
function periodPages(stories: readonly Story[], length: 4 | 7 | 10, size: number): ListingPage[] {
  const kind: ListingKind = length === 4 ? 'year' : length === 7 ? 'month' : 'day'
  const label = kind === 'year' ? 'Year' : kind === 'month' ? 'Month' : 'Day'
  const byPeriod = groupBy(stories, (story) => [filedDate(story).slice(0, length)])
  // Oldest first, so "previous" is earlier in time.
  const keys = [...byPeriod.keys()].sort()
  return keys.flatMap((key, index) => {
    const members = byPeriod.get(key) ?? []
    const previousKey = keys[index - 1]
    const nextKey = keys[index + 1]
    const previousPeriod = previousKey === undefined ? null : { url: periodUrl(previousKey), label: periodLabel(previousKey) }
    const nextPeriod = nextKey === undefined ? null : { url: periodUrl(nextKey), label: periodLabel(nextKey) }
    if (kind !== 'day') {
      const childLength = length === 4 ? 7 : 10
      const children = groupBy(members, (story) => [filedDate(story).slice(0, childLength)])
      const groups = [...children.entries()].sort(([a], [b]) => collate(a, b)).map(([child, list]) => ({ url: periodUrl(child), label: periodLabel(child), count: list.length }))
      return [{ url: periodUrl(key), kind, heading: periodLabel(key), label, items: [], groups, pageNumber: 1, pageCount: 1, previousPage: null, nextPage: null, previousPeriod, nextPeriod, parents: parentsOf(key) }]
    }
    return storyPages(periodUrl(key), kind, periodLabel(key), label, members, size).map((page) => ({ ...page, previousPeriod, nextPeriod, parents: parentsOf(key) }))
  })
}

/** Pages of each name (section or tag), and the counts for an index. */
function namedPages(stories: readonly Story[], kind: 'section' | 'tag', size: number): { pages: ListingPage[]; counts: CountLink[] } {
  const folder = kind === 'section' ? 'sections' : 'tags'
  const namesOf = (story: Story) => (kind === 'section' ? (story.section === null ? [] : [story.section]) : story.tags)
  // Names that differ only in case or punctuation share one page, headed by the first spelling seen.
  const headings = new Map<string, string>()
  const bySlug = groupBy(stories, (story) => {
    const slugs = namesOf(story).map((name) => {
      const slug = slugify(name)
      if (!headings.has(slug)) headings.set(slug, name)
      return slug
    })
    return [...new Set(slugs)].filter((slug) => slug !== '')
  })
  const pages: ListingPage[] = []
  const counts: CountLink[] = []
  for (const [slug, members] of [...bySlug.entries()].sort(([a], [b]) => collate(a, b))) {
    const heading = headings.get(slug) ?? slug
    const base = `/${folder}/${slug}/`
    pages.push(...storyPages(base, kind, heading, kind === 'section' ? 'Section' : 'Tag', members, size))
    counts.push({ url: base, label: heading, count: members.length })
  }
  return { pages, counts }
}

/** The name each other name of a person stands for: `{ "Clinton": "Hillary Clinton" }`. */
function namesByAlias(aliases: PlanOptions['aliases']): Map<string, string> {
  const names = new Map<string, string>()
  for (const [name, others] of Object.entries(aliases)) for (const other of others) if (!names.has(other)) names.set(other, name)
  return names
}

function personUrl(speaker: string, names: ReadonlyMap<string, string>): string | undefined {
  const slug = slugify(names.get(speaker) ?? speaker)
  return slug === '' ? undefined : `/people/${slug}/`
}

/** A name as an index sorts it: by the last word (the surname in most names), then the rest. */
function sortName(name: string): string {
  const words = name.split(' ')
  return [words.at(-1) ?? '', ...words.slice(0, -1)].join(' ')
}

/**
 * A quote as a person's page lists it, made once for each quote of a story:
 * the dev server plans again after every save, and most stories are the same.
 */
function sourcedQuote(quote: Quote, story: Story, date: string): SourcedQuote {
  const known = sourcedQuotes.get(quote)
  if (known && known.story.url === story.permalink && known.story.label === story.headline && known.date === date) return known
  const sourced = { ...quote, story: { url: story.permalink, label: story.headline }, date, dateLabel: periodLabel(date) }
  sourcedQuotes.set(quote, sourced)
  return sourced
}

const sourcedQuotes = new WeakMap<Quote, SourcedQuote>()

/** People quoted across the archive, aliases merged, each with their quotes newest first. */
function peopleOf(stories: readonly Story[], names: ReadonlyMap<string, string>): Person[] {
  const people = new Map<string, Person>()
  for (const story of stories) {
    if (story.quotes.length === 0) continue
    const date = filedDate(story)
    for (const quote of story.quotes) {
      if (quote.speaker === null) continue
      const name = names.get(quote.speaker) ?? quote.speaker
      const slug = slugify(name)
      if (slug === '') continue
      let person = people.get(slug)
      if (!person) {
        person = { name, slug, url: `/people/${slug}/`, quotes: [] }
        people.set(slug, person)
      }
      person.quotes.push(sourcedQuote(quote, story, date))
    }
  }
  const keys = new Map([...people.values()].map((person) => [person, sortName(person.name)]))
  return [...people.values()].sort((a, b) => collate(keys.get(a) ?? '', keys.get(b) ?? '') || collate(a.name, b.name))
}

const headlineKey = (headline: string) => headline.toLowerCase().replace(/[“”"‘’']/g, '').replace(/\s+/g, ' ').trim()

/**
 * Link related headlines to the archive's own stories; unknown headlines stay
 * unlinked. Headlines of stories not published (held by an embargo, or
 * withdrawn) are left out, so no page names or links to them.
 */
function linkRelated(stories: readonly Story[], unpublished: readonly Story[]): Story[] {
  const byHeadline = new Map(stories.map((story) => [headlineKey(story.headline), story.permalink]))
  const hiddenHeadlines = new Set(unpublished.map((story) => headlineKey(story.headline)))
  const hiddenUrls = new Set(unpublished.map((story) => story.permalink))
  const hidden = (link: Story['related'][number]) => hiddenHeadlines.has(headlineKey(link.title)) || (link.url !== null && hiddenUrls.has(link.url))
  return stories.map((story) => {
    if (story.related.every((link) => !hidden(link) && (link.url !== null || !byHeadline.has(headlineKey(link.title))))) return story
    const related = story.related
      .filter((link) => !hidden(link))
      .map((link) => (link.url !== null ? link : { ...link, url: byHeadline.get(headlineKey(link.title)) ?? null }))
    return withRelated(story, related)
  })
}

/**
 * A story with its related links resolved. Its other fields are the story's
 * own, as they are (a body the cache reads when it is used is not read here),
 * and it keeps the key the story was loaded under: a page's key adds the links.
 */
export function withRelated(story: Story, related: Story['related']): Story {
  const copy = Object.defineProperties({}, Object.getOwnPropertyDescriptors(story)) as Story
  copy.related = related
  const key = storyKey(story)
  if (key !== undefined) rememberStoryKey(copy, key)
  return copy
}

/** Whether a story's embargo has not lifted at `now`. */
export function isEmbargoed(story: Story, now: Date): boolean {
  return story.embargo !== null && Date.parse(story.embargo.until) > now.getTime()
}

const dayMs = 24 * 60 * 60 * 1000

/** Midnight UTC of a `YYYY-MM-DD` day, as a time value; NaN when it is not one. */
function dayStart(day: string): number {
  const parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day)
  if (!parts) return Number.NaN
  const [year, month, date] = [Number(parts[1]), Number(parts[2]), Number(parts[3])]
  const moment = new Date(0)
  moment.setUTCFullYear(year, month - 1, date)
  return moment.getUTCFullYear() === year && moment.getUTCMonth() === month - 1 && moment.getUTCDate() === date ? moment.getTime() : Number.NaN
}

/** A day moved on by whole months, its date kept or clamped to the month's last day (January 31 plus a month is February 28 or 29). */
function plusMonths(start: number, months: number): number {
  const from = new Date(start)
  const total = from.getUTCFullYear() * 12 + from.getUTCMonth() + months
  const year = Math.floor(total / 12)
  const month = total - year * 12
  const last = new Date(0)
  last.setUTCFullYear(year, month + 1, 0)
  const moment = new Date(0)
  moment.setUTCFullYear(year, month, Math.min(from.getUTCDate(), last.getUTCDate()))
  return moment.getTime()
}

/** The whole years, then the whole months after them, from a day's midnight (UTC) to a later moment. */
function wholeYearsAndMonths(start: number, end: number): { years: number; months: number } {
  const from = new Date(start)
  const to = new Date(end)
  let years = to.getUTCFullYear() - from.getUTCFullYear()
  while (years > 0 && plusMonths(start, years * 12) > end) years--
  let months = to.getUTCFullYear() * 12 + to.getUTCMonth() - (from.getUTCFullYear() * 12 + from.getUTCMonth()) - years * 12
  while (months > 0 && plusMonths(start, years * 12 + months) > end) months--
  return { years, months: Math.max(0, months) }
}

/**
 * How old a story is at `now`, as archives warn readers ("This story is more
 * than 14 years old"); null within 30 days of filing.
 */
export function storyAge(filed: string, now: Date): string | null {
  const start = dayStart(filed)
  const end = now.getTime()
  if (Number.isNaN(start) || end - start <= 30 * dayMs) return null
  const { years, months } = wholeYearsAndMonths(start, end)
  const [count, unit] = years >= 1 ? [years, 'year'] : months >= 1 ? [months, 'month'] : [30, 'day']
  return `This story is more than ${count} ${unit}${count === 1 ? '' : 's'} old`
}

/**
 * The first moment after `now` at which the same stories could build to a
 * different site: an embargo lifts, an age banner changes, a story enters or
 * leaves the news sitemap. Until then (and from `now` on) an unchanged archive
 * builds to the same bytes. Null when nothing in it depends on the time; `now`
 * itself when something always does (an empty feed is dated by the build).
 */
export function stableUntil(stories: readonly Story[], plan: Readonly<ArchivePlan>, now: Date): number | null {
  const at = now.getTime()
  if (plan.feeds.some((feed) => feed.entries.length === 0)) return at
  let until = Number.POSITIVE_INFINITY
  const consider = (moment: number) => {
    if (moment > at && moment < until) until = moment
  }
  for (const story of stories) if (story.embargo) consider(Date.parse(story.embargo.until))
  const days = new Set<string>()
  for (const story of plan.stories) {
    const filed = plan.links[story.permalink]?.filed
    if (filed !== undefined) days.add(filed)
    const interval = publicationInterval(story)
    if (interval) {
      consider(interval.start)
      consider(interval.end + newsWindowMs)
    }
  }
  // An age banner changes 30 days after filing, then every month for a year, then every year.
  for (const day of days) {
    const start = dayStart(day)
    if (Number.isNaN(start)) continue
    const { years, months } = at < start ? { years: 0, months: 0 } : wholeYearsAndMonths(start, at)
    if (years >= 1) consider(plusMonths(start, (years + 1) * 12))
    else {
      consider(start + 30 * dayMs)
      consider(plusMonths(start, months + 1))
    }
  }
  return until === Number.POSITIVE_INFINITY ? null : until
}

/** Plan the archive from stories sorted newest first. */
export function planArchive(newestFirst: readonly Story[], options: Readonly<PlanOptions>): ArchivePlan {
  const now = options.now ?? buildTime()
  // Drafts are written but not published unless asked for; an embargoed
  // story has no page, no listing, no feed entry and no link until it lifts.
  const candidates = newestFirst.filter((story) => options.drafts === true || !story.draft)
  const held = candidates.filter((story) => isEmbargoed(story, now))
  const released = candidates.filter((story) => !isEmbargoed(story, now))
  // A withdrawn story leaves only a notice at its address.
  const killed = released.filter((story) => story.kill)
  const stories = linkRelated(released.filter((story) => !story.kill), [...held, ...killed])
  const sections = namedPages(stories, 'section', options.pageSize)
  const tags = namedPages(stories, 'tag', options.pageSize)
  const listings = [
    ...storyPages('/', 'home', 'Latest stories', null, stories, options.pageSize),
    ...periodPages(stories, 4, options.pageSize),
    ...periodPages(stories, 7, options.pageSize),
    ...periodPages(stories, 10, options.pageSize),
    ...sections.pages,
    ...tags.pages,
  ]
  const names = namesByAlias(options.aliases)
  const people = peopleOf(stories, names)
  const links: ArchivePlan['links'] = {}
  stories.forEach((story, index) => {
    const newer = stories[index - 1]
    const older = stories[index + 1]
    const day = filedDate(story)
    links[story.permalink] = {
      previous: older ? { url: older.permalink, label: older.headline } : null,
      next: newer ? { url: newer.permalink, label: newer.headline } : null,
      day: { url: periodUrl(day), label: periodLabel(day) },
      filed: day,
      year: day.slice(0, 4),
      from: story.source?.name ?? story.credit,
      section: story.section === null || slugify(story.section) === '' ? null : { url: `/sections/${slugify(story.section)}/`, label: story.section },
      tags: story.tags.filter((tag) => slugify(tag) !== '').map((tag) => ({ url: `/tags/${slugify(tag)}/`, label: tag })),
      people: Object.fromEntries(story.quotes.flatMap((quote) => {
        const page = quote.speaker === null ? undefined : personUrl(quote.speaker, names)
        return page === undefined || quote.speaker === null ? [] : [[quote.speaker, page]]
      })),
      age: storyAge(day, now),
    }
  })
  const credits = new Map<string, ArchivePlan['credits'][number]>()
  for (const story of stories) {
    if (story.license === null) continue
    const source = story.source?.name ?? 'other sources'
    credits.set(`${source}\n${story.license.url}`, { source, license: story.license.name, licenseUrl: story.license.url })
  }
  const years = listings.filter((listing) => listing.kind === 'year').map((listing) => ({
    url: listing.url, label: listing.heading, count: listing.groups.reduce((sum, group) => sum + group.count, 0),
  }))
  const planned = { stories, listings, tags: tags.counts, sections: sections.counts, people, years, credits: [...credits.values()], links }
  return {
    ...planned,
    ...planFeeds(planned, now),
    held: held.map((story) => ({
      file: story.file,
      permalink: story.permalink,
      until: story.embargo?.until ?? '',
      untilText: formatStoryTime({ text: null, iso: story.embargo?.until ?? null, zone: story.embargo?.zone ?? null, hasTime: true }, 'until')?.text ?? '',
    })),
    withdrawn: killed.map((story) => ({
      url: story.permalink,
      headline: story.headline,
      reasons: story.notices.filter((notice) => notice.kind === 'kill').map((notice) => notice.text),
      filed: periodLabel(filedDate(story)),
      date: filedDate(story),
    })),
    redirects: [...stories, ...killed]
      .flatMap((story) => story.aliases.map((from) => ({ from, to: story.permalink })))
      .sort((a, b) => collate(a.from, b.from)),
  }
}

/** A moment written as ISO 8601 with its offset (`2012-07-07T00:05Z`), or null when it is not one. */
export function parseMoment(value: string): Date | null {
  const moment = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/i.test(value) ? new Date(value) : null
  return moment === null || Number.isNaN(moment.getTime()) ? null : moment
}

/**
 * The build time: `MORGUE_NOW` (an ISO 8601 date-time with its offset) when
 * set, so a build of the past can be reproduced; else the current time.
 */
export function buildTime(env: NodeJS.ProcessEnv = process.env): Date {
  const value = env.MORGUE_NOW
  if (value === undefined || value === '') return new Date()
  const moment = parseMoment(value)
  if (moment === null) throw new SiteConfigError('MORGUE_NOW', `\`${value}\` is not a date-time with an offset: set it like 2012-07-08T12:00:00Z, or unset it to build as of now`)
  return moment
}

/** The feeds, sitemaps and news-sitemap stories of a planned archive, as of `now`. */
export function planFeeds(plan: Pick<ArchivePlan, 'stories' | 'listings' | 'sections' | 'people'>, now: Date): Pick<ArchivePlan, 'feeds' | 'sitemaps' | 'newsStories'> {
  const { stories } = plan
  const sectionUrl = (story: Story) => (story.section === null ? null : `/sections/${slugify(story.section)}/`)
  const feeds = [
    feedOf(stories, { path: '/', pageUrl: '/', section: null }, now),
    ...plan.sections.map((section) => feedOf(stories.filter((story) => sectionUrl(story) === section.url), { path: section.url, pageUrl: section.url, section: section.label }, now)),
  ]
  // Every page a reader should find; not the 404 page, feeds or search results.
  const pages: SitemapUrl[] = [
    ...plan.listings.map((listing) => ({ url: listing.url, lastmod: null })),
    ...['/sections/', '/tags/', '/quotes/'].map((url) => ({ url, lastmod: null })),
    ...plan.people.map((person) => ({ url: person.url, lastmod: null })),
    ...stories.map((story) => ({ url: story.permalink, lastmod: sitemapDate(lastModified(story)) ?? sitemapDate(story.published) })),
  ]
  return { feeds, sitemaps: sitemapDocuments(pages), newsStories: newsStories(stories, now).flatMap((story) => newsEntry(story) ?? []) }
}

/** The addresses of the stories some feed lists: feeds carry the whole article. */
export function feedUrls(plan: Readonly<Pick<ArchivePlan, 'feeds'>>): Set<string> {
  return new Set(plan.feeds.flatMap((feed) => feed.entries.map((entry) => entry.url)))
}

/**
 * Whether two versions of a story differ at most in their body: everything
 * else (headline, dates, description, tags, section, quotes, related links,
 * notices, permalink, where each field was written) is what other pages may
 * show of it, in listings, person pages, related links and sitemaps. Feeds
 * carry the whole article, so a story in a feed is never shown by its page alone.
 */
export function differsOnlyInBody(before: Readonly<Story>, after: Readonly<Story>): boolean {
  return JSON.stringify({ ...before, body: [] }) === JSON.stringify({ ...after, body: [] })
}

/**
 * Whether a new version of a story keeps its place in the archive: the same
 * address, times, section, tags, sources, related links, quoted people and
 * state (draft, embargo, withdrawn). Its own page's links (neighbours, day,
 * tags, people pages, age banner) and what every page shows (years, credits)
 * are then those of the old plan, so its page can be written before the
 * archive is planned again; other pages may still show its headline or lede.
 */
export function keepsItsPlace(before: Readonly<Story>, after: Readonly<Story>): boolean {
  const place = (story: Readonly<Story>) => JSON.stringify([
    story.permalink, story.published, story.updated, story.draft, story.kill, story.embargo, story.section, story.tags,
    story.source, story.credit, story.license, story.related, story.quotes.map((quote) => quote.speaker),
  ])
  return place(before) === place(after)
}
