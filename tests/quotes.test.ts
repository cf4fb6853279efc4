import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { extractQuotes, type QuoteInput } from '../src/load/quotes.ts'

/** Paragraphs as the loader hands them over: one string each, lede first. */
function story(...texts: string[]): QuoteInput[] {
  return texts.map((text) => ({ text }))
}

/** The seed's body paragraphs: after the update line, without the related headlines or the credit. */
function seedParagraphs(): QuoteInput[] {
  // A byte-for-byte copy of the seed wire story 000_36f5df85824b1760.txt, kept with the tests.
  const wire = readFileSync(new URL('fixtures/seed/wire.txt', import.meta.url), 'utf8')
  const body = wire.split('Updated at 11:59 a.m. Eastern')[1] ?? ''
  const blocks = body
    .split(/\n\s*\n/u)
    .map((block) => block.trim())
    .filter((block) => block !== '' && !block.startsWith('Clinton: Russia, China'))
  return story(...blocks.map((block, index) => (index === 0 ? block.replace(/^\(CBS\/AP\) /u, '') : block)))
}

describe('the seed story', () => {
  it('should find its nine quotations with their speakers, in order', () => {
    expect(extractQuotes(seedParagraphs()).quotes).toEqual([
      { text: 'a crack in the inner circle', speaker: 'John Kirby', partial: true },
      { text: 'regime insiders and the military establishment are starting to vote with their feet.', speaker: 'Clinton', partial: true },
      {
        text: "those with the closest knowledge of Assad's actions and crimes are moving away. We think that's a very promising development. It also raises questions for those remaining in Damascus, who are still supporting this regime.",
        speaker: 'Clinton',
        partial: true,
      },
      { text: 'The defection of Tlass will encourage a lot of similar people to defect as well', speaker: 'Hassem Hashimi', partial: false },
      { text: 'tough stand', speaker: 'Hassem Hashimi', partial: true },
      { text: 'flying over defected soldiers and civilians and bombarding them.', speaker: 'Hassem Hashimi', partial: true },
      { text: 'is a threat for international peace and security', speaker: 'Francois Hollande', partial: true },
      {
        text: "Bashar Assad must leave. A transitional government should be formed. It's in everyone's interest",
        speaker: 'Francois Hollande',
        partial: false,
      },
      { text: 'real and effective', speaker: 'Francois Hollande', partial: true },
    ])
  })

  it('should not take the website\'s "terror" for a quotation', () => {
    const texts = extractQuotes(seedParagraphs()).quotes.map((quote) => quote.text)
    expect(texts).not.toContain('terror')
  })

  it('should report the stray mark after "circles," and nothing else', () => {
    const paragraphs = seedParagraphs()
    const paragraph = paragraphs[3]?.text ?? ''
    expect(paragraph.startsWith('A pro-government website')).toBe(true)
    const column = paragraph.indexOf('circles,"') + 'circles,'.length + 1
    expect(extractQuotes(paragraphs).unbalanced).toEqual([{ paragraph: 3, column }])
  })
})

