/** A minimal `Story` for tests of the plan, feeds and pages: every field empty unless given. */
import type { Story } from '../../src/load/story.ts'

export function makeStory(permalink: string, overrides: Partial<Story> = {}): Story {
  return {
    file: `${permalink}.md`, slug: 's', permalink, headline: permalink, description: '', dateline: null, credit: null,
    organizations: [], byline: null, published: null, updated: null, updates: [], lede: '', body: [], quotes: [], related: [],
    notices: [], embargo: null, kill: false, tags: [], section: null, source: null, license: null, boilerplate: [],
    draft: false, aliases: [], positions: {}, ...overrides,
  }
}
