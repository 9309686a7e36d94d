import type { App } from '@slack/bolt';
import { describe, expect, it, vi } from 'vitest';
import { type CommandHandler, textAnswer } from '../../src/chat/core/commands.ts';
import { registerCommandAnswers } from '../../src/chat/slack/command-answers.ts';
import type { SlackRequestContext } from '../../src/chat/slack/request-context.ts';

// Which slash commands the Slack glue registers: one per command name, but none for a text-only
// command, whose slash command the app manifest does not declare (it would never arrive).

function fakeApp() {
  const command = vi.fn();
  const action = vi.fn();
  return { app: { command, action } as unknown as App<SlackRequestContext>, command, action };
}

const handler = (command: string, extra: Partial<CommandHandler> = {}): CommandHandler => ({
  command,
  handle: async () => textAnswer('ok'),
  ...extra,
});

describe('registerCommandAnswers', () => {
  it('registers a slash command per command name, and none for a text-only command', () => {
    const { app, command } = fakeApp();
    const registered = registerCommandAnswers(app, {
      commands: [
        handler('seal'),
        handler('doc', { subcommands: ['report'] }),
        handler('doc'),
        handler('todo', { words: ['待办'], textOnly: true }),
      ],
      buttons: [],
      forms: new Map(),
    });
    expect(registered).toEqual(['/seal', '/doc']);
    expect(command.mock.calls.map((call) => call[0])).toEqual(['/seal', '/doc']);
  });

  it('still registers the buttons of a text-only command’s feature', () => {
    const { app, action } = fakeApp();
    registerCommandAnswers(app, {
      commands: [handler('todo', { textOnly: true })],
      buttons: [{ action: 'chase_now', press: async () => textAnswer('ok') }],
      forms: new Map(),
    });
    expect(action.mock.calls.map((call) => call[0])).toEqual(['chase_now']);
  });
});
