import { describe, expect, it } from 'vitest';
import { checkSlackBody, checkSocketEnvelope, summarizeSlackBody } from '../../src/chat/slack/inbound.ts';

// Every kind of body Slack sends must pass the shape check (a refusal would be a 400 to Slack);
// the refused ones are covered against the running runtime in the integration tests.

const user = { id: 'U1', username: 'xu', team_id: 'T1' };
const team = { id: 'T1', domain: 'office' };
const view = {
  id: 'V1',
  team_id: 'T1',
  type: 'modal',
  callback_id: 'wf_action_modal',
  private_metadata: '{"i":"x"}',
  hash: 'h',
  state: { values: { wf_modal_comment: { wf_comment_input: { type: 'plain_text_input', value: '同意' } } } },
};

/** A slash command as Bolt's form parser returns it (a null-prototype object of strings). */
function commandForm(fields: Record<string, string>): Record<string, string> {
  return Object.assign(Object.create(null) as Record<string, string>, fields);
}

const VALID: Array<[string, unknown, string]> = [
  ['an ssl_check', { ssl_check: '1' }, 'ssl_check'],
  ['a url_verification', { token: 't', challenge: 'c', type: 'url_verification' }, 'url_verification'],
  [
    'a slash command',
    commandForm({
      token: 't',
      team_id: 'T1',
      channel_id: 'C1',
      user_id: 'U1',
      command: '/doc',
      text: 'approve 关于…的请示',
      response_url: 'https://hooks.slack.com/commands/1',
      trigger_id: '1.2.3',
      is_enterprise_install: 'false',
    }),
    'command',
  ],
  [
    'a slash command with no text field',
    commandForm({ command: '/seal', team_id: 'T1', user_id: 'U1' }),
    'command',
  ],
  [
    'an app_home_opened event',
    {
      type: 'event_callback',
      team_id: 'T1',
      event_id: 'Ev1',
      event: { type: 'app_home_opened', user: 'U1', channel: 'D1', tab: 'home' },
      authorizations: [{ team_id: 'T1', enterprise_id: null, is_enterprise_install: false }],
    },
    'event',
  ],
  [
    'a reaction event on a message item',
    {
      type: 'event_callback',
      event: { type: 'reaction_added', user: 'U1', item: { type: 'message', channel: 'C1' } },
    },
    'event',
  ],
  [
    'a channel event with a channel object',
    { type: 'event_callback', event: { type: 'channel_created', channel: { id: 'C1', creator: 'U1' } } },
    'event',
  ],
  ['an app_uninstalled event', { type: 'event_callback', event: { type: 'app_uninstalled' } }, 'event'],
  [
    'a button click on a message',
    {
      type: 'block_actions',
      team,
      user,
      container: { type: 'message', message_ts: '1.1', channel_id: 'D1' },
      channel: { id: 'D1', name: 'directmessage' },
      response_url: 'https://hooks.slack.com/actions/1',
      trigger_id: '1.2.3',
      actions: [{ action_id: 'wf_approve', block_id: 'b', type: 'button', value: 'v', action_ts: '1' }],
    },
    'action',
  ],
  [
    'a menu choice inside a modal, in an org-wide install (team null)',
    {
      type: 'block_actions',
      team: null,
      enterprise: { id: 'E1' },
      user,
      container: { type: 'view', view_id: 'V1' },
      view,
      actions: [{ action_id: 'pick', type: 'static_select', selected_option: { value: 'a' } }],
    },
    'action',
  ],
  [
    'a legacy interactive_message',
    {
      type: 'interactive_message',
      callback_id: 'old',
      user,
      team,
      actions: [{ name: 'ok', type: 'button' }],
    },
    'action',
  ],
  [
    'a dialog_submission',
    { type: 'dialog_submission', callback_id: 'd', user, team, submission: { a: '1' } },
    'action',
  ],
  ['a view_submission', { type: 'view_submission', team, user, view, trigger_id: '1.2.3' }, 'view'],
  [
    'a view_submission with response_urls',
    {
      type: 'view_submission',
      team,
      user,
      view,
      response_urls: [
        { block_id: 'b', action_id: 'a', channel_id: 'C1', response_url: 'https://hooks.slack.com/x' },
      ],
    },
    'view',
  ],
  [
    'a view_closed',
    { type: 'view_closed', team, user, view: { ...view, state: undefined }, is_cleared: false },
    'view',
  ],
  [
    'a global shortcut',
    { type: 'shortcut', callback_id: 'new_doc', trigger_id: '1.2.3', user, team },
    'shortcut',
  ],
  [
    'a message shortcut',
    {
      type: 'message_action',
      callback_id: 'file',
      user,
      team,
      channel: { id: 'C1' },
      message: { ts: '1.1' },
    },
    'shortcut',
  ],
  [
    'a block_suggestion',
    { type: 'block_suggestion', user, team, action_id: 'find', block_id: 'b', value: '水' },
    'options',
  ],
  [
    'an app_rate_limited notice',
    { token: 't', type: 'app_rate_limited', team_id: 'T1', minute_rate_limited: 1, api_app_id: 'A1' },
    'other',
  ],
  ['a dialog_cancellation', { type: 'dialog_cancellation', callback_id: 'd', user, team }, 'other'],
];

