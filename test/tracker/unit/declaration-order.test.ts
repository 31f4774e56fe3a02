import { describe, expect, it } from 'vitest';
import { reorderDeclarations } from '../../../packages/tracker/build/declaration-order.mjs';

/** The statements inside the IIFE, one per line. */
const body = (code: string) =>
  code
    .slice(code.indexOf('{') + 1, code.lastIndexOf('}'))
    .trim()
    .split('\n');

describe('reorderDeclarations', () => {
  it('puts the lets that read nothing first, then the listed names, after the unlisted ones', () => {
    const code =
      '(function() {\n"use strict";\nconst a = 1, b = 2;\nlet x;\nconst c = 3;\nlet y = 4;\nstart();\n})();\n';
    expect(body(reorderDeclarations(code, ['c', 'a']))).toEqual([
      '"use strict";',
      'let x,y = 4;const b = 2,c = 3,a = 1;',
      'start();',
    ]);
  });

  it('never moves a declaration before one its initializer reads', () => {
    const code =
      '(function() {\nconst a = 1, table = { a }, later = () => b, b = 2;\n})();\n';
    // `table` waits for `a`; `later` reads `b` only when called
    expect(
      body(reorderDeclarations(code, ['table', 'later', 'a', 'b'])),
    ).toEqual(['const later = () => b,a = 1,table = { a },b = 2;']);
  });

  it('refuses a declaration after another statement', () => {
    const code = '(function() {\nconst a = 1;\nrun(a);\nconst b = 2;\n})();\n';
    expect(() => reorderDeclarations(code, [])).toThrow(/between declarations/);
  });
});
