// The meeting request form (会议申请) as a FormSpec: name, content and agenda, the day with start
// and end typed in the unit's time zone, a room or a place outside, attendees (people and whole
// departments), host department, chairing leader, materials link, budget, and whether the meeting
// is in this year's plan (a 临时会议 must give its reason). The form's check reads the times, so a
// refusal stands beside the field it concerns; a valid submission reads into the request the
// meeting service starts.

import {
  choicesValue,
  type FormField,
  type FormSpec,
  type FormText,
  type FormValues,
  message,
  numberValue,
  textValue,
} from '../../chat/core/form-spec.ts';
import { MAX_MEETING_HOURS, type MeetingTimeProblem, meetingTimeOf } from '../../domain/meetings/meeting.ts';
import { isClassified } from '../../domain/workflow/index.ts';
import type { NewMeeting } from './meeting-service.ts';
import { checkSecrecy, SECRECY_FIELDS, secrecyFields, secrecyOf } from './secrecy-form.ts';

/** The form's name (signed into web links). */
export const MEETING_FORM_ID = 'meeting.request';

/** Field ids of the meeting request form. */
export const MEETING_FIELDS = {
  name: 'name',
  agenda: 'agenda',
  day: 'day',
  start: 'start',
  end: 'end',
  room: 'room',
  place: 'place',
  attendees: 'attendees',
  departments: 'departments',
  host: 'host',
  chair: 'chair',
  materials: 'materials',
  budget: 'budget',
  planned: 'planned',
  reason: 'reason',
} as const;

/** The room choice that means a place outside. */
export const OUTSIDE_ROOM = 'outside';
/** The planned / unplanned choices. */
export const PLANNED = { yes: 'planned', no: 'unplanned' } as const;
/** Largest budget the form takes, in yuan. */
export const MAX_MEETING_BUDGET = 100_000_000;

/** A named choice of the form (a room, a person, a department). */
export interface MeetingOption {
  id: string;
  name: string;
  nameEn: string | null;
}

/** What the form offers, read from the directory when it is drawn. */
export interface MeetingFormChoices {
  rooms: ReadonlyArray<MeetingOption & { capacity: number }>;
  people: readonly MeetingOption[];
  departments: readonly MeetingOption[];
  /** Departments with a head, who reviews first. */
  hosts: readonly MeetingOption[];
  /** The leaders who may chair (局领导). */
  chairs: readonly MeetingOption[];
  /** The host offered first (the person's own department, when it may host). */
  initialHost: string | null;
  /** The unit's time zone, in which times are typed. */
  timeZone: string;
  /** Now, so that a meeting cannot start in the past. */
  now: Date;
}

const named = (o: MeetingOption) => ({ value: o.id, label: { zh: o.name, en: o.nameEn } });

/** The refusal of each time problem, on the field it concerns (the change form reads them too). */
export const TIME_PROBLEMS: Record<MeetingTimeProblem, { field: string; text: FormText }> = {
  start_invalid: { field: MEETING_FIELDS.start, text: message('meeting.error.start') },
  end_invalid: { field: MEETING_FIELDS.end, text: message('meeting.error.end') },
  end_before_start: { field: MEETING_FIELDS.end, text: message('meeting.error.end_before_start') },
  too_long: {
    field: MEETING_FIELDS.end,
    text: message('meeting.error.too_long', { hours: MAX_MEETING_HOURS }),
  },
  past: { field: MEETING_FIELDS.start, text: message('meeting.error.past') },
};

