import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The reference web app. `npm run build:web` writes web/dist, which the local runtime serves
 * at its root URL and CDK uploads to the app bucket behind the API's CloudFront distribution.
 * `VITE_API_PROXY=http://127.0.0.1:<port> npx vite web` serves it with hot reload against a
 * running `npm start`.
 */
const api = process.env.VITE_API_PROXY;

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react()],
  resolve: {
    alias: { '#shared': fileURLToPath(new URL('../shared', import.meta.url)) },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // The budget test (test/web/bundle-budget.test.ts) reads this manifest.
    manifest: true,
    reportCompressedSize: false,
  },
  server: {
    proxy: api ? Object.fromEntries(['/v1', '/sandbox', '/health'].map((p) => [p, api])) : undefined,
  },
});
