// The key sealing the channels' secrets (issue 17): derived by HKDF from the care key ring
// (CARE_KEY, CARE_KEYS_PREVIOUS; care/key.ts), so a deployment configures and rotates one key, the
// demo's key file serves it too, and without CARE_KEY no secret is stored or read (503).
import type { Sealer } from '../care/crypto.js';
import { careKeyReady, careSealer } from '../care/key.js';
import { AppError } from '../errors.js';

const derived = new WeakMap<Sealer, Sealer>();

export function messagesSealer(): Sealer {
  if (!careKeyReady()) throw new AppError(503, 'MESSAGES_KEY_MISSING', '服务器未配置加密密钥（CARE_KEY），暂不能保存或使用消息推送渠道的密钥，请联系系统管理员');
  const ring = careSealer();
  let out = derived.get(ring);
  if (!out) derived.set(ring, (out = ring.derive('message channel secrets')));
  return out;
}

/** Binds a sealed value to its district: copied into another district's row it does not open. */
export const secretsAad = (districtId: number) => `message_channels.secrets_enc:${districtId}`;
