// The security headers of every answer (helmet's: CSP, HSTS, frame, referrer, …), computed once at
// start. @fastify/helmet builds helmet's middleware anew on every request (its options may differ
// per route and may carry nonces), which parsed the CSP directives and dashed their names per
// request: 4.5 % of the node CPU of `GET /auth/me` in issue 19's profile. Ours are the same for
// every route and carry no nonce, so they are a fixed list of headers.
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';

export const securityHeaderOptions: HelmetOptions = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      // antd writes its CSS-in-JS into style elements.
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      scriptSrc: ["'self'"],
      // The offline app (issue 17): its service worker and manifest come from this origin only.
      workerSrc: ["'self'"],
      manifestSrc: ["'self'"],
      upgradeInsecureRequests: null,
    },
  },
};

export interface SecurityHeaders {
  /** Headers to set, in helmet's order. */
  set: Array<[string, string]>;
  /** Headers to remove (helmet's X-Powered-By). */
  remove: string[];
}

/** What helmet's middleware does to a response with these options, recorded once. */
export function securityHeaders(options: HelmetOptions = securityHeaderOptions): SecurityHeaders {
  const set = new Map<string, [string, string]>();
  const remove: string[] = [];
  const res = {
    setHeader(name: string, value: string | number | readonly string[]) {
      set.set(name.toLowerCase(), [name, Array.isArray(value) ? value.join(', ') : String(value)]);
      return res;
    },
    removeHeader(name: string) {
      set.delete(name.toLowerCase());
      remove.push(name);
    },
  };
  let failed: unknown = null;
  // Without a function among the options, helmet's middleware is synchronous and reads nothing of the request.
  helmet(options)({} as IncomingMessage, res as unknown as ServerResponse, (err?: unknown) => {
    failed = err ?? null;
  });
  if (failed) throw failed;
  return { set: [...set.values()], remove };
}

/** Applies the recorded headers to a response. */
export function applySecurityHeaders(headers: SecurityHeaders, res: ServerResponse): void {
  for (const name of headers.remove) res.removeHeader(name);
  for (const [name, value] of headers.set) res.setHeader(name, value);
}
