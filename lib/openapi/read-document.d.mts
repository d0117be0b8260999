// Types of read-document.mjs (plain JavaScript so the document worker can run it under plain Node).

export type OpenApiObject = Record<string, unknown>;

export type ParsedOpenApi =
  { ok: true; document: OpenApiObject; format: 'json' | 'yaml'; specVersion: string } | { ok: false; errors: string[] };

export { maxNestingDepth, nestingDepthExceeded } from './nesting.mjs';

export declare const maxDocumentLength: number;
export declare const expansionFactor: number;

export declare function exceedsExpansion(value: unknown, budget: number): boolean;
export declare function parseOpenApi(text: string): ParsedOpenApi;
export declare function resolvePointer(document: unknown, ref: string): unknown;
