import { describe, expect, it } from 'vitest';
import { redactUrl, serializeError } from '../../src/http/log-redaction.js';

const TOKEN = `ps_${'A1b2_C3-'.repeat(5)}xyz`;

describe('redactUrl', () => {
  it('replaces the values of secret-named params, however the name is spelled', () => {
    expect(redactUrl(`/api/v1/sessions/show?token=${TOKEN}&session_view=full`, false)).toBe(
      '/api/v1/sessions/show?token=[redacted]&session_view=full',
    );
    expect(
      redactUrl('/x?tok%65n=a&client%5Bpassword%5D=b&client.new_password=c&code=d&api_key=e', false),
    ).toBe(
      '/x?tok%65n=[redacted]&client%5Bpassword%5D=[redacted]&client.new_password=[redacted]&code=[redacted]&api_key=[redacted]',
    );
    expect(redactUrl('/x?id=5&active=true', false)).toBe('/x?id=5&active=true');
  });

  it('replaces every value on a sensitive-params route, and tokens wherever they are', () => {
    expect(redactUrl('/api/v1/sessions/create?email=a@b.c&x', true)).toBe(
      '/api/v1/sessions/create?email=[redacted]&[redacted]',
    );
    expect(redactUrl(`/x?echo=${TOKEN}&${TOKEN}`, false)).toBe('/x?echo=[redacted]&[redacted]');
    expect(redactUrl(`/documentation/${TOKEN}`, false)).toBe('/documentation/[redacted]');
  });
});

describe('serializeError', () => {
  it('keeps type, message, stack and database fields, drops the values a driver attaches', () => {
    const err = Object.assign(new Error(`duplicate key value violates unique constraint`), {
      code: '23505',
      constraint: 'sessions_token_hash_key',
      table: 'sessions',
      detail: `Key (token_hash)=(${TOKEN}) already exists.`,
      parameters: [TOKEN, 'password'],
      where: 'SQL statement',
    });
    const out = serializeError(err) as Record<string, unknown>;
    expect(out).toMatchObject({
      type: 'Error',
      code: '23505',
      constraint: 'sessions_token_hash_key',
      table: 'sessions',
    });
    expect(out).not.toHaveProperty('detail');
    expect(out).not.toHaveProperty('parameters');
    expect(out).not.toHaveProperty('where');
  });

  it('scrubs tokens and connection-string credentials from messages, stacks and causes', () => {
    const cause = new Error('connect to postgres://app:s3cret@db.internal:5432/planocore failed');
    const err = new Error(`invalid input syntax: "${TOKEN}"`, { cause });
    const text = JSON.stringify(serializeError(err));
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain('s3cret');
    expect(text).toContain('invalid input syntax: \\"[redacted]\\"');
    expect(text).toContain('postgres://[redacted]@db.internal');
  });
});
