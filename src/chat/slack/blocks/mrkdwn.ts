import { type Locale, type MessageKey, type MessageParams, translateDynamic } from '../../../shared/i18n.ts';

/**
 * Escapes the three characters Slack's mrkdwn treats as control characters, so text typed by a user
 * cannot become a link, a mention or `<!channel>`.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * `text` in mrkdwn bold. The catalog's texts carry no markup (each platform marks up differently,
 * and some cannot): a title that Slack shows in bold is a plain message of its own, or a plain
 * `{title}` parameter of the line it heads, and the Slack renderer wraps it here. So the words are
 * the catalog's and the emphasis is the renderer's.
 */
export function bold(text: string): string {
  return `*${text}*`;
}

/** `params` with every text value escaped for mrkdwn (numbers as they are). */
export function escapeMrkdwnParams<P extends Readonly<Record<string, string | number>>>(params: P): P {
  return Object.fromEntries(
    Object.entries(params).map(([key, value]) => [
      key,
      typeof value === 'string' ? escapeMrkdwn(value) : value,
    ]),
  ) as P;
}

/**
 * `t` for a message shown as mrkdwn (a message's text, a section): the catalog's own markup stays,
 * every parameter (a typed title, reason or search, a name) is escaped.
 */
export function tMrkdwn<K extends MessageKey>(locale: Locale, key: K, params: MessageParams<K>): string {
  return translateDynamic(locale, key, escapeMrkdwnParams(params)) ?? key;
}
