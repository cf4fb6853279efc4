import { existsSync } from 'node:fs'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { load } from 'cheerio'
import { buildSite } from '../src/build/index.ts'
import { filedDate, planArchive } from '../src/build/plan.ts'
import type { Story } from '../src/load/story.ts'
import { makeStory } from './support/story.ts'

const root = process.cwd()
let outDir: string
let prefixedDir: string
let stories: Story[]

/** Every file under a folder, relative to it, with `/` separators. */
async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true })
  return entries.filter((entry) => entry.isFile()).map((entry) => path.relative(folder, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
}

/** The file a site-relative URL is served from. */
function fileFor(folder: string, url: string): string {
  const pathname = decodeURIComponent(new URL(url, 'http://site.example').pathname)
  return path.join(folder, pathname.endsWith('/') ? `${pathname}index.html` : pathname)
}

async function page(folder: string, url: string) {
  return load(await readFile(fileFor(folder, url), 'utf8'))
}

/** Story URLs listed on a page and on all the pages after it. */
async function listedAcrossPages(folder: string, url: string): Promise<string[]> {
  const listed: string[] = []
  let next: string | undefined = url
  while (next !== undefined) {
    const $ = await page(folder, next)
    listed.push(...$('.story-item-headline a').map((_, element) => $(element).attr('href') ?? '').get())
    next = $('.pager a[rel="next"]').attr('href')
  }
  return listed
}

beforeAll(async () => {
  outDir = await mkdtemp(path.join(tmpdir(), 'morgue-archive-'))
  const result = await buildSite({ root, outDir: path.join(outDir, 'site') })
  expect(result.ok).toBe(true)
  stories = result.stories
  const previous = process.env.MORGUE_URL
  process.env.MORGUE_URL = 'https://example.github.io/newsroom'
  try {
    const prefixed = await buildSite({ root, outDir: path.join(outDir, 'prefixed') })
    expect(prefixed.ok).toBe(true)
  } finally {
    if (previous === undefined) delete process.env.MORGUE_URL
    else process.env.MORGUE_URL = previous
  }
  prefixedDir = path.join(outDir, 'prefixed')
}, 120_000)

afterAll(async () => {
  await rm(outDir, { recursive: true, force: true })
})

describe('the built archive', () => {
  it('should resolve every internal link and asset of every page to a file', async () => {
    const site = path.join(outDir, 'site')
    const broken: string[] = []
    for (const file of (await filesUnder(site)).filter((name) => name.endsWith('.html'))) {
      const $ = load(await readFile(path.join(site, file), 'utf8'))
      $('[href], [src]').each((_, element) => {
        const target = $(element).attr('href') ?? $(element).attr('src') ?? ''
        if (/^(?:[a-z]+:|#)/i.test(target)) return
        if (!existsSync(fileFor(site, new URL(target, `http://site.example/${file}`).pathname))) broken.push(`${file}: ${target}`)
      })
    }
    expect(broken).toEqual([])
  })

  it('should list every story exactly once across the pages of the home page, newest first', async () => {
    expect(await listedAcrossPages(path.join(outDir, 'site'), '/')).toEqual(stories.map((story) => story.permalink))
  })

  it('should list exactly the stories of each day on its day page, and link days to their neighbours', async () => {
    const days = [...new Set(stories.map(filedDate))].sort()
    for (const [index, day] of days.entries()) {
      const url = `/${day.replace(/-/g, '/')}/`
      const expected = stories.filter((story) => filedDate(story) === day).map((story) => story.permalink)
      expect(await listedAcrossPages(path.join(outDir, 'site'), url)).toEqual(expected)
      const $ = await page(path.join(outDir, 'site'), url)
      const links = $('.pager a').map((_, element) => $(element).attr('href')).get()
      const around = [days[index - 1], days[index + 1]].filter((neighbour) => neighbour !== undefined).map((neighbour) => `/${neighbour.replace(/-/g, '/')}/`)
      expect(links).toEqual(around)
    }
  })

  it('should link a day page up to its month and year, and every page to every year', async () => {
    const $ = await page(path.join(outDir, 'site'), '/2012/07/06/')
    expect($('.page-kicker a').map((_, element) => [[$(element).attr('href'), $(element).text()]]).get()).toEqual([['/2012/', '2012'], ['/2012/07/', 'July 2012']])
    const years = [...new Set(stories.map((story) => filedDate(story).slice(0, 4)))].sort().map((year) => `/${year}/`)
    expect($('.archive-years a').map((_, element) => $(element).attr('href')).get()).toEqual(years)
  })

  it('should list the months of a year with their counts', async () => {
    const $ = await page(path.join(outDir, 'site'), '/2019/')
    const months = $('.period-list li').map((_, element) => `${$(element).find('a').attr('href')} ${$(element).find('.count').text()}`).get()
    const expected = [...new Set(stories.map(filedDate).filter((day) => day.startsWith('2019-')).map((day) => day.slice(0, 7)))].sort().map((month) => {
      const count = stories.filter((story) => filedDate(story).startsWith(month)).length
      return `/${month.replace('-', '/')}/ ${count} ${count === 1 ? 'story' : 'stories'}`
    })
    expect(months).toEqual(expected)
  })

  it('should list exactly the stories of a tag on its pages, and count it in the tag index', async () => {
    const tagged = stories.filter((story) => story.tags.includes('Syria')).map((story) => story.permalink)
    expect(tagged.length).toBeGreaterThan(0)
    expect(await listedAcrossPages(path.join(outDir, 'site'), '/tags/syria/')).toEqual(tagged)
    const $ = await page(path.join(outDir, 'site'), '/tags/')
    const entry = $('.name-list li').filter((_, element) => $(element).find('a').attr('href') === '/tags/syria/')
    expect(entry.find('.count').text()).toBe(`${tagged.length} ${tagged.length === 1 ? 'story' : 'stories'}`)
  })

  it('should show on a speaker page exactly that speaker’s quotes, each linking to its story', async () => {
    const quoted = stories.flatMap((story) => story.quotes.filter((quote) => quote.speaker === 'Hassem Hashimi').map((quote) => [quote.text, story.permalink]))
    expect(quoted).toHaveLength(3)
    const $ = await page(path.join(outDir, 'site'), '/people/hassem-hashimi/')
    expect($('h1').text()).toBe('Hassem Hashimi')
    const shown = $('.quote-item').map((_, element) => [[$(element).find('blockquote').text(), $(element).find('.quote-source a').attr('href')]]).get()
    expect(shown).toEqual(quoted)
  })

  it('should link each speaker in the story’s quotes box to the speaker’s page', async () => {
    const $ = await page(path.join(outDir, 'site'), '/2012/07/06/manaf-tlass-defects/')
    expect($('.speaker-name a').map((_, element) => $(element).attr('href')).get()).toEqual([
      '/people/john-kirby/', '/people/hillary-clinton/', '/people/hassem-hashimi/', '/people/francois-hollande/',
    ])
  })

  it('should have a 404 page and a robots.txt naming the sitemap', async () => {
    const site = path.join(outDir, 'site')
    expect(load(await readFile(path.join(site, '404.html'), 'utf8'))('h1').text()).toBe('This page is not in the archive')
    expect(await readFile(path.join(site, 'robots.txt'), 'utf8')).toContain('Sitemap: http://localhost:8080/sitemap.xml')
  })
})

describe('the archive under a path prefix', () => {
  it('should keep every root-relative link and asset inside the prefix', async () => {
    const escaping: string[] = []
    for (const file of (await filesUnder(prefixedDir)).filter((name) => name.endsWith('.html'))) {
      const $ = load(await readFile(path.join(prefixedDir, file), 'utf8'))
      $('[href], [src]').each((_, element) => {
        const target = $(element).attr('href') ?? $(element).attr('src') ?? ''
        if (target.startsWith('/') && !target.startsWith('/newsroom/')) escaping.push(`${file}: ${target}`)
        if (/^https?:\/\/example\.github\.io(?!\/newsroom\/)/.test(target)) escaping.push(`${file}: ${target}`)
      })
    }
    expect(escaping).toEqual([])
  })

  it('should build canonical URLs from the one base URL', async () => {
    const $ = await page(prefixedDir, '/2012/07/06/manaf-tlass-defects/')
    expect($('link[rel="canonical"]').attr('href')).toBe('https://example.github.io/newsroom/2012/07/06/manaf-tlass-defects/')
    expect($('link[rel="stylesheet"]').attr('href')).toBe('/newsroom/style.css')
  })
})

describe('the archive plan', () => {
  const story = makeStory

  it('should paginate a tag over pages of the configured size', () => {
    const tagged = ['/2012/07/03/c/', '/2012/07/02/b/', '/2012/07/01/a/'].map((permalink) => story(permalink, { tags: ['Syria'] }))
    const plan = planArchive(tagged, { pageSize: 2, aliases: {} })
    const pages = plan.listings.filter((listing) => listing.kind === 'tag')
    expect(pages.map((listing) => [listing.url, listing.items.map((item) => item.url), listing.previousPage?.url ?? null, listing.nextPage?.url ?? null])).toEqual([
      ['/tags/syria/', ['/2012/07/03/c/', '/2012/07/02/b/'], null, '/tags/syria/page/2/'],
      ['/tags/syria/page/2/', ['/2012/07/01/a/'], '/tags/syria/', null],
    ])
  })

  it('should publish no draft anywhere', () => {
    const plan = planArchive([story('/2012/07/02/b/', { draft: true, tags: ['Syria'] }), story('/2012/07/01/a/', { tags: ['Syria'] })], { pageSize: 10, aliases: {} })
    expect(plan.stories.map((entry) => entry.permalink)).toEqual(['/2012/07/01/a/'])
    expect(plan.listings.flatMap((listing) => listing.items.map((item) => item.url))).not.toContain('/2012/07/02/b/')
    expect(plan.feeds.flatMap((feed) => feed.entries.map((entry) => entry.url))).not.toContain('/2012/07/02/b/')
    expect(Object.keys(plan.links)).toEqual(['/2012/07/01/a/'])
  })

  it('should merge tags that differ only in case onto one page', () => {
    const plan = planArchive([story('/2012/07/02/b/', { tags: ['syria'] }), story('/2012/07/01/a/', { tags: ['Syria'] })], { pageSize: 10, aliases: {} })
    expect(plan.tags).toEqual([{ url: '/tags/syria/', label: 'syria', count: 2 }])
  })

  it('should merge a speaker’s aliases onto one person page', () => {
    const plan = planArchive([
      story('/2012/07/02/b/', { quotes: [{ text: 'One.', speaker: 'Clinton', partial: false }] }),
      story('/2012/07/01/a/', { quotes: [{ text: 'Two.', speaker: 'Hillary Clinton', partial: false }] }),
    ], { pageSize: 10, aliases: { 'Hillary Clinton': ['Clinton'] } })
    expect(plan.people.map((person) => [person.url, person.quotes.map((quote) => quote.text)])).toEqual([['/people/hillary-clinton/', ['One.', 'Two.']]])
    expect(plan.links['/2012/07/02/b/']?.people).toEqual({ Clinton: '/people/hillary-clinton/' })
  })

  it('should link a related headline to the archive’s story of that headline, and invent no other URL', () => {
    const plan = planArchive([
      story('/2012/07/02/b/', { related: [{ title: 'Turkey: Syrians defecting by the hundreds', url: null }, { title: 'Not in the archive', url: null }] }),
      story('/2012/07/01/a/', { headline: 'Turkey: Syrians Defecting by the Hundreds' }),
    ], { pageSize: 10, aliases: {} })
    expect(plan.stories[0]?.related).toEqual([
      { title: 'Turkey: Syrians defecting by the hundreds', url: '/2012/07/01/a/' },
      { title: 'Not in the archive', url: null },
    ])
  })
})
