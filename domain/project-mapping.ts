// Projects belong to one organization: a rule scoped to projects goes into another organization
// (policy clone) by giving each project the target's project of the same name. Shared by main
// (which maps and refuses) and the clone dialog (which lists what cannot be mapped beforehand),
// so both say the same thing.

export interface NamedProject {
  id: string
  name: string
}

export interface ProjectMapping {
  /** The target's project ids, in the order of the rule's projects. */
  mapped: string[]
  /** The rule's projects with no single same-named project in the target (name null: unknown here). */
  missing: Array<{ id: string; name: string | null }>
}

/**
 * Maps project ids of the source organization to the target's projects of the same name. A
 * project whose name is unknown (projects not synced or not listable) or that has no — or more
 * than one — same-named project in the target is missing: guessing would grant in the wrong project.
 */
export function mapProjectsByName(projectIds: readonly string[], sourceNames: ReadonlyMap<string, string>, targetProjects: readonly NamedProject[]): ProjectMapping {
  const byName = new Map<string, string[]>()
  for (const p of targetProjects) byName.set(p.name, [...(byName.get(p.name) ?? []), p.id])
  const mapped: string[] = []
  const missing: ProjectMapping['missing'] = []
  for (const id of projectIds) {
    const name = sourceNames.get(id) ?? null
    const there = name === null ? undefined : byName.get(name)
    if (there?.length === 1) mapped.push(there[0]!)
    else missing.push({ id, name })
  }
  return { mapped, missing }
}

/** "staging, data-lake" (ids where the name is unknown), for reasons shown to the user. */
export function projectList(missing: ProjectMapping['missing']): string {
  return missing.map((m) => (m.name === null ? m.id : `“${m.name}”`)).join(', ')
}
