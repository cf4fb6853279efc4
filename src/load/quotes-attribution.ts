/**
 * Who said a quotation: names, titles, pronouns and the shapes of attribution in news copy.
 *
 * Heuristics, not a parser. Wire copy attributes speech in a handful of fixed
 * shapes (`," she said`, `," said Jane Doe`, `Doe said: "`, `Doe called it "`),
 * and its pronouns and bare surnames point back at the last person it named,
 * so reading those shapes in story order finds nearly every speaker.
 */

const words = (...lists: string[]): ReadonlySet<string> => new Set(lists.join(' ').split(' '))

const SPEECH = words(
  'say says said saying tell tells told telling add adds added adding ask asks asked asking noted notes',
  'noting explain explains explained explaining stated stating declare declares declared declaring',
  'announce announces announced announcing write writes wrote writing claim claims claimed claiming',
  'insist insists insisted insisting argue argues argued arguing continued call calls called calling',
  'urge urges urged urging describe describes described describing warn warns warned warning hail hails',
  'hailed hailing remarked reply replies replied replying respond responds responded responding',
  'commented acknowledge acknowledges acknowledged admit admits admitted admitting recall recalls',
  'recalled recalling predict predicts predicted promised vow vows vowed vowing suggest suggests',
  'suggested suggesting conclude concludes concluded cautioned stressed emphasize emphasizes emphasized',
  'emphasise emphasised quip quips quipped tweet tweets tweeted tweeting posted joked shout shouted',
  'shouting yelled whispered testify testified testifies confirm confirms confirmed deny denies denied',
  'complain complains complained complaining conceded observed characterize characterized characterise',
  'characterised accuse accuses accused accusing reports reported reporting speak speaks spoke speaking',
  'talked repeated affirmed assert asserts asserted maintains maintained mentioned blamed condemned',
  'criticize criticized criticise criticised praised labelled labeled termed pointed pledged threatened',
  'demanded pleaded answered exclaimed recounted reiterated opined read reads informed elaborated',
  'thanked referred commenting proposed dismissed',
)
const AUXILIARIES = words(
  "is was were are be been being has had have having will would can could may might shall should must",
  "did does do isn't wasn't weren't aren't hasn't hadn't haven't won't wouldn't can't couldn't didn't",
  "doesn't don't",
)
const IRREGULAR_VERBS = words(
  'went got made took gave came began left kept held felt thought knew saw found met sent spent stood',
  'brought won lost led ran became chose paid sat heard rode drove flew fell broke sang swam threw',
  'caught bought built sold taught fought hit shot struck woke wore ate drank rang sank stole hid bit',
  'beat blew dealt dug fed fled forgot froze grew hung knelt laid lit meant quit rose sought shook shut',
  'slept slid spun spread stuck swore swept swung tore understood wept withdrew',
)
const BE = words('is was were are be been being')
const ADVERBS = words(
  'also later then reportedly previously recently again further once simply just repeatedly publicly',
  'quickly already still never not often always initially earlier subsequently allegedly officially',
)
const NOT_ADVERBS = words('family ally rally assembly supply reply italy only')
const PRONOUNS = words('he she they we i it you')
const DETERMINERS = words(
  'a an the one another some several many two three this that these those its his her their our my your',
  'each every both',
)
const PREPOSITIONS = words(
  'of for at from with in on by to about against into over under near between among across after before',
  'during without within via per like including toward towards upon',
)
const OWNER_PREPOSITIONS = words('of for at from with in')
// Function words that may sit inside a speaker's description (`co-author and Royal Society Fellow`).
const PHRASE_WORDS = words('of for at from the and')
const TIME_WORDS = words(
  'monday tuesday wednesday thursday friday saturday sunday yesterday today tonight tomorrow morning',
  'afternoon evening night week weekend month year earlier later',
)
const TIME_LEADS = words('on last this late early in at')
const STOP_WORDS = new Set([
  ...DETERMINERS,
  ...PREPOSITIONS,
  ...PRONOUNS,
  ...words('and but or nor so yet while as because although though when whereas which who whom whose that if than'),
  ...words('meanwhile however also then still according last next earlier later now today yesterday tonight there here what why how where most more other all no not speaking asked despite since until unless once'),
  ...words('monday tuesday wednesday thursday friday saturday sunday january february april july august september october november december'),
])
// Titles, ranks and job words stand before a name and are no part of it; the last few are people nouns.
const TITLES = words(
  'mr mrs ms miss mx dr prof professor sir dame lady lord rev reverend fr father sister brother',
  'president vice prime premier minister secretary state general gen brig brigadier lt lieutenant col',
  'colonel maj major capt captain cmdr commander adm admiral sgt sergeant cpl corporal pvt gov governor',
  'sen senator rep representative congressman congresswoman mayor judge justice chief attorney',
  'ambassador chancellor king queen prince princess duke duchess emperor pope cardinal bishop',
  'archbishop rabbi imam sheikh ayatollah director chairman chairwoman chairperson chair ceo cfo coo',
  'executive officer commissioner superintendent supt sheriff detective det inspector insp constable',
  'deputy assistant acting former foreign interior defence defense finance health home education',
  'affairs labor labour trade energy environment transport culture spokesman spokeswoman spokesperson',
  'mp mep councillor councilman councilwoman alderman speaker leader head coach manager cde comrade',
  'dean provost principal lead actor actress singer rapper author co-author writer artist poet player',
  'striker goalkeeper chef lawyer prosecutor doctor nurse agent analyst economist scientist astronomer',
  'geochemist researcher student activist journalist reporter correspondent editor producer founder',
  'owner candidate nominee delegate envoy diplomat official protester resident witness expert engineer',
  'pilot farmer teacher host presenter anchor fellow pastor priest undersecretary administrator',
  'broadcaster commentator assemblywoman assemblyman campaigner columnist historian musician drummer',
  'guitarist comedian novelist swami whip majority minority voter fullback halfback quarterback',
  'receiver winger flanker midfielder defender pitcher catcher shortstop linebacker goalie batsman',
  'bowler jockey trainer archaeologist police people authorities staff',
)
// Words that end an organisation's name; those that are also common surnames (Park, Church, Post) are left out.
const ORGANIZATIONS = words(
  'department ministry council party committee union nations states organization organisation',
  'association agency office court commission army navy forces force government bank company',
  'corporation corp inc ltd llc plc group institute institut university college school hospital news',
  'times press journal herald tribune telegraph guardian reuters service services authority board',
  'federation foundation society center centre club league network airlines airways team senate house',
  'congress parliament assembly pentagon kremlin administration coalition alliance movement command',
  'embassy republic kingdom county province district city airport media tv radio channel studios',
  'entertainment international national federal museum library project program programme laboratory',
  'systems motors industries holdings',
)
// Ministries' subjects: `Undersecretary for Education Mr. Toccafondi` is not governed by `for`.
const PORTFOLIOS = words(
  'foreign interior defence defense finance health home education affairs labor labour trade energy',
  'environment transport culture justice state',
)
const TITLE_LINKS = words('of for from')
const POSTNOMINALS = words('qc kc mp mep phd md obe mbe cbe')
const PLACE_STARTS = words(
  'new south north east west united saudi hong san los las puerto sri costa great el northern southern',
  'eastern western',
)
const FEMALE = words(
  'mrs ms miss madam lady queen princess duchess dame baroness countess sister spokeswoman chairwoman',
  'congresswoman councilwoman businesswoman actress mother wife daughter grandmother woman girl',
)
const MALE = words(
  'mr sir king prince lord duke baron brother father spokesman chairman congressman councilman',
  'businessman husband son grandfather man boy',
)
const PARTICLES = words('van von de da di du del der dos das la le bin ibn al el abu ter ten')
// Words after a quotation that begin a new clause rather than an attribution.
const CLAUSE_BREAKS = words('and but or while as because so when which who that after before if')

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
export function makeToken(text: string, start: number, quote: number | null): Token {
  const first = text.charAt(0)
  const word = quote === null && /[\p{L}\p{N}]/u.test(first)
  const upper = first !== first.toLowerCase()
  // Scripts without case (`محمد الحسيني`) can only be names in English copy.
  const capitalised = word && (upper || /\p{Lo}/u.test(first) || /^(?:al|el|bin|ibn|abu|de|van|von)-\p{Lu}/u.test(text))
  return { text, start, quote, key: quote === null ? key(text) : '', word, capitalised, lowercase: word && first !== first.toUpperCase() }
}

