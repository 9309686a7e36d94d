// A command context without a platform, for calling the `doc` handlers directly: who asks, in
// which language, and (when a test gives one) the direct channel a platform would offer, which
// records what it is sent.

import type { CommandContext, DirectChannel, SentFile } from '../../src/chat/core/commands.ts';
import type { Reply, RichText } from '../../src/chat/core/reply.ts';
import type { Locale } from '../../src/shared/i18n.ts';
import { silentLogger } from './databases.ts';

/** A context for `personId` (null: someone linked to nobody) in `locale`. */
export function fakeContext(
  options: {
    locale?: Locale;
    personId?: string | null;
    direct?: DirectChannel;
    inDirectConversation?: boolean;
    log?: CommandContext['log'];
  } = {},
): CommandContext {
  const locale = options.locale ?? 'zh';
  const personId = options.personId === undefined ? 'liu-yang' : options.personId;
  return {
    workspaceId: 'T1',
    actor: personId === null ? null : { personId, locale },
    locale,
    dedupeKey: 'command:trigger-1',
    log: options.log ?? silentLogger,
    ...(options.direct ? { direct: options.direct } : {}),
    ...(options.inDirectConversation !== undefined
      ? { inDirectConversation: options.inDirectConversation }
      : {}),
  };
}

/** A direct channel that records its notes, posts and files, in order. */
export function recordingDirect(): DirectChannel & {
  sent: Array<
    | { kind: 'note'; text: RichText }
    | { kind: 'post'; reply: Reply }
    | { kind: 'files'; files: readonly SentFile[]; comment: string }
  >;
} {
  const sent: ReturnType<typeof recordingDirect>['sent'] = [];
  return {
    sent,
    note: async (text) => {
      sent.push({ kind: 'note', text });
    },
    post: async (reply) => {
      sent.push({ kind: 'post', reply });
    },
    sendFiles: async (files, comment) => {
      sent.push({ kind: 'files', files, comment });
    },
  };
}
