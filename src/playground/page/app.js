// The playground page: use the office bot without Slack, DingTalk or WeCom. Pick who you are, read
// your direct messages, the office channel and your App Home, type slash commands, click buttons
// and fill modals; or switch to 钉钉 and use the bot as DingTalk shows it: your chat with the robot,
// its cards drawn from the card template's variables, their buttons and panel; or to 企业微信 and use
// it as WeCom shows it: your chat with the app, its template cards drawn from the template_card
// JSON the bot sent, their buttons, and the app's menu. Everything comes from the playground server
// on the same origin (JSON + Server-Sent Events); this file only draws it and sends back what the
// user did, in Slack's shapes or as DingTalk's or WeCom's client would.

// ─── Page chrome labels (the bot's own messages arrive already localized) ────────────────────

/** Page labels: [中文, English]. */
const LABELS = {
  appTitle: ['办公室助手 · 本地试用 (Playground)', 'Office assistant · Playground'],
  identity: ['当前身份', 'Acting as'],
  loading: ['加载中…', 'Loading…'],
  navLabel: ['会话', 'Conversations'],
  office: ['示范县水利局', 'Demo County Water Bureau'],
  commandLabel: ['斜杠命令', 'Slash command'],
  commandPlaceholder: ['输入斜杠命令，例如 /doc help', 'Type a slash command, e.g. /doc help'],
  send: ['发送', 'Send'],
  examples: ['命令示例', 'Examples'],
  dm: ['与机器人的私信', 'Direct messages with the bot'],
  home: ['应用主页', 'App Home'],
  dmSubtitle: ['只有你和机器人能看到这里的消息', 'Only you and the bot see these messages'],
  channelSubtitle: ['频道成员都能看到这里的消息', 'Everyone in the channel sees these messages'],
  homeSubtitle: ['机器人为你发布的主页', 'The home page the bot publishes for you'],
  homeLoading: ['正在加载主页…', 'Loading the home page…'],
  empty: ['还没有消息。试试下面的命令示例。', 'No messages yet. Try one of the examples below.'],
  bot: ['办公室助手', 'Office assistant'],
  app: ['应用', 'APP'],
  you: ['你', 'You'],
  system: ['试用环境', 'Playground'],
  ephemeral: ['仅你可见', 'Only visible to you'],
  edited: ['已更新', 'edited'],
  files: ['文件', 'Files'],
  onlySlash: [
    '这里只认识斜杠命令：/doc help、/seal、/supply、/archive、/meeting',
    'Only slash commands are understood here: /doc help, /seal, /supply, /archive, /meeting',
  ],
  unknownCommand: [
    '不认识的命令 {command}。可用的命令：/doc、/seal、/supply、/archive、/meeting',
    'Unknown command {command}. Available: /doc, /seal, /supply, /archive, /meeting',
  ],
  noConversation: ['请先选择一个会话。', 'Pick a conversation first.'],
  submit: ['提交', 'Submit'],
  cancel: ['取消', 'Cancel'],
  confirm: ['确定', 'OK'],
  confirmTitle: ['请确认', 'Please confirm'],
  optional: ['（可选）', '(optional)'],
  required: ['此项为必填。', 'This field is required.'],
  minLength: ['至少需要 {count} 个字。', 'At least {count} characters.'],
  selectPlaceholder: ['请选择…', 'Choose…'],
  more: ['更多操作', 'More actions'],
  noRoles: ['无特殊角色', 'No special roles'],
  commandFailed: ['命令未执行：{error}', 'Command not run: {error}'],
  actionFailed: ['操作失败：{error}', 'Action failed: {error}'],
  networkError: ['无法连接试用服务器', 'Cannot reach the playground server'],
  live: ['● 实时更新', '● Live'],
  polling: ['● 每 2 秒刷新', '● Refreshing every 2 s'],
  offline: ['● 连接中断', '● Disconnected'],
  switchLang: ['Switch to English', '切换到中文'],
  clockLabel: ['机器人时钟', 'The bot’s clock'],
  clockTitle: ['机器人时间', 'Bot time'],
  clockHour: ['+1 小时', '+1 hour'],
  clockWorkday: ['+1 工作日', '+1 working day'],
  clockNow: ['回到现在', 'Back to now'],
  clockAhead: ['（快 {offset}）', '({offset} ahead)'],
  clockDays: ['{count} 天', '{count} d'],
  clockHours: ['{count} 小时', '{count} h'],
  clockMinutes: ['{count} 分钟', '{count} min'],
  clockMoved: [
    '机器人时间已调到 {time}：到期的提醒、汇总和督办现在发出。',
    'Bot time is now {time}: reminders, digests and escalations due by then go out now.',
  ],
  clockFailed: ['时钟未调整：{error}', 'Clock not moved: {error}'],
  langButton: ['EN', '中文'],
  platformLabel: ['平台', 'Platform'],
  dingtalk: ['钉钉', 'DingTalk'],
  platformFailed: ['未能切换平台：{error}', 'Platform not switched: {error}'],
  dtChat: ['与机器人的单聊', 'Chat with the robot'],
  dtChatSubtitle: [
    '钉钉里只有你和机器人能看到这里的消息；新消息发到页面所选的平台',
    'Only you and the robot see these messages in DingTalk; new messages go to the platform chosen here',
  ],
  dtPlaceholder: ['输入文字发给机器人，例如 用印', 'Type to the robot, e.g. 用印'],
  dtInputLabel: ['发给机器人的文字', 'Text to the robot'],
  dtEmpty: [
    '还没有消息。直接输入文字，例如 待办、用印。',
    'No messages yet. Type a word such as 待办 or 用印.',
  ],
  robot: ['办公室助手（机器人）', 'Office assistant (robot)'],
  dtUpdated: ['已更新', 'updated'],
  dtSendFailed: ['消息未发出：{error}', 'Message not sent: {error}'],
  dtClickFailed: ['操作未发出：{error}', 'Press not sent: {error}'],
  dtRequired: ['请填写“{label}”。', 'Please fill in “{label}”.'],
  dtFile: ['文件', 'File'],
  dtCardButtons: ['卡片按钮', 'Card buttons'],
  dtPanel: ['卡片上的表单', 'Form on the card'],
  wecom: ['企业微信', 'WeCom'],
  wcChat: ['与应用的会话', 'Chat with the app'],
  wcChatSubtitle: [
    '企业微信里只有你和应用能看到这里的消息；新消息发到页面所选的平台',
    'Only you and the app see these messages in WeCom; new messages go to the platform chosen here',
  ],
  wcPlaceholder: ['输入文字发给应用，例如 用印', 'Type to the app, e.g. 用印'],
  wcInputLabel: ['发给应用的文字', 'Text to the app'],
  wcEmpty: [
    '还没有消息。直接输入文字，例如 待办、用印，或点下面的应用菜单。',
    'No messages yet. Type a word such as 待办 or 用印, or use the app’s menu below.',
  ],
  wcApp: ['办公室助手（应用）', 'Office assistant (app)'],
  wcMenu: ['应用菜单', 'The app’s menu'],
  wcMenuPicked: ['点了菜单：{key}', 'Picked from the menu: {key}'],
  wcDetails: ['查看详情', 'Details'],
  wcUnsupported: [
    '（这种消息试用页还画不出来：{type}）',
    '(The playground cannot draw this message yet: {type})',
  ],
};

const COMMANDS = ['/doc', '/seal', '/supply', '/archive', '/meeting'];

/** localStorage that never throws (private mode, storage disabled): reads without `value`. */
function stored(key, value) {
  try {
    if (value === undefined) return localStorage.getItem(key);
    localStorage.setItem(key, value);
  } catch {
    // Nothing to do: the URL still names the user.
  }
  return null;
}

let lang = stored('playground.lang') === 'en' ? 'en' : 'zh';

