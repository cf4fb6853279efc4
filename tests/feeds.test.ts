import { access, cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { load } from 'cheerio'
import { Eleventy, type UserConfig } from '@11ty/eleventy'
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildSite, readSiteConfig } from '../src/build/index.ts'
import { morguePlugin } from '../src/build/eleventy-plugin.ts'
import { pagesDirectory } from '../src/build/eleventy-plugin.ts'
import { buildTime, planArchive, type ArchivePlan } from '../src/build/plan.ts'
import { slugify } from '../src/load/index.ts'
import type { Story, StoryTime } from '../src/load/story.ts'
import { feedDateTime, feedOf, newsStories, sitemapDate, sitemapDocuments, type SitemapUrl } from '../src/render/feeds.ts'
import { renderArticle, type SiteConfig } from '../src/render/index.ts'
import { makeStory } from './support/story.ts'

// ---------------------------------------------------------------------------
// Reading what the build wrote

interface AtomLink { '@_rel': string; '@_href': string }
interface AtomPerson { name: string; uri?: string }
interface AtomEntry {
  id: string
  title: string
  link: AtomLink[]
  published: string
  updated: string
  author?: AtomPerson[]
  category?: Array<{ '@_term': string }>
  rights?: string
  summary: string
  content: { '#text': string; '@_type': string }
}
interface AtomFeed { feed: { '@_xmlns': string; id: string; title: string; updated: string; link: AtomLink[]; author: AtomPerson[]; entry?: AtomEntry[] } }

interface RssItem {
  title: string
  link: string
  guid: { '#text': string; '@_isPermaLink': string }
  pubDate: string
  'dcterms:modified': string
  'dc:creator'?: string[]
  category?: string[]
  description: string
  'content:encoded': string
}
interface RssFeed { rss: { '@_version': string; channel: { title: string; link: string; description: string; lastBuildDate: string; item?: RssItem[] } } }

interface JsonFeedItem {
  id: string
  url: string
  title: string
  summary: string
  content_html: string
  date_published: string
  date_modified: string
  authors?: Array<{ name: string; url?: string }>
  tags: string[]
}
interface JsonFeed { version: string; title: string; home_page_url: string; feed_url: string; items: JsonFeedItem[] }

interface UrlSet { urlset: { url?: Array<{ loc: string; lastmod?: string; 'news:news'?: NewsTag }> } }
interface NewsTag { 'news:publication': { 'news:name': string; 'news:language': string }; 'news:publication_date': string; 'news:title': string }
interface SitemapIndex { sitemapindex: { sitemap: Array<{ loc: string }> } }

const repeated = new Set([
  'feed.link', 'feed.author', 'feed.entry', 'feed.entry.link', 'feed.entry.author', 'feed.entry.category',
  'rss.channel.item', 'rss.channel.item.dc:creator', 'rss.channel.item.category',
  'urlset.url', 'sitemapindex.sitemap',
])
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  // Decodes character references (`&#39;`); expectWellFormed refuses the HTML-only named ones.
  htmlEntities: true,
  isArray: (_name, jpath) => repeated.has(String(jpath)),
})

/** XML 1.0 as strict as a feed reader: fast-xml-parser's validator, plus no entity XML does not define and no character XML forbids. */
function expectWellFormed(xml: string): void {
  expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n')).toBe(true)
  expect(XMLValidator.validate(xml)).toBe(true)
  expect(xml.match(/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)[^;\s]*;?/g) ?? []).toEqual([])
  expect(xml.match(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g) ?? []).toEqual([])
}

async function readXml<T>(site: string, file: string): Promise<T> {
  const xml = await readFile(path.join(site, file), 'utf8')
  expectWellFormed(xml)
  return parser.parse(xml) as T
}

async function readJson<T>(site: string, file: string): Promise<T> {
  return JSON.parse(await readFile(path.join(site, file), 'utf8')) as T
}

const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:Z|[+-]\d{2}:\d{2})$/
const rfc822 = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$/

/** Site-relative paths of every HTML page in a built site, as URLs (`/2012/`, `/404.html`). */
async function builtPages(site: string): Promise<string[]> {
  const files = await readdir(site, { recursive: true })
  return files.filter((file) => file.endsWith('.html')).map((file) => `/${file.split(path.sep).join('/')}`.replace(/index\.html$/, '')).sort()
}

/** The file an absolute URL of the site is served from. */
function fileOf(site: string, siteUrl: string, url: string): string {
  expect(url.startsWith(`${siteUrl}/`)).toBe(true)
  const local = url.slice(siteUrl.length)
  return path.join(site, local.endsWith('/') ? `${local}index.html` : local)
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(() => true, () => false)
}

