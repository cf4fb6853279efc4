/**
 * The Eleventy side of morgue, as an Eleventy plugin: the stories come from
 * morgue's loader, never from Eleventy reading `content/`, and the page
 * templates under `templates/pages/` paginate over the archive plan.
 */
import path from 'node:path'
import type { UserConfig } from '@11ty/eleventy'
import rssPlugin from '@11ty/eleventy-plugin-rss'
import type { Story } from '../load/story.ts'
import { absoluteUrl, renderArticle, type SiteConfig } from '../render/index.ts'
import { buildTime, planArchive, type ArchivePlan } from './plan.ts'
import { eleventyTemplates, fieldsRead } from './eleventy-cache.ts'

/** Options of the morgue Eleventy plugin. */
export interface MorguePluginOptions {
  /** The stories, newest first, or a function that loads them afresh on every build. */
  stories: readonly Story[] | (() => Promise<readonly Story[]>)
  /** The plan of `stories` when the caller has already made it. */
  plan?: ArchivePlan | undefined
  /** Told the plan of each build, to write the story, listing and person pages from it (see pages.ts). */
  onPlan?: ((plan: ArchivePlan) => void) | undefined
  site: Readonly<SiteConfig>
  /** Project root holding `content/`, `templates/` and `public/`. */
  root: string
  /** The build time embargoes, ages and the news sitemap are judged at; now (or `MORGUE_NOW`) when absent. */
  now?: Date | undefined
  /** Publish drafts too. */
  drafts?: boolean | undefined
  /** A plan already made for this build (the dev server plans a story edit before Eleventy rebuilds); null when none. */
  takePlan?: (() => ArchivePlan | null) | undefined
}

/** Configure Eleventy to build the archive from loaded stories. */
export function morguePlugin(eleventyConfig: UserConfig, options: MorguePluginOptions): void {
  const { root, site } = options
  // Eleventy's hints about slow filters are for template authors; morgue reports its own progress.
  eleventyConfig.benchmarkManager.get('Configuration').setIsVerbose(false)
  eleventyConfig.benchmarkManager.get('Aggregate').setIsVerbose(false)
  // Eleventy reads only the page templates: never content/, so no story,
  // data file or stray template there is ever run or rendered by Eleventy.
  eleventyConfig.setInputDirectory(pagesDirectory(root))
  eleventyConfig.setIncludesDirectory('../layouts')
  eleventyConfig.setLayoutsDirectory('../layouts')
  eleventyConfig.setTemplateFormats(['njk'])
  eleventyConfig.setNunjucksEnvironmentOptions({ autoescape: true, throwOnUndefined: false })
  // Feed date filters, and the HTML base plugin that puts the path prefix on every link.
  eleventyConfig.addPlugin(rssPlugin)
  const plan = (stories: readonly Story[]): ArchivePlan => {
    const planned = planStories(stories, options)
    options.onPlan?.(planned)
    return planned
  }
  const { stories } = options
  eleventyConfig.addGlobalData('site', site)
  // Eleventy writes the site's few pages (feeds, sitemaps, indexes, search);
  // the many story, listing and person pages are written by pages.ts.
  // Eleventy is given only the parts of the plan its templates name, read afresh each build: not every story and listing.
  const view = (planned: ArchivePlan) => planView(fieldsRead(eleventyTemplates(root)))(planned)
  eleventyConfig.addGlobalData('plan', typeof stories === 'function' ? async () => view(options.takePlan?.() ?? plan(await stories())) : view(options.plan ?? plan(stories)))
  eleventyConfig.addFilter('renderArticle', (story: Story) => renderArticle(story, site))
  // For the few places the HTML base plugin does not rewrite: `_redirects` and meta refresh.
  eleventyConfig.addFilter('withPathPrefix', (url: string) => `${site.pathPrefix.replace(/\/$/, '')}${url}`)
  eleventyConfig.addFilter('siteUrl', (url: string) => absoluteUrl(site, url))
  eleventyConfig.addPassthroughCopy({ [path.join(root, 'public')]: '/' })
  eleventyConfig.addWatchTarget(path.join(root, 'content'))
  eleventyConfig.addWatchTarget(path.join(root, 'templates'))
}

/** The plan with only `fields` (all of it when null). */
function planView(fields: ReadonlySet<keyof ArchivePlan> | null): (plan: ArchivePlan) => Partial<ArchivePlan> {
  if (fields === null) return (plan) => plan
  return (plan) => Object.fromEntries([...fields].filter((field) => field in plan).map((field) => [field, plan[field]]))
}

/** Plan stories as the plugin does: with the site's page size and aliases, as of the build time. */
export function planStories(stories: readonly Story[], options: Readonly<Pick<MorguePluginOptions, 'site' | 'now' | 'drafts'>>): ArchivePlan {
  return planArchive(stories, { pageSize: options.site.pageSize, aliases: options.site.aliases, now: options.now ?? buildTime(), drafts: options.drafts ?? false })
}

/** The folder Eleventy builds from: the page templates, which paginate over the plan. */
export function pagesDirectory(root: string): string {
  return path.join(root, 'templates', 'pages')
}
