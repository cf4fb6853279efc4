/**
 * Word lists the generator draws from: enough variety that a generated
 * archive has the shape of a real one (about 200 tags, thousands of people
 * quoted, headlines that rarely repeat), nothing more.
 */

export const sections = ['World', 'Politics', 'Business', 'Science', 'Sports', 'Culture', 'Health', 'Technology'] as const

const regions = ['Africa', 'Asia', 'Europe', 'Latin America', 'Middle East', 'North America', 'Oceania', 'Arctic', 'Caribbean', 'Balkans', 'Baltics', 'Central Asia', 'East Africa', 'Gulf States', 'Horn of Africa', 'Pacific Islands', 'Scandinavia', 'South Asia', 'Southeast Asia', 'West Africa'] as const
const topics = ['Elections', 'Trade', 'Energy', 'Climate', 'Health', 'Courts', 'Defence', 'Migration', 'Transport', 'Education'] as const

/** 200 tags, `Europe Energy` and the like: every region with every topic. */
export const tags: readonly string[] = regions.flatMap((region) => topics.map((topic) => `${region} ${topic}`))

export const firstNames = ['Ada', 'Ahmed', 'Aiko', 'Alejandro', 'Amara', 'Anders', 'Anna', 'Arjun', 'Beatriz', 'Boris', 'Carmen', 'Chen', 'Chiara', 'Dmitri', 'Elena', 'Emeka', 'Fatima', 'Felix', 'Grace', 'Hannah', 'Hiroshi', 'Ines', 'Ivan', 'Jamal', 'Jana', 'Javier', 'Kofi', 'Lars', 'Leila', 'Lucia', 'Marek', 'Maria', 'Mei', 'Mohammed', 'Nadia', 'Nikos', 'Olga', 'Omar', 'Priya', 'Rafael', 'Rosa', 'Samuel', 'Sofia', 'Tariq', 'Thandiwe', 'Tomas', 'Valentina', 'Wei', 'Yusuf', 'Zainab'] as const
export const lastNames = ['Abara', 'Andersen', 'Bakker', 'Bianchi', 'Castillo', 'Chowdhury', 'Costa', 'Dubois', 'Eriksen', 'Fernandes', 'Fischer', 'Garcia', 'Haddad', 'Hansen', 'Horvat', 'Ibrahim', 'Ivanova', 'Jensen', 'Kamau', 'Kowalski', 'Larsen', 'Lindqvist', 'Mensah', 'Moreau', 'Nakamura', 'Novak', 'Okafor', 'Olsen', 'Papadopoulos', 'Park', 'Petrov', 'Quispe', 'Rahman', 'Rossi', 'Santos', 'Schmidt', 'Silva', 'Singh', 'Tanaka', 'Torres', 'Usman', 'Varga', 'Wagner', 'Wang', 'Weber', 'Yamamoto', 'Yilmaz', 'Zhang', 'Zielinski', 'Zulu'] as const
export const roles = ['a spokeswoman for the ministry', 'a spokesman for the police', 'an analyst at the central bank', 'a professor of economics', 'the mayor', 'a member of parliament', 'a union leader', 'a local resident', 'the chief executive', 'an emergency coordinator', 'a senior diplomat', 'the team captain'] as const

export const cities: ReadonlyArray<readonly [dateline: string, city: string]> = [
  ['LONDON', 'London'], ['PARIS', 'Paris'], ['WASHINGTON', 'Washington'], ['BEIRUT', 'Beirut'], ['TOKYO', 'Tokyo'],
  ['NAIROBI', 'Nairobi'], ['LIMA', 'Lima'], ['BERLIN', 'Berlin'], ['CAIRO', 'Cairo'], ['MUMBAI', 'Mumbai'],
  ['SYDNEY', 'Sydney'], ['TORONTO', 'Toronto'], ['MOSCOW', 'Moscow'], ['SEOUL', 'Seoul'], ['LAGOS', 'Lagos'],
  ['MEXICO CITY', 'Mexico City'], ['ISTANBUL', 'Istanbul'], ['JAKARTA', 'Jakarta'], ['OSLO', 'Oslo'], ['ATHENS', 'Athens'],
]
export const agencies = ['AP', 'Reuters', 'AFP'] as const

export const subjects = ['Government', 'Court', 'Parliament', 'Central bank', 'Police chief', 'Regulator', 'Health ministry', 'Union', 'Science panel', 'Electoral commission', 'Rescue service', 'Airline', 'Opposition', 'Prime minister', 'Export board', 'Farm lobby', 'Teachers union', 'City council', 'Coast guard', 'Pension fund'] as const
export const verbs = ['approves', 'rejects', 'delays', 'backs', 'questions', 'expands', 'ends', 'reviews', 'announces', 'challenges', 'suspends', 'welcomes', 'warns over', 'defends', 'revives'] as const
export const objects = ['new budget', 'border deal', 'rail project', 'energy tariffs', 'vaccine plan', 'election rules', 'mining licences', 'pension reform', 'port expansion', 'water rationing', 'fishing quotas', 'tax relief', 'housing plan', 'ceasefire talks', 'flood defences', 'school closures', 'grain exports', 'airport strike', 'data law', 'museum funding'] as const
