// The four frame kinds of DingTalk's Stream protocol, parsed defensively: the socket is the
// platform's, and a frame we cannot read must be dropped with a log line, never crash the bot.

/** Topic of the robot's message callback (a person wrote to the robot). */
export const TOPIC_ROBOT_MESSAGE = '/v1.0/im/bot/messages/get';
/** Topic of the interactive card callback (a button or an input on a card). */
export const TOPIC_CARD_CALLBACK = '/v1.0/card/instances/callback';

/** The subscriptions the bot registers: every event, and the two callbacks it answers. */
export const STREAM_SUBSCRIPTIONS = [
  { type: 'EVENT', topic: '*' },
  { type: 'CALLBACK', topic: TOPIC_ROBOT_MESSAGE },
  { type: 'CALLBACK', topic: TOPIC_CARD_CALLBACK },
] as const;

/** The frame kinds the server sends. */
export type StreamFrameType = 'SYSTEM' | 'EVENT' | 'CALLBACK';

/**
 * A frame from the server: `headers.messageId` identifies it across redeliveries, and `data` is
 * a JSON document inside a string.
 */
export interface StreamFrame {
  specVersion?: string;
  type: StreamFrameType;
  headers: { messageId: string; topic: string; [name: string]: unknown };
  data: string;
}

/** The outcome of reading one WebSocket message. */
export type ParsedFrame = { ok: true; frame: StreamFrame } | { ok: false; reason: string };

const FRAME_TYPES: ReadonlySet<string> = new Set(['SYSTEM', 'EVENT', 'CALLBACK']);

/** Reads one text message as a frame; anything else is a reason to drop it. */
export function parseFrame(text: string): ParsedFrame {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  if (typeof raw !== 'object' || raw === null) return { ok: false, reason: 'not an object' };
  const { type, headers, data, specVersion } = raw as Record<string, unknown>;
  if (typeof type !== 'string' || !FRAME_TYPES.has(type)) return { ok: false, reason: 'unknown type' };
  if (typeof headers !== 'object' || headers === null) return { ok: false, reason: 'no headers' };
  const { messageId, topic } = headers as Record<string, unknown>;
  if (typeof messageId !== 'string' || messageId === '') return { ok: false, reason: 'no messageId' };
  if (typeof topic !== 'string') return { ok: false, reason: 'no topic' };
  return {
    ok: true,
    frame: {
      ...(typeof specVersion === 'string' ? { specVersion } : {}),
      type: type as StreamFrameType,
      headers: headers as StreamFrame['headers'],
      // A frame without data still carries its messageId, which is all an ACK needs.
      data: typeof data === 'string' ? data : '',
    },
  };
}

/**
 * The client's acknowledgement of a frame. The server redelivers an unacknowledged CALLBACK (after
 * about 60 s), so every CALLBACK and EVENT is answered with its own messageId.
 */
export function ackFrame(messageId: string, data: unknown): string {
  return JSON.stringify({
    code: 200,
    headers: { contentType: 'application/json', messageId },
    message: 'OK',
    data: JSON.stringify(data),
  });
}

/** The answer to a SYSTEM `ping`: the same headers and the same data, as both official SDKs send. */
export function pongFrame(ping: StreamFrame): string {
  return JSON.stringify({ code: 200, headers: ping.headers, message: 'OK', data: ping.data });
}
