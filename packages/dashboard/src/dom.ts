// Building DOM from data without ever parsing data as HTML. Values from
// tracked pages (titles, URLs, UTM values) reach the page only as text
// nodes or checked attributes.

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | undefined>;

/**
 * Creates an element. Strings among the children become text nodes;
 * `on*` attributes are refused (listeners go through addEventListener).
 */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (/^on/i.test(name)) throw new Error(`el: no inline handler ${name}`);
    if (value === undefined || value === false) continue;
    node.setAttribute(name, value === true ? '' : String(value));
  }
  appendChildren(node, children);
  return node;
}

/** Appends children, strings and numbers as text nodes. */
export function appendChildren(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(
      typeof child === 'object'
        ? child
        : document.createTextNode(String(child)),
    );
  }
}

/** The element with this id, of this class; throws when the page lacks it. */
export function byId<T extends HTMLElement>(id: string, type: new () => T): T {
  const node = document.getElementById(id);
  if (!(node instanceof type)) {
    throw new Error(`dashboard: #${id} is missing from the page`);
  }
  return node;
}

/**
 * A link for a tracked URL, or plain text when the URL is not http(s):
 * a `javascript:` URL from a tracked page must never become clickable.
 */
export function urlNode(url: string | null): Node {
  if (!url) return document.createTextNode('—');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return document.createTextNode(url);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return document.createTextNode(url);
  }
  return el(
    'a',
    { href: parsed.href, target: '_blank', rel: 'noopener noreferrer' },
    url,
  );
}

/**
 * A setter for a view's status line: its kind (loading, error, empty…)
 * styles it; an empty text hides it.
 */
export function statusSetter(
  status: HTMLElement,
): (kind: string, text: string) => void {
  return (kind, text) => {
    status.className = `status status-${kind}`;
    status.textContent = text;
    status.hidden = text === '';
  };
}
