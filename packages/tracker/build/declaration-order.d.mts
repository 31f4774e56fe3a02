import type { Plugin } from 'rollup';

/** Reorders the top-level declarations of the IIFE in `code`. */
export function reorderDeclarations(code: string, order: string[]): string;
/** The rollup plugin: reorders each chunk as `order` says. */
export function declarationOrder(order: string[]): Plugin;
