/**
 * Every kind of page in Chromium, light and dark: axe-core finds no WCAG 2.2
 * AA or best-practice violation, nothing moves once drawn (layout shift 0),
 * nothing is fetched from another origin or blocked by a strict
 * Content-Security-Policy, and no text runs off a phone's screen.
 * Screenshots of each page at phone and desktop widths, light and dark, are
 * saved in `test-results/screenshots/` for a person to look at.
 *
 * The page kinds are listed once, in `pageTypes` (tests/support/browser.ts):
 * add one there and every check here covers it.
 */
import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import axe from 'axe-core'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildSample, contentSecurityPolicy, launchChromium, pageTypes, runBrowserTests, startHost, warnWhenSkipped, type BuiltSite, type PageType, type StaticHost } from './support/browser.ts'

warnWhenSkipped('the accessibility and layout tests')

const screenshots = path.join(process.cwd(), 'test-results', 'screenshots')
const schemes = ['light', 'dark'] as const
type Scheme = (typeof schemes)[number]
/** A small phone and a desktop window. */
const widths = [375, 1280] as const

/** One axe violation, as a line a person can act on. */
interface Violation {
  id: string
  impact: string | null
  help: string
  nodes: string[]
}

/**
 * Before any page script: record the layout shifts from the first paint, as
 * CLS counts them, and what the Content-Security-Policy blocked.
 */
const recordShiftsAndViolations = `
  window.__layoutShifts = []
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__layoutShifts.push({ value: entry.value, at: entry.startTime })
  }).observe({ type: 'layout-shift', buffered: true })
  window.__policyViolations = []
  document.addEventListener('securitypolicyviolation', (event) => {
    window.__policyViolations.push(event.violatedDirective + ' blocked ' + (event.blockedURI || 'inline') + ' at ' + event.sourceFile + ':' + event.lineNumber)
  })
`

/**
 * Run axe on the whole document: in light mode with every rule but the
 * experimental ones; in dark mode with the rules about colour, the only thing
 * the dark scheme changes (it swaps the colour variables and nothing else).
 */
const runAxe = (scheme: Scheme) => `axe.run(document, {
  resultTypes: ['violations'],
  ${scheme === 'dark' ? "runOnly: ['color-contrast', 'link-in-text-block']," : ''}
}).then((results) => results.violations.map((violation) => ({
  id: violation.id,
  impact: violation.impact ?? null,
  help: violation.help,
  nodes: violation.nodes.map((node) => node.target.join(' ') + ': ' + (node.failureSummary ?? '').replace(/\\s+/g, ' ')),
})))`

let site: BuiltSite
let host: StaticHost
let browser: Browser
let context: BrowserContext

beforeAll(async () => {
  if (!runBrowserTests) return
  site = await buildSample()
  host = await startHost(site.dir)
  browser = await launchChromium()
  context = await browser.newContext({ colorScheme: 'light', viewport: { width: widths[0], height: 800 } })
  await context.addInitScript(recordShiftsAndViolations)
  await mkdir(screenshots, { recursive: true })
})

afterAll(async () => {
  await browser?.close()
  await host?.close()
  await site?.remove()
})

/** Open a page type, recording script errors and requests that fail or leave the site. */
async function open(type: PageType): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage()
  const problems: string[] = []
  page.on('pageerror', (error) => problems.push(`script error: ${error.message}`))
  page.on('request', (request) => {
    if (!request.url().startsWith(`${host.origin}/`)) problems.push(`request to another origin: ${request.url()}`)
  })
  page.on('response', (response) => {
    // The not-found page is meant to answer 404; nothing it loads may.
    if (response.status() >= 400 && !(type.name === 'not-found' && response.request().resourceType() === 'document')) {
      problems.push(`${response.status()} ${response.url()}`)
    }
  })
  await page.goto(`${host.origin}${type.path}`, { waitUntil: 'load' })
  await type.ready?.(page)
  return { page, problems }
}

/** The page's width in CSS pixels, wider than the window when something runs off it. */
const pageWidth = (page: Page) => page.evaluate<number>('document.documentElement.scrollWidth')

/** Save full-page screenshots at each width, leaving the window at the first. */
async function screenshot(page: Page, name: string, scheme: Scheme): Promise<void> {
  for (const width of [...widths].reverse()) {
    await page.setViewportSize({ width, height: 800 })
    expect(await pageWidth(page), `page width at ${width} px, ${scheme}`).toBeLessThanOrEqual(width)
    await page.screenshot({ path: path.join(screenshots, `${name}-${width}-${scheme}.png`), fullPage: true })
  }
}

