/**
 * A story's life in the built archive: embargoes hold it back until they
 * lift, kills leave only a notice, corrections and updates show with their
 * times, old addresses redirect, drafts wait, and old stories say their age.
 */
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { gunzipSync } from 'node:zlib'
import { load } from 'cheerio'
import { DateTime } from 'luxon'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildSite, type BuildResult } from '../src/build/index.ts'
import { planArchive, storyAge } from '../src/build/plan.ts'
import { loadContent } from '../src/load/content.ts'
import { tempProject, type TempProject } from './support/project.ts'
import { morgue } from './support/cli.ts'

const fixtures = path.resolve(import.meta.dirname, 'fixtures/life')
const beforeEmbargo = new Date('2012-07-07T03:00:00Z')
const afterEmbargo = new Date('2012-07-07T12:00:00Z')

let project: TempProject
let before: BuildResult
let after: BuildResult
let again: BuildResult

async function lifeProject(): Promise<TempProject> {
  const files: Record<string, string> = {}
  for (const name of await readdir(fixtures)) files[`content/${name}`] = await readFile(path.join(fixtures, name), 'utf8')
  return tempProject(files)
}

/** Every file of a built site, by path relative to it. */
async function siteFiles(outDir: string): Promise<Map<string, Buffer>> {
  const entries = await readdir(outDir, { recursive: true, withFileTypes: true })
  const files = new Map<string, Buffer>()
  for (const entry of entries) {
    if (!entry.isFile()) continue
    const full = path.join(entry.parentPath, entry.name)
    files.set(path.relative(outDir, full), await readFile(full))
  }
  return files
}

/** The text of every file a reader or a crawler can fetch, search index fragments decompressed. */
async function everything(outDir: string): Promise<string> {
  const texts: string[] = []
  for (const [name, bytes] of await siteFiles(outDir)) {
    if (/\.pf_(?:fragment|index|meta)$/.test(name)) texts.push(gunzipSync(bytes).toString('utf8'))
    else if (!/\.(?:wasm|png|ico|svg)$|pagefind\.(?:js|css)$|pagefind-(?:ui|highlight|modular-ui|component-ui)/.test(name)) texts.push(bytes.toString('utf8'))
  }
  return texts.join('\n')
}

async function page(result: BuildResult, url: string) {
  const file = url.endsWith('/') ? `${url}index.html` : url
  return load(await readFile(path.join(result.outDir, file), 'utf8'))
}

async function text(result: BuildResult, file: string): Promise<string> {
  return readFile(path.join(result.outDir, file), 'utf8')
}

beforeAll(async () => {
  project = await lifeProject()
  before = await buildSite({ root: project.root, outDir: '_before', now: beforeEmbargo })
  after = await buildSite({ root: project.root, outDir: '_after', now: afterEmbargo })
  again = await buildSite({ root: project.root, outDir: '_again', now: afterEmbargo })
})

afterAll(async () => {
  await project.remove()
})

describe('an embargo line without a year', () => {
  it('should take the story\'s year, or the next one when that date is before the story', async () => {
    const { parseEmbargoLine } = await import('../src/load/times.ts')
    const zone = 'America/New_York'
    expect(parseEmbargoLine('EMBARGOED UNTIL 12:01 A.M. EST, JAN. 1', { date: { year: 2012, month: 12, day: 31 }, zone })?.iso).toBe('2013-01-01T00:01:00-05:00')
    expect(parseEmbargoLine('EMBARGOED UNTIL 2100 GMT WEDNESDAY, MAY 18', { date: { year: 2022, month: 5, day: 18 }, zone })?.iso).toBe('2022-05-18T21:00:00+00:00')
  })
})