describe('quote marks', () => {
  it('should read curly marks', () => {
    const { quotes } = extractQuotes(story('“We will rebuild the ferry landing by spring,” said Mayor Lena Ortiz.'))
    expect(quotes).toEqual([{ text: 'We will rebuild the ferry landing by spring', speaker: 'Lena Ortiz', partial: false }])
  })

  it('should keep nested single quotes inside the outer quotation', () => {
    const { quotes } = extractQuotes(
      story("\"My grandmother told me 'never sell the orchard,' and I never will,\" Tomas Reyes said."),
    )
    expect(quotes).toEqual([
      { text: "My grandmother told me 'never sell the orchard,' and I never will", speaker: 'Tomas Reyes', partial: false },
    ])
  })

  it('should not treat apostrophes as quote marks', () => {
    const result = extractQuotes(
      story("Marisol Vega's bakery is the town's oldest. \"It's my family's shop and we're keeping it,\" Vega said. The bakery's ovens date from 1911."),
    )
    expect(result).toEqual({
      quotes: [{ text: "It's my family's shop and we're keeping it", speaker: 'Marisol Vega', partial: false }],
      unbalanced: [],
    })
  })

  it('should join a quotation that runs on into a paragraph reopened with a mark', () => {
    const { quotes } = extractQuotes(
      story(
        'Harbour master Joe Pike described the night the tide came in.',
        '"The water rose a foot in ten minutes. We moved the boats we could.',
        '"The rest we lost," he said.',
      ),
    )
    expect(quotes).toEqual([
      { text: 'The water rose a foot in ten minutes. We moved the boats we could. The rest we lost', speaker: 'Joe Pike', partial: false },
    ])
  })

  it('should report a mark that never opened without swallowing the quotes after it', () => {
    const result = extractQuotes(
      story(
        'The river authority," said on Monday that ferries would resume.',
        '"Crossings restart at dawn," river warden Ada Brill said.',
      ),
    )
    expect(result).toEqual({
      quotes: [{ text: 'Crossings restart at dawn', speaker: 'Ada Brill', partial: false }],
      unbalanced: [{ paragraph: 0, column: 21 }],
    })
  })

  it('should report an opener that never closes and still find the next quotation', () => {
    const result = extractQuotes(story('Ada Brill warned of "rising water all week. "Move your cars off the quay," Brill said.'))
    expect(result).toEqual({
      quotes: [{ text: 'Move your cars off the quay', speaker: 'Ada Brill', partial: false }],
      unbalanced: [{ paragraph: 0, column: 21 }],
    })
  })
})

