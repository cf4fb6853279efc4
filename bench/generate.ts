/**
 * Generate an archive of N stories for the benchmark: a morgue project
 * (templates, public files, site settings) with `content/YYYY/MM/DD/slug.md`
 * stories mixed from the bundled Wikinews samples. The same N and seed
 * always give the same files.
 *
 *   node --import tsx bench/generate.ts DIR [N]
 */
import { cp, mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { seeded, type Random } from './random.ts'
import { readSamples, wordCount, type SampleText } from './samples.ts'
import * as words from './vocabulary.ts'

/** The project whose templates, public files and samples are used. */
export const repositoryRoot = fileURLToPath(new URL('..', import.meta.url))

/** What to generate. */
export interface GenerateOptions {
  /** Folder to create the project in; created if missing. */
  root: string
  stories: number
  seed?: number | undefined
  /** The morgue checkout whose `templates/`, `public/` and site settings are copied; this one by default. */
  templatesFrom?: string | undefined
}

/** One generated story. */
export interface GeneratedStory {
  /** Path relative to the project root (`content/2013/04/09/slug.md`). */
  file: string
  /** Its page's URL path (`/2013/04/09/slug/`), in morgue and in the baseline alike. */
  url: string
}

/** The generated project. */
export interface GeneratedProject {
  root: string
  stories: GeneratedStory[]
  /** Words in all story bodies, to check the size is what was asked for. */
  words: number
}

const firstDay = Date.UTC(2000, 0, 1)
const lastDay = Date.UTC(2024, 11, 31)
const dayMs = 86_400_000

/** Generate the project; stories are spread evenly at random over 2000–2024. */
export async function generateProject(options: Readonly<GenerateOptions>): Promise<GeneratedProject> {
  const root = path.resolve(options.root)
  const random = seeded(options.seed ?? 20_120_706)
  const samples = await readSamples(path.join(repositoryRoot, 'content'))
  await mkdir(path.join(root, 'content'), { recursive: true })
  for (const folder of ['templates', 'public', path.join('content', '_data')]) {
    await cp(path.join(options.templatesFrom ?? repositoryRoot, folder), path.join(root, folder), { recursive: true })
  }
  const taken = new Set<string>()
  const stories: GeneratedStory[] = []
  let total = 0
  for (let index = 0; index < options.stories; index++) {
    const day = new Date(firstDay + random.int(0, (lastDay - firstDay) / dayMs) * dayMs).toISOString().slice(0, 10)
    const title = headline(random)
    const slug = uniqueSlug(`${day}/${slugOf(title)}`, taken).slice(11)
    const [year, month, date] = day.split('-')
    const file = `content/${year}/${month}/${date}/${slug}.md`
    const body = storyBody(random, samples)
    total += wordCount(body)
    await mkdir(path.dirname(path.join(root, file)), { recursive: true })
    await writeFile(path.join(root, file), `${frontMatter(random, title, day)}${body}\n`)
    stories.push({ file, url: `/${year}/${month}/${date}/${slug}/` })
  }
  return { root, stories, words: total }
}

function headline(random: Random): string {
  const [, city] = random.pick(words.cities)
  return `${random.pick(words.subjects)} ${random.pick(words.verbs)} ${random.pick(words.objects)} in ${city}`
}

/** Lower-case words joined by hyphens; the headlines hold only ASCII letters and spaces. */
function slugOf(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')
}

/** A `day/slug` key not yet taken, numbered `-2`, `-3` when two stories of a day share a headline. */
function uniqueSlug(key: string, taken: Set<string>): string {
  let candidate = key
  for (let number = 2; taken.has(candidate); number++) candidate = `${key}-${number}`
  taken.add(candidate)
  return candidate
}

/**
 * Front matter with the keys real stories use. `tags` and `date` mean the same
 * to morgue and to plain Eleventy, which is what lets the baseline build the
 * same page set from the same files.
 */
function frontMatter(random: Random, title: string, day: string): string {
  // A few tags are common and most are rare, as in a real archive.
  const count = random.int(2, 4)
  const chosen = new Set<string>()
  while (chosen.size < count) chosen.add(words.tags[Math.floor(words.tags.length * random.next() ** 1.5)] ?? 'World')
  return [
    '---',
    `title: ${title}`,
    `date: ${day}`,
    `section: ${random.pick(words.sections)}`,
    'tags:',
    ...[...chosen].map((tag) => `  - ${tag}`),
    'source:',
    '  name: Wikinews',
    '  url: https://en.wikinews.org/',
    'license: CC BY 2.5',
    '---',
    '',
  ].join('\n')
}

/**
 * About 700 words (600 to 800): sample paragraphs in random order, the first
 * often under a wire dateline, with one or two quotes from generated people
 * so the archive has thousands of speakers rather than the samples' few.
 */
function storyBody(random: Random, samples: SampleText): string {
  const target = random.int(600, 800)
  const paragraphs: string[] = []
  let count = 0
  const quotes = random.int(1, 2)
  for (let index = 0; index < quotes; index++) {
    const quote = quoteParagraph(random, samples)
    paragraphs.push(quote)
    count += wordCount(quote)
  }
  for (const paragraph of random.shuffle(samples.paragraphs)) {
    if (count >= target) break
    paragraphs.push(paragraph)
    count += wordCount(paragraph)
  }
  const ordered = random.shuffle(paragraphs)
  if (random.next() < 0.5) {
    const [dateline] = random.pick(words.cities)
    ordered[0] = `${dateline} (${random.pick(words.agencies)}) — ${ordered[0] ?? ''}`
  }
  return ordered.join('\n\n')
}

function quoteParagraph(random: Random, samples: SampleText): string {
  const sentence = random.pick(samples.sentences).replace(/\.$/, '')
  const speaker = `${random.pick(words.firstNames)} ${random.pick(words.lastNames)}`
  return `"${sentence}," said ${speaker}, ${random.pick(words.roles)}.`
}

// Run directly: generate into DIR, to look at or to build by hand.
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const [dir, count = '100'] = process.argv.slice(2)
  if (dir === undefined) {
    console.error('Usage: node --import tsx bench/generate.ts DIR [N]')
    process.exitCode = 2
  } else {
    const project = await generateProject({ root: dir, stories: Number(count) })
    console.log(`Generated ${project.stories.length} stories (${Math.round(project.words / project.stories.length)} words each on average) in ${project.root}`)
  }
}
