// The one card-builder template every DingTalk card of the bot uses (workflow cards and replies
// with buttons): its variables, by name. The template is built once per installation in DingTalk's
// card builder (see the template's README); what it binds must match these names exactly.

/** Card variables, as DingTalk takes them: every value a string (lists and objects as JSON text). */
export type CardParamMap = Record<string, string>;

/** Per-person card variables (a viewer's own buttons), keyed by DingTalk userId. */
export type CardPrivateData = Record<string, { cardParamMap: CardParamMap }>;

/**
 * Button slots in the template. The most any viewer gets: a step holder who is also the requester
 * (同意, 驳回, 退回, 转交, 加签, 评论, 撤回, 作废 = 8) plus the feature buttons a card may carry
 * (归档, 催一下), so 10.
 */
export const BUTTON_SLOTS = 10;

/** The environment variable naming the template's id (`….schema`) in this installation. */
export const CARD_TEMPLATE_ID_ENV = 'DINGTALK_CARD_TEMPLATE_ID';

/** Names of the shared variables (the same for everyone who sees the card). */
export const CARD_VARS = {
  /** The line the chat list shows for the card (DingTalk's card summary). */
  lastMessage: 'lastMessage',
  /** The title (plain text, one line). */
  title: 'title',
  /** The state in a word or two (进行中 / 已通过 …), for the tag beside the title. */
  statusText: 'status_text',
  /** The tag's colour: `running`, `waiting`, `done` or `stopped`. */
  statusStyle: 'status_style',
  /** Everything else, as markdown: meta line, state, fields, route, history. */
  body: 'body_md',
  /** A short private word for one viewer (what happened to their click), markdown; empty: hidden. */
  notice: 'notice_md',
} as const;

/** The variables of button slot `index` (1-based). */
export function buttonVars(index: number): {
  text: string;
  show: string;
  style: string;
  action: string;
  value: string;
} {
  return {
    text: `btn${index}_text`,
    show: `btn${index}_show`,
    style: `btn${index}_style`,
    action: `btn${index}_action`,
    value: `btn${index}_value`,
  };
}

/** The `actionId` each slot's callback carries (configured in the template: `btn1` … `btn10`). */
export function buttonActionId(index: number): string {
  return `btn${index}`;
}

/** The panel: a short form on the card (an opinion, a reason, a confirmation) for one action. */
export const PANEL_VARS = {
  show: 'panel_show',
  /** What the panel asks (markdown). */
  text: 'panel_md',
  /** The form component's variable: JSON `{fields:[…]}`; no fields for a confirmation. */
  form: 'panel_form',
  submitText: 'panel_submit_text',
  cancelText: 'panel_cancel_text',
  /** The action and value the submit button sends back, like a button slot's. */
  action: 'panel_action',
  value: 'panel_value',
} as const;

/** The `actionId`s of the panel's submit and cancel buttons. */
export const PANEL_ACTION_IDS = { submit: 'panel_submit', cancel: 'panel_cancel' } as const;

/** The link button to the bot's web form (long forms), per viewer: the link is signed for them. */
export const WEB_FORM_VARS = {
  show: 'web_form_show',
  text: 'web_form_text',
  url: 'web_form_url',
} as const;

/** A slot's style variable: the template colours the button by it. */
export type ButtonStyle = 'primary' | 'danger' | 'normal';

/** The shared defaults that hide every per-viewer part: what a viewer without private data sees. */
export function hiddenViewerParts(): CardParamMap {
  const params: CardParamMap = {
    [PANEL_VARS.show]: 'false',
    [WEB_FORM_VARS.show]: 'false',
    [CARD_VARS.notice]: '',
  };
  for (let index = 1; index <= BUTTON_SLOTS; index++) params[buttonVars(index).show] = 'false';
  return params;
}

/** The private data of one viewer. */
export function privateDataFor(userId: string, params: CardParamMap): CardPrivateData {
  return { [userId]: { cardParamMap: { ...params } } };
}
