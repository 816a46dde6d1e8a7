import { describe, expect, it } from 'vitest';
import {
  instantIn,
  isTimeZone,
  offsetMinutesAt,
  renderingsOf,
  resolveTimes,
  wallTimeIn,
  type TimesInput,
} from '../../src/appointments/times.js';

const DENVER = 'America/Denver';

const times = (o: Partial<TimesInput> & { start?: TimesInput['start'] }): TimesInput => ({
  start: {},
  stop: {},
  allday: false,
  ...o,
});

describe('wall times in a zone', () => {
  it('renders an instant in the office zone, across the DST change', () => {
    expect(wallTimeIn(new Date('2026-01-05T16:30:00Z'), DENVER)).toEqual({
      date: '2026-01-05',
      time: '09:30:00',
    });
    expect(wallTimeIn(new Date('2026-07-05T16:30:00Z'), DENVER)).toEqual({
      date: '2026-07-05',
      time: '10:30:00',
    });
    expect(wallTimeIn(new Date('2026-01-06T05:30:00Z'), DENVER)).toEqual({
      date: '2026-01-05',
      time: '22:30:00',
    });
    expect(offsetMinutesAt(new Date('2026-01-05T16:30:00Z'), DENVER)).toBe(-420);
    expect(offsetMinutesAt(new Date('2026-07-05T16:30:00Z'), DENVER)).toBe(-360);
  });

  it('reads a wall time as its instant; spring-forward gap: none; fall-back overlap: the earlier', () => {
    // 2026-03-08: 02:00 MST jumps to 03:00 MDT.
    expect(instantIn({ date: '2026-03-08', time: '01:59:00' }, DENVER)).toEqual({
      ok: true,
      at: new Date('2026-03-08T08:59:00Z'),
      ambiguous: false,
    });
    expect(instantIn({ date: '2026-03-08', time: '02:30:00' }, DENVER)).toEqual({
      ok: false,
      reason: 'nonexistent',
    });
    expect(instantIn({ date: '2026-03-08', time: '03:00:00' }, DENVER)).toMatchObject({
      at: new Date('2026-03-08T09:00:00Z'),
    });
    // 2026-11-01: 02:00 MDT falls back to 01:00 MST; 01:30 happens twice.
    expect(instantIn({ date: '2026-11-01', time: '01:30:00' }, DENVER)).toEqual({
      ok: true,
      at: new Date('2026-11-01T07:30:00Z'),
      ambiguous: true,
    });
    expect(instantIn({ date: '2026-11-01', time: '02:30:00' }, DENVER)).toMatchObject({
      at: new Date('2026-11-01T09:30:00Z'),
      ambiguous: false,
    });
    // Round trip every half hour over both transition days.
    for (const day of ['2026-03-08T00:00:00Z', '2026-11-01T00:00:00Z']) {
      for (let i = 0; i < 96; i++) {
        const at = new Date(new Date(day).getTime() + i * 30 * 60_000);
        const back = instantIn(wallTimeIn(at, DENVER), DENVER);
        expect(back.ok).toBe(true);
        // Only the repeated hour maps back to its earlier twin.
        if (back.ok && !back.ambiguous) expect(back.at).toEqual(at);
      }
    }
  });

  it('knows zones', () => {
    expect(isTimeZone(DENVER)).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });

  it('renders local at the stored offset, else in the office zone', () => {
    const at = new Date('2026-01-05T17:00:00Z');
    expect(renderingsOf(at, DENVER, -300)).toEqual({
      local: { date: '2026-01-05', time: '12:00:00' },
      office: { date: '2026-01-05', time: '10:00:00' },
      utc: { date: '2026-01-05', time: '17:00:00' },
    });
    expect(renderingsOf(at, DENVER, null).local).toEqual({ date: '2026-01-05', time: '10:00:00' });
  });
});

