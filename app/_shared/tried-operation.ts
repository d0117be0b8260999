import type { OperationView } from '@/lib/openapi/normalise';

/** What Try it needs of an operation: small enough to hand to the browser for each one. */
export interface TriedOperation {
  method: string;
  path: string;
  parameters: { name: string; in: string; required: boolean }[];
  /** The first content type of the request body and its example, when the operation takes one. */
  body?: { contentType: string; example: string };
}

export function triedOperation(operation: OperationView): TriedOperation {
  const media = operation.requestBody?.media[0];
  return {
    method: operation.method,
    path: operation.path,
    parameters: operation.parameters.map(({ name, in: place, required }) => ({ name, in: place, required })),
    body: media ? { contentType: media.contentType, example: media.example ?? '' } : undefined,
  };
}
