// A rollup plugin that puts the top-level declarations of the bundle in a
// chosen order before terser minifies it. gzip -9 writes a repeated string
// as a back-reference that costs more bits the farther back its source is,
// so code that repeats text compresses better close together. The order in
// declaration-order.json is found by order-search.mjs.
import { parseAst } from 'rollup/parseAst';

/** Top-level names an initializer reads outside any function it holds. */
const readsOf = (init, names) => {
  const reads = new Set();
  const walk = (node) => {
    if (!node || typeof node.type !== 'string') return;
    // a function body runs later, once every declaration is done
    if (node.type.endsWith('FunctionExpression')) return;
    if (node.type === 'Identifier' && names.has(node.name))
      reads.add(node.name);
    for (const value of Object.values(node)) {
      for (const child of Array.isArray(value) ? value : [value]) {
        if (child && typeof child === 'object') walk(child);
      }
    }
  };
  walk(init);
  return reads;
};

/**
 * The statements of the IIFE in `code`, split: its directives, its leading
 * declarations (one item per declarator: kind, name, text, reads) and the
 * statements after them.
 */
export function splitBody(code) {
  const [statement] = parseAst(code).body;
  const body = statement.expression.callee.body;
  const text = (node) => code.slice(node.start, node.end);
  const directives = body.body.filter((node) => node.directive);
  const rest = body.body.filter((node) => !node.directive);
  const end = rest.findIndex((node) => node.type !== 'VariableDeclaration');
  const declarations = end < 0 ? rest : rest.slice(0, end);
  const others = end < 0 ? [] : rest.slice(end);
  if (others.some((node) => node.type === 'VariableDeclaration')) {
    throw new Error('declaration-order: a statement between declarations');
  }
  const items = declarations.flatMap((node) =>
    node.declarations.map((declarator) => ({
      kind: node.kind,
      name: declarator.id.name,
      text: text(declarator),
      init: declarator.init,
    })),
  );
  const names = new Set(items.map((item) => item.name));
  for (const item of items) item.reads = readsOf(item.init, names);
  return {
    head: code.slice(0, body.start + 1),
    directives: directives.map(text),
    items,
    others: others.map(text),
    tail: code.slice(body.end - 1),
  };
}

/**
 * `items` in the order of the names in `order`, after the lets that read
 * nothing (they then share one statement). Names the list lacks come
 * first, as written: terser inlines a one-use helper only when it is
 * declared before its user. No item moves before one it reads.
 */
export function sortDeclarations(items, order) {
  const rank = new Map(order.map((name, index) => [name, index]));
  const key = (item, index) => [
    item.kind === 'let' && !item.reads.size ? 0 : 1,
    rank.has(item.name) ? rank.get(item.name) : index - items.length,
  ];
  const pending = items
    .map((item, index) => ({ item, key: key(item, index) }))
    .sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1])
    .map(({ item }) => item);
  const done = new Set();
  const sorted = [];
  while (pending.length) {
    const ready = pending.findIndex((item) =>
      [...item.reads].every((name) => done.has(name) || name === item.name),
    );
    const [item] = pending.splice(Math.max(ready, 0), 1);
    sorted.push(item);
    done.add(item.name);
  }
  return sorted;
}

/** The IIFE again, its declarations as `items` (one kind, one statement). */
export function joinBody({ head, directives, others, tail }, items) {
  let declarations = '';
  items.forEach((item, index) => {
    const joined = index > 0 && items[index - 1].kind === item.kind;
    declarations += joined
      ? `,${item.text}`
      : `${index ? ';' : ''}${item.kind} ${item.text}`;
  });
  const statements = [...directives, `${declarations};`, ...others];
  return `${head}\n${statements.join('\n')}\n${tail}`;
}

/** Reorders the top-level declarations of the IIFE in `code`. */
export function reorderDeclarations(code, order) {
  const body = splitBody(code);
  return joinBody(body, sortDeclarations(body.items, order));
}

/** The rollup plugin: reorders each chunk as `order` says. */
export function declarationOrder(order) {
  return {
    name: 'declaration-order',
    renderChunk: (code) => ({
      code: reorderDeclarations(code, order),
      map: null,
    }),
  };
}
