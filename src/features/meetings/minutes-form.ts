// The minutes form (会议纪要) as a FormSpec: the summary, up to five decisions (each a text, a
// responsible person or department, and a deadline in working days), and any people or
// departments the signed minutes go to beyond the meeting's attendees. A decision row half filled
// is refused beside the field that is missing; a department with no head cannot own a decision.
// The same spec is the Slack modal and the web page; opened again after a return (退回) it starts
// with what the drafter sent before.

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
import {
  type Decision,
  MAX_DECISION_DAYS,
  MAX_DECISIONS,
  type MinutesDraft,
} from '../../domain/meetings/minutes.ts';
import type { MeetingOption } from './meeting-form.ts';

/** The form's name (signed into web links). */
export const MINUTES_FORM_ID = 'meeting.minutes';

/** Field ids of the minutes form; a decision's fields are numbered from 1. */
export const MINUTES_FIELDS = {
  summary: 'summary',
  rangePeople: 'range_people',
  rangeDepartments: 'range_departments',
  decisionText: (n: number) => `d${n}_text`,
  decisionOwner: (n: number) => `d${n}_owner`,
  decisionDays: (n: number) => `d${n}_days`,
} as const;

/** Every field id of the form, in order (for the Slack binding). */
export const MINUTES_FIELD_IDS: readonly string[] = [
  MINUTES_FIELDS.summary,
  ...Array.from({ length: MAX_DECISIONS }, (_, i) => [
    MINUTES_FIELDS.decisionText(i + 1),
    MINUTES_FIELDS.decisionOwner(i + 1),
    MINUTES_FIELDS.decisionDays(i + 1),
  ]).flat(),
  MINUTES_FIELDS.rangePeople,
  MINUTES_FIELDS.rangeDepartments,
];

/** An owner choice: `p:<person id>` or `d:<department id>` (its head). */
const PERSON_OWNER = 'p:';
const DEPARTMENT_OWNER = 'd:';

/** What the form offers, read from the directory when it is drawn. */
export interface MinutesFormChoices {
  /** The meeting's name and time, shown above the fields. */
  meetingTitle: string;
  meetingTime: string;
  people: readonly MeetingOption[];
  departments: readonly MeetingOption[];
  /**
   * Who may own a decision, when not everyone of `people` and `departments` may (those cleared
   * for the meeting's secrecy level, and the departments whose head is).
   */
  owners?: { people: readonly MeetingOption[]; departments: readonly MeetingOption[] };
  /** The head of each department that has one (department id → person id). */
  headOf: ReadonlyMap<string, string>;
  /** What the drafter sent before (opened again after a return). */
  earlier: MinutesDraft | null;
}

const named = (o: MeetingOption) => ({ value: o.id, label: { zh: o.name, en: o.nameEn } });

