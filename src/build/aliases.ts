/**
 * Old addresses of stories (front matter `aliases`) must lead to one story
 * and must not hide a page the archive already has.
 */
import type { VFile } from 'vfile'
import { reportError } from '../load/problems.ts'
import type { Story } from '../load/story.ts'
import type { ArchivePlan } from './plan.ts'

/** Page addresses of a plan that an alias may not take, lower-cased. */
function pageUrls(plan: ArchivePlan): Set<string> {
  return new Set([
    ...plan.stories.map((story) => story.permalink),
    ...plan.withdrawn.map((page) => page.url),
    ...plan.listings.map((listing) => listing.url),
    ...plan.people.map((person) => person.url),
    '/sections/', '/tags/', '/quotes/', '/search/', '/404.html', '/feed.xml', '/rss.xml', '/feed.json', '/robots.txt', '/_redirects', '/_headers',
    ...plan.sitemaps.map((sitemap) => sitemap.url),
  ].map((url) => url.toLowerCase()))
}

/** Report every alias that collides with a page or with another story's alias; true when all are fine. */
export function checkAliases(files: readonly VFile[], stories: readonly Story[], plan: ArchivePlan): boolean {
  const taken = pageUrls(plan)
  const owners = new Map<string, Story>()
  let ok = true
  const byPath = new Map<string, VFile>()
  for (const file of files) byPath.set(file.path, file)
  for (const story of stories) {
    const file = byPath.get(story.file)
    for (const alias of story.aliases) {
      const key = alias.toLowerCase()
      const other = owners.get(key)
      let reason: string | null = null
      if (taken.has(key) || taken.has(`${key}/`) || taken.has(key.replace(/index\.html?$/, ''))) {
        reason = `Alias \`${alias}\` is the address of a page the archive already has: remove it, or give the old address exactly`
      } else if (other && other !== story) {
        reason = `Alias \`${alias}\` is also an alias of ${other.file}: an old address can lead to one story only`
      }
      owners.set(key, other ?? story)
      if (reason === null || !file) continue
      reportError(file, reason, story.positions.aliases, 'invalid-alias')
      ok = false
    }
  }
  return ok
}
