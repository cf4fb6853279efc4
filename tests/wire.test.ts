import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { VFile } from 'vfile'
import { loadStory, type LoadOptions } from '../src/load/index.ts'
import { contract, type Fixture } from './support/contract.ts'

const folder = 'tests/fixtures/wire'
const stories = readdirSync(folder).filter((name) => /\.(?:txt|md)$/.test(name)).sort()

describe('wire copy fixtures', () => {
  it('should have at least 30 fixtures, each with its expectation', () => {
    expect(stories.length).toBeGreaterThanOrEqual(30)
    for (const name of stories) expect(readdirSync(folder)).toContain(name.replace(/\.(?:txt|md)$/, '.json'))
  })

  for (const name of stories) {
    it(`should read ${name} as an editor would`, () => {
      const fixture = JSON.parse(readFileSync(path.join(folder, name.replace(/\.(?:txt|md)$/, '.json')), 'utf8')) as Fixture
      const options: LoadOptions = { date: fixture.options?.date, timezone: fixture.options?.tz }
      const file = new VFile({ path: path.join(folder, name), value: readFileSync(path.join(folder, name), 'utf8') })
      const story = loadStory(file, options)
      expect(file.messages.filter((message) => message.fatal).map(String)).toEqual([])
      expect(story && contract(story)).toEqual(fixture.expected)
    })
  }
})
