// One HTTP request carrying one message to one channel, with a timeout; never throws. The channels'
// bodies and signatures are domain/messages.ts; the SMS provider is an interface with one HTTP
// implementation, so another provider is one more class.
import { refusal, robotRequest, smsRequest, type ChannelKind, type ChannelSecrets, type HttpRequest, type OutMessage } from '../../domain/messages.js';

export interface SendResult {
  ok: boolean;
  httpStatus: number | null;
  /** Why it failed, in Chinese; never the address or a secret. */
  error: string | null;
  durationMs: number;
  /** A failure no retry can mend (no phone number to text): the message gives up at once. */
  permanent?: boolean;
}

async function post(kind: ChannelKind, req: HttpRequest, timeoutMs: number): Promise<SendResult> {
  const started = Date.now();
  const done = (r: Omit<SendResult, 'durationMs'>): SendResult => ({ ...r, durationMs: Date.now() - started });
  try {
    const res = await fetch(req.url, { method: 'POST', headers: req.headers, body: req.body, signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
    const text = (await res.text()).slice(0, 4000);
    const why = refusal(kind, res.status, text);
    return done({ ok: why === null, httpStatus: res.status, error: why });
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    if (e.name === 'TimeoutError' || e.name === 'AbortError') return done({ ok: false, httpStatus: null, error: `超时（${Math.round(timeoutMs / 100) / 10} 秒内无应答）` });
    return done({ ok: false, httpStatus: null, error: `无法连接（${e.cause?.code ?? e.name}）` });
  }
}

/** Sends text messages to phone numbers. */
export interface SmsProvider {
  send(to: string[], m: OutMessage, timeoutMs: number): Promise<SendResult>;
}

/** The provider behind a URL and a key (smsRequest: POST JSON { to, text }, bearer key; a 2xx is sent). */
export class HttpSmsProvider implements SmsProvider {
  constructor(private readonly secrets: ChannelSecrets) {}
  send(to: string[], m: OutMessage, timeoutMs: number) {
    return post('sms', smsRequest(this.secrets, to, m), timeoutMs);
  }
}

/** One message to one channel. `phones` are the SMS recipients (ignored by the other kinds). */
export async function sendMessage(kind: ChannelKind, secrets: ChannelSecrets, m: OutMessage, phones: string[], now: Date, timeoutMs: number): Promise<SendResult> {
  if (kind !== 'sms') return post(kind, robotRequest(kind, secrets, m, now), timeoutMs);
  if (!phones.length) return { ok: false, httpStatus: null, error: '收件人均未登记手机号', durationMs: 0, permanent: true };
  return new HttpSmsProvider(secrets).send(phones, m, timeoutMs);
}
