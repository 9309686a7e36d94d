// The yearly meeting plan form (年度会议计划): a department's meetings for a year, one line each with
// name, content, the expected month or date, place, attendees, number of people and budget. Lines
// are optional, one at least is wanted, as the supply plan's lines are; a department's earlier plan
// for the year fills the lines in, and submitting replaces it.

import {
  type FormField,
  type FormSpec,
  type FormText,
  type FormValues,
  message,
  numberValue,
  textValue,
} from '../../chat/core/form-spec.ts';
import { readPlanTiming } from '../../domain/meetings/plan.ts';
import { MAX_MEETING_BUDGET } from './meeting-form.ts';

/** The form's name (signed into web links; the year is the link's `year` param). */
export const MEETING_PLAN_FORM_ID = 'meeting.plan';

/** Lines the plan form shows. */
export const PLAN_FORM_LINES = 8;

/** Most people a plan line expects. */
export const MAX_PLAN_SIZE = 10_000;

/** Line `n`'s field ids. */
export const planFieldIds = (n: number) => ({
  name: `name:${n}`,
  content: `content:${n}`,
  timing: `timing:${n}`,
  place: `place:${n}`,
  attendees: `attendees:${n}`,
  size: `size:${n}`,
  budget: `budget:${n}`,
});

/** The text fields of a plan line. */
type TextLineField = 'name' | 'content' | 'timing' | 'place' | 'attendees';

/** One meeting of a plan as the form reads it. */
export interface PlanEntryInput {
  name: string;
  content: string;
  timing: string;
  month: number;
  place: string;
  attendees: string;
  size: number | null;
  budget: number | null;
}

/** The plan form for `year`, its lines filled with `entries` (the department's plan so far). */
export function meetingPlanFormSpec(input: {
  year: number;
  department: { zh: string; en: string | null };
  entries: readonly PlanEntryInput[];
}): FormSpec {
  const fields: FormField[] = [];
  for (let n = 1; n <= PLAN_FORM_LINES; n += 1) {
    const ids = planFieldIds(n);
    const entry = input.entries[n - 1];
    /** One of the line's text fields, optional, filled with the plan so far. */
    const text = (field: TextLineField, kind: 'text' | 'long_text', maxLength: number): FormField => ({
      id: ids[field],
      kind,
      label: message(`meeting.plan.field.${field}`, { n }),
      required: false,
      maxLength,
      ...(field === 'timing' ? { placeholder: message('meeting.plan.field.timing_hint') } : {}),
      initial: entry?.[field] ?? null,
    });
    fields.push(
      text('name', 'text', 200),
      text('content', 'long_text', 1000),
      text('timing', 'text', 20),
      text('place', 'text', 200),
      text('attendees', 'text', 500),
      {
        id: ids.size,
        kind: 'number',
        label: message('meeting.plan.field.size', { n }),
        required: false,
        min: 1,
        max: MAX_PLAN_SIZE,
        maxLength: 8,
        units: ['人'],
        messages: { invalid: message('meeting.plan.error.size', { max: MAX_PLAN_SIZE }) },
        initial: entry?.size ?? null,
      },
      {
        id: ids.budget,
        kind: 'number',
        label: message('meeting.plan.field.budget', { n }),
        required: false,
        min: 0,
        max: MAX_MEETING_BUDGET,
        maxLength: 15,
        units: ['元'],
        messages: { invalid: message('meeting.error.budget', { max: MAX_MEETING_BUDGET }) },
        initial: entry?.budget ?? null,
      },
    );
  }
  return {
    id: MEETING_PLAN_FORM_ID,
    title: message('meeting.plan.form.title', { year: input.year }),
    submitLabel: message('meeting.plan.form.submit'),
    notices: [
      {
        kind: 'note',
        lines: [
          message('meeting.plan.form.intro', {
            year: input.year,
            department: input.department,
            lines: PLAN_FORM_LINES,
          }),
        ],
      },
    ],
    fields,
    check: (values) => {
      const reading = readMeetingPlanForm(values, input.year);
      return reading.ok ? {} : reading.errors;
    },
  };
}

/**
 * The lines filled in: a line with anything typed needs its name, content, month or date (of
 * `year`), place and attendees. One line at least.
 */
export function readMeetingPlanForm(
  values: FormValues,
  year: number,
): { ok: true; entries: PlanEntryInput[] } | { ok: false; errors: Record<string, FormText> } {
  const entries: PlanEntryInput[] = [];
  const errors: Record<string, FormText> = {};
  for (let n = 1; n <= PLAN_FORM_LINES; n += 1) {
    const ids = planFieldIds(n);
    const text = (id: string) => textValue(values, id) ?? '';
    const size = numberValue(values, ids.size);
    const budget = numberValue(values, ids.budget);
    const typed = [ids.name, ids.content, ids.timing, ids.place, ids.attendees].some((id) => text(id) !== '');
    if (!typed && size === null && budget === null) continue;
    const missing = (id: string, key: Parameters<typeof message>[0]) => {
      if (text(id) === '') errors[id] = message(key);
    };
    missing(ids.name, 'meeting.plan.error.name');
    missing(ids.content, 'meeting.plan.error.content');
    missing(ids.place, 'meeting.plan.error.place');
    missing(ids.attendees, 'meeting.plan.error.attendees');
    const timing = readPlanTiming(text(ids.timing), year);
    if (timing === null) errors[ids.timing] = message('meeting.plan.error.timing', { year });
    if (Object.keys(errors).length > 0 || timing === null) continue;
    entries.push({
      name: text(ids.name),
      content: text(ids.content),
      timing: text(ids.timing),
      month: timing.month,
      place: text(ids.place),
      attendees: text(ids.attendees),
      size,
      budget,
    });
  }
  if (entries.length === 0 && Object.keys(errors).length === 0) {
    errors[planFieldIds(1).name] = message('meeting.plan.error.empty');
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, entries };
}
