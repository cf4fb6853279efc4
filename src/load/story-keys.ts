/**
 * The key each story was loaded under: a hash of its file's text, its path,
 * the load options and the loader's own code. The same key, the same story:
 * builds use it to know a page or its HTML is unchanged without comparing
 * the story itself.
 */
import type { Story } from './story.ts'

const storyKeys = new WeakMap<Story, string>()

/** What a story was loaded from, as a key; undefined for stories made otherwise (tests, tools). */
export function storyKey(story: Story): string | undefined {
  return storyKeys.get(story)
}

/** Note the key a story was loaded under. */
export function rememberStoryKey(story: Story, key: string): void {
  storyKeys.set(story, key)
}
