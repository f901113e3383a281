/**
 * The slice of Express's request and response this service uses (the repo
 * has no @types/express; these match Express 5 at runtime).
 */
export interface HttpRequest {
  method: string;
  path: string;
  originalUrl: string;
  ip?: string;
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
  query: Record<string, unknown>;
  socket: { remoteAddress?: string };
  /** Express's Accept-Language negotiation: the best of these the browser accepts, or false. */
  acceptsLanguages(...languages: string[]): string | false;
}

export interface CookieOptions {
  httpOnly?: boolean;
  sameSite?: 'strict' | 'lax' | 'none';
  secure?: boolean;
  path?: string;
  /** Milliseconds (Express); 0 expires the cookie. */
  maxAge?: number;
}

export interface HttpResponse {
  headersSent: boolean;
  statusCode: number;
  status(code: number): HttpResponse;
  setHeader(name: string, value: string | number): void;
  getHeader(name: string): unknown;
  cookie(name: string, value: string, options: CookieOptions): HttpResponse;
  type(contentType: string): HttpResponse;
  send(body: unknown): HttpResponse;
  json(body: unknown): HttpResponse;
  redirect(status: number, url: string): void;
}

export type NextFunction = (error?: unknown) => void;