describe('an embargo', () => {
  it('should hold back each story whose embargo has not lifted, saying until when', () => {
    expect(before.ok).toBe(true)
    expect(before.held).toEqual([
      { file: 'content/embargoed-report.md', permalink: '/2012/07/07/embargoed-report/', until: '2012-07-07T00:01:00-04:00', untilText: 'until 12:01 a.m. ET, July 7, 2012' },
      { file: 'content/embargo-line.txt', permalink: '/2012/07/06/embargo-line/', until: '2012-07-07T06:00:00-04:00', untilText: 'until 6 a.m. ET, July 7, 2012' },
    ])
    expect(before.stories.map((story) => story.permalink)).toEqual(['/2012/07/05/corrected-bridge/', '/2012/06/01/old-flood/'])
  })

  it('should publish nothing of a held story: no page, feed entry, sitemap or search entry, link, name or quote', async () => {
    const site = await siteFiles(before.outDir)
    expect([...site.keys()].filter((name) => /embargo/.test(name))).toEqual([])
    const all = await everything(before.outDir)
    for (const trace of ['embargoed-report', 'embargo-line', 'river towns unprepared', 'Commuters sleep', 'Dana Whitcomb', 'Priya Natarajan', 'luck is not a plan']) {
      expect(all, trace).not.toContain(trace)
    }
    expect(before.indexed).toBe(2)
  })

  it('should publish the stories everywhere once the embargo has lifted', async () => {
    expect(after.held).toEqual([])
    expect((await page(after, '/2012/07/07/embargoed-report/'))('h1').text()).toBe('Report finds river towns unprepared for floods')
    expect((await page(after, '/2012/07/06/embargo-line/'))('h1').text()).toBe('Survey says commuters sleep less than they did')
    const feed = await text(after, 'feed.xml')
    expect(feed).toContain('/2012/07/07/embargoed-report/')
    expect(feed).toContain('/2012/07/06/embargo-line/')
    expect(await text(after, 'sitemap.xml')).toContain('/2012/07/07/embargoed-report/')
    const tag = await page(after, '/tags/floods/')
    expect(tag('main a[href="/2012/07/07/embargoed-report/"]').length).toBe(1)
    expect((await page(after, '/people/dana-whitcomb/'))('h1').text()).toContain('Dana Whitcomb')
    expect(after.indexed).toBe(4)
  })

  it('should link a related headline to the story once it is published, and leave it out before', async () => {
    const related = (result: BuildResult) => page(result, '/2012/07/05/corrected-bridge/').then(($) => $('.story-related li').map((_, item) => $(item).html()).get())
    expect(await related(before)).toEqual([])
    expect(await related(after)).toEqual(['<a href="/2012/07/07/embargoed-report/">Report finds river towns unprepared for floods</a>'])
  })
})

describe('a withdrawn story', () => {
  it('should leave at its address a notice with the advisory, and none of its text', async () => {
    const $ = await page(after, '/2012/07/06/trade-story/')
    expect($('h1').text()).toBe('This story has been withdrawn')
    expect($('meta[name="robots"]').attr('content')).toBe('noindex')
    expect($('.withdrawn-reasons blockquote').text().trim()).toBe('KILL: Kill BC-BBA--Mariners-Halvorsen Trade, sent at 3:47 p.m. EDT. The story is being withdrawn because the trade has not been completed.')
    expect($('main').text()).toContain('“Mariners trade pitcher Halvorsen to Orioles”, filed July 6, 2012, was withdrawn')
    expect($.html()).not.toContain('We wish Erik the best')
    expect($('script').length).toBe(0)
  })

  it('should say a story marked `status: killed` was withdrawn, without an advisory', async () => {
    const $ = await page(after, '/2012/07/05/withdrawn-by-status/')
    expect($('h1').text()).toBe('This story has been withdrawn')
    expect($('.withdrawn-reasons').length).toBe(0)
    expect($.html()).not.toContain('delayed its vote')
  })

  it('should appear in no listing, feed, sitemap, search entry, person page or related list', async () => {
    const site = await siteFiles(after.outDir)
    const pages = [...site.entries()].filter(([name]) => name.endsWith('.html') && !/trade-story|withdrawn-by-status/.test(name))
    for (const [name, bytes] of pages) {
      expect(bytes.toString('utf8'), name).not.toMatch(/trade-story|withdrawn-by-status|Halvorsen|Council vote on harbor plan/)
    }
    for (const name of ['feed.xml', 'rss.xml', 'feed.json', 'sitemap.xml', 'news-sitemap.xml']) {
      expect(await text(after, name), name).not.toMatch(/trade-story|withdrawn-by-status|Halvorsen/)
    }
    expect(site.has('people/tom-ruud/index.html')).toBe(false)
    const index = [...site.entries()].filter(([name]) => name.endsWith('.pf_fragment')).map(([, bytes]) => gunzipSync(bytes).toString('utf8')).join('\n')
    expect(index).not.toMatch(/withdrawn|Halvorsen|harbor plan/)
  })
})

