// CSV as every export of IAM Desk writes it — lists, the credential report, job reports, and
// every view that plugs into features/export — through this one writer: RFC 4180 (comma, CRLF
// line ends, a cell quoted when it holds a quote, comma, CR or LF, quotes doubled), UTF-8, a
// header row first.
//
// Formula injection: a spreadsheet runs a cell starting with = + - @ as a formula (and tab or CR
// let one hide such a character after whitespace), and names and descriptions are set by anyone
// in an organization, so one malicious group name could run `=HYPERLINK(...)` in an auditor's
// spreadsheet. Such a TEXT cell gets a leading apostrophe (OWASP's advice): spreadsheets show
// the text as typed and run nothing; a script reading the file sees the apostrophe and the
// original text after it. A number is written as it is (-3 is a number to a spreadsheet, not a
// formula): only values that are numbers in IAM Desk's own data are passed as numbers.

export type CsvValue = string | number

const FORMULA_START = /^[=+\-@\t\r]/

/** One cell: neutralised, then quoted when RFC 4180 requires it. */
export function csvCell(value: CsvValue): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : ''
  const safe = FORMULA_START.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

/** One record, ended by CRLF: what a streamed export writes per row (and for the header). */
export function csvLine(row: readonly CsvValue[]): string {
  return `${row.map(csvCell).join(',')}\r\n`
}

/** A whole file: the header row, then one line per row, each line ended by CRLF. */
export function csvText(header: readonly string[], rows: Iterable<readonly CsvValue[]>): string {
  let text = csvLine(header)
  for (const row of rows) text += csvLine(row)
  return text
}
