// The words of forms that every platform shares: the generic refusals of `validateForm` and the
// web form page (its states and refusals). Merged into the catalog like the engine's messages.

/** Chinese texts (the default language). */
export const FORM_MESSAGES_ZH = {
  'form.error.required': '请填写此项。',
  'form.error.invalid': '此项的内容无法识别，请检查后重新填写。',
  'form.error.too_long': '内容过长（最多 {max} 字）。',
  'form.error.url': '请填写以 http:// 或 https:// 开头的链接。',
  'form.error.number': '请填写 {min} 到 {max} 的整数。',
  'form.error.date': '请按 年-月-日 填写日期，例如 2026-12-31。',
  'form.error.option': '请从列表中选择。',
  'form.error.too_many': '最多选择 {max} 项。',
  'webform.page_title': '办公室助手',
  'webform.errors_above': '有 {count} 处需要修改，请看各项下方的提示。',
  'webform.done.title': '已提交',
  'webform.done.body': '已经收到，卡片会随之更新。此链接已失效，可以关闭本页。',
  'webform.refused.title': '未能办理',
  'webform.refused.retry': '可以修改后重新提交。',
  'webform.link.expired.title': '链接已过期',
  'webform.link.expired.body': '此链接已过期，没有做任何更改。请回到卡片重新打开表单。',
  'webform.link.used.title': '链接已使用',
  'webform.link.used.body': '此链接已经提交过一次，不能再次使用，没有做任何更改。请回到卡片重新打开表单。',
  'webform.link.invalid.title': '链接无效',
  'webform.link.invalid.body': '此链接无效或不完整，没有做任何更改。请回到卡片重新打开表单。',
  'webform.link.unavailable.title': '表单暂不可用',
  'webform.link.unavailable.body': '此表单暂时无法打开，请回到卡片重试。',
  'webform.failed': '暂时无法提交，请稍后重试（参考编号 {ref}）。',
} as const;

/** English texts. */
export const FORM_MESSAGES_EN: { readonly [K in keyof typeof FORM_MESSAGES_ZH]: string } = {
  'form.error.required': 'Please fill this in.',
  'form.error.invalid': 'This cannot be read. Please check it and try again.',
  'form.error.too_long': 'Too long (at most {max} characters).',
  'form.error.url': 'Please enter a link starting with http:// or https://.',
  'form.error.number': 'Please enter a whole number from {min} to {max}.',
  'form.error.date': 'Please enter the date as year-month-day, e.g. 2026-12-31.',
  'form.error.option': 'Please choose from the list.',
  'form.error.too_many': 'Choose at most {max}.',
  'webform.page_title': 'Office assistant',
  'webform.errors_above': '{count} fields need changing; see the note under each.',
  'webform.done.title': 'Submitted',
  'webform.done.body':
    'Received; the card updates itself. This link no longer works; you can close this page.',
  'webform.refused.title': 'Not done',
  'webform.refused.retry': 'You can change the form and send it again.',
  'webform.link.expired.title': 'Link expired',
  'webform.link.expired.body':
    'This link has expired and nothing was changed. Go back to the card and open the form again.',
  'webform.link.used.title': 'Link already used',
  'webform.link.used.body':
    'This link was already used once and cannot be used again; nothing was changed. Go back to the card and open the form again.',
  'webform.link.invalid.title': 'Invalid link',
  'webform.link.invalid.body':
    'This link is not valid or is incomplete, and nothing was changed. Go back to the card and open the form again.',
  'webform.link.unavailable.title': 'Form unavailable',
  'webform.link.unavailable.body': 'This form cannot be opened right now. Go back to the card and try again.',
  'webform.failed': 'Could not send the form just now. Please try again later (reference {ref}).',
};
