import http from 'node:http';
import type net from 'node:net';

export interface ReverseProxy {
  url: string;
  close(): Promise<void>;
}

/**
 * A real reverse-proxy hop in front of a web process, as a load balancer terminating HTTPS
 * would be: it forwards every request to `target` from 127.0.0.1 and adds X-Forwarded-Proto
 * and X-Forwarded-For. The client's address is taken from the test's `x-test-client` header
 * (every test client is 127.0.0.1), and whatever X-Forwarded-For the client sent is kept in
 * front of it, as real proxies append.
 */
export async function startReverseProxy(target: string, proto: 'http' | 'https' = 'https'): Promise<ReverseProxy> {
  const to = new URL(target);
  const server = http.createServer((req, res) => {
    const headers = { ...req.headers };
    const client = (headers['x-test-client'] as string | undefined) ?? req.socket.remoteAddress ?? '127.0.0.1';
    delete headers['x-test-client'];
    const prior = headers['x-forwarded-for'];
    headers['x-forwarded-for'] = prior ? `${String(prior)}, ${client}` : client;
    headers['x-forwarded-proto'] = proto;
    const upstream = http.request({ hostname: to.hostname, port: to.port, method: req.method, path: req.url, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
      answer.pipe(res);
    });
    upstream.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
