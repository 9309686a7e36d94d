// The words the core adds when it makes up for a platform's missing capability (see adapter.ts).
// Merged into the catalog like the forms' messages.

/** Chinese texts (the default language). */
export const ADAPTER_MESSAGES_ZH = {
  /** An answer only its person was to see, sent to them as a direct message instead. */
  'reply.as_message': '{text}',
  /**
   * Said in a group to the person who asked there, when their answer is theirs alone (it has
   * buttons, a form's link, a file) and went to their direct conversation with the bot instead.
   */
  'reply.sent_privately': '已单独发给你，请在与机器人的单聊中查看。',
  /** A card button whose form the platform cannot draw: the link to the same form on the web. */
  'form.web_link': '请在此填写表单：{url}',
  /** A card button whose form neither the platform nor the web can show. */
  'form.unavailable': '此平台暂不能打开这个表单。',
  /** A short form of choices sent as a card of its own: its submit button once it was applied. */
  'form.card.done': '已提交',
  /** …and what the person is told when the form's handler had nothing more to say. */
  'form.card.applied': '已提交，卡片会随之更新。',
  /** A card's submission refused (a choice missing or no longer possible): why, nothing changed. */
  'form.card.refused': '未能办理，没有做任何更改：{reasons} 可以重新选择后再提交。',
  /** A card's submission whose form is gone meanwhile (the matter changed or was settled). */
  'form.card.gone': '这张卡片所问的事项已有变化或不再需要办理，没有做任何更改。',
  /** A command whose first word is none of its sub-commands (the command has no handler of its own). */
  'command.unknown': '没有这个命令。可以输入：{commands}',
  /** A message that names no command, where commands are typed as text. */
  'command.help':
    '我能办理：{words}。输入其中一个词（后面可跟内容，如“用印 公章 3 关于…的函”）开始，或输入命令名：{commands}。',
} as const;

/** English texts. */
export const ADAPTER_MESSAGES_EN: Record<keyof typeof ADAPTER_MESSAGES_ZH, string> = {
  'reply.as_message': '{text}',
  'reply.sent_privately': 'Sent to you privately: see your chat with the bot.',
  'form.web_link': 'Fill in the form here: {url}',
  'form.unavailable': 'This form cannot be opened on this platform yet.',
  'form.card.done': 'Submitted',
  'form.card.applied': 'Submitted; the card updates itself.',
  'form.card.refused': 'Not done, nothing was changed: {reasons} You can choose again and resubmit.',
  'form.card.gone': 'What this card asked about has changed or is settled; nothing was changed.',
  'command.unknown': 'There is no such command. Try: {commands}',
  'command.help':
    'I can help with: {words}. Type one of these words (with what it is about, e.g. “用印 公章 3 Letter on …”) to start, or a command name: {commands}.',
};
