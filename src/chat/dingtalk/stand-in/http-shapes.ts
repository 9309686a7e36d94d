// DingTalk's answer shapes and the request plumbing the stand-in's routes share.

import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';

/** DingTalk's v1.0 error shape. */
export function v1Error(res: ServerResponse, status: number, code: string, message: string): void {
  json(res, status, { code, message, requestid: randomUUID().toUpperCase() });
}

/** Answers `body` as JSON with `status`. */
export function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json;charset=utf-8' });
  res.end(JSON.stringify(body));
}

export { parseJson, readBody } from '../../../http/request-body.ts';
