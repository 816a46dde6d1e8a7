/** Reads the rendered documentation HTML back as text, the way a reader sees it. */

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
};

/** Visible text of an HTML fragment; inline `<code>` is kept as backticks, as the seeds write it. */
export function textOf(html: string, { codeAsBackticks = false } = {}): string {
  const withCode = codeAsBackticks ? html.replace(/<\/?code[^>]*>/g, '`') : html;
  return withCode
    .replace(/<wbr>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&(amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]!)
    .replace(/\s+/g, ' ')
    .replace(/ ([.,;:])/g, '$1')
    .trim();
}

/** The inner HTML of `<section id="…">`. */
export function section(html: string, id: string): string {
  const match = new RegExp(`<section id="${id}"[^>]*>([\\s\\S]*?)</section>`).exec(html);
  if (!match) throw new Error(`no section #${id}`);
  return match[1]!;
}

export interface Row {
  key: string;
  /** Cell HTML by the cell's first class name (`p-type`, `s-http`, …). */
  cells: Record<string, string>;
  classes: string;
}

function rows(html: string, pattern: RegExp): Row[] {
  const found: Row[] = [];
  for (const match of html.matchAll(pattern)) {
    const cells: Record<string, string> = {};
    for (const cell of match[3]!.matchAll(/<td class="([^" ]+)[^"]*">([\s\S]*?)<\/td>/g)) {
      cells[cell[1]!] = cell[2]!;
    }
    found.push({ key: match[2]!, cells, classes: match[1]! });
  }
  return found;
}

export function paramRows(html: string): Row[] {
  return rows(html, /<tr class="([^"]*)" data-param="([^"]+)">([\s\S]*?)<\/tr>/g);
}

export function statusRows(html: string): Row[] {
  return rows(html, /<tr()\s*data-status="([^"]+)">([\s\S]*?)<\/tr>/g);
}

/** Text of every `<h2>` in order (e.g. "Request Body Example: application/json"). */
export function headings(html: string): string[] {
  return [...html.matchAll(/<h2[^>]*>([\s\S]*?)<\/h2>/g)].map((m) => textOf(m[1]!));
}