/** The minutes form, drawn with what the directory offers now. */
export function minutesFormSpec(choices: MinutesFormChoices): FormSpec {
  const { earlier } = choices;
  const owners = choices.owners ?? choices;
  const ownerOptions = [
    ...owners.people.map((p) => ({ value: `${PERSON_OWNER}${p.id}`, label: { zh: p.name, en: p.nameEn } })),
    ...owners.departments.map((d) => ({
      value: `${DEPARTMENT_OWNER}${d.id}`,
      label: message('meeting.minutes.field.owner_department', { name: { zh: d.name, en: d.nameEn } }),
    })),
  ];
  const decisionFields = (n: number): FormField[] => {
    const before = earlier?.decisions[n - 1];
    return [
      {
        id: MINUTES_FIELDS.decisionText(n),
        kind: 'text',
        label: message('meeting.minutes.field.decision', { n }),
        required: false,
        maxLength: 500,
        initial: before?.text ?? null,
      },
      {
        id: MINUTES_FIELDS.decisionOwner(n),
        kind: 'select',
        label: message('meeting.minutes.field.owner', { n }),
        required: false,
        options: ownerOptions,
        messages: { invalid: message('meeting.minutes.error.owner') },
        initial: before
          ? before.departmentId
            ? `${DEPARTMENT_OWNER}${before.departmentId}`
            : `${PERSON_OWNER}${before.ownerId}`
          : null,
      },
      {
        id: MINUTES_FIELDS.decisionDays(n),
        kind: 'number',
        label: message('meeting.minutes.field.days', { n }),
        required: false,
        min: 1,
        max: MAX_DECISION_DAYS,
        maxLength: 10,
        units: ['个工作日', '工作日', '天', '日'],
        messages: { invalid: message('meeting.minutes.error.days', { max: MAX_DECISION_DAYS }) },
        initial: before ? before.days : null,
      },
    ];
  };
  const fields: FormField[] = [
    {
      id: MINUTES_FIELDS.summary,
      kind: 'long_text',
      label: message('meeting.minutes.field.summary'),
      required: true,
      maxLength: 3000,
      messages: { required: message('meeting.minutes.error.summary') },
      initial: earlier?.summary ?? null,
    },
    ...Array.from({ length: MAX_DECISIONS }, (_, i) => decisionFields(i + 1)).flat(),
    {
      id: MINUTES_FIELDS.rangePeople,
      kind: 'multi_select',
      label: message('meeting.minutes.field.range_people'),
      required: false,
      options: choices.people.map(named),
      initial: earlier?.rangePeople ?? [],
    },
    {
      id: MINUTES_FIELDS.rangeDepartments,
      kind: 'multi_select',
      label: message('meeting.minutes.field.range_departments'),
      required: false,
      options: choices.departments.map(named),
      initial: earlier?.rangeDepartments ?? [],
    },
  ];
  return {
    id: MINUTES_FORM_ID,
    title: message('meeting.minutes.form.title'),
    submitLabel: message('meeting.minutes.form.submit'),
    notices: [
      {
        kind: 'heading',
        lines: [{ text: `${choices.meetingTitle}（${choices.meetingTime}）` }],
      },
      { kind: 'note', lines: [message('meeting.minutes.form.intro')] },
    ],
    fields,
    check: (values) => checkMinutesForm(values, choices.headOf),
  };
}

/** The checks across fields: each decision row whole, a department owner with a head. */
function checkMinutesForm(values: FormValues, headOf: ReadonlyMap<string, string>): Record<string, FormText> {
  const problems: Record<string, FormText> = {};
  for (let n = 1; n <= MAX_DECISIONS; n++) {
    const text = textValue(values, MINUTES_FIELDS.decisionText(n));
    const owner = textValue(values, MINUTES_FIELDS.decisionOwner(n));
    const days = numberValue(values, MINUTES_FIELDS.decisionDays(n));
    if (text === null && owner === null && days === null) continue;
    if (text === null) problems[MINUTES_FIELDS.decisionText(n)] = message('meeting.minutes.error.decision');
    if (owner === null) problems[MINUTES_FIELDS.decisionOwner(n)] = message('meeting.minutes.error.owner');
    else if (owner.startsWith(DEPARTMENT_OWNER) && !headOf.has(owner.slice(DEPARTMENT_OWNER.length))) {
      problems[MINUTES_FIELDS.decisionOwner(n)] = message('meeting.minutes.error.no_head');
    }
    if (days === null) {
      problems[MINUTES_FIELDS.decisionDays(n)] = message('meeting.minutes.error.days', {
        max: MAX_DECISION_DAYS,
      });
    }
  }
  return problems;
}

/** The minutes a checked submission gives (department owners read as their heads). */
export function minutesOfForm(values: FormValues, headOf: ReadonlyMap<string, string>): MinutesDraft {
  const decisions: Decision[] = [];
  for (let n = 1; n <= MAX_DECISIONS; n++) {
    const text = textValue(values, MINUTES_FIELDS.decisionText(n));
    const owner = textValue(values, MINUTES_FIELDS.decisionOwner(n));
    const days = numberValue(values, MINUTES_FIELDS.decisionDays(n));
    if (text === null || owner === null || days === null) continue;
    const departmentId = owner.startsWith(DEPARTMENT_OWNER) ? owner.slice(DEPARTMENT_OWNER.length) : null;
    const ownerId = departmentId === null ? owner.slice(PERSON_OWNER.length) : headOf.get(departmentId);
    if (ownerId === undefined) continue;
    decisions.push({ text, ownerId, departmentId, days });
  }
  return {
    summary: textValue(values, MINUTES_FIELDS.summary) ?? '',
    decisions,
    rangePeople: [...choicesValue(values, MINUTES_FIELDS.rangePeople)],
    rangeDepartments: [...choicesValue(values, MINUTES_FIELDS.rangeDepartments)],
  };
}
