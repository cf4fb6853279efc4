import { describe, expect, it } from 'vitest'
import { isFurniture, isRelatedLabel, readAnchorLine, readByline, readNotice } from '../src/load/lines.ts'

describe('furniture lines', () => {
  it.each([
    'Watch CBSN Live',
    'Advertisement',
    'Share this article',
    'Print | Email',
    'Copyright 2012 The Associated Press. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.',
    '© Copyright Thomson Reuters 2019. Click For Restrictions - https://agency.reuters.com/en/copyright.html',
    '(c) Copyright Thomson Reuters 2012',
    '© 2024 AFP',
    'Story continues below advertisement',
  ])('should drop %j', (line) => {
    expect(isFurniture(line)).toBe(true)
  })

  it.each([
    'Copyright lawyers at Reuters said the case was weak.',
    'Copyright law protects the work, the court said.',
    'The Associated Press contributed to this report.',
    'Advertisement revenue fell 4 percent in the quarter.',
    'Reuters said the talks would resume on Monday.',
    'Reuters reported that the toll rose to 1500.',
    'CBS News has learned the deal was signed in 2011.',
  ])('should keep the copy %j', (line) => {
    expect(isFurniture(line)).toBe(false)
  })
})

describe('labels, links, bylines and notices', () => {
  it('should know the labels of related headlines', () => {
    expect(['Related:', 'More from Reuters:', 'Related stories', 'See also'].map(isRelatedLabel)).toEqual([true, true, true, true])
    expect(isRelatedLabel('Related cases were heard on Monday.')).toBe(false)
  })

  it('should keep a web address of a linked headline and never another scheme', () => {
    expect(readAnchorLine('<a href="https://example.com/a?b=1&amp;c=2">Floods &amp; fires</a>')).toEqual({ title: 'Floods & fires', url: 'https://example.com/a?b=1&c=2' })
    expect(readAnchorLine('<a href="javascript:alert(1)">Click</a>')).toEqual({ title: 'Click', url: null })
  })

  it('should read a byline without its "By"', () => {
    expect(readByline('By Jane Doe, Staff Writer')).toBe('Jane Doe, Staff Writer')
    expect(readByline('By Omar Haddad, AP Science Writer')).toBe('Omar Haddad, AP Science Writer')
    expect(readByline('by the end of the week, prices rose')).toBeNull()
    expect(readByline('By Friday evening, rebels had taken the city.')).toBeNull()
  })

  it('should give up on a long byline-like line at once', () => {
    const started = performance.now()
    expect(readByline(`By A${' and  and'.repeat(40)}1`)).toBeNull()
    expect(performance.now() - started).toBeLessThan(50)
  })

  it('should read each kind of notice with its label', () => {
    expect(readNotice('Correction: An earlier version misspelled a name.')).toEqual({ kind: 'correction', text: 'Correction: An earlier version misspelled a name.', time: null })
    expect(readNotice("EDITOR'S NOTE — This story contains graphic detail.")?.kind).toBe('editors-note')
    expect(readNotice('KILL: The story is withdrawn. A corrected version will follow.')?.kind).toBe('kill')
    expect(readNotice('Clarification: The report was published in May.')?.kind).toBe('clarification')
    expect(readNotice('Killings rose in the city last year.')).toBeNull()
  })
})
