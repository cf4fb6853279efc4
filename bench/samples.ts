/**
 * The raw material of generated stories: body paragraphs of the bundled
 * Wikinews sample stories (CC BY 2.5), cut so that any mix of them still
 * reads as plain news copy to both morgue's loader and markdown-it.
 */
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'

/** Paragraphs and sentences to build story bodies from. */
export interface SampleText {
  /** Whole paragraphs of news copy, each about 25 to 150 words. */
  paragraphs: string[]
  /** Sentences with no quotation marks, for quotes put in a generated speaker's mouth. */
  sentences: string[]
}

/** Words in a text. */
export function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length
}

/**
 * Whether a paragraph can go anywhere in any story. Short lines are left out
 * because the loader reads runs of them as headlines or related links;
 * interview turns, image captions and links would be out of place elsewhere;
 * an odd quotation mark would be reported as unbalanced in every story that
 * got it; and `{{`/`{%` would be run as Liquid by plain Eleventy.
 */
function isPortable(paragraph: string): boolean {
  const words = wordCount(paragraph)
  if (words < 25 || words > 150) return false
  if (/^[#>*+\-|\d]|\(\(|Image:|https?:|[{<\[\]\\`_*]|\{[{%]/.test(paragraph)) return false
  const straight = paragraph.split('"').length - 1
  const opening = paragraph.split('“').length - 1
  const closing = paragraph.split('”').length - 1
  return straight % 2 === 0 && opening === closing
}

/** A paragraph's sentences that quote no one and can stand alone in a quote. */
function quotableSentences(paragraph: string): string[] {
  return paragraph.split(/(?<=[.!?])\s+(?=[A-Z"“])/).filter((sentence) => {
    if (!/^[A-Z][^.!?]*\.$/.test(sentence)) return false
    const words = wordCount(sentence)
    return words >= 8 && words <= 30 && !/["“”‘’']/.test(sentence) && !/(?:\b(?:Mr|Mrs|Dr|St|Jr|No)|\b[A-Z]|\.[A-Z])\.$/.test(sentence)
  })
}

/** Body of a story file: everything after its front matter. */
function bodyOf(text: string): string {
  const match = /^---\r?\n[\s\S]*?\r?\n---\r?\n/.exec(text)
  return match ? text.slice(match[0].length) : text
}

/**
 * Read the sample stories under `contentDir` that are licensed CC BY (the
 * Wikinews articles), so the generated archive only reuses text it may.
 */
export async function readSamples(contentDir: string): Promise<SampleText> {
  const entries = await readdir(contentDir, { recursive: true, withFileTypes: true })
  const files = entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort()
  const paragraphs: string[] = []
  for (const file of files) {
    const text = await readFile(file, 'utf8')
    if (!/^license: CC BY/m.test(text)) continue
    for (const paragraph of bodyOf(text).split(/\r?\n\s*\r?\n/)) {
      const joined = paragraph.trim().replace(/\s*\r?\n\s*/g, ' ')
      if (isPortable(joined)) paragraphs.push(joined)
    }
  }
  const sentences = paragraphs.flatMap(quotableSentences).map((sentence) => sentence.trim())
  if (paragraphs.length < 50 || sentences.length < 50) {
    throw new Error(`Too little sample text under ${contentDir}: ${paragraphs.length} paragraphs, ${sentences.length} sentences`)
  }
  return { paragraphs, sentences }
}
