// A meeting attendee's card has more fields than a platform shows once 签到 and the viewer's answer
// join the meeting's facts: the key facts (time, place, agenda, materials) stay on every platform.

import { describe, expect, it } from 'vitest';
import type { CardField } from '../../src/chat/core/card.ts';
import { CARD_DETAIL_LEVELS, cardAtDetail, fieldsWithin } from '../../src/chat/core/card-detail.ts';
import { renderCard as renderDingTalkCard } from '../../src/chat/dingtalk/card/render-card.ts';
import { renderCardBlocks } from '../../src/chat/slack/workflow/card-blocks.ts';
import { renderCardTemplate } from '../../src/chat/wecom/card/template-card.ts';
import { MEETING_PARAMS } from '../../src/domain/meetings/meeting.ts';
import { MEETING_RECORD_PARAMS } from '../../src/domain/meetings/plan.ts';
import type { WorkflowInstance } from '../../src/domain/workflow/types.ts';
import { type MeetingDirectory, meetingCardFields } from '../../src/features/meetings/meeting-card.ts';
import { cardWith } from '../support/card-fixtures.ts';

const MATERIALS = 'https://files.example.gov/meetings/2026-12-15/材料汇编.pdf';
const AGENDA = '研究明年防汛物资储备方案';

const directory: MeetingDirectory = {
  rooms: [{ id: 'room-1', name: '第一会议室', nameEn: null, capacity: 30 }],
  departments: [
    { id: 'water', name: '水政水资源科', nameEn: null },
    { id: 'office', name: '办公室', nameEn: null },
  ],
  people: Array.from({ length: 10 }, (_, i) => ({ id: `p${i}`, name: `参会人${i}`, nameEn: null })),
};

/** A meeting with every fact filled in: 12 fields. */
function meetingInstance(status = 'approved'): WorkflowInstance {
  const params: Record<string, unknown> = {
    [MEETING_PARAMS.startsAt]: '2026-12-15T01:00:00.000Z',
    [MEETING_PARAMS.endsAt]: '2026-12-15T03:00:00.000Z',
    [MEETING_PARAMS.roomId]: 'room-1',
    [MEETING_PARAMS.hostDepartmentId]: 'water',
    [MEETING_PARAMS.chair]: ['p0'],
    [MEETING_PARAMS.attendees]: directory.people.map((p) => p.id),
    [MEETING_PARAMS.attendeeDepartments]: ['office'],
    [MEETING_PARAMS.headcount]: '25',
    [MEETING_PARAMS.agenda]: AGENDA,
    [MEETING_PARAMS.materials]: MATERIALS,
    [MEETING_PARAMS.budget]: '3000',
    [MEETING_PARAMS.planned]: '1',
    [MEETING_RECORD_PARAMS.planEntryName]: '防汛工作会',
    [MEETING_RECORD_PARAMS.similarName]: '汛前检查部署会',
    [MEETING_RECORD_PARAMS.similarStartsAt]: '2026-12-16T01:00:00.000Z',
    [MEETING_RECORD_PARAMS.similarEndsAt]: '2026-12-16T02:00:00.000Z',
  };
  // The card's fields read the instance's params alone.
  return { params, status } as unknown as WorkflowInstance;
}

/** An attendee's card: their answer and 签到 first (as the viewer's own fields come), then the meeting's. */
function attendeeCard() {
  const own: CardField[] = [
    { label: '我的答复', value: '参加' },
    { label: '签到', value: '已签到 09:02' },
  ];
  const fields = [...own, ...meetingCardFields(directory, 'Asia/Shanghai')(meetingInstance(), 'zh')];
  return cardWith({ fields });
}

const KEY_LABELS = ['时间', '地点', '内容和议程', '会议材料'];

describe('meeting card: the key facts stay when fields are cut', () => {
  it('marks time, place, agenda and materials as the key fields, and has more fields than Slack shows', () => {
    const card = attendeeCard();
    expect(card.fields.length).toBeGreaterThan(10);
    expect(card.fields.filter((f) => f.keep).map((f) => f.label)).toEqual(KEY_LABELS);
  });

  it('keeps them on the card at every level of detail, leaving the later others out and counting them', () => {
    const card = attendeeCard();
    for (const level of CARD_DETAIL_LEVELS) {
      const view = cardAtDetail(card, 'zh', level);
      const labels = view.fields.map((f) => f.label);
      expect(labels).toEqual(expect.arrayContaining(KEY_LABELS));
      expect(labels.slice(0, 3)).toEqual(['我的答复', '签到', '时间']);
      expect(labels).not.toContain('合并或套开？');
      expect(view.fieldsMore).toBe(`另有 ${card.fields.length - 9} 项未显示`);
    }
  });

  it('shows the materials link, agenda, time and place on Slack, DingTalk and WeCom', () => {
    const card = attendeeCard();
    const slack = JSON.stringify(renderCardBlocks(card));
    const dingtalk = JSON.stringify(renderDingTalkCard(card));
    expect(slack).toContain(MATERIALS);
    // DingTalk's markdown shows people's text inert (a zero-width space after the scheme): the
    // address is all there as words, and the link is its own markup (tested below).
    expect(dingtalk).toContain(MATERIALS.replace('https://', 'https:\u200b//'));
    for (const drawn of [slack, dingtalk]) {
      expect(drawn).toContain(AGENDA);
      expect(drawn).toContain('第一会议室');
      for (const label of KEY_LABELS) expect(drawn).toContain(label);
    }
    expect(slack).toContain('另有');
    const wecom = renderCardTemplate(card, 'task-1');
    const rows = wecom.horizontal_content_list as Array<{ keyname: string; value: string }>;
    expect(rows.length).toBe(6);
    // WeCom's row keys are cut to 5 characters: 内容和议程 fits, the others are shorter.
    expect(rows.map((r) => r.keyname)).toEqual(['我的答复', '签到', ...KEY_LABELS]);
  });
});

