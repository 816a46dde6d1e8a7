import { describe, expect, it } from 'vitest';
import { ruleLines } from '../../src/docs/model.js';
import { splitEmailList } from '../../src/protocol/formats.js';
import { param } from '../../src/protocol/params.js';
import { validateParams } from '../../src/protocol/validate.js';

const params = {
  id: param.string({ position: 1, format: 'id' }),
  cc: param.string({ position: 2, format: 'email-list' }),
  application: param.string({
    position: 3,
    required: true,
    legacyDefault: 'planoauth',
    possibleValues: ['planoauth', 'planoorder'],
  }),
};
const errorsOf = (raw: Record<string, unknown>) =>
  validateParams(params, raw).errors.map((e) => `${e.param}: ${e.message}`);

describe('format id', () => {
  it('takes a positive whole number in digits', () => {
    expect(errorsOf({ id: '42' })).toEqual([]);
    expect(errorsOf({ id: '999999999999999' })).toEqual([]);
    for (const bad of ['0', '042', '-1', '1.5', '1e3', 'abc', ' 42', '1234567890123456']) {
      expect(errorsOf({ id: bad }), bad).toEqual(['id: id must be a record id: a whole number like 42']);
    }
  });
});

describe('format email-list', () => {
  it('takes addresses separated by commas, each checked', () => {
    expect(errorsOf({ cc: 'a@example.com' })).toEqual([]);
    expect(errorsOf({ cc: ' a@example.com ,b@example.org,' })).toEqual([]);
    for (const bad of [
      'a@example.com, nope',
      ' , ',
      'a@example.com b@example.com',
      'a@example.com;b@example.com',
    ]) {
      expect(errorsOf({ cc: bad }), bad).toHaveLength(1);
    }
    expect(splitEmailList(' a@example.com ,b@example.org,')).toEqual(['a@example.com', 'b@example.org']);
  });
});

describe('legacyDefault', () => {
  it('fills a required param older callers leave out; a given value is checked as usual', () => {
    expect(validateParams(params, {}).value).toEqual({ application: 'planoauth' });
    expect(validateParams(params, { application: 'planoorder' }).value).toEqual({
      application: 'planoorder',
    });
    expect(errorsOf({ application: 'planox9' })).toEqual([
      'application: application must be one of: planoauth, planoorder',
    ]);
  });
  it('is said in the docs, beside "required"', () => {
    expect(ruleLines(params.application)).toContain('Left out (as older callers do): `"planoauth"`.');
  });
});
