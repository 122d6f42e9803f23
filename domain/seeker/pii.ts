import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Protection of a job seeker's personal data (DOMAIN rule 3). One 32-byte master key (PII_KEY) is
 * stretched with HKDF into an encryption key and an HMAC key, so a leaked look-up hash never helps
 * against the ciphertexts and either purpose can be rotated on its own later.
 */
export interface PiiKeys {
  encryption: Buffer;
  hmac: Buffer;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;
const VERSION = 1;

/** The 32-byte key from base64, base64url or hex; null when it is neither or not 32 bytes. */
export function parsePiiKey(raw: string): Buffer | null {
  const text = raw.trim();
  const bytes = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : /^[A-Za-z0-9+/_-]+={0,2}$/.test(text) ? Buffer.from(text, 'base64') : null;
  return bytes && bytes.length === 32 ? bytes : null;
}

export function derivePiiKeys(master: Buffer): PiiKeys {
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), info, 32));
  return { encryption: derive('skills-match/pii/aes-256-gcm'), hmac: derive('skills-match/pii/hmac-sha256') };
}

/** AES-256-GCM with a fresh IV per value: `version ‖ iv ‖ tag ‖ ciphertext`, so equal values never look equal at rest. */
export function encryptPii(keys: PiiKeys, plaintext: string): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keys.encryption, iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
}

/** Throws when the value was altered or sealed with another key (GCM authenticates it). */
export function decryptPii(keys: PiiKeys, sealed: Buffer): string {
  if (sealed.length < 1 + IV_BYTES + TAG_BYTES || sealed[0] !== VERSION) throw new Error('not a sealed personal-data value');
  const iv = sealed.subarray(1, 1 + IV_BYTES);
  const tag = sealed.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', keys.encryption, iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(sealed.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
}

/**
 * Keyed hash for uniqueness and exact look-up. Keyed, not a plain SHA-256: identity numbers and
 * phones are so few that an unkeyed hash is reversed by enumeration. `kind` separates the domains
 * so a phone never matches an identity number's hash.
 */
export function piiHash(keys: PiiKeys, kind: 'idNumber' | 'phone' | 'name', normalised: string): Buffer {
  return createHmac('sha256', keys.hmac).update(`${kind}\u0000${normalised}`).digest();
}

/** `2102**********123X`: first 4 and last 4 characters. */
export function maskIdNumber(idNumber: string): string {
  if (idNumber.length <= 8) return '*'.repeat(idNumber.length);
  return idNumber.slice(0, 4) + '*'.repeat(idNumber.length - 8) + idNumber.slice(-4);
}

/** `138****5678`: first 3 and last 4 digits. */
export function maskPhone(phone: string): string {
  if (phone.length <= 7) return '*'.repeat(phone.length);
  return phone.slice(0, 3) + '*'.repeat(phone.length - 7) + phone.slice(-4);
}
