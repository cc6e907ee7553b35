// What Fastify is told about the reverse proxies in front (issue 18, TRUST_PROXY).
// Addresses / CIDR ranges: X-Forwarded-For is believed only from them, so a client reaching an
// instance directly cannot choose the address the login throttle and the audit log record.
// A hop count: this Fastify refuses a bare number (it cannot check who sent the header), so it is
// given as a function trusting the nearest n hops: safe only when the instances are reachable
// through the proxies alone (README, "Running several instances").
export function trustProxyOption(trust: boolean | number | string[]): boolean | string[] | ((addr: string, hop: number) => boolean) {
  if (typeof trust === 'number') return trust === 0 ? false : (_addr: string, hop: number) => hop < trust;
  return trust;
}
