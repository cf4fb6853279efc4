/**
 * Story Markdown to HTML, through remark-html with its sanitiser on: raw
 * HTML, scripts, event handlers and `javascript:` links never reach a page.
 */
import { unified } from 'unified'
import remarkParse from 'remark-parse'
import remarkHtml from 'remark-html'

/** One processor for every story: built once, reused. */
const processor = unified().use(remarkParse).use(remarkHtml, { sanitize: true })

/** Render Markdown to sanitised HTML. */
export function renderMarkdown(markdown: string): string {
  return String(processor.processSync(markdown)).trim()
}
