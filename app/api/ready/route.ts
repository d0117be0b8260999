import { NextResponse } from 'next/server';
import { getDb } from '@/db';
import { retryAfterSeconds } from '@/lib/server/database-status';
import { lastMaintenance } from '@/lib/server/maintenance';
import { checkReadiness } from '@/lib/server/readiness';

export const dynamic = 'force-dynamic';

/**
 * Readiness: 200 when the database answers and is migrated, 503 otherwise (take me out of rotation).
 * Where Portico maintains the database itself (embedded, or autovacuum off) it also says what that
 * maintenance last did (`lastMaintenance`).
 */
export async function GET() {
  const readiness = await checkReadiness(getDb());
  const { ready, ...checks } = readiness;
  const maintenance = lastMaintenance();
  return NextResponse.json(
    { status: ready ? 'ready' : 'unavailable', ...checks, ...(maintenance ? { lastMaintenance: maintenance } : {}) },
    {
      status: ready ? 200 : 503,
      headers: { 'Cache-Control': 'no-store', ...(ready ? {} : { 'Retry-After': String(retryAfterSeconds) }) },
    },
  );
}
