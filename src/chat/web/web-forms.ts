// Web forms served by the bot: the form of a platform without modals, reached from a card button
// through a signed, expiring, single-use link bound to one person and one form
// (`/forms/<form id>?t=<token>`). A page is drawn from the form's FormSpec; a submission goes
// through the same check (`validateForm`) and the same service call as the form's modal does
// (`submitFormOnce`, which a WeCom selection card's submission goes through too).
//
// Who is at the browser is the `FormViewerIdentity`'s to say. Today the link itself names its
// person (`linkHolderIdentity`); a platform with its own sign-in for web pages (DingTalk's and
// WeCom's, which hand the page a code to exchange for the user) plugs in another identity that
// reads the signed-in person from the request, and the link must then name that same person.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBodyUpTo } from '../../http/request-body.ts';
import type { Clock } from '../../shared/clock.ts';
import { DEFAULT_LOCALE, type Locale, t } from '../../shared/i18n.ts';
import type { Logger } from '../../shared/logger.ts';
import {
  DEFAULT_FORM_LINK_TTL_MS,
  type FormLinkClaims,
  type FormLinkRefusal,
  signFormLink,
  verifyFormLink,
} from '../core/form-link.ts';
import type { FormInput } from '../core/form-spec.ts';
import {
  outcomeText,
  refusalByField,
  submitFormOnce,
  type WebFormContext,
  type WebFormHandler,
} from '../core/web-form.ts';
import type { FormLinkStore } from './form-link-store.ts';
import { renderFormPage, renderMessagePage } from './form-page.ts';

/** Where web forms are served. */
export const WEB_FORMS_PATH = '/forms/';

/** Largest form body read (a form of a few fields is a few kilobytes). */
const MAX_BODY_BYTES = 64 * 1024;

/**
 * Who is at the browser. The seam where a platform's own sign-in replaces the link as proof of
 * identity: return the signed-in person (the link must be theirs), or null when nobody is.
 */
export interface FormViewerIdentity {
  personAt(req: IncomingMessage, link: FormLinkClaims): Promise<string | null>;
}

/** The link is the proof: whoever holds it acts as the person it was signed for. */
export const linkHolderIdentity: FormViewerIdentity = {
  personAt: async (_req, link) => link.personId,
};

export interface WebFormsOptions {
  secret: Buffer;
  store: FormLinkStore;
  forms: readonly WebFormHandler[];
  clock: Clock;
  logger: Logger;
  /** The language the person reads (their directory entry). */
  localeOf(personId: string): Promise<Locale>;
  /** The start of links: the bot's address as browsers reach it, without a trailing slash. */
  publicUrl: string;
  identity?: FormViewerIdentity;
}

/** The web forms of one bot. */
export interface WebForms {
  /** Serves `/forms/…` and returns true; returns false for any other path. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  /** A new link for `personId` to `formId` (signed, expiring after `ttlMs`, single-use). */
  linkFor(input: {
    personId: string;
    formId: string;
    params?: Readonly<Record<string, string>>;
    ttlMs?: number;
  }): string;
  /** The web form that is `stepId`'s own form (批办, 签发), or null when it has none. */
  formOfStep(stepId: string): string | null;
  /** Whether `formId` is served here (a command's form on a platform without modals links to it). */
  hasForm(formId: string): boolean;
}

