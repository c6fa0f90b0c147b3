// Mapping a rule's projects into another organization by name: only a single same-named project
// there maps; an unknown name, no match or two matches stay missing (never a guess).
import { describe, expect, it } from 'vitest'
import { mapProjectsByName, projectList } from '../../domain/project-mapping'

const source = new Map([
  ['s-prod', 'production'],
  ['s-stg', 'staging'],
  ['s-dup', 'shared'],
])
const target = [
  { id: 't-prod', name: 'production' },
  { id: 't-a', name: 'shared' },
  { id: 't-b', name: 'shared' },
]

describe('mapProjectsByName', () => {
  it('maps same names, keeps the order, and lists the rest as missing with their names', () => {
    expect(mapProjectsByName(['s-stg', 's-prod', 's-dup', 's-unknown'], source, target)).toEqual({
      mapped: ['t-prod'],
      missing: [
        { id: 's-stg', name: 'staging' },
        { id: 's-dup', name: 'shared' },
        { id: 's-unknown', name: null },
      ],
    })
  })

  it('maps nothing when the target’s projects are not known', () => {
    expect(mapProjectsByName(['s-prod'], source, [])).toEqual({ mapped: [], missing: [{ id: 's-prod', name: 'production' }] })
  })

  it('names missing projects, or their id when the name is unknown', () => {
    expect(projectList([{ id: 'a', name: 'staging' }, { id: 'b', name: null }])).toBe('“staging”, b')
  })
})
