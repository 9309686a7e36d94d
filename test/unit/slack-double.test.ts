import { describe, expect, it } from 'vitest';
import { parseApiArgs } from '../../src/playground/server.ts';
import { createSlackDouble, TRIGGER_LIFETIME_MS } from '../../src/playground/slack-double.ts';

// The playground's Slack double must answer like Slack, errors included, or the playground would
// hide the bugs it exists to show.

const TOKEN = 'xoxb-double-test';

function double() {
  let now = Date.parse('2026-11-23T02:00:00Z');
  const d = createSlackDouble({
    teamId: 'T0TEST',
    botUserId: 'U0BOT',
    botToken: TOKEN,
    users: [
      { userId: 'U0AAA', name: '甲', nameEn: 'A', locale: 'zh' },
      { userId: 'U0BBB', name: '乙', nameEn: null, locale: 'en' },
    ],
    channels: [{ id: 'C0OFFICE', name: '办公室' }],
    baseUrl: () => 'http://127.0.0.1:9/slack/',
    now: () => now,
  });
  const call = (method: string, args: Record<string, unknown> = {}) => d.call(method, args, TOKEN);
  return { d, call, advance: (ms: number) => (now += ms) };
}

const modal = (title: string) => ({ type: 'modal', title: { type: 'plain_text', text: title }, blocks: [] });

