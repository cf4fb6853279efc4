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
  findAttribution,
  isFunctionWord,
  isNameWord,
  isPersonSubject,
  isSpeechWord,
  isTimeWord,
  key,
  makeToken,
  noteNames,
  noteVerb,
  People,
  type Token,
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
  if (spans.length === 0) return { quotes: [], unbalanced }
  const contexts = attributeQuotes(texts, spans)
  const quotes = spans.flatMap((span, index): Quote[] => {
    const context = contexts[index]
    const text = quoteText(texts, span)
    return context && isSpeech(text, context) ? [{ text, speaker: context.speaker, partial: isPartial(text, context) }] : []
  })
  return { quotes, unbalanced }
}

/** One paragraph's share of a quotation: its opening mark, and its closing mark or null when it runs on. */
interface QuotePiece {
  paragraph: number
  open: number
  close: number | null
}

/** A paired quotation, in one or more consecutive paragraphs. */
interface QuoteSpan {
  pieces: QuotePiece[]
}

/** What the copy around a quotation says about it. */
interface QuoteContext {
  /** The resolved speaker, or null when unnamed or unknown. */
  speaker: string | null
  /** True when the quote's own sentence attributes it to a person the story names. */
  attributed: boolean
  /** Up to three tokens before the opening mark in its sentence, nearest last; a quotation shows as `"`. */
  before: string[]
  /** The token just after the closing mark in its sentence, or null at its end. */
  after: string | null
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
  for (let paragraph = 0; paragraph < texts.length; paragraph++) carried = pairParagraph(pairing, texts, paragraph, carried)
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
    const mark = marks[index]
    const next = marks[index + 1]
    if (!mark) continue
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

// Reading the story: sentences in order, people as they come, each quotation's speaker.

const ABBREVIATIONS = new Set('dr mr mrs ms gen brig lt col sen rep gov prof rev st jr sr capt maj sgt adm cmdr det insp supt pres atty no mt ft co corp inc ltd vs cde'.split(' '))

// A private-use character stands in for quoted words, so no real text can be mistaken for it.
const MASK = '\uE000'

/** Blank out each quotation's words, keeping its marks and final stop, so sentences split around it. */
function maskParagraph(text: string, pieces: readonly QuotePiece[]): string {
  const chars = text.replace(/["“”„]/gu, ' ').split('')
  for (const piece of pieces) {
    const end = piece.close ?? text.length
    chars.fill(MASK, piece.open + 1, end)
    chars[piece.open] = '"'
    if (piece.close !== null) chars[piece.close] = '"'
    // A quotation trailing off (`right there..."`) runs on into its attribution; any other stop ends the sentence.
    const stop = /(?<!\.\.)[.?!]$/u.exec(text.slice(piece.open + 1, end).trimEnd().replace(/['’‘]+$/u, ''))
    if (stop && end - piece.open > 2) chars[end - 1] = stop[0]
  }
  return chars.join('')
}

// A whole quotation, a word (with its apostrophes, inner stops and hyphens), or one other mark.
const TOKEN = new RegExp(`"${MASK}+[.?!…]?"?|[\\p{L}\\p{N}][\\p{L}\\p{N}\\p{M}'’.&-]*|[^\\s\\p{Cf}${MASK}]`, 'gu')

function tokenize(masked: string, quoteAt: ReadonlyMap<number, number>): Token[] {
  return [...masked.matchAll(TOKEN)].map((match) => makeToken(match[0], match.index, quoteAt.get(match.index) ?? null))
}

const BOUNDARY = /[.?!…]+["”'’)\]]*\s+(?=["“(\[]|[\p{Lu}\p{N}])/gu

/** Sentence ranges of masked text; a stop after `Dr`, `Gen`, `U.S` or an initial ends nothing. */
function splitSentences(masked: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = []
  let start = 0
  for (const match of masked.matchAll(BOUNDARY)) {
    const word = masked.slice(lastSpace(masked, match.index) + 1, match.index)
    const abbreviated = match[0].startsWith('.') && (/^\p{L}$/u.test(word) || word.includes('.') || ABBREVIATIONS.has(key(word)))
    if (abbreviated && !endsAtClock(masked, word, match.index + match[0].length)) continue
    ranges.push([start, match.index + match[0].length])
    start = match.index + match[0].length
  }
  ranges.push([start, masked.length])
  return ranges
}

// `at 10 p.m. "Shame," they called`: a clock time can end a sentence, unless a zone follows (`a.m. Eastern`).
function endsAtClock(masked: string, word: string, next: number): boolean {
  const following = /^\S+/u.exec(masked.slice(next))?.[0] ?? ''
  return /^[ap]\.m$/iu.test(word) && (following.startsWith('"') || SENTENCE_STARTS.has(following))
}

const SENTENCE_STARTS = new Set('The A An He She It They We I But And In On At After Before When While As His Her Their Its This That Some Many'.split(' '))

function lastSpace(text: string, before: number): number {
  let index = before - 1
  while (index >= 0 && !/\s/u.test(text[index] ?? '')) index--
  return index
}

/** Story-wide reading state, carried from sentence to sentence. */
interface Reading {
  people: People
  contexts: QuoteContext[]
  spans: readonly QuoteSpan[]
  /** Tokens before each quotation's opening mark, kept until its closing mark is read. */
  openings: Map<number, Token[]>
  /** The speaker each quotation would inherit if its own sentence names none. */
  inherited: Map<number, string | null>
  /** Speaker of the last quote in the current paragraph; undefined before its first. */
  paragraphSpeaker: string | null | undefined
  previous: SentenceFacts
}

/** Who the last sentence said spoke (undefined: no verb of speech) and which person it was about. */
interface SentenceFacts {
  speech: string | null | undefined
  person: string | undefined
}

/** Attribute every paired quotation, reading the story in order. */
function attributeQuotes(texts: readonly string[], spans: readonly QuoteSpan[]): QuoteContext[] {
  const reading: Reading = {
    people: new People(),
    contexts: spans.map(() => ({ speaker: null, attributed: false, before: [], after: null })),
    spans,
    openings: new Map(),
    inherited: new Map(),
    paragraphSpeaker: undefined,
    previous: { speech: undefined, person: undefined },
  }
  texts.forEach((text, paragraph) => readParagraph(reading, text, paragraph))
  return reading.contexts
}

function readParagraph(reading: Reading, text: string, paragraph: number): void {
  const located = reading.spans.flatMap((span, index) =>
    span.pieces.filter((piece) => piece.paragraph === paragraph).map((piece) => ({ span: index, piece })),
  )
  const masked = maskParagraph(text, located.map((entry) => entry.piece))
  const tokens = tokenize(masked, new Map(located.map((entry) => [entry.piece.open, entry.span])))
  reading.paragraphSpeaker = undefined
  for (const [start, end] of splitSentences(masked)) {
    readSentence(reading, tokens.filter((token) => token.start >= start && token.start < end), paragraph)
  }
}

function readSentence(reading: Reading, tokens: Token[], paragraph: number): void {
  const facts: SentenceFacts = { speech: undefined, person: undefined }
  noteNames(reading.people, tokens)
  tokens.forEach((token, index) => {
    if (token.quote !== null) {
      readQuote(reading, tokens, index, token.quote, paragraph, facts)
      return
    }
    const verb = noteVerb(reading.people, tokens, index)
    if (verb?.speech) facts.speech = verb.person ?? null
    if (verb?.person !== undefined) facts.person = verb.person
  })
  reading.previous = facts
}

function readQuote(reading: Reading, tokens: Token[], index: number, span: number, paragraph: number, facts: SentenceFacts): void {
  const pieces = reading.spans[span]?.pieces ?? []
  const context = reading.contexts[span]
  if (!context) return
  if (pieces[0]?.paragraph === paragraph) {
    reading.openings.set(span, tokens.slice(0, index))
    // What the quotation would inherit is settled where it opens, not paragraphs later where it closes.
    reading.inherited.set(span, inheritedSpeaker(reading, tokens.slice(0, index)))
    context.before = tokens.slice(Math.max(0, index - 3), index).map((token) => (token.quote === null ? token.text : '"'))
  }
  if (pieces.at(-1)?.paragraph !== paragraph) return
  const after = tokens[index + 1]
  context.after = after === undefined ? null : after.quote === null ? after.text : '"'
  const opening = reading.openings.get(span) ?? []
  const subject = findAttribution(tokens, index, opening)
  if (subject) {
    context.speaker = reading.people.resolve(subject, true) ?? null
    // `"Shame," several people called out` is attributed to people; `"terror"`, to a website, is not.
    context.attributed = subject.kind === 'name' ? context.speaker !== null : isPersonSubject(subject)
    facts.speech = context.speaker
    reading.paragraphSpeaker = context.speaker
  } else {
    context.speaker = reading.inherited.get(span) ?? null
    if (context.speaker !== null) reading.paragraphSpeaker = context.speaker
  }
}

/**
 * A quote its own sentence does not attribute continues the last speaker: the
 * paragraph's previous quote, or whoever the previous sentence said spoke.
 */
function inheritedSpeaker(reading: Reading, opening: readonly Token[]): string | null {
  // Only a quotation that opens its sentence continues anyone; inside a sentence it is the reporter's.
  if (opening.length > 0) return null
  if (reading.paragraphSpeaker !== undefined) return reading.paragraphSpeaker
  if (reading.previous.speech !== undefined) return reading.previous.speech
  // A whole sentence of quotation after a sentence about someone is theirs.
  return reading.previous.person ?? null
}

/** The words between the marks, whitespace collapsed, a trailing comma dropped. */
function quoteText(texts: readonly string[], span: QuoteSpan): string {
  const parts = span.pieces.map((piece) => (texts[piece.paragraph] ?? '').slice(piece.open + 1, piece.close ?? undefined))
  return parts.join(' ').replace(/\s+/gu, ' ').trim().replace(/\s*,$/u, '')
}

const wordCount = (text: string): number => text.split(' ').length

// Words that introduce a name, a coined term, a gloss or the title of a work rather than speech.
const LABELS = new Set(
  [
    'so-called titled entitled dubbed nicknamed named codenamed code-named term phrase word words slogan motto hashtag headline banner caption label question',
    'means meaning translates translated literally',
    'book novel film movie song album single play musical opera show series episode documentary poem painting article essay column editorial',
    'panel exhibition event campaign programme program podcast game video track magazine newspaper operation',
  ]
    .join(' ')
    .split(' '),
)

/** Whether quoted words are speech: not a label, nickname, coined term or title. */
function isSpeech(text: string, context: QuoteContext): boolean {
  if (isLabelled(context) || isNickname(text, context)) return false
  if (context.attributed) return true
  // One or two words nobody is said to have said are scare quotes or coined terms.
  if (wordCount(text) <= 2 || isListItem(context)) return false
  return !isCoinedModifier(text, context) && !isWorkTitle(text, context)
}

// Things that carry words rather than say them: `a banner saying "X"`, `"X" poster`.
const CARRIERS = new Set('sign banner poster placard sticker t-shirt shirt graffiti mural logo'.split(' '))

/** `so-called "X"`, `the film "X"`, `known as "X"`, `a sign reading "X"`, `"X" poster`. */
function isLabelled(context: QuoteContext): boolean {
  const before = context.before.map((word) => word.toLowerCase().replace(/\.$/u, ''))
  // `the question, "X"` and `a song called "X"` name what the words are.
  const previous = before.at(-1) ?? ''
  const introduced = [',', ':', 'called', 'named'].includes(previous) && LABELS.has(before.at(-2) ?? '')
  const carrier = (word: string | undefined): boolean => CARRIERS.has((word ?? '').replace(/s$/u, ''))
  // `a banner saying "X"`, `T-shirts that read "X"`.
  const carried = /^(?:saying|reading|read|reads|says)$/u.test(previous) && (carrier(before.at(-2)) || (before.at(-2) === 'that' && carrier(before.at(-3))))
  const after = (context.after ?? '').toLowerCase()
  return LABELS.has(previous) || introduced || carried || carrier(after) || /\b(?:known|referred to|billed|identified|only) as$/u.test(before.join(' '))
}

/** `Bill "The Hammer" Smith`: a few words between two parts of a name. */
function isNickname(text: string, context: QuoteContext): boolean {
  const previous = context.before.at(-1) ?? ''
  const after = context.after ?? ''
  return isNameWord(previous) && isNameWord(after) && wordCount(text) <= 4 && !/[.?!,]$/u.test(text)
}

/** `songs such as "Dark Star", "Uncle John's Band", and "Truckin'"`: quoted items listed, not said. */
function isListItem(context: QuoteContext): boolean {
  const previous = context.before.at(-1) ?? ''
  return [',', 'and', 'or'].includes(previous) && context.before.slice(0, -1).includes('"')
}

/** `the "one country, two systems" model`: quoted words used as a modifier of the noun that follows. */
function isCoinedModifier(text: string, context: QuoteContext): boolean {
  const previous = (context.before.at(-1) ?? '').toLowerCase()
  const after = context.after ?? ''
  const determiner = ['the', 'a', 'an', 'its', 'his', 'her', 'their', 'our', 'this'].includes(previous)
  return determiner && /^\p{Ll}/u.test(after) && !isFunctionWord(after) && !/[.?!…]$/u.test(text)
}

/** `the "Reproductive Health Care Reform Bill 2019"`: unattributed words in title case inside a sentence. */
function isWorkTitle(text: string, context: QuoteContext): boolean {
  const significant = text.split(' ').filter((word) => word.length > 3)
  const inside = context.before.length > 0 && context.before.at(-1) !== ':'
  return inside && significant.length >= 2 && significant.every((word) => /^[\p{Lu}\p{N}]/u.test(word))
}

/** A fragment inside the reporter's sentence: it starts lowercase, or is no sentence and follows a word that is not a verb of speech. */
function isPartial(text: string, context: QuoteContext): boolean {
  const letter = /\p{L}/u.exec(text)?.[0] ?? ''
  if (letter !== letter.toUpperCase()) return true
  // `called the ruling "A Victory For Tenants"` is embedded; `told reporters on Friday "We won."` is a sentence.
  const previous = [...context.before].reverse().find((word) => !isTimeWord(word))
  const embedded = previous !== undefined && /^[\p{L}\p{N}]/u.test(previous) && !isSpeechWord(previous)
  return embedded && !/[.?!…]\]?$/u.test(text)
}
