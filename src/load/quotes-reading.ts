/**
 * Reading the story in order: sentences in turn, people as they come, and each
 * quotation's speaker, inherited from the sentence before when its own names none
 * (or, for a paragraph that opens with a bare quotation, named by the sentence after).
 */
import type { QuoteSpan } from './quotes-marks.ts'
import { findAttribution, noteVerb } from './quotes-attribution.ts'
import { fullNamesOf, isGroupOfPeople, isPersonSubject, noteNames, People, runsOf, type NamedRun } from './quotes-people.ts'
import { isQuote, isSpeechToken, maskParagraph, splitSentences, tokenize, type Token } from './quotes-sentences.ts'

/** What the copy around a quotation says about it. */
export interface QuoteContext {
  /** The resolved speaker, or null when unnamed or unknown. */
  speaker: string | null
  /** True when the quote's own sentence attributes it to a person the story names. */
  attributed: boolean
  /** Up to four tokens before the opening mark in its sentence, nearest last; a quotation shows as `"`. */
  before: string[]
  /** The token just after the closing mark in its sentence, or null at its end. */
  after: string | null
  /** True for the second half of `"A," she said, "b."`: it goes on with the sentence the speaker began. */
  resumes: boolean
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
export function attributeQuotes(texts: readonly string[], spans: readonly QuoteSpan[]): QuoteContext[] {
  const paragraphs = texts.map((text, paragraph) => sentencesOf(spans, text, paragraph))
  const names = paragraphs.flatMap((sentences) => sentences.flatMap((sentence) => fullNamesOf(sentence.runs)))
  const reading: Reading = {
    people: new People(names),
    contexts: spans.map(() => ({ speaker: null, attributed: false, before: [], after: null, resumes: false })),
    spans,
    openings: new Map(),
    inherited: new Map(),
    paragraphSpeaker: undefined,
    previous: { speech: undefined, person: undefined },
  }
  paragraphs.forEach((sentences, paragraph) => readParagraph(reading, sentences, paragraph))
  return reading.contexts
}

/** A sentence's tokens, a quotation standing as one, and its runs of capitalised words read. */
interface Sentence {
  tokens: Token[]
  runs: NamedRun[]
}

/** A paragraph's sentences, its quotations masked. */
function sentencesOf(spans: readonly QuoteSpan[], text: string, paragraph: number): Sentence[] {
  const located = spans.flatMap((span, index) =>
    span.pieces.filter((piece) => piece.paragraph === paragraph).map((piece) => ({ span: index, piece })),
  )
  const masked = maskParagraph(text, located.map((entry) => entry.piece))
  const tokens = tokenize(masked, new Map(located.map((entry) => [entry.piece.open, entry.span])))
  return splitSentences(masked).map(([start, end]) => {
    const sentence = tokens.filter((token) => token.start >= start && token.start < end)
    return { tokens: sentence, runs: runsOf(sentence) }
  })
}

function readParagraph(reading: Reading, sentences: readonly Sentence[], paragraph: number): void {
  reading.paragraphSpeaker = undefined
  let unclaimed: number[] = []
  for (const [order, sentence] of sentences.entries()) {
    readSentence(reading, sentence, paragraph)
    if (order === 0) unclaimed = unclaimedOpening(reading, sentence.tokens, paragraph)
    else if (order === 1) claimForward(reading, unclaimed)
  }
}

/** The quotations of a paragraph's first sentence when they are the whole sentence and nobody is yet their speaker. */
function unclaimedOpening(reading: Reading, sentence: readonly Token[], paragraph: number): number[] {
  const spans = sentence.flatMap((token) => (token.quote === null ? [] : [token.quote]))
  const closed = spans.every((span) => reading.spans[span]?.pieces.at(-1)?.paragraph === paragraph)
  const unnamed = spans.every((span) => reading.contexts[span]?.speaker === null && reading.contexts[span]?.attributed === false)
  return spans.length > 0 && spans.length === sentence.length && closed && unnamed ? spans : []
}

/**
 * `"The cellar filled in minutes." That is how Ilse Marek recalled the night.`: a paragraph that opens with
 * a quotation nobody has said, then names who said something, names its speaker.
 */
function claimForward(reading: Reading, spans: readonly number[]): void {
  const speaker = reading.previous.speech
  if (typeof speaker !== 'string') return
  for (const span of spans) {
    const context = reading.contexts[span]
    if (context) context.speaker = speaker
  }
  reading.paragraphSpeaker ??= speaker
}

function readSentence(reading: Reading, { tokens, runs }: Sentence, paragraph: number): void {
  const facts: SentenceFacts = { speech: undefined, person: undefined }
  const introduced = noteNames(reading.people, tokens, runs)
  tokens.forEach((token, index) => {
    if (token.quote !== null) {
      readQuote(reading, tokens, index, token.quote, paragraph, facts)
      return
    }
    const verb = noteVerb(reading.people, tokens, index)
    if (verb?.speech) facts.speech = verb.person ?? null
    if (verb?.person !== undefined) facts.person = verb.person
  })
  // `For commuters such as Jane Doe, a nurse, the delay is bad`: a sentence whose verbs name nobody is about the one
  // person it introduces, so the `she said` that follows is hers rather than an earlier speaker's.
  const [only] = introduced
  if (facts.person === undefined && facts.speech === undefined && only !== undefined && introduced.length === 1) {
    facts.person = reading.people.resolve({ kind: 'name', name: only, female: null, titled: false, initial: false, titles: [] }, false)
  }
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
    context.before = tokens.slice(Math.max(0, index - 4), index).map((token) => (token.quote === null ? token.text : '"'))
    context.resumes = resumesSentence(tokens, index)
  }
  if (pieces.at(-1)?.paragraph !== paragraph) return
  const after = tokens[index + 1]
  context.after = after === undefined ? null : after.quote === null ? after.text : '"'
  const opening = reading.openings.get(span) ?? []
  const subject = findAttribution(tokens, index, opening)
  if (subject) {
    context.speaker = reading.people.resolve(subject, true) ?? null
    // `"Shame," several people called out` and `Tellers described him as "polite"` are attributed to people; `"terror"`, to a website, is not.
    context.attributed = subject.kind === 'name' ? context.speaker !== null || isGroupOfPeople(subject) : isPersonSubject(subject)
    facts.speech = context.speaker
    reading.paragraphSpeaker = context.speaker
  } else {
    context.speaker = reading.inherited.get(span) ?? null
    if (context.speaker !== null) reading.paragraphSpeaker = context.speaker
  }
}

/**
 * `"Minus 50 is no record," she said, "but it is a test."`: a sentence that opens with a quotation left unfinished
 * (no stop before its closing mark) and an attribution set off by commas, then goes on quoting.
 */
function resumesSentence(tokens: readonly Token[], index: number): boolean {
  const first = tokens[0]
  const attribution = tokens.slice(1, index)
  if (!isQuote(first) || /[.?!…]"?$/u.test(first?.text ?? '')) return false
  return tokens[index - 1]?.text === ',' && attribution.some((_, offset) => isSpeechToken(tokens, offset + 1)) && !attribution.some(isQuote)
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
