'use client';

import { useRouter } from 'next/navigation';

/** "Items per page": changing it navigates to the first page with the new size. */
export function PageSizeSelect({
  sizes,
  value,
  hrefs,
}: {
  sizes: readonly number[];
  value: number;
  hrefs: Record<string, string>;
}) {
  const router = useRouter();
  return (
    <label className="flex items-center gap-2">
      Items per page
      <select
        value={value}
        onChange={(event) => {
          const href = hrefs[event.target.value];
          if (href) router.push(href);
        }}
        className="rounded-md border border-slate-300 bg-white px-2 py-1"
      >
        {sizes.map((size) => (
          <option key={size} value={size}>
            {size}
          </option>
        ))}
      </select>
    </label>
  );
}
