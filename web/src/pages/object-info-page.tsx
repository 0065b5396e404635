import { Link, useSearch } from 'wouter';

import { objectsApi, useObjectInfo } from '../api/objects/index.js';
import { formatBytes, formatTime } from '../components/format.js';
import { errorMessage } from '../components/toasts.js';

/** One object's details: size, ETag, content type, user metadata; download. */
export default function ObjectInfoPage() {
  const key = new URLSearchParams(useSearch()).get('key') ?? '';
  const info = useObjectInfo(key);
  const folder = key.includes('/') ? key.slice(0, key.lastIndexOf('/') + 1) : '';
  return (
    <>
      <h1 className="mono">{key}</h1>
      <p>
        <Link href={`/objects?prefix=${encodeURIComponent(folder)}`}>Back to {folder || 'root'}</Link>
      </p>
      {info.error && <p role="alert">{errorMessage(info.error)}</p>}
      {info.data && (
        <section className="card">
          <dl className="kv">
            <dt>Size</dt>
            <dd>
              {formatBytes(info.data.size)} ({info.data.size} bytes)
            </dd>
            <dt>ETag</dt>
            <dd className="mono">{info.data.etag}</dd>
            <dt>Content type</dt>
            <dd>{info.data.contentType}</dd>
            <dt>Modified</dt>
            <dd>{formatTime(info.data.lastModified)}</dd>
            {Object.entries(info.data.metadata).map(([k, v]) => (
              <div key={k} style={{ display: 'contents' }}>
                <dt>meta {k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>
          <p>
            <a className="button primary" href={objectsApi.downloadUrl(key)} download>
              Download
            </a>
          </p>
        </section>
      )}
    </>
  );
}
