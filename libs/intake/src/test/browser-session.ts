/**
 * A minimal browser session for HTML tests over fetch: keeps cookies, reads
 * hidden inputs from the last page, posts forms like a browser would.
 */
export class FormSession {
  private cookies = new Map<string, string>();

  constructor(
    private readonly base: string,
    private readonly acceptLanguage = 'en-GB',
    /** Headers the browser sends on every request (e.g. `Sec-GPC: 1`). */
    private readonly extraHeaders: Record<string, string> = {},
  ) {}

  async get(path: string): Promise<{ status: number; html: string; headers: Headers }> {
    const response = await fetch(`${this.base}${path}`, { headers: this.headers() });
    return this.read(response);
  }

  /** Posts multipart form data (the request form). */
  async postMultipart(path: string, fields: Record<string, string | string[]>, file?: { name: string; bytes: Buffer; type: string }) {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) for (const item of ([] as string[]).concat(value)) form.append(name, item);
    if (file) form.set('permission', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
    return this.read(await fetch(`${this.base}${path}`, { method: 'POST', body: form, headers: this.headers() }));
  }

  /** Posts a urlencoded form (verify, code, withdraw). */
  async postForm(path: string, fields: Record<string, string>) {
    const body = new URLSearchParams(fields).toString();
    return this.read(await fetch(`${this.base}${path}`, { method: 'POST', body, headers: { ...this.headers(), 'content-type': 'application/x-www-form-urlencoded' } }));
  }

  private headers(): Record<string, string> {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    return { 'accept-language': this.acceptLanguage, ...this.extraHeaders, ...(cookie ? { cookie } : {}) };
  }

  private async read(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...value] = pair.split('=');
      this.cookies.set(name.trim(), value.join('='));
    }
    return { status: response.status, html: await response.text(), headers: response.headers };
  }
}

/** The value of a hidden input on a page. */
export function hiddenValue(html: string, name: string): string {
  const match = new RegExp(`<input type="hidden" name="${name}" value="([^"]*)"`).exec(html);
  if (!match) throw new Error(`no hidden input ${name} on the page`);
  return match[1];
}