describe('resolveTimes', () => {
  it('takes the start in any rendering', () => {
    const utc = resolveTimes(times({ start: { date_utc: '2026-01-05', time_utc: '17:00' } }), DENVER);
    const office = resolveTimes(
      times({ start: { date_office: '2026-01-05', time_office: '10:00' } }),
      DENVER,
    );
    const local = resolveTimes(
      times({ start: { date_local: '2026-01-05', time_local: '10:00:00' } }),
      DENVER,
    );
    for (const outcome of [utc, office, local]) {
      expect(outcome).toEqual({
        ok: true,
        times: {
          startsAt: new Date('2026-01-05T17:00:00Z'),
          endsAt: null,
          localOffsetMinutes: null,
          durationSeconds: null,
        },
      });
    }
  });

  it('fixes the local offset from a local time beside a UTC one', () => {
    const outcome = resolveTimes(
      times({
        start: { date_local: '2026-01-05', time_local: '12:00', date_utc: '2026-01-05', time_utc: '17:00' },
        stop: { date_local: '2026-01-05', time_local: '13:30' },
      }),
      DENVER,
    );
    expect(outcome).toEqual({
      ok: true,
      times: {
        startsAt: new Date('2026-01-05T17:00:00Z'),
        endsAt: new Date('2026-01-05T18:30:00Z'),
        localOffsetMinutes: -300,
        durationSeconds: 5400,
      },
    });
  });

  it('refuses contradictions, naming the param', () => {
    expect(
      resolveTimes(
        times({
          start: {
            date_utc: '2026-01-05',
            time_utc: '17:00',
            date_office: '2026-01-05',
            time_office: '11:00',
          },
        }),
        DENVER,
      ),
    ).toMatchObject({ ok: false, problems: [{ param: 'time_start_office', status: 'invalid-param' }] });
    expect(
      resolveTimes(
        times({
          start: { date_utc: '2026-01-05', time_utc: '17:00' },
          stop: { date_utc: '2026-01-05', time_utc: '16:00' },
        }),
        DENVER,
      ),
    ).toMatchObject({
      ok: false,
      problems: [{ param: 'time_stop_utc', message: expect.stringContaining('before') }],
    });
    expect(
      resolveTimes(
        times({
          start: { date_utc: '2026-01-05', time_utc: '17:00' },
          stop: { date_utc: '2026-01-05', time_utc: '18:00' },
          time_duration: '00:30',
        }),
        DENVER,
      ),
    ).toMatchObject({ ok: false, problems: [{ param: 'time_duration' }] });
    expect(
      resolveTimes(
        times({
          start: { date_local: '2026-01-07', time_local: '12:00', date_utc: '2026-01-05', time_utc: '17:00' },
        }),
        DENVER,
      ),
    ).toMatchObject({ ok: false, problems: [{ param: 'time_start_local' }] });
  });

  it('refuses an office time the clocks skip, and a date without time unless all day', () => {
    expect(
      resolveTimes(times({ start: { date_office: '2026-03-08', time_office: '02:30' } }), DENVER),
    ).toMatchObject({
      ok: false,
      problems: [{ param: 'time_start_office', message: expect.stringContaining('does not exist') }],
    });
    expect(resolveTimes(times({ start: { date_utc: '2026-01-05' } }), DENVER)).toMatchObject({
      ok: false,
      problems: [{ param: 'time_start_utc', status: 'missing-param' }],
    });
    expect(resolveTimes(times({ start: { date_office: '2026-01-05' }, allday: true }), DENVER)).toMatchObject(
      {
        ok: true,
        times: { startsAt: new Date('2026-01-05T07:00:00Z') },
      },
    );
  });

  it('derives the stop from time_duration, and keeps the length when only the start moves', () => {
    const created = resolveTimes(
      times({ start: { date_utc: '2026-01-05', time_utc: '17:00' }, time_duration: '01:30' }),
      DENVER,
    );
    expect(created).toMatchObject({
      ok: true,
      times: { endsAt: new Date('2026-01-05T18:30:00Z'), durationSeconds: 5400 },
    });
    if (!created.ok) return;
    const moved = resolveTimes(
      times({ start: { date_utc: '2026-01-06', time_utc: '15:00' } }),
      DENVER,
      created.times,
    );
    expect(moved).toMatchObject({
      ok: true,
      times: { startsAt: new Date('2026-01-06T15:00:00Z'), endsAt: new Date('2026-01-06T16:30:00Z') },
    });
  });

  it('an office time across the DST change keeps its wall time, not its UTC hour', () => {
    const before = resolveTimes(
      times({ start: { date_office: '2026-03-07', time_office: '10:00' } }),
      DENVER,
    );
    const after = resolveTimes(times({ start: { date_office: '2026-03-09', time_office: '10:00' } }), DENVER);
    expect(before).toMatchObject({ times: { startsAt: new Date('2026-03-07T17:00:00Z') } });
    expect(after).toMatchObject({ times: { startsAt: new Date('2026-03-09T16:00:00Z') } });
  });
});
