import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { readSiteConfig, SiteConfigError } from '../src/build/site-config.ts'

let project: string

beforeEach(async () => {
  project = await mkdtemp(path.join(tmpdir(), 'morgue-site-'))
  await mkdir(path.join(project, 'content', '_data'), { recursive: true })
})

afterEach(async () => {
  await rm(project, { recursive: true, force: true })
})

async function settings(value: unknown, env: NodeJS.ProcessEnv = {}) {
  await writeFile(path.join(project, 'content/_data/site.json'), JSON.stringify(value))
  return readSiteConfig(project, env)
}

describe('site settings', () => {
  it('should fill in every default when the file says nothing', async () => {
    expect(await settings({})).toEqual({
      title: 'Morgue',
      description: 'An archive of wire stories.',
      url: 'http://localhost:8080',
      pathPrefix: '/',
      lang: 'en',
      timezone: null,
      publisher: { name: 'Morgue', url: 'http://localhost:8080/' },
      pageSize: 20,
      aliases: {},
    })
  })

  it('should take the path prefix from the base URL', async () => {
    const site = await settings({ url: 'https://example.github.io/newsroom/' })
    expect([site.url, site.pathPrefix]).toEqual(['https://example.github.io/newsroom', '/newsroom/'])
  })

  it('should let MORGUE_URL override the base URL for one build', async () => {
    const site = await settings({ url: 'https://news.example.org' }, { MORGUE_URL: 'https://staging.example.org/archive' })
    expect([site.url, site.pathPrefix]).toEqual(['https://staging.example.org/archive', '/archive/'])
  })

  it('should name the file and the key of a wrong value', async () => {
    await expect(settings({ timezone: 'Mars/Olympus' })).rejects.toThrow(new SiteConfigError('content/_data/site.json', '`timezone` must be an IANA time zone such as America/New_York'))
    await expect(settings({ pageSize: 0 })).rejects.toThrow(/^content\/_data\/site\.json: `pageSize` /)
    await expect(settings({ url: 'ftp://example.org' })).rejects.toThrow(/^content\/_data\/site\.json: `url` must be an http\(s\) address/)
    await expect(settings({ publisher: { name: 'X', url: 'javascript:alert(1)' } })).rejects.toThrow('content/_data/site.json: `publisher.url` must be an http(s) address')
  })

  it('should refuse a key it does not know, so a typo is never silently ignored', async () => {
    await expect(settings({ titel: 'Typo' })).rejects.toThrow(/^content\/_data\/site\.json: /)
  })

  it('should say when the file is not JSON', async () => {
    await writeFile(path.join(project, 'content/_data/site.json'), '{ "title": ')
    await expect(readSiteConfig(project, {})).rejects.toThrow(/^content\/_data\/site\.json: /)
  })
})
