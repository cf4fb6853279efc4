/**
 * The people a story names: runs of capitalised words read as names, and who
 * each later pronoun, title or bare surname points back to.
 *
 * News names a person once in full (`Gov. Jane Doe`) and then by surname, title
 * or pronoun, so reading the story in order and remembering whom it named
 * resolves nearly every reference. Titles, parties (`Democrat`) and other
 * descriptions before a name are no part of it. Not compromise's `people()`: it misses a fifth of the
 * fixtures' speakers, resolves no reference, and is slow (measured in `quotes.ts`).
 */
import { isCapitalised, isLowercase, isPossessive, isQuote, lower, type Token } from './quotes-sentences.ts'
import {
  AFFILIATIONS,
  COMPANIES,
  DETERMINERS,
  FAMILY,
  FEMALE,
  fullTitle,
  isGradeWord,
  isMisspelledTitle,
  isTitleWord,
  key,
  MALE,
  ORGANIZATIONS,
  PARTICLES,
  PERSON_NOUNS,
  PLACE_STARTS,
  PORTFOLIOS,
  POSSESSIVE_PRONOUNS,
  POSTNOMINALS,
  PREPOSITIONS,
  STOP_WORDS,
  TITLE_LINKS,
} from './quotes-words.ts'

/** Who a clause says did something: a name, a pronoun, a role (`the governor`), or someone the copy does not name. */
export type Subject =
  | { kind: 'name'; name: string; female: boolean | null; titled: boolean; initial: boolean; titles: string[] }
  | { kind: 'pronoun'; word: string }
  | { kind: 'role'; title: string; female: boolean | null; phrase?: string }
  | { kind: 'unnamed'; person: boolean; single: boolean; female: boolean | null; phrase?: string }

/** No one: an organisation, a document, a passive. */
export const NOBODY: Subject = { kind: 'unnamed', person: false, single: false, female: null }

/** Whether a subject is a person, named or not (`a witness said`), rather than a thing (`the website said`). */
export function isPersonSubject(subject: Subject): boolean {
  if (subject.kind === 'unnamed') return subject.person
  // `it` is a thing, and `you` in `you call it "A"` is anyone at all.
  return subject.kind !== 'pronoun' || (subject.word !== 'it' && subject.word !== 'you')
}

// Plural job nouns by their endings (`Tellers`, `Analysts`, `Residents`); `-ments` are things (`Documents`).
const PLURAL_JOB_NOUN = /^\p{Lu}\p{Ll}+(?:er|or|ist|ian|ant|(?<!m)ent)s$/u

/** `Tellers at the bank said`: a lone plural job noun opening the sentence is a group of people, unnamed. */
export function isGroupOfPeople(subject: Subject): boolean {
  return subject.kind === 'name' && subject.initial && !subject.titled && PLURAL_JOB_NOUN.test(subject.name)
}

/**
 * `his daughter`, `the company's spokeswoman`: a family or job word right after a possessive, as one role phrase
 * (`company's spokeswoman`), or undefined. Only the same phrase names the same person later: `her lawyer` is not `his`.
 */
export function rolePhrase(tokens: readonly Token[], noun: number): string | undefined {
  const token = tokens[noun]
  const owner = tokens[noun - 1]
  if (!isLowercase(token) || !(FAMILY.has(key(token?.text)) || isTitleWord(lower(token)))) return undefined
  if (!owner || !(POSSESSIVE_PRONOUNS.has(key(owner.text)) || isPossessive(owner))) return undefined
  return `${key(owner.text)} ${key(token?.text)}`
}

