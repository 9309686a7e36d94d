// The working calendar's local overrides and the chasing rules (催办/督办), as the organisation
// file's `calendar:` and `chasing:` sections give them and as `UnitSetting.calendar` stores them.
// Pure: zod schemas, defaults and the merge of per-urgency and per-flow rules.

import { z } from 'zod';
import type { Urgency } from '../workflow/types.ts';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

const isoDate = () =>
  z
    .string()
    .trim()
    .regex(ISO_DATE, { error: 'must be a date YYYY-MM-DD' })
    .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), { error: 'is not a real date' });
const hhmm = () => z.string().trim().regex(HH_MM, { error: 'must be a time HH:mm, e.g. 08:30' });

/** Office hours of a working day, local time (`HH:mm`). Reminders go only inside them. */
export interface OfficeHours {
  start: string;
  end: string;
}

/** Default office hours: 08:30–18:00. */
export const DEFAULT_OFFICE_HOURS: OfficeHours = { start: '08:30', end: '18:00' };

/** The organisation file's `calendar:` section (snake_case keys). */
export const CalendarSectionFields = z.strictObject({
  /** Local days off on top of the national holidays (a local holiday, a closure). */
  days_off: z.array(isoDate()).default([]),
  /** Local working days (a make-up day the package does not know yet, e.g. next year's 调休). */
  working_days: z.array(isoDate()).default([]),
  office_hours: z
    .strictObject({ start: hhmm(), end: hhmm() })
    .refine((h) => h.start < h.end, { error: 'start must be before end' })
    .optional(),
});

/** `calendar:` as the program uses it. */
export interface CalendarSettings {
  extraDaysOff: string[];
  extraWorkingDays: string[];
  officeHours: OfficeHours;
}

export const CalendarSectionSchema = CalendarSectionFields.transform(
  (c): CalendarSettings => ({
    extraDaysOff: c.days_off,
    extraWorkingDays: c.working_days,
    officeHours: c.office_hours ?? { ...DEFAULT_OFFICE_HOURS },
  }),
).refine((c) => !c.extraDaysOff.some((d) => c.extraWorkingDays.includes(d)), {
  error: 'a date cannot be both in days_off and in working_days',
});

/** How one urgency is chased. */
export interface ChasingRule {
  /**
   * Working days before the deadline's last working day on whose morning a `before` reminder
   * goes: `[0]` = the morning of the last day; `[1, 0]` = also the working day before.
   */
  beforeDays: number[];
  /** A `due` reminder at the deadline itself (when it falls inside office hours). */
  due: boolean;
  /** Local times of each working day on which an overdue item is chased (`overdue`). */
  overdueTimes: string[];
  /** 督办 after this many overdue reminders … */
  escalateAfterOverdue: number;
  /** … or this many working days late, whichever comes first. */
  escalateAfterDays: number;
  /**
   * `digest`: before/due/overdue go into the person's morning digest, no message of their own
   * (the rows still count for escalation); `message`: each goes as its own message as well.
   */
  delivery: 'digest' | 'message';
}

/** What a flow may change (its escalation), on top of the urgency's rule. */
export type FlowRule = Partial<Pick<ChasingRule, 'escalateAfterOverdue' | 'escalateAfterDays'>>;

/** `chasing:` as the program uses it. */
export interface ChasingSettings {
  /** Local time of the morning digest on working days. */
  digestTime: string;
  urgency: Record<Urgency, ChasingRule>;
  /** By workflow definition id. */
  flows: Record<string, FlowRule>;
  /** Borrowed archive records: 督办 to the archivist after this many working days late. */
  loanEscalateAfterDays: number;
  /**
   * 催一下 is offered on a step once it has waited this many working days, counted in office
   * hours (0.5 = half of 08:30–18:00, 4 h 45 min), or once its deadline is as near (the same
   * span of office time before it), whichever comes first; 0 offers it at once.
   */
  manualChaseAfterDays: number;
  /**
   * A meeting's confirmed attendees are reminded this many minutes before it starts, once each
   * (`meeting_remind_before`: `['1d', '30m']` by default).
   */
  meetingRemindBeforeMinutes: number[];
}

