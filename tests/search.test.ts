import { existsSync } from 'node:fs'
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { load } from 'cheerio'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { buildSite, type BuildResult } from '../src/build/index.ts'
import { morgue } from './support/cli.ts'
import { tempProject, type TempProject } from './support/project.ts'
import { quietStories } from './support/quiet-stories.ts'

const root = process.cwd()
const chromiumPath = '/usr/bin/chromium'

/**
 * CI installs Chromium and always runs the browser tests (they fail there if it
 * is missing). On a machine without it they are reported as skipped, with the
 * command that installs it, so `npm test` still tells a newcomer the truth.
 */
const runBrowserTests = existsSync(chromiumPath) || process.env.CI !== undefined
if (!runBrowserTests) console.warn(`Skipping the browser tests: Chromium is not at ${chromiumPath} (install it with \`apt-get install -y chromium\`).`)
const tlass = { headline: "Brig. Gen. Manaf Tlass, member of Bashar Assad's inner circle, defects", url: '/2012/07/06/manaf-tlass-defects/' }

/** A static file server over a built site, like any static host, with the site under `prefix`. */
interface StaticHost {
  origin: string
  /** Paths asked for that were not found. */
  missing: string[]
  /** Every path asked for. */
  requested: string[]
  server: Server
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
}

async function startHost(siteDir: string, prefix = '/'): Promise<StaticHost> {
  const missing: string[] = []
  const requested: string[] = []
  const server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://host').pathname)
    requested.push(pathname)
    const notFound = () => {
      missing.push(pathname)
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found')
    }
    if (!pathname.startsWith(prefix)) return notFound()
    const file = path.join(siteDir, pathname.slice(prefix.length), pathname.endsWith('/') ? 'index.html' : '')
    if (!file.startsWith(siteDir)) return notFound()
    readFile(file).then(
      // Pagefind's own files (.pf_meta, .pf_index, .pf_fragment, .pagefind) are plain bytes.
      (body) => response.writeHead(200, { 'content-type': contentTypes[path.extname(file)] ?? 'application/octet-stream' }).end(body),
      notFound,
    )
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { origin: `http://127.0.0.1:${port}`, missing, requested, server }
}

let temp: string
let plain: { result: BuildResult; host: StaticHost }
let prefixed: { result: BuildResult; host: StaticHost }
let browser: Browser | undefined

/** Build the sample archive, with the site's address taken from MORGUE_URL when one is given. */
async function build(outDir: string, url: string | undefined): Promise<BuildResult> {
  const saved = process.env.MORGUE_URL
  if (url === undefined) delete process.env.MORGUE_URL
  else process.env.MORGUE_URL = url
  try {
    const result = await buildSite({ root, outDir })
    expect(result.ok).toBe(true)
    return result
  } finally {
    if (saved === undefined) delete process.env.MORGUE_URL
    else process.env.MORGUE_URL = saved
  }
}

beforeAll(async () => {
  temp = await mkdtemp(path.join(tmpdir(), 'morgue-search-'))
  const plainDir = path.join(temp, 'plain')
  const prefixedDir = path.join(temp, 'prefixed')
  const plainHost = await startHost(plainDir)
  const prefixedHost = await startHost(prefixedDir, '/prefix/')
  plain = { result: await build(plainDir, undefined), host: plainHost }
  prefixed = { result: await build(prefixedDir, `${prefixedHost.origin}/prefix`), host: prefixedHost }
})

afterAll(async () => {
  await browser?.close()
  for (const site of [plain, prefixed]) await new Promise((resolve) => site?.host.server.close(resolve))
  if (temp) await rm(temp, { recursive: true, force: true })
})

/** Every HTML file under a folder, relative to it. */
async function htmlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true })
  return entries.filter((entry) => entry.endsWith('.html')).sort()
}

/** Start Chromium once for the tests that need it; a machine without it fails them, skipping nothing. */
async function launchBrowser(): Promise<void> {
  if (browser) return
  if (!existsSync(chromiumPath)) {
    throw new Error(`The search page tests need Chromium at ${chromiumPath}: install it with \`apt-get install -y chromium\`.`)
  }
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  })
}

let pages: Page[] = []
/** Script errors and failed requests of the pages a test opened. */
let problems: string[] = []

afterEach(async () => {
  for (const page of pages) await page.close()
  pages = []
  const seen = problems
  problems = []
  expect(seen).toEqual([])
})