/** The HTML a feed must carry for a story: the article's lede and body, then the licence credit. */
function expectedContent(story: Story, site: SiteConfig): string {
  const article = renderArticle(story, site)
  const credit = story.license && story.source?.url
    ? `<p>Source: <a href="${story.source.url}">${story.source.name}</a>, published under <a rel="license" href="${story.license.url}">${story.license.name}</a>.</p>`
    : null
  return [article.ledeHtml, article.bodyHtml, credit].filter((part) => part !== null && part !== '').join('\n')
}

function paragraphs(html: string): string[] {
  const $ = load(html)
  return $('p').map((_, element) => $(element).text()).get()
}

async function withNow<T>(now: string, build: () => Promise<T>): Promise<T> {
  const before = process.env.MORGUE_NOW
  process.env.MORGUE_NOW = now
  try {
    return await build()
  } finally {
    if (before === undefined) delete process.env.MORGUE_NOW
    else process.env.MORGUE_NOW = before
  }
}

// ---------------------------------------------------------------------------
// The sample archive, built once

const root = process.cwd()
/** Just after the newest sample story (2023-02-23, a bare date): the day after, 1 a.m. UTC. */
const sampleNow = '2023-02-24T01:00:00Z'
let tmp: string
let out: string
let site: SiteConfig
let stories: Story[]

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'morgue-feeds-'))
  out = path.join(tmp, 'site')
  const result = await withNow(sampleNow, () => buildSite({ root, outDir: out }))
  expect(result.ok).toBe(true)
  site = await readSiteConfig(root)
  stories = result.stories
})

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true })
})

const absolute = (story: Story) => `${site.url}${story.permalink}`
const seed = () => stories.find((story) => story.permalink === '/2012/07/06/manaf-tlass-defects/') as Story

describe('the Atom feed /feed.xml', () => {
  it('should have the id, title, updated time, links and author RFC 4287 asks for', async () => {
    const { feed } = await readXml<AtomFeed>(out, 'feed.xml')
    expect(feed['@_xmlns']).toBe('http://www.w3.org/2005/Atom')
    expect(feed.id).toBe('http://localhost:8080/feed.xml')
    expect(feed.title).toBe('Morgue')
    expect(feed.link).toEqual([
      { '@_rel': 'self', '@_type': 'application/atom+xml', '@_href': 'http://localhost:8080/feed.xml' },
      { '@_rel': 'alternate', '@_type': 'text/html', '@_href': 'http://localhost:8080/' },
    ])
    expect(feed.author).toEqual([{ name: 'Morgue', uri: 'http://localhost:8080/' }])
  })

  it('should be updated when its newest story was', async () => {
    const { feed } = await readXml<AtomFeed>(out, 'feed.xml')
    expect(feed.updated).toBe('2023-02-23T12:00:00Z')
    expect(feed.updated).toBe(feed.entry?.[0]?.updated)
  })

  it('should list the newest 50 stories, newest first, by their absolute URLs', async () => {
    const { feed } = await readXml<AtomFeed>(out, 'feed.xml')
    expect(stories.length).toBeLessThanOrEqual(50)
    expect(feed.entry?.map((entry) => entry.id)).toEqual(stories.slice(0, 50).map(absolute))
    expect(feed.entry?.map((entry) => entry.title)).toEqual(stories.slice(0, 50).map((story) => story.headline))
  })

  it('should link every entry to its page in the output', async () => {
    const { feed } = await readXml<AtomFeed>(out, 'feed.xml')
    for (const entry of feed.entry ?? []) {
      expect(entry.link).toEqual([{ '@_rel': 'alternate', '@_type': 'text/html', '@_href': entry.id }])
      expect(await exists(fileOf(out, site.url, entry.id))).toBe(true)
    }
  })

  it('should give every entry RFC 3339 times, a summary and the full story as escaped HTML', async () => {
    const { feed } = await readXml<AtomFeed>(out, 'feed.xml')
    const byUrl = new Map(stories.map((story) => [absolute(story), story]))
    for (const entry of feed.entry ?? []) {
      const story = byUrl.get(entry.id) as Story
      expect(entry.published).toMatch(rfc3339)
      expect(entry.updated).toMatch(rfc3339)
      expect(entry.summary).toBe(story.description)
      expect(entry.content['@_type']).toBe('html')
      expect(entry.content['#text']).toBe(expectedContent(story, site))
    }
  })

  it('should keep the seed story’s update time as written and date its bare publication day at noon UTC', async () => {
    const { feed } = await readXml<AtomFeed>(out, 'feed.xml')
    const entry = feed.entry?.find((candidate) => candidate.id === absolute(seed()))
    expect(entry?.published).toBe('2012-07-06T12:00:00Z')
    expect(entry?.updated).toBe('2012-07-06T11:59:00-04:00')
    expect(entry?.author).toEqual([{ name: 'CBS News', uri: 'https://www.cbsnews.com/' }, { name: 'The Associated Press', uri: 'https://apnews.com/' }])
    expect(entry?.category?.map((category) => category['@_term'])).toEqual(['World', 'Syria', 'Middle East', 'Defections'])
    expect(paragraphs(entry?.content['#text'] ?? '')).toHaveLength(20)
  })

  it('should credit a licensed story’s source and licence in its rights and its content', async () => {
    const { feed } = await readXml<AtomFeed>(out, 'feed.xml')
    const entry = feed.entry?.[0]
    expect(entry?.rights).toBe('Wikinews, published under CC BY 2.5 (https://creativecommons.org/licenses/by/2.5/)')
    expect(paragraphs(entry?.content['#text'] ?? '').at(-1)).toBe('Source: Wikinews, published under CC BY 2.5.')
  })
})

