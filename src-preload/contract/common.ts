// Shapes every feature's contract shares. Resource kinds come from the kind registry.
import { z } from 'zod'
import { ResourceKindSchema, type ResourceKind as Kind } from '../../domain/kinds'

export const Id = z.string().min(1).max(200)
export const Timestamp = z.string()

export const ResourceKind = ResourceKindSchema
export type ResourceKind = Kind

/**
 * An API object seen without its kind — for code that treats objects of several kinds alike
 * (a name for a confirmation, an id). Code that knows the kind reads the typed object instead.
 */
export type ApiObject = Readonly<Record<string, unknown>>
