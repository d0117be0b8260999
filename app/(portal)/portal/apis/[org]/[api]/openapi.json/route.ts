import { serveDocument } from '../_components/served-document';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, { params }: { params: Promise<{ org: string; api: string }> }) {
  return serveDocument(request, params, 'json');
}
