/**
 * Permalinks checked across the whole content folder: no two stories at one
 * address, and no story at an address the archive builds itself or copies
 * from `public/`. Either would make one page silently replace the other, or
 * stop the build half-way.
 */
import { readdir } from 'node:fs/promises'
import type { VFile } from 'vfile'
import type { Point, Story } from './story.ts'
import { reportError } from './problems.ts'

/**
 * The first path segments the archive builds pages or files under, with what
 * it builds there. These are the addresses of `templates/pages/`, the archive
 * plan and the search index; `tests/hostile-input.test.ts` checks every page
 * of a real build against them, so a new kind of page cannot be missed.
 */
const archiveRoots: ReadonlyMap<string, string> = new Map([
  ['page', 'the later pages of the home page'],
  ['sections', 'the section pages'],
  ['tags', 'the tag pages'],
  ['people', 'the pages of people quoted'],
  ['quotes', 'the page of who said what'],
  ['search', 'the search page'],
  ['pagefind', 'the search index'],
  ['sitemaps', 'the parts of the sitemap'],
  ['feed.xml', 'the Atom feed'],
  ['rss.xml', 'the RSS feed'],
  ['feed.json', 'the JSON Feed'],
  ['sitemap.xml', 'the sitemap'],
  ['news-sitemap.xml', 'the news sitemap'],
  ['robots.txt', 'the robots.txt file'],
  ['404.html', 'the page for missing addresses'],
  ['_headers', 'the host headers file'],
  ['_redirects', 'the host redirects file'],
])

/** Date pages: a year, a month or a day, and their later pages (`/2012/07/06/page/2/`). */
const datePage = /^\/\d{4}\/(?:\d{2}\/(?:\d{2}\/)?)?(?:page\/\d+\/)?$/

/** What the archive itself puts at a permalink, or null when the address is free. */
export function archivePageAt(permalink: string): string | null {
  const lower = permalink.toLowerCase()
  if (lower === '/') return 'the home page'
  if (datePage.test(lower)) return 'a date page of the archive'
  const first = lower.split('/')[1] ?? ''
  return archiveRoots.get(first) ?? null
}

/** Names at the top of a public folder, by their lower-case form; none when there is no folder. */
export async function publicNames(publicDir: string): Promise<Map<string, string>> {
  const entries = await readdir(publicDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return []
    throw error
  })
  return new Map(entries.map((name) => [name.toLowerCase(), name]))
}

/** Report every story whose permalink another story, an archive page or a public file already has. */
export function checkPermalinks(files: readonly VFile[], stories: readonly Story[], publicFiles: ReadonlyMap<string, string> = new Map()): void {
  const byPath = new Map(files.map((file) => [file.path, file]))
  const seen = new Map<string, Story>()
  for (const story of stories) {
    const file = byPath.get(story.file)
    if (!file) continue
    const reserved = reservedReason(story.permalink, publicFiles)
    if (reserved !== null) {
      reportError(file, `Permalink \`${story.permalink}\` is taken by ${reserved}: give this story another permalink`, permalinkPlace(story), 'reserved-permalink')
      continue
    }
    // Hosts differ on case: two addresses differing only in case are one.
    const key = story.permalink.toLowerCase()
    const earlier = seen.get(key)
    if (!earlier) {
      seen.set(key, story)
      continue
    }
    reportError(file, `Permalink \`${story.permalink}\` is already used by ${earlier.file}: give this story another slug or date`, story.positions.headline, 'duplicate-permalink')
  }
}

function reservedReason(permalink: string, publicFiles: ReadonlyMap<string, string>): string | null {
  const page = archivePageAt(permalink)
  if (page !== null) return page
  const name = publicFiles.get(permalink.split('/')[1]?.toLowerCase() ?? '')
  return name === undefined ? null : `\`public/${name}\`, which the site copies to \`/${name}\``
}

/** Where the permalink was given: its front-matter key, else the slug's, else the headline. */
function permalinkPlace(story: Story): Point | undefined {
  return story.positions.permalink ?? story.positions.headline
}
