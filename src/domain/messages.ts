// Messages out to group robots, a webhook and SMS (issue 17): the pure rules. What each channel is
// sent (the body and the signature its receiver checks), when a failed message is tried again,
// when a message gives up and when a channel counts as failing. The clock is passed in.
import { createHmac } from 'node:crypto';
import { signBody } from './signed-body.js';
import type { ChannelKind } from '../contracts/messages.js';

export type { ChannelKind };

/** A message gives up after this many attempts (the first send and its retries). */
export const MAX_ATTEMPTS = 6;
/** A channel whose sends failed this many times in a row is paused and reported. */
export const FAILING_AFTER = 5;
/** The first retry waits this long; each further one twice as long, up to BACKOFF_MAX_MS. */
export const BACKOFF_BASE_MS = 30_000;
export const BACKOFF_MAX_MS = 60 * 60_000;
/** One request may take this long before it counts as failed. */
export const SEND_TIMEOUT_MS = 10_000;

/** When the message whose attempt number `attempt` (1-based) just failed is tried next, or null: give up. */
export function nextAttemptAt(attempt: number, failedAt: Date): Date | null {
  if (attempt >= MAX_ATTEMPTS) return null;
  const wait = Math.min(BACKOFF_BASE_MS * 2 ** (attempt - 1), BACKOFF_MAX_MS);
  return new Date(failedAt.getTime() + wait);
}

/** Whether a channel with this many failures in a row is now failing (and paused). */
export const isFailing = (consecutiveFailures: number) => consecutiveFailures >= FAILING_AFTER;

export interface OutMessage {
  /** The reminder's kind in Chinese ('已逾期'), or '测试消息'. */
  label: string;
  title: string;
  /** An absolute link to the record, when the server knows its public address. */
  url: string | null;
}

/** The plain text every channel carries (SMS and text bodies), one message per reminder. */
export function messageText(m: OutMessage): string {
  return `【安校】${m.label}：${m.title}${m.url ? `\n${m.url}` : '\n请登录安校平台查看。'}`;
}

/** Markdown for the robots that render it (WeCom, DingTalk). */
export function messageMarkdown(m: OutMessage): string {
  return `**【安校】${m.label}**\n\n${m.title}\n\n${m.url ? `[查看详情](${m.url})` : '请登录安校平台查看。'}`;
}

/** DingTalk: sign = urlencode(base64(HMAC-SHA256(secret, `${timestamp}\n${secret}`))), timestamp in ms. */
export function dingtalkSign(secret: string, timestampMs: number): string {
  const mac = createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64');
  return encodeURIComponent(mac);
}

/** Feishu: sign = base64(HMAC-SHA256 keyed by `${timestamp}\n${secret}` over an empty message), timestamp in seconds. */
export function feishuSign(secret: string, timestampSec: number): string {
  return createHmac('sha256', `${timestampSec}\n${secret}`).update('').digest('base64');
}


export interface ChannelSecrets {
  url: string;
  /** DingTalk's and Feishu's signing secret, the webhook's HMAC key. */
  secret?: string | null;
  /** The SMS provider's key. */
  key?: string | null;
}

export interface HttpRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** The request that carries a message to a robot or the webhook (not SMS: see smsRequest). */
export function robotRequest(kind: Exclude<ChannelKind, 'sms'>, s: ChannelSecrets, m: OutMessage, now: Date): HttpRequest {
  const json = { 'content-type': 'application/json' };
  switch (kind) {
    case 'wecom':
      return { url: s.url, headers: json, body: JSON.stringify({ msgtype: 'markdown', markdown: { content: messageMarkdown(m) } }) };
    case 'dingtalk': {
      const ts = now.getTime();
      const url = s.secret ? `${s.url}${s.url.includes('?') ? '&' : '?'}timestamp=${ts}&sign=${dingtalkSign(s.secret, ts)}` : s.url;
      return { url, headers: json, body: JSON.stringify({ msgtype: 'markdown', markdown: { title: `【安校】${m.label}`, text: messageMarkdown(m) } }) };
    }
    case 'feishu': {
      const ts = Math.floor(now.getTime() / 1000);
      const signed = s.secret ? { timestamp: String(ts), sign: feishuSign(s.secret, ts) } : {};
      return { url: s.url, headers: json, body: JSON.stringify({ ...signed, msg_type: 'text', content: { text: messageText(m) } }) };
    }
    case 'webhook': {
      const ts = Math.floor(now.getTime() / 1000);
      const body = JSON.stringify({ kind: m.label, title: m.title, url: m.url, text: messageText(m), sentAt: now.toISOString() });
      return { url: s.url, headers: { ...json, 'x-anxiao-timestamp': String(ts), 'x-anxiao-signature': signBody(s.secret ?? '', ts, body) }, body };
    }
  }
}

/** The SMS provider's HTTP interface: POST JSON { to, text } with the key as a bearer token. */
export function smsRequest(s: ChannelSecrets, to: string[], m: OutMessage): HttpRequest {
  return { url: s.url, headers: { 'content-type': 'application/json', authorization: `Bearer ${s.key ?? ''}` }, body: JSON.stringify({ to, text: messageText(m) }) };
}

/**
 * Whether the receiver accepted the message: a 2xx, and for the robots their own code zero
 * (WeCom and DingTalk `errcode`, Feishu `code`), since they answer 200 to a refused message.
 * Returns null when accepted, else the reason in Chinese.
 */
export function refusal(kind: ChannelKind, status: number, body: string): string | null {
  if (status < 200 || status > 299) return `HTTP ${status}`;
  if (kind === 'webhook' || kind === 'sms') return null;
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(body) as Record<string, unknown>;
  } catch {
    return '应答不是 JSON';
  }
  const code = kind === 'feishu' ? (parsed.code ?? parsed.StatusCode) : parsed.errcode;
  if (code === 0) return null;
  const why = String((kind === 'feishu' ? (parsed.msg ?? parsed.StatusMessage) : parsed.errmsg) ?? '').slice(0, 200);
  return `接收方拒收（${kind === 'feishu' ? 'code' : 'errcode'} ${String(code)}${why ? `：${why}` : ''}）`;
}

/** What the page shows of a webhook address: its host only, since the path or query carries the token. */
export function urlHint(url: string): string {
  try {
    return `${new URL(url).host}/…`;
  } catch {
    return '已设置';
  }
}
