import { z } from 'zod';
import type { PolicyTypeModule } from '../contract';
import { headerName } from './shared';

const schema = z.object({ headerName });

/**
 * Forwards the caller's key to the backend in a header of the API's choosing (the gateway strips
 * `X-API-Key` itself, so a backend that wants the key names another header).
 */
export const apiKey: PolicyTypeModule<typeof schema> = {
  form: {
    label: 'API Key',
    fields: [
      {
        name: 'headerName',
        label: 'Header name',
        kind: 'text',
        hint: 'The backend receives the client’s API key in this header.',
      },
    ],
  },
  schema,
  compile({ headerName: name }) {
    const header = name.toLowerCase();
    return {
      request(call) {
        if (call.request.apiKey !== null) call.request.headers[header] = call.request.apiKey;
        else delete call.request.headers[header];
        return undefined;
      },
    };
  },
};