describe('speakers', () => {
  it('should take the speaker named before a colon', () => {
    const { quotes } = extractQuotes(story('Chidi Okafor said: "The harvest failed twice this decade."'))
    expect(quotes).toEqual([{ text: 'The harvest failed twice this decade.', speaker: 'Chidi Okafor', partial: false }])
  })

  it('should take the speaker after an inverted "said"', () => {
    const { quotes } = extractQuotes(
      story('Chidi Okafor farms near the delta.', 'Said Okafor: "We plant later every year."', '"The river rose overnight," said Marta Lindqvist, a ferry pilot.'),
    )
    expect(quotes).toEqual([
      { text: 'We plant later every year.', speaker: 'Chidi Okafor', partial: false },
      { text: 'The river rose overnight', speaker: 'Marta Lindqvist', partial: false },
    ])
  })

  it('should resolve "she" to the woman the story last named', () => {
    const { quotes } = extractQuotes(
      story('Priya Natarajan opened the clinic in 2019 with two nurses.', '"We see forty patients a day now," she said.'),
    )
    expect(quotes).toEqual([{ text: 'We see forty patients a day now', speaker: 'Priya Natarajan', partial: false }])
  })

  it('should resolve a bare surname to the full name given earlier', () => {
    const { quotes } = extractQuotes(
      story('A storm flattened the barn of Elias Brandt on Tuesday.', '"Forty years of work, gone in an hour," Brandt said.'),
    )
    expect(quotes).toEqual([{ text: 'Forty years of work, gone in an hour', speaker: 'Elias Brandt', partial: false }])
  })

  it('should drop titles such as Dr., Brig. Gen. and Sen. from the speaker', () => {
    const { quotes } = extractQuotes(
      story(
        '"The vaccine is safe for children," said Dr. Amara Nwosu.',
        'Brig. Gen. Halvard Stene told reporters: "Our patrols will continue."',
        '"This bill will not pass the Senate," Sen. Ruth Calloway said.',
      ),
    )
    expect(quotes).toEqual([
      { text: 'The vaccine is safe for children', speaker: 'Amara Nwosu', partial: false },
      { text: 'Our patrols will continue.', speaker: 'Halvard Stene', partial: false },
      { text: 'This bill will not pass the Senate', speaker: 'Ruth Calloway', partial: false },
    ])
  })

  it('should drop a military rank with its grade, such as Petty Officer 3rd Class or Chief Warrant Officer 2', () => {
    const { quotes } = extractQuotes(
      story(
        '"The pumps held all night," said Navy Petty Officer 3rd Class Dana Whitcombe.',
        'Sgt. 1st Class Omar Feld said: "We never lost radio contact."',
        '"The hull is sound," Chief Warrant Officer 2 Lucia Brandt said.',
        '"Keep off the ice," Private First Class Jo Marr said.',
        '"Whitcombe kept us calm," Master Sgt. Ken Ott said.',
      ),
    )
    expect(quotes.map((quote) => quote.speaker)).toEqual(['Dana Whitcombe', 'Omar Feld', 'Lucia Brandt', 'Jo Marr', 'Ken Ott'])
  })

  it('should drop public-safety and civic titles such as Fire Marshal, Medical Examiner and Coroner', () => {
    const { quotes } = extractQuotes(
      story(
        '"The wiring was the cause," Fire Marshal Odette Lindqvist said.',
        'County Medical Examiner Paul Arkwright said: "Nobody suffered."',
        '"We will hold an inquest," said Deputy Coroner Ines Fairweather.',
      ),
    )
    expect(quotes.map((quote) => quote.speaker)).toEqual(['Odette Lindqvist', 'Paul Arkwright', 'Ines Fairweather'])
  })

  it('should keep a portfolio of several words, such as "Minister for Rural Development", in the title', () => {
    const { quotes } = extractQuotes(
      story(
        'State Minister for Rural Development Tomas Aldana said the grain would arrive on Monday.',
        '"No village will go without," Aldana said.',
        '"The roads are open," said Director of Civil Defence Marit Solberg.',
      ),
    )
    expect(quotes.map((quote) => quote.speaker)).toEqual(['Tomas Aldana', 'Marit Solberg'])
  })

  it('should keep lowercase particles such as "van der" and "de la" in a name, first and later', () => {
    const { quotes } = extractQuotes(
      story(
        'Harbour pilot Ana María van der Berg said the channel would stay shut.',
        '"We wait for the tide," van der Berg said.',
        'Van der Berg said: "Nobody sails tonight."',
        '"Never in my life," said de la Cruz, a fisherman.',
      ),
    )
    expect(quotes.map((quote) => quote.speaker)).toEqual(['Ana María van der Berg', 'Ana María van der Berg', 'de la Cruz'])
  })

  it('should read a word the title lists lack, before a name the story gave in full, as that person\'s title', () => {
    const { quotes } = extractQuotes(
      story('Sofia Lindahl won the open at 19.', 'GM Sofia Lindahl said: "I played the endgame badly and still won."'),
    )
    expect(quotes).toEqual([{ text: 'I played the endgame badly and still won.', speaker: 'Sofia Lindahl', partial: false }])
  })

  it('should read a word before a full name the story gives only later as a title the lists lack', () => {
    const { quotes } = extractQuotes(
      story('Bursar Ilse Varga called the shortage "a scandal we saw coming for months."', 'Ilse Varga has kept the college accounts since 2011.'),
    )
    expect(quotes).toEqual([{ text: 'a scandal we saw coming for months.', speaker: 'Ilse Varga', partial: true }])
  })

  it('should read a long title with one letter wrong, such as "Secertary", as that title', () => {
    const { quotes } = extractQuotes(
      story('Secertary Rafael Ostrow called the audit "long overdue and badly needed."', 'Ostrow said: "We will publish every page."'),
    )
    expect(quotes.map((quote) => quote.speaker)).toEqual(['Rafael Ostrow', 'Rafael Ostrow'])
  })

  it('should drop a party or affiliation standing before a name, as in "Democrat Chuck Schumer"', () => {
    const { quotes } = extractQuotes(
      story(
        'Democrat Alma Ferreira told reporters the budget was "dead on arrival."',
        'Ohio Republican Dale Whitcombe called it "a fair start."',
        'Liberal Democrat Ros Penhaligon said it was "too little, too late."',
        'Conservative Whitcombe said later: "We will find the votes."',
        '"We will not fold," said Sen. Alma Ferreira, D-N.M.',
      ),
    )
    expect(quotes.map((quote) => quote.speaker)).toEqual(['Alma Ferreira', 'Dale Whitcombe', 'Ros Penhaligon', 'Dale Whitcombe', 'Alma Ferreira'])
  })

  it('should keep a party named in the plural, and a first name that is also a party word, as they are', () => {
    const { quotes } = extractQuotes(
      story('"The vote was stolen from us," Tory Vance said.', 'The Liberal Democrats said the count was "clean and fair."'),
    )
    expect(quotes.map((quote) => quote.speaker)).toEqual(['Tory Vance', null])
  })

  it('should resolve a surname after a party and a title to the full name the story gave, and keep it when the story gave none', () => {
    const named = extractQuotes(
      story('Governor Hal Brenner vetoed the water bill on Monday.', 'Republican Governor Brenner called it "a tax on farmers."'),
    )
    expect(named.quotes.map((quote) => quote.speaker)).toEqual(['Hal Brenner'])
    const unnamed = extractQuotes(story('Republican Governor Brenner called the water bill "a tax on farmers."'))
    expect(unnamed.quotes.map((quote) => quote.speaker)).toEqual(['Brenner'])
  })

  it('should resolve a titled name that opens a full name given family name first, as "Ms Lim" after "Lim Soo-jin"', () => {
    const { quotes } = extractQuotes(
      story('The bakery was bought in 2009 by Lim Soo-jin and her husband.', 'Ms Lim said they hoped to "reopen by the spring."'),
    )
    expect(quotes).toEqual([{ text: 'reopen by the spring.', speaker: 'Lim Soo-jin', partial: true }])
  })

  it('should resolve a bare name that opens a company\'s full name to the company, and no later "he" to it', () => {
    const { quotes } = extractQuotes(
      story(
        'Halvorsen Marine Group recalled 4,000 outboard motors on Tuesday.',
        '"No injuries have been reported," Halvorsen said.',
        'Chief engineer Odd Sether traced the fault to a supplier. Asked whether Halvorsen would sue, he said: "Not yet."',
      ),
    )
    expect(quotes.map((quote) => quote.speaker)).toEqual(['Halvorsen Marine Group', 'Odd Sether'])
  })

  it('should not credit a paper with what the people it interviewed said', () => {
    const { quotes } = extractQuotes(
      story(
        'Several of the nurses Healthline interviewed said they had worked "double shifts for a month."',
        'Strikers Healthline spoke to said the walkout would "last as long as it takes."',
      ),
    )
    expect(quotes).toEqual([
      { text: 'double shifts for a month.', speaker: null, partial: true },
      { text: 'last as long as it takes.', speaker: null, partial: true },
    ])
  })

  it('should drop a job description standing before the name', () => {
    const { quotes } = extractQuotes(story('"Every shelter is full tonight," county emergency manager Ruth Adeyemi said.'))
    expect(quotes).toEqual([{ text: 'Every shelter is full tonight', speaker: 'Ruth Adeyemi', partial: false }])
  })

  it('should leave unnamed speakers null', () => {
    const { quotes } = extractQuotes(
      story(
        '"The bridge will stay closed until Friday," an official said.',
        '"We are checking every span," officials said.',
        '"The whole deck shook," a witness said.',
      ),
    )
    expect(quotes).toEqual([
      { text: 'The bridge will stay closed until Friday', speaker: null, partial: false },
      { text: 'We are checking every span', speaker: null, partial: false },
      { text: 'The whole deck shook', speaker: null, partial: false },
    ])
  })

  it('should give two quotes split by one attribution the same speaker', () => {
    const { quotes } = extractQuotes(story('"We lost the roof," Anneke Vos said. "We did not lose the house."'))
    expect(quotes).toEqual([
      { text: 'We lost the roof', speaker: 'Anneke Vos', partial: false },
      { text: 'We did not lose the house.', speaker: 'Anneke Vos', partial: false },
    ])
  })

  it('should give a paragraph-opening quotation to the person the next sentence says spoke it', () => {
    const { quotes } = extractQuotes(
      story(
        'The Tarn River rose four feet overnight, flooding the lower town.',
        '"The cellar filled before I found my boots." That is how Ilse Marek, 70, recalled the night.',
      ),
    )
    expect(quotes).toEqual([{ text: 'The cellar filled before I found my boots.', speaker: 'Ilse Marek', partial: false }])
  })

  it('should not take a place named after "the", such as the Tarn River, for a speaker', () => {
    const { quotes } = extractQuotes(story('The Tarn River rose four feet overnight.', '"Nobody could have stopped it."'))
    expect(quotes).toEqual([{ text: 'Nobody could have stopped it.', speaker: null, partial: false }])
  })

  it('should carry the speaker into a paragraph that is only a quotation', () => {
    const { quotes } = extractQuotes(story('Ines Duarte said: "We ran out of insulin on Monday."', '"Nobody answered our calls."'))
    expect(quotes).toEqual([
      { text: 'We ran out of insulin on Monday.', speaker: 'Ines Duarte', partial: false },
      { text: 'Nobody answered our calls.', speaker: 'Ines Duarte', partial: false },
    ])
  })

  it('should find the speaker of a participle such as "telling reporters that"', () => {
    const { quotes } = extractQuotes(
      story('Governor Alma Cruz signed the tenant bill on Monday, telling reporters that "nobody should lose a home over one late payment."'),
    )
    expect(quotes).toEqual([{ text: 'nobody should lose a home over one late payment.', speaker: 'Alma Cruz', partial: true }])
  })
})

