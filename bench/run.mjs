// `npm run bench`: runs each part's benchmark in turn, prints its table and
// writes every figure to bench/results.json. A part is a module exporting
// `run()` that resolves to `{ key: { figure: number, ... } }`.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';

const PARTS = ['./collector.mjs', './engine.mjs', './report.mjs'];
const results = {};

for (const part of PARTS) {
  if (!existsSync(new URL(part, import.meta.url))) continue;
  const { run } = await import(part);
  Object.assign(results, await run());
}

await writeFile(
  new URL('./results.json', import.meta.url),
  `${JSON.stringify(results, null, 2)}\n`,
);
console.log(JSON.stringify(results, null, 2));
