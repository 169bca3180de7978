// The web app's build: one page app served under /app/, beside the API's own paths, on one origin.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: '/app/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Ant Design is most of the bundle, on purpose: a size warning would say nothing anyone can act on.
    chunkSizeWarningLimit: 2000,
  },
});
