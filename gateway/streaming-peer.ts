import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/**
 * The far ends of a big transfer in a process of their own: a backend that streams or counts bytes
 * and a caller that sends or counts them. The test process then holds only the gateway, so its
 * memory shows what the gateway keeps (the peers' garbage would otherwise drown it).
 */
const peerSource = String.raw`
const http = require('node:http');
const readline = require('node:readline');
const chunk = Buffer.alloc(64 * 1024, 97);
function pump(total, write, end) {
  let sent = 0;
  const more = () => {
    while (sent < total) {
      const piece = total - sent >= chunk.length ? chunk : chunk.subarray(0, total - sent);
      sent += piece.length;
      if (!write(piece)) return 'wait';
    }
    end();
  };
  return more;
}
const backend = http.createServer((req, res) => {
  let received = 0;
  req.on('data', (c) => (received += c.length));
  req.on('end', () => {
    const m = /\/download\/(\d+)$/.exec(req.url);
    if (!m) return res.end(JSON.stringify({ received }));
    res.writeHead(200, { 'content-length': m[1] });
    const more = pump(Number(m[1]), (p) => res.write(p), () => res.end());
    res.on('drain', more);
    more();
  });
});
backend.listen(0, '127.0.0.1', () => console.log('backend ' + backend.address().port));
readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const [kind, url, size] = line.split(' ');
  const upload = kind === 'upload' ? Number(size) : 0;
  const req = http.request(url, { method: upload ? 'POST' : 'GET', agent: false, headers: upload ? { 'content-length': size } : {} }, (res) => {
    let bytes = 0;
    let text = '';
    res.on('data', (c) => { bytes += c.length; if (text.length < 1000) text += c; });
    res.on('end', () => console.log('result ' + JSON.stringify({ status: res.statusCode, bytes, text: text.slice(0, 1000) })));
  });
  req.on('error', (e) => console.log('result ' + JSON.stringify({ status: 0, bytes: 0, text: String(e) })));
  if (!upload) return req.end();
  const more = pump(upload, (p) => req.write(p), () => req.end());
  req.on('drain', more);
  more();
});
`;

export interface TransferResult {
  status: number;
  bytes: number;
  text: string;
}

export interface StreamingPeer {
  backendUrl: string;
  transfer(kind: 'download' | 'upload', url: string, size?: number): Promise<TransferResult>;
  stop(): void;
}

export function startStreamingPeer(): Promise<StreamingPeer> {
  const child: ChildProcess = spawn(process.execPath, ['-e', peerSource], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout ?? process.stdin });
  const waiting: ((line: string) => void)[] = [];
  lines.on('line', (line) => waiting.shift()?.(line));
  const next = () => new Promise<string>((resolve) => waiting.push(resolve));
  return next().then((first) => ({
    backendUrl: `http://127.0.0.1:${first.split(' ')[1]}`,
    async transfer(kind, url, size = 0) {
      const answer = next();
      child.stdin?.write(`${kind} ${url} ${size}\n`);
      return JSON.parse((await answer).slice('result '.length)) as TransferResult;
    },
    stop: () => void child.kill(),
  }));
}