describe('corrections, notes and updates', () => {
  it('should show each notice at the top of the story, distinct from the copy', async () => {
    const $ = await page(after, '/2012/07/05/corrected-bridge/')
    const notices = $('.story > aside.notice').map((_, notice) => $(notice).text()).get()
    expect(notices).toEqual([
      "Correction: An earlier version of this story misstated the bridge's length. It is 1,200 feet long, not 1,200 meters.",
      'Editor’s note: This story was updated with the mayor\'s comment.',
    ])
    expect($('aside.notice--correction').length).toBe(1)
    expect($('aside.notice--editors-note').length).toBe(1)
  })

  it('should list the notices with their times, and the update history newest first, at the bottom', async () => {
    const $ = await page(after, '/2012/07/05/corrected-bridge/')
    expect($('.story-history .notices li').map((_, item) => $(item).text()).get()).toEqual([
      "Correction Issued 4:30 p.m. ET, July 6, 2012: An earlier version of this story misstated the bridge's length. It is 1,200 feet long, not 1,200 meters.",
      "Editor’s note: This story was updated with the mayor's comment.",
    ])
    expect($('.story-history .notices time').attr('datetime')).toBe('2012-07-06T16:30:00-04:00')
    expect($('.updates li').map((_, item) => $(item).text()).get()).toEqual([
      "Updated 11 a.m. ET, July 5, 2012: Adds the mayor's comment.",
      'Updated 10:15 a.m. ET, July 5, 2012: Adds the number of lanes open.',
    ])
    expect($('.updates time').map((_, item) => $(item).attr('datetime')).get()).toEqual(['2012-07-05T11:00:00-04:00', '2012-07-05T10:15:00-04:00'])
  })

  it('should carry the correction in the JSON-LD, and move dateModified to it', async () => {
    const $ = await page(after, '/2012/07/05/corrected-bridge/')
    const article = JSON.parse($('script[type="application/ld+json"]').text()) as Record<string, unknown>
    expect(article.correction).toEqual([{
      '@type': 'CorrectionComment',
      text: "An earlier version of this story misstated the bridge's length. It is 1,200 feet long, not 1,200 meters.",
      datePublished: '2012-07-06T16:30:00-04:00',
    }])
    expect(article.datePublished).toBe('2012-07-05T09:00:00-04:00')
    expect(article.dateModified).toBe('2012-07-06T16:30:00-04:00')
    expect($('meta[property="article:modified_time"]').attr('content')).toBe('2012-07-06T16:30:00-04:00')
  })

  it('should lead the feed entry with the correction and date its update from it', async () => {
    const feed = JSON.parse(await text(after, 'feed.json')) as { items: Array<{ id: string; content_html: string; date_modified: string }> }
    const item = feed.items.find((entry) => entry.id.endsWith('/2012/07/05/corrected-bridge/'))
    expect(item?.date_modified).toBe('2012-07-06T16:30:00-04:00')
    expect(item?.content_html.startsWith("<p><strong>Correction (4:30 p.m. ET, July 6, 2012):</strong> An earlier version of this story misstated the bridge's length.")).toBe(true)
  })
})

describe('the age of a story', () => {
  it('should warn above the headline of a story older than 30 days at build time', async () => {
    const old = await page(after, '/2012/06/01/old-flood/')
    expect(old('.story > .age-banner').text()).toBe('This story is more than 1 month old')
    expect(old('.age-banner + header h1').length).toBe(1)
    expect((await page(after, '/2012/07/05/corrected-bridge/'))('.age-banner').length).toBe(0)
  })

  it('should count whole years, then whole months, from the day filed', () => {
    const now = new Date('2026-11-28T12:00:00Z')
    expect(storyAge('2012-07-06', now)).toBe('This story is more than 14 years old')
    expect(storyAge('2025-11-27', now)).toBe('This story is more than 1 year old')
    expect(storyAge('2026-09-01', now)).toBe('This story is more than 2 months old')
    expect(storyAge('2026-10-28', now)).toBe('This story is more than 1 month old')
    expect(storyAge('2026-10-29', now)).toBe('This story is more than 30 days old')
    expect(storyAge('2026-10-30', now)).toBe(null)
    expect(storyAge('2026-11-28', now)).toBe(null)
  })

  it('should count as the calendar does at month ends, leap days and the 30th day, for any day and moment', () => {
    // The count as Luxon's calendar arithmetic gives it.
    const byLuxon = (filed: string, at: Date) => {
      const start = DateTime.fromISO(filed, { zone: 'UTC' })
      const end = DateTime.fromJSDate(at, { zone: 'UTC' })
      if (!start.isValid || end.diff(start, 'days').days <= 30) return null
      const { years, months } = end.diff(start, ['years', 'months']).toObject()
      const [count, unit] = Math.floor(years ?? 0) >= 1 ? [Math.floor(years ?? 0), 'year'] : Math.floor(months ?? 0) >= 1 ? [Math.floor(months ?? 0), 'month'] : [30, 'day']
      return `This story is more than ${count} ${unit}${count === 1 ? '' : 's'} old`
    }
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10)
    const edges = ['2012-01-31', '2012-02-29', '2011-02-28', '2012-03-31', '2000-02-29', '1999-12-31', '2012-08-31']
    const moments = ['2013-02-28T00:00:00Z', '2013-02-28T23:59:59Z', '2013-03-01T00:00:00Z', '2012-03-31T00:00:00Z', '2012-03-30T00:00:00.001Z', '2016-02-29T00:00:00Z', '2013-01-31T00:00:00Z']
    for (const filed of edges) for (const moment of moments) expect(storyAge(filed, new Date(moment)), `${filed} at ${moment}`).toBe(byLuxon(filed, new Date(moment)))
    // And a few thousand days and moments spread over thirty years, some a day or so apart.
    let seed = 7
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648
    for (let index = 0; index < 3000; index++) {
      const filed = day(Date.UTC(1995, 0, 1) + Math.floor(next() * 30 * 365) * 86_400_000)
      const at = new Date(Date.parse(`${filed}T00:00:00Z`) + Math.floor(next() * (index % 3 === 0 ? 70 : 4000)) * 86_400_000 + Math.floor(next() * 86_400_000) * (index % 5 === 0 ? 0 : 1))
      expect(storyAge(filed, at), `${filed} at ${at.toISOString()}`).toBe(byLuxon(filed, at))
    }
    expect(storyAge('2012-02-30', new Date('2020-01-01T00:00:00Z'))).toBe(null)
    expect(storyAge('', new Date('2020-01-01T00:00:00Z'))).toBe(null)
  })
})

