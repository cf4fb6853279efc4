/**
 * A paragraph as the attribution rules read it: quotations masked, words
 * tokenized, sentences split.
 *
 * Each quotation's words are masked before splitting, so a stop inside a quote
 * never ends the reporter's sentence, and the quotation travels as one token.
 * Not retext-english: it splits inside quotations, and not after `on October 22.` (measured in `quotes.ts`).
 */
import type { QuotePiece } from './quotes-marks.ts'
import { AUXILIARIES, IRREGULAR_VERBS, key, PRONOUNS, SPEECH } from './quotes-words.ts'

// A private-use character stands in for quoted words, so no real text can be mistaken for it.
const MASK = '\uE000'

/** Blank out each quotation's words, keeping its marks and final stop, so sentences split around it. */
export function maskParagraph(text: string, pieces: readonly QuotePiece[]): string {
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

/** A word, a punctuation mark, or a whole quotation (`quote` is its span) in masked paragraph text. */
export interface Token {
  text: string
  start: number
  quote: number | null
  /** Lowercase, stops dropped, curly apostrophes straightened; empty for a quotation. */
  key: string
  word: boolean
  capitalised: boolean
  lowercase: boolean
}

/** A token, with the readings every rule asks of it worked out once. */
function makeToken(text: string, start: number, quote: number | null): Token {
  const first = text.charAt(0)
  const word = quote === null && /[\p{L}\p{N}]/u.test(first)
  const upper = first !== first.toLowerCase()
  // Scripts without case (`محمد الحسيني`) can only be names in English copy.
  const capitalised = word && (upper || /\p{Lo}/u.test(first) || /^(?:al|el|bin|ibn|abu|de|van|von)-\p{Lu}/u.test(text))
  return { text, start, quote, key: quote === null ? key(text) : '', word, capitalised, lowercase: word && first !== first.toUpperCase() }
}

/** The tokens of masked text; `quoteAt` maps each opening mark to its quotation. */
export function tokenize(masked: string, quoteAt: ReadonlyMap<number, number>): Token[] {
  return [...masked.matchAll(TOKEN)].map((match) => makeToken(match[0], match.index, quoteAt.get(match.index) ?? null))
}

/** A token's key, or `''` for none. */
export const lower = (token: Token | undefined): string => token?.key ?? ''
/** Whether a token stands for a whole quotation. */
export const isQuote = (token: Token | undefined): boolean => token !== undefined && token.quote !== null
/** Whether a token is a word, not a mark or a quotation. */
export const isWord = (token: Token | undefined): token is Token => token?.word === true
/** Whether a token is a word that starts lowercase. */
export const isLowercase = (token: Token | undefined): boolean => token?.lowercase === true
/** Whether a token is a word that could be part of a name: capitalised, or in a script without case. */
export const isCapitalised = (token: Token | undefined): token is Token => token?.capitalised === true
/** Whether a token is a possessive word (`Doe's`, `Jones'`). */
export const isPossessive = (token: Token | undefined): boolean => isWord(token) && /\p{L}['’]s?$/u.test(token.text)
/** Whether a token ends in `-ing`. */
export const isParticiple = (token: Token | undefined): boolean => lower(token).endsWith('ing')

/** Whether the token at `index` is a verb of speech where one can stand. */
export function isSpeechToken(tokens: readonly Token[], index: number): boolean {
  const token = tokens[index]
  // Capitalised only at the start of a sentence (`Said Okafor: "`), where it cannot be a name's end.
  return isWord(token) && SPEECH.has(lower(token)) && (isLowercase(token) || index === 0)
}

/** Whether the token at `index` reads as a finite verb: speech, an auxiliary, a past tense, or `hopes` after its subject. */
export function isVerbToken(tokens: readonly Token[], index: number): boolean {
  const token = tokens[index]
  if (!isLowercase(token)) return false
  const word = lower(token)
  if (SPEECH.has(word) || AUXILIARIES.has(word) || IRREGULAR_VERBS.has(word) || /^[a-z]{3,}ed$/u.test(word)) return true
  // `he hopes`, `Baghdadi reports`; but in `Forest officials said` the verb is the next word.
  const previous = tokens[index - 1]
  const next = lower(tokens[index + 1])
  const nextIsVerb = SPEECH.has(next) || AUXILIARIES.has(next) || /ed$/u.test(next)
  return /^[a-z]{2,}[^s]s$/u.test(word) && (isCapitalised(previous) || PRONOUNS.has(lower(previous))) && !nextIsVerb
}

const ABBREVIATIONS = new Set('dr mr mrs ms gen brig lt col sen rep gov prof rev st jr sr capt maj sgt cpl pvt pfc spc adm cmdr det insp supt pres atty no mt ft co corp inc ltd vs cde'.split(' '))

const BOUNDARY = /[.?!…]+["”'’)\]]*\s+(?=["“(\[]|[\p{Lu}\p{N}])/gu

/** Sentence ranges of masked text; a stop after `Dr`, `Gen`, `U.S` or an initial ends nothing. */
export function splitSentences(masked: string): Array<[number, number]> {
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
