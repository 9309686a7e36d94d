// The XML of WeCom callbacks: one flat `<xml>` element whose children are text (CDATA or plain),
// e.g. `<xml><ToUserName><![CDATA[ww…]]></ToUserName><Encrypt><![CDATA[…]]></Encrypt></xml>`
// (developer.work.weixin.qq.com/document/path/90239, 90240). Nested lists (a vote card's
// `SelectedItems`) are not read here.

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** The text children of a callback's `<xml>`, by element name; null when it is no such document. */
export function readCallbackXml(xml: string): Record<string, string> | null {
  const body = /^\s*(?:<\?xml[^>]*\?>\s*)?<xml>([\s\S]*)<\/xml>\s*$/.exec(xml)?.[1];
  if (body === undefined) return null;
  const fields: Record<string, string> = {};
  for (const match of body.matchAll(/<([A-Za-z]\w*)>((?:<!\[CDATA\[[\s\S]*?\]\]>|[^<])*)<\/\1>/g)) {
    const [, name, content] = match;
    if (name === undefined || name in fields) continue;
    fields[name] = textOf(content ?? '');
  }
  return fields;
}

/** A flat callback document of `fields` (strings in CDATA, numbers plain), as WeCom writes them. */
export function writeCallbackXml(fields: Record<string, string | number>): string {
  const children = Object.entries(fields).map(([name, value]) =>
    typeof value === 'number'
      ? `<${name}>${value}</${name}>`
      : `<${name}><![CDATA[${value.replaceAll(']]>', ']]]]><![CDATA[>')}]]></${name}>`,
  );
  return `<xml>${children.join('')}</xml>`;
}

/** An element's text: CDATA sections as they are, entities decoded elsewhere. */
function textOf(content: string): string {
  return content
    .split(/(<!\[CDATA\[[\s\S]*?\]\]>)/)
    .map((part) => (part.startsWith('<![CDATA[') ? part.slice(9, -3) : decodeEntities(part)))
    .join('');
}

function decodeEntities(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (whole, name: string) => {
    if (name.startsWith('#x')) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
    return ENTITIES[name] ?? whole;
  });
}
