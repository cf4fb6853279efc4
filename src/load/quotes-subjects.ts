/**
 * Who a verb's subject is: read back from the verb (`Jane Doe, a spokeswoman,
 * said`) or forward from an inverted one (`said Jane Doe`, `according to police`).
 *
 * Heuristics, not a parser: news puts a speaker in a handful of fixed places
 * around the verb, as a name, a title, a pronoun or a noun (`officials said`).
 */
import { nameOf, NOBODY, readRun, rolePhrase, runEnd, runStart, type Run, type Subject } from './quotes-people.ts'
import { isCapitalised, isLowercase, isPossessive, isQuote, isSpeechToken, isVerbToken, isWord, lower, type Token } from './quotes-sentences.ts'
import {
  ADVERBS,
  AUXILIARIES,
  BE,
  DETERMINERS,
  FEMALE,
  fullTitle,
  INTERVIEWS,
  isTitleWord,
  key,
  MALE,
  NOT_ADVERBS,
  OWNER_PREPOSITIONS,
  PERSON_NOUNS,
  PHRASE_WORDS,
  PLACE_STARTS,
  PORTFOLIOS,
  PREPOSITIONS,
  PRONOUNS,
  SPEECH,
  STOP_WORDS,
  TIME_LEADS,
  TIME_WORDS,
  TITLES,
} from './quotes-words.ts'

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
export function subjectBefore(tokens: readonly Token[], verb: number, low: number): Subject | null {
  if (isPassive(tokens, verb)) return NOBODY
  let index = skipModifiers(tokens, verb - 1, low)
  index = skipParenthesis(tokens, index, low)
  if (index < low) return null
  const asked = interviewees(tokens, index, low)
  if (asked) return asked
  return tokens[index]?.text === ',' ? appositiveSubject(tokens, index, low) : headSubject(tokens, index, low)
}

/**
 * `Some of the protesters Wikinews interviewed said`, `residents we spoke to said`: a clause of asking right before the
 * verb tells who was asked, and they are the ones speaking; whoever did the asking (a reporter, a paper) is not.
 */
function interviewees(tokens: readonly Token[], index: number, low: number): Subject | null {
  const spokeTo = ['to', 'with'].includes(lower(tokens[index])) && ['spoke', 'spoken', 'talked'].includes(lower(tokens[index - 1]))
  if (!spokeTo && !(isLowercase(tokens[index]) && INTERVIEWS.has(lower(tokens[index])))) return null
  let asker = skipModifiers(tokens, spokeTo ? index - 2 : index - 1, low)
  const word = tokens[asker]
  if (isLowercase(word) && PRONOUNS.has(lower(word))) asker--
  else if (isCapitalised(word) && !isPossessive(word)) asker = runStart(tokens, asker, low) - 1
  else return null
  if (DETERMINERS.has(lower(tokens[asker]))) asker--
  if (['who', 'whom', 'that'].includes(lower(tokens[asker]))) asker--
  // `Protesters Wikinews interviewed said` reads as one run of capitals; those asked are people all the same.
  const noun = asker >= low && isLowercase(tokens[asker]) && !STOP_WORDS.has(lower(tokens[asker]))
  return noun ? nounSubject(tokens, asker, low) : { kind: 'unnamed', person: true, single: false, female: null }
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
  if (word === 'who') return describedName(tokens, index - 1, low) ?? headSubject(tokens, index - 1, low)
  // Right before a verb, `officials` is a noun even after a capital (`Forest officials said`).
  if (STOP_WORDS.has(word) || SPEECH.has(word) || AUXILIARIES.has(word) || /ed$/u.test(word)) return null
  return nounSubject(tokens, index, low)
}

/** `Jane Doe, 62, a retired teacher who`: a description set off after a name, with `who`, stands for that name. */
function describedName(tokens: readonly Token[], index: number, low: number): Subject | null {
  let comma = index
  while (comma > Math.max(low, index - 5) && tokens[comma]?.text !== ',') comma--
  if (tokens[comma]?.text !== ',' || !DETERMINERS.has(lower(tokens[comma + 1]))) return null
  // An age between: `Jane Doe, 62, a teacher`.
  if (/^\d+$/u.test(tokens[comma - 1]?.text ?? '') && tokens[comma - 2]?.text === ',') comma -= 2
  const name = isCapitalised(tokens[comma - 1]) ? nameSubject(tokens, comma - 1, low) : null
  return name?.kind === 'name' ? name : null
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
  if (preposition === null) return describeRole(tokens, index, determiner)
  // `several people in the audience`: the noun the phrase hangs from is the one speaking.
  const owner = tokens[preposition - 1]
  const ownerNoun = isLowercase(owner) && !STOP_WORDS.has(lower(owner)) ? nounSubject(tokens, preposition - 1, low) : null
  return ownerBefore(tokens, start, low) ?? ownerNoun ?? describeRole(tokens, index, determiner)
}

