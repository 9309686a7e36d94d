// User texts of a meeting's actual cost (实际费用, `/meeting cost`): the usage, what was recorded or
// corrected, and the refusals, in Chinese (the default) and English. Installed with the feature's
// other texts (see minutes-messages).

import { MAX_MEETING_COST_YUAN } from '../../domain/meetings/cost.ts';
import { defineMessages } from '../../shared/i18n.ts';

const zh = {
  'meeting.cost.usage':
    '用法：/meeting cost <会议名称或编号> <金额>，如 /meeting cost 防汛工作部署会 1280.50。会议结束后由组织者或办公室登记实际费用（元，最多两位小数），再次登记即更正。',
  'meeting.cost.recorded': '已登记会议《{title}》的实际费用：{amount} 元。',
  'meeting.cost.corrected': '已将会议《{title}》的实际费用由 {previous} 元更正为 {amount} 元。',
  'meeting.cost.same': '会议《{title}》的实际费用已是 {amount} 元，没有变化。',
  'meeting.cost.error.invalid': '“{word}”不是金额，请以元为单位填写，如 1280 或 1280.50。',
  'meeting.cost.error.negative': '实际费用不能为负数（“{word}”）。',
  'meeting.cost.error.decimals': '金额最多两位小数（到分），如 1280.50；“{word}”不行。',
  'meeting.cost.error.too_large': `实际费用不能超过 ${MAX_MEETING_COST_YUAN} 元（“{word}”）。`,
  'meeting.cost.unknown': '没有找到已批准的会议“{word}”。请写会议名称，或会议编号。',
  'meeting.cost.ambiguous': '有几次会议都符合：{entries}。请写会议编号，如 /meeting cost <编号> <金额>。',
  'meeting.cost.ambiguous_entry': '《{title}》（编号 {number}，{time}）',
  'error.meeting_cost_forbidden': '会议的实际费用由会议的组织者或办公室（办公室负责人、办公室秘书）登记。',
  'error.meeting_cost_not_approved': '会议《{title}》未获批准，不登记实际费用。',
  'error.meeting_cost_cancelled': '会议《{title}》已取消，不登记实际费用。',
  'error.meeting_cost_not_held': '会议《{title}》（{timeZh}）尚未结束，会议结束后再登记实际费用。',
} as const;

const en: { readonly [K in keyof typeof zh]: string } = {
  'meeting.cost.usage':
    'Usage: /meeting cost <meeting name or number> <amount>, e.g. /meeting cost 防汛工作部署会 1280.50. Once the meeting has ended, its organiser or the office records its actual cost (yuan, at most two decimals); recording again corrects it.',
  'meeting.cost.recorded': 'Actual cost of “{title}” recorded: {amount} yuan.',
  'meeting.cost.corrected': 'Actual cost of “{title}” corrected from {previous} to {amount} yuan.',
  'meeting.cost.same': 'The actual cost of “{title}” is {amount} yuan already; nothing changed.',
  'meeting.cost.error.invalid': '“{word}” is not an amount; give it in yuan, e.g. 1280 or 1280.50.',
  'meeting.cost.error.negative': 'The actual cost cannot be negative (“{word}”).',
  'meeting.cost.error.decimals':
    'An amount has at most two decimals (to the fen), e.g. 1280.50; not “{word}”.',
  'meeting.cost.error.too_large': `The actual cost cannot exceed ${MAX_MEETING_COST_YUAN} yuan (“{word}”).`,
  'meeting.cost.unknown': 'No approved meeting “{word}”. Give the meeting’s name or its number.',
  'meeting.cost.ambiguous':
    'Several meetings match: {entries}. Give the meeting’s number: /meeting cost <number> <amount>.',
  'meeting.cost.ambiguous_entry': '“{title}” (number {number}, {time})',
  'error.meeting_cost_forbidden':
    'A meeting’s actual cost is recorded by its organiser or the office (the office head, the office secretaries).',
  'error.meeting_cost_not_approved': '“{title}” was not approved; no actual cost is recorded for it.',
  'error.meeting_cost_cancelled': '“{title}” was cancelled; no actual cost is recorded for it.',
  'error.meeting_cost_not_held':
    '“{title}” ({timeEn}) has not ended yet; record its actual cost once it has.',
};

/** The actual cost's texts, installed with the feature's others. */
export const MEETING_COST_MESSAGES = defineMessages({ zh, en });

type MeetingCostMessages = typeof zh;

declare module '../../shared/i18n.ts' {
  interface Messages extends MeetingCostMessages {}
}
