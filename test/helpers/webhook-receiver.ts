// A loopback webhook endpoint (127.0.0.1 only) that records what it receives and answers as told:
// a status, or no answer until the client gives up. Closes every connection on close().

import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  json(): Record<string, unknown>;
}

export interface WebhookReceiver {
  /** http://127.0.0.1:PORT/<path>, the path standing in for the token part of a real webhook URL. */
  readonly url: string;
  readonly received: ReceivedRequest[];
  /** Answer with this status from now on (default 200). */
  answer(status: number): void;
  /** Hold every request without answering (the client's timeout decides). */
  hang(): void;
  close(): Promise<void>;
}

export async function startWebhookReceiver(path = '/services/T000/B000/planted-webhook-token-5f9c'): Promise<WebhookReceiver> {
  const received: ReceivedRequest[] = [];
  let status = 200;
  let hanging = false;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, json: () => JSON.parse(body) as Record<string, unknown> });
      if (hanging) return;
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(status < 300 ? 'ok' : 'no');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    received,
    answer: (s) => {
      status = s;
      hanging = false;
    },
    hang: () => {
      hanging = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
