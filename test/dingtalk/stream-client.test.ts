import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseCardCallback } from '../../src/chat/dingtalk/card/callback.ts';
import { type DingTalkStandIn, startDingTalkStandIn } from '../../src/chat/dingtalk/stand-in/stand-in.ts';
import type { StreamClient, StreamMessage } from '../../src/chat/dingtalk/stream-client.ts';
import { TOPIC_CARD_CALLBACK, TOPIC_ROBOT_MESSAGE } from '../../src/chat/dingtalk/stream-frames.ts';
import { streamClientOn } from './stream-support.ts';

let standIn: DingTalkStandIn;
let client: StreamClient | undefined;

afterEach(async () => {
  await client?.stop();
  client = undefined;
  await standIn?.close();
});

async function connected(c: StreamClient, count = 1): Promise<void> {
  await standIn.waitFor(() => standIn.connections >= count && standIn.openConnections === 1);
  await vi.waitFor(() => expect(c.state()).toBe('connected'));
}

const ackOf = (messageId: string) =>
  standIn.waitFor(() => standIn.acks.some((a) => a.messageId === messageId));

describe('DingTalk Stream client', () => {
  it('registers with the three subscriptions, connects, and answers ping with the same data', async () => {
    standIn = await startDingTalkStandIn();
    const setup = streamClientOn(standIn);
    client = setup.client;
    expect(client.state()).toBe('disconnected');
    client.start();
    await connected(client);

    expect(standIn.subscriptions).toEqual([
      { type: 'EVENT', topic: '*' },
      { type: 'CALLBACK', topic: TOPIC_ROBOT_MESSAGE },
      { type: 'CALLBACK', topic: TOPIC_CARD_CALLBACK },
    ]);
    const ping = standIn.sendSystem('ping', { opaque: 'p-1' });
    await ackOf(ping);
    expect(standIn.acks.find((a) => a.messageId === ping)).toEqual({
      messageId: ping,
      code: 200,
      data: { opaque: 'p-1' },
    });
  });

  it('ACKs a CALLBACK before its handler finishes, then hands on messageId, topic and parsed data', async () => {
    standIn = await startDingTalkStandIn();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const started: StreamMessage[] = [];
    let finished = false;
    const setup = streamClientOn(standIn, {
      handler: async (message) => {
        started.push(message);
        await gate;
        finished = true;
      },
    });
    client = setup.client;
    client.start();
    await connected(client);

    const id = standIn.sendCallback(TOPIC_CARD_CALLBACK, { outTrackId: 'card-1', userId: 'u1' });
    await ackOf(id);
    // The ACK arrived while the handler's work is still blocked: the work never delays it.
    expect(finished).toBe(false);
    expect(standIn.acks.find((a) => a.messageId === id)).toMatchObject({ code: 200, data: { response: {} } });
    await vi.waitFor(() => expect(started).toHaveLength(1));
    expect(started[0]).toMatchObject({
      type: 'CALLBACK',
      messageId: id,
      topic: TOPIC_CARD_CALLBACK,
      data: { outTrackId: 'card-1', userId: 'u1' },
    });
    // stop() does not wait for the handler; drain() does.
    await client.stop();
    let drained = false;
    const draining = client.drain().then(() => {
      drained = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(drained).toBe(false);
    release();
    await draining;
    expect(finished).toBe(true);
  });

  it('hands a frame delivered twice on twice, with the same messageId (deduplication is the adapter’s)', async () => {
    standIn = await startDingTalkStandIn();
    const setup = streamClientOn(standIn);
    client = setup.client;
    client.start();
    await connected(client);

    standIn.sendCallback(TOPIC_ROBOT_MESSAGE, { text: { content: '用印' } }, { messageId: 'dup-1' });
    standIn.sendCallback(TOPIC_ROBOT_MESSAGE, { text: { content: '用印' } }, { messageId: 'dup-1' });
    await vi.waitFor(() => expect(setup.received).toHaveLength(2));
    expect(setup.received.map((m) => m.messageId)).toEqual(['dup-1', 'dup-1']);
    expect(standIn.acks.filter((a) => a.messageId === 'dup-1')).toHaveLength(2);
  });

  it('gets a CALLBACK again when its ACK came too late, and hands it on again', async () => {
    standIn = await startDingTalkStandIn({ redeliverAfterMs: 5 });
    const setup = streamClientOn(standIn);
    client = setup.client;
    client.start();
    await connected(client);

    standIn.loseAcks(1);
    const id = standIn.sendCallback(TOPIC_CARD_CALLBACK, { outTrackId: 'card-2' });
    await ackOf(id);
    expect(standIn.deliveries(id)).toBe(2);
    await vi.waitFor(() => expect(setup.received.filter((m) => m.messageId === id)).toHaveLength(2));
    // Once ACKed, the stand-in stops redelivering.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(standIn.deliveries(id)).toBe(2);
  });

  it('reconnects after the server’s disconnect frame, with a new registration and ticket', async () => {
    standIn = await startDingTalkStandIn();
    const setup = streamClientOn(standIn);
    client = setup.client;
    client.start();
    await connected(client);

    const slept = setup.clock.nextSleep();
    standIn.disconnect();
    await slept;
    expect(client.state()).toBe('connecting');
    expect(setup.delays).toEqual([750]);
    setup.clock.advance(750);
    await connected(client, 2);
    expect(standIn.registrations).toBe(2);
    expect(setup.logs.text()).toContain('asked to reconnect');
  });

  it('reconnects a dropped connection with growing backoff, one attempt at a time, and resets it once stable', async () => {
    standIn = await startDingTalkStandIn();
    const setup = streamClientOn(standIn);
    client = setup.client;
    client.start();
    client.start(); // a second start while running changes nothing
    await connected(client);

    for (let round = 1; round <= 3; round++) {
      const slept = setup.clock.nextSleep();
      standIn.dropConnection();
      await slept;
      // Nothing more happens while the client waits: no second registration behind the first.
      expect(standIn.registrations).toBe(round);
      setup.clock.advance(setup.delays.at(-1) ?? 0);
      await connected(client, round + 1);
      expect(standIn.registrations).toBe(round + 1);
    }
    // Each connection died at once, so each wait doubled.
    expect(setup.delays).toEqual([750, 1500, 3000]);

    // A connection that stayed up past stableAfterMs (30 s) starts the backoff over.
    setup.clock.advance(30_000);
    const slept = setup.clock.nextSleep();
    standIn.dropConnection();
    await slept;
    expect(setup.delays.at(-1)).toBe(750);
  });

  it('retries a refused registration with backoff and says clearly what to check, without the secret', async () => {
    standIn = await startDingTalkStandIn();
    standIn.refuseRegistration(2);
    const setup = streamClientOn(standIn);
    client = setup.client;
    let slept = setup.clock.nextSleep();
    client.start();
    await slept;
    slept = setup.clock.nextSleep();
    setup.clock.advance(750);
    await slept;
    setup.clock.advance(1500);
    await connected(client);

    expect(setup.delays).toEqual([750, 1500]);
    expect(standIn.registrations).toBe(3);
    const failures = setup.logs.lines().filter((l) => String(l.msg).includes('connection failed'));
    expect(failures).toHaveLength(2);
    expect(failures[0]).toMatchObject({ level: 'warn', attempt: 1, delayMs: 750 });
    expect(String(failures[0]?.msg)).toContain('Unauthorized');
    expect(String(failures[0]?.msg)).toContain('DINGTALK_CLIENT_SECRET');
    expect(setup.logs.text()).not.toContain(standIn.clientSecret);
  });

  it('keeps retrying while DingTalk is unreachable at start, and connects once it is up', async () => {
    standIn = await startDingTalkStandIn({ down: true });
    const setup = streamClientOn(standIn);
    client = setup.client;
    let slept = setup.clock.nextSleep();
    client.start();
    await slept;
    expect(client.state()).toBe('connecting');
    slept = setup.clock.nextSleep();
    setup.clock.advance(750);
    await slept;
    expect(setup.delays).toEqual([750, 1500]);
    expect(setup.logs.text()).toContain('ECONNREFUSED');

    await standIn.up();
    setup.clock.advance(1500);
    await connected(client);
  });

  it('logs and drops malformed frames and failing handlers, and keeps serving', async () => {
    standIn = await startDingTalkStandIn();
    let calls = 0;
    const received: StreamMessage[] = [];
    const setup = streamClientOn(standIn, {
      handler: async (message) => {
        calls += 1;
        if (calls === 1) throw new Error('database unavailable');
        received.push(message);
      },
    });
    client = setup.client;
    client.start();
    await connected(client);

    standIn.sendRaw('not json at all');
    standIn.sendRaw(
      JSON.stringify({ type: 'CALLBACK', headers: { topic: TOPIC_ROBOT_MESSAGE }, data: '{}' }),
    );
    standIn.sendRaw(
      JSON.stringify({ type: 'NONSENSE', headers: { messageId: 'x', topic: 't' }, data: '{}' }),
    );
    // A CALLBACK whose data is not JSON is ACKed (so it is not redelivered forever) but not handed on.
    standIn.sendRaw(
      JSON.stringify({
        type: 'CALLBACK',
        headers: { messageId: 'bad-data', topic: TOPIC_ROBOT_MESSAGE },
        data: '{oops',
      }),
    );
    await ackOf('bad-data');
    const failing = standIn.sendCallback(TOPIC_ROBOT_MESSAGE, { n: 1 });
    await ackOf(failing);
    const fine = standIn.sendCallback(TOPIC_ROBOT_MESSAGE, { n: 2 });
    await vi.waitFor(() => expect(received.map((m) => m.messageId)).toEqual([fine]));

    expect(client.state()).toBe('connected');
    expect(standIn.connections).toBe(1);
    const warnings = setup.logs.lines().filter((l) => String(l.msg).includes('malformed'));
    expect(warnings.map((l) => l.reason)).toEqual(['not JSON', 'no messageId', 'unknown type']);
    expect(setup.logs.text()).toContain('data is not JSON');
    await vi.waitFor(() => expect(setup.logs.text()).toContain('handler failed'));
    expect(setup.logs.text()).not.toContain('not json at all');
  });

  it('ACKs EVENT frames too, so they are not redelivered', async () => {
    standIn = await startDingTalkStandIn();
    const setup = streamClientOn(standIn);
    client = setup.client;
    client.start();
    await connected(client);
    const id = standIn.sendEvent('chat_update_title', { chatId: 'c1' });
    await ackOf(id);
    await vi.waitFor(() =>
      expect(setup.received).toMatchObject([{ type: 'EVENT', messageId: id, data: { chatId: 'c1' } }]),
    );
  });

  it('stop() cancels a backoff wait and a live connection, and nothing reconnects afterwards', async () => {
    standIn = await startDingTalkStandIn();
    const setup = streamClientOn(standIn);
    client = setup.client;
    client.start();
    await connected(client);
    const slept = setup.clock.nextSleep();
    standIn.dropConnection();
    await slept;
    await client.stop();
    expect(client.state()).toBe('disconnected');
    setup.clock.advance(60_000);
    expect(standIn.registrations).toBe(1);

    // And when connected: the socket is closed.
    client.start();
    await connected(client, 2);
    await client.stop();
    await standIn.waitFor(() => standIn.openConnections === 0);
    expect(client.state()).toBe('disconnected');
  });

  it('keeps a connection whose server answers pings, and drops one whose server went silent', async () => {
    standIn = await startDingTalkStandIn();
    const setup = streamClientOn(standIn, { keepAliveMs: 10_000 });
    client = setup.client;
    client.start();
    await connected(client);
    const pingRound = async () => {
      const slept = setup.clock.nextSleep();
      setup.clock.advance(10_000);
      await slept;
    };
    await pingRound();
    await new Promise((resolve) => setTimeout(resolve, 5)); // the pong crosses the loopback
    await pingRound();
    expect(client.state()).toBe('connected');
    expect(standIn.connections).toBe(1);

    standIn.stopAnsweringPings();
    await pingRound(); // this ping goes unanswered
    setup.clock.advance(10_000); // the next round finds no pong and drops the socket
    await standIn.waitFor(() => standIn.openConnections === 0);
    expect(setup.logs.text()).toContain('did not answer a ping');
  });

  it('hands on a person’s message and a card click in the shapes DingTalk fills', async () => {
    standIn = await startDingTalkStandIn();
    const setup = streamClientOn(standIn);
    client = setup.client;
    client.start();
    await connected(client);

    const said = standIn.sendRobotMessage({
      senderStaffId: 'u1',
      text: '用印 公章 3 关于…的函',
      groupConversationId: 'cid-1',
    });
    const clicked = standIn.sendCardClick({
      outTrackId: 'seal-1-u2',
      userId: 'u2',
      actionIds: ['approve'],
      params: { opinion: '同意' },
    });
    await vi.waitFor(() => expect(setup.received).toHaveLength(2));
    const [message, click] = setup.received;
    expect(message).toMatchObject({
      messageId: said,
      topic: TOPIC_ROBOT_MESSAGE,
      data: {
        conversationType: '2',
        conversationId: 'cid-1',
        senderStaffId: 'u1',
        text: { content: '用印 公章 3 关于…的函' },
      },
    });
    expect(click).toMatchObject({
      messageId: clicked,
      topic: TOPIC_CARD_CALLBACK,
      data: { outTrackId: 'seal-1-u2', userId: 'u2' },
    });
    const content = JSON.parse(String((click?.data as { content?: string } | undefined)?.content));
    expect(content).toEqual({ cardPrivateData: { actionIds: ['approve'], params: { opinion: '同意' } } });
  });

  it('stop() cancels a registration the gateway has not answered', async () => {
    standIn = await startDingTalkStandIn();
    let asked!: () => void;
    const registering = new Promise<void>((resolve) => {
      asked = resolve;
    });
    const held: ServerResponse[] = [];
    const silent = createServer((_req, res) => {
      held.push(res);
      asked();
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const gatewayUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    const setup = streamClientOn(standIn, { gatewayUrl });
    setup.client.start();
    await registering;
    expect(setup.client.state()).toBe('connecting');
    await setup.client.stop();
    expect(setup.client.state()).toBe('disconnected');
    expect(setup.delays).toEqual([]);
    for (const res of held) res.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });

  it('stays away as long as the gateway’s ban page says, whatever the backoff', async () => {
    standIn = await startDingTalkStandIn();
    standIn.misbehave('ip_ban');
    const setup = streamClientOn(standIn);
    client = setup.client;
    const slept = setup.clock.nextSleep();
    client.start();
    await slept;
    expect(setup.delays).toEqual([5 * 60_000]);
    setup.clock.advance(5 * 60_000);
    await connected(client);
  });

  it('loses no click when the connection drops before the ACK arrives: the frame comes again on the next connection', async () => {
    standIn = await startDingTalkStandIn({ redeliverAfterMs: 5 });
    const setup = streamClientOn(standIn);
    client = setup.client;
    client.start();
    await connected(client);

    standIn.loseAcks(1); // the ACK of the first delivery never reaches DingTalk
    const slept = setup.clock.nextSleep();
    const id = standIn.sendCardClick({ outTrackId: 'card-3', userId: 'u1', actionIds: ['approve'] });
    await standIn.waitFor(() => standIn.deliveries(id) === 1 && standIn.openConnections === 1);
    standIn.dropConnection();
    await slept;
    setup.clock.advance(setup.delays.at(-1) ?? 0);
    await connected(client, 2);
    await ackOf(id);
    await vi.waitFor(() =>
      expect(setup.received.filter((m) => m.messageId === id).length).toBeGreaterThanOrEqual(1),
    );
    expect(standIn.acks.filter((a) => a.messageId === id)).toHaveLength(1);
  });

  it('delivers a stand-in card click that the card click reader accepts', async () => {
    standIn = await startDingTalkStandIn();
    const setup = streamClientOn(standIn);
    client = setup.client;
    client.start();
    await connected(client);
    standIn.sendCardClick({
      outTrackId: 'seal-1-u2',
      userId: 'u2',
      actionIds: ['btn'],
      params: { action: 'approve', value: 'v1' },
    });
    await vi.waitFor(() => expect(setup.received).toHaveLength(1));
    expect(parseCardCallback(setup.received[0]?.data)).toMatchObject({
      ok: true,
      click: {
        userId: 'u2',
        outTrackId: 'seal-1-u2',
        source: 'button',
        action: 'approve',
        value: 'v1',
        corpId: 'stand-in-corp',
      },
    });
  });
});
