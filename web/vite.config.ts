import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The console is served by the Kelp server at `/`; in development `vite` proxies /api to it.
export default defineConfig({
  root: new URL('.', import.meta.url).pathname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 700 },
  server: { proxy: { '/api': 'http://127.0.0.1:8750' } },
});
