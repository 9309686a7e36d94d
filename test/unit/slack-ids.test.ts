import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { SLASH_COMMANDS } from '../../src/chat/slack/ids.ts';
import { SLACK_EVENTS_PATH } from '../../src/chat/slack/slack-app.ts';

interface Manifest {
  features: { slash_commands: Array<{ command: string; url: string }> };
  settings: {
    event_subscriptions: { request_url: string; bot_events: string[] };
    interactivity: { request_url: string };
  };
}

const manifest = JSON.parse(
  await readFile(new URL('../../manifest.json', import.meta.url), 'utf8'),
) as Manifest;

describe('Slack ids and the app manifest', () => {
  it('declares exactly the slash commands the bot answers', () => {
    const declared = manifest.features.slash_commands.map((c) => c.command).sort();
    expect(declared).toEqual(Object.values(SLASH_COMMANDS).sort());
  });

  it('sends commands, events and interactivity to the path the HTTP receiver serves', () => {
    const urls = [
      ...manifest.features.slash_commands.map((c) => c.url),
      manifest.settings.event_subscriptions.request_url,
      manifest.settings.interactivity.request_url,
    ];
    for (const url of urls) expect(new URL(url).pathname).toBe(SLACK_EVENTS_PATH);
  });

  it('subscribes to app_home_opened, which publishes the App Home', () => {
    expect(manifest.settings.event_subscriptions.bot_events).toContain('app_home_opened');
  });
});
