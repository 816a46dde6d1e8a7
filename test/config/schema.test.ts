import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, ENV_SCHEMA, loadConfig } from '../../src/config.js';

/** Every row of the README's tables whose first column is `variable`: its names and defaults. */
function readmeVariables(): Map<string, string | null> {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const found = new Map<string, string | null>();
  let inTable = false;
  for (const line of readme.split('\n')) {
    if (!line.startsWith('|')) {
      inTable = false;
      continue;
    }
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim());
    if (cells[0] === 'variable') {
      inTable = true;
      continue;
    }
    if (!inTable || /^-+$/.test(cells[0] ?? '')) continue;
    const names = [...(cells[0] ?? '').matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((m) => m[1] ?? '');
    const defaults = [...(cells[1] ?? '').matchAll(/`([^`]*)`/g)].map((m) => m[1] ?? '');
    names.forEach((name, i) => found.set(name, defaults[i] ?? null));
  }
  return found;
}

/** The default as the README writes it: `a,b` lists joined, nothing for an empty one. */
function shownDefault(name: keyof typeof ENV_SCHEMA): string | null {
  const value: unknown = ENV_SCHEMA[name].default;
  if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return null;
  return Array.isArray(value) ? value.join(',') : String(value);
}

describe('the configuration schema', () => {
  it('is what the README’s variable tables list, with the same defaults', () => {
    const readme = readmeVariables();
    expect([...readme.keys()].sort()).toEqual(Object.keys(ENV_SCHEMA).sort());
    for (const name of Object.keys(ENV_SCHEMA) as (keyof typeof ENV_SCHEMA)[]) {
      const shown = shownDefault(name);
      // Variables without a default are documented in words ("unset", "empty").
      if (shown !== null) expect({ name, default: readme.get(name) }).toEqual({ name, default: shown });
    }
  });

  it('reads the defaults from an empty environment, and an empty value as unset', () => {
    const config = loadConfig({ PORT: '', LOG_LEVEL: '' });
    expect(config).toMatchObject({ port: 3000, logLevel: 'info', host: '127.0.0.1', seedDemoData: true });
    expect(config.databaseUrl).toBeUndefined();
    expect(loadConfig({ NODE_ENV: 'production' }).seedDemoData).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', SEED_DEMO_DATA: 'true' }).seedDemoData).toBe(true);
  });

  it('refuses every bad value at once, naming each variable and what it accepts', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'abc',
        LOG_LEVEL: 'loud',
        CAPTURE_URL: 'not a url',
        EMAIL_WORKER: 'yes',
        CORS_ORIGINS: 'https://ok.example, https://bad.example/path',
        DATABASE_URL: 'mysql://root:hunter2@db/x',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = Object.fromEntries((error as ConfigError).problems.map((p) => [p.variable, p.message]));
    expect(problems).toEqual({
      PORT: '"abc" expects an integer from 0 to 65535',
      LOG_LEVEL: '"loud" expects one of fatal, error, warn, info, debug, trace, silent',
      CAPTURE_URL: '"not a url" expects an absolute http:// or https:// URL',
      EMAIL_WORKER: '"yes" expects true or false',
      CORS_ORIGINS: expect.stringContaining('not https://bad.example/path'),
      DATABASE_URL: 'expects a postgres:// or postgresql:// connection string (value not shown)',
    });
    expect((error as Error).message).not.toContain('hunter2');
    expect((error as Error).message).toMatch(/^Invalid configuration:\n {2}/);
  });

  it('reads values of every kind', () => {
    const config = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgresql://app@db.internal:6543/plano',
      CORS_ORIGINS: 'https://a.example, http://127.0.0.1:5173',
      EMAIL_WORKER: 'false',
      LOG_LEVEL: 'debug',
    });
    expect(config).toMatchObject({
      port: 8080,
      databaseUrl: 'postgresql://app@db.internal:6543/plano',
      corsOrigins: ['https://a.example', 'http://127.0.0.1:5173'],
      email: { workerEnabled: false },
      logLevel: 'debug',
    });
    expect(() => loadConfig({ PORT: '65536' })).toThrow(/PORT: "65536" expects an integer from 0 to 65535/);
    expect(() => loadConfig({ PORT: '-1' })).toThrow(/PORT/);
    expect(() => loadConfig({ PORT: '3e3' })).toThrow(/PORT/);
  });
});