/** The request form, drawn with what the directory offers now. */
export function meetingFormSpec(choices: MeetingFormChoices): FormSpec {
  const required = (key: Parameters<typeof message>[0]) => ({
    required: message(key),
    invalid: message(key),
  });
  const timeHint = message('meeting.field.time_hint');
  const fields: FormField[] = [
    ...secrecyFields(),
    {
      id: MEETING_FIELDS.name,
      kind: 'text',
      label: message('meeting.field.name'),
      // Required unless the meeting is classified (checkSecrecy).
      required: false,
      maxLength: 200,
      messages: { required: message('meeting.error.name') },
    },
    {
      id: MEETING_FIELDS.agenda,
      kind: 'long_text',
      label: message('meeting.field.agenda'),
      required: false,
      maxLength: 2000,
      messages: { required: message('meeting.error.agenda') },
    },
    {
      id: MEETING_FIELDS.day,
      kind: 'date',
      label: message('meeting.field.day'),
      required: true,
      messages: required('meeting.error.day'),
    },
    {
      id: MEETING_FIELDS.start,
      kind: 'text',
      label: message('meeting.field.start'),
      required: true,
      maxLength: 10,
      placeholder: timeHint,
      messages: { required: message('meeting.error.start') },
    },
    {
      id: MEETING_FIELDS.end,
      kind: 'text',
      label: message('meeting.field.end'),
      required: true,
      maxLength: 10,
      placeholder: timeHint,
      messages: { required: message('meeting.error.end') },
    },
    {
      id: MEETING_FIELDS.room,
      kind: 'select',
      label: message('meeting.field.room'),
      required: true,
      messages: required('meeting.error.room'),
      options: [
        ...choices.rooms.map((r) => ({
          value: r.id,
          label: message('meeting.field.room_option', {
            name: { zh: r.name, en: r.nameEn },
            capacity: r.capacity,
          }),
        })),
        { value: OUTSIDE_ROOM, label: message('meeting.field.room_outside') },
      ],
    },
    {
      id: MEETING_FIELDS.place,
      kind: 'text',
      label: message('meeting.field.place'),
      required: false,
      maxLength: 200,
    },
    {
      id: MEETING_FIELDS.attendees,
      kind: 'multi_select',
      label: message('meeting.field.attendees'),
      required: false,
      options: choices.people.map(named),
      messages: { invalid: message('meeting.error.attendees') },
    },
    {
      id: MEETING_FIELDS.departments,
      kind: 'multi_select',
      label: message('meeting.field.departments'),
      required: false,
      options: choices.departments.map(named),
      messages: { invalid: message('meeting.error.attendees') },
    },
    {
      id: MEETING_FIELDS.host,
      kind: 'select',
      label: message('meeting.field.host'),
      required: true,
      options: choices.hosts.map(named),
      messages: required('meeting.error.host'),
      initial: choices.initialHost,
    },
    {
      id: MEETING_FIELDS.chair,
      kind: 'select',
      label: message('meeting.field.chair'),
      required: true,
      options: choices.chairs.map(named),
      messages: required('meeting.error.chair'),
    },
    {
      id: MEETING_FIELDS.materials,
      kind: 'url',
      label: message('meeting.field.materials'),
      required: false,
      maxLength: 1000,
      messages: { invalid: message('meeting.error.materials') },
    },
    {
      id: MEETING_FIELDS.budget,
      kind: 'number',
      label: message('meeting.field.budget'),
      required: false,
      min: 0,
      max: MAX_MEETING_BUDGET,
      maxLength: 15,
      units: ['元'],
      messages: { invalid: message('meeting.error.budget', { max: MAX_MEETING_BUDGET }) },
    },
    {
      id: MEETING_FIELDS.planned,
      kind: 'select',
      style: 'radio',
      label: message('meeting.field.planned'),
      required: true,
      options: [
        { value: PLANNED.yes, label: message('meeting.field.planned_yes') },
        { value: PLANNED.no, label: message('meeting.field.planned_no') },
      ],
      messages: required('meeting.error.planned'),
    },
    {
      id: MEETING_FIELDS.reason,
      kind: 'long_text',
      label: message('meeting.field.reason'),
      required: false,
      maxLength: 1000,
    },
  ];
  return {
    id: MEETING_FORM_ID,
    title: message('meeting.form.title'),
    submitLabel: message('meeting.form.submit'),
    notices: [{ kind: 'note', lines: [message('meeting.form.intro')] }],
    fields,
    check: (values) => checkMeetingForm(values, choices),
  };
}

/** The meeting's time as the form's day, start and end give it. */
function timeOfValues(values: FormValues, timeZone: string, now: Date) {
  return meetingTimeOf(
    {
      day: textValue(values, MEETING_FIELDS.day) ?? '',
      start: textValue(values, MEETING_FIELDS.start) ?? '',
      end: textValue(values, MEETING_FIELDS.end) ?? '',
    },
    timeZone,
    now,
  );
}

/** The checks across fields: the times, a place outside, someone invited, a 临时会议's reason. */
function checkMeetingForm(values: FormValues, choices: MeetingFormChoices): Record<string, FormText> {
  const problems: Record<string, FormText> = checkSecrecy(values);
  const time = timeOfValues(values, choices.timeZone, choices.now);
  if (!time.ok) {
    const { field, text } = TIME_PROBLEMS[time.problem];
    problems[field] = text;
  }
  if (textValue(values, MEETING_FIELDS.room) === OUTSIDE_ROOM && !textValue(values, MEETING_FIELDS.place)) {
    problems[MEETING_FIELDS.place] = message('meeting.error.place');
  }
  if (
    choicesValue(values, MEETING_FIELDS.attendees).length === 0 &&
    choicesValue(values, MEETING_FIELDS.departments).length === 0
  ) {
    problems[MEETING_FIELDS.attendees] = message('meeting.error.attendees');
  }
  if (
    textValue(values, MEETING_FIELDS.planned) === PLANNED.no &&
    !textValue(values, MEETING_FIELDS.reason) &&
    !isClassified(secrecyOf(values))
  ) {
    problems[MEETING_FIELDS.reason] = message('meeting.error.reason');
  }
  return problems;
}

/** The request a checked submission asks for (times read in `timeZone`). */
export function meetingOfForm(values: FormValues, timeZone: string, now: Date): NewMeeting {
  const time = timeOfValues(values, timeZone, now);
  // The form's check has read the times; a submission that reached here without it is refused.
  if (!time.ok) throw new Error(`meeting times not checked: ${time.problem}`);
  const room = textValue(values, MEETING_FIELDS.room);
  const planned = textValue(values, MEETING_FIELDS.planned) !== PLANNED.no;
  const secrecy = secrecyOf(values);
  return {
    secrecy,
    reference: isClassified(secrecy) ? textValue(values, SECRECY_FIELDS.reference) : null,
    name: textValue(values, MEETING_FIELDS.name) ?? '',
    agenda: textValue(values, MEETING_FIELDS.agenda) ?? '',
    startsAt: time.range.startsAt,
    endsAt: time.range.endsAt,
    roomId: room === OUTSIDE_ROOM ? null : room,
    place: room === OUTSIDE_ROOM ? textValue(values, MEETING_FIELDS.place) : null,
    attendees: [...choicesValue(values, MEETING_FIELDS.attendees)],
    departments: [...choicesValue(values, MEETING_FIELDS.departments)],
    hostDepartmentId: textValue(values, MEETING_FIELDS.host) ?? '',
    chairId: textValue(values, MEETING_FIELDS.chair) ?? '',
    materials: textValue(values, MEETING_FIELDS.materials),
    budget: numberValue(values, MEETING_FIELDS.budget),
    planned,
    unplannedReason: planned ? null : textValue(values, MEETING_FIELDS.reason),
  };
}
