import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * A personal value as stored in an event: AES-256-GCM with the customer's key, a fresh 96-bit IV
 * per value, and the tenant, customer and field as additional authenticated data, so a value
 * copied to another customer or field does not decrypt. Base64 text keeps the event JSON.
 */
export interface SealedValue {
  enc: 'v1';
  iv: string;
  data: string;
  tag: string;
}

export function isSealed(value: unknown): value is SealedValue {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return v.enc === 'v1' && typeof v.iv === 'string' && typeof v.data === 'string' && typeof v.tag === 'string';
}

/** What the value is bound to: a ciphertext decrypts only where it was written. */
export interface SealContext {
  tenant: string;
  customerId: string;
  field: string;
}

const aad = ({ tenant, customerId, field }: SealContext) => Buffer.from(`setia/${tenant}/${customerId}/${field}`);

/** AES-256-GCM with a fresh 96-bit IV, bound to the context: what sealing a value or bytes shares. */
function encrypt(key: Buffer, plain: Buffer, context: SealContext): { iv: Buffer; data: Buffer; tag: Buffer } {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad(context));
  const data = Buffer.concat([cipher.update(plain), cipher.final()]);
  return { iv, data, tag: cipher.getAuthTag() };
}

/** The plain bytes; PersonalValueUnreadable when they do not decrypt with the key in this context. */
function decrypt(key: Buffer, { iv, data, tag }: { iv: Buffer; data: Buffer; tag: Buffer }, context: SealContext): Buffer {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(aad(context));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(data), decipher.final()]);
  } catch {
    throw new PersonalValueUnreadable(context);
  }
}

export function seal(key: Buffer, value: unknown, context: SealContext): SealedValue {
  const { iv, data, tag } = encrypt(key, Buffer.from(JSON.stringify(value), 'utf8'), context);
  return { enc: 'v1', iv: iv.toString('base64'), data: data.toString('base64'), tag: tag.toString('base64') };
}

/** A sealed value that does not decrypt with the customer's key: altered, or moved from elsewhere. */
export class PersonalValueUnreadable extends Error {
  constructor(context: SealContext) {
    super(`the ${context.field} of customer ${context.customerId} (tenant ${context.tenant}) does not decrypt with the customer's key`);
    this.name = 'PersonalValueUnreadable';
  }
}

export function unseal(key: Buffer, sealed: SealedValue, context: SealContext): unknown {
  const text = decrypt(key, { iv: Buffer.from(sealed.iv, 'base64'), data: Buffer.from(sealed.data, 'base64'), tag: Buffer.from(sealed.tag, 'base64') }, context).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new PersonalValueUnreadable(context);
  }
}

/**
 * Bytes sealed as values are (AES-256-GCM, a fresh IV, bound to tenant, customer and field), in one
 * buffer: IV (12 bytes), tag (16), then the ciphertext. For what is kept whole rather than field by
 * field: a snapshot of the customer's state.
 */
export function sealBytes(key: Buffer, bytes: Buffer, context: SealContext): Buffer {
  const { iv, data, tag } = encrypt(key, bytes, context);
  return Buffer.concat([iv, tag, data]);
}

export function unsealBytes(key: Buffer, sealed: Buffer, context: SealContext): Buffer {
  return decrypt(key, { iv: sealed.subarray(0, 12), tag: sealed.subarray(12, 28), data: sealed.subarray(28) }, context);
}