describe.runIf(runBrowserTests).concurrent('every kind of page in Chromium', () => {
  for (const type of pageTypes) {
    // Tried up to three times: a few times in many full runs, on a machine busy with the other tests, a page
    // with no script, image or web font measured a shift (0.0017 to 0.029; the sections and month pages),
    // which thirty visits beside three busy loops never showed. A shift the page's own images, fonts or
    // scripts cause happens on every visit, and fails every try.
    it(`should show the ${type.name} page (${type.path}) light and dark with no axe violation, no layout shift and nothing off-screen`, { retry: 2 }, async () => {
      const { page, problems } = await open(type)
      try {
        // Measured on a second visit, once the document is parsed: on a machine busy with other
        // tests, a first visit can arrive and be painted piecemeal (the stylesheet, the fonts the
        // system resolves, half the document), and what comes next moves what was painted. What
        // the page's own images, fonts and scripts move happens on every visit, and must be nothing.
        await page.reload({ waitUntil: 'load' })
        await type.ready?.(page)
        // Two frames after load: anything that would move has moved.
        await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))')
        const shift = `window.__layoutShifts.filter((shift) => shift.at >= performance.getEntriesByType('navigation')[0].domContentLoadedEventStart).reduce((sum, shift) => sum + shift.value, 0)`
        expect(await page.evaluate<number>(shift), 'layout shift').toBe(0)
        expect(await page.evaluate<string[]>('window.__policyViolations'), `blocked by ${contentSecurityPolicy(type.path)}`).toEqual([])
        await page.evaluate(axe.source)
        for (const scheme of schemes) {
          await page.emulateMedia({ colorScheme: scheme })
          expect(await page.evaluate<Violation[]>(runAxe(scheme)), `axe, ${scheme}`).toEqual([])
          await screenshot(page, type.name, scheme)
        }
        // The narrowest phone still in use: nothing may run off its screen.
        await page.setViewportSize({ width: 320, height: 640 })
        expect(await pageWidth(page), 'page width at 320 px').toBeLessThanOrEqual(320)
        expect(problems).toEqual([])
      } finally {
        await page.close()
      }
    })
  }
})

/** The page type called `name`. */
function pageType(name: string): PageType {
  const type = pageTypes.find((candidate) => candidate.name === name)
  if (!type) throw new Error(`no page type ${name}`)
  return type
}

describe.runIf(runBrowserTests)('the keyboard', () => {
  it('should reach the skip link first, show it on screen and move on into the main content', async () => {
    const article = pageType('article')
    const { page, problems } = await open(article)
    try {
      await page.keyboard.press('Tab')
      expect(await page.evaluate<string>('document.activeElement.textContent')).toBe('Skip to content')
      expect(await page.evaluate<number>('document.activeElement.getBoundingClientRect().top')).toBeGreaterThanOrEqual(0)
      expect(await page.evaluate<string>('getComputedStyle(document.activeElement).outlineStyle')).toBe('solid')
      await page.keyboard.press('Enter')
      // The browser follows the link as a navigation within the page: the address changes a moment later.
      await expect.poll(() => page.url()).toBe(`${host.origin}${article.path}#main`)
      // The next stop is inside the main content, with its focus ring showing.
      await page.keyboard.press('Tab')
      expect(await page.evaluate<boolean>('document.querySelector("main").contains(document.activeElement)')).toBe(true)
      expect(await page.evaluate<string>('getComputedStyle(document.activeElement).outlineStyle')).toBe('solid')
      expect(problems).toEqual([])
    } finally {
      await page.close()
    }
  })
})

describe.runIf(runBrowserTests)('a story on paper', () => {
  it('should print the story black on white with its source address and its own, without navigation, even from dark mode', async () => {
    const story = site.result.stories.find((candidate) => candidate.source?.url)
    if (!story?.source?.url) throw new Error('no bundled story has a source address')
    const { page, problems } = await open({ name: 'article', path: story.permalink })
    try {
      await page.emulateMedia({ media: 'print', colorScheme: 'dark' })
      expect(await page.evaluate<string[]>('[getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).color]')).toEqual(['rgb(255, 255, 255)', 'rgb(0, 0, 0)'])
      for (const furniture of ['.masthead', '.site-footer', '.story-neighbours', '.skip-link']) {
        expect(await page.locator(furniture).isVisible(), furniture).toBe(false)
      }
      expect(await page.locator('.story-headline').isVisible()).toBe(true)
      expect(await page.locator('.story-meta time').first().isVisible()).toBe(true)
      const after = await page.evaluate<string>(`getComputedStyle(document.querySelector('.story-source a[href^="http"]'), '::after').content`)
      expect(after).toBe(`" (${story.source.url})"`)
      expect(await page.locator('.print-only').textContent()).toBe(`${site.result.site.title}: ${site.result.site.url}${story.permalink}`)
      await page.emulateMedia({ media: 'screen' })
      expect(await page.locator('.print-only').isVisible()).toBe(false)
      expect(problems).toEqual([])
    } finally {
      await page.close()
    }
  })
})
