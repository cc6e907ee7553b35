// The pure rules of messages out (issue 17): backoff, signatures as each receiver checks them,
// the text per reminder, and what counts as accepted.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BACKOFF_MAX_MS, dingtalkSign, FAILING_AFTER, feishuSign, isFailing, MAX_ATTEMPTS, messageMarkdown, messageText, nextAttemptAt, refusal, robotRequest, smsRequest, urlHint } from './messages.js';
import { signBody } from './signed-body.js';

const at = new Date('2026-05-13T02:00:00Z');
const m = { label: '已逾期', title: '隐患已逾期（整改时限 2026-05-10）：YH-001 消防通道堵塞', url: 'https://anxiao.example.cn/hazards/7' };

describe('backoff and giving up', () => {
  it('waits 30 s, 1, 2, 4, 8 min after attempts 1–5 and gives up after attempt 6', () => {
    const waits = [1, 2, 3, 4, 5].map((n) => nextAttemptAt(n, at)!.getTime() - at.getTime());
    expect(waits).toEqual([30_000, 60_000, 120_000, 240_000, 480_000]);
    expect(MAX_ATTEMPTS).toBe(6);
    expect(nextAttemptAt(6, at)).toBeNull();
    expect(nextAttemptAt(7, at)).toBeNull();
  });
  it('never waits longer than the cap', () => {
    for (let n = 1; n < MAX_ATTEMPTS; n++) expect(nextAttemptAt(n, at)!.getTime() - at.getTime()).toBeLessThanOrEqual(BACKOFF_MAX_MS);
  });
  it('counts a channel failing at FAILING_AFTER failures in a row', () => {
    expect(isFailing(FAILING_AFTER - 1)).toBe(false);
    expect(isFailing(FAILING_AFTER)).toBe(true);
  });
});

describe('signatures', () => {
  it("DingTalk: urlencoded base64 HMAC-SHA256 of `${ts}\\n${secret}` under the secret (the documented example)", () => {
    const expected = createHmac('sha256', 'SECxyz').update('1700000000000\nSECxyz').digest('base64');
    expect(dingtalkSign('SECxyz', 1700000000000)).toBe(encodeURIComponent(expected));
    expect(dingtalkSign('SECxyz', 1700000000000)).not.toMatch(/[+/=]/);
  });
  it('Feishu: base64 HMAC-SHA256 keyed by `${ts}\\n${secret}` over nothing', () => {
    expect(feishuSign('abc', 1700000000)).toBe(createHmac('sha256', '1700000000\nabc').digest('base64'));
  });
  it('webhook: hex HMAC over `${ts}.${body}`; another body or time gives another signature', () => {
    const s = signBody('k', 1, '{"a":1}');
    expect(s).toBe(createHmac('sha256', 'k').update('1.{"a":1}').digest('hex'));
    expect(signBody('k', 1, '{"a":2}')).not.toBe(s);
    expect(signBody('k', 2, '{"a":1}')).not.toBe(s);
  });
});

describe('requests per channel', () => {
  it('WeCom: markdown with the reminder and its link', () => {
    const r = robotRequest('wecom', { url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K' }, m, at);
    expect(r.url).toBe('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K');
    expect(JSON.parse(r.body)).toEqual({ msgtype: 'markdown', markdown: { content: messageMarkdown(m) } });
    expect(messageMarkdown(m)).toContain('[查看详情](https://anxiao.example.cn/hazards/7)');
  });
  it('DingTalk: timestamp and sign appended to the address', () => {
    const r = robotRequest('dingtalk', { url: 'https://oapi.dingtalk.com/robot/send?access_token=T', secret: 'S' }, m, at);
    expect(r.url).toBe(`https://oapi.dingtalk.com/robot/send?access_token=T&timestamp=${at.getTime()}&sign=${dingtalkSign('S', at.getTime())}`);
    expect(JSON.parse(r.body).msgtype).toBe('markdown');
  });
  it('Feishu: seconds timestamp and sign in the body with a secret, neither without', () => {
    const ts = Math.floor(at.getTime() / 1000);
    expect(JSON.parse(robotRequest('feishu', { url: 'https://f/x', secret: 'S' }, m, at).body)).toEqual({ timestamp: String(ts), sign: feishuSign('S', ts), msg_type: 'text', content: { text: messageText(m) } });
    expect(JSON.parse(robotRequest('feishu', { url: 'https://f/x' }, m, at).body)).not.toHaveProperty('sign');
  });
  it('webhook: the signature headers match the body sent', () => {
    const r = robotRequest('webhook', { url: 'https://h/x', secret: 'S' }, m, at);
    expect(r.headers['x-anxiao-signature']).toBe(signBody('S', Number(r.headers['x-anxiao-timestamp']), r.body));
  });
  it('SMS: the numbers and the text, the key as a bearer token', () => {
    const r = smsRequest({ url: 'https://sms/x', key: 'KEY' }, ['13800000000'], m);
    expect(r.headers.authorization).toBe('Bearer KEY');
    expect(JSON.parse(r.body)).toEqual({ to: ['13800000000'], text: messageText(m) });
  });
  it('the text names the kind and the reminder; without an address it says to log in', () => {
    expect(messageText(m)).toBe(`【安校】已逾期：${m.title}\nhttps://anxiao.example.cn/hazards/7`);
    expect(messageText({ ...m, url: null })).toContain('请登录安校平台查看');
  });
});

describe('accepted or refused', () => {
  it('robots: a 200 with a non-zero code is refused, with the reason', () => {
    expect(refusal('wecom', 200, '{"errcode":0,"errmsg":"ok"}')).toBeNull();
    expect(refusal('dingtalk', 200, '{"errcode":310000,"errmsg":"sign not match"}')).toBe('接收方拒收（errcode 310000：sign not match）');
    expect(refusal('feishu', 200, '{"code":0}')).toBeNull();
    expect(refusal('feishu', 200, '{"code":19021,"msg":"sign match fail"}')).toContain('code 19021');
    expect(refusal('wecom', 200, 'not json')).toBe('应答不是 JSON');
  });
  it('any kind: a status outside 2xx is refused; webhook and SMS accept any 2xx', () => {
    expect(refusal('webhook', 500, '')).toBe('HTTP 500');
    expect(refusal('webhook', 204, '')).toBeNull();
    expect(refusal('sms', 200, 'whatever')).toBeNull();
  });
  it('the hint shows the host, never the token', () => {
    expect(urlHint('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=SECRET')).toBe('qyapi.weixin.qq.com/…');
  });
});
