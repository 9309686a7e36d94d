import { describe, expect, it } from 'vitest';
import { describeErrorForUser } from '../../src/chat/slack/listeners/errors.ts';
import { AppError } from '../../src/shared/errors.ts';
import { captureLogs } from '../support/logs.ts';

describe('describeErrorForUser', () => {
  it('shows an AppError as its own message in the user’s language', () => {
    const logs = captureLogs();
    const error = new AppError('invalid_payload', 'bad payload', { messageKey: 'error.invalid_payload' });

    expect(describeErrorForUser(error, 'en', logs.logger).text).toBe(
      'That request could not be understood. Please try again.',
    );
    expect(describeErrorForUser(error, 'zh', logs.logger).text).toBe('无法识别这条请求，请重新操作一次。');
    expect(logs.lines()[0]).toMatchObject({ level: 'warn', code: 'invalid_payload' });
  });

  it('shows the error code when an AppError’s message is missing from the catalog', () => {
    const logs = captureLogs();
    const message = describeErrorForUser(new AppError('seal_locked', 'locked'), 'zh', logs.logger);

    expect(message.text).toBe('操作未能完成（错误代码：seal_locked）。');
  });

  it('answers an unexpected error with an apology and a reference id that is also in the log, with the stack', () => {
    const logs = captureLogs();
    const message = describeErrorForUser(new TypeError('boom'), 'zh', logs.logger);

    const [line] = logs.lines();
    const ref = String(line?.ref);
    expect(ref).toMatch(/^[0-9A-F]{8}$/);
    expect(message.text).toContain(ref);
    expect(message.text).not.toContain('boom');
    expect(line).toMatchObject({ level: 'error', err: { type: 'TypeError', message: 'boom' } });
    expect(String((line?.err as { stack?: string } | undefined)?.stack)).toContain('TypeError: boom');
    expect(message.blocks).toHaveLength(1);
  });
});
