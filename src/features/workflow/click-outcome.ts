// What the person who clicked (or sent a form) is told of the outcome: nothing for an applied
// click (their card updates itself), what changed meanwhile for a stale one, the engine's refusal
// with names instead of ids. The same words on every platform and on the web form.

import { type Locale, t, translateDynamic } from '../../shared/i18n.ts';
import type { ClickOutcome } from './workflow-service.ts';

/** What the clicker is told; nothing for an applied click (their card updates itself). */
export async function describeOutcome(
  outcome: ClickOutcome,
  locale: Locale,
  deps: {
    namesOf(personIds: readonly string[], locale: Locale): Promise<Map<string, string>>;
    /** The unit's time zone, for the time of a change made meanwhile. */
    timeZone: string;
  },
): Promise<string | null> {
  switch (outcome.kind) {
    case 'applied':
    case 'duplicate':
    case 'unchanged':
      return null;
    case 'stale': {
      const last = outcome.changes.at(-1);
      if (!last) return t(locale, 'wf.stale_unknown');
      const names = await deps.namesOf(last.actorId ? [last.actorId] : [], locale);
      return t(locale, 'wf.stale', {
        person: (last.actorId && names.get(last.actorId)) || t(locale, 'wf.someone'),
        action: actionLabel(last.action, locale),
        time: formatTime(last.at, deps.timeZone),
      });
    }
    case 'refused': {
      const refusal = outcome.refusal;
      const waiting = String(refusal.params.waitingOn ?? '')
        .split(',')
        .filter(Boolean);
      const names = await deps.namesOf(waiting, locale);
      const params: Record<string, string | number> = {
        ...refusal.params,
        waitingOn: waiting.map((id) => names.get(id) ?? id).join('、'),
      };
      if (typeof params.person === 'string') {
        params.person = (await deps.namesOf([params.person], locale)).get(params.person) ?? params.person;
      }
      return (
        translateDynamic(locale, refusal.messageKey, params) ??
        t(locale, 'error.app_error', { code: refusal.code })
      );
    }
  }
}

function actionLabel(action: string, locale: Locale): string {
  const key = `card.action.${action}`;
  return translateDynamic(locale, key) ?? action;
}

function formatTime(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('zh-CN', {
    timeZone,
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(at);
}