/** Open the search page and wait until Pagefind has loaded and the form is live. */
async function openSearch(origin: string, query = ''): Promise<Page> {
  if (!browser) throw new Error('launchBrowser() first')
  const page = await browser.newPage()
  pages.push(page)
  page.on('pageerror', (error) => problems.push(`script error: ${error.message}`))
  // The site has no favicon; any other failed request is a broken asset URL.
  page.on('response', (response) => {
    if (response.status() >= 400 && !response.url().endsWith('/favicon.ico')) problems.push(`${response.status()} ${response.url()}`)
  })
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(`console: ${message.text()}`)
  })
  await page.goto(`${origin}/search/${query}`)
  await page.locator('#search-fallback').waitFor({ state: 'hidden', timeout: 10_000 })
  return page
}

/** Wait for the status line to read `status`, then load every page of results and return their links. */
async function resultsAfter(page: Page, status: RegExp): Promise<Array<{ headline: string; url: string }>> {
  await expect.poll(() => page.locator('#search-status').textContent()).toMatch(status)
  while (await page.locator('#search-more').isVisible()) {
    const before = await page.locator('#search-results > li').count()
    await page.locator('#search-more').click()
    await expect.poll(() => page.locator('#search-results > li').count()).toBeGreaterThan(before)
  }
  return page.locator('#search-results .story-item-headline a').evaluateAll((links) =>
    links.map((link) => ({ headline: link.textContent ?? '', url: link.getAttribute('href') ?? '' })),
  )
}

const year = (url: string) => url.slice(1, 5)

describe('the search index', () => {
  it('should write one Pagefind bundle a year, newest first, holding the story pages', async () => {
    const bundles = path.join(plain.result.outDir, 'pagefind')
    const { indexes } = JSON.parse(await readFile(path.join(bundles, 'indexes.json'), 'utf8')) as { indexes: string[] }
    const years = [...new Set(plain.result.stories.map((story) => story.published?.iso?.slice(0, 4)))].sort().reverse()
    expect(indexes).toEqual(years)
    let pages = 0
    for (const name of indexes) {
      const bundle = path.join(bundles, name)
      expect((await stat(path.join(bundle, 'pagefind.js'))).size).toBeGreaterThan(0)
      const entry = JSON.parse(await readFile(path.join(bundle, 'pagefind-entry.json'), 'utf8')) as { languages: Record<string, { page_count: number }> }
      expect((await readdir(path.join(bundle, 'index'))).some((file) => file.endsWith('.pf_index'))).toBe(true)
      expect((await readdir(path.join(bundle, 'filter'))).some((file) => file.endsWith('.pf_filter'))).toBe(true)
      // Pagefind's ready-made interfaces are never loaded, so never shipped.
      expect((await readdir(bundle)).filter((file) => file.startsWith('pagefind-ui'))).toEqual([])
      expect(entry.languages.en?.page_count, name).toBe(plain.result.stories.filter((story) => story.published?.iso?.startsWith(name)).length)
      pages += entry.languages.en?.page_count ?? 0
    }
    // Story pages only: listings, people pages and the search page itself stay out.
    expect(pages).toBe(plain.result.stories.length)
    expect(plain.result.indexed).toBe(plain.result.stories.length)
  })

  it('should keep every page but the search page free of JavaScript', async () => {
    const files = await htmlFiles(plain.result.outDir)
    expect(files).toContain('2012/07/06/manaf-tlass-defects/index.html')
    const withScripts = []
    for (const file of files) {
      const page = load(await readFile(path.join(plain.result.outDir, file), 'utf8'))
      if (page('script:not([type="application/ld+json"]), [onload], [onclick], [onerror]').length > 0) withScripts.push(file)
    }
    expect(withScripts).toEqual(['search/index.html'])
  })

  it('should build a search page with a labelled field, filters and a fallback sentence', async () => {
    const page = load(await readFile(path.join(plain.result.outDir, 'search/index.html'), 'utf8'))
    expect(page('main form[role="search"]')).toHaveLength(1)
    for (const id of ['search-query', 'search-section', 'search-year', 'search-source']) {
      expect(page(`label[for="${id}"]`).text(), id).not.toBe('')
      expect(page(`#${id}`)).toHaveLength(1)
    }
    expect(page('form #search-fallback').text()).toMatch(/needs JavaScript/)
    expect(page('script').attr('src')).toBe('/search.js')
    expect(page('link[href="/search.css"]')).toHaveLength(1)
  })

  it('should leave the previous site when the index cannot be written', async () => {
    const project = await mkdtemp(path.join(tmpdir(), 'morgue-search-bad-'))
    try {
      await cp('templates', path.join(project, 'templates'), { recursive: true })
      await cp('content', path.join(project, 'content'), { recursive: true })
      await mkdir(path.join(project, 'public'))
      // A file where Pagefind's folder must go.
      await writeFile(path.join(project, 'public/pagefind'), 'in the way')
      await mkdir(path.join(project, '_site'))
      await writeFile(path.join(project, '_site/index.html'), 'previous site')
      await expect(buildSite({ root: project })).rejects.toThrow(/search index/)
      expect(await readFile(path.join(project, '_site/index.html'), 'utf8')).toBe('previous site')
      expect((await readdir(project)).filter((name) => name.startsWith('_site'))).toEqual(['_site'])
    } finally {
      await rm(project, { recursive: true, force: true })
    }
  })
})

