// The facts a meeting request's card shows every approver: when, where (the room and its seats, or
// the place outside), who hosts and chairs it, who attends and how many are expected, the agenda,
// the materials, the budget, whether it is in the year's plan (the plan entry it was matched to,
// or a 临时会议 with its reason), and another meeting of its week much like it (合并或套开?).
// Drawn from the instance and the organisation file's names, with no database read.

import { type CardField, cardLinkOf } from '../../chat/core/card.ts';
import { MEETING_PARAMS } from '../../domain/meetings/meeting.ts';
import { MEETING_RECORD_PARAMS } from '../../domain/meetings/plan.ts';
import type { WorkflowInstance } from '../../domain/workflow/types.ts';
import { type Locale, type PlainMessageKey, t } from '../../shared/i18n.ts';
import type { DirectoryEntry } from '../feature-module.ts';
import { meetingPlaceOf, timeRangeText } from './meeting-service.ts';

/** Names the card reads from the organisation file. */
export interface MeetingDirectory {
  rooms: ReadonlyArray<DirectoryEntry & { capacity: number }>;
  departments: ReadonlyArray<DirectoryEntry>;
  people: ReadonlyArray<DirectoryEntry>;
}

/**
 * What an attendee needs most: a card with more fields than its platform shows (once 签到 and the
 * viewer's answer join them) leaves the other facts out first.
 */
const KEY_FIELDS: ReadonlySet<PlainMessageKey> = new Set([
  'meeting.card.time',
  'meeting.card.place',
  'meeting.card.agenda',
  'meeting.card.materials',
] as const);

/**
 * What the approvers must see beside those while the request is under review: whether the meeting
 * is in the year's plan (or why it is not) and the similar-meeting flag (合并或套开？), which come
 * last on a card with every optional fact filled.
 */
const REVIEW_KEY_FIELDS: ReadonlySet<PlainMessageKey> = new Set([
  'meeting.card.plan',
  'meeting.card.similar',
] as const);

/** Most attendees named on a card; the rest are counted. */
const NAMED_ATTENDEES = 8;

const nameIn = (entry: DirectoryEntry | undefined, id: string, locale: Locale) =>
  entry ? (locale === 'en' ? (entry.nameEn ?? entry.name) : entry.name) : id;

/** The key fields of a meeting request's card. */
export function meetingCardFields(
  directory: MeetingDirectory,
  timeZone: string,
): (instance: WorkflowInstance, locale: Locale) => CardField[] {
  return (instance, locale) => {
    const p = instance.params;
    const text = (key: string) => (typeof p[key] === 'string' ? (p[key] as string) : '');
    const list = (key: string) => {
      const value = p[key];
      return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
    };
    const person = (id: string) =>
      nameIn(
        directory.people.find((x) => x.id === id),
        id,
        locale,
      );
    const department = (id: string) =>
      nameIn(
        directory.departments.find((x) => x.id === id),
        id,
        locale,
      );
    const separator = locale === 'en' ? ', ' : '、';
    const fields: CardField[] = [];
    const underReview = instance.status === 'running';
    const add = (label: PlainMessageKey, value: string, url?: string) => {
      const keep = KEY_FIELDS.has(label) || (underReview && REVIEW_KEY_FIELDS.has(label));
      if (value)
        fields.push({
          label: t(locale, label),
          value,
          ...(keep ? { keep: true } : {}),
          ...(url ? { url } : {}),
        });
    };

    const { range, roomId, headcount } = meetingPlaceOf(instance);
    if (range) add('meeting.card.time', timeRangeText(range, timeZone, locale));
    if (roomId) {
      const room = directory.rooms.find((r) => r.id === roomId);
      add(
        'meeting.card.place',
        t(locale, 'meeting.card.room', { name: nameIn(room, roomId, locale), capacity: room?.capacity ?? 0 }),
      );
    } else if (text(MEETING_PARAMS.place)) {
      add('meeting.card.place', t(locale, 'meeting.card.outside', { place: text(MEETING_PARAMS.place) }));
    }
    // What an attendee needs first (when, where, what, what to bring) before who: a platform that
    // shows few rows (WeCom's six) still shows the agenda and the materials.
    add('meeting.card.agenda', text(MEETING_PARAMS.agenda));
    const materials = text(MEETING_PARAMS.materials);
    add('meeting.card.materials', materials, cardLinkOf(materials));
    add('meeting.card.host', department(text(MEETING_PARAMS.hostDepartmentId)));
    add('meeting.card.chair', list(MEETING_PARAMS.chair).map(person).join(separator));
    const attendees = list(MEETING_PARAMS.attendees).map(person);
    add(
      'meeting.card.attendees',
      attendees.length > NAMED_ATTENDEES
        ? t(locale, 'meeting.card.attendees_more', {
            names: attendees.slice(0, NAMED_ATTENDEES).join(separator),
            count: attendees.length,
          })
        : attendees.join(separator),
    );
    add('meeting.card.departments', list(MEETING_PARAMS.attendeeDepartments).map(department).join(separator));
    if (headcount > 0) add('meeting.card.headcount', String(headcount));
    if (text(MEETING_PARAMS.budget)) {
      add(
        'meeting.card.budget',
        t(locale, 'meeting.card.budget_value', { amount: text(MEETING_PARAMS.budget) }),
      );
    }
    add(
      'meeting.card.plan',
      text(MEETING_PARAMS.planned) === '0'
        ? t(locale, 'meeting.card.unplanned', { reason: text(MEETING_PARAMS.unplannedReason) })
        : text(MEETING_RECORD_PARAMS.planEntryName)
          ? t(locale, 'meeting.card.planned_entry', { entry: text(MEETING_RECORD_PARAMS.planEntryName) })
          : t(locale, 'meeting.card.planned'),
    );
    const similarFrom = text(MEETING_RECORD_PARAMS.similarStartsAt);
    const similarTo = text(MEETING_RECORD_PARAMS.similarEndsAt);
    if (text(MEETING_RECORD_PARAMS.similarName) && similarFrom && similarTo) {
      const time = { startsAt: new Date(similarFrom), endsAt: new Date(similarTo) };
      add(
        'meeting.card.similar',
        t(locale, 'meeting.card.similar_value', {
          name: text(MEETING_RECORD_PARAMS.similarName),
          number: text(MEETING_RECORD_PARAMS.similarId).slice(0, 8),
          time: timeRangeText(time, timeZone, locale),
        }),
      );
    }
    return fields;
  };
}