describe('speakers in harder shapes', () => {
  it('should keep a final question mark and take the speaker after an inverted "asked"', () => {
    const { quotes } = extractQuotes(story('"Who pays for the new levee?" asked Dr. Ines Mora, a hydrologist.'))
    expect(quotes).toEqual([{ text: 'Who pays for the new levee?', speaker: 'Ines Mora', partial: false }])
  })

  it('should give a quotation to the person quoted "as saying", not to the paper that quoted them', () => {
    const { quotes } = extractQuotes(story('The Valley Herald quoted Marta Lindqvist, a ferry pilot, as saying "the current has never run this fast."'))
    expect(quotes).toEqual([{ text: 'the current has never run this fast.', speaker: 'Marta Lindqvist', partial: true }])
  })

  it('should keep the named speaker when "according to" credits only a newspaper', () => {
    const { quotes } = extractQuotes(story('Chidi Okafor called the inquiry "a farce from start to finish," according to the Valley Herald.'))
    expect(quotes).toEqual([{ text: 'a farce from start to finish', speaker: 'Chidi Okafor', partial: true }])
  })

  it('should read a colon after a clause about a person as their attribution', () => {
    const { quotes } = extractQuotes(story('Mayor Lena Ortiz stepped up to the microphone: "We will rebuild every house on this street."'))
    expect(quotes).toEqual([{ text: 'We will rebuild every house on this street.', speaker: 'Lena Ortiz', partial: false }])
  })

  it('should sign a pull quote with the name after its dash', () => {
    const { quotes } = extractQuotes(story('"Nobody told us the dam was leaking." — Ruth Adeyemi, county emergency manager'))
    expect(quotes).toEqual([{ text: 'Nobody told us the dam was leaking.', speaker: 'Ruth Adeyemi', partial: false }])
  })

  it('should resolve "he" past a woman the story has already called "she"', () => {
    const { quotes } = extractQuotes(
      story(
        'Tomas Reyes runs the co-op with Priya Natarajan.',
        'Natarajan said she would stay on for another year.',
        '"We are not selling," he said.',
      ),
    )
    expect(quotes).toEqual([{ text: 'We are not selling', speaker: 'Tomas Reyes', partial: false }])
  })

  it('should resolve "she" to the person just named, not to an earlier woman', () => {
    const { quotes } = extractQuotes(
      story(
        'Ines Duarte lost her shop. She said the insurer had not called.',
        'Harbour Authority director Ruth Okonjo said the quay would reopen. She called the repairs "long overdue."',
        'Volunteer Kim Sandberg said the shelter was full.',
        '"Blankets, mostly," she said.',
      ),
    )
    expect(quotes.map((quote) => quote.speaker)).toEqual(['Ruth Okonjo', 'Kim Sandberg'])
  })

  it('should not take a ministry\'s subject, such as "a state of emergency" or "justice", for a person a pronoun could mean', () => {
    const emergency = extractQuotes(story('Mayor Lin Hovde said a state of emergency would last a week. "Stay off the ice," she told reporters.'))
    expect(emergency.quotes).toEqual([{ text: 'Stay off the ice', speaker: 'Lin Hovde', partial: false }])
    const trial = extractQuotes(story('Lea Brandt, who had followed the trial, said justice does not come quickly. "It took nine years," she said.'))
    expect(trial.quotes).toEqual([{ text: 'It took nine years', speaker: 'Lea Brandt', partial: false }])
  })

  it('should resolve a pronoun to an unnamed spokesman for an organisation, not to a man named before him', () => {
    const { quotes } = extractQuotes(
      story(
        'Harbour master Joe Pike closed the quay on Monday.',
        'A spokesman for the Northern Ferry Safety Board said the board would inspect the quay. "Nobody sails until we have seen it," he said.',
      ),
    )
    expect(quotes).toEqual([{ text: 'Nobody sails until we have seen it', speaker: null, partial: false }])
  })

  it('should resolve "she" to a person a sentence introduces with a description, though that sentence\'s verb is about something else', () => {
    const { quotes } = extractQuotes(
      story(
        '"We will run extra boats," said Tomas Reyes, who manages the ferry line.',
        'For islanders such as Ines Duarte, a teacher who crosses twice a day, the new timetable is a worry.',
        '"I will miss the first lesson every Monday," she said.',
      ),
    )
    expect(quotes.map((quote) => quote.speaker)).toEqual(['Tomas Reyes', 'Ines Duarte'])
  })

  it('should not take a name before the next clause for a description of that person', () => {
    const { quotes } = extractQuotes(
      story('Jana Holm founded the choir in 2015.', 'For the family of Petra Vik, the singers held a benefit concert.', '"We sold every seat," she said.'),
    )
    expect(quotes).toEqual([{ text: 'We sold every seat', speaker: 'Jana Holm', partial: false }])
  })

  it('should give an unnamed group opening a sentence, such as "Drivers at the depot", no name but still the quotation', () => {
    const { quotes } = extractQuotes(
      story('Drivers at the northern depot, the busiest in the city, described the new rota as "chaos," according to a union memo.'),
    )
    expect(quotes).toEqual([{ text: 'chaos', speaker: null, partial: true }])
  })

  it('should let "according to" name the man a following "he said" means', () => {
    const { quotes } = extractQuotes(
      story('Mayor Lena Ortiz opened the new quay.', 'The delay came down to money, according to harbour master Joe Pike. "We ran out twice," he said.'),
    )
    expect(quotes).toEqual([{ text: 'We ran out twice', speaker: 'Joe Pike', partial: false }])
  })

  it('should give nobody a quotation someone was only said to have said', () => {
    const { quotes } = extractQuotes(story('Tomas Reyes was said to be "furious about the vote and ready to resign."'))
    expect(quotes).toEqual([{ text: 'furious about the vote and ready to resign.', speaker: null, partial: true }])
  })
})

