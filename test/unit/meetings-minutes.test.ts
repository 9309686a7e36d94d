import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { validateForm } from '../../src/chat/core/form-spec.ts';
import { renderSlackModal } from '../../src/chat/slack/form-view.ts';
import { MEETING_SLACK_FORMS } from '../../src/chat/slack/meetings/form-bindings.ts';
import {
  draftOf,
  draftParams,
  isOverdue,
  type MinutesDraft,
  minutesRecipients,
} from '../../src/domain/meetings/minutes.ts';
import {
  MINUTES_FORM_ID,
  type MinutesFormChoices,
  minutesFormSpec,
  minutesOfForm,
} from '../../src/features/meetings/minutes-form.ts';
import {
  checkMinutesTarget,
  type MeetingFacts,
  mayDraft,
  meetingsMatching,
} from '../../src/features/meetings/minutes-service.ts';
import { parseOrgFile } from '../../src/org/org-file.ts';
import { blockKitProblems } from '../support/block-kit.ts';

// Minutes (会议纪要): the form's checks (a decision row whole, a department owner with a head) in
// Chinese and English, a department read as its head, the draft kept in params and read back, who
// receives the signed minutes, who may draft them, finding a meeting by name, the Slack modal
// within Block Kit's limits, and a deadline's overdue mark.

const choices: MinutesFormChoices = {
  meetingTitle: '防汛工作部署会',
  meetingTime: '11月25日（周三）09:00–11:00',
  people: [
    { id: 'ma-qiang', name: '马强', nameEn: 'Ma Qiang' },
    { id: 'gao-yan', name: '高燕', nameEn: null },
  ],
  departments: [
    { id: 'office', name: '办公室', nameEn: 'Office' },
    { id: 'leadership', name: '局领导', nameEn: null },
  ],
  headOf: new Map([['office', 'zhao-min']]),
  earlier: null,
};

const valid = {
  summary: '部署防汛工作。',
  d1_text: '清点物资',
  d1_owner: 'p:ma-qiang',
  d1_days: '3 个工作日',
  d2_text: '修订值班表',
  d2_owner: 'd:office',
  d2_days: '２',
  range_people: ['gao-yan'],
};

describe('the minutes form', () => {
  const spec = minutesFormSpec(choices);

  it('reads decisions, a department as its head, and full-width or worded day counts', () => {
    const checked = validateForm(spec, valid, 'zh');
    if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
    expect(minutesOfForm(checked.values, choices.headOf)).toEqual({
      summary: '部署防汛工作。',
      decisions: [
        { text: '清点物资', ownerId: 'ma-qiang', departmentId: null, days: 3 },
        { text: '修订值班表', ownerId: 'zhao-min', departmentId: 'office', days: 2 },
      ],
      rangePeople: ['gao-yan'],
      rangeDepartments: [],
    });
  });

  it('refuses a half-filled decision row beside the missing field, and a department without a head', () => {
    const checked = validateForm(
      spec,
      { ...valid, d1_owner: '', d3_text: '研究经费', d3_owner: 'd:leadership', d3_days: '5', d4_days: '2' },
      'zh',
    );
    expect(checked.ok).toBe(false);
    expect(checked.ok ? {} : checked.errors).toEqual({
      d1_owner: '请从列表中选择这项决定的责任人或责任部门。',
      d3_owner: '该部门没有负责人，请改选责任人。',
      d4_text: '请写明这项决定的内容。',
      d4_owner: '请从列表中选择这项决定的责任人或责任部门。',
    });
    const english = validateForm(spec, { ...valid, summary: '', d1_days: '366' }, 'en');
    expect(english.ok ? {} : english.errors).toEqual({
      summary: 'Please write the minutes.',
      d1_days: 'The time allowed must be from 1 to 365 working days.',
    });
  });

  it('starts again with what was sent before', () => {
    const earlier: MinutesDraft = {
      summary: '旧纪要',
      decisions: [{ text: '修订值班表', ownerId: 'zhao-min', departmentId: 'office', days: 2 }],
      rangePeople: [],
      rangeDepartments: ['office'],
    };
    const again = minutesFormSpec({ ...choices, earlier });
    const initial = Object.fromEntries(
      again.fields.map((f) => [f.id, 'initial' in f ? f.initial : undefined]),
    );
    expect(initial).toMatchObject({
      summary: '旧纪要',
      d1_text: '修订值班表',
      d1_owner: 'd:office',
      d1_days: 2,
      d2_text: null,
      range_departments: ['office'],
    });
  });

  it('fits Slack’s modal limits', () => {
    const binding = MEETING_SLACK_FORMS.find(([id]) => id === MINUTES_FORM_ID)?.[1];
    if (!binding) throw new Error('no minutes modal');
    const view = renderSlackModal(minutesFormSpec(choices), binding({ m: 'a-meeting' }), 'zh');
    expect(blockKitProblems(view, 'view')).toEqual([]);
    expect(view.private_metadata).toBe(JSON.stringify({ m: 'a-meeting' }));
  });
});

