/**
 * The renderer: a `Story` in, everything a page shows out. It knows nothing
 * of files or of Eleventy; templates lay out what it returns.
 */
import { storyKey } from '../load/story-keys.ts'
import type { Block, NoticeKind, Quote, Story } from '../load/story.ts'
import { renderMarkdown } from './markdown.ts'
import { newsArticle, openGraph, scriptJson, type MetaProperty } from './metadata.ts'
import { formatStoryTime, instantOf, type TimeView } from './times.ts'
import { absoluteUrl, type SiteConfig } from './site.ts'

export { defaultSite, absoluteUrl, type SiteConfig } from './site.ts'
export type { TimeView } from './times.ts'

/** A story's quotes, grouped by who said them, in order of first appearance. */
export interface SpeakerQuotes {
  /** The speaker's name, or null for unnamed sources. */
  speaker: string | null
  quotes: Quote[]
}

/** A correction, clarification or editor's note as readers see it. */
export interface NoticeView {
  kind: Exclude<NoticeKind, 'kill'>
  /** `Correction`, `Clarification`, `Editor's note`. */
  label: string
  /** The notice without its label, which the page shows on its own. */
  text: string
  time: TimeView | null
}

/** One entry of the update history as readers see it. */
export interface UpdateView {
  time: TimeView
  text: string
}

/** Everything an article page shows. */
export interface ArticleView {
  story: Story
  canonical: string
  published: TimeView | null
  updated: TimeView | null
  ledeHtml: string
  bodyHtml: string
  speakers: SpeakerQuotes[]
  /** Corrections, clarifications and editor's notes, newest first (undated ones last, in story order). */
  notices: NoticeView[]
  /** The update history, newest first. */
  updates: UpdateView[]
  openGraph: MetaProperty[]
  /** The `NewsArticle` JSON-LD, escaped for a script element. */
  jsonLd: string
}

/** A story as a list of stories shows it. */
export interface ListingView {
  url: string
  headline: string
  credit: string | null
  time: TimeView | null
  lede: string
  /** Where a licensed story comes from, to credit it wherever it is shown. */
  attribution: { source: string; url: string | null; license: string; licenseUrl: string } | null
}

/** Group quotes by speaker, keeping the order in which speakers first speak. */
export function groupBySpeaker(quotes: readonly Quote[]): SpeakerQuotes[] {
  const groups: SpeakerQuotes[] = []
  for (const quote of quotes) {
    const group = groups.find((candidate) => candidate.speaker === quote.speaker)
    if (group) group.quotes.push(quote)
    else groups.push({ speaker: quote.speaker, quotes: [quote] })
  }
  return groups
}

/** The time a listing shows: the latest the story gives. */
function latestTime(story: Story): TimeView | null {
  return story.updated?.iso ? formatStoryTime(story.updated, 'Updated') : formatStoryTime(story.published, 'Published')
}

/** A bare publication date adds nothing beside an update time of the same day. */
function publishedWorthShowing(story: Story): boolean {
  const published = story.published
  if (!published?.iso) return false
  if (published.hasTime || !story.updated?.iso) return true
  return !story.updated.iso.startsWith(published.iso)
}

const noticeLabels: Readonly<Record<NoticeView['kind'], string>> = {
  correction: 'Correction',
  clarification: 'Clarification',
  'editors-note': 'Editor’s note',
}

/** A notice's own label at its start (`CORRECTION:`, `Editor's Note —`), shown separately. */
const leadingLabel = /^(?:corrections?|clarifications?|editor[’']?s[’']?\s+note)\s*(?::|—|–|--|-)\s*/i

/** The story's notices for readers: kill advisories are not shown on a live page (a killed story has none). */
export function noticeViews(story: Story): NoticeView[] {
  const views = story.notices.flatMap((notice, index) => {
    if (notice.kind === 'kill') return []
    const text = notice.text.replace(leadingLabel, '')
    const view: NoticeView = { kind: notice.kind, label: noticeLabels[notice.kind], text: text === '' ? notice.text : text, time: formatStoryTime(notice.time, 'Issued') }
    return [{ view, index, at: notice.time?.iso ? instantOf(notice.time) : Number.NEGATIVE_INFINITY }]
  })
  return views.sort((a, b) => b.at - a.at || a.index - b.index).map(({ view }) => view)
}

