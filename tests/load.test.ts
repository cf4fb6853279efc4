import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { VFile } from 'vfile'
import { loadStory } from '../src/load/index.ts'
import type { Story } from '../src/load/story.ts'
import { loadContent } from '../src/load/content.ts'
import { tempProject } from './support/project.ts'
import path from 'node:path'

const seedPath = 'content/2012/07/06/manaf-tlass-defects.md'
const seedText = readFileSync(seedPath, 'utf8')
const wireText = readFileSync('tests/fixtures/seed/wire.txt', 'utf8')

function load(value: string, path = 'content/2012/07/06/story.md', options?: Parameters<typeof loadStory>[1]): { story: Story | null; file: VFile } {
  const file = new VFile({ path, value })
  return { story: loadStory(file, options), file }
}

function loadSeed(): Story {
  const { story, file } = load(seedText, seedPath)
  expect(file.messages.filter((message) => message.fatal)).toEqual([])
  if (!story) throw new Error('the seed did not load')
  return story
}

describe('the seed story', () => {
  it('should keep the wire text unchanged as the body of the content file', () => {
    expect(seedText.endsWith(wireText)).toBe(true)
  })

  it('should read the headline line as the headline', () => {
    const story = loadSeed()
    expect(story.headline).toBe("Brig. Gen. Manaf Tlass, member of Bashar Assad's inner circle, defects")
    expect(story.positions.headline).toEqual({ line: 13, column: 1 })
  })

  it('should read the credit and no dateline from the (CBS/AP) lede', () => {
    const story = loadSeed()
    expect(story.credit).toBe('CBS/AP')
    expect(story.dateline).toBeNull()
    expect(story.byline).toBeNull()
    expect(story.organizations).toEqual([
      { name: 'CBS News', url: 'https://www.cbsnews.com/' },
      { name: 'The Associated Press', url: 'https://apnews.com/' },
    ])
  })

  it('should resolve "Updated at 11:59 a.m. Eastern" on the front-matter date in New York time', () => {
    const story = loadSeed()
    expect(story.updated).toEqual({
      text: 'Updated at 11:59 a.m. Eastern',
      iso: '2012-07-06T11:59:00-04:00',
      zone: 'America/New_York',
      hasTime: true,
    })
    expect(story.published).toEqual({ text: null, iso: '2012-07-06', zone: 'America/New_York', hasTime: false })
    expect(story.positions.updated).toEqual({ line: 15, column: 1 })
  })

  it('should take the lede without its credit and keep all 20 paragraphs in order', () => {
    const story = loadSeed()
    expect(story.lede).toBe(
      "The defection of a member of the Syrian president's inner circle has dealt a blow to Bashar Assad just as the United States and its European partners are threatening new sanctions and the opposition is urging military intervention.",
    )
    expect(story.body).toHaveLength(20)
    expect(story.body[0]?.text).toBe(story.lede)
    expect(story.body[1]?.text.startsWith('The U.S. Defense Department confirmed')).toBe(true)
    expect(story.body[8]?.text.startsWith('About 100 delegations')).toBe(true)
    expect(story.body[19]?.text).toBe('Activists say more than 14,000 people have been killed since the revolt began.')
    expect(story.description).toBe(story.lede)
  })

  it('should read the three related headlines without inventing URLs', () => {
    expect(loadSeed().related).toEqual([
      { title: 'Clinton: Russia, China "blockading" Syria peace', url: null },
      { title: 'Turkey: Syrians defecting by the hundreds', url: null },
      { title: 'U.N. rights chief urges halt of arms to Syria', url: null },
    ])
  })

  it('should drop "Watch CBSN Live" as furniture and report it', () => {
    const story = loadSeed()
    expect(story.boilerplate).toEqual(['Watch CBSN Live'])
    expect(story.body.some((block) => block.text.includes('CBSN'))).toBe(false)
  })

  it('should find every quote with its speaker', () => {
    expect(loadSeed().quotes).toEqual([
      { text: 'a crack in the inner circle', speaker: 'John Kirby', partial: true },
      { text: 'regime insiders and the military establishment are starting to vote with their feet.', speaker: 'Clinton', partial: true },
      {
        text: "those with the closest knowledge of Assad's actions and crimes are moving away. We think that's a very promising development. It also raises questions for those remaining in Damascus, who are still supporting this regime.",
        speaker: 'Clinton',
        partial: true,
      },
      { text: 'The defection of Tlass will encourage a lot of similar people to defect as well', speaker: 'Hassem Hashimi', partial: false },
      { text: 'tough stand', speaker: 'Hassem Hashimi', partial: true },
      { text: 'flying over defected soldiers and civilians and bombarding them.', speaker: 'Hassem Hashimi', partial: true },
      { text: 'is a threat for international peace and security', speaker: 'Francois Hollande', partial: true },
      { text: "Bashar Assad must leave. A transitional government should be formed. It's in everyone's interest", speaker: 'Francois Hollande', partial: false },
      { text: 'real and effective', speaker: 'Francois Hollande', partial: true },
    ])
  })

  it('should warn about the quote mark that never opened, without failing', () => {
    const { file } = load(seedText, seedPath)
    expect(file.messages.map((message) => [message.ruleId, message.line, message.fatal])).toEqual([['unbalanced-quote', 23, false]])
  })

  it('should take section, tags, source, slug and permalink from front matter and path', () => {
    const story = loadSeed()
    expect(story.section).toBe('World')
    expect(story.tags).toEqual(['Syria', 'Middle East', 'Defections'])
    expect(story.source).toEqual({ name: 'CBS News', url: null })
    expect(story.slug).toBe('manaf-tlass-defects')
    expect(story.permalink).toBe('/2012/07/06/manaf-tlass-defects/')
    expect(story.notices).toEqual([])
    expect(story.embargo).toBeNull()
    expect(story.kill).toBe(false)
    expect(story.draft).toBe(false)
  })

  it('should read the raw wire copy with only --date and --tz supplied', () => {
    const { story } = load(wireText, 'seed.txt', { date: '2012-07-06', timezone: 'America/New_York' })
    expect(story?.headline).toBe("Brig. Gen. Manaf Tlass, member of Bashar Assad's inner circle, defects")
    expect(story?.updated?.iso).toBe('2012-07-06T11:59:00-04:00')
    expect(story?.permalink).toBe('/2012/07/06/seed/')
    expect(story?.body).toHaveLength(20)
  })

  it('should read the same story from CRLF text with a BOM', () => {
    const { story } = load(`\uFEFF${seedText.replace(/\n/g, '\r\n')}`, seedPath)
    expect(story).toEqual(loadSeed())
  })
})

