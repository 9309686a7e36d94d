/**
 * Base of every error the bot raises on purpose. `code` is stable snake_case (tests and logs rely
 * on it), `messageKey` names the user-facing text in the i18n catalog, `params` fill it in.
 */
export class AppError extends Error {
  readonly code: string;
  readonly messageKey: string;
  readonly params: Record<string, string | number>;

  constructor(
    code: string,
    message: string,
    options: { messageKey?: string; params?: Record<string, string | number>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.messageKey = options.messageKey ?? `error.${code}`;
    this.params = options.params ?? {};
  }
}

/** Start-up cannot go on (bad configuration, locked data folder, failed migration). */
export class StartupError extends AppError {}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