/** Builds the web forms: the route and the link maker. */
export function createWebForms(options: WebFormsOptions): WebForms {
  const { clock, store } = options;
  const log = options.logger.child({ component: 'web-forms' });
  const identity = options.identity ?? linkHolderIdentity;
  const forms = new Map(options.forms.map((form) => [form.formId, form]));
  const stepForms = new Map(
    options.forms.flatMap((form) => (form.stepIds ?? []).map((stepId) => [stepId, form.formId] as const)),
  );

  return {
    handle(req, res) {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (!url.pathname.startsWith(WEB_FORMS_PATH)) return false;
      serve(req, res, url).catch((error: unknown) => {
        log.error({ err: error }, 'web form request failed');
        if (!res.headersSent) sendPage(res, 500, pageFor(DEFAULT_LOCALE, 'unavailable'));
        else res.end();
      });
      return true;
    },
    linkFor(input) {
      const { token } = signFormLink(
        {
          personId: input.personId,
          formId: input.formId,
          ...(input.params ? { params: input.params } : {}),
          expiresAt: new Date(clock.now().getTime() + (input.ttlMs ?? DEFAULT_FORM_LINK_TTL_MS)),
        },
        options.secret,
      );
      return `${options.publicUrl}${WEB_FORMS_PATH}${encodeURIComponent(input.formId)}?t=${encodeURIComponent(token)}`;
    },
    formOfStep: (stepId) => stepForms.get(stepId) ?? null,
    hasForm: (formId) => forms.has(formId),
  };

  async function serve(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? 'GET';
    const fallbackLocale = browserLocale(req);
    if (method !== 'GET' && method !== 'POST') {
      res.writeHead(405, { allow: 'GET, POST' });
      res.end();
      return;
    }
    const formId = decodeURIComponent(url.pathname.slice(WEB_FORMS_PATH.length));
    const form = forms.get(formId);
    const token = url.searchParams.get('t') ?? '';
    if (!form) return sendPage(res, 404, pageFor(fallbackLocale, 'invalid'));

    const check = verifyFormLink(token, options.secret, { formId, now: clock.now() });
    if (!check.ok) {
      const locale = check.claims ? await localeOf(check.claims.personId, fallbackLocale) : fallbackLocale;
      log.info({ formId, reason: check.reason }, 'web form link refused');
      return refuse(res, check.reason, locale);
    }
    const link = check.claims;
    const locale = await localeOf(link.personId, fallbackLocale);
    // With a platform's sign-in, the signed-in person must be the link's.
    const viewer = await identity.personAt(req, link);
    if (viewer !== link.personId) {
      log.info({ formId }, 'web form link opened by someone else');
      return refuse(res, 'wrong_person', locale);
    }
    if (await store.isUsed(link.linkId)) return refuse(res, 'used', locale);

    const context: WebFormContext = {
      personId: link.personId,
      params: link.params,
      locale,
      key: `form-link:${link.linkId}`,
    };
    const spec = await form.load(context);
    if (!spec) {
      // Gone for a reason the form can name (a meeting cancelled meanwhile): said, not "try again".
      const why = (await form.unavailable?.(context)) ?? null;
      const page = why
        ? renderMessagePage(locale, t(locale, 'webform.refused.title'), why)
        : pageFor(locale, 'unavailable');
      return sendPage(res, 410, page);
    }
    const action = `${WEB_FORMS_PATH}${encodeURIComponent(formId)}?t=${encodeURIComponent(token)}`;
    if (method === 'GET') return sendPage(res, 200, renderFormPage(spec, locale, action));

    const input = await readFormBody(req);
    if (input === null) return sendPage(res, 413, pageFor(locale, 'invalid'));
    const submitted = await submitFormOnce({
      form,
      spec,
      context,
      input,
      once: { claim: () => store.claim(link, clock.now()), release: () => store.release(link.linkId) },
      log,
    });
    switch (submitted.kind) {
      case 'invalid':
        return sendPage(res, 422, renderFormPage(spec, locale, action, { input, errors: submitted.errors }));
      case 'used':
        return refuse(res, 'used', locale);
      case 'failed':
        return sendPage(
          res,
          500,
          renderFormPage(spec, locale, action, {
            input,
            banner: t(locale, 'webform.failed', { ref: submitted.ref }),
          }),
        );
      case 'refused': {
        // A refusal that concerns fields is shown beside each, as a field's own error is.
        const errors = refusalByField(
          submitted.outcome,
          spec.fields.map((f) => f.id),
        );
        const shown =
          Object.keys(errors).length > 0 ? { input, errors } : { input, banner: submitted.outcome.message };
        return sendPage(res, 409, renderFormPage(spec, locale, action, shown));
      }
      case 'applied':
        break;
    }
    const outcome = submitted.outcome;
    const done = [t(locale, 'webform.done.body'), outcome.message && outcomeText(outcome.message)]
      .filter(Boolean)
      .join('\n');
    return sendPage(res, 200, renderMessagePage(locale, t(locale, 'webform.done.title'), done));
  }

  async function localeOf(personId: string, fallback: Locale): Promise<Locale> {
    return options.localeOf(personId).catch(() => fallback);
  }
}

/** The statuses and pages of refused links: 403 for a link that is not good, 410 for one that was. */
function refuse(res: ServerResponse, reason: FormLinkRefusal | 'used', locale: Locale): void {
  if (reason === 'expired' || reason === 'used') sendPage(res, 410, pageFor(locale, reason));
  else sendPage(res, 403, pageFor(locale, 'invalid'));
}

function pageFor(locale: Locale, kind: 'expired' | 'used' | 'invalid' | 'unavailable'): string {
  return renderMessagePage(
    locale,
    t(locale, `webform.link.${kind}.title`),
    t(locale, `webform.link.${kind}.body`),
  );
}

function sendPage(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
    // The token is in the URL: no caching, no referrer, no framing, nothing run or loaded.
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'content-security-policy':
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  });
  res.end(html);
}

/** The person's language before we know them: English if the browser asks for it first. */
function browserLocale(req: IncomingMessage): Locale {
  const first = (req.headers['accept-language'] ?? '').split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : DEFAULT_LOCALE;
}

/** The urlencoded body as a form input (repeated names give several values); null when too big. */
async function readFormBody(req: IncomingMessage): Promise<FormInput | null> {
  const body = await readBodyUpTo(req, MAX_BODY_BYTES);
  if (body === null) return null;
  const params = new URLSearchParams(body.toString('utf8'));
  const input: Record<string, string | string[]> = {};
  for (const name of new Set(params.keys())) {
    const values = params.getAll(name);
    input[name] = values.length === 1 ? (values[0] ?? '') : values;
  }
  return input;
}