/** A run of capitalised words, read as a person (titles dropped), an organisation or a bare title. */
export interface Run {
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

/** A word as a name part: possessive and sentence stop dropped, initials kept. */
function cleanWord(text: string): string {
  const bare = text.replace(/['’]s$/u, '').replace(/(?<=s)['’]$/u, '')
  return /^\p{L}\.$|\..*\.$|^(?:Jr|Sr)\.$/u.test(bare) ? bare : bare.replace(/\.$/u, '')
}

// `of` joins `Secretary of State` (and `for`, `from`: `Senator from Vermont`); a particle joins `Ludwig van Beethoven`;
// a grade in figures joins a rank to what follows (`Petty Officer 2nd Class`, `Chief Warrant Officer 2 Jane Doe`).
function isBridge(tokens: readonly Token[], index: number): boolean {
  const token = tokens[index]
  const before = tokens[index - 1]
  const after = tokens[index + 1]
  if (!isCapitalised(before) || isPossessive(before) || !isCapitalised(after)) return false
  // Not before a month: `Minister 3 October` is a date.
  const figure = token?.text ?? ''
  if (/^\d/u.test(figure)) return isGradeWord(figure) && isTitleWord(before.text) && !STOP_WORDS.has(lower(after))
  if (!isLowercase(token)) return false
  return isParticle(token) || (TITLE_LINKS.has(lower(token)) && isTitleWord(before.text))
}

const isParticle = (token: Token | undefined): boolean => isLowercase(token) && PARTICLES.has(lower(token))

/** `Ana María van der Berg`, `Rafael van der Vaart`: two particles in a row, starting at `index`, join a name as one does. */
function isDoubleBridge(tokens: readonly Token[], index: number): boolean {
  const before = tokens[index - 1]
  const particles = isParticle(tokens[index]) && isParticle(tokens[index + 1])
  return particles && isCapitalised(before) && !isPossessive(before) && isCapitalised(tokens[index + 2])
}

/** Where the run of capitalised words that ends at `index` starts, no further back than `low`. */
export function runStart(tokens: readonly Token[], index: number, low: number): number {
  let start = index
  for (;;) {
    const previous = tokens[start - 1]
    if (start - 1 >= low && isCapitalised(previous) && !isPossessive(previous)) start -= 1
    else if (start - 2 >= low && isBridge(tokens, start - 1)) start -= 2
    else if (start - 3 >= low && isDoubleBridge(tokens, start - 2)) start -= 3
    else return leadingParticles(tokens, start, low)
  }
}

/** `de la Peña said`: a surname's own particles open the run, though lowercase; not `ten` (a number) or after `a`/`the`. */
function leadingParticles(tokens: readonly Token[], start: number, low: number): number {
  let first = start
  while (first - 1 >= low && start - first < 2 && isParticle(tokens[first - 1]) && lower(tokens[first - 1]) !== 'ten') first--
  return first === start || DETERMINERS.has(lower(tokens[first - 1])) ? start : first
}

/** Where the run of capitalised words that starts at `index` ends, no further than `high`; a possessive ends it. */
export function runEnd(tokens: readonly Token[], index: number, high: number): number {
  let end = index
  while (!isPossessive(tokens[end])) {
    if (end + 1 <= high && isCapitalised(tokens[end + 1])) end += 1
    else if (end + 2 <= high && isBridge(tokens, end + 1)) end += 2
    else if (end + 3 <= high && isDoubleBridge(tokens, end + 1)) end += 3
    else break
  }
  return end
}

/** Read a run of capitalised words: titles, job words and organisations before the name are dropped. */
export function readRun(tokens: readonly Token[], start: number, end: number): Run | null {
  const all = tokens.slice(start, end + 1).map((token) => cleanWord(token.text))
  let first = 0
  let last = all.length
  while (first < last && STOP_WORDS.has(key(all[first]))) first++
  // `Mother-of-two Chloe Brennan`, `Father-of-three`: a hyphenated description with lowercase parts is no part of the name.
  while (first < last - 1 && /^\p{L}+(?:-\p{Ll}+)+$/u.test(all[first] ?? '')) first++
  while (last > first && (STOP_WORDS.has(key(all[last - 1])) || POSTNOMINALS.has(key(all[last - 1])))) last--
  // `Voter Kitty Mak said`: a job noun capitalised only because it opens the sentence.
  if (start === 0 && last - first >= 3 && /^\p{Lu}\p{Ll}+(?:er|or|ist|ian|ant|ent)$/u.test(all[first] ?? '')) first++
  const kept = all.slice(first, last)
  if (kept.length === 0) return null
  // `Represenative Adam Schiff`: a title misspelled is still a title.
  const isCut = (word: string): boolean => isTitleWord(word) || ORGANIZATIONS.has(key(word)) || TITLE_LINKS.has(word) || isMisspelledTitle(word)
  const cutWord = lastOf(kept, isCut)
  const found = cutWord === undefined ? -1 : kept.lastIndexOf(cutWord)
  // `President of Argentina Alberto Fernández`: the word after `of` belongs to the title.
  const linked = TITLE_LINKS.has(kept[found] ?? '') ? (PLACE_STARTS.has(key(kept[found + 1])) ? 2 : 1) : 0
  let cut = found + linked + 1 < kept.length ? found + linked : found
  // `Minister for Rural Development Tomas Aldana`: a portfolio runs on to its last subject word.
  const linkedTitle = kept.slice(0, cut + 1).some((word) => TITLE_LINKS.has(word))
  for (let index = kept.length - 2; linkedTitle && index > cut; index--) {
    if (PORTFOLIOS.has(key(kept[index]))) {
      cut = index
      break
    }
  }
  // A rank's grade is part of the rank: `Sgt. 1st Class`, `Private First Class`, `Chief Warrant Officer 2`.
  while (cut >= 0 && cut + 2 < kept.length && isGradeWord(kept[cut + 1] ?? '')) cut++
  const prefix = kept.slice(0, cut + 1).map(key)
  const rest = kept.slice(cut + 1 + affiliationEnd(kept.slice(cut + 1)))
  const cues = [...prefix, lower(tokens[start - 1]), lower(tokens[start - 2])]
  const female = cues.some((word) => FEMALE.has(word)) ? true : cues.some((word) => MALE.has(word)) ? false : null
  const afterOrganization = prefix.some((word) => ORGANIZATIONS.has(word) || PORTFOLIOS.has(word))
  // `The Atlantic`, `the Tarn River`: words after `the` name a thing, not a person, unless a title stands between (`the Rev. Al Green`).
  const article = key(all[first - 1]) === 'the' || lower(tokens[start - 1]) === 'the'
  // `University College London`: one word after an organisation's name is still part of it.
  const orgName = prefix.some((word) => ORGANIZATIONS.has(word))
  const acronym = (article && cut < 0) || (rest.length === 1 && (article || orgName || /^[\p{Lu}\d&.-]{2,}$/u.test(rest[0] ?? '')))
  const kind = rest.length > 0 && !acronym ? 'person' : orgName || acronym ? 'organization' : 'title'
  const titles = [...prefix, lower(tokens[start - 1])].filter((word) => isTitleWord(word)).map(fullTitle)
  return { kind, name: (kind === 'person' ? rest : kept).join(' '), female, titled: cut >= 0, afterOrganization, titles }
}

/**
 * How many words of a name's run are a party or affiliation describing it: `Democrat Chuck Schumer`, `Maryland Democrat
 * Elijah Cummings`, `Liberal Democrat Jo Swinson`. Only before two words or more: `Liberal Democrats` is the party, and
 * `Tory Burch` a name (`Democrat Schumer` is read once the story has named Schumer; see `People`).
 */
function affiliationEnd(words: readonly string[]): number {
  for (let index = words.length - 3; index >= 0; index--) {
    if (AFFILIATIONS.has(key(words[index]))) return index + 1
  }
  return 0
}

/** A run read as a named subject; `initial` when nothing but function words stand before it. */
export const nameOf = (run: Run, initial = false): Subject => ({
  kind: 'name',
  name: run.name,
  female: run.female,
  titled: run.titled,
  initial,
  titles: run.titles,
})

/** Whether `name` ends with the whole words of `full` (`GM Sofia Lindahl` with `Sofia Lindahl`); runs for every mention. */
function endsWithName(name: string, full: string): boolean {
  return name.length > full.length && name.charAt(name.length - full.length - 1) === ' ' && name.endsWith(full)
}

/** A full name a longer one may end with: two words or more, and not `La Riva` or `De Blasio` opening a sentence (a surname). */
function isPlainName(name: string): boolean {
  return name.includes(' ') && !PARTICLES.has(key(name.slice(0, name.indexOf(' '))))
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
  private readonly companies: string[] = []
  /** Who each role phrase (`his daughter`) was said to be, by apposition (`His daughter, Jane Doe,`). */
  private readonly roles = new Map<string, string>()
  private readonly names: readonly string[]

  /** `names`: every full name the story gives, anywhere in it, so a title the lists lack is known before the plain name comes. */
  constructor(names: readonly string[] = []) {
    this.names = [...new Set(names)].filter(isPlainName)
  }

  /** Remember a full name seen anywhere in the story. */
  mention(name: string, female: boolean | null, titles: readonly string[]): void {
    const same = this.mentioned.find((person) => person.name === name)
    const plain = same ? name : (this.untitled(name) ?? name)
    const known = same ?? this.mentioned.find((person) => person.name === plain)
    if (known) known.titles.push(...titles)
    else this.mentioned.push({ name: plain, female, titles: [...titles] })
  }

  /** Remember whom a role phrase names: `His daughter, Jane Doe,` makes a later `his daughter said` hers. */
  mentionRole(role: string, name: string): void {
    this.roles.set(role, this.untitled(name) ?? name)
  }

  private roleHolder(phrase: string | undefined): string | undefined {
    return phrase === undefined ? undefined : this.roles.get(phrase)
  }

  /** Remember a company's full name (`Ford Motor Company`), for the bare name that stands for it later. */
  mentionCompany(name: string): void {
    if (!this.companies.includes(name)) this.companies.push(name)
  }

  /** Who a subject is, noting them as the latest person spoken of; undefined when not a named person. */
  resolve(subject: Subject, speech: boolean): string | undefined {
    if (subject.kind === 'unnamed') {
      const holder = this.roleHolder(subject.phrase)
      if (holder !== undefined) return this.note(holder, subject.female, []) ?? undefined
      // `A Yankees spokesman declined`: the `he` that follows is him, not the last person named.
      if (subject.person && subject.single) this.note(null, subject.female, [])
      return undefined
    }
    if (subject.kind === 'pronoun') return subject.word === 'he' || subject.word === 'she' ? this.pronoun(subject.word) : undefined
    if (subject.kind === 'role') {
      const holder = this.roleHolder(subject.phrase)
      return holder === undefined ? this.role(subject.title, subject.female) : (this.note(holder, subject.female, [subject.title]) ?? undefined)
    }
    const name = this.fullName(subject.name, subject.titled)
    // A company speaks for itself, but no `he` or `she` later means it.
    if (this.companies.includes(name)) return speech ? name : undefined
    // `Stallholders said`: a plural at the start of a sentence, not a name the story knows.
    if (subject.initial && !subject.titled && name === subject.name && /[^'’s]s$/u.test(name)) return undefined
    if (PLACE_STARTS.has(key(name.split(' ')[0])) || (!speech && !name.includes(' ') && !subject.titled)) return undefined
    return this.note(name, subject.female, subject.titles) ?? undefined
  }

  private fullName(name: string, titled: boolean): string {
    const words = name.split(' ')
    // `Democrat Schumer` after `Chuck Schumer`: the party describes the man the story named.
    if (words.length === 2 && AFFILIATIONS.has(key(words[0]))) {
      const owner = this.surnameOwner(words[1] ?? '')
      if (owner !== undefined) return owner
    }
    // `De la Peña said`, opening a sentence, is a surname with its particles, not a full name.
    if (words.length > 1 && !PARTICLES.has(key(words[0]))) return this.untitled(name) ?? name
    return this.surnameOwner(name) ?? (titled ? this.familyFirst(name) : undefined) ?? this.company(name) ?? name
  }

  /** `GM Sofia Lindahl` where the story also says `Sofia Lindahl`: a word before a full name it gives is a title the lists lack. */
  private untitled(name: string): string | undefined {
    const within = (full: string | null): boolean => full !== null && endsWithName(name, full) && isPlainName(full)
    return this.mentioned.find((person) => within(person.name))?.name ?? this.names.find(within)
  }

  /** The person whose surname this is; the first the story gave it is its main one (`Trump` after `Melania Trump`). */
  private surnameOwner(name: string): string | undefined {
    const ending = ` ${name.toLowerCase()}`
    const owns = (person: Person): boolean =>
      name.includes(' ') ? person.name?.toLowerCase().endsWith(ending) === true : person.name?.split(' ').slice(1).includes(name) === true
    return this.mentioned.find(owns)?.name ?? lastOf(this.subjects, owns)?.name ?? undefined
  }

  /**
   * `Mr Tong` after `Tong Yung-soo`, `President Xi` after `Xi Jinping`: a titled name that is no one's surname but opens
   * exactly one full name the story gave is that person, named family name first. Only titled: a bare `Sanwa` after
   * `Sanwa Motor Co` is the company, and `Mary` after `Mary Smith` may be someone else.
   */
  private familyFirst(name: string): string | undefined {
    const opens = this.mentioned.filter((person) => person.name?.startsWith(`${name} `) === true)
    return opens.length === 1 ? (opens[0]?.name ?? undefined) : undefined
  }

  /** `Ford said` after `Ford Motor Company`: a bare name that opens a company's full name is the company. */
  private company(name: string): string | undefined {
    return this.companies.find((company) => company.startsWith(`${name} `))
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

  /** `Ruth Okonjo said ... She called`: the latest person not known to be of the other sex; what a pronoun says sticks. */
  private byGender(people: readonly Person[], female: boolean): Person | undefined {
    return lastOf(people, (person) => person.female !== !female)
  }

  /** Make a person the latest spoken of, merging what is known of them; returns their name. */
  private note(name: string | null, female: boolean | null, titles: readonly string[]): string | null {
    const index = name === null ? -1 : this.subjects.findIndex((person) => person.name === name)
    const known = index >= 0 ? this.subjects.splice(index, 1)[0] : this.mentioned.find((person) => name !== null && person.name === name)
    this.subjects.push({ name, female: female ?? known?.female ?? null, titles: [...(known?.titles ?? []), ...titles] })
    return name
  }
}

/**
 * Note the people a sentence names: full names for later surnames, and an owner who opens it. Returns those it
 * introduces with a description (`Jane Doe, a nurse who`, `Jane Doe, 42,`), which say they are people.
 */
export function noteNames(people: People, tokens: readonly Token[], runs: readonly NamedRun[]): string[] {
  const introduced = noteMentions(people, tokens, runs)
  noteRoles(people, tokens)
  noteOwner(people, tokens)
  return introduced
}

/** `His daughter, Rosalinda Ocampo-Villaseñor, said`: a role phrase set beside a name, the name alone between commas. */
function noteRoles(people: People, tokens: readonly Token[]): void {
  for (let comma = 2; comma < tokens.length - 1; comma++) {
    if (tokens[comma]?.text !== ',' || !isCapitalised(tokens[comma + 1])) continue
    const role = rolePhrase(tokens, comma - 1)
    if (role === undefined) continue
    const end = runEnd(tokens, comma + 1, tokens.length - 1)
    const after = tokens[end + 1]
    if (isPossessive(tokens[end]) || (after !== undefined && !/^[,.;]$/u.test(after.text))) continue
    const run = readRun(tokens, comma + 1, end)
    if (run?.kind === 'person') people.mentionRole(role, run.name)
  }
}

/**
 * `, a nurse who`, `, the former mayor of`, `, 42,`: a description set off after a name, saying it is a person's.
 * Its noun ends it (`, the producers finally agreed` is the next clause, not a description).
 */
function isDescribed(tokens: readonly Token[], end: number): boolean {
  if (tokens[end + 1]?.text !== ',') return false
  if (/^\d{1,3}$/u.test(tokens[end + 2]?.text ?? '') && tokens[end + 3]?.text === ',') return true
  for (let index = end + 2; index <= end + 5; index++) {
    const token = tokens[index]
    if (!token || !isLowercase(token)) return false
    if (!isTitleWord(token.text) && !PERSON_NOUNS.has(lower(token))) continue
    const next = tokens[index + 1]
    return next === undefined || /^[,;.)]$/u.test(next.text) || lower(next) === 'who' || (isLowercase(next) && PREPOSITIONS.has(lower(next)))
  }
  return false
}

/** Remember every full name the sentence mentions, so a bare surname can find it later; returns those it introduces. */
function noteMentions(people: People, tokens: readonly Token[], runs: readonly NamedRun[]): string[] {
  const introduced = new Set<string>()
  for (const { run, end } of runs) {
    if (run.kind === 'person' && run.name.includes(' ')) {
      people.mention(run.name, run.female, run.titles)
      if (isDescribed(tokens, end)) introduced.add(run.name)
    }
    if (run.kind === 'organization' && COMPANIES.has(key(run.name.split(' ').at(-1)))) people.mentionCompany(run.name)
  }
  return [...introduced]
}

/** The full names of people among a sentence's runs (`Adam Schiff`, not `Schiff`). */
export function fullNamesOf(runs: readonly NamedRun[]): string[] {
  return runs.flatMap(({ run }) => (run.kind === 'person' && run.name.includes(' ') ? [run.name] : []))
}

/** A run of capitalised words in a sentence, read, with the index of its last token. */
export interface NamedRun {
  run: Run
  end: number
}

/** Each run of capitalised words in a sentence, read once for the whole story's names and again in its turn. */
export function runsOf(tokens: readonly Token[]): NamedRun[] {
  const runs: NamedRun[] = []
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
    if (run) runs.push({ run, end })
    index = end
  }
  return runs
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
