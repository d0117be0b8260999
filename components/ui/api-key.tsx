import { CopyButton } from './copy-button';

/** The API key with its copy button and the notes SPEC §2 asks for wherever a key is shown. */
export function ApiKeyField({ apiKey, id = 'api-key' }: { apiKey: string; id?: string }) {
  const labelId = `${id}-label`;
  return (
    <div>
      <p id={labelId} className="text-sm font-medium text-slate-700">
        API Key
      </p>
      <div className="mt-1 flex flex-wrap items-center gap-2">
        <code aria-labelledby={labelId} className="rounded bg-slate-100 px-2 py-1 font-mono text-sm">
          {apiKey}
        </code>
        <CopyButton value={apiKey} />
      </div>
      <p className="mt-1 text-xs text-slate-600">This API Key is valid for all contracts of the client version.</p>
      <p className="text-xs text-slate-500">
        The key identifies a client application; it is not user authentication. Keep it secret.
      </p>
    </div>
  );
}
