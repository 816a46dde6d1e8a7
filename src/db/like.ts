/** A search text for `like`/`ilike`: `%`, `_` and `\` match themselves. */
export function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
