// CSV as every export of IAM Desk writes it: RFC 4180 (comma, CRLF line ends, a cell quoted when
// it holds a quote, comma, CR or LF, quotes doubled), UTF-8, a header row first. A text cell that
// a spreadsheet would run as a formula (starting with = + - @ tab CR) is neutralised with a
// leading apostrophe: names and descriptions are set by anyone in an organization. A number is
// written as it is (-3 is a number to a spreadsheet, not a formula).

export type CsvValue = string | number

/** One cell: neutralised, then quoted when RFC 4180 requires it. */
export function csvCell(value: CsvValue): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : ''
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

/** A whole file: the header row, then one line per row, each line ended by CRLF. */
export function csvText(header: readonly string[], rows: Iterable<readonly CsvValue[]>): string {
  const lines = [header.map(csvCell).join(',')]
  for (const row of rows) lines.push(row.map(csvCell).join(','))
  return `${lines.join('\r\n')}\r\n`
}
