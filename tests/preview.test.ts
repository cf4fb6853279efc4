/**
 * `morgue preview` serves the built site as a static host does: headers from
 * `_headers`, 301s from `_redirects`, `404.html` with status 404, all under
 * the path prefix.
 */
import type { Server } from 'node:http'
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildSite } from '../src/build/index.ts'
import { matchesPattern, parseHeaders, parseRedirects, previewSite } from '../src/build/preview.ts'
import { freePort } from '../src/build/serve.ts'
import { tempProject, type TempProject } from './support/project.ts'

describe('host files', () => {
  it('should read _headers blocks and match their path patterns', () => {
    expect(parseHeaders('/*\n  X-Frame-Options: DENY\n  Referrer-Policy: no-referrer\n# comment\n/feed.xml\n  Content-Type: application/atom+xml\n')).toEqual([
      { pattern: '/*', headers: [['X-Frame-Options', 'DENY'], ['Referrer-Policy', 'no-referrer']] },
      { pattern: '/feed.xml', headers: [['Content-Type', 'application/atom+xml']] },
    ])
    expect(matchesPattern('/*', '/2012/07/06/a/')).toBe(true)
    expect(matchesPattern('/pagefind/*', '/pagefind/pagefind.js')).toBe(true)
    expect(matchesPattern('/pagefind/*', '/style.css')).toBe(false)
    expect(matchesPattern('/feed.xml', '/feedxxml')).toBe(false)
  })

  it('should read _redirects lines with their status', () => {
    expect([...parseRedirects('/old/ /new/ 301\n/other.html /x/\n/forced/ /y/ 301!\n/rewrite/ /z/ 200\n')]).toEqual([['/old/', { to: '/new/', status: 301 }], ['/other.html', { to: '/x/', status: 301 }]])
  })
})

describe('the preview server', () => {
  let project: TempProject
  let server: Server
  let base: string

  beforeAll(async () => {
    project = await tempProject({
      'content/_data/site.json': JSON.stringify({ title: 'Preview', url: 'https://example.org/archive/' }),
      'content/bridge.md': '---\ntitle: Bridge reopens\ndate: 2012-07-05\naliases: [/old/bridge/]\n---\nThe bridge reopened.\n',
    })
    await writeFile(path.join(project.root, 'public/_headers'), '/*\n  X-Content-Type-Options: nosniff\n')
    const built = await buildSite({ root: project.root, now: new Date('2012-07-06T00:00:00Z') })
    expect(built.ok).toBe(true)
    const port = await freePort(19300)
    server = await previewSite({ outDir: built.outDir, pathPrefix: '/archive/', port })
    base = `http://127.0.0.1:${port}`
  })

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve))
    await project.remove()
  })

  it('should serve story pages under the prefix with the headers of _headers', async () => {
    const response = await fetch(`${base}/archive/2012/07/05/bridge/`)
    expect(response.status).toBe(200)
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(await response.text()).toContain('<h1 class="story-headline">Bridge reopens</h1>')
  })

  it('should answer an old address with a 301 to the story', async () => {
    const response = await fetch(`${base}/archive/old/bridge/`, { redirect: 'manual' })
    expect(response.status).toBe(301)
    expect(response.headers.get('location')).toBe('/archive/2012/07/05/bridge/')
    // Hosts that do not read _redirects serve the page left at the old address.
    const page = await (await fetch(`${base}/archive/old/bridge/index.html`)).text()
    expect(page).toContain('<meta http-equiv="refresh" content="0; url=/archive/2012/07/05/bridge/">')
    expect(page).toContain('<link rel="canonical" href="https://example.org/archive/2012/07/05/bridge/">')
    expect(page).toContain('<a href="/archive/2012/07/05/bridge/">')
  })

  it('should answer a missing page with 404.html and status 404, and never serve the host files', async () => {
    for (const missing of ['/archive/no/such/page/', '/archive/_headers', '/archive/_redirects', '/archive/%5Fheaders', '/archive/_HEADERS', '/archive/%E0%A4%A']) {
      const response = await fetch(`${base}${missing}`)
      expect(response.status, missing).toBe(404)
      expect(await response.text()).toContain('This page is not in the archive')
    }
  })
})
