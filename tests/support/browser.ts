/**
 * What the tests that look at the built site share: building the bundled
 * archive once into a temporary folder, serving it the way a static host does,
 * starting Debian's Chromium, and the list of page types every check visits.
 */
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { chromium, type Browser, type Page } from 'playwright-core'
import { buildSite, type BuildResult } from '../../src/build/index.ts'

const repository = path.resolve(import.meta.dirname, '../..')

/** Debian's Chromium, the browser every browser test drives. */
export const chromiumPath = '/usr/bin/chromium'

/** Flags for a quiet headless Chromium in a container: no sandbox, GPU, updates or first-run screens. */
export const chromiumFlags: readonly string[] = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']

/**
 * CI installs Chromium and always runs the browser tests (they fail there if
 * it is missing); a machine without it reports them as skipped.
 */
export const runBrowserTests = existsSync(chromiumPath) || process.env.CI !== undefined

/** Say once why browser tests were skipped, with the command that installs Chromium. */
export function warnWhenSkipped(what: string): void {
  if (!runBrowserTests) console.warn(`Skipping ${what}: Chromium is not at ${chromiumPath} (install it with \`apt-get install -y chromium\`).`)
}

/** Start Chromium; a machine without it fails the test rather than skipping it silently. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) throw new Error(`These tests need Chromium at ${chromiumPath}: install it with \`apt-get install -y chromium\`.`)
  return chromium.launch({ executablePath: chromiumPath, args: [...chromiumFlags] })
}

/** A Chromium that tools other than Playwright (Lighthouse) drive over the DevTools protocol. */
export interface DebuggableChromium {
  /** The DevTools port on 127.0.0.1. */
  port: number
  close: () => Promise<void>
}

/**
 * Start Chromium with a DevTools port of its own choosing, in a throwaway
 * profile, and read the port from the profile's DevToolsActivePort file.
 */
export async function startDebuggableChromium(): Promise<DebuggableChromium> {
  if (!existsSync(chromiumPath)) throw new Error(`These tests need Chromium at ${chromiumPath}: install it with \`apt-get install -y chromium\`.`)
  const profile = await mkdtemp(path.join(tmpdir(), 'morgue-chromium-'))
  const child = spawn(chromiumPath, [...chromiumFlags, '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'], { stdio: 'ignore' })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const close = async () => {
    child.kill()
    await exited
    await rm(profile, { recursive: true, force: true })
  }
  for (let tries = 0; tries < 200; tries++) {
    const first = await readFile(path.join(profile, 'DevToolsActivePort'), 'utf8').then((text) => text.split('\n')[0], () => undefined)
    if (first) return { port: Number(first), close }
    if (child.exitCode !== null) break
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  await close()
  throw new Error('Chromium did not open its DevTools port')
}

/** A built copy of the bundled archive in a temporary folder, and how to remove it. */
export interface BuiltSite {
  result: BuildResult
  /** The site folder. */
  dir: string
  remove: () => Promise<void>
}

/** A fresh temporary folder for a site, which `buildSample` fills and `remove` deletes. */
export async function siteFolder(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const temp = await mkdtemp(path.join(tmpdir(), 'morgue-site-'))
  return { dir: path.join(temp, '_site'), remove: () => rm(temp, { recursive: true, force: true }) }
}

/**
 * Build the bundled archive into `folder` (a new one when absent), its address
 * taken from `url` as `MORGUE_URL` gives it, or from the site settings.
 */
export async function buildSample(url?: string, folder?: { dir: string; remove: () => Promise<void> }): Promise<BuiltSite> {
  const { dir, remove } = folder ?? (await siteFolder())
  const saved = process.env.MORGUE_URL
  if (url === undefined) delete process.env.MORGUE_URL
  else process.env.MORGUE_URL = url
  try {
    const root = await withLifeStories(path.dirname(dir))
    const result = await buildSite({ root, outDir: dir, now: sampleNow })
    if (!result.ok) throw new Error('The bundled archive did not build')
    return { result, dir, remove }
  } catch (error) {
    await remove()
    throw error
  } finally {
    if (saved === undefined) delete process.env.MORGUE_URL
    else process.env.MORGUE_URL = saved
  }
}

/** The moment the sample is built as of, so the pages never change from one run to the next. */
export const sampleNow = new Date('2026-11-28T12:00:00Z')

/** Stories of the life-cycle fixtures added to the sample: a withdrawn story and a corrected one with its history. */
const lifeStories = ['trade-story.txt', 'corrected-bridge.md']

/**
 * A project beside the site folder: the bundled archive plus the stories
 * that show the pages the sample alone has none of (a withdrawal notice, a
 * correction with an update history, a redirect).
 */
async function withLifeStories(folder: string): Promise<string> {
  const root = path.join(folder, 'project')
  for (const part of ['templates', 'public', 'content']) await cp(path.join(repository, part), path.join(root, part), { recursive: true })
  for (const name of lifeStories) await cp(path.join(repository, 'tests/fixtures/life', name), path.join(root, 'content/life', name))
  return root
}

/** Every HTML file of a built site, relative to its folder, sorted. */
export async function htmlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true })
  return entries.filter((entry) => entry.endsWith('.html')).map((entry) => entry.split(path.sep).join('/')).sort()
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
}

