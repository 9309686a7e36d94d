import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';

/**
 * A tiny stand-in for Slack's Socket Mode WebSocket endpoint: enough of RFC 6455 (text frames,
 * ping/pong, close) to say hello, push envelopes and read the bot's acknowledgements.
 * Point `apps.connections.open` (via nock) at `url`.
 */
export interface SocketModeDouble {
  url: string;
  /** Resolves when the bot has connected and received `hello`. */
  connected: Promise<void>;
  /** Sends an envelope and resolves with the bot's acknowledgement of it. */
  send(envelope: {
    envelope_id: string;
    type: string;
    payload: unknown;
    accepts_response_payload?: boolean;
  }): Promise<Record<string, unknown>>;
  /** Sends `text` as one WebSocket text message, as it is (malformed ones too); no acknowledgement awaited. */
  sendText(text: string): void;
  /** Resolves when the bot closes the connection. */
  closed: Promise<void>;
  close(): Promise<void>;
}

const WEBSOCKET_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

export async function startSocketModeDouble(): Promise<SocketModeDouble> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(426);
    res.end();
  });
  const waiting = new Map<string, (ack: Record<string, unknown>) => void>();
  let socket: Duplex | undefined;
  let onConnected!: () => void;
  const connected = new Promise<void>((resolve) => {
    onConnected = resolve;
  });
  let onClosed!: () => void;
  const closed = new Promise<void>((resolve) => {
    onClosed = resolve;
  });

  server.on('upgrade', (req, upgraded: Duplex) => {
    const accept = createHash('sha1')
      .update(`${req.headers['sec-websocket-key']}${WEBSOCKET_GUID}`)
      .digest('base64');
    upgraded.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    socket = upgraded;
    let buffered = Buffer.alloc(0);
    upgraded.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      for (;;) {
        const frame = readFrame(buffered);
        if (!frame) break;
        buffered = buffered.subarray(frame.length);
        if (frame.opcode === 0x1) {
          const ack = JSON.parse(frame.payload.toString('utf8')) as Record<string, unknown>;
          waiting.get(String(ack.envelope_id))?.(ack);
        } else if (frame.opcode === 0x9) {
          upgraded.write(encodeFrame(0xa, frame.payload));
        } else if (frame.opcode === 0x8) {
          upgraded.end(encodeFrame(0x8, Buffer.alloc(0)));
        }
      }
    });
    upgraded.on('close', () => onClosed());
    upgraded.on('error', () => onClosed());
    upgraded.write(encodeText({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0TEST' } }));
    onConnected();
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `ws://127.0.0.1:${port}/link`,
    connected,
    closed,
    send(envelope) {
      if (!socket) return Promise.reject(new Error('no Socket Mode connection yet'));
      const acked = new Promise<Record<string, unknown>>((resolve) =>
        waiting.set(envelope.envelope_id, resolve),
      );
      socket.write(encodeText(envelope));
      return acked;
    },
    sendText(text) {
      if (!socket) throw new Error('no Socket Mode connection yet');
      socket.write(encodeFrame(0x1, Buffer.from(text, 'utf8')));
    },
    close() {
      socket?.destroy();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function encodeText(message: unknown): Buffer {
  return encodeFrame(0x1, Buffer.from(JSON.stringify(message), 'utf8'));
}

/** A final, unmasked server frame. */
function encodeFrame(opcode: number, payload: Buffer): Buffer {
  let header: Buffer;
  if (payload.length < 126) {
    header = Buffer.from([0x80 | opcode, payload.length]);
  } else if (payload.length < 65_536) {
    header = Buffer.alloc(4);
    header.writeUInt8(0x80 | opcode, 0);
    header.writeUInt8(126, 1);
    header.writeUInt16BE(payload.length, 2);
  } else {
    header = Buffer.alloc(10);
    header.writeUInt8(0x80 | opcode, 0);
    header.writeUInt8(127, 1);
    header.writeBigUInt64BE(BigInt(payload.length), 2);
  }
  return Buffer.concat([header, payload]);
}

/** One (masked, unfragmented) client frame from the start of `data`, or undefined if incomplete. */
function readFrame(data: Buffer): { opcode: number; payload: Buffer; length: number } | undefined {
  if (data.length < 2) return undefined;
  const opcode = (data[0] ?? 0) & 0x0f;
  const second = data[1] ?? 0;
  const masked = (second & 0x80) !== 0;
  let length = second & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (data.length < 4) return undefined;
    length = data.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (data.length < 10) return undefined;
    length = Number(data.readBigUInt64BE(2));
    offset = 10;
  }
  const maskLength = masked ? 4 : 0;
  if (data.length < offset + maskLength + length) return undefined;
  const mask = data.subarray(offset, offset + maskLength);
  const payload = Buffer.from(data.subarray(offset + maskLength, offset + maskLength + length));
  if (masked) for (let i = 0; i < payload.length; i += 1) payload[i] = (payload[i] ?? 0) ^ (mask[i % 4] ?? 0);
  return { opcode, payload, length: offset + maskLength + length };
}
