// Run by e2e/global-setup.ts in a child process, so the web build and the demo district's load
// use the machine's two cores at once.
import { ensureWebBuilt } from '../src/server/web.js';

await ensureWebBuilt(() => {});