describe('the RSS feed /rss.xml', () => {
  it('should have the channel title, link and description RSS 2.0 asks for', async () => {
    const { rss } = await readXml<RssFeed>(out, 'rss.xml')
    expect(rss['@_version']).toBe('2.0')
    expect(rss.channel.title).toBe('Morgue')
    expect(rss.channel.link).toBe('http://localhost:8080/')
    expect(rss.channel.description).toBe('An archive of wire stories.')
    expect(rss.channel.lastBuildDate).toBe('Thu, 23 Feb 2023 12:00:00 +0000')
  })

  it('should list the same stories, newest first, each with a permalink guid', async () => {
    const { rss } = await readXml<RssFeed>(out, 'rss.xml')
    const items = rss.channel.item ?? []
    expect(items.map((item) => item.link)).toEqual(stories.slice(0, 50).map(absolute))
    for (const item of items) {
      expect(item.guid).toEqual({ '#text': item.link, '@_isPermaLink': 'true' })
      expect(item.pubDate).toMatch(rfc822)
      expect(item['dcterms:modified']).toMatch(rfc3339)
      expect(await exists(fileOf(out, site.url, item.link))).toBe(true)
    }
  })

  it('should give the seed story’s dates in RFC 822, its credit, categories and full content', async () => {
    const { rss } = await readXml<RssFeed>(out, 'rss.xml')
    const item = rss.channel.item?.find((candidate) => candidate.link === absolute(seed()))
    expect(item?.pubDate).toBe('Fri, 06 Jul 2012 12:00:00 +0000')
    expect(item?.['dcterms:modified']).toBe('2012-07-06T11:59:00-04:00')
    expect(item?.['dc:creator']).toEqual(['CBS News', 'The Associated Press'])
    expect(item?.category).toEqual(['World', 'Syria', 'Middle East', 'Defections'])
    expect(item?.description).toBe(seed().description)
    expect(item?.['content:encoded']).toBe(expectedContent(seed(), site))
  })
})

describe('the JSON Feed /feed.json', () => {
  it('should be JSON Feed 1.1 with a title and its own address', async () => {
    const feed = await readJson<JsonFeed>(out, 'feed.json')
    expect(feed.version).toBe('https://jsonfeed.org/version/1.1')
    expect(feed.title).toBe('Morgue')
    expect(feed.home_page_url).toBe('http://localhost:8080/')
    expect(feed.feed_url).toBe('http://localhost:8080/feed.json')
  })

  it('should list the same stories, newest first, with id, url, content_html and RFC 3339 dates', async () => {
    const feed = await readJson<JsonFeed>(out, 'feed.json')
    expect(feed.items.map((item) => item.id)).toEqual(stories.slice(0, 50).map(absolute))
    for (const [index, item] of feed.items.entries()) {
      const story = stories[index] as Story
      expect(item.url).toBe(item.id)
      expect(item.title).toBe(story.headline)
      expect(item.summary).toBe(story.description)
      expect(item.content_html).toBe(expectedContent(story, site))
      expect(item.date_published).toMatch(rfc3339)
      expect(item.date_modified).toMatch(rfc3339)
      expect(await exists(fileOf(out, site.url, item.url))).toBe(true)
    }
  })

  it('should give the seed story its authors, tags and times', async () => {
    const feed = await readJson<JsonFeed>(out, 'feed.json')
    const item = feed.items.find((candidate) => candidate.id === absolute(seed()))
    expect(item?.authors).toEqual([{ name: 'CBS News', url: 'https://www.cbsnews.com/' }, { name: 'The Associated Press', url: 'https://apnews.com/' }])
    expect(item?.tags).toEqual(['World', 'Syria', 'Middle East', 'Defections'])
    expect(item?.date_published).toBe('2012-07-06T12:00:00Z')
    expect(item?.date_modified).toBe('2012-07-06T11:59:00-04:00')
  })
})

