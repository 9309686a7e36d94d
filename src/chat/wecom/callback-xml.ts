// The XML of WeCom callbacks: one flat `<xml>` element whose children are text (CDATA or plain),
// e.g. `<xml><ToUserName><![CDATA[ww…]]></ToUserName><Encrypt><![CDATA[…]]></Encrypt></xml>`
// (developer.work.weixin.qq.com/document/path/90239, 90240). The one nested element the bot reads,
// the `SelectedItems` a selection card's submit carries (`<SelectedItems><SelectedItem>
// <QuestionKey>…</QuestionKey><OptionIds><OptionId>…</OptionId>…</OptionIds></SelectedItem>…
// </SelectedItems>`), is kept whole under its name and read by {@link readSelectedItems}.

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** The text children of a callback's `<xml>`, by element name; null when it is no such document. */
export function readCallbackXml(xml: string): Record<string, string> | null {
  const body = /^\s*(?:<\?xml[^>]*\?>\s*)?<xml>([\s\S]*)<\/xml>\s*$/.exec(xml)?.[1];
  if (body === undefined) return null;
  const fields: Record<string, string> = {};
  // Its children are not the document's: kept whole, and left out of the flat reading below.
  const selected = SELECTED_ITEMS.exec(body);
  if (selected) fields.SelectedItems = selected[1] ?? '';
  const flat = selected ? body.replace(selected[0], '') : body;
  for (const match of flat.matchAll(/<([A-Za-z]\w*)>((?:<!\[CDATA\[[\s\S]*?\]\]>|[^<])*)<\/\1>/g)) {
    const [, name, content] = match;
    if (name === undefined || name in fields) continue;
    fields[name] = textOf(content ?? '');
  }
  return fields;
}

const SELECTED_ITEMS = /<SelectedItems>([\s\S]*?)<\/SelectedItems>/;

/** One question of a selection card as its submit answered it: the question's key, the options chosen. */
export interface SelectedItem {
  questionKey: string;
  optionIds: string[];
}

/**
 * The `SelectedItems` of a selection card's submit (the text {@link readCallbackXml} kept under
 * that name), in order; a question named twice keeps its first answer.
 */
export function readSelectedItems(raw: string): SelectedItem[] {
  const items: SelectedItem[] = [];
  for (const [, item = ''] of raw.matchAll(/<SelectedItem>([\s\S]*?)<\/SelectedItem>/g)) {
    const key = /<QuestionKey>((?:<!\[CDATA\[[\s\S]*?\]\]>|[^<])*)<\/QuestionKey>/.exec(item)?.[1];
    if (key === undefined) continue;
    const questionKey = textOf(key);
    if (items.some((known) => known.questionKey === questionKey)) continue;
    const optionIds = [...item.matchAll(/<OptionId>((?:<!\[CDATA\[[\s\S]*?\]\]>|[^<])*)<\/OptionId>/g)].map(
      ([, id = '']) => textOf(id),
    );
    items.push({ questionKey, optionIds });
  }
  return items;
}

/** The `SelectedItems` element of `items`, as WeCom writes it (for the stand-in). */
export function writeSelectedItems(items: readonly SelectedItem[]): string {
  const cdata = (text: string) => `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
  const each = items.map(
    (item) =>
      `<SelectedItem><QuestionKey>${cdata(item.questionKey)}</QuestionKey><OptionIds>${item.optionIds
        .map((id) => `<OptionId>${cdata(id)}</OptionId>`)
        .join('')}</OptionIds></SelectedItem>`,
  );
  return `<SelectedItems>${each.join('')}</SelectedItems>`;
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
