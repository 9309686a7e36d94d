import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, scrubSecrets } from '../../src/shared/logger.ts';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger({ level: 'debug', pretty: false }, stream), text: () => lines.join('') };
}

describe('log redaction', () => {
  it('blanks tokens, the signing secret, signatures, authorization, response_url and payload tokens', () => {
    const { logger, text } = capture();
    logger.info(
      {
        botToken: 'xoxb-111-222-abc',
        appToken: 'xapp-1-A1-xyz',
        signingSecret: 'deadbeefdeadbeef',
        headers: { 'x-slack-signature': 'v0=abc123', authorization: 'Bearer xoxb-999' },
        body: { token: 'legacy-verification-token', response_url: 'https://hooks.slack.com/commands/T1/2/3' },
        payload: { token: 'legacy-2', user: { id: 'U1' } },
      },
      'incoming request',
    );
    const out = text();
    for (const secret of [
      'xoxb-111-222-abc',
      'xapp-1-A1-xyz',
      'deadbeefdeadbeef',
      'v0=abc123',
      'Bearer xoxb-999',
      'legacy-verification-token',
      'hooks.slack.com',
      'legacy-2',
    ]) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain('[Redacted]');
    expect(out).toContain('"U1"');
  });

  it('scrubs tokens and database passwords quoted inside messages and errors', () => {
    const { logger, text } = capture();
    logger.error(
      { err: new Error('auth failed for xoxb-123-456') },
      'could not call postgres://bot:s3cret@db/office',
    );
    const out = text();
    expect(out).not.toContain('xoxb-123-456');
    expect(out).not.toContain('s3cret');
    expect(out).toContain('postgres://bot:[Redacted]@db/office');
  });

  it('leaves ordinary text alone', () => {
    expect(scrubSecrets('关于2026年防汛工作的通知 xo')).toBe('关于2026年防汛工作的通知 xo');
  });
});
