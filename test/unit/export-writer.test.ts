// The one CSV writer and the export writer: RFC 4180 quoting, formula-injection neutralisation,
// UTF-8 text, ISO 8601 UTC dates, lists joined with ";", the JSON array's shape, and a
// 100,000-row export that streams: the writer never reads a batch before the sink took the last
// one, so what is held at once is one batch, whatever the export's size. No timing assertion.
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { csvCell, csvLine, csvText } from '../../src-main/core/platform/csv'
import { csvValue, utcTime, writeExport, type OpenedExport } from '../../src-main/core/features/export/export.writer'
import type { FileSink } from '../../src-main/core/platform/delivery'

describe('csvCell', () => {
  it.each([
    ['plain', 'plain'],
    ['Zoë Müller — 東京', 'Zoë Müller — 東京'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\rhere', '"cr\rhere"'],
    ['crlf\r\nhere', '"crlf\r\nhere"'],
    // Formula starts: a leading apostrophe, so a spreadsheet shows the text and runs nothing.
    ['=1+2', "'=1+2"],
    ['+33 6 12', "'+33 6 12"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=cmd', "'\t=cmd"],
    ['\r=cmd', `"'\r=cmd"`],
    // Neutralised, then quoted: the apostrophe is inside the quotes.
    ['=HYPERLINK("http://x","y"),z', `"'=HYPERLINK(""http://x"",""y""),z"`],
    // Only a leading character counts.
    ['a=b', 'a=b'],
    [' =x', ' =x'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(csvCell(input)).toBe(expected)
  })

  it('writes numbers as numbers (a negative number is not a formula), and nothing for NaN', () => {
    expect(csvCell(-3)).toBe('-3')
    expect(csvCell(1.5)).toBe('1.5')
    expect(csvCell(Number.NaN)).toBe('')
  })

  it('ends every record with CRLF, header first', () => {
    expect(csvLine(['a', 'b,c'])).toBe('a,"b,c"\r\n')
    expect(csvText(['x', 'y'], [['1', 2], ['=3', '']])).toBe("x,y\r\n1,2\r\n'=3,\r\n")
  })
})

describe('cell values', () => {
  it('joins lists with ";", writes booleans as true/false and nothing as empty', () => {
    expect(csvValue(['a', 'b', 'c'])).toBe('a;b;c')
    expect(csvValue([])).toBe('')
    expect(csvValue(true)).toBe('true')
    expect(csvValue(false)).toBe('false')
    expect(csvValue(null)).toBe('')
    expect(csvValue(undefined)).toBe('')
    expect(csvValue(7)).toBe(7)
  })

  it('writes dates in ISO 8601 UTC, keeping the API\'s own UTC times (microseconds included)', () => {
    expect(utcTime('2024-03-01T10:00:00.123456Z')).toBe('2024-03-01T10:00:00.123456Z')
    expect(utcTime('2024-03-01T12:30:00+02:00')).toBe('2024-03-01T10:30:00.000Z')
    expect(csvValue('2024-03-01T01:00:00-05:00', true)).toBe('2024-03-01T06:00:00.000Z')
    // Not a date column: the text as it is.
    expect(csvValue('2024-03-01T01:00:00-05:00')).toBe('2024-03-01T01:00:00-05:00')
  })
})

interface Row {
  n: number
  name: string
  tags: string[]
}

function opened(rows: number, batch = 1_000, onBatch?: (i: number) => void, pad = ''): OpenedExport<Row> {
  return {
    fileStem: 'test',
    rows,
    columns: [{ name: 'n' }, { name: 'name' }, { name: 'tags' }, { name: 'at', date: true }],
    *batches() {
      for (let i = 0; i < rows; i += batch) {
        onBatch?.(i / batch)
        yield Array.from({ length: Math.min(batch, rows - i) }, (_, j) => ({ n: i + j, name: `=name ${i + j}, "q"${pad}`, tags: ['a', 'b'] }))
      }
    },
    cells: (r) => [r.n, r.name, r.tags, '2024-01-01T00:00:00+01:00'],
    json: (r) => ({ organization_id: 'o', organization_name: 'Org', ...r }),
  }
}

function memorySink(): FileSink & { text: string } {
  const sink = {
    text: '',
    write: async (chunk: string) => void (sink.text += chunk),
    end: async () => Buffer.byteLength(sink.text),
    abort: async () => undefined,
  }
  return sink
}

/** A long description, as some organizations write them: ~400 bytes a row. */
const DESCRIPTION = ' '.concat('lorem ipsum dolor sit amet '.repeat(15))

const noWait = { yieldTurn: async () => undefined }

describe('writeExport', () => {
  it('CSV: the header, then one neutralised, quoted record per row', async () => {
    const sink = memorySink()
    const n = await writeExport(opened(2), 'csv', sink, { signal: new AbortController().signal, onProgress: () => {}, ...noWait })
    expect(n).toBe(2)
    expect(sink.text).toBe(`n,name,tags,at\r\n0,"'=name 0, ""q""",a;b,2023-12-31T23:00:00.000Z\r\n1,"'=name 1, ""q""",a;b,2023-12-31T23:00:00.000Z\r\n`)
  })

  it('JSON: one array of the objects, organization_id and organization_name included; [] when empty', async () => {
    const sink = memorySink()
    await writeExport(opened(3, 2), 'json', sink, { signal: new AbortController().signal, onProgress: () => {}, ...noWait })
    expect(JSON.parse(sink.text)).toEqual([0, 1, 2].map((n) => ({ organization_id: 'o', organization_name: 'Org', n, name: `=name ${n}, "q"`, tags: ['a', 'b'] })))
    const empty = memorySink()
    await writeExport(opened(0), 'json', empty, { signal: new AbortController().signal, onProgress: () => {}, ...noWait })
    expect(JSON.parse(empty.text)).toEqual([])
  })

  it('stops between batches once cancelled', async () => {
    const controller = new AbortController()
    const sink = memorySink()
    const run = writeExport(opened(10_000), 'csv', sink, {
      signal: controller.signal,
      onProgress: (written) => written >= 3_000 && controller.abort(),
      ...noWait,
    })
    await expect(run).rejects.toThrow('cancelled')
    expect(sink.text.split('\r\n').length - 2).toBe(3_000)
  })

  it('streams 100,000 rows: never reads ahead of a slow sink, one batch per chunk, memory flat', async () => {
    let batchesRead = 0
    let chunksTaken = 0
    let aheadMax = 0
    let largestChunk = 0
    let bytes = 0
    let heapMax = 0
    // The live heap, not the garbage waiting for a collection: a full GC before each sample.
    setFlagsFromString('--expose-gc')
    const gc = runInNewContext('gc') as () => void
    gc()
    const heapBefore = process.memoryUsage().heapUsed
    // A slow disk: each write is taken only on a later turn of the event loop.
    const sink: FileSink = {
      write: (chunk) =>
        new Promise((resolve) =>
          setImmediate(() => {
            chunksTaken++
            bytes += Buffer.byteLength(chunk)
            largestChunk = Math.max(largestChunk, chunk.length)
            if (chunksTaken % 10 === 0) {
              gc()
              heapMax = Math.max(heapMax, process.memoryUsage().heapUsed)
            }
            resolve()
          }),
        ),
      end: async () => bytes,
      abort: async () => undefined,
    }
    const progress: number[] = []
    const written = await writeExport(
      opened(100_000, 1_000, () => {
        batchesRead++
        // The header is chunk 1; batch i is chunk i + 2. Reading batch i while chunk i + 1 is
        // still unwritten would be reading ahead.
        aheadMax = Math.max(aheadMax, batchesRead - chunksTaken)
      }, DESCRIPTION),
      'csv',
      sink,
      { signal: new AbortController().signal, onProgress: (n) => progress.push(n) },
    )
    expect(written).toBe(100_000)
    expect(chunksTaken).toBe(101)
    expect(aheadMax).toBe(0)
    expect(progress).toHaveLength(100)
    expect(progress.at(-1)).toBe(100_000)
    // One chunk is one batch (1,000 rows), never the file.
    expect(largestChunk).toBeLessThan(bytes / 50)
    // The file is ~45 MB: holding it would keep at least that much alive; one batch at a time
    // keeps about one batch (~0.5 MB) plus what is in flight.
    expect(bytes).toBeGreaterThan(40_000_000)
    expect(heapMax - heapBefore).toBeLessThan(bytes / 10)
  })
})
