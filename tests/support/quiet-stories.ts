/**
 * Sixty short stories of early 2001, a day apart, tagged `council` and in no
 * section: the newest fifty are in the feed, the oldest ten in none.
 */
export function quietStories(): Record<string, string> {
  const files: Record<string, string> = {}
  for (let day = 1; day <= 60; day++) {
    const date = new Date(Date.UTC(2001, 0, day, 10))
    const [year, month, dayOfMonth] = date.toISOString().slice(0, 10).split('-')
    files[`content/${year}/${month}/${dayOfMonth}/council-meeting-${day}.md`] = [
      '---', `title: Council meets for session ${day}`, `date: ${date.toISOString().slice(0, 16)}Z`, 'tags: [council]', '---', '',
      `The town council met for its session number ${day} on Tuesday and heard from residents about parking.`, '',
      `Members voted to publish the minutes of session ${day} within a week.`, '',
    ].join('\n')
  }
  return files
}