describe('the section feeds', () => {
  it('should exist in all three formats for every section, and for no other folder', async () => {
    const sections = [...new Set(stories.flatMap((story) => (story.section === null ? [] : [slugify(story.section)])))].sort()
    expect(sections).toEqual(['world'])
    const built = (await readdir(path.join(out, 'sections'), { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort()
    expect(built).toEqual(sections)
    for (const section of sections) {
      const files = (await readdir(path.join(out, 'sections', section))).filter((file) => file !== 'index.html' && file !== 'page').sort()
      expect(files).toEqual(['feed.json', 'feed.xml', 'rss.xml'])
    }
  })

  it('should list exactly the section’s stories, newest first, in every format', async () => {
    const world = stories.filter((story) => story.section === 'World').map(absolute)
    expect(world).toEqual(['http://localhost:8080/2012/07/06/manaf-tlass-defects/'])
    const atom = await readXml<AtomFeed>(out, 'sections/world/feed.xml')
    const rss = await readXml<RssFeed>(out, 'sections/world/rss.xml')
    const json = await readJson<JsonFeed>(out, 'sections/world/feed.json')
    expect(atom.feed.entry?.map((entry) => entry.id)).toEqual(world)
    expect(rss.rss.channel.item?.map((item) => item.link)).toEqual(world)
    expect(json.items.map((item) => item.id)).toEqual(world)
  })

  it('should name the section and link to its page and to itself', async () => {
    const { feed } = await readXml<AtomFeed>(out, 'sections/world/feed.xml')
    expect(feed.title).toBe('Morgue · World')
    expect(feed.id).toBe('http://localhost:8080/sections/world/feed.xml')
    expect(feed.updated).toBe('2012-07-06T11:59:00-04:00')
    expect(feed.link.map((link) => link['@_href'])).toEqual(['http://localhost:8080/sections/world/feed.xml', 'http://localhost:8080/sections/world/'])
  })
})

describe('the sitemap /sitemap.xml', () => {
  /** Built pages a search engine should not be sent to: the error page and search results. */
  const notForSearchEngines = ['/404.html', '/search/']

  it('should list every built page a reader should find, once, by absolute URL', async () => {
    const { urlset } = await readXml<UrlSet>(out, 'sitemap.xml')
    const listed = (urlset.url ?? []).map((url) => url.loc)
    expect(new Set(listed).size).toBe(listed.length)
    const pages = (await builtPages(out)).filter((page) => !notForSearchEngines.includes(page))
    expect([...listed].sort()).toEqual(pages.map((page) => `${site.url}${page}`).sort())
    for (const expected of ['/', '/page/2/', '/2012/', '/2012/07/', '/2012/07/06/', '/sections/', '/sections/world/', '/tags/', '/tags/syria/', '/quotes/', '/people/john-kirby/', '/2012/07/06/manaf-tlass-defects/']) {
      expect(listed).toContain(`${site.url}${expected}`)
    }
  })

  it('should give story pages the story’s update time, else its publication date, and no other page a lastmod', async () => {
    const { urlset } = await readXml<UrlSet>(out, 'sitemap.xml')
    const lastmods = Object.fromEntries((urlset.url ?? []).filter((url) => url.lastmod !== undefined).map((url) => [url.loc, url.lastmod]))
    expect(lastmods).toEqual(Object.fromEntries(stories.map((story) => [absolute(story), story.updated?.iso ?? story.published?.iso])))
    expect(lastmods[absolute(seed())]).toBe('2012-07-06T11:59:00-04:00')
  })
})

describe('the Google News sitemap /news-sitemap.xml', () => {
  it('should hold exactly the stories of the two days before MORGUE_NOW', async () => {
    const { urlset } = await readXml<UrlSet>(out, 'news-sitemap.xml')
    expect(urlset.url).toEqual([
      {
        loc: 'http://localhost:8080/2023/02/23/reports-streamlined-uk-asylum-process-to-replace-interview/',
        'news:news': {
          'news:publication': { 'news:name': 'Morgue', 'news:language': 'en' },
          'news:publication_date': '2023-02-23',
          'news:title': "Reports: 'streamlined' UK asylum process to replace interview with questionnaire for five nationalities",
        },
      },
    ])
  })

  it('should declare the sitemap and news namespaces', async () => {
    const { urlset } = await readXml<{ urlset: Record<string, string> }>(out, 'news-sitemap.xml')
    expect(urlset['@_xmlns']).toBe('http://www.sitemaps.org/schemas/sitemap/0.9')
    expect(urlset['@_xmlns:news']).toBe('http://www.google.com/schemas/sitemap-news/0.9')
  })
})

// ---------------------------------------------------------------------------
// A small archive written to test what the sample does not have: a path
// prefix, links in story text, hostile headlines, timed stories, two
// sections, and stories on both sides of the news window.

describe('a build with links, hostile text, a path prefix and timed stories', () => {
  let project: string
  let built: string
  const base = 'https://news.example.org/morgue'
  const hostile = 'Evil ]]> </title> & "quotes" \'apos\' <!-- &nbsp; \u0001bell'

  beforeAll(async () => {
    project = await mkdtemp(path.join(tmpdir(), 'morgue-feeds-fixture-'))
    built = path.join(project, '_site')
    await cp('templates', path.join(project, 'templates'), { recursive: true })
    await cp('public', path.join(project, 'public'), { recursive: true })
    await mkdir(path.join(project, 'content/_data'), { recursive: true })
    await writeFile(path.join(project, 'content/_data/site.json'), JSON.stringify({ title: 'Wire & Co', url: base, lang: 'en-GB', publisher: { name: 'Wire & Co <News>', url: null } }))
    const story = (file: string, text: string) => writeFile(path.join(project, 'content', file), text)
    await story('a.md', [
      '---',
      'date: 2024-03-01T09:30:00+01:00',
      'updated: 2024-03-01T18:45:00+01:00',
      `title: "${hostile.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace('\u0001', '\\x01')}"`,
      'section: Business',
      'tags: [Markets, "R&D", business]',
      '---',
      'Lede with a [relative link](other/), a [root link](/2024/02/29/b/), an [anchor](#end) and an [outside link](https://example.com/x?a=1&b=2).',
      '',
      '![A chart](chart.png)',
      '',
      'The body goes on.',
      '',
    ].join('\n'))
    await story('b.md', '---\ndate: 2024-02-29\nsection: Business\n---\nSecond business story\n\nBy Jane Doe\n\nIts lede.\n')
    await story('c.md', '---\ndate: 2024-02-28\nupdated: 2024-02-28T05:00:00-05:00\nsection: Sport\n---\nAn early update\n\nIts lede.\n')
    await story('d.md', '---\ndate: 2024-03-05T08:00:00Z\n---\nA story dated after the build\n\nIts lede.\n')
    const result = await withNow('2024-03-02T06:00:00Z', () => buildSite({ root: project }))
    expect(result.ok).toBe(true)
  })

  afterAll(async () => {
    await rm(project, { recursive: true, force: true })
  })

  const url = (permalink: string) => `${base}${permalink}`

  it('should write feeds a strict XML reader accepts, the hostile headline kept but for the character XML forbids', async () => {
    const { feed } = await readXml<AtomFeed>(built, 'feed.xml')
    const { rss } = await readXml<RssFeed>(built, 'rss.xml')
    const json = await readJson<JsonFeed>(built, 'feed.json')
    const { urlset } = await readXml<UrlSet>(built, 'news-sitemap.xml')
    const title = hostile.replace('\u0001', '')
    expect(feed.entry?.[1]?.title).toBe(title)
    expect(rss.channel.item?.[1]?.title).toBe(title)
    expect(json.items[1]?.title).toBe(title)
    expect(urlset.url?.[0]?.['news:news']?.['news:title']).toBe(title)
    expect(feed.title).toBe('Wire & Co')
    expect(feed.author).toEqual([{ name: 'Wire & Co <News>' }])
  })

  it('should make every link in the content absolute, under the path prefix', async () => {
    const { feed } = await readXml<AtomFeed>(built, 'feed.xml')
    const json = await readJson<JsonFeed>(built, 'feed.json')
    for (const html of [feed.entry?.[1]?.content['#text'] ?? '', json.items[1]?.content_html ?? '']) {
      const $ = load(html)
      expect($('a').map((_, element) => $(element).attr('href')).get()).toEqual([
        url('/2024/03/01/a/other/'),
        url('/2024/02/29/b/'),
        url('/2024/03/01/a/#end'),
        'https://example.com/x?a=1&b=2',
      ])
      expect($('img').attr('src')).toBe(url('/2024/03/01/a/chart.png'))
    }
  })

  it('should link entries to pages that exist, under the path prefix', async () => {
    const { feed } = await readXml<AtomFeed>(built, 'feed.xml')
    expect(feed.entry?.map((entry) => entry.id)).toEqual(['/2024/03/05/d/', '/2024/03/01/a/', '/2024/02/29/b/', '/2024/02/28/c/'].map(url))
    for (const entry of feed.entry ?? []) expect(await exists(fileOf(built, base, entry.id))).toBe(true)
  })

  it('should keep times with offsets as written, in both feed forms', async () => {
    const { feed } = await readXml<AtomFeed>(built, 'feed.xml')
    const { rss } = await readXml<RssFeed>(built, 'rss.xml')
    expect(feed.entry?.[1]?.published).toBe('2024-03-01T09:30:00+01:00')
    expect(feed.entry?.[1]?.updated).toBe('2024-03-01T18:45:00+01:00')
    expect(rss.channel.item?.[1]?.pubDate).toBe('Fri, 01 Mar 2024 09:30:00 +0100')
  })

  it('should never date a publication after the story’s update, even a bare day read as noon', async () => {
    const { feed } = await readXml<AtomFeed>(built, 'feed.xml')
    expect(feed.entry?.[3]?.published).toBe('2024-02-28T05:00:00-05:00')
    expect(feed.entry?.[3]?.updated).toBe('2024-02-28T05:00:00-05:00')
  })

  it('should give categories from the section and tags, without repeats', async () => {
    const { feed } = await readXml<AtomFeed>(built, 'feed.xml')
    expect(feed.entry?.[1]?.category?.map((category) => category['@_term'])).toEqual(['Business', 'Markets', 'R&D'])
  })

  it('should credit a byline as the entry’s author', async () => {
    const json = await readJson<JsonFeed>(built, 'feed.json')
    expect(json.items[2]?.authors).toEqual([{ name: 'Jane Doe' }])
  })

  it('should list exactly each section’s stories in its feeds, newest first', async () => {
    const business = await readXml<AtomFeed>(built, 'sections/business/feed.xml')
    const sport = await readJson<JsonFeed>(built, 'sections/sport/feed.json')
    expect(business.feed.entry?.map((entry) => entry.id)).toEqual([url('/2024/03/01/a/'), url('/2024/02/29/b/')])
    expect(business.feed.updated).toBe('2024-03-01T18:45:00+01:00')
    expect(sport.items.map((item) => item.id)).toEqual([url('/2024/02/28/c/')])
    expect(sport.feed_url).toBe(url('/sections/sport/feed.json'))
  })

  it('should put in the news sitemap the stories of the two days before MORGUE_NOW, not those after it', async () => {
    const { urlset } = await readXml<UrlSet>(built, 'news-sitemap.xml')
    expect(urlset.url?.map((entry) => [entry.loc, entry['news:news']?.['news:publication_date']])).toEqual([
      [url('/2024/03/01/a/'), '2024-03-01T09:30:00+01:00'],
      [url('/2024/02/29/b/'), '2024-02-29'],
    ])
    expect(urlset.url?.[0]?.['news:news']?.['news:publication']).toEqual({ 'news:name': 'Wire & Co <News>', 'news:language': 'en' })
  })

  it('should give the sitemap absolute URLs under the path prefix', async () => {
    const { urlset } = await readXml<UrlSet>(built, 'sitemap.xml')
    const listed = (urlset.url ?? []).map((entry) => entry.loc)
    expect(listed).toContain(url('/'))
    expect(listed).toContain(url('/2024/03/01/a/'))
    expect(listed.every((loc) => loc.startsWith(`${base}/`))).toBe(true)
  })
})

// ---------------------------------------------------------------------------
// An archive too big for one sitemap file

/** An Eleventy configuration that takes `plan` as the global data `plan`, whatever the plugin adds. */
function withPlan(config: UserConfig, plan: ArchivePlan): UserConfig {
  return new Proxy(config, {
    get(target, key) {
      if (key === 'addGlobalData') return (name: string, data: unknown) => target.addGlobalData(name, name === 'plan' ? plan : data)
      const value: unknown = Reflect.get(target, key)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}

describe('a sitemap split into an index and its parts', () => {
  let project: string
  let total: number

  beforeAll(async () => {
    project = await mkdtemp(path.join(tmpdir(), 'morgue-sitemap-split-'))
    const sampleSite = await readSiteConfig(root)
    const plan = planArchive(stories, { pageSize: sampleSite.pageSize, aliases: sampleSite.aliases, now: new Date(sampleNow) })
    const single = plan.sitemaps[0]
    if (single?.kind !== 'urlset') throw new Error('the sample archive fits one sitemap file')
    total = single.pages.length
    // The same plan with the split at 90 pages instead of 50,000, so a small
    // archive is written the way a big one would be. Eleventy merges global
    // data added twice, so the plugin's own `plan` is swapped on its way in.
    const split = { ...plan, sitemaps: sitemapDocuments(single.pages, 90) }
    const eleventy = new Eleventy(pagesDirectory(root), project, {
      quietMode: true,
      config: (config) => morguePlugin(withPlan(config, split), { stories, site: sampleSite, root }),
    })
    await eleventy.write()
  })

  afterAll(async () => {
    await rm(project, { recursive: true, force: true })
  })

  it('should write an index at /sitemap.xml pointing at each part, and parts holding every page once', async () => {
    expect(total).toBeGreaterThan(180)
    expect(total).toBeLessThanOrEqual(270)
    const { sitemapindex } = await readXml<SitemapIndex>(project, 'sitemap.xml')
    expect(sitemapindex.sitemap).toEqual([1, 2, 3].map((number) => ({ loc: `http://localhost:8080/sitemaps/${number}.xml` })))
    const parts = await Promise.all([1, 2, 3].map((number) => readXml<UrlSet>(project, `sitemaps/${number}.xml`)))
    expect(parts.map((part) => part.urlset.url?.length)).toEqual([90, 90, total - 180])
    const { urlset } = await readXml<UrlSet>(out, 'sitemap.xml')
    expect(parts.flatMap((part) => part.urlset.url ?? [])).toEqual(urlset.url)
  })
})

// ---------------------------------------------------------------------------
// The pure functions

function time(iso: string | null, hasTime = iso !== null && iso.length > 10): StoryTime {
  return { text: null, iso, zone: null, hasTime }
}

function storyAt(published: string, slug = published): Story {
  return makeStory(`/${slug}/`, { slug, headline: slug, published: time(published) })
}

describe('feedDateTime', () => {
  it('should keep a time’s offset as written', () => {
    expect(feedDateTime(time('2012-07-06T11:59:00-04:00'))).toBe('2012-07-06T11:59:00-04:00')
    expect(feedDateTime(time('2012-07-06T15:59:00Z'))).toBe('2012-07-06T15:59:00Z')
  })

  it('should add the seconds RFC 3339 requires', () => {
    expect(feedDateTime(time('2012-07-06T11:59-04:00'))).toBe('2012-07-06T11:59:00-04:00')
  })

  it('should read a bare date as noon UTC of that day', () => {
    expect(feedDateTime(time('2012-07-06'))).toBe('2012-07-06T12:00:00Z')
  })

  it('should read a time without a zone as noon UTC of its day, since its instant is unknown', () => {
    expect(feedDateTime(time('2012-07-06T23:30:00'))).toBe('2012-07-06T12:00:00Z')
  })

  it('should give null for a time without a date', () => {
    expect(feedDateTime(time(null))).toBeNull()
    expect(feedDateTime(null)).toBeNull()
  })
})

describe('sitemapDate', () => {
  it('should keep a time with an offset as written, and a bare date as a date', () => {
    expect(sitemapDate(time('2012-07-06T11:59:00-04:00'))).toBe('2012-07-06T11:59:00-04:00')
    expect(sitemapDate(time('2012-07-06'))).toBe('2012-07-06')
  })

  it('should give only the day of a time without a zone, since W3C Datetime needs an offset with a time', () => {
    expect(sitemapDate(time('2012-07-06T23:30:00'))).toBe('2012-07-06')
  })
})

describe('feedOf', () => {
  it('should keep the newest 50 of 51 stories, newest first', () => {
    const many = Array.from({ length: 51 }, (_, index) => storyAt(`2020-01-01T00:${String(59 - index).padStart(2, '0')}:00Z`, `s${index}`))
    const feed = feedOf(many, { path: '/', pageUrl: '/', section: null }, new Date('2024-01-01T00:00:00Z'))
    expect(feed.entries.map((entry) => entry.url)).toEqual(many.slice(0, 50).map((story) => story.permalink))
    expect(feed.updated).toEqual({ rfc3339: '2020-01-01T00:59:00Z', rfc822: 'Wed, 01 Jan 2020 00:59:00 +0000' })
  })

  it('should be updated when its most recently updated story was, not only its newest', () => {
    const newest = storyAt('2020-01-02T00:00:00Z', 'newest')
    const older = { ...storyAt('2020-01-01T00:00:00Z', 'older'), updated: time('2020-01-03T09:00:00+09:00') }
    expect(feedOf([newest, older], { path: '/', pageUrl: '/', section: null }, new Date()).updated.rfc3339).toBe('2020-01-03T09:00:00+09:00')
  })

  it('should be updated at the build time when it has no stories', () => {
    expect(feedOf([], { path: '/', pageUrl: '/', section: null }, new Date('2024-01-01T10:00:00.123Z')).updated.rfc3339).toBe('2024-01-01T10:00:00Z')
  })
})

describe('newsStories', () => {
  const now = new Date('2024-03-02T06:00:00Z')
  const pick = (list: Story[]) => newsStories(list, now).map((story) => story.slug)

  it('should keep a story published at the build time and refuse one a second later', () => {
    expect(pick([storyAt('2024-03-02T06:00:01Z'), storyAt('2024-03-02T06:00:00Z')])).toEqual(['2024-03-02T06:00:00Z'])
  })

  it('should keep a story a second inside the two days and refuse one exactly two days old', () => {
    expect(pick([storyAt('2024-02-29T06:00:01Z'), storyAt('2024-02-29T06:00:00Z')])).toEqual(['2024-02-29T06:00:01Z'])
  })

  it('should compare instants, not the digits written in their offsets', () => {
    expect(pick([storyAt('2024-02-29T01:00:01-05:00'), storyAt('2024-02-29T00:59:59-05:00')])).toEqual(['2024-02-29T01:00:01-05:00'])
  })

  it('should keep a bare date when any of its day is in the window, so a morning build has that day’s stories', () => {
    expect(pick([storyAt('2024-03-03'), storyAt('2024-03-02'), storyAt('2024-02-29'), storyAt('2024-02-28')])).toEqual(['2024-03-02', '2024-02-29'])
  })

  it('should keep at most 1,000 stories, the newest', () => {
    const many = Array.from({ length: 1001 }, (_, index) => storyAt('2024-03-01T12:00:00Z', `s${index}`))
    expect(newsStories(many, now).map((story) => story.slug)).toEqual(many.slice(0, 1000).map((story) => story.slug))
  })
})

describe('buildTime', () => {
  it('should take MORGUE_NOW when it is a date-time with an offset', () => {
    expect(buildTime({ MORGUE_NOW: '2012-07-08T12:00:00+02:00' }).toISOString()).toBe('2012-07-08T10:00:00.000Z')
  })

  it('should refuse a MORGUE_NOW without an offset, saying how to write one', () => {
    expect(() => buildTime({ MORGUE_NOW: '2012-07-08' })).toThrow('MORGUE_NOW: `2012-07-08` is not a date-time with an offset: set it like 2012-07-08T12:00:00Z, or unset it to build as of now')
  })

  it('should be the current time when MORGUE_NOW is not set', () => {
    const before = Date.now()
    const now = buildTime({}).getTime()
    expect(now).toBeGreaterThanOrEqual(before)
    expect(now).toBeLessThanOrEqual(Date.now())
  })
})

describe('sitemapDocuments', () => {
  const pages = (count: number): SitemapUrl[] => Array.from({ length: count }, (_, index) => ({ url: `/p/${index + 1}/`, lastmod: null }))

  it('should write 50,000 pages as one /sitemap.xml', () => {
    const documents = sitemapDocuments(pages(50_000))
    expect(documents.map((document) => [document.kind, document.url])).toEqual([['urlset', '/sitemap.xml']])
  })

  it('should split 120,001 pages into an index and 3 files of 50,000, 50,000 and 20,001', () => {
    const all = pages(120_001)
    const [index, ...parts] = sitemapDocuments(all)
    expect(index).toEqual({ kind: 'index', url: '/sitemap.xml', sitemaps: ['/sitemaps/1.xml', '/sitemaps/2.xml', '/sitemaps/3.xml'] })
    expect(parts.map((part) => (part.kind === 'urlset' ? [part.url, part.pages.length] : null))).toEqual([['/sitemaps/1.xml', 50_000], ['/sitemaps/2.xml', 50_000], ['/sitemaps/3.xml', 20_001]])
    expect(parts.flatMap((part) => (part.kind === 'urlset' ? part.pages : []))).toEqual(all)
  })
})