describe.runIf(runBrowserTests)('the search page in a browser', () => {
  beforeAll(launchBrowser)

  it('should find a story by a word only it has, linking to it', async () => {
    const page = await openSearch(plain.host.origin)
    await page.locator('#search-query').fill('Tlass')
    expect(await resultsAfter(page, /^1 story matches “Tlass”\.$/)).toEqual([tlass])
    expect(page.url()).toBe(`${plain.host.origin}/search/?q=Tlass`)
  })

  it('should narrow the results to the year chosen', async () => {
    const page = await openSearch(plain.host.origin)
    await page.locator('#search-query').fill('president')
    const everywhere = await resultsAfter(page, /^\d+ stories match “president”\.$/)
    expect(new Set(everywhere.map((result) => year(result.url))).size).toBeGreaterThan(1)
    await page.locator('#search-year').selectOption('2019')
    const in2019 = await resultsAfter(page, /^\d+ stories? match(?:es)? “president” in 2019\.$/)
    expect(in2019.length).toBeGreaterThan(0)
    expect(in2019.length).toBeLessThan(everywhere.length)
    expect(new Set(in2019.map((result) => result.url))).toEqual(new Set(everywhere.filter((result) => year(result.url) === '2019').map((result) => result.url)))
  })

  it('should list every story from a source, newest first, when no words are given', async () => {
    const page = await openSearch(plain.host.origin)
    const sources = await page.locator('#search-source option').allTextContents()
    expect(sources).toEqual(['Any', 'CBS News', 'Wikinews'])
    await page.locator('#search-source').selectOption('CBS News')
    expect(await resultsAfter(page, /^1 story in CBS News\.$/)).toEqual([tlass])
    await page.locator('#search-source').selectOption('Wikinews')
    const wikinews = plain.result.stories.filter((story) => story.source?.name === 'Wikinews')
    const found = await resultsAfter(page, new RegExp(`^${wikinews.length} stories in Wikinews\\.$`))
    expect(new Set(found.map((result) => result.url))).toEqual(new Set(wikinews.map((story) => story.permalink)))
    const days = found.map((result) => result.url.slice(1, 11))
    expect(days).toEqual([...days].sort().reverse())
  })

  it('should offer the sections and years of the archive as filters', async () => {
    const page = await openSearch(plain.host.origin)
    expect(await page.locator('#search-section option').allTextContents()).toEqual(['Any', 'World'])
    const years = [...new Set(plain.result.stories.map((story) => story.permalink.slice(1, 5)))].sort().reverse()
    expect(await page.locator('#search-year option').allTextContents()).toEqual(['Any', ...years])
  })
})

describe.runIf(runBrowserTests)('the search page under a path prefix', () => {
  beforeAll(launchBrowser)

  it('should load Pagefind from under the prefix and link results under it', async () => {
    const page = await openSearch(`${prefixed.host.origin}/prefix`, '?q=Tlass')
    expect(await resultsAfter(page, /^1 story matches “Tlass”\.$/)).toEqual([{ ...tlass, url: `/prefix${tlass.url}` }])
    const newest = [...prefixed.result.stories.map((story) => story.published?.iso?.slice(0, 4) ?? '')].sort().reverse()[0]
    expect(prefixed.host.requested).toContain(`/prefix/pagefind/${newest}/pagefind.js`)
    expect(prefixed.host.missing.filter((missing) => missing !== '/favicon.ico')).toEqual([])
    await page.locator('#search-results a').first().click()
    await expect.poll(() => page.locator('h1').textContent()).toBe(tlass.headline)
    expect(page.url()).toBe(`${prefixed.host.origin}/prefix${tlass.url}`)
  })
})

