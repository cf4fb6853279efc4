/**
 * The Eleventy side of morgue, as an Eleventy plugin: the stories come from
 * morgue's loader, never from Eleventy reading `content/` as templates, and
 * the page templates under `templates/pages/` paginate over the archive plan.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { UserConfig } from '@11ty/eleventy'
import rssPlugin from '@11ty/eleventy-plugin-rss'
import type { Story } from '../load/story.ts'
import { renderArticle, type SiteConfig } from '../render/index.ts'
import { buildTime, planArchive, type ArchivePlan } from './plan.ts'

/** Options of the morgue Eleventy plugin. */
export interface MorguePluginOptions {
  /** The stories, newest first, or a function that loads them afresh on every build. */
  stories: readonly Story[] | (() => Promise<readonly Story[]>)
  site: Readonly<SiteConfig>
  /** Project root holding `content/`, `templates/` and `public/`. */
  root: string
  /** The build time the news sitemap counts back from; now (or `MORGUE_NOW`) when absent. */
  now?: Date | undefined
}

/** Configure Eleventy to build the archive from loaded stories. */
export function morguePlugin(eleventyConfig: UserConfig, options: MorguePluginOptions): void {
  const { root, site } = options
  eleventyConfig.setInputDirectory(path.join(root, 'content'))
  eleventyConfig.setIncludesDirectory('../templates/layouts')
  eleventyConfig.setLayoutsDirectory('../templates/layouts')
  // Only the virtual page templates below are templates: story files are
  // morgue's to read, and no template engine ever runs over story text.
  eleventyConfig.setTemplateFormats(['njk'])
  eleventyConfig.setNunjucksEnvironmentOptions({ autoescape: true, throwOnUndefined: false })
  // Feed date filters, and the HTML base plugin that puts the path prefix on every link.
  eleventyConfig.addPlugin(rssPlugin)
  const plan = (stories: readonly Story[]): ArchivePlan => planArchive(stories, { pageSize: site.pageSize, aliases: site.aliases, now: options.now ?? buildTime() })
  const { stories } = options
  eleventyConfig.addGlobalData('site', site)
  eleventyConfig.addGlobalData('plan', typeof stories === 'function' ? async () => plan(await stories()) : plan(stories))
  eleventyConfig.addFilter('renderArticle', (story: Story) => renderArticle(story, site))
  eleventyConfig.addPassthroughCopy({ [path.join(root, 'public')]: '/' })
  eleventyConfig.addWatchTarget(path.join(root, 'content'))
  eleventyConfig.addWatchTarget(path.join(root, 'templates'))
  const pages = path.join(root, 'templates', 'pages')
  for (const name of readdirSync(pages).filter((file) => file.endsWith('.njk')).sort()) {
    eleventyConfig.addTemplate(`morgue-pages/${name}`, readFileSync(path.join(pages, name), 'utf8'))
  }
}