/** The update history for readers, newest first. */
export function updateViews(story: Story): UpdateView[] {
  return story.updates.flatMap((update) => {
    const time = formatStoryTime(update.time, 'Updated')
    return time ? [{ time, text: update.text }] : []
  })
}

/** A story's lede and body as HTML. */
export interface ArticleHtml {
  ledeHtml: string
  bodyHtml: string
}

/**
 * HTML rendered in a worker thread, by the key its story was loaded under,
 * until a page uses it (see `recentHtml` after that).
 */
const rememberedHtml = new Map<string, ArticleHtml>()

/**
 * HTML rendered or used here lately, oldest first, by the key the story was
 * loaded under (copies of a story share it), else by its body: a story's page
 * and its feed entries render it once, without every story's HTML staying in
 * memory.
 */
const recentHtml = new Map<string | readonly Block[], ArticleHtml>()
const recentLimit = 1024

/** HTML rendered by an earlier build, by the key its story was loaded under (see `useKeptHtml`). */
let keptHtml: ReadonlyMap<string, ArticleHtml> = new Map()

/**
 * A story's lede and body as HTML, rendered the same way wherever they are
 * shown, once per story. HTML known by the story's key is used without
 * reading the body, which the story cache may have to read from disk.
 */
export function articleHtml(story: Story): ArticleHtml {
  const key = storyKey(story)
  const known = recentHtml.get(key ?? story.body)
  if (known) return known
  let html = key === undefined ? undefined : (rememberedHtml.get(key) ?? keptHtml.get(key))
  if (key !== undefined) rememberedHtml.delete(key)
  if (!html) {
    const [lede, ...rest] = story.body
    html = {
      ledeHtml: lede ? renderMarkdown(lede.markdown) : '',
      bodyHtml: renderMarkdown(rest.map((block) => block.markdown).join('\n\n')),
    }
  }
  recentHtml.set(key ?? story.body, html)
  if (recentHtml.size > recentLimit) recentHtml.delete(recentHtml.keys().next().value as string | readonly Block[])
  return html
}

/** Use HTML an earlier build rendered, by the key each story was loaded under (see build/html-cache.ts). */
export function useKeptHtml(kept: ReadonlyMap<string, ArticleHtml>): void {
  keptHtml = kept
}

/** Remember HTML rendered in a worker thread for the story loaded under `key`. */
export function rememberArticleHtml(key: string, html: ArticleHtml): void {
  rememberedHtml.set(key, html)
}

/** Render a story for its article page. */
export function renderArticle(story: Story, site: Readonly<SiteConfig>): ArticleView {
  return {
    story,
    canonical: absoluteUrl(site, story.permalink),
    published: publishedWorthShowing(story) ? formatStoryTime(story.published, 'Published') : null,
    // A story never updated after it was published shows one time.
    updated: story.updated?.iso === story.published?.iso ? null : formatStoryTime(story.updated, 'Updated'),
    ...articleHtml(story),
    speakers: groupBySpeaker(story.quotes),
    notices: noticeViews(story),
    updates: updateViews(story),
    openGraph: openGraph(story, site),
    jsonLd: scriptJson(newsArticle(story, site)),
  }
}

/** Render a story for a list of stories. */
export function renderListing(story: Story): ListingView {
  // A story is listed on many pages (the home page, its day, month, year, section and tags): render it once.
  const known = listingViews.get(story)
  if (known) return known
  const view = listingView(story)
  listingViews.set(story, view)
  return view
}

const listingViews = new WeakMap<Story, ListingView>()

function listingView(story: Story): ListingView {
  const attribution = story.license
    ? { source: story.source?.name ?? 'its source', url: story.source?.url ?? null, license: story.license.name, licenseUrl: story.license.url }
    : null
  return { url: story.permalink, headline: story.headline, credit: story.credit, time: latestTime(story), lede: story.lede, attribution }
}
