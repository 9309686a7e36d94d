import { parseDocument } from 'yaml';
import type { RunningBot } from '../../src/bot.ts';
import type { FakeClock } from './fake-clock.ts';
import type { CapturedLogs } from './logs.ts';
import { type Fields, meetingFields } from './meeting-forms.ts';
import type { OfficeCard, OfficeUser } from './office-people.ts';

// What the meeting tests on DingTalk and WeCom share: the office on either platform as the
// meeting steps use it, a meeting requested on the bot's web form page by typing `会议 new` and
// approved on the approvers' cards, and an organisation file grown to many people for a meeting
// whose cards must still fit the platform.

/** Shanghai local time → Date (UTC+8, no DST). */
export const local = (iso: string) => new Date(`${iso}+08:00`);

/** The host department's head and the office head, who approve before the chair. */
export const MEETING_APPROVERS = ['liu-yang', 'zhao-min'] as const;

/** The office on one platform, as the meeting tests drive it. */
export interface MeetingOffice<Card extends OfficeCard = OfficeCard> {
  bot: RunningBot;
  clock: FakeClock;
  logs: CapturedLogs;
  prisma: RunningBot['db']['prisma'];
  user(personId: string): OfficeUser<Card>;
  stop(): Promise<void>;
}

/**
 * `organiser` types `会议 new`, fills the request on the web form page the link opens with
 * `fields` (see {@link meetingFields}), and the host head, the office head and the chair approve
 * it on their cards. Answers the form link.
 */
export async function requestAndApprove(
  office: MeetingOffice,
  organiser: string,
  fields: Fields,
): Promise<string> {
  const link = await office.user(organiser).askForForm('会议 new');
  const sent = await office.user(organiser).submit(link, fields);
  if (sent.status !== 200) throw new Error(`the request form answered ${sent.status}: ${sent.html}`);
  const title = fields.name as string;
  for (const approver of [...MEETING_APPROVERS, fields.chair as string]) {
    await office.user(approver).act(title, '同意', '同意。');
  }
  return link;
}

/** A meeting's request fields, on `day` (see {@link meetingFields}). */
export { meetingFields };

/** The ids of the people {@link withStaff} adds. */
export const staffIds = (count: number) =>
  Array.from({ length: count }, (_, i) => `staff-${String(i + 1).padStart(2, '0')}`);

/**
 * An organisation file (as the office writes it, accounts set) with `count` more people in the
 * rural water department, each with their account on the platform (`field`, `idOf`).
 */
export function withStaff(
  count: number,
  field: 'dingtalk_user_id' | 'wecom_user_id',
  idOf: (personId: string) => string,
): (yaml: string) => string {
  return (yaml) => {
    const document = parseDocument(yaml);
    const people = document.get('people') as { add(value: unknown): void };
    staffIds(count).forEach((id, index) => {
      people.add(
        document.createNode({
          id,
          name: `职员${index + 1}号`,
          name_en: `Staff ${index + 1}`,
          title: '科员',
          department: 'rural-water',
          clearance: 'public',
          [field]: idOf(id),
        }),
      );
    });
    return document.toString();
  };
}
