import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SLASH_COMMANDS } from '../../src/chat/slack/ids.ts';
import { describeVariables } from '../../src/config.ts';

interface Manifest {
  display_information: { name: string; description: string; long_description: string };
  features: {
    app_home: { home_tab_enabled: boolean };
    bot_user: { display_name: string };
    slash_commands: Array<{ command: string; url: string; description: string; usage_hint: string }>;
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { request_url: string; bot_events: string[] };
    interactivity: { is_enabled: boolean; request_url: string };
    socket_mode_enabled: boolean;
  };
}

const manifest = JSON.parse(readFileSync('manifest.json', 'utf8')) as Manifest;

describe('the Slack app manifest', () => {
  it('declares exactly the slash commands the bot listens to', () => {
    const declared = manifest.features.slash_commands.map((c) => c.command).sort();
    expect(declared).toEqual(Object.values(SLASH_COMMANDS).sort());
  });

  it('sends commands, events and interactivity to the one endpoint the bot serves', () => {
    const urls = [
      ...manifest.features.slash_commands.map((c) => c.url),
      manifest.settings.event_subscriptions.request_url,
      manifest.settings.interactivity.request_url,
    ];
    for (const url of urls) expect(new URL(url).pathname).toBe('/slack/events');
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
  });

  it('asks for the least bot scopes the bot uses, and no user scopes', () => {
    expect(manifest.oauth_config.scopes.bot.sort()).toEqual(
      ['chat:write', 'commands', 'files:write', 'im:write', 'users:read'].sort(),
    );
    expect(Object.keys(manifest.oauth_config.scopes)).toEqual(['bot']);
  });

  it('enables App Home and subscribes to its opening', () => {
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.settings.event_subscriptions.bot_events).toContain('app_home_opened');
  });

  it('stays within Slack’s field lengths', () => {
    expect(manifest.display_information.name.length).toBeLessThanOrEqual(35);
    expect(manifest.features.bot_user.display_name.length).toBeLessThanOrEqual(80);
    expect(manifest.display_information.description.length).toBeLessThanOrEqual(140);
    expect(manifest.display_information.long_description.length).toBeGreaterThanOrEqual(174);
    expect(manifest.display_information.long_description.length).toBeLessThanOrEqual(4000);
    for (const c of manifest.features.slash_commands) {
      expect(c.description.length).toBeLessThanOrEqual(100);
      expect(c.usage_hint.length).toBeLessThanOrEqual(100);
    }
  });
});

describe('the README', () => {
  const readme = readFileSync('README.md', 'utf8');

  it('opens with the command that starts the bot and the one that runs the tests', () => {
    const firstBlock = readme.split('```')[1] ?? '';
    expect(firstBlock).toContain('npm start');
    expect(firstBlock).toContain('npm test');
  });

  it('documents every environment variable the bot reads (in the operations guide it links to)', () => {
    const operations = readFileSync('docs/operations.md', 'utf8');
    expect(readme).toContain('(docs/operations.md#configuration)');
    for (const [name] of describeVariables()) expect(operations).toContain(`| \`${name}\` |`);
  });
});
