/**
 * Reads a seed documentation page (the contract in shared/seeds, copied to fixtures/seeds) as text:
 * title, method, params, request body content type and both response lists. The two seeds are laid
 * out differently (one value per line, or `name type position required` on one line); both parse.
 */
export interface SeedParam {
  name: string;
  type: string;
  position: number;
  required: boolean;
  description: string;
  possibleValues: string[];
}

export interface SeedStatus {
  slug: string;
  /** The HTTP code; undefined for uncommon ones, which the seed marks "Uncommon" instead. */
  http: number | undefined;
  description: string;
}

export interface SeedPage {
  title: string | undefined;
  method: string | undefined;
  headings: string[];
  params: SeedParam[];
  bodyContentType: string | undefined;
  responses: SeedStatus[];
  uncommon: SeedStatus[];
}

const TYPES = new Set(['string', 'integer', 'boolean', 'float', 'parent', 'hash', 'json', 'array']);
const HEADINGS = [
  'Route',
  'Purpose',
  'Parameters',
  'Request Body Example',
  'Responses',
  'Uncommon Responses',
];
const ONE_LINE_PARAM = /^(\S+) (\S+) (\d+)( required)?$/;
const NAME = /^[a-z0-9_.[\]]+$/;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function parseSeed(text: string): SeedPage {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  const headingOf = (line: string) =>
    HEADINGS.find((h) => line === h || (h === 'Request Body Example' && line.startsWith(`${h}:`)));
  const at = (heading: string) => lines.findIndex((l) => headingOf(l) === heading);

  const headings = lines.map(headingOf).filter((h): h is string => h !== undefined);
  const first = lines[0]!;
  const title = headingOf(first) ? undefined : first;
  const routeAt = at('Route');
  const method = routeAt >= 0 ? lines[routeAt + 1] : undefined;

  const bodyAt = at('Request Body Example');
  const bodyLine = lines[bodyAt]!;
  const inline = bodyLine.slice('Request Body Example:'.length).trim();
  const bodyContentType = inline || lines[bodyAt + 1];

  const params = parseParams(lines.slice(at('Parameters') + 1, bodyAt));
  const responses = parseStatuses(lines.slice(at('Responses') + 1, at('Uncommon Responses')), false);
  const uncommonLines = lines.slice(at('Uncommon Responses') + 1);
  if (uncommonLines[0]?.startsWith('The responses below')) uncommonLines.shift();
  const uncommon = parseStatuses(uncommonLines, true);
  return { title, method, headings, params, bodyContentType, responses, uncommon };
}

function parseParams(lines: string[]): SeedParam[] {
  const params: SeedParam[] = [];
  let inValues = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const oneLine = ONE_LINE_PARAM.exec(line);
    if (oneLine && TYPES.has(oneLine[2]!)) {
      params.push(param(oneLine[1]!, oneLine[2]!, oneLine[3]!, oneLine[4] !== undefined));
      inValues = false;
      continue;
    }
    if (NAME.test(line) && TYPES.has(lines[i + 1] ?? '') && /^\d+$/.test(lines[i + 2] ?? '')) {
      const required = lines[i + 3] === 'required';
      params.push(param(line, lines[i + 1]!, lines[i + 2]!, required));
      i += required ? 3 : 2;
      inValues = false;
      continue;
    }
    const current = params[params.length - 1];
    if (!current) throw new Error(`seed: text before the first param: ${line}`);
    if (line === 'Possible values') inValues = true;
    else if (inValues && line.startsWith('- ')) current.possibleValues.push(line.slice(2).trim());
    else current.description = current.description ? `${current.description} ${line}` : line;
  }
  return params;
}

function param(name: string, type: string, position: string, required: boolean): SeedParam {
  return { name, type, position: Number(position), required, description: '', possibleValues: [] };
}

function parseStatuses(lines: string[], uncommon: boolean): SeedStatus[] {
  const statuses: SeedStatus[] = [];
  const marker = uncommon ? /^Uncommon$/ : /^\d{3}$/;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const [word, second, ...rest] = line.split(' ');
    if (rest.length === 0 && second !== undefined && SLUG.test(word!) && marker.test(second)) {
      statuses.push({ slug: word!, http: uncommon ? undefined : Number(second), description: '' });
      continue;
    }
    if (SLUG.test(line) && marker.test(lines[i + 1] ?? '')) {
      statuses.push({ slug: line, http: uncommon ? undefined : Number(lines[i + 1]), description: '' });
      i += 1;
      continue;
    }
    const current = statuses[statuses.length - 1];
    if (!current) throw new Error(`seed: text before the first status: ${line}`);
    current.description = current.description ? `${current.description} ${line}` : line;
  }
  return statuses;
}
