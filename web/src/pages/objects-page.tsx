import { useVirtualizer } from '@tanstack/react-virtual';
import { type DragEvent, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useSearch } from 'wouter';

import { objectsApi, useDeleteObject, useObjectList, useUploadObject } from '../api/objects/index.js';
import { ConfirmDialog } from '../components/confirm-dialog.js';
import { formatBytes, formatTime } from '../components/format.js';
import { ProgressBar } from '../components/progress-bar.js';
import { errorMessage, useToast } from '../components/toasts.js';

type Row =
  | { kind: 'folder'; key: string }
  | { kind: 'object'; key: string; size: number; lastModified: string };

const ROW_HEIGHT = 36;

function Breadcrumbs({ prefix }: { prefix: string }) {
  const parts = prefix.split('/').filter(Boolean);
  return (
    <nav aria-label="Folder" className="row">
      <Link href="/objects">root</Link>
      {parts.map((p, i) => {
        const to = `${parts.slice(0, i + 1).join('/')}/`;
        return (
          <span key={to}>
            {' / '}
            <Link href={`/objects?prefix=${encodeURIComponent(to)}`}>{p}</Link>
          </span>
        );
      })}
    </nav>
  );
}

/** Browse objects folder by folder (virtualized, paged from the API); upload, download, delete. */
export default function ObjectsPage() {
  const prefix = new URLSearchParams(useSearch()).get('prefix') ?? '';
  const list = useObjectList(prefix);
  const toast = useToast();
  const upload = useUploadObject();
  const remove = useDeleteObject();
  const [uploadPrefix, setUploadPrefix] = useState(prefix);
  const [progress, setProgress] = useState<number | undefined>();
  const [over, setOver] = useState(false);
  const [toDelete, setToDelete] = useState<string | undefined>();
  useEffect(() => setUploadPrefix(prefix), [prefix]);

  const rows = useMemo<Row[]>(() => {
    const pages = list.data?.pages ?? [];
    return [
      ...pages.flatMap((p) => p.commonPrefixes.map((key): Row => ({ kind: 'folder', key }))),
      ...pages.flatMap((p) =>
        p.objects.map(
          (o): Row => ({ kind: 'object', key: o.key, size: o.size, lastModified: o.lastModified }),
        ),
      ),
    ];
  }, [list.data]);

  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 20,
  });
  const items = virtual.getVirtualItems();
  const last = items.at(-1);
  // Rows outside the window are replaced by two spacer rows, so the list stays a real <table>.
  const padTop = items[0]?.start ?? 0;
  const padBottom = virtual.getTotalSize() - (last?.end ?? 0);
  useEffect(() => {
    if (last && last.index >= rows.length - 40 && list.hasNextPage && !list.isFetchingNextPage)
      void list.fetchNextPage();
  }, [last, rows.length, list]);

  async function uploadFiles(files: FileList | File[]) {
    for (const file of Array.from(files)) {
      const key = `${uploadPrefix}${file.name}`;
      setProgress(0);
      try {
        await upload.mutateAsync({ key, file, onProgress: (f) => setProgress(f * 100) });
      } catch (err) {
        toast(`Upload of ${file.name} failed: ${errorMessage(err)}`);
      } finally {
        setProgress(undefined);
      }
    }
  }

  function onDrop(e: DragEvent) {
    e.preventDefault();
    setOver(false);
    void uploadFiles(e.dataTransfer.files);
  }

  return (
    <>
      <h1>Objects</h1>
      <Breadcrumbs prefix={prefix} />
      <section
        className={`dropzone card${over ? ' over' : ''}`}
        aria-label="Upload"
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <div className="row">
          <label>
            Key prefix
            <input
              value={uploadPrefix}
              onChange={(e) => setUploadPrefix(e.target.value)}
              placeholder="folder/"
            />
          </label>
          <label>
            Files (or drop them here)
            <input
              type="file"
              multiple
              aria-label="Upload files"
              onChange={(e) => e.target.files && void uploadFiles(e.target.files)}
            />
          </label>
          {progress !== undefined && <ProgressBar value={progress} label="Upload progress" />}
        </div>
      </section>
      {list.error && <p role="alert">Could not list objects: {errorMessage(list.error)}</p>}
      <div ref={scroller} className="vlist">
        <table aria-label={`Objects in ${prefix || 'root'}`} aria-rowcount={rows.length + 1}>
          <thead>
            <tr>
              <th>Name</th>
              <th style={{ width: 110 }}>Size</th>
              <th style={{ width: 190 }}>Modified</th>
              <th style={{ width: 170 }}>Actions</th>
            </tr>
          </thead>
          <tbody>
            {padTop > 0 && (
              <tr className="spacer-row">
                <td colSpan={4} style={{ height: padTop, padding: 0, border: 0 }} />
              </tr>
            )}
            {items.map((item) => {
              const row = rows[item.index]!;
              const name = row.key.slice(prefix.length);
              return row.kind === 'folder' ? (
                <tr key={row.key} className="vrow" aria-rowindex={item.index + 2}>
                  <td colSpan={4}>
                    <Link href={`/objects?prefix=${encodeURIComponent(row.key)}`}>📁 {name}</Link>
                  </td>
                </tr>
              ) : (
                <tr key={row.key} className="vrow" aria-rowindex={item.index + 2}>
                  <td>
                    <Link href={`/objects/info?key=${encodeURIComponent(row.key)}`}>{name}</Link>
                  </td>
                  <td>{formatBytes(row.size)}</td>
                  <td className="muted">{formatTime(row.lastModified)}</td>
                  <td>
                    <a href={objectsApi.downloadUrl(row.key)} download aria-label={`Download ${name}`}>
                      Download
                    </a>{' '}
                    <button
                      type="button"
                      className="danger"
                      aria-label={`Delete ${name}`}
                      onClick={() => setToDelete(row.key)}
                    >
                      Delete
                    </button>
                  </td>
                </tr>
              );
            })}
            {padBottom > 0 && (
              <tr className="spacer-row">
                <td colSpan={4} style={{ height: padBottom, padding: 0, border: 0 }} />
              </tr>
            )}
          </tbody>
        </table>
        {!list.isLoading && rows.length === 0 && (
          <p className="muted" style={{ padding: 8 }}>
            This folder is empty.
          </p>
        )}
      </div>
      <ConfirmDialog
        open={toDelete !== undefined}
        title="Delete object?"
        message={`${toDelete ?? ''} will be deleted. This cannot be undone.`}
        confirmLabel="Delete"
        onCancel={() => setToDelete(undefined)}
        onConfirm={() => {
          const key = toDelete!;
          setToDelete(undefined);
          remove.mutate(key, { onError: (err) => toast(`Could not delete ${key}: ${errorMessage(err)}`) });
        }}
      />
    </>
  );
}
