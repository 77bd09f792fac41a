import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The web app (src/web) builds to dist/web, which the server serves at / (src/server/app.ts).
// `npm run dev:web` serves it with hot reload and sends /api to a server on port 3000.
export default defineConfig({
  root: fileURLToPath(new URL("./src/web", import.meta.url)),
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL("./dist/web", import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  server: { proxy: { "/api": "http://localhost:3000", "/public": "http://localhost:3000" } },
});
