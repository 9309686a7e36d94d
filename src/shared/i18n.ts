/**
 * The bot's user-facing text, in Chinese (the default) and English.
 *
 * A plain typed object rather than a library: the catalog is small, placeholders are checked by the
 * compiler, and the catalog stays readable for the office staff who review the wording.
 * Placeholders are `{name}`. Callers escape anything user-supplied for the format they render into
 * (mrkdwn, HTML); the catalog knows nothing about formats.
 */

/** A language the bot speaks. */
export type Locale = 'zh' | 'en';

/** The language used when a user's preference is unknown. */
export const DEFAULT_LOCALE: Locale = 'zh';

const zh = {
  // Help for /doc
  'help.header': '办公室助手 · 使用说明',
  'help.intro': '在任意频道或私信中输入下列命令即可办理。标有【即将上线】的功能正在建设中。',
  'help.section.doc': '*公文办理*',
  'help.section.other': '*其他事项*',
  'help.coming_soon': '【即将上线】',
  'help.doc.new': '拟稿：起草一份新的发文',
  'help.doc.receive': '收文：登记收到的来文并分办',
  'help.doc.mine': '我的待办：查看等待我处理的公文',
  'help.doc.find': '查询：按标题、文号或关键词查找公文',
  'help.doc.register': '登记：为公文编号并登记入册',
  'help.doc.help': '显示本说明',
  'help.seal': '用印申请',
  'help.supply': '办公用品申领',
  'help.archive': '档案借阅与归档',
  'help.footer': '随时输入 `/doc help` 查看本说明。如有疑问，请联系办公室。',
  'help.notice.unknown': '没有“{input}”这个子命令，以下是可用的命令。',
  'help.notice.coming_soon': '`{command}` 即将上线，敬请期待。',

  // Features that are not built yet
  'feature.coming_soon':
    '{feature}（`{command}`）即将上线，敬请期待。现在可以输入 `/doc help` 查看使用说明。',

  // App Home
  'home.header': '欢迎使用办公室助手',
  'home.body': '我帮助办公室处理公文流转、用印申请、办公用品申领和档案管理，办理进度会通过消息及时通知您。',
  'home.hint': '在任意频道或私信中输入 `/doc help` 查看全部命令。',
  'home.fallback': '欢迎使用办公室助手。输入 /doc help 查看全部命令。',

  // Errors
  'error.unexpected': '抱歉，处理时出现了问题，请稍后再试。如需协助，请把参考编号 {ref} 告诉管理员。',
  'error.app_error': '操作未能完成（错误代码：{code}）。',
  'error.invalid_payload': '无法识别这条请求，请重新操作一次。',
} as const;

/** Every message the bot can show. */
export type MessageKey = keyof typeof zh;

/** The `{name}` placeholders of a message template, as a union of names. */
type PlaceholdersOf<S extends string> = S extends `${string}{${infer Name}}${infer Rest}`
  ? Name | PlaceholdersOf<Rest>
  : never;

/** The parameters a message needs, by placeholder name. */
export type MessageParams<K extends MessageKey> = Record<PlaceholdersOf<(typeof zh)[K]>, string | number>;

/** Messages without placeholders, which `t` takes without params (handy in tables of keys). */
export type PlainMessageKey = {
  [K in MessageKey]: [PlaceholdersOf<(typeof zh)[K]>] extends [never] ? K : never;
}[MessageKey];

type ParamsArg<K extends MessageKey> = [PlaceholdersOf<(typeof zh)[K]>] extends [never]
  ? [params?: Record<string, never>]
  : [params: MessageParams<K>];

// English may lag behind Chinese; a missing entry falls back to Chinese (a test keeps them in step).
const en: { readonly [K in MessageKey]?: string } = {
  'help.header': 'Office assistant · Help',
  'help.intro':
    'Type these commands in any channel or direct message. Features marked (coming soon) are being built.',
  'help.section.doc': '*Official documents*',
  'help.section.other': '*Other requests*',
  'help.coming_soon': '(coming soon)',
  'help.doc.new': 'Draft: start a new outgoing document',
  'help.doc.receive': 'Receive: register an incoming document and route it',
  'help.doc.mine': 'My tasks: documents waiting for you',
  'help.doc.find': 'Find: search documents by title, number or keyword',
  'help.doc.register': 'Register: number a document and enter it in the register',
  'help.doc.help': 'Show this help',
  'help.seal': 'Seal (official stamp) requests',
  'help.supply': 'Office supply requests',
  'help.archive': 'Archive loans and filing',
  'help.footer': 'Type `/doc help` at any time to see this again. Questions? Contact the general office.',
  'help.notice.unknown': 'There is no sub-command “{input}”. These are the commands you can use.',
  'help.notice.coming_soon': '`{command}` is coming soon.',
  'feature.coming_soon':
    '{feature} (`{command}`) is coming soon. For now, type `/doc help` to see what you can do.',
  'home.header': 'Welcome to the office assistant',
  'home.body':
    'I help the general office with document routing, seal requests, office supplies and the archive, and I message you when something needs your attention.',
  'home.hint': 'Type `/doc help` in any channel or direct message to see every command.',
  'home.fallback': 'Welcome to the office assistant. Type /doc help to see every command.',
  'error.unexpected':
    'Sorry, something went wrong. Please try again later. If you need help, give the administrator this reference: {ref}',
  'error.app_error': 'That could not be done (error code: {code}).',
  'error.invalid_payload': 'That request could not be understood. Please try again.',
};

/** Both catalogs, for tests and tools that compare them. */
export const catalogs: { readonly zh: Readonly<Record<MessageKey, string>>; readonly en: typeof en } = {
  zh,
  en,
};

/**
 * The message `key` in `locale`, with its `{placeholders}` filled from `params`. English falls back
 * to Chinese for a missing entry; a placeholder without a value stays visible rather than vanishing.
 */
export function t<K extends MessageKey>(locale: Locale, key: K, ...[params]: ParamsArg<K>): string {
  const template = (locale === 'en' ? en[key] : undefined) ?? zh[key];
  return fill(template, params);
}

/** True when `key` names a message in the catalog (keys from AppError arrive as plain strings). */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(zh, key);
}

/**
 * Like `t` for a key known only at run time (an AppError's `messageKey`); undefined when the
 * catalog has no such message, so the caller can choose a fallback.
 */
export function translateDynamic(
  locale: Locale,
  key: string,
  params: Readonly<Record<string, string | number>> = {},
): string | undefined {
  if (!isMessageKey(key)) return undefined;
  const template = (locale === 'en' ? en[key] : undefined) ?? zh[key];
  return fill(template, params);
}

/** Names of the `{placeholders}` in a template, in order of appearance. */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(/\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1] ?? '');
}

function fill(template: string, params: Readonly<Record<string, string | number>> | undefined): string {
  if (!params) return template;
  return template.replace(/\{([A-Za-z0-9_]+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}