/**
 * Defaults: 平件 are folded into the digest (one message a morning), reminded on the morning of
 * their last day and chased each working morning, escalated after 3 overdue reminders or 3
 * working days; 加急 and 特急 get their own messages, the working day before as well, twice a day
 * once overdue, and are escalated sooner.
 */
export const DEFAULT_CHASING: ChasingSettings = {
  digestTime: DEFAULT_OFFICE_HOURS.start,
  urgency: {
    normal: {
      beforeDays: [0],
      due: true,
      overdueTimes: [DEFAULT_OFFICE_HOURS.start],
      escalateAfterOverdue: 3,
      escalateAfterDays: 3,
      delivery: 'digest',
    },
    urgent: {
      beforeDays: [1, 0],
      due: true,
      overdueTimes: [DEFAULT_OFFICE_HOURS.start, '14:00'],
      escalateAfterOverdue: 2,
      escalateAfterDays: 2,
      delivery: 'message',
    },
    extra_urgent: {
      beforeDays: [1, 0],
      due: true,
      overdueTimes: [DEFAULT_OFFICE_HOURS.start, '14:00'],
      escalateAfterOverdue: 1,
      escalateAfterDays: 1,
      delivery: 'message',
    },
  },
  flows: {},
  loanEscalateAfterDays: 3,
  manualChaseAfterDays: 0.5,
  meetingRemindBeforeMinutes: [24 * 60, 30],
};

const count = () => z.number().int().min(1).max(60);

const MINUTES_PER_UNIT = { d: 24 * 60, h: 60, m: 1 } as const;

/** A time before something: `1d`, `2h`, `30m` (up to 7 days), read as minutes. */
const beforeText = () =>
  z
    .string()
    .trim()
    .regex(/^\d{1,4}\s*[dhm]$/u, { error: 'must be a span such as 1d, 2h or 30m' })
    .transform((text) => {
      const unit = text.slice(-1) as keyof typeof MINUTES_PER_UNIT;
      return Number.parseInt(text, 10) * MINUTES_PER_UNIT[unit];
    })
    .refine((minutes) => minutes >= 1 && minutes <= 7 * 24 * 60, { error: 'must be from 1m to 7d' });

const RuleFields = z.strictObject({
  before_days: z.array(z.number().int().min(0).max(10)).max(5).optional(),
  due: z.boolean().optional(),
  overdue_times: z.array(hhmm()).min(1).max(4).optional(),
  escalate_after_overdue: count().optional(),
  escalate_after_days: count().optional(),
  delivery: z.enum(['digest', 'message']).optional(),
});

const FlowFields = z.strictObject({
  escalate_after_overdue: count().optional(),
  escalate_after_days: count().optional(),
});

/** The organisation file's `chasing:` section (snake_case keys); every key optional. */
export const ChasingSectionFields = z.strictObject({
  digest_time: hhmm().optional(),
  urgency: z
    .strictObject({
      extra_urgent: RuleFields.optional(),
      urgent: RuleFields.optional(),
      normal: RuleFields.optional(),
    })
    .optional(),
  flows: z.record(z.string().min(1), FlowFields).optional(),
  loan_escalate_after_days: count().optional(),
  manual_chase_after_days: z.number().min(0).max(10).optional(),
  meeting_remind_before: z.array(beforeText()).max(4).optional(),
});

type RuleInput = z.output<typeof RuleFields>;

function mergeRule(base: ChasingRule, input: RuleInput | undefined): ChasingRule {
  if (!input) return { ...base };
  return {
    beforeDays: input.before_days ? [...new Set(input.before_days)].sort((a, b) => b - a) : base.beforeDays,
    due: input.due ?? base.due,
    overdueTimes: input.overdue_times ? [...new Set(input.overdue_times)].sort() : base.overdueTimes,
    escalateAfterOverdue: input.escalate_after_overdue ?? base.escalateAfterOverdue,
    escalateAfterDays: input.escalate_after_days ?? base.escalateAfterDays,
    delivery: input.delivery ?? base.delivery,
  };
}

