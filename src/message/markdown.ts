// Zoom markdown: making untrusted values inert, and the mention markup a template may ask for.

// Look-alikes, not backslashes: Zoom's escaping is unconfirmed (ignored, `\*x\*` shows them and may format;
// honoured, a trailing `\` eats the template's `*`). With no markup left no token forms, and it reads as typed.
/** Each markup character and the look-alike that replaces it in neutralised values. */
export const LOOK_ALIKES: Readonly<Record<string, string>> = {
  '*': '\u2217', // ∗ ASTERISK OPERATOR: bold
  _: '\u02CD', // ˍ MODIFIER LETTER LOW MACRON: italic
  '~': '\u223C', // ∼ TILDE OPERATOR: strikethrough
  '`': '\u02CB', // ˋ MODIFIER LETTER GRAVE ACCENT: code
  '<': '\u02C2', // ˂ MODIFIER LETTER LEFT ARROWHEAD: links, mentions, images, channel links
  '>': '\u02C3', // ˃ MODIFIER LETTER RIGHT ARROWHEAD: a leading block quote; closes a link
  '\\': '\u29F5', // ⧵ REVERSE SOLIDUS OPERATOR: an escape that could eat the template's markup
};

// `@` where it could start a mention (`@all`), not after a letter or digit: an e-mail keeps its `@`.
const MENTION_AT = '\uFF20'; // ＠ FULLWIDTH COMMERCIAL AT

const MARKUP = /[*_~`<>\\]|(?<![\p{L}\p{N}])@/gu;

/** Replaces every character of `text` that Zoom markdown reads as markup with its look-alike. */
export function neutralise(text: string): string {
  return text.replace(MARKUP, (character) => LOOK_ALIKES[character] ?? MENTION_AT);
}

/** Liquid's way of printing a value ({{ x }}): nothing for nil, lists run together. */
export function liquidText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(liquidText).join('');
  return String(value);
}

// A user JID (…@xmpp.zoom.us, or a Zoom for Government host): no spaces and none of `<>|`.
const JID = /^[A-Za-z0-9._+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/;

/** Zoom's mention markup: `<!all>` or `<!jid|Name>`; a plain Error (the renderer adds where) for anything else. */
export function mentionMarkup(target: unknown, name: unknown): string {
  const who = liquidText(target).trim();
  if (who === 'all' || who === '@all') return '<!all>';
  if (!JID.test(who)) {
    const shown = who.length > 60 ? `${who.slice(0, 60)}…` : who;
    throw new Error(
      `mention: '${shown}' is not a user JID. Expected "all" or a JID such as "abc123@xmpp.zoom.us" (the user's JID from Zoom), as in {{ "abc123@xmpp.zoom.us" | mention: "Ana" }}.`,
    );
  }
  const label = liquidText(name).replace(/\s+/g, ' ').trim();
  if (label === '') {
    throw new Error(`mention: a user mention needs the name to show, as in {{ "${who}" | mention: "Ana" }}.`);
  }
  // The label sits inside <…|…>: neutralised, and a `|` in it cannot split the markup.
  return `<!${who}|${neutralise(label).replace(/\|/g, '\u2223')}>`;
}