describe('a content folder', () => {
  it('should refuse two stories with the same permalink, even in another case, naming the first', async () => {
    const { root, remove } = await tempProject({
      'content/2012/07/06/ferry.md': '---\ndate: 2012-07-06\n---\nFerry fares rise\n\nCopy.\n',
      'content/2012/07/06/Ferry.txt': '---\ndate: 2012-07-06\nslug: ferry\n---\nFerry fares rise again\n\nCopy.\n',
    })
    try {
      const content = await loadContent(path.join(root, 'content'), { cwd: root })
      expect(content.failed).toBe(true)
      expect(content.loaded.map((story) => story.file)).toEqual(['content/2012/07/06/Ferry.txt'])
      const messages = content.files.flatMap((file) => file.messages.map((message) => `${file.path}:${message.line}:${message.column} ${message.ruleId} ${message.reason}`))
      expect(messages).toEqual(['content/2012/07/06/ferry.md:4:1 duplicate-permalink Permalink `/2012/07/06/ferry/` is already used by content/2012/07/06/Ferry.txt: give this story another slug or date'])
    } finally {
      await remove()
    }
  })
})

describe('pathological input', () => {
  it('should report a story nested thousands deep instead of crashing', () => {
    const { story, file } = load(`---\ndate: 2012-07-06\n---\nA headline here\n\n${'>'.repeat(5000)} text\n`)
    expect(story).toBeNull()
    expect(file.messages.map((message) => [message.ruleId, message.line])).toEqual([['nesting-too-deep', 6]])
  })
})

describe('time lines in the copy', () => {
  it('should keep a paragraph of copy that opens like a time line, and not date the story by it', () => {
    const text = '---\ndate: 2012-07-06\n---\nFloods kill dozens\n\nRiver towns flooded overnight.\n\nPublished reports said 30 people died on July 4, 2012.\n'
    const { story } = load(text)
    expect(story?.body.map((block) => block.text)).toEqual(['River towns flooded overnight.', 'Published reports said 30 people died on July 4, 2012.'])
    expect(story?.updated).toBeNull()
  })
})

