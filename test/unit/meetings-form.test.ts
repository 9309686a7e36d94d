import { describe, expect, it } from 'vitest';
import { validateForm } from '../../src/chat/core/form-spec.ts';
import { readSlackModal, renderSlackModal } from '../../src/chat/slack/form-view.ts';
import { MEETING_REQUEST_BINDING } from '../../src/chat/slack/meetings/form-bindings.ts';
import { parseMeetingCommand, roomsMatching } from '../../src/features/meetings/meeting-commands.ts';
import {
  type MeetingFormChoices,
  meetingFormSpec,
  meetingOfForm,
} from '../../src/features/meetings/meeting-form.ts';
import { blockKitProblems } from '../support/block-kit.ts';

// The meeting request form: each field's own check and the form's checks across fields (times in
// the unit's zone, a place outside, someone invited, a 临时会议's reason), in Chinese and English;
// a valid submission read into the request; the Slack modal drawn within Block Kit's limits and
// read back; and the words of `/meeting`.

const NOW = new Date('2026-11-23T01:30:00Z'); // Monday 09:30 in Shanghai
const choices: MeetingFormChoices = {
  rooms: [
    { id: 'room-301', name: '第一会议室', nameEn: 'Room 301', capacity: 30 },
    { id: 'hall', name: '大会议室', nameEn: null, capacity: 120 },
  ],
  people: [
    { id: 'gao-yan', name: '高岩', nameEn: 'Gao Yan' },
    { id: 'ma-qiang', name: '马强', nameEn: null },
  ],
  departments: [
    { id: 'office', name: '办公室', nameEn: 'Office' },
    { id: 'water', name: '水政科', nameEn: null },
  ],
  hosts: [{ id: 'water', name: '水政科', nameEn: null }],
  chairs: [{ id: 'lead', name: '王振华', nameEn: 'Wang Zhenhua' }],
  initialHost: 'water',
  timeZone: 'Asia/Shanghai',
  now: NOW,
};
const spec = meetingFormSpec(choices);
const good = {
  name: '防汛工作部署会',
  agenda: '部署防汛值班',
  day: '2026-11-25',
  start: '９:00',
  end: '11点',
  room: 'room-301',
  place: '',
  attendees: ['gao-yan'],
  departments: ['office'],
  host: 'water',
  chair: 'lead',
  materials: '',
  budget: '3000元',
  planned: 'unplanned',
  reason: '汛情突变，需立即部署',
};

describe('the meeting request form', () => {
  it('reads a valid submission into the request, times in the unit’s zone', () => {
    const checked = validateForm(spec, good, 'zh');
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(meetingOfForm(checked.values, 'Asia/Shanghai', NOW)).toEqual({
      secrecy: 'internal',
      reference: null,
      name: '防汛工作部署会',
      agenda: '部署防汛值班',
      startsAt: new Date('2026-11-25T01:00:00Z'),
      endsAt: new Date('2026-11-25T03:00:00Z'),
      roomId: 'room-301',
      place: null,
      attendees: ['gao-yan'],
      departments: ['office'],
      hostDepartmentId: 'water',
      chairId: 'lead',
      materials: null,
      budget: 3000,
      planned: false,
      unplannedReason: '汛情突变，需立即部署',
    });
    const outside = validateForm(spec, { ...good, room: 'outside', place: '县防汛指挥部' }, 'zh');
    expect(outside.ok && meetingOfForm(outside.values, 'Asia/Shanghai', NOW)).toMatchObject({
      roomId: null,
      place: '县防汛指挥部',
    });
  });

  it('refuses what is missing or wrong beside its field, in Chinese and English', () => {
    const errors = (input: Record<string, unknown>, locale: 'zh' | 'en' = 'zh') => {
      const checked = validateForm(spec, input as never, locale);
      return checked.ok ? {} : checked.errors;
    };
    // The name is wanted unless the meeting is classified: a check across fields, once each field reads.
    expect(errors({ ...good, name: '' })).toEqual({ name: '请填写会议名称。' });
    expect(errors({ ...good, name: '', chair: 'someone', materials: 'pan/fx', budget: '-1' })).toEqual({
      chair: '请从列表中选择主持领导。',
      materials: '请填写以 http:// 或 https:// 开头的链接。',
      budget: '预算应为 0 到 100000000 的整数（元）。',
    });
    expect(
      errors({
        ...good,
        start: '10:00',
        end: '09:00',
        room: 'outside',
        reason: '',
        attendees: [],
        departments: [],
      }),
    ).toEqual({
      end: '结束时间应晚于开始时间。',
      place: '选择外部场所时请填写地点。',
      reason: '临时会议须写明召开理由（一事一报）。',
      attendees: '请至少选择一位参会人员或一个参会部门。',
    });
    expect(errors({ ...good, day: '2026-11-23', start: '08:00', end: '09:00' })).toEqual({
      start: '会议开始时间已过，请另选时间。',
    });
    expect(errors({ ...good, start: '07:00', end: '20:00' }, 'en')).toEqual({
      end: 'A meeting may last at most 12 hours.',
    });
    expect(errors({ ...good, room: 'nowhere', planned: '' }, 'en')).toEqual({
      room: 'Please pick a room, or a place outside.',
      planned: 'Please say whether the meeting is in this year’s plan.',
    });
  });

  it('is a Slack modal within Block Kit’s limits, read back by its binding', () => {
    const view = renderSlackModal(spec, MEETING_REQUEST_BINDING, 'zh');
    expect(blockKitProblems(view, 'view')).toEqual([]);
    const { input } = readSlackModal(MEETING_REQUEST_BINDING, {
      meeting_name: { meeting_name_input: { type: 'plain_text_input', value: '防汛工作部署会' } },
      meeting_room: { meeting_room_input: { type: 'static_select', selected_option: { value: 'hall' } } },
      meeting_attendees: {
        meeting_attendees_input: { type: 'multi_static_select', selected_options: [{ value: 'ma-qiang' }] },
      },
    });
    expect(input).toEqual({ name: '防汛工作部署会', room: 'hall', attendees: ['ma-qiang'] });
  });
});

describe('/meeting', () => {
  it('reads its sub-commands in either language, and anything else as a request for the usage', () => {
    expect(parseMeetingCommand('new')).toEqual({ kind: 'new' });
    expect(parseMeetingCommand(' 申请 ')).toEqual({ kind: 'new' });
    expect(parseMeetingCommand('rooms 第一会议室 2026-11-25')).toEqual({
      kind: 'rooms',
      words: ['第一会议室', '2026-11-25'],
    });
    expect(parseMeetingCommand('会议室')).toEqual({ kind: 'rooms', words: [] });
    expect(parseMeetingCommand('')).toEqual({ kind: 'help' });
    expect(parseMeetingCommand('decisions')).toEqual({ kind: 'help' });
  });

  it('finds a room by id, name or part of a name', () => {
    const rooms = choices.rooms.map((r) => ({ ...r, equipment: [] }));
    expect(roomsMatching('HALL', rooms).map((r) => r.id)).toEqual(['hall']);
    expect(roomsMatching('room 301', rooms).map((r) => r.id)).toEqual(['room-301']);
    expect(roomsMatching('会议室', rooms).map((r) => r.id)).toEqual(['room-301', 'hall']);
    expect(roomsMatching('礼堂', rooms)).toEqual([]);
  });
});