describe.runIf(runBrowserTests)('the search page after the text of a story was edited', () => {
  let project: TempProject
  let host: StaticHost
  // Out of the feeds, and in the middle of its year's list by date.
  const edited = { headline: 'Council meets for session 5', url: '/2001/01/05/council-meeting-5/' }
  /** The site as it was before the edit. */
  let before: StaticHost

  beforeAll(async () => {
    await launchBrowser()
    project = await tempProject(quietStories())
    expect((await morgue(['build', '--now', '2026-11-28T12:00Z'], project.root)).code).toBe(0)
    await cp(path.join(project.root, '_site'), path.join(project.root, 'before'), { recursive: true })
    before = await startHost(path.join(project.root, 'before'))
    // The story's second paragraph reworded: only its own page shows it.
    const file = path.join(project.root, 'content/2001/01/05/council-meeting-5.md')
    await writeFile(file, (await readFile(file, 'utf8')).replace('publish the minutes of session 5', 'publish a transcript of session 5'))
    const rebuilt = await morgue(['build', '--now', '2026-11-28T12:00Z'], project.root)
    expect(rebuilt.stderr).toContain('search: 1 edited story indexed apart from its year')
    host = await startHost(path.join(project.root, '_site'))
  })

  afterAll(async () => {
    for (const served of [host, before]) await new Promise((resolve) => served?.server.close(resolve))
    await project?.remove()
  })

  it('should find the story by its new words and not by its old ones, and list it once', async () => {
    const page = await openSearch(host.origin)
    await page.locator('#search-query').fill('transcript')
    expect(await resultsAfter(page, /^1 story matches “transcript”\.$/)).toEqual([edited])
    await page.locator('#search-query').fill('minutes')
    const minutes = await resultsAfter(page, /^59 stories match “minutes”\.$/)
    expect(minutes.map((result) => result.url)).not.toContain(edited.url)
    await page.locator('#search-query').fill('session')
    const session = await resultsAfter(page, /^60 stories match “session”\.$/)
    expect(new Set(session.map((result) => result.url)).size).toBe(60)
  })

  it('should rank it for words both versions have where it ranked before the edit', async () => {
    const councilBefore = await resultsAfter(await openSearch(before.origin, '?q=council'), /^60 stories match “council”\.$/)
    expect(councilBefore.map((result) => result.url)).toContain(edited.url)
    expect(await resultsAfter(await openSearch(host.origin, '?q=council'), /^60 stories match “council”\.$/)).toEqual(councilBefore)
  })

  it('should tell the versions apart under a path prefix too', async () => {
    const prefixedProject = await tempProject(quietStories())
    const prefixedHost = await startHost(path.join(prefixedProject.root, '_site'), '/prefix/')
    try {
      const env = { ...process.env, MORGUE_URL: `${prefixedHost.origin}/prefix` }
      expect((await morgue(['build', '--now', '2026-11-28T12:00Z'], prefixedProject.root, env)).code).toBe(0)
      const file = path.join(prefixedProject.root, 'content/2001/01/05/council-meeting-5.md')
      await writeFile(file, (await readFile(file, 'utf8')).replace('publish the minutes of session 5', 'publish a transcript of session 5'))
      expect((await morgue(['build', '--now', '2026-11-28T12:00Z'], prefixedProject.root, env)).stderr).toContain('search: 1 edited story indexed apart from its year')
      const page = await openSearch(`${prefixedHost.origin}/prefix`, '?q=transcript')
      expect(await resultsAfter(page, /^1 story matches “transcript”\.$/)).toEqual([{ ...edited, url: `/prefix${edited.url}` }])
      await page.locator('#search-query').fill('minutes')
      expect((await resultsAfter(page, /^59 stories match “minutes”\.$/)).map((result) => result.url)).not.toContain(`/prefix${edited.url}`)
    } finally {
      await new Promise((resolve) => prefixedHost.server.close(resolve))
      await prefixedProject.remove()
    }
  })

  it('should list it in its place by date when no words are given', async () => {
    const page = await openSearch(host.origin)
    await page.locator('#search-year').selectOption('2001')
    const listed = await resultsAfter(page, /^60 stories in 2001\.$/)
    const expected = Array.from({ length: 60 }, (_, index) => 60 - index).map((day) => {
      const date = new Date(Date.UTC(2001, 0, day)).toISOString().slice(0, 10).replaceAll('-', '/')
      return `/${date}/council-meeting-${day}/`
    })
    expect(listed.map((result) => result.url)).toEqual(expected)
    expect(listed.at(-5)).toEqual(edited)
  })
})
