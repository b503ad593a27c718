/**
 * The baseline for the upload benchmark: the same mutual-TLS HTTPS set-up as `airsign serve`,
 * but each upload is only piped to a file: no hashing, no fsync, no manifest check, no spool.
 * Usage: node --import tsx plain-upload-server.ts <cert> <key> <ca> <dir>
 */
import { createWriteStream } from 'node:fs';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';

const [cert, key, ca, dir] = process.argv.slice(2) as [string, string, string, string];
let n = 0;
const server = createServer({ cert: readFileSync(cert), key: readFileSync(key), ca: readFileSync(ca), requestCert: true, rejectUnauthorized: true }, (req, res) => {
  pipeline(req, createWriteStream(join(dir, `upload-${n++}`)))
    .then(() => {
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end('{}');
    })
    .catch(() => res.destroy());
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`listening on https://127.0.0.1:${(server.address() as AddressInfo).port}\n`));