describe('the Slack double', () => {
  it('checks the bot token and names unknown methods', () => {
    const { d } = double();
    expect(d.call('auth.test', {}, null)).toEqual({ ok: false, error: 'not_authed' });
    expect(d.call('auth.test', {}, 'xoxb-other')).toEqual({ ok: false, error: 'invalid_auth' });
    expect(d.call('auth.test', {}, TOKEN)).toMatchObject({ ok: true, team_id: 'T0TEST', user_id: 'U0BOT' });
    expect(d.call('chat.scheduleMessage', {}, TOKEN)).toEqual({ ok: false, error: 'unknown_method' });
  });

  it('posts to a user id as their direct message, and refuses unknown channels and empty messages', () => {
    const { d, call } = double();
    const posted = call('chat.postMessage', { channel: 'U0AAA', text: '你好' });
    expect(posted).toMatchObject({ ok: true, channel: 'D0AAA' });
    expect(call('conversations.open', { users: 'U0AAA' })).toEqual({ ok: true, channel: { id: 'D0AAA' } });
    expect(call('chat.postMessage', { channel: 'C0NOPE', text: 'x' })).toEqual({
      ok: false,
      error: 'channel_not_found',
    });
    expect(call('chat.postMessage', { channel: 'D0AAA', text: ' ' })).toEqual({
      ok: false,
      error: 'no_text',
    });
    const seenByA = d.snapshotFor('U0AAA').conversations.find((c) => c.id === 'D0AAA');
    expect(seenByA?.messages.map((m) => m.text)).toEqual(['你好']);
  });

  it('updates only its own messages that exist, marking them edited', () => {
    const { d, call } = double();
    const { ts } = call('chat.postMessage', { channel: 'C0OFFICE', text: 'v1' }) as unknown as { ts: string };
    expect(call('chat.update', { channel: 'C0OFFICE', ts, text: 'v2' })).toMatchObject({ ok: true });
    expect(d.findMessage('C0OFFICE', ts)).toMatchObject({ text: 'v2', edited: true });
    expect(call('chat.update', { channel: 'C0OFFICE', ts: '1.000001', text: 'v3' })).toEqual({
      ok: false,
      error: 'message_not_found',
    });
    const typed = d.postMessage({
      channel: 'C0OFFICE',
      text: '/doc',
      blocks: null,
      from: 'user',
      visibleTo: 'U0AAA',
    });
    expect(call('chat.update', { channel: 'C0OFFICE', ts: typed.ts, text: 'x' })).toEqual({
      ok: false,
      error: 'cant_update_message',
    });
  });

  it('shows an ephemeral message to its one user only, and never in someone else’s direct messages', () => {
    const { d, call } = double();
    expect(
      call('chat.postEphemeral', { channel: 'C0OFFICE', user: 'U0AAA', text: '仅你可见' }),
    ).toMatchObject({ ok: true });
    const messagesOf = (user: string) =>
      d
        .snapshotFor(user)
        .conversations.find((c) => c.id === 'C0OFFICE')
        ?.messages.map((m) => m.text);
    expect(messagesOf('U0AAA')).toEqual(['仅你可见']);
    expect(messagesOf('U0BBB')).toEqual([]);
    expect(call('chat.postEphemeral', { channel: 'D0AAA', user: 'U0BBB', text: 'x' })).toEqual({
      ok: false,
      error: 'user_not_in_channel',
    });
  });

  it('opens a modal only with a fresh trigger, once, for the person who acted', () => {
    const { d, call, advance } = double();
    const trigger = d.issueTrigger('U0AAA');
    const opened = call('views.open', { trigger_id: trigger, view: modal('同意') });
    expect(opened).toMatchObject({ ok: true, view: { type: 'modal', id: expect.any(String) } });
    expect(d.modalStackOf('U0AAA')).toHaveLength(1);
    expect(d.modalStackOf('U0BBB')).toHaveLength(0);
    expect(call('views.open', { trigger_id: trigger, view: modal('again') })).toEqual({
      ok: false,
      error: 'invalid_trigger',
    });
    const late = d.issueTrigger('U0AAA');
    advance(TRIGGER_LIFETIME_MS + 1);
    expect(call('views.open', { trigger_id: late, view: modal('late') })).toEqual({
      ok: false,
      error: 'expired_trigger_id',
    });
  });

  it('refuses a view update with a stale hash, or for a view that was closed', () => {
    const { d, call } = double();
    const opened = call('views.open', {
      trigger_id: d.issueTrigger('U0AAA'),
      view: modal('v1'),
    }) as unknown as {
      view: { id: string; hash: string };
    };
    const updated = call('views.update', {
      view_id: opened.view.id,
      hash: opened.view.hash,
      view: modal('v2'),
    });
    expect(updated).toMatchObject({ ok: true });
    expect(
      call('views.update', { view_id: opened.view.id, hash: opened.view.hash, view: modal('v3') }),
    ).toEqual({
      ok: false,
      error: 'hash_conflict',
    });
    d.closeModal('U0AAA', opened.view.id);
    expect(call('views.update', { view_id: opened.view.id, view: modal('v4') })).toEqual({
      ok: false,
      error: 'not_found',
    });
  });

  it('keeps at most three views in a modal stack', () => {
    const { d, call } = double();
    call('views.open', { trigger_id: d.issueTrigger('U0AAA'), view: modal('1') });
    call('views.push', { trigger_id: d.issueTrigger('U0AAA'), view: modal('2') });
    call('views.push', { trigger_id: d.issueTrigger('U0AAA'), view: modal('3') });
    expect(call('views.push', { trigger_id: d.issueTrigger('U0AAA'), view: modal('4') })).toEqual({
      ok: false,
      error: 'push_limit_reached',
    });
  });

  it('publishes an App Home per person', () => {
    const { d, call } = double();
    expect(
      call('views.publish', { user_id: 'U0AAA', view: { type: 'home', blocks: [{ type: 'divider' }] } }),
    ).toMatchObject({
      ok: true,
    });
    expect(call('views.publish', { user_id: 'U0AAA', view: modal('not a home') })).toEqual({
      ok: false,
      error: 'invalid_arguments',
    });
    expect(d.snapshotFor('U0AAA').home).toMatchObject({ type: 'home' });
    expect(d.snapshotFor('U0BBB').home).toBeNull();
  });

  it('takes a file in two steps and shares it in the channel it is completed to', () => {
    const { d, call } = double();
    const url = call('files.getUploadURLExternal', {
      filename: '发文登记簿-2026.csv',
      length: 12,
    }) as unknown as {
      upload_url: string;
      file_id: string;
    };
    expect(url.upload_url).toBe(`http://127.0.0.1:9/slack/upload/${url.file_id}`);
    expect(
      call('files.completeUploadExternal', { files: [{ id: url.file_id }], channel_id: 'D0AAA' }),
    ).toEqual({
      ok: false,
      error: 'file_not_found',
    });
    expect(d.receiveUpload(url.file_id, Buffer.from('文号,标题\n'))).toBe(true);
    expect(
      call('files.completeUploadExternal', {
        files: [{ id: url.file_id, title: '发文登记簿' }],
        channel_id: 'D0AAA',
        initial_comment: '登记簿见附件',
      }),
    ).toMatchObject({ ok: true });
    const [message] = d.snapshotFor('U0AAA').conversations.find((c) => c.id === 'D0AAA')?.messages ?? [];
    expect(message).toMatchObject({
      text: '登记簿见附件',
      files: [{ title: '发文登记簿', name: '发文登记簿-2026.csv' }],
    });
  });
});

describe('Web API arguments', () => {
  it('reads a form whose object fields are JSON text, as @slack/web-api sends them', () => {
    const body = new URLSearchParams({ channel: 'D1', text: '[1]', blocks: '[{"type":"divider"}]' });
    expect(parseApiArgs(Buffer.from(body.toString()), 'application/x-www-form-urlencoded')).toEqual({
      channel: 'D1',
      text: '[1]',
      blocks: [{ type: 'divider' }],
    });
  });

  it('reads a JSON body, and nothing from a broken one', () => {
    expect(parseApiArgs(Buffer.from('{"channel":"C1"}'), 'application/json; charset=utf-8')).toEqual({
      channel: 'C1',
    });
    expect(parseApiArgs(Buffer.from('{"channel":'), 'application/json')).toEqual({});
  });
});
