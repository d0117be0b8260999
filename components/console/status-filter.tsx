/** The Status select of a list filter form; its value goes into the URL with the other filters. */
export function StatusFilter({
  statuses,
  value,
  labels = {},
}: {
  statuses: readonly string[];
  value: string;
  labels?: Readonly<Record<string, string>>;
}) {
  return (
    <div>
      <label htmlFor="status-filter" className="block text-xs font-medium text-slate-600">
        Status
      </label>
      <select
        id="status-filter"
        name="status"
        defaultValue={value}
        className="mt-1 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm"
      >
        <option value="">Any status</option>
        {statuses.map((status) => (
          <option key={status} value={status}>
            {labels[status] ?? status}
          </option>
        ))}
      </select>
    </div>
  );
}
