import {
  createCipheriv,
  createDecipheriv,
  createSecretKey,
  type KeyObject,
  randomBytes,
} from 'node:crypto';

/**
 * How sealed personal fields are stored in an event's data, in place of the fields themselves:
 * AES-256-GCM under the subject's key. The names of the sealed fields stay readable (they say
 * what was recorded, not about whom). The additional data binds the ciphertext to its event and
 * subject, so it cannot be moved to another event unnoticed.
 */
export interface SealedFields {
  readonly alg: 'A256GCM';
  readonly subject: string;
  readonly fields: readonly string[];
  /** Base64 of the 96-bit nonce. */
  readonly iv: string;
  /** Base64 of the ciphertext of the fields' JSON, followed by the 128-bit tag. */
  readonly ciphertext: string;
}

/** The data field that holds the sealed fields. No event of this service has a field so named. */
export const SEALED_FIELD = 'sealed';

const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface SealingContext {
  readonly eventId: string;
  readonly eventType: string;
  readonly subject: string;
}

export function sealFields(
  values: { readonly [field: string]: unknown },
  key: KeyObject,
  context: SealingContext,
): SealedFields {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(additionalData(context));
  const ciphertext = Buffer.concat([
    cipher.update(JSON.stringify(values), 'utf8'),
    cipher.final(),
    cipher.getAuthTag(),
  ]);
  return {
    alg: 'A256GCM',
    subject: context.subject,
    fields: Object.keys(values),
    iv: iv.toString('base64'),
    ciphertext: ciphertext.toString('base64'),
  };
}

/** The sealed values; throws when the key, the event or the bytes are not the ones sealed. */
export function openFields(
  sealed: SealedFields,
  key: KeyObject,
  context: SealingContext,
): { readonly [field: string]: unknown } {
  const bytes = Buffer.from(sealed.ciphertext, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
  decipher.setAAD(additionalData(context));
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
  const json = Buffer.concat([
    decipher.update(bytes.subarray(0, bytes.length - TAG_BYTES)),
    decipher.final(),
  ]).toString('utf8');
  return JSON.parse(json) as { readonly [field: string]: unknown };
}

/** The sealed fields an event's data carry, if any. */
export function sealedFieldsIn(data: {
  readonly [key: string]: unknown;
}): SealedFields | undefined {
  const value = data[SEALED_FIELD];
  if (typeof value !== 'object' || value === null) return undefined;
  const sealed = value as Partial<SealedFields>;
  return sealed.alg === 'A256GCM' && typeof sealed.subject === 'string'
    ? (value as SealedFields)
    : undefined;
}

function additionalData({ eventId, eventType, subject }: SealingContext): Buffer {
  return Buffer.from(JSON.stringify([eventId, eventType, subject]), 'utf8');
}

/**
 * Key objects of raw keys, the most recent first out. Making one costs twice as much as sealing
 * with it, and each event is opened by several services. Only keys the key store has just given
 * out are looked up here, so an erased key is never used again; `clear` drops them all at once.
 */
export class KeyObjects {
  private readonly byKey = new Map<string, KeyObject>();

  constructor(private readonly capacity = 10_000) {}

  of(raw: Buffer): KeyObject {
    const id = raw.toString('base64');
    let keyObject = this.byKey.get(id);
    if (keyObject === undefined) {
      keyObject = createSecretKey(raw);
      if (this.byKey.size >= this.capacity) this.byKey.delete(this.byKey.keys().next().value!);
      this.byKey.set(id, keyObject);
    }
    return keyObject;
  }

  clear(): void {
    this.byKey.clear();
  }
}
