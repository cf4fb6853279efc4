/**
 * The build: load and check every story first, then let Eleventy write the
 * site into a staging folder, and swap it in only when everything succeeded.
 */
import { rename, rm } from 'node:fs/promises'
import path from 'node:path'
import { Eleventy } from '@11ty/eleventy'
import type { VFile } from 'vfile'
import { loadContent } from '../load/content.ts'
import type { Story } from '../load/story.ts'
import type { SiteConfig } from '../render/index.ts'
import { morguePlugin, pagesDirectory } from './eleventy-plugin.ts'
import { buildTime } from './plan.ts'
import { readSiteConfig } from './site-config.ts'
import { indexSite } from './search.ts'

export { morguePlugin } from './eleventy-plugin.ts'
export { readSiteConfig, SiteConfigError } from './site-config.ts'

/** What to build. */
export interface BuildOptions {
  /** Project root holding `content/`, `templates/` and `public/`. */
  root: string
  /** Output folder; `_site` under the root by default. */
  outDir?: string | undefined
}

/** What a build did. */
export interface BuildResult {
  ok: boolean
  /** Every story file with its messages. */
  files: VFile[]
  stories: Story[]
  outDir: string
  /** Pages Eleventy wrote (HTML, feeds, sitemaps), not counting copied assets. */
  pages: number
  /** Story pages in the search index. */
  indexed: number
  /** The settings the site was built with. */
  site: SiteConfig
}

/** Build the archive. On failure the previous output is left as it was. */
export async function buildSite(options: Readonly<BuildOptions>): Promise<BuildResult> {
  const root = path.resolve(options.root)
  const outDir = path.resolve(root, options.outDir ?? '_site')
  const site = await readSiteConfig(root)
  const now = buildTime()
  const content = await loadContent(path.join(root, 'content'), { cwd: root, timezone: site.timezone ?? undefined })
  if (content.failed) return { ok: false, files: content.files, stories: [], outDir, pages: 0, indexed: 0, site }

  const staging = `${outDir}.staging-${process.pid}`
  let pages = 0
  let indexed = 0
  await rm(staging, { recursive: true, force: true })
  try {
    const eleventy = new Eleventy(pagesDirectory(root), staging, {
      quietMode: true,
      pathPrefix: site.pathPrefix,
      config: (config) => morguePlugin(config, { stories: content.stories, site, root, now }),
    })
    // morgue reports the build itself; template errors still reach us as exceptions.
    eleventy.disableLogger()
    const [, templates] = (await eleventy.write()) as [unknown, unknown[]]
    pages = templates.length
    indexed = (await indexSite(staging)).pages
    await swapIn(staging, outDir)
  } finally {
    await rm(staging, { recursive: true, force: true })
  }
  return { ok: true, files: content.files, stories: content.stories, outDir, pages, indexed, site }
}

/** Replace `outDir` with `staging` in two renames, so a reader never sees half a site. */
async function swapIn(staging: string, outDir: string): Promise<void> {
  const old = `${outDir}.old-${process.pid}`
  await rm(old, { recursive: true, force: true })
  await rename(outDir, old).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error
  })
  await rename(staging, outDir)
  await rm(old, { recursive: true, force: true })
}
