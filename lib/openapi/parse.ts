/**
 * Reading an OpenAPI document's text. The rules live in read-document.mjs, which the document worker
 * runs too; outside tests, text is read through `readOpenApi` (reader.ts), off the request thread.
 */
export {
  exceedsExpansion,
  expansionFactor,
  maxDocumentLength,
  maxNestingDepth,
  parseOpenApi,
  resolvePointer,
  type OpenApiObject,
  type ParsedOpenApi,
} from './read-document.mjs';
