// Sends a web form page's fields as a browser would (repeated names for several choices) and
// reads the answer: its status, its page, and each refusal shown beside a field, by field id.

type Fields = Record<string, string | readonly string[]>;

export async function postWebForm(port: number, url: URL, fields: Fields) {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    for (const one of typeof value === 'string' ? [value] : value) body.append(name, one);
  }
  const answer = await fetch(`http://127.0.0.1:${port}${url.pathname}${url.search}`, {
    method: 'POST',
    body,
  });
  const html = await answer.text();
  const errors: Record<string, string | undefined> = Object.fromEntries(
    [...html.matchAll(/<p class="error" id="f-([^"]*)-error">([^<]*)<\/p>/gu)].map((m) => [m[1], m[2]]),
  );
  return { status: answer.status, html, errors };
}
