/**
 * `morgue preview`: serve a built `_site/` the way a static host serves it,
 * under the site's path prefix, with the headers of `_headers`, the 301s of
 * `_redirects` and `404.html` for a missing page, so what you see is what
 * readers will get.
 */
import { readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import path from 'node:path'
import sirv from 'sirv'

/** One block of a `_headers` file: a path pattern and the headers for it. */
export interface HeaderRule {
  pattern: string
  headers: Array<[string, string]>
}

/**
 * Read a `_headers` file (Netlify and Cloudflare Pages format): a path
 * pattern on its own line, then indented `Name: value` lines.
 */
export function parseHeaders(text: string): HeaderRule[] {
  const rules: HeaderRule[] = []
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.trim().startsWith('#')) continue
    if (!/^\s/.test(line)) {
      rules.push({ pattern: line.trim(), headers: [] })
      continue
    }
    const match = /^\s+([^:\s]+)\s*:\s*(.*)$/.exec(line)
    const rule = rules.at(-1)
    if (match && rule) rule.headers.push([match[1] ?? '', (match[2] ?? '').trim()])
  }
  return rules
}

/** Whether a `_headers` pattern (`/*`, `/pagefind/*`, `/feed.xml`) covers a path. */
export function matchesPattern(pattern: string, pathname: string): boolean {
  const expression = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')
  return new RegExp(`^${expression}$`).test(pathname)
}

/** Read `_redirects`: `from to [status]` per line. */
export function parseRedirects(text: string): Map<string, { to: string; status: number }> {
  const redirects = new Map<string, { to: string; status: number }>()
  for (const line of text.split('\n')) {
    const [from, to, status] = line.trim().split(/\s+/)
    if (!from || !to || from.startsWith('#')) continue
    // Only plain redirects are served here; rewrites (200) and forced rules (301!) are left to the host.
    const code = Number(status ?? 301)
    if (![301, 302, 303, 307, 308].includes(code)) continue
    redirects.set(from, { to, status: code })
  }
  return redirects
}

async function readOptional(file: string): Promise<string> {
  return readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return ''
    throw error
  })
}

/** A path with its %-escapes decoded, or null when they are malformed. */
function safeDecode(pathname: string): string | null {
  try {
    return decodeURIComponent(pathname)
  } catch {
    return null
  }
}

/** What to preview. */
export interface PreviewOptions {
  /** The built site. */
  outDir: string
  /** The path the site is served under (`/` or `/archive/`). */
  pathPrefix: string
  port: number
}

/** Serve the built site as a static host would; resolves once listening. */
export async function previewSite(options: Readonly<PreviewOptions>): Promise<Server> {
  const root = path.resolve(options.outDir)
  const headerRules = parseHeaders(await readOptional(path.join(root, '_headers')))
  const redirects = parseRedirects(await readOptional(path.join(root, '_redirects')))
  const notFound = await readOptional(path.join(root, '404.html'))
  const prefix = options.pathPrefix.replace(/\/$/, '')
  const files = sirv(root, { dev: false, etag: true, dotfiles: false, extensions: ['html'] })
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://localhost')
    const redirect = redirects.get(url.pathname)
    if (redirect) {
      response.writeHead(redirect.status, { Location: redirect.to })
      response.end()
      return
    }
    if (prefix !== '' && !(url.pathname === prefix || url.pathname.startsWith(`${prefix}/`))) {
      response.writeHead(302, { Location: `${prefix}/` })
      response.end()
      return
    }
    const inside = url.pathname.slice(prefix.length) || '/'
    // The host's own files are configuration, never content, however the address is spelled.
    const spelled = safeDecode(inside)?.toLowerCase() ?? null
    if (spelled === null || spelled.startsWith('/_headers') || spelled.startsWith('/_redirects')) {
      response.writeHead(404, { 'Content-Type': 'text/html; charset=utf-8' })
      response.end(notFound)
      return
    }
    for (const rule of headerRules) {
      if (!matchesPattern(rule.pattern, inside)) continue
      for (const [name, value] of rule.headers) response.setHeader(name, value)
    }
    request.url = `${inside}${url.search}`
    files(request, response, () => {
      response.writeHead(404, { 'Content-Type': 'text/html; charset=utf-8' })
      response.end(notFound)
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, '127.0.0.1', () => resolve())
  })
  return server
}
