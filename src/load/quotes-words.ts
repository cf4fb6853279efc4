/**
 * The word lists the attribution rules read copy with, and the questions asked of a single word.
 *
 * Closed lists rather than a tagger: news attributes speech with a small, stable
 * vocabulary (verbs of speech, titles, organisations' last words), and a list
 * can be read, argued over and extended one fixture at a time.
 */
const words = (...lists: string[]): ReadonlySet<string> => new Set(lists.join(' ').split(' '))

/** Verbs of speech, in every form a reporter uses (`said`, `told`, `urging`). */
export const SPEECH = words(
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
/** Auxiliary and modal verbs, with their negative contractions. */
export const AUXILIARIES = words(
  "is was were are be been being has had have having will would can could may might shall should must",
  "did does do isn't wasn't weren't aren't hasn't hadn't haven't won't wouldn't can't couldn't didn't",
  "doesn't don't",
)
/** Irregular past tenses, which the `-ed` test for a verb would miss. */
export const IRREGULAR_VERBS = words(
  'went got made took gave came began left kept held felt thought knew saw found met sent spent stood',
  'brought won lost led ran became chose paid sat heard rode drove flew fell broke sang swam threw',
  'caught bought built sold taught fought hit shot struck woke wore ate drank rang sank stole hid bit',
  'beat blew dealt dug fed fled forgot froze grew hung knelt laid lit meant quit rose sought shook shut',
  'slept slid spun spread stuck swore swept swung tore understood wept withdrew',
)
/** Forms of `be`: with a participle after them, the clause is passive. */
export const BE = words('is was were are be been being')
/** Adverbs that stand between a subject and its verb (`also said`, `reportedly told`). */
export const ADVERBS = words(
  'also later then reportedly previously recently again further once simply just repeatedly publicly',
  'quickly already still never not often always initially earlier subsequently allegedly officially',
)
/** Words ending in `-ly` that are not adverbs. */
export const NOT_ADVERBS = words('family ally rally assembly supply reply italy only')
/** Subject pronouns. */
export const PRONOUNS = words('he she they we i it you')
/** Determiners and numbers that open a noun phrase. */
export const DETERMINERS = words(
  'a an the one another some several many two three this that these those its his her their our my your',
  'each every both',
)
/** Prepositions: a name after one is governed by it, and is not the subject. */
export const PREPOSITIONS = words(
  'of for at from with in on by to about against into over under near between among across after before',
  'during without within via per like including toward towards upon',
)
/** Prepositions that hang a phrase from the person before it (`Mike Ryan of the WHO`). */
export const OWNER_PREPOSITIONS = words('of for at from with in')
/** Function words that may sit inside a speaker's description (`co-author and Royal Society Fellow`). */
export const PHRASE_WORDS = words('of for at from the and')
/** Words that place a statement in time (`Friday`, `yesterday`). */
export const TIME_WORDS = words(
  'monday tuesday wednesday thursday friday saturday sunday yesterday today tonight tomorrow morning',
  'afternoon evening night week weekend month year earlier later',
)
/** Words that lead into a time (`on Friday`, `last week`). */
export const TIME_LEADS = words('on last this late early in at')
/** Function words, weekdays and months: never part of a name, even when capitalised. */
export const STOP_WORDS = new Set([
  ...DETERMINERS,
  ...PREPOSITIONS,
  ...PRONOUNS,
  ...words('and but or nor so yet while as because although though when whereas which who whom whose that if than'),
  ...words('meanwhile however also then still according last next earlier later now today yesterday tonight there here what why how where most more other all no not speaking asked despite since until unless once'),
  ...words('monday tuesday wednesday thursday friday saturday sunday january february april july august september october november december'),
])
/** Titles, ranks and job words stand before a name and are no part of it; the last few are people nouns. */
export const TITLES = words(
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
  'bowler jockey trainer archaeologist private pfc spc specialist seaman airman ensign police people',
  'authorities staff marshal coroner examiner councilmember undersheriff',
)
/** Parties and affiliations: before a title or a name they modify it (`Democrat Chuck Schumer`) and are no part of it. */
export const AFFILIATIONS = words('democrat democratic republican labour conservative tory liberal green independent socialist')
/** Verbs of asking: in `the protesters Wikinews interviewed said`, their subject put the questions and is not the one answering. */
export const INTERVIEWS = words('interviewed surveyed polled questioned contacted asked')
/** Last words of a company's name: a bare name that opens one (`Ford` after `Ford Motor Company`) is the company. */
export const COMPANIES = words('company corporation corp inc ltd llc plc group motors industries holdings airlines')
/** Words that grade a rank after it (`Petty Officer 2nd Class`, `Private First Class`), besides grades in figures. */
export const GRADES = words('first second third class')
/** Words that end an organisation's name; those that are also common surnames (Park, Church, Post) are left out. */
export const ORGANIZATIONS = words(
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
/** Ministries' subjects: `Undersecretary for Education Mr. Toccafondi` is not governed by `for`; `Minister for Rural Development` ends at one. */
export const PORTFOLIOS = words(
  'foreign interior defence defense finance health home education affairs labor labour trade energy',
  'environment transport culture justice state protection security development works resources relations',
  'safety planning infrastructure agriculture fisheries tourism housing welfare communications industry',
  'commerce economy immigration sport sports youth veterans intelligence',
)
/** Words that join a title to what it governs (`Secretary of State`, `Senator from Vermont`). */
export const TITLE_LINKS = words('of for from')
/** Letters after a name (`QC`, `MP`), which are no part of it. */
export const POSTNOMINALS = words('qc kc mp mep phd md obe mbe cbe')
/** First words of place names, which would otherwise read as a person (`New Zealand`, `San Jose`). */
export const PLACE_STARTS = words(
  'new south north east west united saudi hong san los las puerto sri costa great el northern southern',
  'eastern western',
)
/** Titles and nouns that say a person is a woman. */
export const FEMALE = words(
  'mrs ms miss madam lady queen princess duchess dame baroness countess sister spokeswoman chairwoman',
  'congresswoman councilwoman businesswoman actress mother wife daughter grandmother woman girl',
)
/** Titles and nouns that say a person is a man. */
export const MALE = words(
  'mr sir king prince lord duke baron brother father spokesman chairman congressman councilman',
  'businessman husband son grandfather man boy',
)
/** Family words a possessive makes a role (`his daughter`, `her husband`); job words are the titles. */
export const FAMILY = words(
  'father mother son daughter brother sister husband wife widow widower grandson granddaughter grandfather',
  'grandmother uncle aunt nephew niece cousin fiance fiancee fiancé fiancée partner stepson stepdaughter',
)
/** Possessive pronouns that own a role: `his daughter`, `its spokeswoman`. */
export const POSSESSIVE_PRONOUNS = words('his her their its')
/** Lowercase particles inside a name (`Ludwig van Beethoven`, `Osama bin Laden`). */
export const PARTICLES = words('van von de da di du del der dos das la le bin ibn al el abu ter ten')
/** Words after a quotation that begin a new clause rather than an attribution. */
export const CLAUSE_BREAKS = words('and but or while as because so when which who that after before if')
/** Nouns for people that are not titles (`a witness`, `residents`, `the crowd`). */
export const PERSON_NOUNS = words('person people man men woman women child children crowd audience family families victim victims investigator investigators')

/** A word as the word lists hold it: lowercase, stops dropped, curly apostrophes straightened. */
export function key(word: string | undefined): string {
  const plain = (word ?? '').toLowerCase()
  // Most words have neither, and this runs for every token.
  return plain.includes('’') || plain.includes('.') ? plain.replace(/’/gu, "'").replace(/\./gu, '') : plain
}

/** Whether a word is a title, rank or job word (`Gov.`, `spokeswoman`, `vice-president`, `32-year-old`). */
export function isTitleWord(word: string): boolean {
  const plain = key(word)
  if (TITLES.has(plain) || TITLES.has(plain.replace(/e?s$/u, '')) || plain.endsWith('-year-old')) return true
  return plain.includes('-') && plain.split('-').every((part) => TITLES.has(part))
}

/** Whether a word grades the rank before it: `2nd`, `1st`, `2` (`Chief Warrant Officer 2`), `First`, `Class`. */
export function isGradeWord(word: string): boolean {
  return GRADES.has(key(word)) || /^\d(?:st|nd|rd|th)?$/u.test(word)
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

const TITLE_ABBREVIATIONS: Readonly<Record<string, string>> = {
  gov: 'governor', sen: 'senator', rep: 'representative', gen: 'general', dr: 'doctor', prof: 'professor',
  capt: 'captain', lt: 'lieutenant', col: 'colonel', maj: 'major', sgt: 'sergeant', supt: 'superintendent',
  det: 'detective', insp: 'inspector', adm: 'admiral', cmdr: 'commander', brig: 'brigadier', pres: 'president',
  cpl: 'corporal', pvt: 'private', pfc: 'private', spc: 'specialist',
}

/** A title as `the ...` would name it later: `Gov.` is `governor`, `spokeswoman` stays itself. */
export function fullTitle(word: string): string {
  return TITLE_ABBREVIATIONS[key(word)] ?? key(word)
}

// Long titles only: a one-letter slip in a short one is often a name (`Justine` is one letter from `justice`).
const LONG_TITLES = [...TITLES].filter((title) => title.length >= 9)

/** Whether a word is a long title with one letter wrong, missing, extra or swapped (`Represenative`, `Secertary`). */
export function isMisspelledTitle(word: string): boolean {
  if (word.length < 8) return false
  const plain = key(word)
  // A plural (`Representatives`) is no slip, though one letter longer.
  const title = isTitleWord(plain) || TITLES.has(plain.replace(/s$/u, ''))
  return !title && LONG_TITLES.some((long) => isOneSlip(plain, long))
}

/**
 * Whether two words differ by exactly one letter changed, dropped, added, or two neighbours swapped, inside the word:
 * a different ending makes a word of its own (`Journalism`, `Directory`), and a different first letter another word.
 */
function isOneSlip(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1 || a[0] !== b[0] || a === b) return false
  let start = 0
  while (start < a.length && a[start] === b[start]) start++
  if (start >= Math.min(a.length, b.length) - 1) return false
  const [restA, restB] = [a.slice(start), b.slice(start)]
  if (restA.slice(1) === restB.slice(1) || restA.slice(1) === restB || restA === restB.slice(1)) return true
  return restA[0] === restB[1] && restA[1] === restB[0] && restA.slice(2) === restB.slice(2)
}
