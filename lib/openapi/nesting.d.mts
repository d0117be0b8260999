// Types of nesting.mjs (plain JavaScript so the document worker can run it under plain Node).
import type { CST } from 'yaml';

export declare const maxNestingDepth: number;

export declare function nestingDepthExceeded(text: string, limit?: number): number;
export declare function tokenDepthExceeded(text: string, limit: number): number;
export declare function treeDepthExceeded(roots: CST.Token[], limit: number): number;