describe('partial quotations', () => {
  it('should treat a whole sentence after "told reporters on Friday" as no fragment', () => {
    const { quotes } = extractQuotes(story('Chidi Okafor told reporters on Friday "The co-op will survive this."'))
    expect(quotes).toEqual([{ text: 'The co-op will survive this.', speaker: 'Chidi Okafor', partial: false }])
  })

  it('should treat the second half of a quotation split by its attribution as the speaker\'s sentence, though lowercase', () => {
    const { quotes } = extractQuotes(story('"The ice is thick this year," said Oskar Lund, "but the wind is worse."'))
    expect(quotes).toEqual([
      { text: 'The ice is thick this year', speaker: 'Oskar Lund', partial: false },
      { text: 'but the wind is worse.', speaker: 'Oskar Lund', partial: false },
    ])
  })

  it('should keep a one-word sentence the last speaker goes on to say', () => {
    const { quotes } = extractQuotes(story('"We counted the sheep twice," Nora Flett said. "Twice."'))
    expect(quotes).toEqual([
      { text: 'We counted the sheep twice', speaker: 'Nora Flett', partial: false },
      { text: 'Twice.', speaker: 'Nora Flett', partial: false },
    ])
  })

  it('should keep a one-word quotation a named person is said to have called something', () => {
    const { quotes } = extractQuotes(story('Chidi Okafor leads the growers union.', 'Okafor called the plan "reckless."'))
    expect(quotes).toEqual([{ text: 'reckless.', speaker: 'Chidi Okafor', partial: true }])
  })

  it('should mark a fragment embedded mid-sentence as partial', () => {
    const { quotes } = extractQuotes(story('Mayor Lena Ortiz called the ruling "A Victory For Tenants" in a statement on Friday.'))
    expect(quotes).toEqual([{ text: 'A Victory For Tenants', speaker: 'Lena Ortiz', partial: true }])
  })
})

