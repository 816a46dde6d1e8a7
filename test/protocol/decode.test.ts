import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeParams } from '../../src/protocol/decode.js';
import { ApiError } from '../../src/protocol/errors.js';
import { REQUEST_LIMITS } from '../../src/protocol/limits.js';
import {
  CONTENT_TYPES,
  hostileBody,
  HOSTILE_SHAPES,
  type Encoding,
  type Syntax,
} from '../helpers/hostile-bodies.js';

const MiB = 1024 * 1024;

function decode(encoding: Encoding, body: string, query: Record<string, unknown> = {}) {
  return decodeParams({
    contentType: CONTENT_TYPES[encoding],
    body: Buffer.from(body),
    query,
    sensitive: encoding === 'base64',
  });
}

/** What decoding answered: the params, or the status and the error's params. */
function outcome(run: () => unknown): { status: string; params?: string[]; message?: string } {
  try {
    run();
    return { status: 'decoded' };
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    return { status: err.status, params: err.errors.map((e) => e.param), message: err.message };
  }
}

/** CPU time of `run` (the best of `tries`, so one garbage collection does not decide), in ms. */
function cpuMs(run: () => void, tries = 2): number {
  let best = Infinity;
  for (let i = 0; i < tries; i++) {
    const before = process.cpuUsage();
    run();
    const used = process.cpuUsage(before);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

describe('decodeParams with a hostile 1 MiB body', () => {
  it('answers any shape in well under 100 ms of CPU, decoded or refused with a documented status', () => {
    const allowed = ['decoded', 'invalid-param', 'payload-too-large', 'invalid-encoded-params'];
    fc.assert(
      fc.property(
        fc.constantFrom(...HOSTILE_SHAPES),
        fc.constantFrom<Encoding>('form', 'text', 'base64', 'json'),
        fc.constantFrom<Syntax>('pairs', 'json'),
        fc.integer({ min: MiB / 2, max: MiB }),
        (shape, encoding, syntax, size) => {
          const body = hostileBody(shape, encoding, size, syntax);
          const result = outcome(() => decode(encoding, body));
          expect(allowed, `${shape} as ${encoding}: ${result.status}`).toContain(result.status);
          const ms = cpuMs(() => void outcome(() => decode(encoding, body)));
          expect(ms, `${shape} as ${encoding}, ${body.length} bytes`).toBeLessThan(100);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('answers 40 000 repeats of one name (17 s of CPU before decoding was linear)', () => {
    const body = 'x=&'.repeat(40_000);
    expect(cpuMs(() => void outcome(() => decode('form', body)))).toBeLessThan(100);
    expect(outcome(() => decode('form', body))).toMatchObject({ status: 'payload-too-large' });
  });
});

describe('decodeParams limits', () => {
  const L = REQUEST_LIMITS;

  it('refuses more names than the limit, counting nested ones and the query, naming the limit', () => {
    const names = (n: number, prefix = 'k') =>
      Array.from({ length: n }, (_, i) => `${prefix}${i}=1`).join('&');
    expect(outcome(() => decode('form', names(L.keys))).status).toBe('decoded');
    expect(outcome(() => decode('form', names(L.keys + 1)))).toMatchObject({
      status: 'payload-too-large',
      message: expect.stringContaining(`limit is ${L.keys}`),
    });
    // Nested: 500 parents of two children each are 1 500 names.
    const nested = Array.from({ length: 500 }, (_, i) => `p${i}.a=1&p${i}.b=1`).join('&');
    expect(outcome(() => decode('form', nested)).status).toBe('payload-too-large');
    const json = JSON.stringify(Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`k${i}`, 1])));
    const query = Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`q${i}`, '1']));
    expect(outcome(() => decode('json', json)).status).toBe('decoded');
    expect(outcome(() => decode('json', json, query)).status).toBe('payload-too-large');
  });

  it('refuses an array longer than the limit as invalid-param naming the param', () => {
    const ids = (n: number) => Array.from({ length: n }, (_, i) => `ids[]=${i}`).join('&');
    expect(outcome(() => decode('form', ids(L.arrayItems))).status).toBe('decoded');
    expect(outcome(() => decode('form', ids(L.arrayItems + 1)))).toMatchObject({
      status: 'invalid-param',
      params: ['ids'],
      message: expect.stringContaining(`limit is ${L.arrayItems}`),
    });
    const json = JSON.stringify({ client: { list: Array.from({ length: L.arrayItems + 1 }, () => 0) } });
    expect(outcome(() => decode('json', json))).toMatchObject({
      status: 'invalid-param',
      params: ['client'],
    });
    expect(outcome(() => decode('base64', Buffer.from(json).toString('base64')))).toMatchObject({
      status: 'invalid-param',
      params: ['client'],
    });
  });

  it('refuses more array items in one request than the limit', () => {
    const arrays = Object.fromEntries(
      Array.from({ length: 11 }, (_, i) => [`a${i}`, Array.from({ length: 1_000 }, () => 1)]),
    );
    expect(outcome(() => decode('json', JSON.stringify(arrays)))).toMatchObject({
      status: 'payload-too-large',
      message: expect.stringContaining(`limit is ${L.items}`),
    });
  });

  it('refuses nesting deeper than the limit inside a param, in JSON and in nested names', () => {
    const deep = (levels: number) => '{"client":' + '{"a":'.repeat(levels) + '1' + '}'.repeat(levels + 1);
    expect(outcome(() => decode('json', deep(L.depth))).status).toBe('decoded');
    expect(outcome(() => decode('json', deep(L.depth + 1)))).toMatchObject({
      status: 'invalid-param',
      params: ['client'],
      message: expect.stringContaining(`limit is ${L.depth}`),
    });
    const arrays = `{"x":${'['.repeat(L.depth + 1)}${']'.repeat(L.depth + 1)}}`;
    expect(outcome(() => decode('json', arrays))).toMatchObject({ status: 'invalid-param', params: ['x'] });
    const dotted = `client${'.a'.repeat(L.depth + 1)}=1`;
    expect(outcome(() => decode('form', dotted))).toMatchObject({
      status: 'invalid-param',
      params: ['client'],
    });
    expect(outcome(() => decode('form', `client${'.a'.repeat(L.depth)}=1`)).status).toBe('decoded');
  });

  it('refuses a name longer than the limit, quoting only its start', () => {
    const long = 'n'.repeat(L.keyLength + 1);
    for (const [encoding, body] of [
      ['form', `${long}=1`],
      ['json', JSON.stringify({ [long]: 1 })],
      ['json', JSON.stringify({ a: { [long]: 1 } })],
    ] as const) {
      const result = outcome(() => decode(encoding, body));
      expect(result).toMatchObject({
        status: 'invalid-param',
        message: expect.stringContaining(`limit is ${L.keyLength}`),
      });
      expect(result.params![0]!.length).toBeLessThan(70);
    }
    expect(outcome(() => decode('form', `${'n'.repeat(L.keyLength)}=1`)).status).toBe('decoded');
  });

  it('decodes escaped quotes and brackets inside strings as text, not structure', () => {
    const body = JSON.stringify({ a: '[[[[{{{{"\\"'.repeat(50), b: ['x', 'y'] });
    expect(decode('json', body)).toEqual(JSON.parse(body));
  });
});

describe('decodeParams of forms', () => {
  const name = fc.constantFrom('a', 'b', 'ids', 'c.d', 'e[f]');
  const pair = fc.tuple(name, fc.boolean(), fc.string({ maxLength: 6 }));

  it('groups repeated names into arrays in the order given, the same in a body and as base64', () => {
    fc.assert(
      fc.property(fc.array(pair, { maxLength: 30 }), (pairs) => {
        const search = new URLSearchParams();
        for (const [key, list, value] of pairs) search.append(list ? `${key}[]` : key, value);
        const text = search.toString();
        if (text === '') return;
        const expected = reference(pairs);
        expect(decode('form', text)).toEqual(expected);
        expect(decode('base64', Buffer.from(text).toString('base64'))).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });
});

/** What the grouping meant before it was made linear: repeated names collect their values in order. */
function reference(pairs: readonly (readonly [string, boolean, string])[]): Record<string, unknown> {
  const flat = new Map<string, string | string[]>();
  for (const [key, list, value] of pairs) {
    const prev = flat.get(key);
    if (prev === undefined) flat.set(key, list ? [value] : value);
    else flat.set(key, Array.isArray(prev) ? [...prev, value] : [prev, value]);
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of flat) {
    const path = key.replace(/\]/g, '').split(/[.[]/);
    let node = out;
    for (const part of path.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
    node[path.at(-1)!] = value;
  }
  return out;
}
