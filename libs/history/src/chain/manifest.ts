import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';
import { canonicalJson } from './canonical-json.js';
import type { ChainHead } from './event-digest.js';

/** What an audit export manifest states about the exported file. */
export interface ManifestFields {
  readonly tenant: string;
  /** RFC 3339. */
  readonly exportedAt: string;
  /** The exported range (RFC 3339), when the export had one. */
  readonly from?: string;
  readonly to?: string;
  /** Events in the file. */
  readonly events: number;
  readonly format: 'ndjson' | 'csv';
  /** SHA-256 (hex) of the exported bytes. */
  readonly sha256: string;
  /** The tenant's chain head when exported: pins the history outside this machine. */
  readonly chainHead?: ChainHead;
}

export interface SignedManifest extends ManifestFields {
  readonly algorithm: 'Ed25519';
  /** `signingKeyId` of the key that signed: which key to verify with, after a rotation. */
  readonly keyId: string;
  /** Base64 Ed25519 signature over the canonical JSON of every other member. */
  readonly signature: string;
}

export interface SigningKeyPair {
  readonly publicKeyPem: string;
  readonly privateKeyPem: string;
}

/**
 * Signs an export manifest. The signature covers `algorithm` and `keyId` as well as the fields,
 * so none of them can be swapped without it failing.
 */
export function signManifest(fields: ManifestFields, privateKeyPem: string): SignedManifest {
  const privateKey = ed25519Key(createPrivateKey(privateKeyPem));
  const unsigned = {
    ...fields,
    algorithm: 'Ed25519' as const,
    keyId: keyIdOf(createPublicKey(privateKey)),
  };
  const signature = sign(null, Buffer.from(canonicalJson(unsigned)), privateKey);
  return { ...unsigned, signature: signature.toString('base64') };
}

/**
 * True when `manifest` was signed by the private half of `publicKeyPem` and no member changed
 * since. A key that is not Ed25519 is a configuration error, and throws.
 */
export function verifyManifest(manifest: SignedManifest, publicKeyPem: string): boolean {
  const publicKey = ed25519Key(createPublicKey(publicKeyPem));
  const { signature, ...signed } = manifest;
  if (signed.algorithm !== 'Ed25519' || signed.keyId !== keyIdOf(publicKey)) return false;
  if (typeof signature !== 'string') return false;
  const bytes = Buffer.from(signature, 'base64');
  // Base64 decoding skips stray characters; only the exact encoding counts as this signature.
  if (bytes.toString('base64') !== signature) return false;
  return verify(null, Buffer.from(canonicalJson(signed)), publicKey, bytes);
}

/** First 16 hex chars of the SHA-256 of the public key's DER (SPKI) encoding. */
export function signingKeyId(publicKeyPem: string): string {
  return keyIdOf(ed25519Key(createPublicKey(publicKeyPem)));
}

/** A fresh Ed25519 key pair in PEM (SPKI public, PKCS#8 private), for tests and key set-up. */
export function generateSigningKeyPair(): SigningKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519', {
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { publicKeyPem: publicKey, privateKeyPem: privateKey };
}

function keyIdOf(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex').slice(0, 16);
}

function ed25519Key(key: KeyObject): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new Error(
      `Export manifests are signed with Ed25519, but the key given is ${key.asymmetricKeyType ?? 'not an asymmetric key'}`,
    );
  }
  return key;
}
