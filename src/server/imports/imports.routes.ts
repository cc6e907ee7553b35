import type { App } from '../app.js';

export default async function importRoutes(_app: App) {}
