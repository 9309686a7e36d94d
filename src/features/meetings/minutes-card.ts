// What the cards of minutes and decisions show, and how their requesters are told: the minutes'
// text, decisions (with owner and time allowed) and extra range for the chairing leader who signs
// them; a decision's meeting and time allowed for its owner. The drafter is told when the minutes
// are signed or returned (with the opinion and how to revise them); the organiser when a decision
// is done, with its result. Drawn from the instance and the organisation file's names.

import type { NoticeOf } from '../../chat/core/card-assembly.ts';
import { DECISION_PARAMS, draftOf } from '../../domain/meetings/minutes.ts';
import type { WorkflowInstance } from '../../domain/workflow/types.ts';
import { countedKey, type Locale, type PlainMessageKey, t } from '../../shared/i18n.ts';
import type { DirectoryEntry } from '../feature-module.ts';
import type { MeetingDirectory } from './meeting-card.ts';

type Fields = Array<{ label: string; value: string }>;

const nameOf = (entries: ReadonlyArray<DirectoryEntry>, id: string, locale: Locale) => {
  const entry = entries.find((x) => x.id === id);
  return entry ? (locale === 'en' ? (entry.nameEn ?? entry.name) : entry.name) : id;
};

/** The key fields of the minutes' card. */
export function minutesCardFields(
  directory: Pick<MeetingDirectory, 'people' | 'departments'>,
): (instance: WorkflowInstance, locale: Locale) => Fields {
  return (instance, locale) => {
    const draft = draftOf(instance.params);
    const separator = locale === 'en' ? ', ' : '、';
    const fields: Fields = [];
    const add = (label: PlainMessageKey, value: string) => {
      if (value) fields.push({ label: t(locale, label), value });
    };
    add('meeting.minutes.card.summary', draft.summary);
    add(
      'meeting.minutes.card.decisions',
      draft.decisions
        .map((d, i) =>
          t(locale, countedKey('meeting.minutes.notice_decision', d.days), {
            n: i + 1,
            text: d.text,
            owner: d.departmentId
              ? `${nameOf(directory.departments, d.departmentId, locale)}（${nameOf(directory.people, d.ownerId, locale)}）`
              : nameOf(directory.people, d.ownerId, locale),
            days: d.days,
          }),
        )
        .join('\n'),
    );
    add(
      'meeting.minutes.card.range',
      [
        ...draft.rangePeople.map((id) => nameOf(directory.people, id, locale)),
        ...draft.rangeDepartments.map((id) => nameOf(directory.departments, id, locale)),
      ].join(separator),
    );
    return fields;
  };
}

const paramText = (instance: WorkflowInstance, key: string) => {
  const value = instance.params[key];
  return typeof value === 'string' ? value : '';
};

/** The key fields of a decision's card. */
export function decisionCardFields(instance: WorkflowInstance, locale: Locale): Fields {
  const fields: Fields = [];
  const meeting = paramText(instance, DECISION_PARAMS.meetingTitle);
  if (meeting) fields.push({ label: t(locale, 'meeting.decision.card.meeting'), value: meeting });
  const days = paramText(instance, DECISION_PARAMS.days);
  if (days) {
    fields.push({
      label: t(locale, 'meeting.decision.card.days'),
      value: t(locale, countedKey('meeting.decision.card.days_value', days), { days }),
    });
  }
  return fields;
}

/** The drafter's notices: minutes signed, or returned with the opinion and how to revise them. */
export const minutesNotice: NoticeOf = (instance, event) => {
  const none: Record<string, string> = {};
  if (event === 'approved') return { key: 'meeting.minutes.signed_notice', params: none };
  if (event !== 'returned') return null;
  const opinion = instance.steps
    .flatMap((s) => s.assignments)
    .filter((a) => a.status === 'returned' && a.comment)
    .sort((a, b) => (a.actedAt ?? '').localeCompare(b.actedAt ?? ''))
    .at(-1)?.comment;
  return { key: 'meeting.minutes.returned_notice', params: { opinion: opinion ?? '' } };
};

/** The organiser's notice of a decision done, with its result. */
export const decisionNotice: NoticeOf = (instance, event) => {
  if (event !== 'approved') return null;
  const step = instance.steps.findLast((s) => s.result !== null);
  return {
    key: 'meeting.decision.done',
    params: { meeting: paramText(instance, DECISION_PARAMS.meetingTitle), result: step?.result ?? '' },
  };
};
