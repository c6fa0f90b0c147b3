// Every response carries `Content-Type: application/json` exactly — the JS SDK compares the
// header with strict equality and fails on `; charset=utf-8` (reference §1.3).
import { randomUUID } from 'node:crypto'
import type { ServerResponse } from 'node:http'

const BASE_HEADERS = {
  'Content-Type': 'application/json',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
}

export function sendJson(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  sendJsonText(res, status, JSON.stringify(body), extra)
}

export function sendJsonText(res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, {
    ...BASE_HEADERS,
    'X-Request-Id': randomUUID(),
    'Content-Length': Buffer.byteLength(text),
    ...extra,
  })
  res.end(text)
}

/** DELETE answers 204 with an empty body, still with the JSON content type [OBSERVED]. */
export function sendNoContent(res: ServerResponse): void {
  res.writeHead(204, { ...BASE_HEADERS, 'X-Request-Id': randomUUID() })
  res.end()
}