describe('a stacked header', () => {
  it('should read headline, byline and time line stacked with no blank line between them', () => {
    const text = 'Harbor ferry fares to rise for the first time in a decade.\nBy Ana Lima, Staff Writer\nUpdated 6:05 p.m. ET, March 3, 2015\n\nBOSTON (AP) — Fares on the harbor ferry will rise\nin June, officials said.\n'
    const { story } = load(text, 'ferry.txt')
    expect(story && [story.headline, story.byline, story.updated?.iso, story.dateline, story.lede, story.body.length]).toEqual([
      'Harbor ferry fares to rise for the first time in a decade.',
      'Ana Lima, Staff Writer',
      '2015-03-03T18:05:00-05:00',
      'BOSTON',
      'Fares on the harbor ferry will rise in June, officials said.',
      1,
    ])
    expect(story?.positions).toMatchObject({ headline: { line: 1, column: 1 }, byline: { line: 2, column: 1 }, updated: { line: 3, column: 1 } })
  })

  it('should never cut up a hard-wrapped lede whose first line looks like a headline', () => {
    const text = '---\ndate: 2015-03-03\n---\nHarbor ferry fares to rise\n\nBOSTON (AP) — Fares on the harbor ferry will rise\nin June for the first time in a decade\nofficials said on Tuesday.\n'
    const { story } = load(text, 'ferry.txt')
    expect(story?.body.map((block) => block.text)).toEqual(['Fares on the harbor ferry will rise in June for the first time in a decade officials said on Tuesday.'])
  })
})

