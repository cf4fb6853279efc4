/**
 * Extraction quality on the hand-written wire fixtures: how many fields match
 * exactly, and quote precision, recall and speaker accuracy.
 *
 *   npm run bench:extraction [-- FOLDER]
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { VFile } from 'vfile'
import { loadStory } from '../src/load/index.ts'
import { contract, type Fixture } from '../tests/support/contract.ts'

const folder = process.argv[2] ?? 'tests/fixtures/wire'
const names = readdirSync(folder).filter((name) => /\.(?:txt|md)$/.test(name)).sort()
let fields = 0
let fieldsRight = 0
let expectedQuotes = 0
let foundQuotes = 0
let matched = 0
let speakersRight = 0
let partialRight = 0
const misses: string[] = []

for (const name of names) {
  const fixture = JSON.parse(readFileSync(path.join(folder, name.replace(/\.(?:txt|md)$/, '.json')), 'utf8')) as Fixture
  const file = new VFile({ path: path.join(folder, name), value: readFileSync(path.join(folder, name), 'utf8') })
  const story = loadStory(file, { date: fixture.options?.date, timezone: fixture.options?.tz })
  const got: Record<string, unknown> = story ? contract(story) : {}
  for (const [key, value] of Object.entries(fixture.expected)) {
    fields++
    if (JSON.stringify(got[key]) === JSON.stringify(value)) fieldsRight++
    else misses.push(`${name}: ${key}`)
  }
  const wanted = [...fixture.expected.quotes]
  const found = story?.quotes ?? []
  expectedQuotes += wanted.length
  foundQuotes += found.length
  for (const quote of found) {
    const index = wanted.findIndex((candidate) => candidate.text === quote.text)
    if (index === -1) continue
    const [match] = wanted.splice(index, 1)
    matched++
    if (match?.speaker === quote.speaker) speakersRight++
    if (match?.partial === quote.partial) partialRight++
  }
}

const ratio = (part: number, whole: number) => (whole === 0 ? 'n/a' : (part / whole).toFixed(3))
const report = {
  fixtures: names.length,
  fieldAccuracy: ratio(fieldsRight, fields),
  quotes: { expected: expectedQuotes, found: foundQuotes, matched },
  quotePrecision: ratio(matched, foundQuotes),
  quoteRecall: ratio(matched, expectedQuotes),
  speakerAccuracy: ratio(speakersRight, matched),
  partialAccuracy: ratio(partialRight, matched),
}
console.log(JSON.stringify(report, null, 2))
if (misses.length > 0) console.log(`\nFields that differ:\n  ${misses.join('\n  ')}`)
