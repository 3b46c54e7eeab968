import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { registerSW } from 'virtual:pwa-register';
import { ApiClient } from './api/api-client.ts';
import { App } from './app/App.tsx';
import { I18n } from './i18n/i18n.ts';
import { ShortcutRegistry } from './keyboard/shortcut-registry.ts';
import { setUpMapLibre } from './map/maplibre-setup.ts';
import './styles/console.css';

setUpMapLibre();
// The service worker (vite-plugin-pwa): the app shell and map tiles without a signal. A new
// release takes over on the next load.
void registerSW({ immediate: true });

const i18n = new I18n({
  languages: navigator.languages ?? [navigator.language],
  storage: localStorage,
});
const api = new ApiClient();
const shortcuts = new ShortcutRegistry();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App api={api} i18n={i18n} shortcuts={shortcuts} />
  </StrictMode>,
);