function L(key, params = {}) {
  const text = LABELS[key]?.[lang === 'en' ? 1 : 0] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

// ─── Small DOM helpers ──────────────────────────────────────────────────────────────────────

const $ = (selector) => document.querySelector(selector);

/**
 * An element: attributes (a string is the class; `on…` become listeners, `html` is markup we built
 * from escaped text), then children (strings become text nodes, never HTML).
 */
function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  const attributes = typeof attrs === 'string' ? { class: attrs } : attrs;
  for (const [key, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'html') node.innerHTML = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

let idCounter = 0;
const nextId = (prefix = 'f') => `${prefix}${++idCounter}`;

function toast(text, kind = 'info') {
  const node = h('div', `toast toast-${kind}`, text);
  $('#toasts').append(node);
  setTimeout(() => node.remove(), 6000);
}

// ─── State and fetching ─────────────────────────────────────────────────────────────────────

const app = {
  /** The /api/people answer. */
  meta: null,
  peopleById: new Map(),
  user: '',
  /** What the main area shows: 'dm', 'home' or a channel id. */
  open: 'dm',
  /** The last /api/state answer for `user`. */
  state: null,
  /** Local notes (hints, errors) per `${user}|${conversation}`, placed after a given message. */
  notes: new Map(),
  /** Messages seen per conversation, for the unread badges. */
  seen: new Map(),
  /** Values typed into a modal that is now hidden under another one, by view id. */
  savedValues: new Map(),
  /** The platform the page shows: 'slack' or 'dingtalk' (the server's choice, where new messages go). */
  platform: 'slack',
  /** The last /api/dingtalk/state answer for `user`. */
  dtState: null,
  /** The last /api/wecom/state answer for `user`. */
  wcState: null,
};

const onDingTalk = () => app.platform === 'dingtalk';
const onWeCom = () => app.platform === 'wecom';
/** The current person's userid on the WeCom stand-in. */
const wecomUser = () => app.peopleById.get(app.user)?.wecomUserId ?? '';
/** The current person's userid on the DingTalk stand-in. */
const dingtalkUser = () => app.peopleById.get(app.user)?.dingtalkUserId ?? '';

async function getJson(path) {
  const res = await fetch(path, { headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return res.json();
}

/** POSTs JSON; always resolves to `{ ok, … }`, network failures included. */
async function post(path, body) {
  try {
    const res = await fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const data = await res.json().catch(() => null);
    if (data && typeof data === 'object') return data;
    return { ok: res.ok, error: res.ok ? undefined : `HTTP ${res.status}` };
  } catch (error) {
    return { ok: false, error: `${L('networkError')} (${error.message})` };
  }
}

let refreshing = null;
let refreshAgain = false;

/** Refetches the state of the current user; overlapping calls coalesce into one more fetch. */
function refresh() {
  if (refreshing) {
    refreshAgain = true;
    return refreshing;
  }
  refreshing = (async () => {
    do {
      refreshAgain = false;
      const user = app.user;
      if (!user) return;
      try {
        if (onWeCom()) {
          const wcState = await getJson(`/api/wecom/state?user=${encodeURIComponent(wecomUser())}`);
          if (user === app.user && onWeCom()) {
            app.wcState = wcState;
            renderAll();
          }
          continue;
        }
        if (onDingTalk()) {
          const dtState = await getJson(`/api/dingtalk/state?user=${encodeURIComponent(dingtalkUser())}`);
          if (user === app.user && onDingTalk()) {
            app.dtState = dtState;
            renderAll();
          }
          continue;
        }
        const state = await getJson(`/api/state?user=${encodeURIComponent(user)}`);
        if (user === app.user) {
          app.state = state;
          renderAll();
        }
      } catch {
        setConnection('offline');
      }
    } while (refreshAgain);
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

let pollTimer = null;

function listen() {
  const startPolling = () => {
    setConnection('polling');
    if (pollTimer === null) pollTimer = setInterval(refresh, 2000);
  };
  if (!('EventSource' in window)) return startPolling();
  const source = new EventSource('/api/events');
  source.onopen = () => {
    setConnection('live');
    refresh();
  };
  source.onmessage = () => refresh();
  source.onerror = () => {
    source.close();
    startPolling();
  };
}

let connection = 'live';
function setConnection(kind) {
  connection = kind;
  const node = $('#connection');
  node.textContent = L(kind);
  node.className = `connection connection-${kind}`;
}

function conversations() {
  if (app.state) return app.state.conversations ?? [];
  const channels = app.meta?.channels ?? [];
  return channels.map((c) => ({ id: c.id, kind: 'channel', name: c.name, messages: [] }));
}

function openConversation() {
  const all = conversations();
  return app.open === 'dm' ? all.find((c) => c.kind === 'dm') : all.find((c) => c.id === app.open);
}

function personLabel(person) {
  return [person.name, person.department, person.title].filter(Boolean).join(' · ');
}

async function switchUser(userId) {
  app.user = userId;
  stored('playground.user', userId);
  const url = new URL(location.href);
  url.searchParams.set('user', userId);
  history.replaceState(null, '', url);
  app.state = null;
  app.dtState = null;
  app.wcState = null;
  app.seen.clear();
  app.savedValues.clear();
  resetModal();
  renderAll();
  await refresh();
  if (app.open === 'home') await openHome();
}

async function openTab(key) {
  app.open = key;
  renderAll();
  if (key === 'home') await openHome();
  else $('#command-input').focus();
}

async function openHome() {
  const res = await post('/api/home-opened', { user: app.user });
  if (!res.ok) toast(L('actionFailed', { error: res.error ?? '?' }), 'error');
  await refresh();
}

// ─── Rendering: header, sidebar, conversations ──────────────────────────────────────────────

function renderAll() {
  renderIdentity();
  renderPlatform();
  renderNav();
  renderMain();
  renderModal();
}

function renderIdentity() {
  const select = $('#identity-select');
  const people = app.meta?.people ?? [];
  if (select.options.length !== people.length || select.dataset.lang !== lang) {
    select.replaceChildren(...people.map((p) => h('option', { value: p.userId }, personLabel(p))));
    select.dataset.lang = lang;
  }
  select.disabled = people.length === 0;
  select.value = app.user;
  const person = app.peopleById.get(app.user);
  const roles = person?.roleLabels ?? [];
  $('#identity-roles').replaceChildren(
    ...(roles.length > 0
      ? roles.map((r) => h('span', 'role', r))
      : [h('span', 'role role-none', L('noRoles'))]),
  );
}

function renderNav() {
  if (onWeCom()) return renderWeComNav();
  if (onDingTalk()) return renderDingTalkNav();
  const items = conversations().map((c) => {
    const key = c.kind === 'dm' ? 'dm' : c.id;
    const count = c.messages?.length ?? 0;
    if (app.state && !app.seen.has(c.id)) app.seen.set(c.id, count);
    if (key === app.open && app.state) app.seen.set(c.id, count);
    const unread = app.state ? Math.max(0, count - (app.seen.get(c.id) ?? count)) : 0;
    return {
      key,
      label: c.kind === 'dm' ? L('dm') : `# ${c.name}`,
      icon: c.kind === 'dm' ? '✉' : '#',
      unread,
    };
  });
  items.sort((a, b) => (a.key === 'dm' ? -1 : b.key === 'dm' ? 1 : 0));
  items.push({ key: 'home', label: L('home'), icon: '⌂', unread: 0 });
  const list = $('#nav-list');
  const sig = JSON.stringify([items, app.open, lang]);
  if (list.dataset.sig === sig) return;
  list.dataset.sig = sig;
  list.replaceChildren(
    ...items.map((item) =>
      h(
        'li',
        {},
        h(
          'button',
          {
            type: 'button',
            class: 'nav-item',
            'aria-current': item.key === app.open ? 'page' : null,
            'data-key': item.key,
            onclick: () => openTab(item.key),
          },
          h('span', { class: 'nav-icon', 'aria-hidden': 'true' }, item.icon),
          item.label,
          item.unread > 0 ? h('span', { class: 'badge', 'aria-hidden': 'true' }, item.unread) : null,
        ),
      ),
    ),
  );
}

function renderMain() {
  if (onWeCom()) return renderWeComMain();
  if (onDingTalk()) return renderDingTalkMain();
  const onHome = app.open === 'home';
  $('#home').hidden = !onHome;
  $('#conversation').hidden = onHome;
  const conv = openConversation();
  const title = onHome ? L('home') : conv?.kind === 'channel' ? `# ${conv.name}` : L('dm');
  $('#main-title').textContent = title;
  $('#main-subtitle').textContent = onHome
    ? L('homeSubtitle')
    : conv?.kind === 'channel'
      ? L('channelSubtitle')
      : L('dmSubtitle');
  if (onHome) renderHome();
  else renderMessages(conv);
}

/** Compares Slack timestamps ("1700000000.000100") without losing digits to floating point. */
function compareTs(a, b) {
  const [ai, af = ''] = String(a).split('.');
  const [bi, bf = ''] = String(b).split('.');
  const whole = Number(ai) - Number(bi);
  if (whole !== 0) return whole;
  return af.padEnd(6, '0').localeCompare(bf.padEnd(6, '0'));
}

/** The conversation's messages in order, with this page's own notes slotted in where they were made. */
function timeline(conv) {
  const messages = [...(conv.messages ?? [])].sort((a, b) => compareTs(a.ts, b.ts));
  const notes = app.notes.get(`${app.user}|${conv.id}`) ?? [];
  const items = [];
  const used = new Set();
  const addNotes = (afterTs) => {
    for (const note of notes) if (note.afterTs === afterTs) items.push({ key: note.key, msg: note.msg });
  };
  addNotes('');
  for (const msg of messages) {
    let key = `${msg.ts}|${msg.from}|${msg.ephemeral ? 'e' : ''}`;
    while (used.has(key)) key += '+';
    used.add(key);
    items.push({ key, msg });
    addNotes(msg.ts);
  }
  return items;
}

/** A line only this page shows (a command that failed), kept after the conversation's last message. */
function addNote(conv, text) {
  const slot = `${app.user}|${conv.id}`;
  const list = app.notes.get(slot) ?? [];
  const last = [...(conv.messages ?? [])].sort((a, b) => compareTs(a.ts, b.ts)).at(-1);
  const postedAt = new Date().toISOString();
  const msg = { channel: conv.id, ts: `note${list.length}`, text, from: 'system', ephemeral: true, postedAt };
  list.push({ key: `note|${list.length}`, afterTs: last?.ts ?? '', msg });
  app.notes.set(slot, list);
  renderMain();
}

const rendered = new WeakMap();

/** Updates the message list in place: unchanged cards keep their DOM (and what is selected in them). */
function renderMessages(conv) {
  const box = $('#messages');
  const convKey = `${app.user}|${conv?.id ?? ''}|${lang}`;
  const switched = box.dataset.conv !== convKey;
  if (switched) {
    box.replaceChildren();
    box.dataset.conv = convKey;
    box.dataset.last = '';
  }
  const items = conv ? timeline(conv) : [];
  const existing = new Map();
  for (const node of box.children) if (node.dataset.key) existing.set(node.dataset.key, node);
  const nodes = items.map((item) => {
    const sig = JSON.stringify(item.msg);
    const old = existing.get(item.key);
    if (old && rendered.get(old) === sig) return old;
    const node = renderMessage(item.msg);
    node.dataset.key = item.key;
    rendered.set(node, sig);
    return node;
  });
  if (nodes.length === 0) nodes.push(box.querySelector('.empty') ?? h('p', 'empty', L('empty')));
  const keep = new Set(nodes);
  for (const node of [...box.children]) if (!keep.has(node)) node.remove();
  let cursor = box.firstChild;
  for (const node of nodes) {
    if (node === cursor) cursor = cursor.nextSibling;
    else box.insertBefore(node, cursor);
  }
  const last = items.at(-1)?.key ?? '';
  if (switched || last !== box.dataset.last) box.scrollTop = box.scrollHeight;
  box.dataset.last = last;
}

function formatTime(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const locale = lang === 'en' ? 'en-GB' : 'zh-CN';
  const time = date.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
  if (date.toDateString() === new Date().toDateString()) return time;
  return `${date.toLocaleDateString(locale, { month: 'short', day: 'numeric' })} ${time}`;
}

function renderMessage(msg) {
  const person = app.peopleById.get(app.user);
  const sender = { bot: L('bot'), user: person?.name ?? L('you'), system: L('system') }[msg.from] ?? msg.from;
  const avatar = { bot: '助', user: (person?.name ?? L('you')).slice(0, 1), system: 'i' }[msg.from] ?? '?';
  const head = h(
    'div',
    'msg-head',
    h('span', 'msg-sender', sender),
    msg.from === 'bot' ? h('span', 'tag tag-app', L('app')) : null,
    h('time', { class: 'msg-time', datetime: msg.postedAt, title: msg.postedAt }, formatTime(msg.postedAt)),
    msg.ephemeral ? h('span', 'tag tag-ephemeral', L('ephemeral')) : null,
    msg.edited ? h('span', 'tag tag-edited', L('edited')) : null,
  );
  let body;
  if (msg.from === 'user') body = h('code', 'msg-echo', msg.text);
  else if (msg.from === 'system') body = h('p', 'msg-system', msg.text);
  else if (Array.isArray(msg.blocks) && msg.blocks.length > 0) {
    body = renderBlocks(msg.blocks, { source: { type: 'message', channel: msg.channel, ts: msg.ts } });
  } else body = h('div', { class: 'md', html: mrkdwn(msg.text ?? '') });
  return h(
    'article',
    {
      class: `message from-${msg.from}${msg.ephemeral ? ' is-ephemeral' : ''}`,
      'data-ts': msg.ts,
      'data-from': msg.from,
    },
    h('div', { class: `avatar avatar-${msg.from}`, 'aria-hidden': 'true' }, avatar),
    h('div', 'msg-main', head, h('div', 'msg-body', body, renderFiles(msg.files))),
  );
}

/** A message's uploaded files (a report's CSV and chart): images shown, each one a download link. */
function renderFiles(files) {
  if (!Array.isArray(files) || files.length === 0) return null;
  const items = files.map((file) => {
    const name = file.title || file.name;
    const url = safeUrl(file.url ?? '');
    const image =
      url && /\.png$/i.test(file.name ?? '') ? h('img', { class: 'file-image', src: url, alt: name }) : null;
    return h(
      'li',
      'msg-file',
      image,
      h('a', { class: 'file-link', href: url, download: file.name }, `📎 ${name}`),
    );
  });
  return h('ul', { class: 'msg-files', 'aria-label': L('files') }, items);
}

// ─── Block Kit renderer ─────────────────────────────────────────────────────────────────────
// ctx = { source, controls: [] }: `source` is where actions come from (a message or a view);
// `controls` collects every stateful element so a view's state.values can be read and restored.

function renderBlocks(blocks, ctx) {
  const box = h('div', 'blocks');
  for (const block of blocks ?? []) {
    const render = BLOCK_RENDERERS[block?.type];
    box.append(render ? render(block, ctx) : unsupported('block', block?.type));
  }
  return box;
}

function unsupported(what, type) {
  return h('div', 'bk-unsupported', `[unsupported ${what}: ${type ?? '?'}]`);
}

/** A text object as HTML: mrkdwn parsed, plain_text escaped (emoji codes converted in both). */
function textHtml(obj) {
  if (!obj) return '';
  if (typeof obj === 'string') return emoji(escapeHtml(obj));
  return obj.type === 'mrkdwn' ? mrkdwn(obj.text) : emoji(escapeHtml(obj.text ?? ''));
}

/** A plain_text object as a string, for labels and buttons (set as text, never as HTML). */
function plain(obj) {
  if (!obj) return '';
  const text = typeof obj === 'string' ? obj : (obj.text ?? '');
  return text.replace(EMOJI_RE, (whole, name) => EMOJI[name] ?? whole);
}

const BLOCK_RENDERERS = {
  header: (block) => h('h3', 'bk-header', plain(block.text)),
  divider: () => h('hr', 'bk-divider'),
  section(block, ctx) {
    const main = h('div', 'bk-section-main');
    if (block.text) main.append(h('div', { class: 'md', html: textHtml(block.text) }));
    if (block.fields?.length) {
      main.append(
        h(
          'div',
          'bk-fields',
          block.fields.map((f) => h('div', { class: 'md bk-field', html: textHtml(f) })),
        ),
      );
    }
    const accessory = block.accessory ? renderElement(block.accessory, block, ctx, false) : null;
    return h('div', 'bk-section', main, accessory ? h('div', 'bk-accessory', accessory) : null);
  },
  context: (block) =>
    h(
      'div',
      'bk-context',
      (block.elements ?? []).map((el) =>
        el.type === 'image'
          ? h('span', 'bk-image-alt', `🖼 ${el.alt_text ?? ''}`)
          : h('span', { class: 'md', html: textHtml(el) }),
      ),
    ),
  image: (block) =>
    h(
      'figure',
      'bk-image',
      block.title ? h('figcaption', {}, plain(block.title)) : null,
      h('span', 'bk-image-alt', `🖼 ${block.alt_text ?? ''}`),
    ),
  actions: (block, ctx) =>
    h(
      'div',
      'bk-actions',
      (block.elements ?? []).map((el) => renderElement(el, block, ctx, false)),
    ),
  input: renderInputBlock,
};

/** Sends a block_actions click and keeps `control` disabled until the state that follows is in. */
async function dispatchAction(ctx, action, control) {
  control.disabled = true;
  const res = await post('/api/action', { user: app.user, source: ctx.source, action });
  if (!res.ok) toast(L('actionFailed', { error: res.error ?? '?' }), 'error');
  await refresh();
  control.disabled = false;
}

function baseAction(el, block) {
  return { type: el.type, action_id: el.action_id ?? '', block_id: block.block_id ?? '' };
}

/** True when a state value holds nothing (no text, no choice; an empty multi-select counts). */
const isEmpty = (state) =>
  Object.values(state).every((v) => v === null || (Array.isArray(v) && v.length === 0));

const choiceOf = (opt) => (opt ? { text: opt.text, value: opt.value } : null);

/** A static_select or overflow as a <select>; option_groups become <optgroup>s. */
function selectControl(el, id, overflow) {
  const flat = [];
  const optionNode = (opt) => {
    flat.push(opt);
    return h('option', { value: String(flat.length - 1) }, plain(opt.text));
  };
  const options = el.option_groups
    ? el.option_groups.map((g) => h('optgroup', { label: plain(g.label) }, (g.options ?? []).map(optionNode)))
    : (el.options ?? []).map(optionNode);
  const first = overflow ? '⋯' : plain(el.placeholder) || L('selectPlaceholder');
  const node = h(
    'select',
    { id, class: 'bk-select', 'aria-label': overflow ? L('more') : null },
    h('option', { value: '' }, first),
    options,
  );
  const pick = (value) => {
    const index = flat.findIndex((o) => o.value === value);
    node.value = index >= 0 ? String(index) : '';
  };
  pick(el.initial_option?.value);
  return {
    node,
    // Nothing chosen is '' (Number('') would read as the first option).
    read: () => ({ selected_option: node.value === '' ? null : choiceOf(flat[Number(node.value)]) }),
    write: (saved) => pick(saved.selected_option?.value),
    reset: overflow ? () => pick(null) : null,
  };
}

/** multi_static_select as a <select multiple>: initial_options pre-selected, Slack's selected_options read. */
function multiSelectControl(el, id) {
  const flat = [];
  const optionNode = (opt) => {
    flat.push(opt);
    return h('option', { value: String(flat.length - 1) }, plain(opt.text));
  };
  const options = el.option_groups
    ? el.option_groups.map((g) => h('optgroup', { label: plain(g.label) }, (g.options ?? []).map(optionNode)))
    : (el.options ?? []).map(optionNode);
  const node = h(
    'select',
    { id, class: 'bk-select', multiple: true, size: Math.min(6, Math.max(2, flat.length)) },
    options,
  );
  const pick = (values) => {
    const wanted = new Set(values);
    for (const o of node.options) o.selected = wanted.has(flat[Number(o.value)]?.value);
  };
  pick((el.initial_options ?? []).map((o) => o.value));
  return {
    node,
    read: () => ({ selected_options: [...node.selectedOptions].map((o) => choiceOf(flat[Number(o.value)])) }),
    write: (saved) => pick((saved.selected_options ?? []).map((o) => o.value)),
  };
}

/** radio_buttons: each option a labelled radio input. */
function radioControl(el, id) {
  const boxes = (el.options ?? []).map((opt) => {
    const box = h('input', { type: 'radio', name: id, value: opt.value ?? '' });
    box.checked = opt.value === el.initial_option?.value;
    return { opt, box };
  });
  const node = h(
    'div',
    { class: 'bk-choices', id },
    boxes.map(({ opt, box }) =>
      h(
        'label',
        'choice',
        box,
        h('span', {}, plain(opt.text)),
        opt.description ? h('small', {}, plain(opt.description)) : null,
      ),
    ),
  );
  return {
    node,
    input: boxes[0]?.box,
    read: () => ({ selected_option: choiceOf(boxes.find((b) => b.box.checked)?.opt) }),
    write: (saved) => {
      for (const b of boxes) b.box.checked = b.opt.value === saved.selected_option?.value;
    },
  };
}

/** Stateful elements: `read()` gives the state value, which is also what a block action carries. */
const CONTROLS = {
  static_select: (el, id) => selectControl(el, id, false),
  multi_static_select: multiSelectControl,
  overflow: (el, id) => selectControl(el, id, true),
  radio_buttons: radioControl,
  users_select(el, id) {
    const node = h(
      'select',
      { id, class: 'bk-select' },
      h('option', { value: '' }, plain(el.placeholder) || L('selectPlaceholder')),
      (app.meta?.people ?? []).map((p) => h('option', { value: p.userId }, `${p.name} · ${p.department}`)),
    );
    node.value = el.initial_user ?? '';
    return {
      node,
      read: () => ({ selected_user: node.value || null }),
      write: (saved) => {
        node.value = saved.selected_user ?? '';
      },
    };
  },
  plain_text_input(el, id) {
    const node = h(el.multiline ? 'textarea' : 'input', {
      id,
      class: 'bk-text',
      type: el.multiline ? null : 'text',
      rows: el.multiline ? 4 : null,
      placeholder: plain(el.placeholder) || null,
      maxlength: el.max_length ?? null,
    });
    node.value = el.initial_value ?? '';
    return {
      node,
      read: () => ({ value: node.value === '' ? null : node.value }),
      write: (saved) => {
        node.value = saved.value ?? '';
      },
    };
  },
};

function renderButton(el, block, ctx, id) {
  const style = el.style === 'primary' || el.style === 'danger' ? ` btn-${el.style}` : '';
  const button = h('button', { type: 'button', class: `btn${style}`, id }, plain(el.text));
  button.addEventListener('click', async () => {
    if (el.confirm && !(await askConfirm(el.confirm))) return;
    if (el.url && safeUrl(el.url)) window.open(el.url, '_blank', 'noopener');
    const action = baseAction(el, block);
    if (el.value !== undefined) action.value = el.value;
    await dispatchAction(ctx, action, button);
  });
  return button;
}

/**
 * One interactive element. In an input block it only holds a value (unless dispatch_action);
 * anywhere else a change is sent to the bot at once, as a block action.
 */
function renderElement(el, block, ctx, inInput, id = nextId()) {
  if (el.type === 'button') return renderButton(el, block, ctx, id);
  if (el.type === 'image') return h('span', 'bk-image-alt', `🖼 ${el.alt_text ?? ''}`);
  const make = CONTROLS[el.type];
  if (!make) return unsupported('element', el.type);
  const control = make(el, id);
  const read = () => ({ type: el.type, ...control.read() });
  if (el.type !== 'overflow') {
    ctx.controls?.push({
      blockId: block.block_id ?? '',
      actionId: el.action_id ?? '',
      type: el.type,
      input: control.input ?? control.node,
      minLength: el.min_length ?? 0,
      read,
      write: control.write,
    });
  }
  if ((!inInput || block.dispatch_action === true) && el.type !== 'plain_text_input') {
    control.node.addEventListener('change', async (event) => {
      const state = control.read();
      if (isEmpty(state)) return;
      await dispatchAction(ctx, { ...baseAction(el, block), ...state }, event.target);
      control.reset?.();
    });
  }
  return control.node;
}

/** An input block: label (with "optional"), the element, its hint and room for an error. */
function renderInputBlock(block, ctx) {
  const el = block.element ?? {};
  const id = nextId();
  const grouped = el.type === 'radio_buttons';
  const optional = block.optional ? h('span', 'optional', L('optional')) : null;
  const hint = block.hint ? h('p', { class: 'field-hint', id: `${id}-hint` }, plain(block.hint)) : null;
  const error = h('p', { class: 'field-error', id: `${id}-error`, role: 'alert', hidden: true });
  const before = ctx.controls?.length ?? 0;
  const control = renderElement(el, block, ctx, true, id);
  const registered = ctx.controls?.slice(before) ?? [];
  for (const c of registered) {
    c.required = !block.optional;
    c.errorEl = error;
  }
  const described = [hint ? `${id}-hint` : '', `${id}-error`].filter(Boolean).join(' ');
  for (const c of registered) c.input?.setAttribute('aria-describedby', described);
  if (grouped) {
    return h(
      'fieldset',
      { class: 'bk-input', 'data-block-id': block.block_id ?? '' },
      h('legend', {}, plain(block.label), optional),
      control,
      hint,
      error,
    );
  }
  return h(
    'div',
    { class: 'bk-input', 'data-block-id': block.block_id ?? '' },
    h('div', 'field-head', h('label', { for: id }, plain(block.label)), optional),
    control,
    hint,
    error,
  );
}

// ─── mrkdwn ─────────────────────────────────────────────────────────────────────────────────

/** Emoji shortcodes the bot may use; others stay as typed. */
const EMOJI = Object.fromEntries(
  'white_check_mark ✅|heavy_check_mark ✔️|x ❌|warning ⚠️|hourglass ⏳|hourglass_flowing_sand ⏳|arrow_right ➡️|lock 🔒|bell 🔔|memo 📝|page_facing_up 📄|leftwards_arrow_with_hook ↩️|red_circle 🔴|large_orange_circle 🟠|large_yellow_circle 🟡|large_green_circle 🟢|large_blue_circle 🔵|white_circle ⚪|information_source ℹ️|pushpin 📌|clipboard 📋|inbox_tray 📥|outbox_tray 📤|no_entry ⛔|tada 🎉|bulb 💡|speech_balloon 💬|calendar 📅|paperclip 📎|file_folder 📁|wave 👋|eyes 👀|rotating_light 🚨'
    .split('|')
    .map((pair) => pair.split(' ')),
);
const EMOJI_RE = /:([a-z0-9_+-]+):/g;

function emoji(html) {
  return html.replace(EMOJI_RE, (whole, name) => EMOJI[name] ?? whole);
}

function escapeHtml(text) {
  return String(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Undoes Slack's own escaping of & < > (the &amp; last, so "&amp;lt;" stays a literal "&lt;"). */
function decode(text) {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function safeUrl(url) {
  return /^(https?:|mailto:)/i.test(url) ? url : null;
}

function userName(userId) {
  if (userId === app.meta?.botUserId) return L('bot');
  return app.peopleById.get(userId)?.name ?? userId;
}

/** `<…>` of Slack's syntax as HTML, or null when it is not one (it then stays literal text). */
function special(inner) {
  const bar = inner.indexOf('|');
  const target = bar >= 0 ? inner.slice(0, bar) : inner;
  const label = bar >= 0 ? inner.slice(bar + 1) : '';
  if (target.startsWith('@')) {
    return `<span class="md-mention">@${escapeHtml(decode(label || userName(target.slice(1))))}</span>`;
  }
  if (target.startsWith('#')) {
    const channel = app.meta?.channels?.find((c) => c.id === target.slice(1));
    return `<span class="md-mention">#${escapeHtml(decode(label || channel?.name || target.slice(1)))}</span>`;
  }
  if (target.startsWith('!')) {
    const name = target.slice(1).split('^')[0];
    return `<span class="md-mention">${escapeHtml(decode(label || `@${name}`))}</span>`;
  }
  const url = decode(target);
  if (!safeUrl(url)) return null;
  const text = decode(label || url.replace(/^mailto:/i, ''));
  return `<a href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer">${escapeHtml(text)}</a>`;
}

const EMPHASIS = [
  ['\\*', 'strong'],
  ['_', 'em'],
  ['~', 'del'],
];
const EMPHASIS_RE = EMPHASIS.map(([mark, tag]) => [
  new RegExp(`(^|[^A-Za-z0-9${mark}])${mark}(?=\\S)([^${mark}\\n]*?\\S)${mark}(?![A-Za-z0-9${mark}])`, 'g'),
  tag,
]);

/** Inline text (no code): links and mentions, then escaping, bold/italic/strike and emoji. */
function inlineFormat(text) {
  const tokens = [];
  let out = text.replace(/<([^<>\n]*)>/g, (whole, inner) => {
    const html = special(inner);
    if (html === null) return whole;
    tokens.push(html);
    return `\uE000${tokens.length - 1}\uE001`;
  });
  out = escapeHtml(decode(out));
  for (const [re, tag] of EMPHASIS_RE) out = out.replace(re, `$1<${tag}>$2</${tag}>`);
  out = emoji(out);
  return out.replace(/\uE000(\d+)\uE001/g, (_, i) => tokens[Number(i)]);
}

function inline(line) {
  return line
    .split(/`([^`\n]+)`/)
    .map((part, i) => (i % 2 ? `<code>${escapeHtml(decode(part))}</code>` : inlineFormat(part)))
    .join('');
}

/** Lines of prose joined with <br>; runs of lines starting with a raw ">" become one quote. */
function lines(text) {
  let html = '';
  let quote = [];
  let prose = false;
  const flush = () => {
    if (quote.length > 0) html += `<blockquote>${quote.join('<br>')}</blockquote>`;
    quote = [];
  };
  for (const line of text.split('\n')) {
    if (line.startsWith('>')) {
      quote.push(inline(line.slice(1).replace(/^ /, '')));
      prose = false;
    } else {
      flush();
      html += `${prose ? '<br>' : ''}${inline(line)}`;
      prose = true;
    }
  }
  flush();
  return html;
}

/** Slack mrkdwn (already escaped the Slack way) as safe HTML. */
function mrkdwn(source) {
  const parts = String(source ?? '')
    .replace(/[\uE000\uE001]/g, '')
    .split(/```([\s\S]*?)```/);
  return parts
    .map((part, i) => {
      if (i % 2) return `<pre>${escapeHtml(decode(part.replace(/^\n|\n$/g, '')))}</pre>`;
      let text = part;
      if (i > 0) text = text.replace(/^\n/, '');
      if (i < parts.length - 1) text = text.replace(/\n$/, '');
      return lines(text);
    })
    .join('');
}

// ─── DingTalk (钉钉): the person's chat with the robot, as DingTalk shows it ───────────────────
// Cards are drawn from the card template's variables (docs/dingtalk-card-template.md): what the
// card holds for everyone, overlaid with the viewer's private data. The layout is the template's:
// title and state tag, the markdown body (meta line, state, fields, route, history), the viewer's
// notice, their buttons from the ten slots, the panel (a short form or a confirmation) when open,
// and the web-form link. A press sends what the template's button sends (its actionId; the server
// reads the slot's action and value from the card, as DingTalk does).

const BUTTON_SLOTS = 10;

/** The composer's placeholder and label on each platform. */
const COMPOSER_LABELS = {
  slack: ['commandPlaceholder', 'commandLabel'],
  dingtalk: ['dtPlaceholder', 'dtInputLabel'],
  wecom: ['wcPlaceholder', 'wcInputLabel'],
};

/** Shows the chosen platform: the switch, the composer's words and examples, the page's colours. */
function renderPlatform() {
  document.body.classList.toggle('platform-dingtalk', onDingTalk());
  document.body.classList.toggle('platform-wecom', onWeCom());
  for (const button of document.querySelectorAll('.platform-choice')) {
    button.setAttribute('aria-pressed', String(button.dataset.platform === app.platform));
  }
  for (const chips of document.querySelectorAll('.chips')) {
    chips.hidden = !chips.dataset.platform.split(' ').includes(app.platform);
  }
  const [placeholder, label] = COMPOSER_LABELS[app.platform] ?? COMPOSER_LABELS.slack;
  $('#command-input').setAttribute('placeholder', L(placeholder));
  $('label[for="command-input"]').textContent = L(label);
  renderWeComMenu();
}

async function choosePlatform(platform) {
  if (platform === app.platform) return;
  const res = await post('/api/platform', { platform });
  if (!res.ok) {
    toast(L('platformFailed', { error: res.error ?? '?' }), 'error');
    return;
  }
  app.platform = res.platform;
  app.open = 'dm';
  setHint('');
  resetModal();
  renderAll();
  await refresh();
}

/** The one conversation a robot's or app's chat has, in the sidebar. */
function renderChatNav(platform, icon, label) {
  const list = $('#nav-list');
  const sig = JSON.stringify([platform, lang]);
  if (list.dataset.sig === sig) return;
  list.dataset.sig = sig;
  list.replaceChildren(
    h(
      'li',
      {},
      h(
        'button',
        { type: 'button', class: 'nav-item', 'aria-current': 'page', 'data-key': platform },
        h('span', { class: 'nav-icon', 'aria-hidden': 'true' }, icon),
        label,
      ),
    ),
  );
}

const renderDingTalkNav = () => renderChatNav('dingtalk', '钉', L('dtChat'));

function renderDingTalkMain() {
  renderChatBox({
    platform: 'dingtalk',
    title: L('dtChat'),
    subtitle: L('dtChatSubtitle'),
    empty: L('dtEmpty'),
    entries: app.dtState?.chat ?? [],
    // A card keeps its element across updates (it changes in place, as in DingTalk).
    keyOf: (entry, index) =>
      entry.kind === 'card' ? `card|${entry.outTrackId}` : `${entry.kind}|${index}|${entry.at}`,
    draw: (old, entry) => (old && entry.kind === 'card' ? redrawCard(old, entry) : renderChatEntry(entry)),
  });
}

/**
 * A chat with a robot or an app (DingTalk, WeCom): one node per entry, kept while its entry is
 * unchanged, redrawn in its own element when `draw` reuses it (a card updated in place), and
 * scrolled to the newest entry when one arrives.
 */
function renderChatBox({ platform, title, subtitle, empty, entries, keyOf, draw }) {
  $('#home').hidden = true;
  $('#conversation').hidden = false;
  $('#main-title').textContent = title;
  $('#main-subtitle').textContent = subtitle;
  const box = $('#messages');
  const boxKey = `${platform}|${app.user}|${lang}`;
  const switched = box.dataset.conv !== boxKey;
  if (switched) {
    box.replaceChildren();
    box.dataset.conv = boxKey;
    box.dataset.last = '';
  }
  const existing = new Map();
  for (const node of box.children) if (node.dataset.key) existing.set(node.dataset.key, node);
  const nodes = entries.map((entry, index) => {
    const key = keyOf(entry, index);
    const sig = JSON.stringify(entry);
    const old = existing.get(key);
    if (old && rendered.get(old) === sig) return old;
    const node = draw(old, entry);
    node.dataset.key = key;
    rendered.set(node, sig);
    return node;
  });
  if (nodes.length === 0) nodes.push(box.querySelector('.empty') ?? h('p', 'empty', empty));
  const keep = new Set(nodes);
  for (const node of [...box.children]) if (!keep.has(node)) node.remove();
  let cursor = box.firstChild;
  for (const node of nodes) {
    if (node === cursor) cursor = cursor.nextSibling;
    else box.insertBefore(node, cursor);
  }
  const last = nodes.length > 0 ? (nodes.at(-1).dataset.key ?? '') : '';
  if (switched || last !== box.dataset.last) box.scrollTop = box.scrollHeight;
  box.dataset.last = last;
}

/** One entry of the chat: what the person typed, a robot message, or a card. */
function renderChatEntry(entry) {
  if (entry.kind === 'card') return redrawCard(null, entry);
  const fromUser = entry.kind === 'typed';
  const person = app.peopleById.get(app.user);
  const body = fromUser ? h('p', 'dt-typed', entry.text) : robotMessageBody(entry);
  return h(
    'article',
    {
      class: `message dt-message ${fromUser ? 'from-user' : 'from-bot'}`,
      'data-from': fromUser ? 'user' : 'bot',
    },
    chatAvatar(fromUser, person),
    h('div', 'msg-main', chatHead(fromUser, person, entry.at), h('div', 'msg-body', body)),
  );
}

function chatAvatar(fromUser, person) {
  const text = fromUser ? (person?.name ?? L('you')).slice(0, 1) : '助';
  return h('div', { class: `avatar avatar-${fromUser ? 'user' : 'bot'}`, 'aria-hidden': 'true' }, text);
}

function chatHead(fromUser, person, at, edited = false) {
  const iso = new Date(at).toISOString();
  return h(
    'div',
    'msg-head',
    h('span', 'msg-sender', fromUser ? (person?.name ?? L('you')) : L('robot')),
    h('time', { class: 'msg-time', datetime: iso, title: iso }, formatTime(iso)),
    edited ? h('span', 'tag tag-edited', L('dtUpdated')) : null,
  );
}

/** A robot message: sampleText, sampleMarkdown or sampleFile, or a session webhook's text or markdown. */
function robotMessageBody(entry) {
  const param = entry.msgParam ?? {};
  // Robot messages (sample…) and answers through the message's session webhook (text, markdown).
  if (entry.msgKey === 'sampleText' || entry.msgKey === 'text') {
    return h('p', 'dt-text', String(param.content ?? ''));
  }
  if (entry.msgKey === 'sampleMarkdown' || entry.msgKey === 'markdown') {
    return h('div', { class: 'md dt-md', html: dtMarkdown(param.text ?? '') });
  }
  if (entry.msgKey === 'sampleFile') {
    const href = `/dingtalk/media/${encodeURIComponent(String(param.mediaId ?? ''))}`;
    return h(
      'p',
      'msg-file',
      h(
        'a',
        { class: 'file-link', href, download: param.fileName ?? '' },
        `📎 ${param.fileName ?? L('dtFile')}`,
      ),
    );
  }
  return unsupported('msgKey', entry.msgKey);
}

/** The card in `article` (a new one when null), drawn again from the variables the viewer sees. */
function redrawCard(article, entry) {
  const vars = entry.variables ?? {};
  const person = app.peopleById.get(app.user);
  const panelWasOpen = Boolean(article?.querySelector('.dt-panel'));
  const node =
    article ??
    h('article', {
      class: 'message from-bot dt-card-message',
      'data-from': 'bot',
      'data-out-track-id': entry.outTrackId,
    });
  node.replaceChildren(
    chatAvatar(false, person),
    h(
      'div',
      'msg-main',
      chatHead(false, person, entry.at, entry.updates > 0),
      h('div', 'msg-body', dingtalkCard(entry.outTrackId, vars)),
    ),
  );
  // A panel that just opened is shown whole: it may open below the fold of a long card.
  const panel = node.querySelector('.dt-panel');
  if (panel && !panelWasOpen) requestAnimationFrame(() => panel.scrollIntoView({ block: 'nearest' }));
  return node;
}

const on = (value) => value === 'true';

function dingtalkCard(outTrackId, vars) {
  const style = ['running', 'waiting', 'done'].includes(vars.status_style) ? vars.status_style : 'stopped';
  const header = h(
    'div',
    'dt-card-head',
    h('h3', 'dt-card-title', vars.title ?? ''),
    vars.status_text ? h('span', `dt-status dt-status-${style}`, vars.status_text) : null,
  );
  const notice = vars.notice_md
    ? h('div', { class: 'md dt-notice', role: 'note', html: dtMarkdown(vars.notice_md) })
    : null;
  const buttons = [];
  for (let index = 1; index <= BUTTON_SLOTS; index++) {
    if (!on(vars[`btn${index}_show`])) continue;
    const kind = vars[`btn${index}_style`];
    const style = kind === 'primary' || kind === 'danger' ? ` btn-${kind}` : '';
    const button = h('button', { type: 'button', class: `btn${style}` }, vars[`btn${index}_text`] ?? '');
    button.addEventListener('click', () => pressCard(outTrackId, `btn${index}`, undefined, button));
    buttons.push(button);
  }
  const url = safeUrl(vars.web_form_url ?? '');
  if (on(vars.web_form_show) && url) {
    buttons.push(
      h(
        'a',
        { class: 'btn btn-primary dt-web-form', href: url, target: '_blank', rel: 'noopener' },
        vars.web_form_text ?? '',
      ),
    );
  }
  return h(
    'div',
    'dt-card',
    header,
    h('div', { class: 'md dt-md dt-card-body', html: dtMarkdown(vars.body_md ?? '') }),
    notice,
    buttons.length > 0
      ? h('div', { class: 'dt-buttons', role: 'group', 'aria-label': L('dtCardButtons') }, buttons)
      : null,
    on(vars.panel_show) ? cardPanel(outTrackId, vars) : null,
  );
}

/** The panel: its words, DingTalk's form component drawn from `panel_form`, submit and cancel. */
function cardPanel(outTrackId, vars) {
  let fields = [];
  try {
    fields = JSON.parse(vars.panel_form || '{}').fields ?? [];
  } catch {
    fields = [];
  }
  const controls = fields.map((field) => panelField(field));
  const error = h('p', { class: 'dt-panel-error', role: 'alert' });
  const submit = h(
    'button',
    { type: 'submit', class: 'btn btn-primary' },
    vars.panel_submit_text || L('submit'),
  );
  const cancel = h('button', { type: 'button', class: 'btn' }, vars.panel_cancel_text || L('cancel'));
  cancel.addEventListener('click', () => pressCard(outTrackId, 'panel_cancel', undefined, cancel));
  const form = h(
    'form',
    { class: 'dt-panel', 'aria-label': L('dtPanel'), novalidate: true },
    h('div', { class: 'md dt-md', html: dtMarkdown(vars.panel_md ?? '') }),
    controls.map((c) => c.node),
    error,
    h('div', 'dt-buttons', submit, cancel),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const values = {};
    for (const control of controls) {
      const value = control.value();
      if (value === undefined) {
        if (control.field.required) {
          error.textContent = L('dtRequired', { label: control.field.label ?? control.field.name });
          return;
        }
        continue;
      }
      values[control.field.name] = value;
    }
    error.textContent = '';
    pressCard(outTrackId, 'panel_submit', values, submit);
  });
  return form;
}

/**
 * One field of the form component, and its value as DingTalk's form sends it: text as text, a
 * select as `{index, value}`, a multi-select as `{index: […], value: […]}`; undefined when empty.
 */
function panelField(field) {
  const id = nextId('dt');
  const label = h(
    'label',
    { for: id, class: 'dt-field-label' },
    field.label ?? field.name,
    field.required ? ' *' : '',
  );
  const options = Array.isArray(field.options) ? field.options : [];
  if (field.type === 'SELECT') {
    const select = h(
      'select',
      { id, class: 'bk-select' },
      h('option', { value: '' }, L('selectPlaceholder')),
      options.map((o, i) => h('option', { value: String(i) }, o.text ?? o.value)),
    );
    const initial =
      field.defaultValue && typeof field.defaultValue === 'object' ? field.defaultValue.index : -1;
    if (initial >= 0) select.value = String(initial);
    return {
      field,
      node: h('div', 'dt-field', label, select),
      value: () =>
        select.value === ''
          ? undefined
          : { index: Number(select.value), value: options[Number(select.value)]?.value },
    };
  }
  if (field.type === 'MULTI_SELECT') {
    const boxes = options.map((_, i) => h('input', { type: 'checkbox', value: String(i), id: `${id}-${i}` }));
    return {
      field,
      node: h(
        'fieldset',
        'dt-field',
        h('legend', 'dt-field-label', field.label ?? field.name),
        options.map((o, i) => h('label', 'dt-check', boxes[i], o.text ?? o.value)),
      ),
      value: () => {
        const picked = boxes.filter((b) => b.checked).map((b) => Number(b.value));
        return picked.length === 0
          ? undefined
          : { index: picked, value: picked.map((i) => options[i]?.value) };
      },
    };
  }
  const input =
    field.type === 'DATE'
      ? h('input', { id, type: 'date', class: 'bk-date' })
      : h('textarea', { id, class: 'bk-text', rows: 3, placeholder: field.placeholder ?? null });
  if (typeof field.defaultValue === 'string') input.value = field.defaultValue;
  return {
    field,
    node: h('div', 'dt-field', label, input),
    value: () => (input.value.trim() === '' ? undefined : input.value),
  };
}

/** A press on the card: what the template's button `actionId` sends, as the person's DingTalk would. */
async function pressCard(outTrackId, actionId, form, control) {
  if (control) control.disabled = true;
  const res = await post('/api/dingtalk/click', {
    user: dingtalkUser(),
    outTrackId,
    actionId,
    ...(form ? { form } : {}),
  });
  if (!res.ok) {
    toast(L('dtClickFailed', { error: res.error ?? '?' }), 'error');
    if (control) control.disabled = false;
  }
}

/** Sends what the person typed in the composer to `path` (the robot's or the app's chat). */
async function sendTyped(path, user) {
  const input = $('#command-input');
  const text = input.value.trim();
  if (!text) return;
  setHint('');
  const button = $('#command-send');
  input.disabled = true;
  button.disabled = true;
  const res = await post(path, { user, text });
  if (res.ok) input.value = '';
  else setHint(L('dtSendFailed', { error: res.error ?? '?' }));
  await refresh();
  input.disabled = false;
  button.disabled = false;
  input.focus();
}

const sendToRobot = () => sendTyped('/api/dingtalk/message', dingtalkUser());

/**
 * DingTalk markdown as the bot writes it (bold, links, line breaks, paragraphs, and quoted lines
 * such as an opinion under its history entry), as safe HTML.
 */
function dtMarkdown(source) {
  const paragraphs = String(source ?? '').split(/\n{2,}/);
  return paragraphs
    .map((paragraph) => {
      let html = '';
      let prose = [];
      let quote = [];
      const flush = () => {
        if (prose.length > 0) html += `<p>${prose.join('<br>')}</p>`;
        if (quote.length > 0) html += `<blockquote>${quote.join('<br>')}</blockquote>`;
        prose = [];
        quote = [];
      };
      for (const raw of paragraph.split('\n')) {
        const line = raw.replace(/ {2}$/, '');
        if (line.startsWith('> ')) quote.push(dtInline(line.slice(2)));
        else {
          if (quote.length > 0) flush();
          prose.push(dtInline(line));
        }
      }
      flush();
      return html;
    })
    .join('');
}

function dtInline(text) {
  return escapeHtml(text)
    .replace(/\[([^\]\n]*)\]\(([^)\s]+)\)/g, (whole, label, url) => {
      const href = /^(https?:|dingtalk:)/i.test(url) ? url : null;
      return href ? `<a href="${href}" target="_blank" rel="noopener noreferrer">${label}</a>` : whole;
    })
    .replace(/\*\*([^*\n]+)\*\*/g, '<strong>$1</strong>');
}

// ─── WeCom (企业微信): the person's chat with the app, as WeCom shows it ──────────────────────
// Messages are drawn from what the bot sent through message/send: text (with its <a href> links),
// markdown, files, and template cards from their template_card JSON (developer.work.weixin.qq.com/
// document/path/90236): source, main_title, emphasis_content, quote_area, sub_title_text,
// horizontal_content_list, jump_list, card_action and button_list, as the person's copy shows it
// after update_template_card (a new card, or the buttons replaced by one greyed label), and a
// selection card's select_list or checkbox with its submit button. A press sends the button's key
// (a submit, the choices too) as WeCom's client does (the stand-in posts template_card_event); typing
// and the app's menu post a text message or a menu click.

const renderWeComNav = () => renderChatNav('wecom', '企', L('wcChat'));

function renderWeComMain() {
  renderChatBox({
    platform: 'wecom',
    title: L('wcChat'),
    subtitle: L('wcChatSubtitle'),
    empty: L('wcEmpty'),
    entries: app.wcState?.chat ?? [],
    // A card keeps its element across updates (update_template_card changes it in place).
    keyOf: (entry, index) =>
      entry.kind === 'message' ? `wc|${entry.msgId}` : `${entry.kind}|${index}|${entry.at}`,
    draw: (old, entry) => renderWeComEntry(old, entry),
  });
}

/** The app's menu under the composer, from what menu/create set: a press posts its click. */
function renderWeComMenu() {
  const bar = $('#wecom-menu');
  if (!bar) return;
  bar.hidden = !onWeCom();
  const menu = app.wcState?.menu;
  const sig = JSON.stringify([menu, lang, bar.hidden]);
  if (bar.dataset.sig === sig) return;
  bar.dataset.sig = sig;
  const buttons = Array.isArray(menu?.button) ? menu.button : [];
  const item = (button) =>
    h(
      'button',
      { type: 'button', class: 'chip wc-menu-item', onclick: () => pickMenu(button.key) },
      button.name,
    );
  bar.replaceChildren(
    h('span', 'chips-label', L('wcMenu')),
    ...buttons.map((button) =>
      Array.isArray(button.sub_button)
        ? h(
            'span',
            { class: 'wc-menu-group', role: 'group', 'aria-label': button.name },
            h('span', 'wc-menu-name', `${button.name}:`),
            button.sub_button.map(item),
          )
        : item(button),
    ),
  );
}

/** One entry of the chat with the app: typed text, a menu pick, or a message (a card in `old`). */
function renderWeComEntry(old, entry) {
  const person = app.peopleById.get(app.user);
  if (entry.kind === 'typed' || entry.kind === 'menu') {
    const text = entry.kind === 'typed' ? entry.text : L('wcMenuPicked', { key: entry.eventKey });
    return h(
      'article',
      { class: 'message dt-message from-user', 'data-from': 'user' },
      chatAvatar(true, person),
      h('div', 'msg-main', chatHead(true, person, entry.at), h('div', 'msg-body', h('p', 'dt-typed', text))),
    );
  }
  const card = entry.msgtype === 'template_card';
  const node =
    old ??
    h('article', {
      class: `message from-bot ${card ? 'wc-card-message' : 'dt-message'}`,
      'data-from': 'bot',
      'data-msg-id': entry.msgId,
    });
  node.replaceChildren(
    h('div', { class: 'avatar avatar-bot', 'aria-hidden': 'true' }, '助'),
    h(
      'div',
      'msg-main',
      h(
        'div',
        'msg-head',
        h('span', 'msg-sender', L('wcApp')),
        h(
          'time',
          { class: 'msg-time', datetime: new Date(entry.at).toISOString() },
          formatTime(new Date(entry.at).toISOString()),
        ),
        entry.updates > 0 ? h('span', 'tag tag-edited', L('dtUpdated')) : null,
      ),
      h('div', 'msg-body', wecomMessageBody(entry)),
    ),
  );
  return node;
}

/** A message's body: text, markdown, a file, or a template card. */
function wecomMessageBody(entry) {
  const content = entry.content ?? {};
  if (entry.msgtype === 'text') {
    return h('p', { class: 'dt-text wc-text', html: wecomText(String(content.content ?? '')) });
  }
  if (entry.msgtype === 'markdown') {
    return h('div', { class: 'md dt-md', html: wecomMarkdown(String(content.content ?? '')) });
  }
  if (entry.msgtype === 'file') {
    const href = `/wecom/media/${encodeURIComponent(String(content.media_id ?? ''))}`;
    return h(
      'p',
      'msg-file',
      h(
        'a',
        { class: 'file-link', href, download: entry.fileName ?? '' },
        `📎 ${entry.fileName ?? L('dtFile')}`,
      ),
    );
  }
  if (entry.msgtype === 'template_card') return wecomCard(entry);
  return h('p', 'unsupported', L('wcUnsupported', { type: entry.msgtype }));
}

/** A template card from its JSON, as this person's copy shows it now. */
function wecomCard(entry) {
  const card = entry.content ?? {};
  const title = card.main_title ?? {};
  const link = (url, label, extra = {}) => {
    const href = safeUrl(String(url ?? ''));
    return href ? h('a', { href, target: '_blank', rel: 'noopener', ...extra }, label) : h('span', {}, label);
  };
  const rows = (Array.isArray(card.horizontal_content_list) ? card.horizontal_content_list : []).map(
    (row) => {
      let value = String(row.value ?? '');
      let node = value;
      if (Number(row.type) === 1) node = link(row.url, value);
      else if (Number(row.type) === 2) {
        node = h(
          'a',
          { href: `/wecom/media/${encodeURIComponent(String(row.media_id ?? ''))}`, download: value },
          value,
        );
      } else value = null;
      return [h('dt', {}, String(row.keyname ?? '')), h('dd', {}, node ?? value)];
    },
  );
  const jumps = (Array.isArray(card.jump_list) ? card.jump_list : []).map((jump) =>
    link(jump.url, String(jump.title ?? ''), { class: 'wc-jump' }),
  );
  const buttons = entry.replacedButton
    ? [h('button', { type: 'button', class: 'btn wc-replaced', disabled: true }, entry.replacedButton)]
    : (Array.isArray(card.button_list) ? card.button_list : []).map((button) => wecomButton(entry, button));
  const action = card.card_action && Number(card.card_action.type) === 1 ? card.card_action.url : null;
  const emphasis = card.emphasis_content;
  const quote = card.quote_area;
  return h(
    'div',
    'dt-card wc-card',
    card.source?.desc ? h('p', 'wc-source', String(card.source.desc)) : null,
    h('div', 'dt-card-head', h('h3', 'dt-card-title', String(title.title ?? ''))),
    title.desc ? h('p', 'wc-title-desc', String(title.desc)) : null,
    emphasis?.title
      ? h('p', 'wc-emphasis', h('strong', {}, String(emphasis.title)), ' ', String(emphasis.desc ?? ''))
      : null,
    quote?.quote_text || quote?.title
      ? h(
          'blockquote',
          'wc-quote',
          quote.title ? h('strong', {}, String(quote.title)) : null,
          quote.title ? h('br') : null,
          String(quote.quote_text ?? ''),
        )
      : null,
    card.sub_title_text ? h('p', 'wc-subtitle', String(card.sub_title_text)) : null,
    rows.length > 0 ? h('dl', 'wc-fields', rows) : null,
    jumps.length > 0 ? h('p', 'wc-jumps', jumps) : null,
    wecomSelection(entry, card),
    buttons.length > 0 || action
      ? h(
          'div',
          { class: 'dt-buttons', role: 'group', 'aria-label': L('dtCardButtons') },
          buttons,
          action ? link(action, L('wcDetails'), { class: 'btn dt-web-form' }) : null,
        )
      : null,
  );
}

/** WeCom's button styles: 1 blue, 2 grey, 3 red, 4 outlined (docs: 1–4, default 1). */
const WECOM_BUTTON_STYLES = { 1: ' btn-primary', 3: ' btn-danger' };

/** A card button: a callback button posts its key; a link button (type 1) opens its url. */
function wecomButton(entry, button) {
  const style = WECOM_BUTTON_STYLES[Number(button.style ?? 1)] ?? '';
  const text = String(button.text ?? '');
  if (Number(button.type ?? 0) === 1) {
    const href = safeUrl(String(button.url ?? ''));
    return href
      ? h('a', { class: `btn${style} dt-web-form`, href, target: '_blank', rel: 'noopener' }, text)
      : null;
  }
  const node = h('button', { type: 'button', class: `btn${style}` }, text);
  node.addEventListener('click', () => pressWeComCard(entry.msgId, String(button.key ?? ''), node));
  return node;
}

/**
 * A selection card's questions (multiple_interaction: its select_list; vote_interaction: its
 * checkbox, ticks for mode 1, one choice for mode 0) and its submit button, which posts the choices
 * as WeCom's client does (template_card_event with SelectedItems). Once the bot replaced the button
 * (已提交), the choices are shown greyed.
 */
function wecomSelection(entry, card) {
  const done = Boolean(entry.replacedButton);
  const questions = [];
  if (Array.isArray(card.select_list)) {
    for (const select of card.select_list) {
      const id = nextId('wcq');
      const options = Array.isArray(select.option_list) ? select.option_list : [];
      const control = h(
        'select',
        { id, 'data-question': String(select.question_key ?? ''), disabled: done },
        options.map((o) =>
          h(
            'option',
            { value: String(o.id ?? ''), selected: o.id === select.selected_id },
            String(o.text ?? ''),
          ),
        ),
      );
      const label = h('label', { for: id, class: 'wc-question-title' }, String(select.title ?? ''));
      questions.push(h('p', 'wc-question', label, control));
    }
  }
  if (card.checkbox && Array.isArray(card.checkbox.option_list)) {
    const key = String(card.checkbox.question_key ?? '');
    const type = Number(card.checkbox.mode) === 1 ? 'checkbox' : 'radio';
    const name = nextId('wcv');
    const choices = card.checkbox.option_list.map((o) =>
      h(
        'label',
        'wc-choice',
        h('input', {
          type,
          name,
          value: String(o.id ?? ''),
          'data-question': key,
          checked: o.is_checked === true,
          disabled: done,
        }),
        ' ',
        String(o.text ?? ''),
      ),
    );
    // Its question is the card's title line (main_title.desc), drawn above already.
    questions.push(
      h('fieldset', { class: 'wc-question', 'aria-label': String(card.main_title?.desc ?? '') }, choices),
    );
  }
  if (questions.length === 0) return null;
  const form = h('div', 'wc-selection', questions);
  if (!done && card.submit_button) {
    const submit = h(
      'button',
      { type: 'button', class: 'btn btn-primary' },
      String(card.submit_button.text ?? ''),
    );
    submit.addEventListener('click', () => submitWeComCard(entry.msgId, form, submit));
    form.append(h('div', 'dt-buttons', submit));
  }
  return form;
}

/** The choices made on a selection card, by question key. */
function chosenOn(form) {
  const chosen = {};
  for (const control of form.querySelectorAll('[data-question]')) {
    const key = control.dataset.question;
    chosen[key] ??= [];
    if (control.tagName === 'SELECT') chosen[key].push(control.value);
    else if (control.checked) chosen[key].push(control.value);
  }
  return chosen;
}

async function submitWeComCard(msgId, form, control) {
  control.disabled = true;
  const res = await post('/api/wecom/submit', { user: wecomUser(), msgId, chosen: chosenOn(form) });
  if (!res.ok) toast(L('dtClickFailed', { error: res.error ?? '?' }), 'error');
  control.disabled = false;
}

/** A press on a card's button: the stand-in posts template_card_event with its key. */
async function pressWeComCard(msgId, key, control) {
  control.disabled = true;
  const res = await post('/api/wecom/click', { user: wecomUser(), msgId, key });
  if (!res.ok) {
    toast(L('dtClickFailed', { error: res.error ?? '?' }), 'error');
    control.disabled = false;
  }
}

async function pickMenu(key) {
  const res = await post('/api/wecom/menu', { user: wecomUser(), key });
  if (!res.ok) toast(L('dtClickFailed', { error: res.error ?? '?' }), 'error');
  await refresh();
}

const sendToApp = () => sendTyped('/api/wecom/message', wecomUser());

/** A WeCom text message as safe HTML: line breaks kept, and its <a href="http…"> links as links. */
function wecomText(source) {
  return escapeHtml(source).replace(
    /&lt;a href=(?:&quot;|")(https?:[^"&\s]+(?:&amp;[^"&\s]+)*)(?:&quot;|")&gt;([\s\S]*?)&lt;\/a&gt;/g,
    (_whole, url, label) => `<a href="${url}" target="_blank" rel="noopener noreferrer">${label}</a>`,
  );
}

/**
 * WeCom markdown as the bot may write it: DingTalk's subset (bold, links, quotes, paragraphs) plus
 * headings and <font color="info|comment|warning">, as safe HTML.
 */
function wecomMarkdown(source) {
  const html = dtMarkdown(String(source).replace(/^#{1,6} +(.*)$/gm, '**$1**'));
  return html.replace(
    /&lt;font color=(?:&quot;|")(info|comment|warning)(?:&quot;|")&gt;([\s\S]*?)&lt;\/font&gt;/g,
    (_whole, color, text) => `<span class="wc-font-${color}">${text}</span>`,
  );
}

// ─── Modals and the App Home ────────────────────────────────────────────────────────────────

const modal = { viewId: null, sig: '', controls: [], busy: false };

function resetModal() {
  modal.viewId = null;
  modal.sig = '';
  modal.controls = [];
  const dialog = $('#modal');
  if (dialog.open) dialog.close();
}

function collectValues(controls) {
  const values = {};
  for (const c of controls) {
    values[c.blockId] = values[c.blockId] ?? {};
    values[c.blockId][c.actionId] = c.read();
  }
  return values;
}

function restoreValues(controls, values) {
  if (!values) return;
  for (const c of controls) {
    const saved = values[c.blockId]?.[c.actionId];
    if (saved && saved.type === c.type) c.write(saved);
  }
}

function renderModal() {
  const dialog = $('#modal');
  const top = app.state?.modals?.at(-1) ?? null;
  if (!top) {
    if (modal.viewId) app.savedValues.set(modal.viewId, collectValues(modal.controls));
    resetModal();
    return;
  }
  const sig = `${lang}|${JSON.stringify(top)}`;
  if (top.id === modal.viewId && sig === modal.sig) {
    if (!dialog.open) dialog.showModal();
    return;
  }
  let keep;
  if (top.id === modal.viewId) keep = collectValues(modal.controls);
  else {
    if (modal.viewId) app.savedValues.set(modal.viewId, collectValues(modal.controls));
    keep = app.savedValues.get(top.id);
  }
  const ctx = { source: { type: 'view', viewId: top.id }, controls: [] };
  const title = plain(top.title) || L('confirmTitle');
  const hasInputs = (top.blocks ?? []).some((b) => b.type === 'input');
  const submit =
    top.submit || hasInputs
      ? h('button', { type: 'submit', class: 'btn btn-primary' }, plain(top.submit) || L('submit'))
      : null;
  const close = h(
    'button',
    { type: 'button', class: 'btn', onclick: closeModal },
    plain(top.close) || L('cancel'),
  );
  const form = h(
    'form',
    { class: 'modal-form', novalidate: true, onsubmit: (event) => submitModal(event, submit) },
    h('h2', 'modal-title', title),
    h('div', 'modal-body', renderBlocks(top.blocks, ctx)),
    h('div', 'modal-foot', close, submit),
  );
  dialog.replaceChildren(form);
  dialog.setAttribute('aria-label', title);
  dialog.dataset.viewId = top.id;
  restoreValues(ctx.controls, keep);
  modal.viewId = top.id;
  modal.sig = sig;
  modal.controls = ctx.controls;
  if (!dialog.open) dialog.showModal();
  const first = ctx.controls.find((c) => c.input)?.input;
  if (first && !dialog.contains(document.activeElement)) first.focus();
}

/** Slack's own checks before a view is sent: required fields and minimum lengths. */
function validate(controls) {
  const errors = {};
  for (const c of controls) {
    if (!c.errorEl) continue;
    const v = c.read();
    if (c.required && isEmpty({ ...v, type: null })) errors[c.blockId] = L('required');
    else if (c.minLength && v.value && v.value.length < c.minLength) {
      errors[c.blockId] = L('minLength', { count: c.minLength });
    }
  }
  return errors;
}

function showErrors(errors) {
  const shown = new Set();
  for (const c of modal.controls) {
    if (!c.errorEl) continue;
    const message = errors[c.blockId];
    c.errorEl.textContent = message ?? '';
    c.errorEl.hidden = !message;
    if (message) {
      c.input?.setAttribute('aria-invalid', 'true');
      shown.add(c.blockId);
    } else c.input?.removeAttribute('aria-invalid');
  }
  for (const [blockId, message] of Object.entries(errors)) if (!shown.has(blockId)) toast(message, 'error');
  modal.controls.find((c) => c.errorEl && errors[c.blockId])?.input?.focus();
}

async function submitModal(event, button) {
  event.preventDefault();
  if (modal.busy || !modal.viewId) return;
  const errors = validate(modal.controls);
  showErrors(errors);
  if (Object.keys(errors).length > 0) return;
  modal.busy = true;
  if (button) button.disabled = true;
  const viewId = modal.viewId;
  const res = await post('/api/view-submit', {
    user: app.user,
    viewId,
    values: collectValues(modal.controls),
  });
  if (!res.ok) {
    if (res.errors && modal.viewId === viewId) showErrors(res.errors);
    else toast(L('actionFailed', { error: res.error ?? '?' }), 'error');
  } else app.savedValues.delete(viewId);
  await refresh();
  modal.busy = false;
  if (button) button.disabled = false;
}

async function closeModal() {
  if (!modal.viewId || modal.busy) return;
  modal.busy = true;
  const viewId = modal.viewId;
  const res = await post('/api/view-close', { user: app.user, viewId });
  if (!res.ok) toast(L('actionFailed', { error: res.error ?? '?' }), 'error');
  else app.savedValues.delete(viewId);
  await refresh();
  modal.busy = false;
}

/** A button's confirm dialog; resolves true when confirmed. */
function askConfirm(confirm) {
  return new Promise((resolve) => {
    const dialog = $('#confirm');
    const title = plain(confirm.title) || L('confirmTitle');
    const done = (answer) => {
      resolve(answer);
      if (dialog.open) dialog.close();
    };
    const yes = h(
      'button',
      { type: 'button', class: `btn ${confirm.style === 'danger' ? 'btn-danger' : 'btn-primary'}` },
      plain(confirm.confirm) || L('confirm'),
    );
    const no = h('button', { type: 'button', class: 'btn' }, plain(confirm.deny) || L('cancel'));
    yes.addEventListener('click', () => done(true));
    no.addEventListener('click', () => done(false));
    dialog.replaceChildren(
      h('h2', 'modal-title', title),
      h('div', { class: 'md confirm-text', html: textHtml(confirm.text) }),
      h('div', 'modal-foot', no, yes),
    );
    dialog.setAttribute('aria-label', title);
    dialog.oncancel = (event) => {
      event.preventDefault();
      done(false);
    };
    dialog.onclose = () => resolve(false);
    dialog.showModal();
    no.focus();
  });
}

const home = { sig: '' };

function renderHome() {
  const view = app.state?.home ?? null;
  const sig = `${app.user}|${lang}|${JSON.stringify(view)}`;
  if (sig === home.sig) return;
  home.sig = sig;
  const body = $('#home-body');
  if (!view) {
    body.replaceChildren(h('p', 'empty', L('homeLoading')));
    return;
  }
  const ctx = { source: { type: 'view', viewId: view.id }, controls: [] };
  body.replaceChildren(
    h('div', { class: 'view-card', 'data-view-id': view.id }, renderBlocks(view.blocks, ctx)),
  );
}

// ─── Commands ───────────────────────────────────────────────────────────────────────────────

function setHint(text) {
  $('#composer-hint').textContent = text;
}

async function sendCommand(event) {
  event.preventDefault();
  if (onWeCom()) return sendToApp();
  if (onDingTalk()) return sendToRobot();
  const input = $('#command-input');
  const raw = input.value.trim();
  if (!raw) return;
  const match = /^(\/\S+)\s*([\s\S]*)$/.exec(raw);
  if (!match) return setHint(L('onlySlash'));
  const command = match[1].toLowerCase();
  if (!COMMANDS.includes(command)) return setHint(L('unknownCommand', { command: match[1] }));
  const conv = openConversation();
  if (!conv) return setHint(L('noConversation'));
  setHint('');
  const button = $('#command-send');
  input.disabled = true;
  button.disabled = true;
  const res = await post('/api/command', { user: app.user, channel: conv.id, command, text: match[2] });
  if (res.ok) input.value = '';
  else addNote(conv, L('commandFailed', { error: res.error ?? '?' }));
  await refresh();
  input.disabled = false;
  button.disabled = false;
  input.focus();
}

// ─── The bot's clock (playground only) ────────────────────────────────────────────────────────

/** The last /api/clock answer: the bot's time and how far ahead of the machine's it runs. */
let clockState = null;

function offsetText(ms) {
  const minutes = Math.round(ms / 60000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  return [
    days ? L('clockDays', { count: days }) : '',
    hours ? L('clockHours', { count: hours }) : '',
    rest ? L('clockMinutes', { count: rest }) : '',
  ]
    .filter(Boolean)
    .join(' ');
}

function renderClock() {
  if (!clockState) return;
  $('#clock').hidden = false;
  const ahead =
    clockState.offsetMs >= 60000 ? ` ${L('clockAhead', { offset: offsetText(clockState.offsetMs) })}` : '';
  const node = $('#clock-now');
  node.textContent = `${clockState.local}${ahead}`;
  node.setAttribute('datetime', clockState.now);
  node.title = clockState.timeZone;
}

async function loadClock() {
  try {
    clockState = await getJson('/api/clock');
    renderClock();
  } catch {
    // No clock control here: the group stays hidden.
  }
}

async function moveClock(move) {
  const buttons = document.querySelectorAll('.clock-move');
  for (const button of buttons) button.disabled = true;
  try {
    const answer = await post('/api/clock', { move });
    if (!answer.ok) {
      toast(L('clockFailed', { error: answer.error ?? '' }), 'error');
      return;
    }
    clockState = answer;
    renderClock();
    toast(L('clockMoved', { time: answer.local }));
    refresh();
  } finally {
    for (const button of buttons) button.disabled = false;
  }
}

// ─── Start ──────────────────────────────────────────────────────────────────────────────────

function applyChrome() {
  document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';
  document.title = L('appTitle');
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = L(node.dataset.i18n);
  for (const node of document.querySelectorAll('[data-i18n-placeholder]')) {
    node.setAttribute('placeholder', L(node.dataset.i18nPlaceholder));
  }
  for (const node of document.querySelectorAll('[data-i18n-aria]')) {
    node.setAttribute('aria-label', L(node.dataset.i18nAria));
  }
  setConnection(connection);
  renderClock();
  const toggle = $('#lang-toggle');
  toggle.textContent = L('langButton');
  toggle.setAttribute('aria-label', L('switchLang'));
}

async function start() {
  applyChrome();
  for (const chips of document.querySelectorAll('.chips')) {
    chips.addEventListener('click', (event) => {
      const chip = event.target.closest('.chip');
      if (!chip) return;
      const input = $('#command-input');
      input.value = chip.textContent;
      input.focus();
      setHint('');
    });
  }
  for (const button of document.querySelectorAll('.platform-choice')) {
    button.addEventListener('click', () => choosePlatform(button.dataset.platform));
  }
  $('#composer').addEventListener('submit', sendCommand);
  for (const button of document.querySelectorAll('.clock-move')) {
    button.addEventListener('click', () => moveClock(button.dataset.move));
  }
  $('#identity-select').addEventListener('change', (event) => switchUser(event.target.value));
  $('#lang-toggle').addEventListener('click', () => {
    lang = lang === 'en' ? 'zh' : 'en';
    stored('playground.lang', lang);
    applyChrome();
    modal.sig = '';
    renderAll();
  });
  $('#modal').addEventListener('cancel', (event) => {
    event.preventDefault();
    closeModal();
  });
  // Chrome may close a dialog on a second Escape without a cancelable event: treat it as "close".
  $('#modal').addEventListener('close', () => closeModal());

  try {
    app.meta = await getJson('/api/people');
  } catch {
    setConnection('offline');
    toast(L('networkError'), 'error');
    return;
  }
  for (const person of app.meta.people ?? []) app.peopleById.set(person.userId, person);
  $('#platform-switch').hidden = (app.meta.platforms ?? []).length < 2;
  app.platform = ['dingtalk', 'wecom'].includes(app.meta.platform) ? app.meta.platform : 'slack';
  const known = (id) => (id && app.peopleById.has(id) ? id : null);
  const user =
    known(new URL(location.href).searchParams.get('user')) ??
    known(stored('playground.user')) ??
    known(app.meta.defaultUserId) ??
    app.meta.people?.[0]?.userId ??
    '';
  listen();
  await Promise.all([switchUser(user), loadClock()]);
}

start();