describe('old addresses', () => {
  it('should serve a redirect page at each alias, and list it in _redirects for hosts that read it', async () => {
    const moved = await page(after, '/news/bridge-reopens.html')
    expect(moved('meta[http-equiv="refresh"]').attr('content')).toBe('0; url=/2012/07/05/corrected-bridge/')
    expect(moved('link[rel="canonical"]').attr('href')).toBe('http://localhost:8080/2012/07/05/corrected-bridge/')
    expect(moved('a').attr('href')).toBe('/2012/07/05/corrected-bridge/')
    expect((await page(after, '/old/bridge/'))('meta[http-equiv="refresh"]').attr('content')).toBe('0; url=/2012/07/05/corrected-bridge/')
    expect(await text(after, '_redirects')).toBe('/news/bridge-reopens.html /2012/07/05/corrected-bridge/ 301\n/old/bridge/ /2012/07/05/corrected-bridge/ 301\n')
    expect(after.redirects).toBe(2)
  })
})

describe('drafts', () => {
  it('should be left out of a build, and planned only when drafts are asked for', async () => {
    expect(after.stories.some((story) => story.draft)).toBe(false)
    const site = await siteFiles(after.outDir)
    expect(site.has('2012/07/06/draft-idea/index.html')).toBe(false)
    const content = await loadContent(path.join(project.root, 'content'), { cwd: project.root })
    const options = { pageSize: 20, aliases: {}, now: afterEmbargo }
    expect(planArchive(content.stories, { ...options, drafts: true }).stories.map((story) => story.slug)).toContain('draft-idea')
    expect(planArchive(content.stories, options).stories.map((story) => story.slug)).not.toContain('draft-idea')
  })
})

describe('reproducible builds', () => {
  it('should write byte-identical output from the same content and the same --now', async () => {
    const first = await siteFiles(after.outDir)
    const second = await siteFiles(again.outDir)
    expect([...second.keys()].sort()).toEqual([...first.keys()].sort())
    const differing = [...first.entries()].filter(([name, bytes]) => !second.get(name)?.equals(bytes)).map(([name]) => name)
    expect(differing).toEqual([])
  })
})

describe('the command line', () => {
  it('should build as of --now and print which stories it held back and until when', async () => {
    const { stdout } = await morgue(['check', '--now', '2012-07-07T00:05Z'], project.root)
    expect(stdout).toBe([
      'Held back 2 stories under embargo:',
      '  content/embargoed-report.md  until 12:01 a.m. ET, July 7, 2012 (2012-07-07T00:01:00-04:00)',
      '  content/embargo-line.txt  until 6 a.m. ET, July 7, 2012 (2012-07-07T06:00:00-04:00)',
      'Checked 7 story files: 2 stories to publish (2 withdrawn stories, 2 redirects, 2 held back, 0 warnings), as of 2012-07-07T00:05:00Z. Nothing was written.',
      '',
    ].join('\n'))
  })
})