describe('minutes and decisions', () => {
  it('keeps the draft in params and reads it back', () => {
    const draft: MinutesDraft = {
      summary: '纪要',
      decisions: [{ text: '事项', ownerId: 'ma-qiang', departmentId: null, days: 4 }],
      rangePeople: ['gao-yan'],
      rangeDepartments: ['office'],
    };
    expect(draftOf(draftParams(draft))).toEqual(draft);
    expect(draftOf({})).toEqual({ summary: '', decisions: [], rangePeople: [], rangeDepartments: [] });
  });

  it('sends the signed minutes to the attendees, the departments’ active members, the chair and the range, once each', () => {
    const people = [
      { id: 'a', departmentId: 'x', active: true },
      { id: 'b', departmentId: 'x', active: false },
      { id: 'c', departmentId: 'y', active: true },
      { id: 'chair', departmentId: 'lead', active: true },
      { id: 'd', departmentId: 'z', active: true },
      { id: 'gone', departmentId: 'z', active: false },
    ];
    expect(
      minutesRecipients(
        {
          attendees: ['c', 'gone'],
          departments: ['x'],
          chairId: 'chair',
          rangePeople: ['a'],
          rangeDepartments: ['z'],
        },
        people,
      ),
    ).toEqual(['c', 'a', 'chair', 'd']);
  });

  const meeting: MeetingFacts = {
    id: '0b6f2f5e-1111-4a4a-9999-000000000001',
    title: '防汛工作部署会',
    organiserId: 'xu-hui',
    startsAt: new Date('2026-11-25T01:00:00Z'),
    endsAt: new Date('2026-11-25T03:00:00Z'),
    hostDepartmentId: 'water-admin',
    chairId: 'wang-zhenhua',
    attendees: [],
    departments: [],
    agenda: '',
    materials: null,
    secrecy: 'internal',
    cancelled: false,
  };

  it('takes no minutes for a cancelled meeting, whatever the time and whoever asks', async () => {
    const after = new Date('2026-11-25T04:00:00Z');
    // Refused before the directory is read: no database is needed to say so.
    const db = {} as Parameters<typeof checkMinutesTarget>[0];
    await expect(
      checkMinutesTarget(db, { ...meeting, cancelled: true }, 'xu-hui', after, 'Asia/Shanghai'),
    ).rejects.toMatchObject({ code: 'meeting_cancelled' });
  });

  it('lets the organiser and the host department draft the minutes, nobody else', () => {
    expect(mayDraft(meeting, { id: 'xu-hui', departmentId: 'office' })).toBe(true);
    expect(mayDraft(meeting, { id: 'liu-yang', departmentId: 'water-admin' })).toBe(true);
    expect(mayDraft(meeting, { id: 'gao-yan', departmentId: 'construction' })).toBe(false);
  });

  it('finds a meeting by its id’s start, its exact name, or a part of it', () => {
    const other = { ...meeting, id: '9c000000-0000-4000-8000-000000000002', title: '防汛工作部署会（二）' };
    const both = [meeting, other];
    expect(meetingsMatching('0b6f2f5e', both)).toEqual([meeting]);
    expect(meetingsMatching('防汛工作部署会', both)).toEqual([meeting]);
    expect(meetingsMatching('防汛', both)).toEqual(both);
    expect(meetingsMatching('抗旱', both)).toEqual([]);
    expect(meetingsMatching(' ', both)).toEqual([]);
  });

  it('lets the organisation file set the 督办 of decisions and minutes as of any flow', async () => {
    const text = (await readFile('org.example.yaml', 'utf8')).replace(
      '    incoming: { escalate_after_overdue: 2, escalate_after_days: 2 }',
      '    incoming: { escalate_after_overdue: 2, escalate_after_days: 2 }\n    meeting_decision: { escalate_after_overdue: 1 }\n    meeting_minutes: { escalate_after_days: 1 }',
    );
    expect(parseOrgFile(text, 'org.yaml').chasing?.flows).toMatchObject({
      meeting_decision: { escalateAfterOverdue: 1 },
      meeting_minutes: { escalateAfterDays: 1 },
    });
  });

  it('writes no minutes of a classified meeting', async () => {
    const secret = { ...meeting, title: '会〔2026〕3号', secrecy: 'secret' as const };
    // Refused before anything is read.
    await expect(
      checkMinutesTarget(null as never, secret, 'xu-hui', new Date('2026-11-26T00:00:00Z'), 'Asia/Shanghai'),
    ).rejects.toMatchObject({ code: 'minutes_classified' });
  });

  it('marks a deadline overdue only once it has passed', () => {
    const deadline = new Date('2026-11-27T10:00:00Z');
    expect(isOverdue(deadline, new Date('2026-11-27T09:59:59Z'))).toBe(false);
    expect(isOverdue(deadline, new Date('2026-11-27T10:00:01Z'))).toBe(true);
    expect(isOverdue(null, new Date())).toBe(false);
  });
});
