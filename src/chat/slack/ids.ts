/**
 * Every name Slack routes on, in one place: slash commands, and (as features arrive) action_id,
 * callback_id and block_id prefixes. manifest.json must declare the same slash commands
 * (test/unit/slack-ids.test.ts compares them).
 */

/** Slash commands, exactly as declared in the app manifest. */
export const SLASH_COMMANDS = {
  /** Official documents (公文): drafting, receiving, finding, registering. */
  doc: '/doc',
  /** Seal requests (用印申请). */
  seal: '/seal',
  /** Office supply requests (办公用品申领). */
  supply: '/supply',
  /** Archive loans and filing (档案管理). */
  archive: '/archive',
} as const;

/** A slash command the bot answers. */
export type SlashCommandName = (typeof SLASH_COMMANDS)[keyof typeof SLASH_COMMANDS];

/** Sub-commands of `/doc`; `help` is built, the others are announced as coming soon. */
export const DOC_SUBCOMMANDS = ['new', 'receive', 'mine', 'find', 'register', 'help'] as const;

/** A known `/doc` sub-command. */
export type DocSubcommand = (typeof DOC_SUBCOMMANDS)[number];

/** action_id values of interactive elements (none yet; each feature adds its own here). */
export const ACTION_IDS = {} as const;

/** callback_id values of modals and shortcuts (none yet). */
export const CALLBACK_IDS = {} as const;
