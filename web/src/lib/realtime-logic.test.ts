import { describe, expect, it } from 'vitest';
import {
  advanceSeq,
  backoffDelay,
  eventMeetingId,
  isNewEvent,
  isReadable,
  isOthersAttendance,
  isSpeakerListChange,
  newerList,
  shouldReconnect,
  subscribeMessage,
} from './realtime-logic.ts';

describe('backoffDelay', () => {
  it.each([
    [0, 500],
    [1, 1_000],
    [2, 2_000],
    [4, 8_000],
    [5, 15_000],
    [12, 15_000],
    [1_000, 15_000],
  ])('attempt %i waits %i ms without jitter', (attempt, expected) => {
    expect(backoffDelay(attempt, 0.5)).toBe(expected);
  });

  it('spreads the delay by ±30 %', () => {
    expect(backoffDelay(0, 0)).toBe(350);
    expect(backoffDelay(0, 0.999_999)).toBe(650);
    expect(backoffDelay(10, 0)).toBe(10_500);
    expect(backoffDelay(10, 0.999_999)).toBe(19_500);
  });

  it('treats a negative attempt as the first', () => {
    expect(backoffDelay(-3, 0.5)).toBe(500);
  });
});

describe('sequence numbers', () => {
  it('only move forward', () => {
    expect(advanceSeq(undefined, 4)).toBe(4);
    expect(advanceSeq(7, 5)).toBe(7);
    expect(advanceSeq(7, 9)).toBe(9);
  });

  it('skip events already applied', () => {
    expect(isNewEvent(undefined, { seq: 1 })).toBe(true);
    expect(isNewEvent(5, { seq: 5 })).toBe(false);
    expect(isNewEvent(5, { seq: 6 })).toBe(true);
  });

  it('resubscribe from the last one seen', () => {
    expect(subscribeMessage('assembly:a1', undefined)).toEqual({
      type: 'subscribe',
      topic: 'assembly:a1',
    });
    expect(subscribeMessage('assembly:a1', 12)).toEqual({
      type: 'subscribe',
      topic: 'assembly:a1',
      lastSeq: 12,
    });
  });
});

describe('close codes', () => {
  it.each([
    [4401, false],
    [1001, true],
    [4408, true],
    [1006, true],
  ])('%i → reconnect %s', (code, expected) => {
    expect(shouldReconnect(code)).toBe(expected);
  });
});

it('reads the meeting of an event', () => {
  expect(eventMeetingId({ payload: { meetingId: 'm1' } })).toBe('m1');
  expect(eventMeetingId({ payload: {} })).toBeUndefined();
});

describe('isOthersAttendance', () => {
  const checkIn = (userId: string) =>
    ({
      type: 'attendance.checked_in',
      payload: { meetingId: 'm1', userId, siteId: 's1' },
    }) as const;

  it('passes over others checking in or out, so thousands of phones do not reload', () => {
    expect(isOthersAttendance(checkIn('u2'), 'u1')).toBe(true);
    expect(
      isOthersAttendance(
        { type: 'attendance.checked_out', payload: { meetingId: 'm1', userId: 'u2' } },
        'u1',
      ),
    ).toBe(true);
    expect(isOthersAttendance(checkIn('u2'), undefined)).toBe(true);
  });

  it('passes over others’ designation and accreditation as delegates, and quotas', () => {
    const accredited = (userId: string) =>
      ({
        type: 'delegate.accredited',
        payload: { meetingId: 'm1', userId, antennaId: 'a1', siteId: 's1' },
      }) as const;
    expect(isOthersAttendance(accredited('u2'), 'u1')).toBe(true);
    expect(isOthersAttendance(accredited('u1'), 'u1')).toBe(false);
    expect(
      isOthersAttendance(
        { type: 'delegate.quotas_set', payload: { meetingId: 'm1', quotas: [] } },
        'u1',
      ),
    ).toBe(true);
  });

  it('keeps my own attendance and every other event', () => {
    expect(isOthersAttendance(checkIn('u1'), 'u1')).toBe(false);
    expect(
      isOthersAttendance({ type: 'meeting.started', payload: { meetingId: 'm1' } }, 'u1'),
    ).toBe(false);
    expect(
      isOthersAttendance(
        {
          type: 'proxy.given',
          payload: { meetingId: 'm1', proxyId: 'p', grantorId: 'u2', holderId: 'u3' },
        },
        'u1',
      ),
    ).toBe(false);
  });
});

it('passes over an event the server could not read, whatever its type says', () => {
  const createdAt = '2027-03-01T09:00:00.000Z';
  expect(isReadable({ seq: 4, createdAt, type: 'meeting.started', unread: true })).toBe(false);
  expect(
    isReadable({ seq: 5, createdAt, type: 'meeting.started', payload: { meetingId: 'm1' } }),
  ).toBe(true);
});

describe('the list of speakers between page reloads', () => {
  const list = (itemId: string | null, serverTime: string) => ({ itemId, serverTime });
  it('is fetched again, rather than the page reloaded, on a change of the list only', () => {
    expect(isSpeakerListChange({ type: 'speaker.floor_given' })).toBe(true);
    expect(isSpeakerListChange({ type: 'agenda.current_changed' })).toBe(false);
  });
  it('shows the newer of the page’s reading and the last fetch, for the same item', () => {
    const page = list('i1', '2027-03-01T09:00:05.000Z');
    const fetched = list('i1', '2027-03-01T09:00:07.000Z');
    expect(newerList(page, fetched)).toBe(fetched);
    expect(newerList(fetched, page)).toBe(fetched);
    expect(newerList(page, null)).toBe(page);
    expect(newerList(null, fetched)).toBe(fetched);
  });
  it('forgets a fetch about another item once the page moved on', () => {
    const page = list('i2', '2027-03-01T09:00:05.000Z');
    expect(newerList(page, list('i1', '2027-03-01T09:00:09.000Z'))).toBe(page);
  });
});