/** Who a clause says did something: a name, a pronoun, a role (`the governor`), or someone the copy does not name. */
export type Subject =
  | { kind: 'name'; name: string; female: boolean | null; titled: boolean; initial: boolean; titles: string[] }
  | { kind: 'pronoun'; word: string }
  | { kind: 'role'; title: string; female: boolean | null }
  | { kind: 'unnamed'; person: boolean; single: boolean; female: boolean | null }

/** No one: an organisation, a document, a passive. */
const NOBODY: Subject = { kind: 'unnamed', person: false, single: false, female: null }

/** Whether a subject is a person, named or not (`a witness said`), rather than a thing (`the website said`). */
export function isPersonSubject(subject: Subject): boolean {
  if (subject.kind === 'unnamed') return subject.person
  // `it` is a thing, and `you` in `you call it "A"` is anyone at all.
  return subject.kind !== 'pronoun' || (subject.word !== 'it' && subject.word !== 'you')
}

/** A run of capitalised words, read as a person (titles dropped), an organisation or a bare title. */
interface Run {
  kind: 'person' | 'organization' | 'title'
  name: string
  female: boolean | null
  titled: boolean
  /** True when an organisation or ministry stands before the person (`Amnesty International Man-kei Tam`). */
  afterOrganization: boolean
  /** The titles and job words that introduced the name, spelled out (`Gov.` is `governor`). */
  titles: string[]
}

