'use client';

import dynamic from 'next/dynamic';

// Recharts is loaded only by the pages that draw a chart, and only in the browser (it measures
// its container); the figures' titles and text summaries are rendered on the server.
const placeholder = () => <div className="h-64 w-full animate-pulse rounded bg-slate-50" />;

export const LazyRequestsChart = dynamic(() => import('./metrics-charts').then((m) => m.RequestsChart), {
  ssr: false,
  loading: placeholder,
});

export const LazyLatencyChart = dynamic(() => import('./metrics-charts').then((m) => m.LatencyChart), {
  ssr: false,
  loading: placeholder,
});
