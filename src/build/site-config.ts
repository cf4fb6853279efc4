/**
 * The site's settings: `content/_data/site.json`, checked here and handed to
 * Eleventy as global data, with `MORGUE_URL` overriding the base URL at build time.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { IANAZone } from 'luxon'
import { z } from 'zod'
import { defaultSite, type SiteConfig } from '../render/index.ts'

const siteSchema = z.object({
  title: z.string().min(1).default(defaultSite.title),
  description: z.string().default(defaultSite.description),
  url: z.string().url().refine((url) => /^https?:\/\//.test(url) && !/[?#]/.test(url), 'must be an http(s) address without a query or fragment').default(defaultSite.url),
  lang: z.string().regex(/^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/, 'must be a language tag such as en or en-GB').default(defaultSite.lang),
  timezone: z.string().refine((zone) => IANAZone.isValidZone(zone), 'must be an IANA time zone such as America/New_York').nullable().default(null),
  publisher: z.object({
    name: z.string().min(1),
    url: z.string().url().refine((url) => /^https?:\/\//.test(url), 'must be an http(s) address').nullable().default(null),
  }).strict().optional(),
  pageSize: z.number().int().min(1).max(1000).default(defaultSite.pageSize),
  aliases: z.record(z.string(), z.array(z.string())).default({}),
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
  const name = path.relative(root, file)
  let data: unknown = {}
  try {
    data = JSON.parse(await readFile(file, 'utf8'))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new SiteConfigError(name, error instanceof Error ? error.message : String(error))
    }
  }
  const result = siteSchema.safeParse(env.MORGUE_URL ? { ...(data as object), url: env.MORGUE_URL } : data)
  if (!result.success) {
    const issue = result.error.issues[0]
    throw new SiteConfigError(name, `\`${issue?.path.join('.') ?? ''}\` ${issue?.message ?? 'is invalid'}`)
  }
  const settings = result.data
  const url = settings.url.replace(/\/+$/, '')
  const pathname = new URL(`${url}/`).pathname
  return {
    ...settings,
    url,
    pathPrefix: pathname,
    publisher: settings.publisher ?? { name: settings.title, url: `${url}/` },
  }
}
