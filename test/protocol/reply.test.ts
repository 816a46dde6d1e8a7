import { describe, expect, it } from 'vitest';
import { exampleOfField } from '../../src/docs/model.js';
import { checkReply, field, flattenFields, fieldTypeName } from '../../src/protocol/reply.js';
import { allRoutes } from '../../src/routes.js';

const tags = field.list(field.string());
const owner = field.object({ id: field.integer() }, { nullable: true });
const shape = field.object({
  id: field.integer(),
  name: field.string({ nullable: true }),
  kind: field.string({ possibleValues: ['a', 'b'] }),
  price: field.money(),
  at: field.datetime(),
  day: field.date({ optional: true }),
  tags,
  owner,
  extra: field.json(),
});

const good = {
  id: 7,
  name: null,
  kind: 'a',
  price: 12.5,
  at: '2026-01-05T12:00:00.000Z',
  tags: ['x'],
  owner: { id: 1 },
  extra: { anything: [1] },
};

describe('checkReply', () => {
  it('accepts a reply that matches, optional fields absent or present', () => {
    expect(checkReply(shape, good)).toEqual([]);
    expect(checkReply(shape, { ...good, day: '2026-01-05', owner: null })).toEqual([]);
  });

  it('names every mismatch by its path', () => {
    const bad = {
      ...good,
      id: 1.5,
      kind: 'c',
      price: 12.345,
      at: 'yesterday',
      tags: ['x', 3],
      owner: { id: '1' },
      surprise: true,
    } as Record<string, unknown>;
    delete bad.name;
    expect(checkReply(shape, bad)).toEqual([
      { path: 'data.id', problem: 'expected an integer, got number 1.5' },
      { path: 'data.name', problem: 'is missing' },
      { path: 'data.kind', problem: '"c" is not one of a, b' },
      {
        path: 'data.price',
        problem: 'expected an amount with at most two decimal places, got number 12.345',
      },
      { path: 'data.at', problem: 'expected an ISO 8601 timestamp, got "yesterday"' },
      { path: 'data.tags[1]', problem: 'expected a string, got number 3' },
      { path: 'data.owner.id', problem: 'expected an integer, got "1"' },
      { path: 'data.surprise', problem: 'is not declared' },
    ]);
  });

  it('refuses null where the field is not nullable, and a list or object of the wrong kind', () => {
    expect(checkReply(shape, { ...good, id: null, tags: {}, owner: [] })).toEqual([
      { path: 'data.id', problem: 'is null, declared integer (not nullable)' },
      { path: 'data.tags', problem: 'expected a list, got an object' },
      { path: 'data.owner', problem: 'expected an object, got a list' },
    ]);
  });
});

describe('declared replies of every route', () => {
  it('each route declares an object reply whose example passes its own declaration', () => {
    for (const route of allRoutes) {
      expect(route.reply.type, route.path).toBe('object');
      expect(checkReply(route.reply, exampleOfField(route.reply)), route.path).toEqual([]);
    }
  });

  it('flattens nested fields for the docs: objects dotted, list items with []', () => {
    const names = flattenFields(shape).map((f) => f.name);
    expect(names).toEqual([
      'id',
      'name',
      'kind',
      'price',
      'at',
      'day',
      'tags',
      'tags[]',
      'owner',
      'owner.id',
      'extra',
    ]);
    expect(fieldTypeName(tags)).toBe('list of string');
    expect(fieldTypeName(owner)).toBe('object or null');
  });
});
