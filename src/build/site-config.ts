/**
 * The site's settings: `content/_data/site.json` (where Eleventy also finds
 * it as global data), with `MORGUE_URL` overriding the base URL at build time.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { z } from 'zod'
import { defaultSite, type SiteConfig } from '../render/index.ts'

const siteSchema = z.object({
  title: z.string().min(1).default(defaultSite.title),
  description: z.string().default(defaultSite.description),
  url: z.string().url().default(defaultSite.url),
  lang: z.string().min(2).default(defaultSite.lang),
}).strict()

/** A problem in the site settings file, with the file named. */
export class SiteConfigError extends Error {
  constructor(file: string, reason: string) {
    super(`${file}: ${reason}`)
    this.name = 'SiteConfigError'
  }
}

/** Read the site settings of a project, or the defaults when it has none. */
export async function readSiteConfig(root: string, env: NodeJS.ProcessEnv = process.env): Promise<SiteConfig> {
  const file = path.join(root, 'content', '_data', 'site.json')
  let data: unknown = {}
  try {
    data = JSON.parse(await readFile(file, 'utf8'))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new SiteConfigError(path.relative(root, file), error instanceof Error ? error.message : String(error))
    }
  }
  const result = siteSchema.safeParse(data)
  if (!result.success) {
    const issue = result.error.issues[0]
    throw new SiteConfigError(path.relative(root, file), `\`${issue?.path.join('.') ?? ''}\`: ${issue?.message ?? 'invalid'}`)
  }
  const url = env.MORGUE_URL ?? result.data.url
  return { ...result.data, url: url.replace(/\/+$/, '') }
}
