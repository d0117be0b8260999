'use client';

import * as Dialog from '@radix-ui/react-dialog';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { toast } from 'sonner';
import { buttonClass, TextField } from '@/components/ui/field';
import type { ActionResult } from '@/lib/commands/result';

/** The version dropdown of a details header: picking a version opens it. */
export function VersionSelect({
  current,
  versions,
  baseHref,
}: {
  current: string;
  versions: { version: string; status: string }[];
  baseHref: string;
}) {
  const router = useRouter();
  return (
    <label className="flex items-center gap-2 text-sm">
      <span className="sr-only">Version</span>
      <select
        aria-label="Version"
        value={current}
        onChange={(e) => router.push(`${baseHref}/${encodeURIComponent(e.target.value)}`)}
        className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
      >
        {versions.map((v) => (
          <option key={v.version} value={v.version}>
            {v.version} ({v.status})
          </option>
        ))}
      </select>
    </label>
  );
}

/** New Version: asks for the version string, then creates the copy and opens it. */
export function NewVersionButton({
  from,
  create,
}: {
  from: string;
  create: (version: string) => Promise<ActionResult<{ href: string }>>;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [version, setVersion] = useState('');
  const [errors, setErrors] = useState<string[] | undefined>();
  const [pending, startTransition] = useTransition();
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger className={buttonClass.secondary}>New Version</Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 bg-slate-900/40" />
        <Dialog.Content className="fixed left-1/2 top-1/2 w-[min(28rem,90vw)] -translate-x-1/2 -translate-y-1/2 rounded-lg bg-white p-6 shadow-xl">
          <Dialog.Title className="text-lg font-semibold">New Version</Dialog.Title>
          <Dialog.Description className="mt-1 text-sm text-slate-600">
            A new version is created as a copy of version {from}.
          </Dialog.Description>
          <form
            className="mt-4 space-y-4"
            onSubmit={(event) => {
              event.preventDefault();
              startTransition(async () => {
                const result = await create(version);
                if (result.ok) {
                  toast.success(`Version ${version.trim()} created`);
                  setOpen(false);
                  router.push(result.data.href);
                } else setErrors(result.fieldErrors?.version ?? [result.message]);
              });
            }}
          >
            <TextField
              id="new-version"
              name="version"
              label="Version"
              required
              value={version}
              onChange={(e) => setVersion(e.target.value)}
              errors={errors}
            />
            <div className="flex justify-end gap-2">
              <Dialog.Close className={buttonClass.secondary}>Cancel</Dialog.Close>
              <button type="submit" className={buttonClass.primary} disabled={pending}>
                Create Version
              </button>
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
