import type { ChatConnectionState } from '../http/health.ts';

/**
 * What the composition root needs from a chat adapter's runtime (Slack today; DingTalk or WeCom
 * later, the in-memory adapter in tests, or the offline server when no credentials are set): start
 * serving, report the connection, and stop without dropping work in flight. It is the `runtime` of
 * a `ChatAdapter` (src/chat/core/adapter.ts), beside its delivery and its capabilities.
 */
export interface ChatRuntime {
  /**
   * Starts listening or connecting; resolves with the HTTP port actually bound (useful with
   * PORT=0). A runtime handed no port (its platform holds an outbound connection, see
   * ChatPlatformModule.servesHttpPort) binds none and resolves with port 0, which the root ignores.
   */
  start(): Promise<{ port: number }>;
  /**
   * Stops taking requests, waits up to `timeoutMs` for work in flight, then closes the server.
   * Safe to call more than once, or before start().
   */
  stop(timeoutMs: number): Promise<void>;
  /** The chat connection as `/readyz` reports it (`not_configured` for the offline server). */
  connectionState(): ChatConnectionState;
}
