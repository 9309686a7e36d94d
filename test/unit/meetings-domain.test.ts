import { describe, expect, it } from 'vitest';
import {
  type Booking,
  conflictOf,
  freeRooms,
  headcountOf,
  MEETING_DEFINITION,
  meetingTimeOf,
  overlaps,
  type RoomChoice,
  readTimeOfDay,
  weekOf,
} from '../../src/domain/meetings/meeting.ts';

// The meeting rules that need no database: times typed in the unit's zone, overlaps and what
// holds a room, the free rooms offered instead, the expected headcount, and the route.

const ZONE = 'Asia/Shanghai';
const NOW = new Date('2026-11-23T01:30:00Z'); // Monday 09:30 in Shanghai
const at = (iso: string) => new Date(iso);

const rooms: RoomChoice[] = [
  { id: 'hall', name: '大会议室', nameEn: 'Hall', capacity: 120, equipment: [] },
  { id: 'r301', name: '第一会议室', nameEn: null, capacity: 30, equipment: [] },
  { id: 'r205', name: '小会议室', nameEn: null, capacity: 10, equipment: [] },
  { id: 'r206', name: '小会议室二', nameEn: null, capacity: 10, equipment: [] },
];
const booking = (roomId: string, from: string, to: string, title = '已有会议'): Booking => ({
  roomId,
  instanceId: `${roomId}-${from}`,
  title,
  startsAt: at(from),
  endsAt: at(to),
});

describe('meeting times', () => {
  it('reads times of day as people type them', () => {
    expect(readTimeOfDay('09:30')).toBe(570);
    expect(readTimeOfDay('9:05')).toBe(545);
    expect(readTimeOfDay('１４：００')).toBe(840);
    expect(readTimeOfDay('9点半')).toBe(570);
    expect(readTimeOfDay('15点')).toBe(900);
    expect(readTimeOfDay('15点20分')).toBe(920);
    for (const bad of ['', '24:00', '9:60', 'nine', '930']) expect(readTimeOfDay(bad)).toBeNull();
  });

  it('reads a day and two times in the unit’s zone, and names what is wrong', () => {
    expect(meetingTimeOf({ day: '2026-11-25', start: '09:00', end: '11:00' }, ZONE, NOW)).toEqual({
      ok: true,
      range: { startsAt: at('2026-11-25T01:00:00Z'), endsAt: at('2026-11-25T03:00:00Z') },
    });
    const problem = (start: string, end: string, day = '2026-11-25') => {
      const read = meetingTimeOf({ day, start, end }, ZONE, NOW);
      return read.ok ? null : read.problem;
    };
    expect(problem('x', '11:00')).toBe('start_invalid');
    expect(problem('09:00', 'y')).toBe('end_invalid');
    expect(problem('11:00', '11:00')).toBe('end_before_start');
    expect(problem('07:00', '19:30')).toBe('too_long');
    // Monday 09:00 is before the clock's 09:30.
    expect(problem('09:00', '10:00', '2026-11-23')).toBe('past');
    expect(problem('09:30', '10:00', '2026-11-23')).toBeNull();
  });

  it('finds the week of a day, Monday to Monday in the zone', () => {
    const week = weekOf('2026-11-29', ZONE, NOW);
    expect(week.from).toEqual(at('2026-11-22T16:00:00Z'));
    expect(week.to).toEqual(at('2026-11-29T16:00:00Z'));
    expect(weekOf(null, ZONE, NOW).from).toEqual(week.from);
  });
});

describe('rooms and bookings', () => {
  const held = [
    booking('r301', '2026-11-25T01:00:00Z', '2026-11-25T03:00:00Z', '防汛会'),
    booking('hall', '2026-11-25T02:00:00Z', '2026-11-25T04:00:00Z'),
  ];

  it('treats meetings that only touch as not overlapping', () => {
    const nine = { startsAt: at('2026-11-25T01:00:00Z'), endsAt: at('2026-11-25T03:00:00Z') };
    expect(overlaps(nine, { startsAt: at('2026-11-25T03:00:00Z'), endsAt: at('2026-11-25T04:00:00Z') })).toBe(
      false,
    );
    expect(overlaps(nine, { startsAt: at('2026-11-25T02:59:00Z'), endsAt: at('2026-11-25T04:00:00Z') })).toBe(
      true,
    );
    expect(overlaps(nine, { startsAt: at('2026-11-25T00:00:00Z'), endsAt: at('2026-11-25T05:00:00Z') })).toBe(
      true,
    );
  });

  it('names the booking that holds a room, but never the meeting’s own', () => {
    const wanted = {
      roomId: 'r301',
      startsAt: at('2026-11-25T02:30:00Z'),
      endsAt: at('2026-11-25T05:00:00Z'),
    };
    expect(conflictOf(wanted, held)?.title).toBe('防汛会');
    expect(conflictOf({ ...wanted, roomId: 'r205' }, held)).toBeNull();
    expect(conflictOf({ ...wanted, instanceId: held[0]?.instanceId }, held)).toBeNull();
  });

  it('offers the free rooms with enough seats, smallest first', () => {
    const wanted = { startsAt: at('2026-11-25T02:30:00Z'), endsAt: at('2026-11-25T03:30:00Z') };
    expect(freeRooms(rooms, held, wanted, 8).map((r) => r.id)).toEqual(['r205', 'r206']);
    expect(freeRooms(rooms, held, wanted, 12).map((r) => r.id)).toEqual([]);
    const later = { startsAt: at('2026-11-25T05:00:00Z'), endsAt: at('2026-11-25T06:00:00Z') };
    expect(freeRooms(rooms, held, later, 12).map((r) => r.id)).toEqual(['r301', 'hall']);
  });

  it('counts the expected people once each: named, departments’ active members, and the chair', () => {
    const people = [
      { id: 'a', departmentId: 'office', active: true },
      { id: 'b', departmentId: 'office', active: true },
      { id: 'c', departmentId: 'office', active: false },
      { id: 'd', departmentId: 'water', active: true },
      { id: 'lead', departmentId: 'leadership', active: true },
    ];
    expect(headcountOf({ attendees: ['a', 'd'], departments: ['office'], chairId: 'lead' }, people)).toBe(4);
    expect(headcountOf({ attendees: [], departments: [], chairId: 'a' }, people)).toBe(1);
  });
});

describe('the meeting route', () => {
  it('goes host head → office head → chairing leader, and never skips the chair', () => {
    expect(MEETING_DEFINITION.steps.map((s) => [s.id, s.skipIfSameAsPrevious])).toEqual([
      ['host_review', true],
      ['office_review', true],
      ['chair_approval', false],
    ]);
  });
});