/** `his daughter said`, `the company's spokeswoman said`: a noun, with the role phrase that may name its person (see `People`). */
function describeRole(tokens: readonly Token[], noun: number, determiner: string): Subject {
  const subject = describe(lower(tokens[noun]), determiner)
  const phrase = rolePhrase(tokens, noun)
  return subject.kind !== 'name' && subject.kind !== 'pronoun' && phrase !== undefined ? { ...subject, phrase } : subject
}

/** What a noun says of its referent: a role (`the governor`), a person, or a thing. */
function describe(noun: string, determiner: string): Subject {
  const singular = !/[^s]s$/u.test(noun) && !['people', 'police', 'staff', 'authorities', 'men', 'women', 'children'].includes(noun)
  // `a state of emergency`: a ministry's subject is a title only in front of a name or a title (`State Secretary`).
  const person = (isTitleWord(noun) && !PORTFOLIOS.has(noun)) || PERSON_NOUNS.has(noun)
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
  const owner = ownerBefore(tokens, start, low) ?? (governed ? governingNoun(tokens, start, low) : null)
  if (owner) return owner
  // `The President said`: a title with no name is a role; an organisation is no person.
  const title = run.titles.at(-1)
  return run.kind === 'title' && !governed && title ? { kind: 'role', title, female: run.female } : NOBODY
}

/** `A spokeswoman for the Transport Agency said`: the noun the name's phrase hangs from is the one speaking. */
function governingNoun(tokens: readonly Token[], start: number, low: number): Subject | null {
  const preposition = prepositionBefore(tokens, start)
  const noun = preposition === null ? undefined : tokens[preposition - 1]
  // `A spokeswoman for the Department of Health said`: `of` inside an organisation's name; the phrase is the whole name.
  if (preposition !== null && preposition - 1 >= low && isCapitalised(noun) && !isPossessive(noun)) {
    return governingNoun(tokens, runStart(tokens, preposition - 1, low), low)
  }
  return preposition !== null && preposition - 1 >= low && isLowercase(noun) && !STOP_WORDS.has(lower(noun)) ? nounSubject(tokens, preposition - 1, low) : null
}

/** `Mike Ryan of the World Health Organization told`: the person that owns the phrase. */
function ownerBefore(tokens: readonly Token[], start: number, low: number): Subject | null {
  for (let index = start - 1; index >= Math.max(low, start - 15); index--) {
    const token = tokens[index]
    if (!token || isQuote(token) || token.text === ',' || isSpeechToken(tokens, index)) return null
    if (!isCapitalised(token) || isPossessive(token) || !OWNER_PREPOSITIONS.has(lower(tokens[index + 1]))) continue
    const first = runStart(tokens, index, low)
    const run = readRun(tokens, first, index)
    if (run?.kind === 'person' && !followsPreposition(tokens, first)) return nameOf(run, opensSentence(tokens, first, run))
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
export function subjectAfter(tokens: readonly Token[], verb: number, high: number): Subject | null {
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
      // `said de la Rosa`: the surname's particles were stepped over as lowercase words.
      const start = runStart(tokens, index, verb + 1)
      // `said Texas manager Ron Haskett`: capitals before a lowercase job word describe the job, not the speaker.
      if (describesJob(tokens, end)) {
        index = end
        continue
      }
      if (isSpeakerRun(tokens, start, end, start === verb + 1)) return readSpeaker(tokens, start, end)
      index = end
    } else if (!isWord(token) || isVerbToken(tokens, index) || (STOP_WORDS.has(lower(token)) && !PHRASE_WORDS.has(lower(token)))) {
      break
    }
  }
  return appositiveAfter(tokens, verb + 1, high) ?? describedAfter(tokens, verb + 1, high)
}

/** `Texas manager Ron Haskett`: the run ending at `end` is followed by a lowercase job word and then a capitalised name. */
function describesJob(tokens: readonly Token[], end: number): boolean {
  const job = tokens[end + 1]
  return isLowercase(job) && isTitleWord(lower(job)) && isCapitalised(tokens[end + 2])
}

/** `said a protester using a pseudonym`, `said police`: the first noun after the verb says who. */
function describedAfter(tokens: readonly Token[], from: number, high: number): Subject {
  const determiner = DETERMINERS.has(lower(tokens[from])) ? lower(tokens[from]) : ''
  for (let index = from; index <= Math.min(high, from + 4); index++) {
    const word = lower(tokens[index])
    const noun = isTitleWord(word) || PERSON_NOUNS.has(word) || rolePhrase(tokens, index) !== undefined
    if (isLowercase(tokens[index]) && noun) return describeRole(tokens, index, determiner)
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
