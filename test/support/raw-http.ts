// A minimal HTTP/1.1 client over one keep-alive socket that sends exactly the bytes it is given:
// Node's own client refuses control characters and non-Latin-1 text in headers, and hostile
// input tests need to send them (the server's parser then decides, as it would in production).
import { connect, type Socket } from 'node:net';

export interface RawRequest {
  method: string;
  path: string;
  /** Header lines as given; values may hold any bytes (strings are sent as UTF-8). */
  headers?: ReadonlyArray<readonly [string, string | Buffer]>;
  body?: string | Buffer;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const CRLF = Buffer.from('\r\n');

export class RawHttpClient {
  private socket: Socket | null = null;
  private buffer: Buffer = Buffer.alloc(0);
  private waiting: (() => void) | null = null;
  private closed = true;

  constructor(
    private readonly port: number,
    private readonly host = '127.0.0.1',
    private readonly timeoutMs = 15_000,
  ) {}

  async request(req: RawRequest): Promise<RawResponse> {
    await this.ensureOpen();
    const body = req.body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body, 'utf8');
    const lines: Buffer[] = [Buffer.from(`${req.method} ${req.path} HTTP/1.1\r\nHost: ${this.host}\r\nConnection: keep-alive\r\n`, 'latin1')];
    for (const [name, value] of req.headers ?? []) {
      lines.push(Buffer.from(`${name}: `, 'latin1'), Buffer.isBuffer(value) ? value : Buffer.from(value, 'utf8'), CRLF);
    }
    if (body.length > 0 || req.method === 'POST' || req.method === 'PATCH' || req.method === 'PUT') lines.push(Buffer.from(`Content-Length: ${body.length}\r\n`));
    lines.push(CRLF, body);
    (this.socket as Socket).write(Buffer.concat(lines));
    return this.readResponse(req.method === 'HEAD');
  }

  close(): void {
    this.socket?.destroy();
    this.socket = null;
    this.closed = true;
  }

  private ensureOpen(): Promise<void> {
    if (!this.closed && this.socket) return Promise.resolve();
    this.buffer = Buffer.alloc(0);
    return new Promise((resolve, reject) => {
      const socket = connect(this.port, this.host, () => {
        this.closed = false;
        resolve();
      });
      socket.setNoDelay(true);
      socket.on('data', (chunk: Buffer) => {
        this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
        this.wake();
      });
      const end = () => {
        this.closed = true;
        this.wake();
      };
      socket.on('end', end);
      socket.on('close', end);
      socket.on('error', (error) => {
        if (this.closed) reject(error);
        end();
      });
      this.socket = socket;
    });
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.();
  }

  /** Waits for more bytes (or the end of the connection). */
  private more(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('connection closed before a complete response'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('response timed out')), this.timeoutMs);
      this.waiting = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private async readResponse(head: boolean): Promise<RawResponse> {
    let end: number;
    while ((end = this.buffer.indexOf('\r\n\r\n')) === -1) await this.more();
    const lines = this.buffer.subarray(0, end).toString('latin1').split('\r\n');
    this.buffer = this.buffer.subarray(end + 4);
    const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '')?.[1]);
    const headers: Record<string, string> = {};
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    let body: Buffer = Buffer.alloc(0);
    if (!head && status !== 204 && status !== 304) {
      if (headers['transfer-encoding']?.toLowerCase() === 'chunked') {
        const parts: Buffer[] = [];
        for (;;) {
          let eol: number;
          while ((eol = this.buffer.indexOf('\r\n')) === -1) await this.more();
          const size = parseInt(this.buffer.subarray(0, eol).toString('latin1'), 16);
          while (this.buffer.length < eol + 2 + size + 2) await this.more();
          parts.push(this.buffer.subarray(eol + 2, eol + 2 + size));
          this.buffer = this.buffer.subarray(eol + 2 + size + 2);
          if (size === 0) break;
        }
        body = Buffer.concat(parts);
      } else if (headers['content-length'] !== undefined) {
        const length = Number(headers['content-length']);
        while (this.buffer.length < length) await this.more();
        body = this.buffer.subarray(0, length);
        this.buffer = this.buffer.subarray(length);
      } else {
        while (!this.closed) await this.more().catch(() => undefined);
        body = this.buffer;
        this.buffer = Buffer.alloc(0);
      }
    }
    if (headers.connection?.toLowerCase() === 'close') this.close();
    return { status, headers, body: body.toString('utf8') };
  }
}
