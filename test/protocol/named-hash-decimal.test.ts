import { describe, expect, it } from 'vitest';
import { flattenParams } from '../../src/docs/model.js';
import { objectSchema } from '../../src/docs/openapi.js';
import { param } from '../../src/protocol/params.js';
import { validateParams } from '../../src/protocol/validate.js';

describe('a hash with named keys', () => {
  const params = {
    order: param.namedHash({
      position: 12,
      example: { notes: 'n' },
      children: {
        notes: param.string({ position: 1, maxLength: 5, example: 'n' }),
        delivery_rush: param.boolean({ position: 2, example: true }),
      },
    }),
  };

  it('validates and coerces its keys, naming them `hash.key`, and drops keys it does not name', () => {
    expect(validateParams(params, { order: { notes: 'ok', delivery_rush: 'yes', other: 1 } })).toEqual({
      value: { order: { notes: 'ok', delivery_rush: true } },
      errors: [],
    });
    const { errors } = validateParams(params, { order: { notes: 'too long', delivery_rush: 'maybe' } });
    expect(errors.map((e) => e.param)).toEqual(['order.notes', 'order.delivery_rush']);
    expect(validateParams(params, { order: 'not an object' }).errors[0]!.param).toBe('order');
  });

  it('is shown as a hash with its keys, in the docs and in OpenAPI', () => {
    expect(flattenParams(params).map((p) => [p.name, p.spec.type])).toEqual([
      ['order', 'hash'],
      ['order.notes', 'string'],
      ['order.delivery_rush', 'boolean'],
    ]);
    const schema = objectSchema(params) as { properties: { order: { properties: object } } };
    expect(Object.keys(schema.properties.order.properties)).toEqual(['notes', 'delivery_rush']);
  });

  it('a plain hash stays free-form', () => {
    const free = { meta: param.hash({ position: 1, example: { a: 1 } }) };
    expect(validateParams(free, { meta: { a: 1, b: [2] } }).value).toEqual({ meta: { a: 1, b: [2] } });
  });
});

describe('the decimal format', () => {
  const params = { bathrooms: param.string({ position: 1, format: 'decimal', example: '2.5' }) };
  it.each(['0', '3', '2.5', '1850.75', '0012'])('accepts %s as it is (text kept)', (text) => {
    expect(validateParams(params, { bathrooms: text })).toEqual({ value: { bathrooms: text }, errors: [] });
  });
  it('takes a JSON number as its text', () => {
    expect(validateParams(params, { bathrooms: 2.5 }).value).toEqual({ bathrooms: '2.5' });
    expect(validateParams(params, { bathrooms: -1 }).errors[0]!.param).toBe('bathrooms');
    expect(validateParams(params, { bathrooms: 1e21 }).errors[0]!.param).toBe('bathrooms');
  });
  it.each(['two', '-1', '2.', '.5', '1e3', '2,5', '1 000'])('refuses %s', (text) => {
    expect(validateParams(params, { bathrooms: text }).errors[0]).toMatchObject({
      param: 'bathrooms',
      message: 'bathrooms must be a non-negative decimal number, like 2.5',
    });
  });
});
