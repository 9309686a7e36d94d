// The words the core adds when it makes up for a platform's missing capability (see adapter.ts).
// Merged into the catalog like the forms' messages.

/** Chinese texts (the default language). */
export const ADAPTER_MESSAGES_ZH = {
  /** An answer only its person was to see, sent to them as a direct message instead. */
  'reply.as_message': '{text}',
  /** A card button whose form the platform cannot draw: the link to the same form on the web. */
  'form.web_link': '请在此填写表单：{url}',
  /** A card button whose form neither the platform nor the web can show. */
  'form.unavailable': '此平台暂不能打开这个表单。',
} as const;

/** English texts. */
export const ADAPTER_MESSAGES_EN: Record<keyof typeof ADAPTER_MESSAGES_ZH, string> = {
  'reply.as_message': '{text}',
  'form.web_link': 'Fill in the form here: {url}',
  'form.unavailable': 'This form cannot be opened on this platform yet.',
};