describe('quoted words that are not speech', () => {
  it('should find nothing in a story without quotation marks', () => {
    expect(extractQuotes(story("The ferry runs at dawn. Its captain's log is kept ashore."))).toEqual({ quotes: [], unbalanced: [] })
  })

  it('should keep a nested pair of double marks inside the outer quotation', () => {
    const { quotes, unbalanced } = extractQuotes(story('"The so-called "green" levy paid for nothing," Anneke Vos said.'))
    expect({ quotes, unbalanced }).toEqual({
      quotes: [{ text: 'The so-called "green" levy paid for nothing', speaker: 'Anneke Vos', partial: false }],
      unbalanced: [],
    })
  })

  it('should skip a list of quoted titles', () => {
    const { quotes } = extractQuotes(story('The band played songs such as "River Of Salt", "Lantern Harbour Blues", and "Old Quay Road" until midnight.'))
    expect(quotes).toEqual([])
  })

  it('should skip words on a sign', () => {
    const { quotes } = extractQuotes(story('Protesters carried a banner saying "hands off our harbour" down the quay.'))
    expect(quotes).toEqual([])
  })

  it('should skip scare quotes and coined terms', () => {
    const { quotes } = extractQuotes(
      story('The so-called "green corridor" opened on Monday.', 'Stallholders complained about the "temporary" parking rules.'),
    )
    expect(quotes).toEqual([])
  })

  it('should keep a quoted modifier that the verb of speech governs', () => {
    const { quotes } = extractQuotes(story('Police declared a "major" incident on the quay after the crane fell.'))
    expect(quotes).toEqual([{ text: 'major', speaker: null, partial: true }])
  })

  it('should skip a term introduced by "known as" or a naming verb, even with an article or adverb between', () => {
    const { quotes } = extractQuotes(
      story(
        'Sailors fear a squall known locally as the "white north wind," which can capsize a dinghy in seconds.',
        'The skipper, nicknamed the "harbour wolf of Tarn Bay," has fished the strait for 40 years.',
      ),
    )
    expect(quotes).toEqual([])
  })

  it('should skip a nickname inside a name', () => {
    const { quotes } = extractQuotes(story('Boxer Dwayne "The Anvil" Mercer retired on Friday after 40 fights.'))
    expect(quotes).toEqual([])
  })

  it('should skip the title of a work', () => {
    const { quotes } = extractQuotes(story('Novelist Wren Talbot read from her book "The Salt Road and Other Stories" at the library.'))
    expect(quotes).toEqual([])
  })
})

