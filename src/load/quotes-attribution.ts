/**
 * Who said a quotation: sentences, names and pronouns in news copy.
 *
 * Heuristics, not a parser. Wire copy attributes speech in a handful of fixed
 * shapes (`," she said`, `," said Jane Doe`, `Doe said: "`, `Doe called it "`),
 * and its pronouns and bare surnames point back at the last person it named,
 * so reading those shapes in story order finds nearly every speaker.
 */

/** One paragraph's share of a quotation: its opening mark, and its closing mark or null when it runs on. */
export interface QuotePiece {
  paragraph: number
  open: number
  close: number | null
}

/** A paired quotation, in one or more consecutive paragraphs. */
export interface QuoteSpan {
  pieces: QuotePiece[]
}

/** What the copy around a quotation says about it. */
export interface QuoteContext {
  /** The resolved speaker, or null when unnamed or unknown. */
  speaker: string | null
  /** True when the quote's own sentence attributes it to a person the story names. */
  attributed: boolean
  /** Up to three tokens before the opening mark in its sentence, nearest last; a quotation shows as `"`. */
  before: string[]
  /** The token just after the closing mark in its sentence, or null at its end. */
  after: string | null
}

const words = (list: string): ReadonlySet<string> => new Set(list.split(' '))

const SPEECH = words(
  'say says said saying tell tells told telling add adds added adding ask asks asked asking noted notes noting explain explains explained explaining stated stating declare declares declared declaring announce announces announced announcing write writes wrote writing claim claims claimed claiming insist insists insisted insisting argue argues argued arguing continued call calls called calling urge urges urged urging describe describes described describing warn warns warned warning hail hails hailed hailing remarked reply replies replied replying respond responds responded responding commented acknowledge acknowledges acknowledged admit admits admitted admitting recall recalls recalled recalling predict predicts predicted promised vow vows vowed vowing suggest suggests suggested suggesting conclude concludes concluded cautioned stressed emphasize emphasizes emphasized emphasise emphasised quip quips quipped tweet tweets tweeted tweeting posted joked shout shouted shouting yelled whispered testify testified testifies confirm confirms confirmed deny denies denied complain complains complained complaining conceded observed characterize characterized characterise characterised accuse accuses accused accusing reports reported reporting speak speaks spoke speaking talked repeated affirmed assert asserts asserted maintains maintained mentioned blamed condemned criticize criticized criticise criticised praised labelled labeled termed pointed pledged threatened demanded pleaded answered exclaimed recounted reiterated opined read reads',
)
const AUXILIARIES = words(
  "is was were are be been being has had have having will would can could may might shall should must did does do isn't wasn't weren't aren't hasn't hadn't haven't won't wouldn't can't couldn't didn't doesn't don't",
)
const ADVERBS = words('also later then reportedly previously recently again further once simply just repeatedly publicly quickly already still never not often always initially earlier subsequently allegedly officially')
const NOT_ADVERBS = words('family ally rally assembly supply reply italy only')
export const PRONOUNS = words('he she they we i it you')
const DETERMINERS = words('a an the one another some several many two three this that these those its his her their our my your each every both')
const PREPOSITIONS = words('of for at from with in on by to about against into over under near between among across after before during without within via per like including toward towards upon')
const OWNER_PREPOSITIONS = words('of for at from with in')
// Function words that may sit inside a speaker's description (`co-author and Royal Society Fellow`).
const PHRASE_WORDS = words('of for at from the and')
const TIME_WORDS = words('monday tuesday wednesday thursday friday saturday sunday yesterday today tonight tomorrow morning afternoon evening night week weekend month year earlier later')
const TIME_LEADS = words('on last this late early in at')
const STOP_WORDS = new Set([
  ...DETERMINERS,
  ...PREPOSITIONS,
  ...PRONOUNS,
  ...words('and but or nor so yet while as because although though when whereas which who whom whose that if than'),
  ...words('meanwhile however also then still according last next earlier later now today yesterday tonight there here what why how where most more other all no not speaking asked despite since until unless once'),
  ...words('monday tuesday wednesday thursday friday saturday sunday january february april july august september october november december'),
])
const TITLES = words(
  'mr mrs ms miss mx dr prof professor sir dame lady lord rev reverend fr father sister brother president vice prime premier minister secretary state general gen brig brigadier lt lieutenant col colonel maj major capt captain cmdr commander adm admiral sgt sergeant cpl corporal pvt gov governor sen senator rep representative congressman congresswoman mayor judge justice chief attorney ambassador chancellor king queen prince princess duke duchess emperor pope cardinal bishop archbishop rabbi imam sheikh ayatollah director chairman chairwoman chairperson chair ceo cfo coo executive officer commissioner superintendent supt sheriff detective det inspector insp constable deputy assistant acting former foreign interior defence defense finance health home education affairs labor labour trade energy environment transport culture spokesman spokeswoman spokesperson mp mep councillor councilman councilwoman alderman speaker leader head coach manager cde comrade dean provost principal lead actor actress singer rapper author co-author writer artist poet player striker goalkeeper chef lawyer prosecutor doctor nurse agent analyst economist scientist astronomer geochemist researcher student activist journalist reporter correspondent editor producer founder owner candidate nominee delegate envoy diplomat official protester resident witness expert engineer pilot farmer teacher host presenter anchor fellow pastor priest police people authorities staff',
)
const ORGANIZATIONS = words(
  'department ministry council party committee union nations states organization organisation association agency office court commission army navy forces force government bank company corporation corp inc ltd llc plc group institute institut university college school hospital news times post press journal herald tribune telegraph guardian reuters service services authority board federation foundation society center centre church club league network airlines airways team senate house congress parliament assembly pentagon kremlin administration coalition alliance front movement command guard embassy republic kingdom county province district city island islands river airport station street road avenue square park bridge media tv radio channel studios entertainment records international national federal museum library project program programme fund trust laboratory systems motors industries holdings partners',
)
const PLACE_STARTS = words('new south north east west united saudi hong san los las puerto sri costa great el')
const FEMALE = words('mrs ms miss madam lady queen princess duchess dame baroness countess sister spokeswoman chairwoman congresswoman councilwoman businesswoman actress mother wife daughter grandmother woman girl')
const MALE = words('mr sir king prince lord duke baron brother father spokesman chairman congressman councilman businessman actor husband son grandfather man boy')
const PARTICLES = words('van von de da di du del der dos das la le bin ibn al el abu ter ten')
const ABBREVIATIONS = words('dr mr mrs ms gen brig lt col sen rep gov prof rev st jr sr capt maj sgt adm cmdr det insp supt pres atty no mt ft co corp inc ltd vs cde')
// Words after a quotation that begin a new clause rather than an attribution.
const CLAUSE_BREAKS = words('and but or while as because so when which who that after before if')