describe('front matter', () => {
  it('should let front matter override what the text says', () => {
    const text = `---\ndate: 2012-07-06\ntitle: A headline from front matter\ndateline: DAMASCUS\ncredit: AP\nbyline: Jane Roe\n---\nA headline from front matter\n\nBEIRUT (Reuters) - Copy begins here, and goes on.\n`
    const { story } = load(text)
    expect(story?.headline).toBe('A headline from front matter')
    expect(story?.dateline).toBe('DAMASCUS')
    expect(story?.credit).toBe('AP')
    expect(story?.byline).toBe('Jane Roe')
    expect(story?.lede).toBe('Copy begins here, and goes on.')
    expect(story?.body).toHaveLength(1)
  })

  it('should take no other paragraph for the headline when front matter gives the title', () => {
    const text = `---\ndate: 2012-07-06\ntitle: Given title\n---\nShort line without stop\n\nThe copy.\n`
    const { story } = load(text)
    expect(story?.headline).toBe('Given title')
    expect(story?.body.map((block) => block.text)).toEqual(['Short line without stop', 'The copy.'])
  })

  it('should never evaluate ---js front matter', () => {
    const text = `---js\n{ title: (globalThis.pwned = 'yes') }\n---\nHeadline here\n\nCopy.\n`
    const { story, file } = load(text)
    expect(story).toBeNull()
    expect((globalThis as { pwned?: string }).pwned).toBeUndefined()
    expect(file.messages.map((message) => [message.ruleId, message.line])).toEqual([['front-matter-language', 1]])
  })

  it('should reject 2012-02-30 instead of reading March 1', () => {
    const { story, file } = load(`---\ntitle: T\ndate: 2012-02-30\n---\nCopy.\n`)
    expect(story).toBeNull()
    expect(file.messages.map((message) => [message.ruleId, message.line, message.column])).toEqual([['invalid-date', 3, 1]])
    expect(file.messages[0]?.reason).toContain('2012-02-30')
  })

  it('should say to quote a value YAML would read as a number or true/false', () => {
    const { story, file } = load(`---\ntitle: 1e3\ndate: 2012-07-06\nslug: 0x10\ncredit: true\n---\nCopy.\n`)
    expect(story).toBeNull()
    expect(file.messages.map((message) => [message.line, message.column, message.reason, message.ruleId])).toEqual([
      [2, 1, 'Front matter `title` must be text, but YAML read `1e3` as a number: put it in quotes', 'front-matter-field'],
      [4, 1, 'Front matter `slug` must be text, but YAML read `0x10` as a number: put it in quotes', 'front-matter-field'],
      [5, 1, 'Front matter `credit` must be text, but YAML read `true` as a true/false value: put it in quotes', 'front-matter-field'],
    ])
  })

  it('should refuse an alias bomb at its first alias, without crashing', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]', 'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]'].join('\n')
    const { story, file } = load(`---\ntitle: T\ndate: 2012-07-06\n${bomb}\n---\nCopy.\n`)
    expect(story).toBeNull()
    expect(file.messages.map((message) => [message.line, message.column, message.reason, message.ruleId])).toEqual([
      [5, 1, 'Front matter is not valid YAML: its aliases (`*name`) expand to more than 100 copies: write the values out', 'front-matter-yaml'],
    ])
  })

  it('should point at a quoted key', () => {
    const { file } = load(`---\ntitle: T\n"date": 2012-02-30\n---\nCopy.\n`)
    expect(file.messages.map((message) => [message.line, message.ruleId])).toEqual([[3, 'invalid-date']])
  })

  it('should read thousands of stray quotation marks in bounded time', () => {
    const started = performance.now()
    const { story, file } = load(`---\ndate: 2012-07-06\n---\nA headline here\n\n${'word " '.repeat(1999)}end.\n`)
    expect(performance.now() - started).toBeLessThan(5000)
    expect(story?.headline).toBe("A headline here")
    expect(file.messages.every((message) => message.ruleId === 'unbalanced-quote')).toBe(true)
  })

  it('should keep the code of a script or style element in scraped HTML out of the copy', () => {
    const { story } = load(`---\ndate: 2012-07-06\n---\nA headline here\n\n<div><script>var tracking = 1</script><style>p { color: red }</style>Copy that stays.</div>\n`)
    expect(story?.body.map((block) => block.text)).toEqual(['Copy that stays.'])
  })

  it('should point at malformed YAML with its line and column', () => {
    const { story, file } = load(`---\ntitle: T\ndate: [2012\n---\nCopy.\n`)
    expect(story).toBeNull()
    expect(file.messages[0]?.ruleId).toBe('front-matter-yaml')
    expect(file.messages[0]?.line).toBeGreaterThanOrEqual(3)
  })

  it('should reject duplicate keys', () => {
    const { file } = load(`---\ntitle: A\ntitle: B\ndate: 2012-07-06\n---\nCopy.\n`)
    expect(file.messages.map((message) => [message.ruleId, message.line])).toEqual([['front-matter-yaml', 3]])
  })

  it('should say when front matter never closes', () => {
    const { file } = load(`---\ntitle: A\n\nCopy.\n`)
    expect(file.messages.map((message) => [message.ruleId, message.line])).toEqual([['front-matter-unclosed', 1]])
  })

  it('should report a story without a headline', () => {
    const { story, file } = load(`---\ndate: 2012-07-06\n---\nThe copy is one sentence that ends with a full stop.\n`)
    expect(story).toBeNull()
    expect(file.messages.map((message) => [message.ruleId, message.line, message.column])).toEqual([['missing-headline', 1, 1]])
  })

  it('should report a story without any date, never inventing one', () => {
    const { story, file } = load(`Headline without a date\n\nUpdated at 11:59 a.m. Eastern\n\nCopy.\n`)
    expect(story).toBeNull()
    expect(file.messages.map((message) => message.ruleId)).toEqual(['missing-date'])
  })

  it('should reject an unknown time zone', () => {
    const { file } = load(`---\ndate: 2012-07-06\ntimezone: Mars/Olympus\n---\nHeadline here\n\nCopy.\n`)
    expect(file.messages.map((message) => [message.ruleId, message.line])).toEqual([['invalid-timezone', 3]])
  })

  it('should refuse a link in front matter that is not a web address', () => {
    const text = '---\ndate: 2012-07-06\nsource:\n  name: X\n  url: "javascript:alert(1)"\nlicense:\n  name: Y\n  url: "data:text/html,x"\nrelated:\n  - title: R\n    url: "JavaScript:alert(3)"\n  - title: S\n    url: "//evil.example/"\n---\nA headline here\n\nCopy.\n'
    const { story, file } = load(text)
    expect(story).toBeNull()
    expect(file.messages.map((message) => [message.ruleId, message.line, message.reason])).toEqual([
      ['front-matter-field', 3, 'Front matter `source.url`: must be an http:// or https:// address'],
      ['front-matter-field', 6, 'Front matter `license.url`: must be an http:// or https:// address'],
      ['front-matter-field', 9, 'Front matter `related.0.url`: must be an http:// or https:// address, or a path on this site starting with /'],
      ['front-matter-field', 9, 'Front matter `related.1.url`: must be an http:// or https:// address, or a path on this site starting with /'],
    ])
  })

  it('should warn about a front-matter key it does not use', () => {
    const { story, file } = load(`---\ndate: 2012-07-06\ntittle: Typo\n---\nHeadline here\n\nCopy.\n`)
    expect(story?.headline).toBe('Headline here')
    expect(file.messages.map((message) => [message.ruleId, message.line, message.fatal])).toEqual([['unknown-front-matter-key', 3, false]])
  })
})