export const ChasingSectionSchema = ChasingSectionFields.transform(
  (c): ChasingSettings => ({
    digestTime: c.digest_time ?? DEFAULT_CHASING.digestTime,
    urgency: {
      normal: mergeRule(DEFAULT_CHASING.urgency.normal, c.urgency?.normal),
      urgent: mergeRule(DEFAULT_CHASING.urgency.urgent, c.urgency?.urgent),
      extra_urgent: mergeRule(DEFAULT_CHASING.urgency.extra_urgent, c.urgency?.extra_urgent),
    },
    flows: Object.fromEntries(
      Object.entries(c.flows ?? {}).map(([id, f]) => [
        id,
        {
          ...(f.escalate_after_overdue ? { escalateAfterOverdue: f.escalate_after_overdue } : {}),
          ...(f.escalate_after_days ? { escalateAfterDays: f.escalate_after_days } : {}),
        },
      ]),
    ),
    loanEscalateAfterDays: c.loan_escalate_after_days ?? DEFAULT_CHASING.loanEscalateAfterDays,
    manualChaseAfterDays: c.manual_chase_after_days ?? DEFAULT_CHASING.manualChaseAfterDays,
    meetingRemindBeforeMinutes: c.meeting_remind_before
      ? [...new Set(c.meeting_remind_before)].sort((a, b) => b - a)
      : [...DEFAULT_CHASING.meetingRemindBeforeMinutes],
  }),
);

/** The rule for an item: its urgency's, with its flow's escalation on top. */
export function ruleFor(settings: ChasingSettings, urgency: Urgency, definitionId: string): ChasingRule {
  const base = settings.urgency[urgency] ?? settings.urgency.normal;
  const flow = settings.flows[definitionId] ?? {};
  return { ...base, ...flow };
}

/** What `UnitSetting.calendar` holds (JSON): both sections, already with their defaults. */
export interface StoredChasingSettings {
  calendar: CalendarSettings;
  chasing: ChasingSettings;
}

const StoredSchema = z.object({
  calendar: z.object({
    extraDaysOff: z.array(z.string().regex(ISO_DATE)),
    extraWorkingDays: z.array(z.string().regex(ISO_DATE)),
    officeHours: z.object({ start: z.string().regex(HH_MM), end: z.string().regex(HH_MM) }),
  }),
  chasing: z.custom<ChasingSettings>((v) => typeof v === 'object' && v !== null),
});

/** Defaults for a unit whose file has neither section. */
export function defaultChasingSettings(): StoredChasingSettings {
  return {
    calendar: { extraDaysOff: [], extraWorkingDays: [], officeHours: { ...DEFAULT_OFFICE_HOURS } },
    chasing: structuredClone(DEFAULT_CHASING),
  };
}

/**
 * Reads `UnitSetting.calendar` (null before a file with the sections was loaded → defaults).
 * A stored value of an older shape falls back to the defaults rather than stopping the bot.
 */
export function parseStoredChasingSettings(value: unknown): StoredChasingSettings {
  const parsed = StoredSchema.safeParse(value);
  if (!parsed.success) return defaultChasingSettings();
  const defaults = DEFAULT_CHASING;
  const chasing = parsed.data.chasing;
  return {
    calendar: parsed.data.calendar,
    chasing: {
      digestTime: chasing.digestTime ?? defaults.digestTime,
      urgency: { ...defaults.urgency, ...(chasing.urgency ?? {}) },
      flows: chasing.flows ?? {},
      loanEscalateAfterDays: chasing.loanEscalateAfterDays ?? defaults.loanEscalateAfterDays,
      manualChaseAfterDays: chasing.manualChaseAfterDays ?? defaults.manualChaseAfterDays,
      meetingRemindBeforeMinutes: chasing.meetingRemindBeforeMinutes ?? [
        ...defaults.meetingRemindBeforeMinutes,
      ],
    },
  };
}

/** The stored form of an organisation file's `calendar:` and `chasing:` sections (defaults filled in). */
export function chasingSettingsOf(org: {
  calendar?: CalendarSettings | undefined;
  chasing?: ChasingSettings | undefined;
}): StoredChasingSettings {
  const defaults = defaultChasingSettings();
  return { calendar: org.calendar ?? defaults.calendar, chasing: org.chasing ?? defaults.chasing };
}
