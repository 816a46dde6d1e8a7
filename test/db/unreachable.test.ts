import { describe, expect, it } from 'vitest';
import { isDatabaseUnreachable } from '../../src/db/unreachable.js';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isDatabaseUnreachable', () => {
  it('recognizes lost and refused connections, a database shutting down, and a closed handle', () => {
    for (const err of [
      withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'),
      withCode('ECONNRESET'),
      withCode('57P01', 'terminating connection due to administrator command'),
      withCode('57P03', 'the database system is starting up'),
      withCode('08006'),
      withCode('53300', 'sorry, too many clients already'),
      new Error('Connection terminated unexpectedly'),
      new Error('timeout exceeded when trying to connect'),
      new Error('driver has already been destroyed'),
      new Error('Migration failed', { cause: withCode('ECONNREFUSED') }),
      new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')]),
    ]) {
      expect(isDatabaseUnreachable(err), String(err)).toBe(true);
    }
  });

  it('leaves bugs and refused statements to application-crash', () => {
    for (const err of [
      withCode('23505', 'duplicate key value violates unique constraint'),
      withCode('42P01', 'relation "nope" does not exist'),
      withCode('ERR_INVALID_ARG_TYPE'),
      new TypeError("Cannot read properties of undefined (reading 'id')"),
      new Error('something mentions Connection terminated later'),
      new AggregateError([withCode('ECONNREFUSED'), withCode('23505')]),
      null,
      'Connection terminated',
    ]) {
      expect(isDatabaseUnreachable(err), String(err)).toBe(false);
    }
  });
});
