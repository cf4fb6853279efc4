import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { load, type CheerioAPI } from 'cheerio'
import { buildSite } from '../src/build/index.ts'
import { tempProject } from './support/project.ts'

const root = process.cwd()
let outDir: string
let page: CheerioAPI

beforeAll(async () => {
  outDir = await mkdtemp(path.join(tmpdir(), 'morgue-build-'))
  const result = await buildSite({ root, outDir: path.join(outDir, 'site') })
  expect(result.ok).toBe(true)
  page = load(await readFile(path.join(outDir, 'site/2012/07/06/manaf-tlass-defects/index.html'), 'utf8'))
})

afterAll(async () => {
  await rm(outDir, { recursive: true, force: true })
})

function jsonLd(): Record<string, unknown> {
  const scripts = page('script[type="application/ld+json"]')
  expect(scripts).toHaveLength(1)
  return JSON.parse(scripts.text()) as Record<string, unknown>
}

describe('the built article page', () => {
  it('should have the headline as its only h1', () => {
    expect(page('h1')).toHaveLength(1)
    expect(page('h1').text()).toBe("Brig. Gen. Manaf Tlass, member of Bashar Assad's inner circle, defects")
  })

  it('should show the credit and the update time in Eastern time', () => {
    expect(page('.story-credit').text()).toBe('CBS/AP')
    const time = page('time[datetime="2012-07-06T11:59:00-04:00"]')
    expect(time).toHaveLength(1)
    expect(time.text()).toBe('Updated 11:59 a.m. ET, July 6, 2012')
  })

  it('should set the lede apart, without the (CBS/AP) prefix', () => {
    const lede = page('.story-lede p')
    expect(lede).toHaveLength(1)
    expect(lede.text()).toBe(
      "The defection of a member of the Syrian president's inner circle has dealt a blow to Bashar Assad just as the United States and its European partners are threatening new sanctions and the opposition is urging military intervention.",
    )
  })

  it('should show all 20 body paragraphs in order, lede first', () => {
    const paragraphs = page('.story-lede p, .story-body p').map((_, element) => page(element).text()).get()
    expect(paragraphs).toHaveLength(20)
    expect(paragraphs[1]).toMatch(/^The U\.S\. Defense Department confirmed/)
    expect(paragraphs[19]).toBe('Activists say more than 14,000 people have been killed since the revolt began.')
  })

  it('should list the three related headlines without links', () => {
    const items = page('.story-related li')
    expect(items.map((_, element) => page(element).text().trim()).get()).toEqual([
      'Clinton: Russia, China "blockading" Syria peace',
      'Turkey: Syrians defecting by the hundreds',
      'U.N. rights chief urges halt of arms to Syria',
    ])
    expect(page('.story-related a')).toHaveLength(0)
  })

  it('should name the speakers in a quotes section', () => {
    const speakers = page('.story-quotes .speaker').map((_, element) => ({
      name: page(element).find('figcaption').text(),
      quotes: page(element).find('blockquote').map((__, quote) => page(quote).text()).get(),
    })).get()
    expect(speakers.map((speaker) => speaker.name)).toEqual(['John Kirby', 'Clinton', 'Hassem Hashimi', 'Francois Hollande'])
    expect(speakers[0]?.quotes).toContain('a crack in the inner circle')
    expect(speakers[2]?.quotes).toContain('The defection of Tlass will encourage a lot of similar people to defect as well')
    expect(speakers[3]?.quotes[1]).toMatch(/^Bashar Assad must leave\. /)
  })

  it('should not show the site furniture', () => {
    expect(page('body').text()).not.toContain('Watch CBSN Live')
  })

  it('should carry no JavaScript', () => {
    expect(page('script:not([type="application/ld+json"])')).toHaveLength(0)
    expect(page('[onload], [onclick], [onerror]')).toHaveLength(0)
  })

  it('should describe itself in the head', () => {
    expect(page('html').attr('lang')).toBe('en')
    expect(page('title').text()).toBe("Brig. Gen. Manaf Tlass, member of Bashar Assad's inner circle, defects · Morgue")
    expect(page('meta[name="description"]').attr('content')).toMatch(/^The defection of a member of the Syrian president's inner circle/)
    expect(page('link[rel="canonical"]').attr('href')).toBe('http://localhost:8080/2012/07/06/manaf-tlass-defects/')
    const property = (name: string) => page(`meta[property="${name}"]`).map((_, element) => page(element).attr('content')).get()
    expect(property('og:type')).toEqual(['article'])
    expect(property('article:published_time')).toEqual(['2012-07-06'])
    expect(property('article:modified_time')).toEqual(['2012-07-06T11:59:00-04:00'])
    expect(property('article:section')).toEqual(['World'])
    expect(property('article:tag')).toEqual(['Syria', 'Middle East', 'Defections'])
  })

  it('should carry one NewsArticle in JSON-LD', () => {
    const cbs = { '@type': 'Organization', name: 'CBS News', url: 'https://www.cbsnews.com/' }
    const ap = { '@type': 'Organization', name: 'The Associated Press', url: 'https://apnews.com/' }
    expect(jsonLd()).toEqual({
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      headline: "Brig. Gen. Manaf Tlass, member of Bashar Assad's inner circle, defects",
      description: page('meta[name="description"]').attr('content'),
      url: 'http://localhost:8080/2012/07/06/manaf-tlass-defects/',
      mainEntityOfPage: 'http://localhost:8080/2012/07/06/manaf-tlass-defects/',
      inLanguage: 'en',
      datePublished: '2012-07-06',
      dateModified: '2012-07-06T11:59:00-04:00',
      author: [cbs, ap],
      publisher: [cbs, ap],
      sourceOrganization: [cbs, ap],
      articleSection: 'World',
      keywords: ['Syria', 'Middle East', 'Defections'],
      isAccessibleForFree: true,
    })
  })
})

describe('the built site', () => {
  it('should list the story on one page of the paginated home page', async () => {
    const pages = ['site/index.html', ...(await readdir(path.join(outDir, 'site/page'))).map((number) => `site/page/${number}/index.html`)]
    const headlines: string[] = []
    for (const file of pages) {
      const home = load(await readFile(path.join(outDir, file), 'utf8'))
      home('.story-item-headline a').filter((_, element) => home(element).attr('href') === '/2012/07/06/manaf-tlass-defects/').each((_, element) => {
        headlines.push(home(element).text())
      })
    }
    expect(headlines).toEqual(["Brig. Gen. Manaf Tlass, member of Bashar Assad's inner circle, defects"])
  })

  it('should copy the stylesheet from public/', async () => {
    expect(await readFile(path.join(outDir, 'site/style.css'), 'utf8')).toBe(await readFile('public/style.css', 'utf8'))
  })
})

describe('a build with bad input', () => {
  it('should keep a title that tries to close the script element inside the JSON-LD', async () => {
    const title = 'Evil </script><script>alert(1)</script> & "quotes" ]]> <!--'
    const { root: project, remove } = await tempProject({
      'content/evil.md': `---\ndate: 2012-07-06\ntitle: '${title}'\n---\nCopy with {{ site.title }} and {% raw %} in it.\n`,
    })
    try {
      const result = await buildSite({ root: project })
      expect(result.ok).toBe(true)
      const html = await readFile(path.join(project, '_site/2012/07/06/evil/index.html'), 'utf8')
      const evil = load(html)
      expect(evil('script')).toHaveLength(1)
      expect((JSON.parse(evil('script').text()) as { headline: string }).headline).toBe(title)
      expect(evil('h1').text()).toBe(title)
      expect(evil('.story-lede p').text()).toBe('Copy with {{ site.title }} and {% raw %} in it.')
    } finally {
      await remove()
    }
  })

  it('should never run a data file or render a template that sits in content/', async () => {
    const marker = path.join(tmpdir(), `morgue-ran-${process.pid}`)
    const { root: project, remove } = await tempProject({
      'content/_data/x.cjs': `module.exports = () => { require('fs').writeFileSync(${JSON.stringify(marker)}, 'ran'); return {} }`,
      'content/2012/note.njk': '{{ 7 * 7 }}',
      'content/2012/07/06/story.md': '---\ndate: 2012-07-06\n---\nA headline here\n\nCopy.\n',
    })
    try {
      const result = await buildSite({ root: project })
      expect(result.ok).toBe(true)
      expect(existsSync(marker)).toBe(false)
      expect(existsSync(path.join(project, '_site/2012/note/index.html'))).toBe(false)
      expect(existsSync(path.join(project, '_site/2012/07/06/story/index.html'))).toBe(true)
    } finally {
      await remove()
    }
  })

  it('should stop before writing anything and leave the previous site as it was', async () => {
    const { root: project, remove } = await tempProject({
      '_site/index.html': 'previous site',
      'content/bad.md': `---\ndate: 2012-02-30\n---\nA headline\n\nCopy.\n`,
    })
    try {
      const result = await buildSite({ root: project })
      expect(result.ok).toBe(false)
      expect(result.files[0]?.messages.map((message) => message.ruleId)).toEqual(['invalid-date'])
      expect(await readFile(path.join(project, '_site/index.html'), 'utf8')).toBe('previous site')
    } finally {
      await remove()
    }
  })
})