/** A static host over a built site: what it served, what it could not, and its address. */
export interface StaticHost {
  /** `http://127.0.0.1:PORT`, without the path prefix. */
  origin: string
  /** Every path asked for. */
  requested: string[]
  /** Paths asked for that were not found (served the site's 404 page). */
  missing: string[]
  close: () => Promise<void>
}

/**
 * The Content-Security-Policy each response is served with: nothing but the
 * site itself, so no inline style or script and nothing from elsewhere.
 * Pagefind's files also need 'wasm-unsafe-eval' (WebAssembly, still no
 * JavaScript eval): its worker compiles the index's WebAssembly under the
 * policy of the worker script's own response, not the search page's.
 */
export function contentSecurityPolicy(pathname: string, prefix = '/'): string {
  return pathname.startsWith(`${prefix}pagefind/`) ? "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'" : "default-src 'self'"
}

/**
 * Serve `dir` under `prefix` as a plain static host does: `index.html` for a
 * folder, gzip when the browser accepts it, and the site's `404.html` with
 * status 404 for anything else; every page under the strict policy above.
 * The port is free and random.
 */
export async function startHost(dir: string, prefix = '/'): Promise<StaticHost> {
  const requested: string[] = []
  const missing: string[] = []
  const server: Server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://host').pathname)
    requested.push(pathname)
    const gzip = /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))
    const send = (status: number, file: string, body: Buffer) => {
      const headers: Record<string, string> = { 'content-type': contentTypes[path.extname(file)] ?? 'application/octet-stream' }
      headers['content-security-policy'] = contentSecurityPolicy(pathname, prefix)
      if (gzip) headers['content-encoding'] = 'gzip'
      response.writeHead(status, headers).end(gzip ? gzipSync(body) : body)
    }
    const notFound = () => {
      missing.push(pathname)
      const page = path.join(dir, '404.html')
      readFile(page).then((body) => send(404, page, body), () => response.writeHead(404).end())
    }
    if (!pathname.startsWith(prefix)) return notFound()
    const file = path.join(dir, pathname.slice(prefix.length), pathname.endsWith('/') ? 'index.html' : '')
    if (!file.startsWith(dir)) return notFound()
    readFile(file).then((body) => send(200, file, body), notFound)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    requested,
    missing,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

/** One kind of page the archive builds, and a page of that kind in the bundled archive. */
export interface PageType {
  /** Short name, used in test titles and screenshot files. */
  name: string
  /** Site-relative path, without the path prefix. */
  path: string
  /** What to wait for once the page has loaded, for pages a script fills in. */
  ready?: (page: Page) => Promise<void>
}

/** The seed story: the page the size budget and Lighthouse measure. */
export const seedStory = '/2012/07/06/manaf-tlass-defects/'

/**
 * Every kind of page a reader can reach, each once. Add a kind here and every
 * check (accessibility, screenshots, layout shift) covers it.
 */
export const pageTypes: readonly PageType[] = [
  { name: 'home', path: '/' },
  { name: 'article', path: seedStory },
  { name: 'year', path: '/2012/' },
  { name: 'month', path: '/2012/07/' },
  { name: 'day', path: '/2012/07/06/' },
  { name: 'section', path: '/sections/world/' },
  { name: 'sections', path: '/sections/' },
  { name: 'tag', path: '/tags/syria/' },
  { name: 'tags', path: '/tags/' },
  { name: 'person', path: '/people/hillary-clinton/' },
  { name: 'quotes', path: '/quotes/' },
  {
    name: 'search',
    path: '/search/?q=Syria',
    ready: async (page) => {
      await page.locator('#search-results > li').first().waitFor({ timeout: 10_000 })
    },
  },
  { name: 'not-found', path: '/no-such-story/' },
  { name: 'withdrawn', path: '/2012/07/06/trade-story/' },
  { name: 'corrected', path: '/2012/07/05/corrected-bridge/' },
]
