/**
 * `morgue serve`: build with Eleventy's dev server, rebuilding and reloading
 * the browser when a story, template or asset changes.
 */
import path from 'node:path'
import { Eleventy } from '@11ty/eleventy'
import { morguePlugin } from './eleventy-plugin.ts'
import { readSiteConfig } from './site-config.ts'
import { loadStoriesOrThrow } from './stories.ts'
import { indexSite } from './search.ts'

/** What to serve, and where. */
export interface ServeOptions {
  root: string
  port: number
}

/** Build, serve and watch until interrupted. */
export async function serveSite(options: Readonly<ServeOptions>): Promise<void> {
  const root = path.resolve(options.root)
  const site = await readSiteConfig(root, { ...process.env, MORGUE_URL: process.env.MORGUE_URL ?? `http://localhost:${options.port}` })
  const eleventy = new Eleventy(path.join(root, 'content'), path.join(root, '_site'), {
    runMode: 'serve',
    quietMode: true,
    pathPrefix: site.pathPrefix,
    config: (config) => {
      morguePlugin(config, { stories: () => loadStoriesOrThrow(root, site.timezone), site, root })
      config.setServerOptions({ port: options.port, showAllHosts: false })
      // Keep search working while editing: index each rebuild as the build does.
      config.on('eleventy.after', () => indexSite(path.join(root, '_site')))
    },
  })
  await eleventy.init()
  await eleventy.watch()
  await eleventy.serve(options.port)
  process.once('SIGINT', () => {
    void eleventy.stopWatch().then(() => process.exit(0))
  })
}
