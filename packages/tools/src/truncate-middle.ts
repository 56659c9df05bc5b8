/**
 * Keeps the head and tail of a text longer than `maxChars`, replacing the middle with a note
 * `[… N characters omitted …]`. The kept parts total `maxChars`; the note comes on top.
 */
export function truncateMiddle(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  let headEnd = Math.ceil(maxChars / 2);
  let tailStart = text.length - Math.floor(maxChars / 2);
  // Don't split a surrogate pair.
  if (isHighSurrogate(text.charCodeAt(headEnd - 1))) headEnd--;
  if (isLowSurrogate(text.charCodeAt(tailStart))) tailStart++;
  const omitted = tailStart - headEnd;
  return `${text.slice(0, headEnd)}\n\n[… ${omitted} characters omitted …]\n\n${text.slice(tailStart)}`;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
