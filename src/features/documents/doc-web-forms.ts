// The forms `doc new` and `doc receive` open (a modal on Slack, a web page elsewhere): their
// FormSpecs, checks and starts. The form's key is the start key, so a submission that reached the
// engine twice (a form sent again after a late start) starts one document.

import type { FormValues } from '../../chat/core/form-spec.ts';
import type { WebFormContext, WebFormHandler, WebFormOutcome } from '../../chat/core/web-form.ts';
import type { SecrecyLevel } from '../../domain/org.ts';
import { isClassified } from '../../domain/workflow/index.ts';
import { type AppError, isAppError } from '../../shared/errors.ts';
import { type Locale, t, translateDynamic } from '../../shared/i18n.ts';
import type { NewIncomingInput } from './incoming-documents.ts';
import {
  DOC_RECEIVE_FIELDS,
  DOC_RECEIVE_FORM_ID,
  docReceiveFormSpec,
  incomingOfForm,
} from './incoming-form.ts';
import type { NewOutgoingInput } from './new-outgoing.ts';
import { DOC_NEW_FIELDS, DOC_NEW_FORM_ID, docNewFormSpec, newOutgoingOfForm } from './new-outgoing-form.ts';

type Option = { id: string; name: string; nameEn: string | null };

/** What starting an outgoing document takes (the drafting modal's submission takes the same). */
export interface OutgoingStarter {
  formOptions: { docTypes: readonly Option[]; departments: readonly Option[] };
  checkOutgoing(input: { requesterPersonId: string; form: NewOutgoingInput }): Promise<void>;
  startOutgoing(input: {
    workspaceId: string | null;
    requesterPersonId: string;
    form: NewOutgoingInput;
    locale: Locale;
    startKey?: string;
  }): Promise<{ firstReviewer: string }>;
}

/** What registering an incoming document takes (the registration modal's submission takes the same). */
export interface IncomingRegistrar {
  today(): string;
  checkRegistration(input: { personId: string | null; secrecy: SecrecyLevel }): Promise<void>;
  register(input: {
    workspaceId: string | null;
    requesterPersonId: string;
    form: NewIncomingInput;
    locale: Locale;
    startKey?: string;
  }): Promise<{ receiptNumber: string; firstReviewer: string }>;
}

/**
 * A refusal of an outgoing document in the drafter's words, naming a department as the drafter
 * knows it rather than by its id (a countersigning department without a head).
 */
export function outgoingRefusalText(error: AppError, departments: readonly Option[], locale: Locale): string {
  const department = departments.find((d) => d.id === error.params.department);
  const params = department
    ? {
        ...error.params,
        department: locale === 'en' ? (department.nameEn ?? department.name) : department.name,
      }
    : error.params;
  return (
    translateDynamic(locale, error.messageKey, params) ?? t(locale, 'error.app_error', { code: error.code })
  );
}

/** A refusal of the service in the person's words, beside the field it concerns (if it names one). */
function refusal(
  error: unknown,
  text: (error: AppError) => string,
  fieldOf: (error: AppError) => string | null = () => null,
): WebFormOutcome {
  if (!isAppError(error)) throw error;
  const field = fieldOf(error);
  return { ok: false, message: text(error), ...(field ? { field } : {}) };
}

/** The drafting form (拟稿发文) on the web. */
export function docNewWebForm(documents: OutgoingStarter): WebFormHandler {
  const { docTypes, departments } = documents.formOptions;
  return {
    formId: DOC_NEW_FORM_ID,
    load: async () => docNewFormSpec({ docTypes, departments }),
    async submit(context: WebFormContext, values: FormValues): Promise<WebFormOutcome> {
      const form = newOutgoingOfForm(values);
      try {
        await documents.checkOutgoing({ requesterPersonId: context.personId, form });
        const started = await documents.startOutgoing({
          workspaceId: context.params.w ?? null,
          requesterPersonId: context.personId,
          form,
          locale: context.locale,
          startKey: context.key,
        });
        return {
          ok: true,
          message: t(context.locale, 'doc.new.started', { title: form.title, person: started.firstReviewer }),
        };
      } catch (error) {
        return refusal(
          error,
          (e) => outgoingRefusalText(e, departments, context.locale),
          // A department that cannot countersign is fixed beside the countersigning departments.
          (e) => (e.code.startsWith('countersign_') ? DOC_NEW_FIELDS.countersignDepartments : null),
        );
      }
    },
  };
}

/** The registration form (收文登记) on the web. */
export function docReceiveWebForm(incoming: IncomingRegistrar): WebFormHandler {
  return {
    formId: DOC_RECEIVE_FORM_ID,
    load: async () => docReceiveFormSpec({ today: incoming.today() }),
    async submit(context: WebFormContext, values: FormValues): Promise<WebFormOutcome> {
      const form = incomingOfForm(values);
      const { locale } = context;
      try {
        await incoming.checkRegistration({ personId: context.personId, secrecy: form.secrecy });
        const registered = await incoming.register({
          workspaceId: context.params.w ?? null,
          requesterPersonId: context.personId,
          form,
          locale,
          startKey: context.key,
        });
        // A classified item has no title to echo: only its number and who has it next.
        const message =
          isClassified(form.secrecy) || form.title === null
            ? t(locale, 'doc.receive.registered_classified', {
                number: registered.receiptNumber,
                person: registered.firstReviewer,
              })
            : t(locale, 'doc.receive.registered', {
                title: form.title,
                number: registered.receiptNumber,
                person: registered.firstReviewer,
              });
        return { ok: true, message };
      } catch (error) {
        return refusal(
          error,
          (e) =>
            translateDynamic(locale, e.messageKey, e.params) ??
            t(locale, 'error.app_error', { code: e.code }),
          // Not cleared for the level: shown at the level, which is what the secretary can change.
          (e) => (e.code === 'registrar_not_cleared' ? DOC_RECEIVE_FIELDS.secrecy : null),
        );
      }
    },
  };
}