describe('meeting card: the materials address is a link where a platform draws links', () => {
  const href = new URL(MATERIALS).href;

  it('links the materials on Slack, DingTalk and WeCom, showing the address as typed', () => {
    const card = attendeeCard();
    expect(card.fields.find((f) => f.label === '会议材料')).toMatchObject({ value: MATERIALS, url: href });
    expect(JSON.stringify(renderCardBlocks(card))).toContain(`<${href}|${MATERIALS}>`);
    expect(JSON.stringify(renderDingTalkCard(card))).toContain(`](${href})`);
    const rows = renderCardTemplate(card, 'task-1').horizontal_content_list as Array<Record<string, unknown>>;
    expect(rows.find((r) => r.keyname === '会议材料')).toMatchObject({ type: 1, url: href });
    // Other rows stay plain text.
    expect(rows.filter((r) => r.type !== undefined)).toHaveLength(1);
  });

  it('keeps materials that are not an http(s) address as plain words', () => {
    for (const materials of ['会上发放纸质材料', 'javascript:alert(1)', 'ftp://files.example.gov/a.pdf']) {
      const instance = meetingInstance();
      instance.params[MEETING_PARAMS.materials] = materials;
      const card = cardWith({ fields: meetingCardFields(directory, 'Asia/Shanghai')(instance, 'zh') });
      const field = card.fields.find((f) => f.label === '会议材料');
      expect(field?.value).toBe(materials);
      expect(field?.url).toBeUndefined();
      const rows = renderCardTemplate(card, 'task-1').horizontal_content_list as Array<
        Record<string, unknown>
      >;
      expect(rows.every((r) => r.type === undefined)).toBe(true);
      expect(JSON.stringify(renderDingTalkCard(card))).not.toMatch(/\]\((javascript|ftp)/);
    }
  });
});

describe('meeting card under review: the plan line and the similar-meeting flag stay for the approvers', () => {
  const approverCard = () =>
    cardWith({ fields: meetingCardFields(directory, 'Asia/Shanghai')(meetingInstance('running'), 'zh') });

  it('keeps the plan line and the similar-meeting flag (合并或套开？) with the key facts at every level of detail while the request is running', () => {
    const card = approverCard();
    expect(card.fields.length).toBeGreaterThan(10);
    expect(card.fields.filter((f) => f.keep).map((f) => f.label)).toEqual([
      ...KEY_LABELS,
      '计划',
      '合并或套开？',
    ]);
    for (const level of CARD_DETAIL_LEVELS) {
      const labels = cardAtDetail(card, 'zh', level).fields.map((f) => f.label);
      expect(labels).toEqual(expect.arrayContaining([...KEY_LABELS, '计划', '合并或套开？']));
    }
    // WeCom's six rows hold exactly these; the rows' values name the plan entry and the other meeting.
    const rows = renderCardTemplate(card, 'task-1').horizontal_content_list as Array<{ value: string }>;
    expect(rows).toHaveLength(6);
    expect(rows.some((r) => r.value.includes('防汛工作会'))).toBe(true);
    expect(rows.some((r) => r.value.includes('汛前检查部署会'))).toBe(true);
  });
});

describe('fieldsWithin', () => {
  const field = (label: string, keep = false): CardField => ({
    label,
    value: label,
    ...(keep ? { keep } : {}),
  });

  it('shows all fields that fit, as they are', () => {
    const fields = [field('a'), field('b', true)];
    expect(fieldsWithin(fields, 2)).toEqual({ shown: fields, leftOut: 0 });
  });

  it('gives the key fields the room first, then the others from the top, in the card’s order', () => {
    const fields = [field('a'), field('b'), field('k1', true), field('c'), field('k2', true)];
    const { shown, leftOut } = fieldsWithin(fields, 3);
    expect(shown.map((f) => f.label)).toEqual(['a', 'k1', 'k2']);
    expect(leftOut).toBe(2);
  });

  it('shows the first key fields when even they do not fit', () => {
    const fields = [field('a'), field('k1', true), field('k2', true), field('k3', true)];
    expect(fieldsWithin(fields, 2).shown.map((f) => f.label)).toEqual(['k1', 'k2']);
  });
});
