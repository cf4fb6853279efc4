/**
 * Direct quotations in news copy: which marks pair up, which quoted words are
 * speech rather than scare quotes, names or titles, and (with
 * `quotes-attribution.ts`) who said them.
 *
 * Wire copy is typed by hand: marks go missing, and a straight mark has to be
 * read from its neighbours. A mark that never pairs is reported, and never
 * allowed to swallow the rest of the paragraph or the story.
 */
import type { Quote } from './story.ts'
import {
  attributeQuotes,
  isFunctionWord,
  isNameWord,
  isSpeechWord,
  type QuoteContext,
  type QuotePiece,
  type QuoteSpan,
} from './quotes-attribution.ts'

/** One body paragraph as plain text, lede first, dateline and credit already removed. */
export interface QuoteInput {
  text: string
}

/** A quote mark that never closes or never opened: 0-based paragraph, 1-based column. */
export interface UnclosedMark {
  paragraph: number
  column: number
}

/** A story's quotations in order, and the marks that did not pair. */
export interface QuoteResult {
  quotes: Quote[]
  unbalanced: UnclosedMark[]
}

/** Find every direct quotation of speech in a story's body paragraphs, in order. */
export function extractQuotes(paragraphs: readonly QuoteInput[]): QuoteResult {
  const texts = paragraphs.map((paragraph) => paragraph.text)
  const { spans, unbalanced } = pairMarks(texts)
  const contexts = attributeQuotes(texts, spans)
  const quotes = spans.flatMap((span, index): Quote[] => {
    const context = contexts[index]
    const text = quoteText(texts, span)
    return context && isSpeech(text, context) ? [{ text, speaker: context.speaker, partial: isPartial(text, context) }] : []
  })
  return { quotes, unbalanced }
}

type Role = 'open' | 'close' | 'either'

interface Mark {
  index: number
  role: Role
}

// A straight mark after one of these opens a quotation; before one of these it closes one.
const OPENS_AFTER = /[\s([{—–/-]/u
const CLOSES_BEFORE = /[\s.,;:!?)\]}—–…-]/u

