import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Root } from './App.js';
import { registerSW } from 'virtual:pwa-register';
import { loadLocalPhotos } from './offline/outbox.js';
import './styles.css';

// The service worker that lets the app open with no signal (issue 17). A new version waits until
// the old one's tabs are closed: no reload in the middle of a form.
if ('serviceWorker' in navigator) registerSW({ immediate: true });
// The photos taken offline and not yet sent, for their thumbnails; the app starts either way.
await loadLocalPhotos().catch(() => undefined);

const container = document.getElementById('root');
if (!container) throw new Error('#root is missing from index.html');
createRoot(container).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