/** The last item that passes, searching from the end (`findLast` is ES2023). */
function lastOf<T>(items: readonly T[], test: (item: T) => boolean): T | undefined {
  for (let index = items.length - 1; index >= 0; index--) {
    const item = items[index]
    if (item !== undefined && test(item)) return item
  }
  return undefined
}

/** A word as the word lists hold it: lowercase, stops dropped, curly apostrophes straightened. */
export function key(word: string | undefined): string {
  const plain = (word ?? '').toLowerCase()
  // Most words have neither, and this runs for every token.
  return plain.includes('’') || plain.includes('.') ? plain.replace(/’/gu, "'").replace(/\./gu, '') : plain
}
const lower = (token: Token | undefined): string => token?.key ?? ''
const isQuote = (token: Token | undefined): boolean => token !== undefined && token.quote !== null
const isWord = (token: Token | undefined): token is Token => token?.word === true
const isLowercase = (token: Token | undefined): boolean => token?.lowercase === true
const isCapitalised = (token: Token | undefined): token is Token => token?.capitalised === true
const isPossessive = (token: Token | undefined): boolean => isWord(token) && /\p{L}['’]s?$/u.test(token.text)
const isParticiple = (token: Token | undefined): boolean => lower(token).endsWith('ing')

function isTitleWord(word: string): boolean {
  const plain = key(word)
  if (TITLES.has(plain) || TITLES.has(plain.replace(/e?s$/u, '')) || plain.endsWith('-year-old')) return true
  return plain.includes('-') && plain.split('-').every((part) => TITLES.has(part))
}

/** Whether a word places a statement in time (`Friday`, `yesterday`, `on`), not in a sentence's grammar. */
export function isTimeWord(word: string): boolean {
  return TIME_WORDS.has(key(word)) || TIME_LEADS.has(key(word))
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
  if (SPEECH.has(word) || AUXILIARIES.has(word) || IRREGULAR_VERBS.has(word) || /^[a-z]{3,}ed$/u.test(word)) return true
  // `he hopes`, `Baghdadi reports`; but in `Forest officials said` the verb is the next word.
  const previous = tokens[index - 1]
  const next = lower(tokens[index + 1])
  const nextIsVerb = SPEECH.has(next) || AUXILIARIES.has(next) || /ed$/u.test(next)
  return /^[a-z]{2,}[^s]s$/u.test(word) && (isCapitalised(previous) || PRONOUNS.has(lower(previous))) && !nextIsVerb
}

/** A word as a name part: possessive and sentence stop dropped, initials kept. */
function cleanWord(text: string): string {
  const bare = text.replace(/['’]s$/u, '').replace(/(?<=s)['’]$/u, '')
  return /^\p{L}\.$|\..*\.$|^(?:Jr|Sr)\.$/u.test(bare) ? bare : bare.replace(/\.$/u, '')
}

// `of` joins `Secretary of State` (and `for`, `from`: `Senator from Vermont`); a particle joins `Ludwig van Beethoven`.
function isBridge(tokens: readonly Token[], index: number): boolean {
  const token = tokens[index]
  const before = tokens[index - 1]
  if (!isLowercase(token) || !isCapitalised(before) || isPossessive(before) || !isCapitalised(tokens[index + 1])) return false
  return PARTICLES.has(lower(token)) || (TITLE_LINKS.has(lower(token)) && isTitleWord(before.text))
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
  while (last > first && (STOP_WORDS.has(key(all[last - 1])) || POSTNOMINALS.has(key(all[last - 1])))) last--
  // `Voter Kitty Mak said`: a job noun capitalised only because it opens the sentence.
  if (start === 0 && last - first >= 3 && /^\p{Lu}\p{Ll}+(?:er|or|ist|ian|ant|ent)$/u.test(all[first] ?? '')) first++
  const kept = all.slice(first, last)
  if (kept.length === 0) return null
  const cutWord = lastOf(kept, (word) => isTitleWord(word) || ORGANIZATIONS.has(key(word)) || TITLE_LINKS.has(word))
  const found = cutWord === undefined ? -1 : kept.lastIndexOf(cutWord)
  // `President of Argentina Alberto Fernández`: the word after `of` belongs to the title.
  const linked = TITLE_LINKS.has(kept[found] ?? '') ? (PLACE_STARTS.has(key(kept[found + 1])) ? 2 : 1) : 0
  const cut = found + linked + 1 < kept.length ? found + linked : found
  const prefix = kept.slice(0, cut + 1).map(key)
  const rest = kept.slice(cut + 1)
  const cues = [...prefix, lower(tokens[start - 1]), lower(tokens[start - 2])]
  const female = cues.some((word) => FEMALE.has(word)) ? true : cues.some((word) => MALE.has(word)) ? false : null
  const afterOrganization = prefix.some((word) => ORGANIZATIONS.has(word) || PORTFOLIOS.has(word))
  // `UCL`, or `The Atlantic`: one word after `the` names a thing, not a person.
  const article = key(all[first - 1]) === 'the' || lower(tokens[start - 1]) === 'the'
  // `University College London`: one word after an organisation's name is still part of it.
  const orgName = prefix.some((word) => ORGANIZATIONS.has(word))
  const acronym = rest.length === 1 && (article || orgName || /^[\p{Lu}\d&.-]{2,}$/u.test(rest[0] ?? ''))
  const kind = rest.length > 0 && !acronym ? 'person' : orgName || acronym ? 'organization' : 'title'
  const titles = [...prefix, lower(tokens[start - 1])].filter((word) => isTitleWord(word)).map(fullTitle)
  return { kind, name: (kind === 'person' ? rest : kept).join(' '), female, titled: cut >= 0, afterOrganization, titles }
}

const TITLE_ABBREVIATIONS: Readonly<Record<string, string>> = {
  gov: 'governor', sen: 'senator', rep: 'representative', gen: 'general', dr: 'doctor', prof: 'professor',
  capt: 'captain', lt: 'lieutenant', col: 'colonel', maj: 'major', sgt: 'sergeant', supt: 'superintendent',
  det: 'detective', insp: 'inspector', adm: 'admiral', cmdr: 'commander', brig: 'brigadier', pres: 'president',
}

/** A title as `the ...` would name it later: `Gov.` is `governor`, `spokeswoman` stays itself. */
function fullTitle(word: string): string {
  return TITLE_ABBREVIATIONS[key(word)] ?? key(word)
}

const nameOf = (run: Run, initial = false): Subject => ({
  kind: 'name',
  name: run.name,
  female: run.female,
  titled: run.titled,
  initial,
  titles: run.titles,
})

/** A lone capitalised word opening the sentence may be a common noun (`Officials said`). */
function opensSentence(tokens: readonly Token[], start: number, run: Run): boolean {
  return !run.name.includes(' ') && tokens.slice(0, start).every((token) => STOP_WORDS.has(lower(token)))
}

function followsPreposition(tokens: readonly Token[], start: number): boolean {
  return prepositionBefore(tokens, start) !== null
}

/** The preposition governing the phrase that starts at `start` (past a determiner), if one does. */
function prepositionBefore(tokens: readonly Token[], start: number): number | null {
  const previous = DETERMINERS.has(lower(tokens[start - 1])) ? start - 2 : start - 1
  return isLowercase(tokens[previous]) && PREPOSITIONS.has(lower(tokens[previous])) ? previous : null
}

/** The subject of the verb at `verb`, read backwards no further than `low`. */
function subjectBefore(tokens: readonly Token[], verb: number, low: number): Subject | null {
  if (isPassive(tokens, verb)) return NOBODY
  let index = skipModifiers(tokens, verb - 1, low)
  index = skipParenthesis(tokens, index, low)
  if (index < low) return null
  return tokens[index]?.text === ',' ? appositiveSubject(tokens, index, low) : headSubject(tokens, index, low)
}

/** `Trump was said to be suffering`, `I'm usually called`: a passive names who was spoken of, not who spoke. */
function isPassive(tokens: readonly Token[], verb: number): boolean {
  let index = verb - 1
  while (ADVERBS.has(lower(tokens[index])) || /^[a-z]{3,}ly$/u.test(lower(tokens[index]))) index--
  const be = BE.has(lower(tokens[index])) || /'(?:m|re)$/u.test(lower(tokens[index]))
  return be && /(?:ed|said|told|spoke|spoken)$/u.test(lower(tokens[verb]))
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
  // `I've said`, `she'd told`: a contracted pronoun is still the pronoun.
  if (PRONOUNS.has(word.replace(/'.*$/u, ''))) return { kind: 'pronoun', word: word.replace(/'.*$/u, '') }
  if (isCapitalised(token)) return isPossessive(token) ? null : nameSubject(tokens, index, low)
  // `Alex Greenwich who said`: the relative pronoun stands for the name before it.
  if (word === 'who' && tokens[index - 1]?.text === ',') return appositiveSubject(tokens, index - 1, low) ?? headSubject(tokens, index - 2, low)
  if (word === 'who') return headSubject(tokens, index - 1, low)
  // Right before a verb, `officials` is a noun even after a capital (`Forest officials said`).
  if (STOP_WORDS.has(word) || SPEECH.has(word) || AUXILIARIES.has(word) || /ed$/u.test(word)) return null
  return nounSubject(tokens, index, low)
}

function isModifierOfNoun(tokens: readonly Token[], index: number): boolean {
  const token = tokens[index]
  if (!isWord(token) || STOP_WORDS.has(lower(token)) || isPossessive(token)) return false
  return isCapitalised(token) || !isVerbToken(tokens, index)
}

/** `officials said`, `the governor said`, or `Richard Ferrand in relaying the news to parliament said`. */
function nounSubject(tokens: readonly Token[], index: number, low: number): Subject {
  let start = index
  // `the Northern Arapaho tribal historic preservation office`: capitalised modifiers belong to the noun.
  while (start - 1 >= low && isModifierOfNoun(tokens, start - 1)) start--
  const determiner = lower(tokens[start - 1])
  if (DETERMINERS.has(determiner)) start--
  const preposition = prepositionBefore(tokens, start)
  if (preposition === null) return describe(lower(tokens[index]), determiner)
  // `several people in the audience`: the noun the phrase hangs from is the one speaking.
  const owner = tokens[preposition - 1]
  const ownerNoun = isLowercase(owner) && !STOP_WORDS.has(lower(owner)) ? nounSubject(tokens, preposition - 1, low) : null
  return ownerBefore(tokens, start, low) ?? ownerNoun ?? describe(lower(tokens[index]), determiner)
}

// Nouns for people that are not titles (`a witness`, `residents`, `the crowd`).
const PEOPLE = words('person people man men woman women child children crowd audience family families victim victims investigator investigators')

/** What a noun says of its referent: a role (`the governor`), a person, or a thing. */
function describe(noun: string, determiner: string): Subject {
  const singular = !/[^s]s$/u.test(noun) && !['people', 'police', 'staff', 'authorities', 'men', 'women', 'children'].includes(noun)
  const person = isTitleWord(noun) || PEOPLE.has(noun)
  const female = FEMALE.has(noun) ? true : MALE.has(noun) ? false : null
  // `the Republican governor said`: a definite title points back at whoever held it.
  if (person && singular && determiner === 'the' && TITLES.has(noun)) return { kind: 'role', title: fullTitle(noun), female }
  return { kind: 'unnamed', person, single: singular, female }
}

function nameSubject(tokens: readonly Token[], index: number, low: number): Subject | null {
  const start = runStart(tokens, index, low)
  const run = readRun(tokens, start, index)
  if (!run) return null
  // `a spokesman for President Obama said`: a name after a preposition is not the one speaking.
  const governed = followsPreposition(tokens, start) && !(run.kind === 'person' && run.afterOrganization)
  if (run.kind === 'person' && !governed) return nameOf(run, opensSentence(tokens, start, run))
  const owner = ownerBefore(tokens, start, low)
  if (owner) return owner
  // `The President said`: a title with no name is a role; an organisation is no person.
  const title = run.titles.at(-1)
  return run.kind === 'title' && !governed && title ? { kind: 'role', title, female: run.female } : NOBODY
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

/** `Hashimi, general secretary of the council, said`, `A member, Hassem Hashimi, said`, `Cooper, of CNN, her son, said`. */
function appositiveSubject(tokens: readonly Token[], comma: number, low: number): Subject | null {
  let head: Subject | null = null
  for (let end = comma, hops = 0; hops < 3; hops++) {
    const previous = previousComma(tokens, end, low)
    if (previous === null) return head
    // `including John Brennan, Leon Panetta, and Michael Hayden, signed`: a list, not one speaker.
    if (['and', 'or'].includes(lower(tokens[previous + 1]))) return { kind: 'unnamed', person: true, single: false, female: null }
    const named = appositiveName(tokens, previous, end)
    if (named) return named
    head = headSubject(tokens, skipParenthesis(tokens, previous - 1, low), low)
    if (head?.kind !== 'unnamed') return head
    end = previous
  }
  return head
}

/** `, Hassem Hashimi,` or `, doctoral candidate Maninder Thind,`: a name that ends the commas' segment. */
function appositiveName(tokens: readonly Token[], open: number, close: number): Subject | null {
  if (close - 1 <= open || !isCapitalised(tokens[close - 1])) return null
  const start = runStart(tokens, close - 1, open + 1)
  const run = readRun(tokens, start, close - 1)
  if (run?.kind !== 'person' || followsPreposition(tokens, start)) return null
  return start === open + 1 || isTitleWord(tokens[start - 1]?.text ?? '') ? nameOf(run) : null
}

function previousComma(tokens: readonly Token[], comma: number, low: number): number | null {
  for (let index = comma - 1; index >= Math.max(low, comma - 20); index--) {
    if (isQuote(tokens[index])) return null
    if (tokens[index]?.text === ',') return index
  }
  return null
}

/** The subject after an inverted verb: `said Jane Doe`, `said UCL astronomer Angelos Tsiaras`, `said a witness`. */
function subjectAfter(tokens: readonly Token[], verb: number, high: number): Subject | null {
  const first = tokens[verb + 1]
  if (!isWord(first) || verb + 1 > high) return null
  if (PRONOUNS.has(lower(first).replace(/'.*$/u, ''))) return { kind: 'pronoun', word: lower(first).replace(/'.*$/u, '') }
  // `according to him`; `according to her` unless a noun follows (`her lawyer`).
  if (lower(first) === 'him' || (lower(first) === 'her' && !isWord(tokens[verb + 2]))) return { kind: 'pronoun', word: lower(first) === 'him' ? 'he' : 'she' }
  // A description may run before the name: `said Center for Biological Diversity scientist Tierra Curry`.
  for (let index = verb + 1; index <= Math.min(high, verb + 12); index++) {
    const token = tokens[index]
    if (isCapitalised(token)) {
      const end = runEnd(tokens, index, high)
      if (isSpeakerRun(tokens, index, end, index === verb + 1)) return readSpeaker(tokens, index, end)
      index = end
    } else if (!isWord(token) || isVerbToken(tokens, index) || (STOP_WORDS.has(lower(token)) && !PHRASE_WORDS.has(lower(token)))) {
      break
    }
  }
  return appositiveAfter(tokens, verb + 1, high) ?? describedAfter(tokens, verb + 1, high)
}

/** `said a protester using a pseudonym`, `said police`: the first noun after the verb says who. */
function describedAfter(tokens: readonly Token[], from: number, high: number): Subject {
  const determiner = DETERMINERS.has(lower(tokens[from])) ? lower(tokens[from]) : ''
  for (let index = from; index <= Math.min(high, from + 4); index++) {
    const word = lower(tokens[index])
    if (isLowercase(tokens[index]) && (isTitleWord(word) || PEOPLE.has(word))) return describe(word, determiner)
  }
  return NOBODY
}

/** `said his father, Abdullah Kurdi`: a name set off by commas after the description. */
function appositiveAfter(tokens: readonly Token[], from: number, high: number): Subject | null {
  for (let comma = from; comma <= Math.min(high, from + 12); comma++) {
    if (isQuote(tokens[comma])) return null
    if (tokens[comma]?.text !== ',' || !isCapitalised(tokens[comma + 1])) continue
    const end = runEnd(tokens, comma + 1, high)
    const closed = end === high || !isWord(tokens[end + 1])
    if (closed && isSpeakerRun(tokens, comma + 1, end, true)) return readSpeaker(tokens, comma + 1, end)
  }
  return null
}

// A person read forwards: not an owner (`the Pentagon's`), a place or the object of a preposition.
// Right after the verb, `according to` is no preposition governing the name.
function isSpeakerRun(tokens: readonly Token[], start: number, end: number, adjacent: boolean): boolean {
  const run = readRun(tokens, start, end)
  if (run?.kind !== 'person' || isPossessive(tokens[end]) || PLACE_STARTS.has(key(run.name.split(' ')[0]))) return false
  return adjacent || !followsPreposition(tokens, start) || run.afterOrganization
}

function readSpeaker(tokens: readonly Token[], start: number, end: number): Subject | null {
  const run = readRun(tokens, start, end)
  return run ? nameOf(run) : null
}

/** A person the story has spoken of; `name` is null for one it never named (`a spokesman`). */
interface Person {
  name: string | null
  female: boolean | null
  titles: string[]
}

/** The people a story has named, most recent last, for resolving pronouns, roles and bare surnames. */
export class People {
  private readonly mentioned: Person[] = []
  private readonly subjects: Person[] = []

  /** Remember a full name seen anywhere in the story. */
  mention(name: string, female: boolean | null, titles: readonly string[]): void {
    const known = this.mentioned.find((person) => person.name === name)
    if (known) known.titles.push(...titles)
    else this.mentioned.push({ name, female, titles: [...titles] })
  }

  /** Who a subject is, noting them as the latest person spoken of; undefined when not a named person. */
  resolve(subject: Subject, speech: boolean): string | undefined {
    if (subject.kind === 'unnamed') {
      // `A Yankees spokesman declined`: the `he` that follows is him, not the last person named.
      if (subject.person && subject.single) this.note(null, subject.female, [])
      return undefined
    }
    if (subject.kind === 'pronoun') return subject.word === 'he' || subject.word === 'she' ? this.pronoun(subject.word) : undefined
    if (subject.kind === 'role') return this.role(subject.title, subject.female)
    const name = this.fullName(subject.name)
    // `Stallholders said`: a plural at the start of a sentence, not a name the story knows.
    if (subject.initial && !subject.titled && name === subject.name && /[^'’s]s$/u.test(name)) return undefined
    if (PLACE_STARTS.has(key(name.split(' ')[0])) || (!speech && !name.includes(' ') && !subject.titled)) return undefined
    return this.note(name, subject.female, subject.titles) ?? undefined
  }

  private fullName(name: string): string {
    if (name.includes(' ')) return name
    // The first person the story gave this surname is its main one (`Trump` after `Melania Trump`).
    const owns = (person: Person): boolean => person.name?.split(' ').slice(1).includes(name) === true
    return this.mentioned.find(owns)?.name ?? lastOf(this.subjects, owns)?.name ?? name
  }

  /** `the governor`: the last person the story gave that title, or someone unnamed. */
  private role(title: string, female: boolean | null): string | undefined {
    const holds = (person: Person): boolean => person.name !== null && person.titles.includes(title)
    const name = (lastOf(this.subjects, holds) ?? lastOf(this.mentioned, holds))?.name ?? null
    return this.note(name, female, [title]) ?? undefined
  }

  private pronoun(word: 'he' | 'she'): string | undefined {
    const female = word === 'she'
    // Subjects first; a person only ever mentioned (`a guard searched Jane Doe`) is the last resort.
    const person = this.subjects.length > 0 ? this.byGender(this.subjects, female) : this.byGender(this.mentioned, female)
    return person ? (this.note(person.name, female, []) ?? undefined) : undefined
  }

  private byGender(people: readonly Person[], female: boolean): Person | undefined {
    if (!female) return lastOf(people, (person) => person.female !== true)
    return lastOf(people, (person) => person.female === true) ?? lastOf(people, (person) => person.female !== false)
  }

  /** Make a person the latest spoken of, merging what is known of them; returns their name. */
  private note(name: string | null, female: boolean | null, titles: readonly string[]): string | null {
    const index = name === null ? -1 : this.subjects.findIndex((person) => person.name === name)
    const known = index >= 0 ? this.subjects.splice(index, 1)[0] : this.mentioned.find((person) => name !== null && person.name === name)
    this.subjects.push({ name, female: female ?? known?.female ?? null, titles: [...(known?.titles ?? []), ...titles] })
    return name
  }
}

/** Note the people a sentence names: full names for later surnames, and an owner who opens it. */
export function noteNames(people: People, tokens: readonly Token[]): void {
  noteMentions(people, tokens)
  noteOwner(people, tokens)
}

/** Remember every full name the sentence mentions, so a bare surname can find it later. */
function noteMentions(people: People, tokens: readonly Token[]): void {
  for (let index = 0; index < tokens.length; index++) {
    if (!isCapitalised(tokens[index])) continue
    let end = runEnd(tokens, index, tokens.length - 1)
    let name = tokens.slice(index, end + 1)
    // `Michael "Iron Mike" Dolan`: the nickname is dropped and the name read whole.
    if (isQuote(tokens[end + 1]) && isCapitalised(tokens[end + 2]) && !isPossessive(tokens[end])) {
      const last = runEnd(tokens, end + 2, tokens.length - 1)
      name = [...name, ...tokens.slice(end + 2, last + 1)]
      end = last
    }
    const run = readRun(name, 0, name.length - 1)
    if (run?.kind === 'person' && run.name.includes(' ')) people.mention(run.name, run.female, run.titles)
    index = end
  }
}

/** `Actor Brendan Fraser's appearance was...`: a sentence that opens with a person's possession is about them. */
function noteOwner(people: People, tokens: readonly Token[]): void {
  let start = 0
  while (STOP_WORDS.has(lower(tokens[start]))) start++
  if (!isCapitalised(tokens[start])) return
  const end = runEnd(tokens, start, tokens.length - 1)
  const run = readRun(tokens, start, end)
  if (run?.kind === 'person' && isPossessive(tokens[end])) people.resolve(nameOf(run), false)
}

/** Note the subject of the verb at `index`, if it is one: whether it is a verb of speech, and the person it names. */
export function noteVerb(people: People, tokens: readonly Token[], index: number): { speech: boolean; person: string | undefined } | null {
  // `according to Kidston` makes Kidston the one speaking, for the `he said` that follows.
  const according = lower(tokens[index]) === 'to' && lower(tokens[index - 1]) === 'according'
  const subject = according ? subjectAfter(tokens, index, tokens.length - 1) : isVerbToken(tokens, index) ? subjectBefore(tokens, index, 0) : null
  if (!subject) return null
  const speech = according || isSpeechToken(tokens, index)
  return { speech, person: people.resolve(subject, speech) }
}

/** Who a quotation's own sentence says spoke it, or null when it does not say; `Pelosi called it "X," according to NBC` is still Pelosi's. */
export function findAttribution(tokens: readonly Token[], index: number, opening: readonly Token[]): Subject | null {
  const after = attributionAfter(tokens, index)
  if (after && after.kind !== 'unnamed') return after
  const before = attributionBefore(opening, opening.length)
  return before && before.kind !== 'unnamed' ? before : (after ?? before)
}

/** Attribution after the closing mark: `," she said`, `," said Jane Doe`, `," according to Doe`. */
function attributionAfter(tokens: readonly Token[], quote: number): Subject | null {
  let first = quote + 1
  while (/^[,—–-]$/u.test(tokens[first]?.text ?? '')) first++
  const token = tokens[first]
  if (!isWord(token)) return null
  const high = tokens.length - 1
  // A pull quote signed with a dash: `"..." — Aparna Garg, Railway Manager`.
  if (/^[—–]$/u.test(tokens[first - 1]?.text ?? '') && isCapitalised(token)) return subjectAfter(tokens, first - 1, high)
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
  if (verb < 0) return accordingTo(tokens, quote) ?? introducedBy(tokens, quote)
  if (isParticiple(tokens[verb])) return quotedAsSaying(tokens, verb) ?? clauseSubject(tokens, verb)
  // `Sustainable Australia describes itself as "`: only organisations describe themselves so.
  if (lower(tokens[verb + 1]) === 'itself') return NOBODY
  const subject = subjectBefore(tokens, verb, 0)
  if (subject) return subject
  // Inverted only at the start of a clause: `Said Doe: "`, `"We stand ready" tweeted Johnson "`.
  const previous = tokens[verb - 1]
  if (!previous || isQuote(previous) || (previous.text === ',' && isQuote(tokens[verb - 2]))) return subjectAfter(tokens, verb, quote - 1)
  return clauseSubject(tokens, verb)
}

/** `Politico quoted Tim Manning, a former official, as saying "`: the one quoted speaks. */
function quotedAsSaying(tokens: readonly Token[], verb: number): Subject | null {
  if (lower(tokens[verb - 1]) !== 'as') return null
  for (let index = verb - 2; index >= Math.max(0, verb - 20); index--) {
    if (['quoted', 'cited'].includes(lower(tokens[index]))) return subjectAfter(tokens, index, verb - 2)
  }
  return null
}

function accordingTo(tokens: readonly Token[], quote: number): Subject | null {
  for (let index = 0; index < quote - 1; index++) {
    if (lower(tokens[index]) === 'according' && lower(tokens[index + 1]) === 'to') return subjectAfter(tokens, index + 1, quote - 1)
  }
  return null
}

/** `Governor John Bel Edwards addressed the public: "`: a colon or comma after a clause that opens with a person. */
function introducedBy(tokens: readonly Token[], quote: number): Subject | null {
  const mark = tokens[quote - 1]?.text
  // After a comma only when the clause is the whole run-up (`Jagger reacted on Twitter, "`), not a list of titles.
  if (mark !== ':' && (mark !== ',' || tokens.slice(0, quote).some(isQuote))) return null
  let start = 0
  while (start < quote && STOP_WORDS.has(lower(tokens[start])) && !isCapitalised(tokens[start + 1])) start++
  if (!isCapitalised(tokens[start])) return null
  const end = runEnd(tokens, start, quote - 1)
  const run = readRun(tokens, start, end)
  const next = tokens[end + 1]
  // The clause must say the person did something (`Reportedly, "COVI" represents` has no one in it).
  const acts = tokens.slice(end + 1, quote).some((_, offset) => isVerbToken(tokens, end + 1 + offset))
  return run?.kind === 'person' && acts && !isPossessive(tokens[end]) && (next?.text === ',' || isWord(next)) ? nameOf(run) : null
}

/** The subject of the clause a participle or second verb hangs from (`Clinton hailed it, telling reporters`). */
function clauseSubject(tokens: readonly Token[], verb: number): Subject | null {
  let unnamed: Subject | null = null
  // `He stated the trial would be fair, saying`: the person, not the nearer `trial`.
  for (let index = verb - 1; index >= 0; index--) {
    // `was arrested`: the participle is the verb, and the auxiliary has no subject of its own.
    const auxiliary = AUXILIARIES.has(lower(tokens[index])) && isVerbToken(tokens, index + 1)
    if (!isVerbToken(tokens, index) || isParticiple(tokens[index]) || auxiliary) continue
    const subject = subjectBefore(tokens, index, 0)
    if (subject && subject.kind !== 'unnamed') return subject
    unnamed ??= subject
  }
  return unnamed
}