/** Every double quote mark in a paragraph, with the role its neighbours give it. */
function findMarks(text: string): Mark[] {
  return [...text.matchAll(/["“”„]/gu)].map((match) => ({ index: match.index, role: roleOf(text, match.index) }))
}

function roleOf(text: string, index: number): Role {
  const mark = text[index]
  const before = text[index - 1]
  const after = text[index + 1]
  const opens = before === undefined || OPENS_AFTER.test(before)
  const closes = after === undefined || CLOSES_BEFORE.test(after)
  // A curly mark keeps its shape's role unless its neighbours plainly say the other (`decision.“ However`).
  if (mark === '„') return 'open'
  if (mark === '“') return closes && !opens ? 'close' : 'open'
  if (mark === '”') return opens && !closes ? 'open' : 'close'
  if (opens !== closes) return opens ? 'open' : 'close'
  // `tomorrow.' "` or `"...not`: the neighbours disagree, so the state decides.
  return 'either'
}

interface Pairing {
  spans: QuoteSpan[]
  unbalanced: UnclosedMark[]
}

/** Pair the marks of every paragraph, carrying a quotation that runs on into the next. */
function pairMarks(texts: readonly string[]): Pairing {
  const pairing: Pairing = { spans: [], unbalanced: [] }
  let carried: QuotePiece[] = []
  texts.forEach((text, paragraph) => {
    carried = pairParagraph(pairing, texts, paragraph, carried)
  })
  return pairing
}

/** Pair one paragraph's marks; returns the pieces of a quotation left open for the next paragraph. */
function pairParagraph(pairing: Pairing, texts: readonly string[], paragraph: number, carried: QuotePiece[]): QuotePiece[] {
  const text = texts[paragraph] ?? ''
  const marks = findMarks(text)
  let pending: QuotePiece[] = []
  let open: number | null = null
  const first = marks[0]
  if (carried.length > 0 && first && reopens(text, first)) {
    pending = carried
    open = first.index
    marks.shift()
  } else if (carried[0]) {
    pairing.unbalanced.push(markAt(texts, carried[0]))
  }
  for (let index = 0; index < marks.length; index++) {
    const mark = marks[index] as Mark
    const next = marks[index + 1]
    if (open === null) {
      // `said," [Warhol] liked it".`: of two closers in a row with nothing open, the first was meant to open.
      if (mark.role === 'close' && next?.role !== 'close') pairing.unbalanced.push(markAt(texts, { paragraph, open: mark.index }))
      else open = mark.index
    } else if (mark.role === 'open' && isNested(marks, index)) {
      index += 1
    } else if (mark.role === 'open') {
      // Two openers in a row: the first never closed, and must not swallow the second.
      pairing.unbalanced.push(markAt(texts, pending[0] ?? { paragraph, open }))
      pending = []
      open = mark.index
    } else {
      const piece = { paragraph, open, close: mark.index }
      if (pending.length > 0 || /[\p{L}\p{N}]/u.test(text.slice(open + 1, mark.index))) pairing.spans.push({ pieces: [...pending, piece] })
      pending = []
      open = null
    }
  }
  if (open === null) return []
  const piece = { paragraph, open, close: null }
  if (paragraph + 1 < texts.length && runsOn(text, open)) return [...pending, piece]
  pairing.unbalanced.push(markAt(texts, pending[0] ?? piece))
  return []
}

/** `"The "United States" is not holding them."`: an inner pair followed by the outer closer. */
function isNested(marks: readonly Mark[], index: number): boolean {
  return marks[index + 1]?.role !== 'open' && marks[index + 2]?.role === 'close'
}

/** A paragraph reopens a running quotation when it starts with an opening mark. */
function reopens(text: string, mark: Mark): boolean {
  return mark.role !== 'close' && text.slice(0, mark.index).trim() === ''
}

/** Only a quotation left open at the end of a finished sentence runs on into the next paragraph. */
function runsOn(text: string, open: number): boolean {
  return /[\p{L}\p{N}].*[.?!…:\])]$/su.test(text.slice(open + 1).trim().replace(/['’]+$/u, ''))
}

function markAt(texts: readonly string[], piece: Pick<QuotePiece, 'paragraph' | 'open'>): UnclosedMark {
  const before = (texts[piece.paragraph] ?? '').slice(0, piece.open)
  return { paragraph: piece.paragraph, column: [...before].length + 1 }
}

/** The words between the marks, whitespace collapsed, a trailing comma dropped. */
function quoteText(texts: readonly string[], span: QuoteSpan): string {
  const parts = span.pieces.map((piece) => (texts[piece.paragraph] ?? '').slice(piece.open + 1, piece.close ?? undefined))
  return parts.join(' ').replace(/\s+/gu, ' ').trim().replace(/\s*,$/u, '')
}

const wordCount = (text: string): number => text.split(' ').length

// Words that introduce a name, a coined term or the title of a work rather than speech.
const LABELS = new Set(
  'so-called titled entitled dubbed nicknamed named codenamed code-named term phrase word words slogan motto hashtag headline banner caption label book novel film movie song album single play musical opera show series episode documentary poem painting article essay column editorial panel exhibition campaign programme program podcast game video track magazine newspaper operation'.split(' '),
)

/** Whether quoted words are speech: not a label, nickname, coined term or title. */
function isSpeech(text: string, context: QuoteContext): boolean {
  if (isLabelled(context) || isNickname(text, context)) return false
  if (context.attributed) return true
  // One or two words nobody is said to have said are scare quotes or coined terms.
  if (wordCount(text) <= 2) return false
  return !isCoinedModifier(text, context) && !isWorkTitle(text, context)
}

// Things that carry words rather than say them: `a banner saying "X"`, `"X" poster`.
const CARRIERS = new Set('sign signs banner banners poster posters placard placards sticker t-shirt shirt graffiti mural logo'.split(' '))

/** `so-called "X"`, `the film "X"`, `known as "X"`, `a sign reading "X"`, `"X" poster`. */
function isLabelled(context: QuoteContext): boolean {
  const before = context.before.map((word) => word.toLowerCase().replace(/\.$/u, ''))
  const previous = before.at(-1) ?? ''
  const carried = CARRIERS.has(before.at(-2) ?? '') && /^(?:saying|reading|read|reads|says)$/u.test(previous)
  const after = (context.after ?? '').toLowerCase()
  return LABELS.has(previous) || carried || CARRIERS.has(after) || /\b(?:known|referred to|billed) as$/u.test(before.join(' '))
}

/** `Bill "The Hammer" Smith`: a few words between two parts of a name. */
function isNickname(text: string, context: QuoteContext): boolean {
  const previous = context.before.at(-1) ?? ''
  const after = context.after ?? ''
  return isNameWord(previous) && isNameWord(after) && wordCount(text) <= 4 && !/[.?!,]$/u.test(text)
}

/** `the "one country, two systems" model`: quoted words used as a modifier of the noun that follows. */
function isCoinedModifier(text: string, context: QuoteContext): boolean {
  const previous = (context.before.at(-1) ?? '').toLowerCase()
  const after = context.after ?? ''
  const determiner = ['the', 'a', 'an', 'its', 'his', 'her', 'their', 'our', 'this'].includes(previous)
  return determiner && /^\p{Ll}/u.test(after) && !isFunctionWord(after) && !/[.?!…]$/u.test(text)
}

/** `at the "Breaking Into Comics" panel`: unattributed words in title case inside a sentence. */
function isWorkTitle(text: string, context: QuoteContext): boolean {
  const significant = text.split(' ').filter((word) => word.length > 3)
  const embedded = /^[\p{L}\p{N}]/u.test(context.before.at(-1) ?? '')
  return embedded && significant.length >= 2 && significant.every((word) => /^\p{Lu}/u.test(word)) && !/[.?!…]$/u.test(text)
}

/** A fragment inside the reporter's sentence: it starts lowercase, or follows a word that is not a verb of speech. */
function isPartial(text: string, context: QuoteContext): boolean {
  const letter = /\p{L}/u.exec(text)?.[0] ?? ''
  if (letter !== letter.toUpperCase()) return true
  const previous = context.before.at(-1)
  return previous !== undefined && /^[\p{L}\p{N}]/u.test(previous) && !isSpeechWord(previous)
}
