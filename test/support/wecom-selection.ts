import { randomUUID } from 'node:crypto';
import { renderSelectionCard, type SelectionCard } from '../../src/chat/wecom/card/selection-card.ts';

// A selection card as the bot sends it, for the playground's tests that draw and submit one: the
// secretary's sign-in list (高燕, 马强) of a meeting that does not exist, so the bot, reading its
// submit, says the matter has changed and changes nothing.

/** The sign-in list titled `title` as a vote_interaction card with task id `taskId`. */
export function signInListCard(title: string, taskId: string): SelectionCard {
  const card = renderSelectionCard(
    {
      id: 'meeting.signin',
      title: { text: title },
      submitLabel: { text: '签到' },
      notices: [],
      fields: [
        {
          id: 'people',
          kind: 'checkbox',
          label: { text: '到场人员' },
          required: true,
          options: [
            { value: 'gao-yan', label: { text: '高燕（未回复）' } },
            { value: 'ma-qiang', label: { text: '马强（请假）' } },
          ],
        },
      ],
    },
    'zh',
    { key: { formId: 'meeting.signin', params: { i: randomUUID() } }, taskId },
  );
  if (card === null) throw new Error('the sign-in list no longer fits on a selection card');
  return card;
}
