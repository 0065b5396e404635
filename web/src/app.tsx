import { lazy, Suspense, useEffect, useState } from 'react';
import { Link, Route, Switch, useLocation } from 'wouter';

import { useActivity } from './api/events/activity.js';
import { ErrorBoundary } from './components/error-boundary.js';
import { GlobalSearch } from './components/global-search.js';
import { ProgressBar } from './components/progress-bar.js';
import { HomePage } from './pages/home-page.js';
import { NotFoundPage } from './pages/not-found-page.js';

// Pages beyond the first screen load on demand: the first load stays small.
const ObjectsPage = lazy(() => import('./pages/objects-page.js'));
const ObjectInfoPage = lazy(() => import('./pages/object-info-page.js'));
const JobsPage = lazy(() => import('./pages/jobs-page.js'));
const JobPage = lazy(() => import('./pages/job-page.js'));
const CatalogPage = lazy(() => import('./pages/catalog-page.js'));
const TablePage = lazy(() => import('./pages/table-page.js'));
const CrawlersPage = lazy(() => import('./pages/crawlers-page.js'));
const CrawlerPage = lazy(() => import('./pages/crawler-page.js'));
const QueryPage = lazy(() => import('./pages/query-page.js'));
const ConnectionsPage = lazy(() => import('./pages/connections-page.js'));
const ModelsPage = lazy(() => import('./pages/models-page.js'));
const TrainModelPage = lazy(() => import('./pages/train-model-page.js'));
const ModelPage = lazy(() => import('./pages/model-page.js'));
const EndpointsPage = lazy(() => import('./pages/endpoints-page.js'));
const DeployEndpointPage = lazy(() => import('./pages/deploy-endpoint-page.js'));
const EndpointPage = lazy(() => import('./pages/endpoint-page.js'));

/** The areas of DESIGN.md that exist today; later issues add theirs here. */
const AREAS = [
  { href: '/', label: 'Home' },
  { href: '/objects', label: 'Objects' },
  { href: '/jobs', label: 'Jobs' },
  { href: '/catalog', label: 'Catalog' },
  { href: '/crawlers', label: 'Crawlers' },
  { href: '/query', label: 'Query' },
  { href: '/connections', label: 'Connections' },
  { href: '/models', label: 'Models' },
  { href: '/endpoints', label: 'Endpoints' },
];

function useTheme(): [string, () => void] {
  const [theme, setTheme] = useState(
    () =>
      localStorage.getItem('kelp-theme') ??
      (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'),
  );
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    localStorage.setItem('kelp-theme', theme);
  }, [theme]);
  return [theme, () => setTheme((t) => (t === 'dark' ? 'light' : 'dark'))];
}

function NavLink({ href, label }: { href: string; label: string }) {
  const [location] = useLocation();
  const current = href === '/' ? location === '/' : location.startsWith(href);
  return (
    <Link href={href} aria-current={current ? 'page' : undefined}>
      {label}
    </Link>
  );
}

export function App() {
  const [theme, toggleTheme] = useTheme();
  const { running, connected } = useActivity();
  const [trayOpen, setTrayOpen] = useState(false);
  const [location] = useLocation();
  return (
    <div className="shell">
      <header className="header">
        <Link href="/" className="brand">
          Kelp
        </Link>
        <GlobalSearch />
        <span className="spacer" />
        <button
          type="button"
          aria-expanded={trayOpen}
          aria-controls="activity-tray"
          onClick={() => setTrayOpen((o) => !o)}
        >
          Activity ({running.length} running)
        </button>
        <button type="button" onClick={toggleTheme} aria-label="Toggle theme" title={`Theme: ${theme}`}>
          {theme === 'dark' ? '☾' : '☀'}
        </button>
        <a className="button" href="/api/docs">
          API
        </a>
        {trayOpen && (
          <section id="activity-tray" className="tray" aria-label="Running jobs">
            {running.length === 0 && <p className="muted">Nothing is running.</p>}
            {running.map((a) => (
              <div key={a.name} className="card">
                <div className="row">
                  <Link href={`/jobs/${encodeURIComponent(a.name)}`}>{a.name}</Link>
                  <span className="spacer" />
                  <span className="muted">{a.kind}</span>
                </div>
                <ProgressBar value={a.progress} label={`Progress of ${a.name}`} />
                <div className="muted">{a.statusMessage}</div>
              </div>
            ))}
          </section>
        )}
      </header>
      {!connected && (
        <div className="banner" role="status">
          Lost the connection to the Kelp server. Retrying…
        </div>
      )}
      <nav className="nav" aria-label="Areas">
        {AREAS.map((a) => (
          <NavLink key={a.href} {...a} />
        ))}
      </nav>
      <main className="main">
        <ErrorBoundary resetKey={location}>
          <Suspense fallback={<p className="muted">Loading…</p>}>
            <Switch>
              <Route path="/" component={HomePage} />
              <Route path="/objects" component={ObjectsPage} />
              <Route path="/objects/info" component={ObjectInfoPage} />
              <Route path="/jobs" component={JobsPage} />
              <Route path="/jobs/:name">
                {(params) => <JobPage name={decodeURIComponent(params.name)} />}
              </Route>
              <Route path="/catalog" component={CatalogPage} />
              <Route path="/catalog/:db/:table">
                {(params) => (
                  <TablePage db={decodeURIComponent(params.db)} table={decodeURIComponent(params.table)} />
                )}
              </Route>
              <Route path="/crawlers" component={CrawlersPage} />
              <Route path="/crawlers/:name">
                {(params) => <CrawlerPage name={decodeURIComponent(params.name)} />}
              </Route>
              <Route path="/query" component={QueryPage} />
              <Route path="/connections" component={ConnectionsPage} />
              <Route path="/models" component={ModelsPage} />
              {/* Before /models/:name: "new" is the form, not a model's name. */}
              <Route path="/models/new" component={TrainModelPage} />
              <Route path="/models/:name">
                {(params) => <ModelPage name={decodeURIComponent(params.name)} />}
              </Route>
              <Route path="/endpoints" component={EndpointsPage} />
              {/* Before /endpoints/:name: "new" is the form, not an endpoint's name. */}
              <Route path="/endpoints/new" component={DeployEndpointPage} />
              <Route path="/endpoints/:name">
                {(params) => <EndpointPage name={decodeURIComponent(params.name)} />}
              </Route>
              <Route component={NotFoundPage} />
            </Switch>
          </Suspense>
        </ErrorBoundary>
      </main>
    </div>
  );
}
