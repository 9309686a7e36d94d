// The meeting tests' way to the web form page on the in-memory harness: a meeting request's
// fields (the water administration's flood meeting, chaired by 王振华, in room 301), the form link a
// typed command answers with, and a form posted as a browser would, its refusals by field.

import type { MemoryHarness } from '../conformance/memory-harness.ts';

/** A form's fields as posted: one value, or several for a multiple choice. */
export type Fields = Record<string, string | readonly string[]>;

/** The chairing leader (王振华) of the example organisation. */
export const MEETING_CHAIR = 'wang-zhenhua';

/** A meeting for the water administration, chaired by 王振华, in room 301 from 09:00 to 11:00 on `day`. */
export const meetingFields = (day: string, overrides: Fields = {}): Fields => ({
  name: '防汛工作部署会',
  agenda: '一、通报汛情；二、部署防汛值班',
  day,
  start: '09:00',
  end: '11:00',
  room: 'room-301',
  place: '',
  attendees: ['gao-yan', 'ma-qiang'],
  departments: ['rural-water'],
  host: 'water-admin',
  chair: MEETING_CHAIR,
  materials: 'https://pan.example.gov.cn/fx',
  budget: '2000元',
  planned: 'planned',
  reason: '',
  ...overrides,
});

/** The form link in the last message `personId` got (a reply carrying it). */
export function formLinkOf(h: MemoryHarness, personId: string): URL {
  const message = h.adapter.memory.messagesOf(personId).at(-1);
  if (message?.kind !== 'reply') throw new Error(`a ${message?.kind} message, not a reply`);
  const run = message.reply.text.find((r) => typeof r !== 'string' && r.url !== undefined);
  if (typeof run === 'string' || run?.url === undefined) throw new Error('no form link');
  return new URL(run.url);
}

/** Posts `fields` to the form at `url`: the status, the page and its refusals by element id. */
export async function postForm(h: MemoryHarness, url: URL, fields: Fields) {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    for (const one of typeof value === 'string' ? [value] : value) body.append(name, one);
  }
  const answer = await fetch(`http://127.0.0.1:${h.formsPort}${url.pathname}${url.search}`, {
    method: 'POST',
    body,
  });
  const html = await answer.text();
  const errors = Object.fromEntries(
    [...html.matchAll(/<p class="error" id="([^"]*)">([^<]*)<\/p>/gu)].map((m) => [m[1], m[2]]),
  );
  return { status: answer.status, html, errors };
}
