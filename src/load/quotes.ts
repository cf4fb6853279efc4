/**
 * Direct quotations in news copy: which marks pair up (`quotes-marks.ts`), who
 * said them (`quotes-reading.ts`), and, here, which quoted words are speech
 * rather than scare quotes, names or titles.
 *
 * Hand-written because the libraries made for parts of this were measured and lost (fixtures 01-34, 317 Wikinews articles):
 * - retext-english 5 knows no quotations: on raw text it splits inside them 557 times, so marks must be paired and masked
 *   first anyway. On masked text it misses 119 of our 7,832 boundaries (`on October 22. Wikinews`, `10 p.m. "Shame,"`);
 *   swapped in, it breaks fixture 32 and loses a Wikinews speaker, at 502 µs an article against 21 µs for ours.
 * - compromise 14 `people()` names 47 of the fixtures' 84 speakers exactly (68 with a title attached), 13 of its 112
 *   people are not people (`o'clock`, `Port Alden`, `AL West`), and it takes 10-25 ms an article, about 25 times this
 *   whole extractor. Neither resolves a pronoun, title or surname to the person the story named, which is the work here.
 */
import type { Quote } from './story.ts'
import { pairMarks, type QuoteSpan, type UnclosedMark } from './quotes-marks.ts'
import { attributeQuotes, type QuoteContext } from './quotes-reading.ts'
import { isFunctionWord, isNameWord, isSpeechWord, isTimeWord } from './quotes-words.ts'

export type { UnclosedMark } from './quotes-marks.ts'

/** One body paragraph as plain text, lede first, dateline and credit already removed. */
export interface QuoteInput {
  text: string
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
  // A quoted modifier credited to nobody named (`Stallholders complained about the "temporary" rules`) is the reporter's,
  // unless the verb of speech governs it (`police declared a "terrorist-related" attack`).
  const scare = context.speaker === null && isCoinedModifier(text, context) && !isSpeechObject(context)
  if (context.attributed && !scare) return true
  // `"Twice."` after `"We counted the sheep twice," Flett said.`: a sentence on its own goes on in the voice it follows.
  if (context.speaker !== null && isWholeSentence(text, context)) return true
  // One or two words nobody is said to have said are scare quotes or coined terms.
  if (wordCount(text) <= 2 || isListItem(context)) return false
  return !isCoinedModifier(text, context) && !isWorkTitle(text, context)
}

/** A quotation that is its sentence's only words: capitalised, closed with a stop, nothing of the reporter's around it. */
function isWholeSentence(text: string, context: QuoteContext): boolean {
  return context.before.length === 0 && context.after === null && /^\p{Lu}/u.test(text) && /[.?!…]$/u.test(text)
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
  return LABELS.has(previous) || introduced || carried || carrier(after) || isNamedAs(before)
}

// Verbs that name what follows them, and the shapes of `known as`.
const NAMING = /(?:^| )(?:so-called|titled|entitled|dubbed|nicknamed|named|codenamed|code-named|(?:known|referred to|billed|identified|only)(?: \p{L}+ly)? as)$/u

/** `known as "X"`, `known locally as the "X"`, `nicknamed the "X"`: an article, or an adverb before `as`, may stand between. */
function isNamedAs(before: readonly string[]): boolean {
  const named = ['the', 'a', 'an'].includes(before.at(-1) ?? '') ? before.slice(0, -1) : before
  return NAMING.test(named.join(' '))
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
  return [',', 'and', 'or'].includes(previous) && context.before.slice(-3, -1).includes('"')
}

/** `the "one country, two systems" model`: quoted words used as a modifier of the noun that follows. */
function isCoinedModifier(text: string, context: QuoteContext): boolean {
  const previous = (context.before.at(-1) ?? '').toLowerCase()
  const after = context.after ?? ''
  const determiner = ['the', 'a', 'an', 'its', 'his', 'her', 'their', 'our', 'this'].includes(previous)
  return determiner && /^\p{Ll}/u.test(after) && !isFunctionWord(after) && !/[.?!…]$/u.test(text)
}

/** `declared a "major" incident`, `described it as an "upside-down" river`: the verb of speech says the quoted words. */
function isSpeechObject(context: QuoteContext): boolean {
  const second = context.before.at(-2) ?? ''
  return isSpeechWord(second) || (isSpeechWord(context.before.at(-3) ?? '') && ['it', 'them', 'as'].includes(second.toLowerCase()))
}

/** `the "Reproductive Health Care Reform Bill 2019"`: unattributed words in title case inside a sentence. */
function isWorkTitle(text: string, context: QuoteContext): boolean {
  const significant = text.split(' ').filter((word) => word.length > 3)
  const inside = context.before.length > 0 && context.before.at(-1) !== ':'
  return inside && significant.length >= 2 && significant.every((word) => /^[\p{Lu}\p{N}]/u.test(word))
}

/** A fragment inside the reporter's sentence: it starts lowercase, or is no sentence and follows a word that is not a verb of speech. */
function isPartial(text: string, context: QuoteContext): boolean {
  // `"A," she said, "b."`: lowercase because it finishes the speaker's own sentence, not the reporter's.
  if (context.resumes) return false
  const letter = /\p{L}/u.exec(text)?.[0] ?? ''
  if (letter !== letter.toUpperCase()) return true
  // `called the ruling "A Victory For Tenants"` is embedded; `told reporters on Friday "We won."` is a sentence.
  const previous = context.before.slice(-3).reverse().find((word) => !isTimeWord(word))
  const embedded = previous !== undefined && /^[\p{L}\p{N}]/u.test(previous) && !isSpeechWord(previous)
  return embedded && !/[.?!…]\]?$/u.test(text)
}