describe('checkSlackBody', () => {
  it.each(VALID)('lets %s through', (_what, body, kind) => {
    expect(checkSlackBody(body)).toEqual({ ok: true, kind });
  });

  it.each([
    ['null', null, 'the body is null'],
    ['a number', 5, 'the body is a number'],
    ['an array', [], 'the body is an array'],
    ['an object without type', {}, 'other: type:'],
    ['a view_submission without view', { type: 'view_submission', user }, 'view: view:'],
    ['block_actions with actions null', { type: 'block_actions', user, actions: null }, 'action: actions:'],
  ])('refuses %s and says where', (_what, body, reason) => {
    const check = checkSlackBody(body);
    expect(check.ok).toBe(false);
    expect(check.ok ? '' : check.reason).toContain(reason);
  });
});

describe('checkSocketEnvelope', () => {
  it.each([
    ['hello', { type: 'hello', num_connections: 1, connection_info: { app_id: 'A1' } }],
    ['disconnect', { type: 'disconnect', reason: 'refresh_requested' }],
    [
      'events_api',
      { type: 'events_api', envelope_id: 'e', payload: { type: 'event_callback', event: { type: 'x' } } },
    ],
    ['slash_commands', { type: 'slash_commands', envelope_id: 'e', payload: { command: '/doc' } }],
    ['interactive', { type: 'interactive', envelope_id: 'e', payload: { type: 'block_actions' } }],
  ])('lets a %s envelope through, as a Buffer or a string', (_what, envelope) => {
    const text = JSON.stringify(envelope);
    expect(checkSocketEnvelope(text)).toEqual({ ok: true });
    expect(checkSocketEnvelope(Buffer.from(text))).toEqual({ ok: true });
  });

  it('leaves the payload of an interactive envelope to the body check', () => {
    expect(checkSocketEnvelope('{"type":"interactive","envelope_id":"e","payload":null}')).toEqual({
      ok: true,
    });
  });
});

describe('summarizeSlackBody', () => {
  it('names what a request asked for, never its token, response_url or text', () => {
    const summary = summarizeSlackBody({
      type: 'block_actions',
      team: { id: 'T1', domain: 'office' },
      user: { id: 'U1', team_id: 'T1' },
      token: 'legacy-token',
      response_url: 'https://hooks.slack.com/actions/secret',
      trigger_id: '1.2.3',
      actions: [{ action_id: 'no_such_button', value: '{"i":"x"}' }],
    });

    expect(summary).toEqual({
      type: 'block_actions',
      actionId: 'no_such_button',
      requestId: '1.2.3',
      userId: 'U1',
      teamId: 'T1',
    });
  });
});
