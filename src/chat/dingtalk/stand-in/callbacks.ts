// The data of the two CALLBACK topics as DingTalk fills them, so that tests and the playground
// push what a person's DingTalk client would cause. Field names follow the python SDK's
// chatbot.py (ChatbotMessage) and card_callback.py (CardCallbackMessage).

import { randomUUID } from 'node:crypto';
import { BUTTON_SLOTS, buttonActionId, buttonVars, PANEL_ACTION_IDS, PANEL_VARS } from '../card/template.ts';

/** How long a robot message's session webhook answers (DingTalk's are good for about 90 minutes). */
export const SESSION_WEBHOOK_TTL_MS = 90 * 60_000;

/** A person writing to the robot: in their chat with it, or with @robot in a group. */
export interface RobotMessageInput {
  senderStaffId: string;
  senderNick?: string;
  text: string;
  /** A group's openConversationId; omitted for the person's chat with the robot. */
  groupConversationId?: string;
  robotCode?: string;
}

/**
 * The robot callback's data (`/v1.0/im/bot/messages/get`). `sessionWebhook`: where answers in the
 * conversation go (a stand-in's own, see its `robotMessage`); by default an address nobody answers.
 */
export function robotMessageData(
  input: RobotMessageInput,
  now: number,
  sessionWebhook = 'https://stand-in.invalid/robot/sendBySession',
): Record<string, unknown> {
  const group = input.groupConversationId !== undefined;
  return {
    conversationId: input.groupConversationId ?? `cid-single-${input.senderStaffId}`,
    // '1': the person's chat with the robot; '2': a group (the robot only hears @-mentions there).
    conversationType: group ? '2' : '1',
    ...(group ? { isInAtList: true } : {}),
    msgId: `msg${randomUUID().replaceAll('-', '')}`,
    msgtype: 'text',
    text: { content: input.text },
    createAt: now,
    senderStaffId: input.senderStaffId,
    senderId: `$:LWCP_v1:$${input.senderStaffId}`,
    senderNick: input.senderNick ?? input.senderStaffId,
    senderCorpId: 'stand-in-corp',
    chatbotCorpId: 'stand-in-corp',
    chatbotUserId: 'stand-in-robot',
    robotCode: input.robotCode ?? 'stand-in-robot',
    isAdmin: false,
    sessionWebhook,
    sessionWebhookExpiredTime: now + SESSION_WEBHOOK_TTL_MS,
  };
}

/** A press on a card: its action ids, and the values of the card's inputs and selects. */
export interface CardClickInput {
  outTrackId: string;
  userId: string;
  actionIds: string[];
  params?: Record<string, unknown>;
  /** The card's space, as in its openSpaceId (default the person's chat with the robot). */
  spaceType?: 'IM_ROBOT' | 'IM_GROUP';
  spaceId?: string;
  /** The clicker's organisation, the item's workspace (default `stand-in-corp`, as robot messages). */
  corpId?: string;
}

/** The card callback's data (`/v1.0/card/instances/callback`); `content` is JSON inside a string. */
export function cardClickData(input: CardClickInput): Record<string, unknown> {
  return {
    corpId: input.corpId ?? 'stand-in-corp',
    type: 'actionCallback',
    userId: input.userId,
    outTrackId: input.outTrackId,
    spaceType: input.spaceType ?? 'IM_ROBOT',
    spaceId: input.spaceId ?? input.userId,
    userIdType: 1,
    content: JSON.stringify({ cardPrivateData: { actionIds: input.actionIds, params: input.params ?? {} } }),
    extension: '{}',
  };
}

/**
 * The params a press of the template's button `actionId` sends, read from the variables the
 * presser sees as the template binds them (docs/dingtalk-card-template.md): a slot `btn<k>` sends
 * its `action` and `value`; the panel's submit and cancel send the panel's, the submit with the
 * form's values as `form`. Undefined for a button the presser does not see.
 */
export function templateClickParams(
  seen: Readonly<Record<string, string>>,
  actionId: string,
  form: Record<string, unknown> = {},
): Record<string, unknown> | undefined {
  if (actionId === PANEL_ACTION_IDS.submit || actionId === PANEL_ACTION_IDS.cancel) {
    if (seen[PANEL_VARS.show] !== 'true') return undefined;
    const params = { action: seen[PANEL_VARS.action] ?? '', value: seen[PANEL_VARS.value] ?? '' };
    return actionId === PANEL_ACTION_IDS.submit ? { ...params, form } : params;
  }
  for (let index = 1; index <= BUTTON_SLOTS; index++) {
    if (buttonActionId(index) !== actionId) continue;
    const vars = buttonVars(index);
    if (seen[vars.show] !== 'true') return undefined;
    return { action: seen[vars.action] ?? '', value: seen[vars.value] ?? '' };
  }
  return undefined;
}
