// A FormSpec as a web page: plain HTML and a little CSS, nothing loaded from elsewhere, readable
// on a phone (viewport, one column, large tap targets) and on a desktop. The browser's own checks
// are off (`novalidate`): the server checks with the form's FormSpec and shows each refusal
// beside its field, in the person's language, with what they typed kept.

import { type Locale, t } from '../../shared/i18n.ts';
import { type FormField, type FormInput, type FormSpec, type FormText, formText } from '../core/form-spec.ts';

/** HTML-escapes text for an element's content or a quoted attribute. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const CSS = `
*{box-sizing:border-box}
body{margin:0;background:#f4f5f7;color:#1d1c1d;font:16px/1.5 system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif}
main{max-width:40rem;margin:0 auto;padding:1rem}
.card{background:#fff;border-radius:12px;padding:1.25rem;box-shadow:0 1px 3px rgba(0,0,0,.12)}
h1{font-size:1.35rem;margin:0 0 1rem}
h2{font-size:1.05rem;margin:0 0 .75rem;word-break:break-word}
.field{margin:0 0 1.25rem;border:0;padding:0}
label.name,legend{display:block;font-weight:600;margin:0 0 .35rem;padding:0}
.req{color:#b3261e;margin-left:.2rem}
input[type=text],input[type=url],input[type=date],select,textarea{width:100%;min-height:48px;padding:.6rem .75rem;font:inherit;border:1px solid #8d8d8f;border-radius:8px;background:#fff}
textarea{min-height:8rem;resize:vertical}
.choice{display:flex;align-items:center;gap:.6rem;min-height:48px;padding:.25rem 0}
.choice input{width:1.4rem;height:1.4rem;margin:0}
.hint{color:#5e5e60;font-size:.9rem;margin:.3rem 0 0}
.error{color:#b3261e;font-weight:600;margin:.35rem 0 0}
.invalid input,.invalid select,.invalid textarea{border:2px solid #b3261e}
.notice{margin:0 0 1rem;padding:.75rem 1rem;border-radius:8px;background:#fff4e5}
.notice ul{margin:0;padding-left:1.2rem}
.banner{margin:0 0 1rem;padding:.75rem 1rem;border-radius:8px;background:#fdecea;color:#7a1c15}
button{width:100%;min-height:52px;font:inherit;font-weight:600;color:#fff;background:#007a5a;border:0;border-radius:8px;cursor:pointer}
@media (min-width:40rem){main{padding:2rem 1rem}button{width:auto;padding:0 2.5rem}}
`;

function page(locale: Locale, title: string, body: string): string {
  return `<!doctype html>
<html lang="${locale === 'en' ? 'en' : 'zh-CN'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)} · ${escapeHtml(t(locale, 'webform.page_title'))}</title>
<style>${CSS}</style>
</head>
<body><main><div class="card">
${body}
</div></main></body>
</html>
`;
}

/** What a form page shows besides the form: refusals by field, what was typed, a message on top. */
export interface FormPageState {
  /** What the person sent, shown again after a refusal; without it, each field's initial value. */
  input?: FormInput;
  errors?: Readonly<Record<string, string>>;
  /** A refusal that is not one field's (the item changed meanwhile, the engine said no). */
  banner?: string;
}

/** The page of `spec`, posting to `action` (the link, which carries its token). */
export function renderFormPage(
  spec: FormSpec,
  locale: Locale,
  action: string,
  state: FormPageState = {},
): string {
  const say = (text: FormText) => formText(text, locale);
  const title = say(spec.title);
  const errors = state.errors ?? {};
  const parts: string[] = [`<h1>${escapeHtml(title)}</h1>`];
  if (state.banner) parts.push(`<p class="banner" role="alert">${escapeHtml(state.banner)}</p>`);
  const errorCount = Object.keys(errors).length;
  if (errorCount > 0) {
    parts.push(
      `<p class="banner" role="alert">${escapeHtml(t(locale, 'webform.errors_above', { count: errorCount }))}</p>`,
    );
  }
  for (const notice of spec.notices) {
    const lines = notice.lines.map(say);
    if (notice.kind === 'heading') parts.push(`<h2>${escapeHtml(lines.join(' '))}</h2>`);
    else if (notice.kind === 'problems') {
      parts.push(
        `<div class="notice"><ul>${lines.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul></div>`,
      );
    } else if (notice.kind === 'note') parts.push(`<p class="hint">${escapeHtml(lines.join('\n'))}</p>`);
    else parts.push(`<p class="notice">${escapeHtml(lines.join('\n'))}</p>`);
  }
  if (spec.submitLabel) {
    const fields = spec.fields.map((field) =>
      fieldHtml(field, say, shownValues(field, state.input), errors[field.id]),
    );
    parts.push(
      `<form method="post" action="${escapeHtml(action)}" novalidate>`,
      ...fields,
      `<button type="submit">${escapeHtml(say(spec.submitLabel))}</button>`,
      '</form>',
    );
  }
  return page(locale, title, parts.join('\n'));
}

