// Finds the order of the default tracker's top-level declarations that
// gzips smallest and writes it to declaration-order.json for the build.
// Run it after changing the tracker (one core, a minute or two a round):
//   node packages/tracker/build/order-search.mjs [moves a round] [rounds]
// A seeded local search: it moves one declaration at a time and keeps the
// move unless the bundle grows, so each run gives the same order.
import { readFileSync, writeFileSync } from 'node:fs';
import { rollup } from 'rollup';
// terser comes with @rollup/plugin-terser
import { minify } from 'terser';
import {
  joinBody,
  reorderDeclarations,
  sortDeclarations,
  splitBody,
} from './declaration-order.mjs';
import { inputOptions, ORDER_FILE, TERSER_OPTIONS } from './rollup.tracker.mjs';
import { gzipBytes } from './size-budget.mjs';

const [moves = 3000, rounds = 2] = process.argv.slice(2).map(Number);

const bundle = await rollup(inputOptions(0));
const { output } = await bundle.generate({ format: 'iife' });
await bundle.close();
const chunk = output[0].code;

// rollup ends the written file with a newline
const fileBytes = (code) => gzipBytes(`${code}\n`);

/** gzip -9 bytes of the default build with its declarations in `order`. */
const shipped = async (order) =>
  fileBytes(
    (await minify(reorderDeclarations(chunk, order), TERSER_OPTIONS)).code,
  );

/**
 * The minified body of the build in `order`, split, each item with the
 * source name of its declaration. The body is minified as a module: the
 * same code, and terser's name cache then maps the short names back.
 */
const minifiedBody = async (order) => {
  const body = splitBody(reorderDeclarations(chunk, order));
  const nameCache = {};
  const source = joinBody({ ...body, head: '', tail: '' }, body.items);
  const { code } = await minify(source, { ...TERSER_OPTIONS, nameCache });
  const names = new Map(
    Object.entries(nameCache.vars.props).map(([name, short]) => [
      short,
      name.slice(1),
    ]),
  );
  const minified = splitBody(`(()=>{${code}})();`);
  for (const item of minified.items)
    item.source = names.get(item.name) ?? item.name;
  return minified;
};

/** mulberry32: a small seeded generator of numbers in [0, 1). */
const random = ((seed) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
})(20261203);

/**
 * The body's items with one to four neighbours moved elsewhere, or null
 * if one would then read a binding before its declaration.
 */
const moved = (items) => {
  const next = [...items];
  const count = 1 + Math.floor(random() * random() * 4);
  const block = next.splice(Math.floor(random() * next.length), count);
  next.splice(Math.floor(random() * (next.length + 1)), 0, ...block);
  const done = new Set();
  for (const { name, reads } of next) {
    if (![...reads].every((read) => done.has(read) || read === name))
      return null;
    done.add(name);
  }
  return next;
};

let order = JSON.parse(readFileSync(ORDER_FILE, 'utf8'));
let best = await shipped(order);
console.log(`start: ${best} B gzip`);
for (let round = 1; round <= rounds; round++) {
  const body = await minifiedBody(order);
  // renaming is part of the cost: the mangler names by declaration order
  const size = async (items) =>
    fileBytes(
      (
        await minify(joinBody(body, sortDeclarations(items, [])), {
          ...TERSER_OPTIONS,
          compress: false,
        })
      ).code,
    );
  let items = sortDeclarations(body.items, []);
  let smallest = await size(items);
  for (let move = 0; move < moves; move++) {
    const next = moved(items);
    if (!next) continue;
    const bytes = await size(next);
    if (bytes <= smallest) [items, smallest] = [next, bytes];
  }
  const candidate = sortDeclarations(items, []).map((item) => item.source);
  const bytes = await shipped(candidate);
  console.log(`round ${round}: searched ${smallest} B, built ${bytes} B gzip`);
  if (bytes <= best) [order, best] = [candidate, bytes];
}
writeFileSync(ORDER_FILE, `${JSON.stringify(order, null, 2)}\n`);
console.log(`wrote ${ORDER_FILE.pathname}: ${best} B gzip`);
