// The web forms of a running bot: its signing key, its link store and the forms it serves.

import type { Config } from '../../config.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { Clock } from '../../shared/clock.ts';
import { DEFAULT_LOCALE, type Locale } from '../../shared/i18n.ts';
import type { Logger } from '../../shared/logger.ts';
import type { WebFormHandler } from '../core/web-form.ts';
import { resolveFormLinkSecret } from './form-link-secret.ts';
import { createFormLinkStore } from './form-link-store.ts';
import { createWebForms, type WebForms } from './web-forms.ts';

/**
 * The bot's web forms on `/forms/…`, or null without a signing key (PostgreSQL and no
 * FORM_LINK_SECRET): then nothing links to them and the path answers 404 like any other.
 */
export async function createBotWebForms(input: {
  config: Config;
  prisma: PrismaClient;
  clock: Clock;
  logger: Logger;
  forms: readonly WebFormHandler[];
}): Promise<WebForms | null> {
  const { config, prisma } = input;
  const secret = await resolveFormLinkSecret({
    configured: config.webForms.secret,
    database: config.database,
    dataDir: config.dataDir,
  });
  if (!secret) {
    input.logger.info('web forms off: set FORM_LINK_SECRET (the same on every replica) to serve them');
    return null;
  }
  return createWebForms({
    secret,
    store: createFormLinkStore(prisma),
    forms: input.forms,
    clock: input.clock,
    logger: input.logger,
    publicUrl: config.webForms.publicUrl ?? `http://localhost:${config.port}`,
    async localeOf(personId) {
      const person = await prisma.person.findUnique({ where: { id: personId }, select: { locale: true } });
      return person?.locale === 'en'
        ? 'en'
        : (person?.locale as Locale | undefined) === 'zh'
          ? 'zh'
          : DEFAULT_LOCALE;
    },
  });
}
