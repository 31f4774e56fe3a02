// The dashboard's script: its TypeScript and chart.js in one minified
// file next to index.html, so the page works offline and needs no CDN.
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import esbuild from 'rollup-plugin-esbuild';

/** Rollup config for packages/dashboard/public/dashboard/dashboard.js. */
export const dashboard = {
  input: 'packages/dashboard/src/index.ts',
  output: {
    file: 'packages/dashboard/public/dashboard/dashboard.js',
    format: 'iife',
    plugins: [terser({ ecma: 2020, format: { comments: false } })],
  },
  plugins: [
    nodeResolve({ browser: true, extensions: ['.ts', '.mjs', '.js'] }),
    esbuild({
      target: 'es2020',
      tsconfig: 'packages/dashboard/tsconfig.json',
    }),
  ],
};

export default dashboard;
