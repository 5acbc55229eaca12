#!/usr/bin/env node
// A tiny static server for the demo: www/ at /, the web build at /pkg/web/.
//   node scripts/serve.mjs            (PORT env, default 8080; HOST default 127.0.0.1)
// Also imported by the page tests: startServer({ port: 0 }) picks a free port.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ts': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** URL path prefix → directory it is served from (first match wins). */
export const MOUNTS = [
  ['/pkg/web/', join(ROOT, 'pkg', 'web')],
  ['/', join(ROOT, 'www')],
];

/** Maps a URL path to a file path inside a mount, or null (traversal, no mount). */
export function resolvePath(urlPath, mounts = MOUNTS) {
  let path;
  try {
    path = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (path.includes('\0')) return null;
  for (const [prefix, dir] of mounts) {
    if (!path.startsWith(prefix)) continue;
    let rel = path.slice(prefix.length);
    if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    const file = normalize(join(dir, rel));
    if (file !== dir && !file.startsWith(dir + sep)) return null;
    return file;
  }
  return null;
}

async function handle(req, res, mounts) {
  const send = (status, body, type = 'text/plain; charset=utf-8') => {
    res.writeHead(status, {
      'Content-Type': type,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed\n');
  const urlPath = new URL(req.url ?? '/', 'http://localhost').pathname;
  const file = resolvePath(urlPath, mounts);
  if (!file) return send(404, 'not found\n');
  try {
    const info = await stat(file);
    if (info.isDirectory()) {
      res.writeHead(301, { Location: urlPath + '/' });
      return res.end();
    }
    const body = await readFile(file);
    return send(200, body, TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream');
  } catch (e) {
    if (e.code === 'ENOENT' || e.code === 'ENOTDIR') {
      const hint = urlPath.startsWith('/pkg/web/') ? ' (run `make build` first)' : '';
      return send(404, `not found${hint}\n`);
    }
    return send(500, 'internal error\n');
  }
}

/**
 * Starts the server; resolves to { server, port, url, close() }.
 * port 0 picks a free port; `mounts` ([[url prefix, directory], ...], first
 * match wins) serves other directories (the package tests serve a consumer
 * project this way).
 */
export function startServer({ port = 8080, host = '127.0.0.1', mounts = MOUNTS } = {}) {
  return new Promise((resolve, reject) => {
    const server = createServer((req, res) => {
      handle(req, res, mounts).catch(() => {
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    });
    server.once('error', reject);
    server.listen(port, host, () => {
      const actual = server.address().port;
      resolve({
        server,
        port: actual,
        url: `http://${host}:${actual}/`,
        close: () =>
          new Promise((r) => {
            server.close(() => r());
            server.closeAllConnections();
          }),
      });
    });
  });
}

async function main() {
  const port = Number.parseInt(process.env.PORT ?? '8080', 10);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`bad PORT: ${process.env.PORT}`);
    process.exit(2);
  }
  const host = process.env.HOST ?? '127.0.0.1';
  const { url, close } = await startServer({ port, host });
  console.log(`enroll-engine demo: ${url}  (Ctrl-C to stop)`);
  const stop = () => close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((e) => {
    console.error(e.message);
    process.exit(1);
  });
}