/** A word, a punctuation mark, or a whole quotation (`quote` is its span) in masked paragraph text. */
interface Token {
  text: string
  start: number
  quote: number | null
}

/** Who a clause says did something: a name, a pronoun, or someone the copy does not name. */
type Subject =
  | { kind: 'name'; name: string; female: boolean | null; titled: boolean; initial: boolean }
  | { kind: 'pronoun'; word: string }
  | { kind: 'unnamed' }

/** A run of capitalised words, read as a person (titles dropped), an organisation or a bare title. */
interface Run {
  kind: 'person' | 'organization' | 'title'
  name: string
  female: boolean | null
  titled: boolean
  /** True when an organisation's name stands before the person's (`Amnesty International Man-kei Tam`). */
  afterOrganization: boolean
}

/** The last item that passes, searching from the end (`findLast` is ES2023). */
function lastOf<T>(items: readonly T[], test: (item: T) => boolean): T | undefined {
  for (let index = items.length - 1; index >= 0; index--) {
    const item = items[index]
    if (item !== undefined && test(item)) return item
  }
  return undefined
}

const key = (word: string | undefined): string => (word ?? '').toLowerCase().replace(/’/gu, "'").replace(/\./gu, '')
const lower = (token: Token | undefined): string => (token && token.quote === null ? key(token.text) : '')
const isQuote = (token: Token | undefined): boolean => token !== undefined && token.quote !== null
const isWord = (token: Token | undefined): token is Token => token?.quote === null && /^[\p{L}\p{N}]/u.test(token.text)
const isLowercase = (token: Token | undefined): boolean => isWord(token) && /^\p{Ll}/u.test(token.text)
const isPossessive = (token: Token | undefined): boolean => isWord(token) && /\p{L}['’]s?$/u.test(token.text)
const isParticiple = (token: Token | undefined): boolean => lower(token).endsWith('ing')

function isCapitalised(token: Token | undefined): token is Token {
  return isWord(token) && (/^\p{Lu}/u.test(token.text) || /^(?:al|el|bin|ibn|abu|de|van|von)-\p{Lu}/u.test(token.text))
}

function isTitleWord(word: string): boolean {
  const plain = key(word)
  if (TITLES.has(plain) || TITLES.has(plain.replace(/e?s$/u, ''))) return true
  return plain.includes('-') && plain.split('-').every((part) => TITLES.has(part))
}

/** Whether a word is a verb of speech (`said`, `told`, `urged`). */
export function isSpeechWord(word: string): boolean {
  return SPEECH.has(key(word))
}

/** Whether a word could be part of a name: capitalised and not a function word or verb. */
export function isNameWord(word: string): boolean {
  return /^\p{Lu}/u.test(word) && !STOP_WORDS.has(key(word)) && !SPEECH.has(key(word))
}

/** Whether a lowercase word is a grammatical word or verb rather than a noun. */
export function isFunctionWord(word: string): boolean {
  const plain = key(word)
  return STOP_WORDS.has(plain) || AUXILIARIES.has(plain) || SPEECH.has(plain) || /ed$/u.test(plain)
}

function isSpeechToken(tokens: readonly Token[], index: number): boolean {
  const token = tokens[index]
  // Capitalised only at the start of a sentence (`Said Okafor: "`), where it cannot be a name's end.
  return isWord(token) && SPEECH.has(lower(token)) && (isLowercase(token) || index === 0)
}

function isVerbToken(tokens: readonly Token[], index: number): boolean {
  const token = tokens[index]
  if (!isLowercase(token)) return false
  const word = lower(token)
  if (SPEECH.has(word) || AUXILIARIES.has(word) || /^[a-z]{3,}ed$/u.test(word)) return true
  const previous = tokens[index - 1]
  return /^[a-z]{2,}[^s]s$/u.test(word) && (isCapitalised(previous) || PRONOUNS.has(lower(previous)))
}

/** Blank out each quotation's words, keeping its marks and final stop, so sentences split around it. */
function maskParagraph(text: string, pieces: readonly QuotePiece[]): string {
  const chars = text.replace(/["“”„]/gu, ' ').split('')
  for (const piece of pieces) {
    const end = piece.close ?? text.length
    chars.fill('□', piece.open + 1, end)
    chars[piece.open] = '"'
    if (piece.close !== null) chars[piece.close] = '"'
    const stop = /[.?!…]$/u.exec(text.slice(piece.open + 1, end).trimEnd().replace(/['’‘]+$/u, ''))
    if (stop && end - piece.open > 2) chars[end - 1] = stop[0]
  }
  return chars.join('')
}

const TOKEN = /"□+[.?!…]?"?|[\p{L}\p{N}][\p{L}\p{N}\p{M}'’.&-]*|\S/gu

function tokenize(masked: string, quoteAt: ReadonlyMap<number, number>): Token[] {
  return [...masked.matchAll(TOKEN)].map((match) => ({ text: match[0], start: match.index, quote: quoteAt.get(match.index) ?? null }))
}

const BOUNDARY = /[.?!…]+["”'’)\]]*\s+(?=["“(\[]|[\p{Lu}\p{N}])/gu

/** Sentence ranges of masked text; a stop after `Dr`, `Gen`, `U.S` or an initial ends nothing. */
function splitSentences(masked: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = []
  let start = 0
  for (const match of masked.matchAll(BOUNDARY)) {
    const word = /\S*$/u.exec(masked.slice(0, match.index))?.[0] ?? ''
    const abbreviated = match[0].startsWith('.') && (/^\p{L}$/u.test(word) || word.includes('.') || ABBREVIATIONS.has(key(word)))
    if (abbreviated) continue
    ranges.push([start, match.index + match[0].length])
    start = match.index + match[0].length
  }
  ranges.push([start, masked.length])
  return ranges
}

/** A word as a name part: possessive and sentence stop dropped, initials kept. */
function cleanWord(text: string): string {
  const bare = text.replace(/['’]s$/u, '').replace(/(?<=s)['’]$/u, '')
  return /^\p{L}\.$|\..*\.$|^(?:Jr|Sr)\.$/u.test(bare) ? bare : bare.replace(/\.$/u, '')
}

// `of` joins `Secretary of State`; a lowercase particle joins `Ludwig van Beethoven`.
function isBridge(tokens: readonly Token[], index: number): boolean {
  const token = tokens[index]
  const before = tokens[index - 1]
  if (!isLowercase(token) || !isCapitalised(before) || isPossessive(before) || !isCapitalised(tokens[index + 1])) return false
  return PARTICLES.has(lower(token)) || (lower(token) === 'of' && isTitleWord(before.text))
}

function runStart(tokens: readonly Token[], index: number, low: number): number {
  let start = index
  for (;;) {
    const previous = tokens[start - 1]
    if (start - 1 >= low && isCapitalised(previous) && !isPossessive(previous)) start -= 1
    else if (start - 2 >= low && isBridge(tokens, start - 1)) start -= 2
    else return start
  }
}

function runEnd(tokens: readonly Token[], index: number, high: number): number {
  let end = index
  while (!isPossessive(tokens[end])) {
    if (end + 1 <= high && isCapitalised(tokens[end + 1])) end += 1
    else if (end + 2 <= high && isBridge(tokens, end + 1)) end += 2
    else break
  }
  return end
}

/** Read a run of capitalised words: titles, job words and organisations before the name are dropped. */
function readRun(tokens: readonly Token[], start: number, end: number): Run | null {
  const all = tokens.slice(start, end + 1).map((token) => cleanWord(token.text))
  let first = 0
  let last = all.length
  while (first < last && STOP_WORDS.has(key(all[first]))) first++
  while (last > first && STOP_WORDS.has(key(all[last - 1]))) last--
  const kept = all.slice(first, last)
  if (kept.length === 0) return null
  const cutWord = lastOf(kept, (word) => isTitleWord(word) || ORGANIZATIONS.has(key(word)) || word === 'of')
  const cut = cutWord === undefined ? -1 : kept.lastIndexOf(cutWord)
  const prefix = kept.slice(0, cut + 1).map(key)
  const rest = kept.slice(cut + 1)
  const cues = [...prefix, lower(tokens[start - 1]), lower(tokens[start - 2])]
  const female = cues.some((word) => FEMALE.has(word)) ? true : cues.some((word) => MALE.has(word)) ? false : null
  const afterOrganization = prefix.some((word) => ORGANIZATIONS.has(word))
  const acronym = rest.length === 1 && /^[\p{Lu}\d&.-]{2,}$/u.test(rest[0] ?? '')
  const kind = rest.length > 0 && !acronym ? 'person' : afterOrganization || acronym ? 'organization' : 'title'
  return { kind, name: (kind === 'person' ? rest : kept).join(' '), female, titled: cut >= 0, afterOrganization }
}

const nameOf = (run: Run, initial = false): Subject => ({ kind: 'name', name: run.name, female: run.female, titled: run.titled, initial })

/** A lone capitalised word opening the sentence may be a common noun (`Officials said`). */
function opensSentence(tokens: readonly Token[], start: number, run: Run): boolean {
  return !run.name.includes(' ') && tokens.slice(0, start).every((token) => STOP_WORDS.has(lower(token)))
}

function followsPreposition(tokens: readonly Token[], start: number): boolean {
  const previous = DETERMINERS.has(lower(tokens[start - 1])) ? start - 2 : start - 1
  return isLowercase(tokens[previous]) && PREPOSITIONS.has(lower(tokens[previous]))
}

/** The subject of the verb at `verb`, read backwards no further than `low`. */
function subjectBefore(tokens: readonly Token[], verb: number, low: number): Subject | null {
  let index = skipModifiers(tokens, verb - 1, low)
  index = skipParenthesis(tokens, index, low)
  if (index < low) return null
  return tokens[index]?.text === ',' ? appositiveSubject(tokens, index, low) : headSubject(tokens, index, low)
}

/** Step back over `has`, `also`, `on Sunday` and the like between a subject and its verb. */
function skipModifiers(tokens: readonly Token[], from: number, low: number): number {
  let index = from
  while (index >= low) {
    const token = tokens[index]
    const timed = TIME_WORDS.has(lower(token)) || (TIME_LEADS.has(lower(token)) && isLowercase(token) && TIME_WORDS.has(lower(tokens[index + 1])))
    if (!isModifier(token) && !timed) return index
    index--
  }
  return index
}

function isModifier(token: Token | undefined): boolean {
  const word = lower(token)
  return isLowercase(token) && (AUXILIARIES.has(word) || ADVERBS.has(word) || (/^[a-z]{3,}ly$/u.test(word) && !NOT_ADVERBS.has(word)))
}

function skipParenthesis(tokens: readonly Token[], index: number, low: number): number {
  if (tokens[index]?.text !== ')') return index
  let open = index
  while (open >= low && tokens[open]?.text !== '(') open--
  return open >= low ? open - 1 : index
}

function headSubject(tokens: readonly Token[], index: number, low: number): Subject | null {
  const token = tokens[index]
  if (!isWord(token)) return null
  const word = lower(token)
  if (PRONOUNS.has(word)) return { kind: 'pronoun', word }
  if (isCapitalised(token)) return isPossessive(token) ? null : nameSubject(tokens, index, low)
  return STOP_WORDS.has(word) || isVerbToken(tokens, index) ? null : { kind: 'unnamed' }
}

function nameSubject(tokens: readonly Token[], index: number, low: number): Subject | null {
  const start = runStart(tokens, index, low)
  const run = readRun(tokens, start, index)
  if (!run) return null
  // `a spokesman for President Obama said`: a name after a preposition is not the one speaking.
  const governed = followsPreposition(tokens, start) && !(run.kind === 'person' && run.afterOrganization)
  if (run.kind === 'person' && !governed) return nameOf(run, opensSentence(tokens, start, run))
  return (governed ? ownerBefore(tokens, start, low) : null) ?? { kind: 'unnamed' }
}

/** `Mike Ryan of the World Health Organization told`: the person that owns the phrase. */
function ownerBefore(tokens: readonly Token[], start: number, low: number): Subject | null {
  for (let index = start - 1; index >= Math.max(low, start - 15); index--) {
    const token = tokens[index]
    if (!token || isQuote(token) || token.text === ',' || isSpeechToken(tokens, index)) return null
    if (!isCapitalised(token) || isPossessive(token) || !OWNER_PREPOSITIONS.has(lower(tokens[index + 1]))) continue
    const first = runStart(tokens, index, low)
    const run = readRun(tokens, first, index)
    if (run?.kind === 'person' && !followsPreposition(tokens, first)) return nameOf(run)
  }
  return null
}

/** `Hashimi, general secretary of the council, said` and `A member, Hassem Hashimi, said`. */
function appositiveSubject(tokens: readonly Token[], comma: number, low: number): Subject | null {
  let previous = comma - 1
  while (previous >= Math.max(low, comma - 20) && tokens[previous]?.text !== ',') {
    if (isQuote(tokens[previous])) return null
    previous--
  }
  if (tokens[previous]?.text !== ',' || previous < low) return null
  if (comma - 1 > previous && runStart(tokens, comma - 1, previous + 1) === previous + 1) {
    const run = readRun(tokens, previous + 1, comma - 1)
    if (run?.kind === 'person') return nameOf(run)
  }
  return headSubject(tokens, skipParenthesis(tokens, previous - 1, low), low)
}

/** The subject after an inverted verb: `said Jane Doe`, `said UCL astronomer Angelos Tsiaras`, `said a witness`. */
function subjectAfter(tokens: readonly Token[], verb: number, high: number): Subject | null {
  const first = tokens[verb + 1]
  if (!isWord(first) || verb + 1 > high) return null
  if (PRONOUNS.has(lower(first))) return { kind: 'pronoun', word: lower(first) }
  // A description may run before the name: `said Center for Biological Diversity scientist Tierra Curry`.
  for (let index = verb + 1; index <= Math.min(high, verb + 12); index++) {
    const token = tokens[index]
    if (isCapitalised(token)) {
      const end = runEnd(tokens, index, high)
      if (isSpeakerRun(tokens, index, end)) return readSpeaker(tokens, index, end)
      index = end
    } else if (!isWord(token) || isVerbToken(tokens, index) || (STOP_WORDS.has(lower(token)) && !PHRASE_WORDS.has(lower(token)))) {
      break
    }
  }
  return appositiveAfter(tokens, verb + 1, high) ?? { kind: 'unnamed' }
}

/** `said his father, Abdullah Kurdi`: a name set off by commas after the description. */
function appositiveAfter(tokens: readonly Token[], from: number, high: number): Subject | null {
  for (let comma = from; comma <= Math.min(high, from + 12); comma++) {
    if (isQuote(tokens[comma])) return null
    if (tokens[comma]?.text !== ',' || !isCapitalised(tokens[comma + 1])) continue
    const end = runEnd(tokens, comma + 1, high)
    const closed = end === high || !isWord(tokens[end + 1])
    if (closed && isSpeakerRun(tokens, comma + 1, end)) return readSpeaker(tokens, comma + 1, end)
  }
  return null
}

// A person read forwards: not an owner (`the Pentagon's`), a place or the object of a preposition.
function isSpeakerRun(tokens: readonly Token[], start: number, end: number): boolean {
  const run = readRun(tokens, start, end)
  if (run?.kind !== 'person' || isPossessive(tokens[end]) || PLACE_STARTS.has(key(run.name.split(' ')[0]))) return false
  return !followsPreposition(tokens, start) || run.afterOrganization
}

function readSpeaker(tokens: readonly Token[], start: number, end: number): Subject | null {
  const run = readRun(tokens, start, end)
  return run ? nameOf(run) : null
}

/** The people a story has named, most recent last, for resolving pronouns and bare surnames. */
class People {
  private readonly mentioned: Array<{ name: string; female: boolean | null }> = []
  private readonly subjects: Array<{ name: string; female: boolean | null }> = []

  /** Remember a full name seen anywhere in the story. */
  mention(name: string, female: boolean | null): void {
    if (!this.mentioned.some((person) => person.name === name)) this.mentioned.push({ name, female })
  }

  /** Who a subject is, noting them as the latest person spoken of; undefined when not a person. */
  resolve(subject: Subject, speech: boolean): string | undefined {
    if (subject.kind === 'unnamed') return undefined
    if (subject.kind === 'pronoun') return subject.word === 'he' || subject.word === 'she' ? this.pronoun(subject.word) : undefined
    const name = this.fullName(subject.name)
    // `Stallholders said`: a plural at the start of a sentence, not a name the story knows.
    if (subject.initial && !subject.titled && name === subject.name && /[^'’s]s$/u.test(name)) return undefined
    const placeLike = PLACE_STARTS.has(key(name.split(' ')[0]))
    if (!speech && (placeLike || (!name.includes(' ') && !subject.titled))) return undefined
    this.note(name, subject.female)
    return name
  }

  private fullName(name: string): string {
    if (name.includes(' ')) return name
    const owns = (person: { name: string }): boolean => person.name.split(' ').slice(1).includes(name)
    return lastOf(this.subjects, owns)?.name ?? lastOf(this.mentioned, owns)?.name ?? name
  }

  private pronoun(word: 'he' | 'she'): string | undefined {
    const female = word === 'she'
    // Subjects first; a person only ever mentioned (`a guard searched Jane Doe`) is the last resort.
    const person = this.byGender(this.subjects, female) ?? this.byGender(this.mentioned, female)
    if (person) this.note(person.name, female)
    return person?.name
  }

  private byGender(people: ReadonlyArray<{ name: string; female: boolean | null }>, female: boolean): { name: string } | undefined {
    if (!female) return lastOf(people, (person) => person.female !== true)
    return lastOf(people, (person) => person.female === true) ?? lastOf(people, (person) => person.female !== false)
  }

  private note(name: string, female: boolean | null): void {
    const index = this.subjects.findIndex((person) => person.name === name)
    const known = index >= 0 ? this.subjects.splice(index, 1)[0] : this.mentioned.find((person) => person.name === name)
    this.subjects.push({ name, female: female ?? known?.female ?? null })
  }
}

/** Story-wide reading state, carried from sentence to sentence. */
interface Reading {
  people: People
  contexts: QuoteContext[]
  spans: readonly QuoteSpan[]
  /** Tokens before each quotation's opening mark, kept until its closing mark is read. */
  openings: Map<number, Token[]>
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
  const reading: Reading = {
    people: new People(),
    contexts: spans.map(() => ({ speaker: null, attributed: false, before: [], after: null })),
    spans,
    openings: new Map(),
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
  noteMentions(reading.people, tokens)
  tokens.forEach((token, index) => {
    if (token.quote !== null) readQuote(reading, tokens, index, token.quote, paragraph, facts)
    else if (isVerbToken(tokens, index)) noteSubject(reading.people, tokens, index, facts)
  })
  reading.previous = facts
}

/** Remember every full name the sentence mentions, so a bare surname can find it later. */
function noteMentions(people: People, tokens: readonly Token[]): void {
  for (let index = 0; index < tokens.length; index++) {
    if (!isCapitalised(tokens[index])) continue
    const end = runEnd(tokens, index, tokens.length - 1)
    const run = readRun(tokens, index, end)
    if (run?.kind === 'person' && run.name.includes(' ')) people.mention(run.name, run.female)
    index = end
  }
}

/** Track who the sentence is about, so a later `he` or `she` can find them. */
function noteSubject(people: People, tokens: readonly Token[], verb: number, facts: SentenceFacts): void {
  const subject = subjectBefore(tokens, verb, 0)
  if (!subject) return
  const speech = isSpeechToken(tokens, verb)
  const person = people.resolve(subject, speech)
  if (speech) facts.speech = person ?? null
  if (person !== undefined) facts.person = person
}

function readQuote(reading: Reading, tokens: Token[], index: number, span: number, paragraph: number, facts: SentenceFacts): void {
  const pieces = reading.spans[span]?.pieces ?? []
  const context = reading.contexts[span]
  if (!context) return
  if (pieces[0]?.paragraph === paragraph) {
    reading.openings.set(span, tokens.slice(0, index))
    context.before = tokens.slice(Math.max(0, index - 3), index).map((token) => (token.quote === null ? token.text : '"'))
  }
  if (pieces.at(-1)?.paragraph !== paragraph) return
  const after = tokens[index + 1]
  context.after = after === undefined ? null : after.quote === null ? after.text : '"'
  const opening = reading.openings.get(span) ?? []
  const subject = attributionAfter(tokens, index) ?? attributionBefore(opening, opening.length)
  if (subject) {
    context.speaker = reading.people.resolve(subject, true) ?? null
    context.attributed = context.speaker !== null
    facts.speech = context.speaker
  } else {
    context.speaker = inheritedSpeaker(reading, opening)
  }
  reading.paragraphSpeaker = context.speaker
}

/**
 * A quote its own sentence does not attribute continues the last speaker: the
 * paragraph's previous quote, or whoever the previous sentence said spoke.
 */
function inheritedSpeaker(reading: Reading, opening: readonly Token[]): string | null {
  if (reading.paragraphSpeaker !== undefined) return reading.paragraphSpeaker
  if (reading.previous.speech !== undefined) return reading.previous.speech
  // A whole sentence of quotation after a sentence about someone is theirs.
  return opening.length === 0 ? (reading.previous.person ?? null) : null
}

/** Attribution after the closing mark: `," she said`, `," said Jane Doe`, `," according to Doe`. */
function attributionAfter(tokens: readonly Token[], quote: number): Subject | null {
  let first = quote + 1
  while (/^[,—–-]$/u.test(tokens[first]?.text ?? '')) first++
  const token = tokens[first]
  if (!isWord(token)) return null
  const high = tokens.length - 1
  if (lower(token) === 'according' && lower(tokens[first + 1]) === 'to') return subjectAfter(tokens, first + 1, high)
  if (isSpeechToken(tokens, first)) return isParticiple(token) ? null : subjectAfter(tokens, first, high)
  for (let verb = first; verb < Math.min(tokens.length, first + 12); verb++) {
    const candidate = tokens[verb]
    if (!candidate || isQuote(candidate) || /^[;:.]$/u.test(candidate.text) || CLAUSE_BREAKS.has(lower(candidate))) return null
    if (isSpeechToken(tokens, verb) && !isParticiple(candidate)) return subjectBefore(tokens, verb, first)
  }
  return null
}

/** Attribution before the opening mark: `Doe said: "`, `Said Doe: "`, `Doe called it "`, `telling reporters that "`. */
function attributionBefore(tokens: readonly Token[], quote: number): Subject | null {
  let verb = quote - 1
  while (verb >= 0 && !isSpeechToken(tokens, verb)) verb--
  if (verb < 0) return accordingTo(tokens, quote)
  if (isParticiple(tokens[verb])) return clauseSubject(tokens, verb)
  const subject = subjectBefore(tokens, verb, 0)
  if (subject) return subject
  // Inverted only at the start of a clause: `Said Doe: "`, `"We stand ready" tweeted Johnson "`.
  const previous = tokens[verb - 1]
  if (!previous || isQuote(previous) || (previous.text === ',' && isQuote(tokens[verb - 2]))) return subjectAfter(tokens, verb, quote - 1)
  return clauseSubject(tokens, verb)
}

function accordingTo(tokens: readonly Token[], quote: number): Subject | null {
  for (let index = 0; index < quote - 1; index++) {
    if (lower(tokens[index]) === 'according' && lower(tokens[index + 1]) === 'to') return subjectAfter(tokens, index + 1, quote - 1)
  }
  return null
}

/** The subject of the clause a participle or second verb hangs from (`Clinton hailed it, telling reporters`). */
function clauseSubject(tokens: readonly Token[], verb: number): Subject | null {
  for (let index = verb - 1; index >= 0; index--) {
    if (!isVerbToken(tokens, index) || isParticiple(tokens[index])) continue
    const subject = subjectBefore(tokens, index, 0)
    if (subject) return subject
  }
  return null
}