describe('rules from wire fixtures 62-70', () => {
  it('should pass over a verb of speech whose subject is a thing to the person who spoke', () => {
    const { quotes } = extractQuotes(story('Harbourmaster Olwen Pryce told reporters that a dredger promised to the port in 2020 was still "lost in committee" at the ministry.'))
    expect(quotes).toEqual([{ text: 'lost in committee', speaker: 'Olwen Pryce', partial: true }])
  })

  it('should not take a place before a job word for the speaker', () => {
    const { quotes } = extractQuotes(story('"We ran out of road," said Ohio coach Dale Brinker after the game.'))
    expect(quotes).toEqual([{ text: 'We ran out of road', speaker: 'Dale Brinker', partial: false }])
  })

  it('should read a hyphenated description before a name as no part of it', () => {
    const { quotes } = extractQuotes(story('Father-of-three Gareth Lyle said: "The pool is all we have."'))
    expect(quotes).toEqual([{ text: 'The pool is all we have.', speaker: 'Gareth Lyle', partial: false }])
  })

  it('should read "who" after a description set off from a name as that name', () => {
    const { quotes } = extractQuotes(
      story('"The roof leaks every winter," said Maren Holt, 58, a retired nurse who runs the hall.', '"Nobody has fixed it," she said.'),
    )
    expect(quotes.map((quote) => quote.speaker)).toEqual(['Maren Holt', 'Maren Holt'])
  })

  it('should read a spokeswoman for an organisation named with "of" as an unnamed speaker', () => {
    const { quotes } = extractQuotes(story('A spokesman for the Bureau of Fisheries said the agency was "closely monitoring" the catch.'))
    expect(quotes).toEqual([{ text: 'closely monitoring', speaker: null, partial: true }])
  })
})

