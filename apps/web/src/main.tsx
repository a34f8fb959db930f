import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './components/App';
import { registerServiceWorker } from './offline/app-updates';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// After the first render: the worker installs once the page has loaded, never in its way.
registerServiceWorker();
