/**
 * Request bodies built to make a decoder slow: many names, one name repeated, long names and
 * values, deep nesting, long arrays, escapes. Each is built to about `size` bytes.
 */
export const HOSTILE_SHAPES = [
  'repeated-name',
  'many-names',
  'long-name',
  'dotted-name',
  'bracketed-name',
  'long-array',
  'many-arrays',
  'long-value',
  'separators',
  'deep-objects',
  'deep-arrays',
  'escapes',
  'root-array',
] as const;
export type HostileShape = (typeof HOSTILE_SHAPES)[number];

/** How the body travels: a form, text/plain (pairs or JSON), base64 of either, or JSON. */
export type Encoding = 'form' | 'text' | 'base64' | 'json';
export type Syntax = 'pairs' | 'json';

export const CONTENT_TYPES: Record<Encoding, string> = {
  form: 'application/x-www-form-urlencoded',
  text: 'text/plain',
  base64: 'text/plain',
  json: 'application/json',
};

/** The syntax an encoding implies; text and base64 carry either. */
export function syntaxOf(encoding: Encoding, preferred: Syntax): Syntax {
  if (encoding === 'form') return 'pairs';
  if (encoding === 'json') return 'json';
  return preferred;
}

/** A body of about `size` bytes, base64-encoded for the `base64` encoding. */
export function hostileBody(shape: HostileShape, encoding: Encoding, size: number, syntax?: Syntax): string {
  const plainSize = encoding === 'base64' ? Math.floor((size * 3) / 4) : size;
  const text = hostileText(shape, syntaxOf(encoding, syntax ?? 'json'), plainSize);
  return encoding === 'base64' ? Buffer.from(text).toString('base64') : text;
}

function fill(unit: string, size: number, head = '', tail = ''): string {
  const count = Math.max(1, Math.floor((size - head.length - tail.length) / unit.length));
  return head + unit.repeat(count) + tail;
}

function hostileText(shape: HostileShape, syntax: Syntax, size: number): string {
  const pairs = syntax === 'pairs';
  switch (shape) {
    case 'repeated-name':
      return pairs ? fill('x=&', size) : fill('"x":1,', size, '{', '"x":1}');
    case 'many-names': {
      const names: string[] = [];
      let length = 0;
      for (let i = 0; length < size; i++) {
        const part = pairs ? `k${i}=1&` : `"k${i}":1,`;
        names.push(part);
        length += part.length;
      }
      return pairs ? names.join('') : `{${names.join('')}"end":1}`;
    }
    case 'long-name':
      return pairs ? fill('n', size, '', '=1') : fill('n', size, '{"', '":1}');
    case 'dotted-name':
      return pairs ? fill('a.', size, '', 'b=1') : fill('a.', size, '{"', 'b":1}');
    case 'bracketed-name':
      return pairs ? fill('[a]', size, 'a', '=1') : fill('[a]', size, '{"a', '":1}');
    case 'long-array':
      return pairs ? fill('ids[]=1&', size) : fill('1,', size, '{"ids":[', '1]}');
    case 'many-arrays':
      return pairs ? fill('a[]=1&b[]=1&c[]=1&', size) : fill('[1,1,1,1,1,1,1,1],', size, '{"a":[', '[]]}');
    case 'long-value':
      return pairs ? fill('v', size, 'x=') : fill('v', size, '{"x":"', '"}');
    case 'separators':
      return pairs ? fill('&=', size) : fill(',', size, '{"x":[1', ']}');
    case 'deep-objects': {
      const levels = Math.floor(size / 6);
      return pairs
        ? `x=${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`
        : `{"x":${'{"a":'.repeat(levels)}1${'}'.repeat(levels + 1)}`;
    }
    case 'deep-arrays': {
      const levels = Math.floor(size / 2) - 4;
      return `${pairs ? 'x=' : '{"x":'}${'['.repeat(levels)}${']'.repeat(levels)}${pairs ? '' : '}'}`;
    }
    case 'root-array':
      return fill('[', size / 2) + fill(']', size / 2);
    case 'escapes':
      return pairs ? fill('%22%5C', size, 'x=') : fill('\\"\\\\', size, '{"x":"', '"}');
  }
}
