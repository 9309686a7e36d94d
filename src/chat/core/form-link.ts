// Signed links to a web form: one person, one form, one use, until a time. The link is the
// capability (whoever holds it acts as its person, as with a password-reset mail), so it is signed
// with a secret only the bot knows (HMAC-SHA-256), expires soon, and is used once: the database
// records its id when a submission is applied (see the web form's link store).
//
// Format: `v1.<payload>.<signature>`, both base64url; the payload is JSON
// `{ l: link id, p: person id, f: form id, a: the form's params, e: expiry in ms since the epoch }`.

import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** What a link grants. */
export interface FormLinkClaims {
  /** Unique per link; recorded when the link is used. */
  linkId: string;
  /** The person the link was made for. */
  personId: string;
  /** The form it opens (FormSpec id). */
  formId: string;
  /** What the form is about (an item and its version, an action…), as the form's handler reads it. */
  params: Readonly<Record<string, string>>;
  /** When the link stops working. */
  expiresAt: Date;
}

/** Why a link is refused: `invalid` (forged, damaged or another form's), `expired`, or `wrong_person`. */
export type FormLinkRefusal = 'invalid' | 'expired' | 'wrong_person';

/** The outcome of checking a link. */
export type FormLinkCheck =
  | { ok: true; claims: FormLinkClaims }
  | { ok: false; reason: FormLinkRefusal; claims?: FormLinkClaims };

/** How long a link works unless its maker says otherwise: long enough to read an item, short enough to leak little. */
export const DEFAULT_FORM_LINK_TTL_MS = 30 * 60 * 1000;

const VERSION = 'v1';

const Payload = z.object({
  l: z.string().min(1).max(100),
  p: z.string().min(1).max(200),
  f: z.string().min(1).max(100),
  a: z.record(z.string().max(100), z.string().max(1000)),
  e: z.number().int().positive(),
});

/** Signs a new link for `personId` to `formId`; the link id is random. */
export function signFormLink(
  input: { personId: string; formId: string; params?: Readonly<Record<string, string>>; expiresAt: Date },
  secret: Buffer,
): { token: string; claims: FormLinkClaims } {
  const claims: FormLinkClaims = {
    linkId: randomUUID(),
    personId: input.personId,
    formId: input.formId,
    params: { ...(input.params ?? {}) },
    expiresAt: input.expiresAt,
  };
  const payload = Buffer.from(
    JSON.stringify({
      l: claims.linkId,
      p: claims.personId,
      f: claims.formId,
      a: claims.params,
      e: claims.expiresAt.getTime(),
    }),
  ).toString('base64url');
  return { token: `${VERSION}.${payload}.${signature(payload, secret)}`, claims };
}

/**
 * Checks `token` for the form at `formId`: signed by `secret`, made for this form, not expired at
 * `now`, and, when `personId` is given (a platform's own sign-in said who is there), made for that
 * person. Whether it was used already is the link store's to say.
 */
export function verifyFormLink(
  token: string,
  secret: Buffer,
  expected: { formId: string; now: Date; personId?: string },
): FormLinkCheck {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== VERSION) return { ok: false, reason: 'invalid' };
  const [, payload = '', given = ''] = parts;
  const wanted = Buffer.from(signature(payload, secret), 'base64url');
  const sent = Buffer.from(given, 'base64url');
  if (sent.length !== wanted.length || !timingSafeEqual(sent, wanted))
    return { ok: false, reason: 'invalid' };
  let parsed: z.infer<typeof Payload>;
  try {
    parsed = Payload.parse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  const claims: FormLinkClaims = {
    linkId: parsed.l,
    personId: parsed.p,
    formId: parsed.f,
    params: parsed.a,
    expiresAt: new Date(parsed.e),
  };
  if (claims.formId !== expected.formId) return { ok: false, reason: 'invalid' };
  if (expected.now.getTime() >= claims.expiresAt.getTime()) return { ok: false, reason: 'expired', claims };
  if (expected.personId !== undefined && expected.personId !== claims.personId) {
    return { ok: false, reason: 'wrong_person', claims };
  }
  return { ok: true, claims };
}

function signature(payload: string, secret: Buffer): string {
  return createHmac('sha256', secret).update(`${VERSION}.${payload}`).digest('base64url');
}
