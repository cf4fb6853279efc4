import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { VFile } from 'vfile'
import { loadStory } from '../src/load/index.ts'
import type { Story } from '../src/load/story.ts'

interface Article {
  id: string
  title: string
  date: string
  url: string
  body: string
}

const articles = readFileSync('tests/fixtures/wikinews/articles.jsonl', 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as Article)

/** Each word with how often it occurs. */
function wordCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>()
  for (const word of text.normalize('NFC').match(/[\p{L}\p{N}]+/gu) ?? []) counts.set(word, (counts.get(word) ?? 0) + 1)
  return counts
}

/** Everything of the story's copy that a page shows. */
function storyText(story: Story): string {
  return [
    story.headline, story.dateline, story.credit, story.byline, story.updated?.text, story.published?.text,
    story.lede, ...story.body.slice(1).map((block) => block.text), ...story.related.map((link) => link.title),
    ...story.notices.map((notice) => notice.text), story.embargo,
  ].filter((part) => part != null).join('\n')
}

function missingWords(article: Article, story: Story): string[] {
  const kept = wordCounts(storyText(story))
  const missing: string[] = []
  for (const [word, count] of wordCounts(`${article.title}\n${article.body}`)) {
    if ((kept.get(word) ?? 0) < count) missing.push(word)
  }
  return missing
}

function load(article: Article): { story: Story | null; file: VFile } {
  const file = new VFile({ path: `${article.id}.txt`, value: `---\ndate: ${article.date}\n---\n${article.title}\n\n${article.body}\n` })
  return { story: loadStory(file), file }
}

describe('the Wikinews corpus', () => {
  it('should hold all 317 articles', () => {
    expect(articles).toHaveLength(317)
  })

  it('should load every article without an error', () => {
    const failures = articles.flatMap((article) => {
      const { file } = load(article)
      return file.messages.filter((message) => message.fatal).map((message) => `${article.id}: ${message.reason}`)
    })
    expect(failures).toEqual([])
  })

  it('should take every article title as its headline', () => {
    const wrong = articles.filter((article) => load(article).story?.headline !== article.title.normalize('NFC').replace(/\s+/g, ' ').trim())
    expect(wrong.map((article) => article.id)).toEqual([])
  })

  it('should keep every word of every article', () => {
    const lost = articles.flatMap((article) => {
      const { story } = load(article)
      const missing = story ? missingWords(article, story) : ['(not loaded)']
      return missing.length === 0 ? [] : [`${article.id}: ${missing.join(' ')}`]
    })
    expect(lost).toEqual([])
  })

  it('should only find quotes whose text occurs verbatim in the article', () => {
    const invented = articles.flatMap((article) => {
      // A quote over two paragraphs is one quote: the second paragraph's opening mark goes.
      const body = article.body.replace(/\n\n(?:> ?)?[“"]/g, ' ').replace(/\s+/g, ' ')
      const quotes = load(article).story?.quotes ?? []
      return quotes.filter((quote) => !body.includes(quote.text)).map((quote) => `${article.id}: ${quote.text}`)
    })
    expect(invented).toEqual([])
  })
})