/** A page that only says something: done, or why a link is refused. */
export function renderMessagePage(locale: Locale, title: string, body: string): string {
  return page(locale, title, `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(body)}</p>`);
}

/** A field's shown value(s): what was sent, or else its initial value. */
function shownValues(field: FormField, input: FormInput | undefined): string[] {
  if (input) {
    const raw = input[field.id];
    if (raw === null || raw === undefined) return [];
    return typeof raw === 'string' ? [raw] : [...raw];
  }
  const initial = field.initial;
  if (initial === null || initial === undefined) return [];
  if (Array.isArray(initial)) return [...initial];
  return [String(initial)];
}

function fieldHtml(
  field: FormField,
  say: (text: FormText) => string,
  value: string[],
  error: string | undefined,
): string {
  const id = `f-${field.id}`;
  const described = [field.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  const aria = `${described ? ` aria-describedby="${described}"` : ''}${error ? ' aria-invalid="true"' : ''}${
    field.required ? ' aria-required="true"' : ''
  }`;
  const name = escapeHtml(field.id);
  const label = `${escapeHtml(say(field.label))}${field.required ? '<span class="req" aria-hidden="true">*</span>' : ''}`;
  const placeholder = field.placeholder ? ` placeholder="${escapeHtml(say(field.placeholder))}"` : '';
  const hint = field.hint ? `<p class="hint" id="${id}-hint">${escapeHtml(say(field.hint))}</p>` : '';
  const errorHtml = error ? `<p class="error" id="${id}-error">${escapeHtml(error)}</p>` : '';
  const cls = `field${error ? ' invalid' : ''}`;
  const first = escapeHtml(value[0] ?? '');

  switch (field.kind) {
    case 'text':
    case 'url':
    case 'number':
    case 'date': {
      const type = field.kind === 'url' ? 'url' : field.kind === 'date' ? 'date' : 'text';
      const extra =
        field.kind === 'number'
          ? ` inputmode="numeric" maxlength="${field.maxLength}"`
          : field.kind === 'date'
            ? ''
            : ` maxlength="${field.maxLength}"`;
      return `<div class="${cls}"><label class="name" for="${id}">${label}</label><input type="${type}" id="${id}" name="${name}" value="${first}"${extra}${placeholder}${aria}>${hint}${errorHtml}</div>`;
    }
    case 'long_text':
      return `<div class="${cls}"><label class="name" for="${id}">${label}</label><textarea id="${id}" name="${name}" maxlength="${field.maxLength}"${placeholder}${aria}>${first}</textarea>${hint}${errorHtml}</div>`;
    case 'select':
    case 'person': {
      if (field.kind === 'select' && field.style === 'radio') {
        const choices = field.options
          .map(
            (o, i) =>
              `<label class="choice"><input type="radio" name="${name}" id="${id}-${i}" value="${escapeHtml(o.value)}"${
                value.includes(o.value) ? ' checked' : ''
              }>${escapeHtml(say(o.label))}</label>`,
          )
          .join('');
        return `<fieldset class="${cls}"${aria}><legend>${label}</legend>${choices}${hint}${errorHtml}</fieldset>`;
      }
      const chosen = value[0] ?? '';
      const options = [
        `<option value=""${chosen ? '' : ' selected'}>${field.placeholder ? escapeHtml(say(field.placeholder)) : '—'}</option>`,
        ...field.options.map(
          (o) =>
            `<option value="${escapeHtml(o.value)}"${o.value === chosen ? ' selected' : ''}>${escapeHtml(say(o.label))}</option>`,
        ),
      ].join('');
      return `<div class="${cls}"><label class="name" for="${id}">${label}</label><select id="${id}" name="${name}"${aria}>${options}</select>${hint}${errorHtml}</div>`;
    }
    case 'multi_select':
    case 'checkbox': {
      const choices = field.options
        .map(
          (o, i) =>
            `<label class="choice"><input type="checkbox" name="${name}" id="${id}-${i}" value="${escapeHtml(o.value)}"${
              value.includes(o.value) ? ' checked' : ''
            }>${escapeHtml(say(o.label))}</label>`,
        )
        .join('');
      return `<fieldset class="${cls}"${aria}><legend>${label}</legend>${choices}${hint}${errorHtml}</fieldset>`;
    }
  }
}
