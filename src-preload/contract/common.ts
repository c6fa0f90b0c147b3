// Shapes every feature's contract shares. Resource kinds come from the kind registry.
import { z } from 'zod'
import { ResourceKindSchema, type ResourceKind as Kind } from '../../domain/kinds'

export const Id = z.string().min(1).max(200)
export const Timestamp = z.string()

export const ResourceKind = ResourceKindSchema
export type ResourceKind = Kind
