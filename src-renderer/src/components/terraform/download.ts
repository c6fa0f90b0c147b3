// Browser-mode delivery: a browser cannot write into a folder the user picks, so each file is
// handed to the browser's downloads (a Blob and an <a download>), one per organization. Chromium
// asks once whether the page may download several files.
export function downloadText(fileName: string, text: string, mime = 'text/plain'): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${mime};charset=utf-8` }))
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