describe('a role set beside a name (fixture 64)', () => {
  it('should credit "his son said" to the name the story gave his son', () => {
    const { quotes } = extractQuotes(
      story(
        'His son, Tobias Wrenfield-Ashe, said the mill closed in 1998. Union steward Carla Mendes said the town never recovered.',
        '"He kept the looms running on his own," his son said.',
      ),
    )
    expect(quotes).toEqual([{ text: 'He kept the looms running on his own', speaker: 'Tobias Wrenfield-Ashe', partial: false }])
  })

  it('should credit "said the company\'s spokeswoman" to the spokeswoman the story named', () => {
    const { quotes } = extractQuotes(
      story(
        "The company's spokeswoman, Ingrid Solbakken, declined to give figures. Analyst Peter Hume called the plan \"late.\"",
        '"We expect a full recovery by spring," said the company\'s spokeswoman.',
      ),
    )
    expect(quotes.map((quote) => quote.speaker)).toEqual(['Peter Hume', 'Ingrid Solbakken'])
  })

  it('should leave a role never tied to a name unnamed, even beside another owner\'s', () => {
    const { quotes } = extractQuotes(
      story(
        'Her lawyer, Dana Whitcombe, filed the appeal on Monday. Judge Alan Roper set a hearing for June.',
        '"My client was never in the building," his lawyer said.',
        '"The evidence speaks for itself," her brother said.',
      ),
    )
    expect(quotes.map((quote) => quote.speaker)).toEqual([null, null])
  })
})
