/**
 * Eleventy configuration, for running Eleventy directly:
 *   node --import tsx node_modules/@11ty/eleventy/cmd.cjs --config=eleventy.config.ts
 * `npm run build` and `npm start` use the same plugin through morgue's CLI,
 * which also checks every story first and swaps the output in atomically.
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { UserConfig } from '@11ty/eleventy'
import { readSiteConfig } from './src/build/index.ts'
import { morguePlugin } from './src/build/eleventy-plugin.ts'
import { loadStoriesOrThrow } from './src/build/stories.ts'
import { writePagesInPlace } from './src/build/pages.ts'
import type { ArchivePlan } from './src/build/plan.ts'

const root = path.dirname(fileURLToPath(import.meta.url))

export default async function (eleventyConfig: UserConfig): Promise<{ pathPrefix: string }> {
  const site = await readSiteConfig(root)
  let plan: ArchivePlan | null = null
  morguePlugin(eleventyConfig, { stories: () => loadStoriesOrThrow(root, site.timezone), site, root, onPlan: (planned) => { plan = planned } })
  // Eleventy writes the few site pages; the story, listing and person pages follow.
  eleventyConfig.on('eleventy.after', async ({ directories }: { directories: { output: string } }) => {
    if (plan) await writePagesInPlace({ root, outDir: path.resolve(directories.output), site, plan })
  })
  return { pathPrefix: site.pathPrefix }
}
