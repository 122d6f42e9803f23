import { createHash, randomBytes } from 'node:crypto';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import type { DataSource } from 'typeorm';
import { ApiKey } from '../domain/access/api-key.entity';
import { unauthenticated } from './errors';

export enum Role {
  ADMIN = 'ADMIN',
  COUNSELLOR = 'COUNSELLOR',
  ENTERPRISE = 'ENTERPRISE',
  PROVIDER = 'PROVIDER',
  AGENCY = 'AGENCY',
  SEEKER = 'SEEKER',
}

export interface Principal {
  subject: string;
  role: Role;
  /** Region the principal acts in; covers every region below it. */
  regionCode?: string;
  enterpriseId?: string;
  providerId?: string;
  agency?: string;
  seekerId?: string;
  authenticatedBy: 'TOKEN' | 'API_KEY';
}

const ISSUER = 'skills-match';

export type TokenClaims = ScopeClaims & { subject: string };

/**
 * HS256 token with the scope claims the CLI's flags name (`region`, `enterprise`, …). `expiresIn` is a
 * duration such as `'12h'`; a number is an absolute Unix time (jose's convention).
 */
export async function signToken(secret: string | Uint8Array, claims: TokenClaims, expiresIn: string | number = '12h', issuer = ISSUER): Promise<string> {
  const { subject, ...scope } = claims;
  const payload = Object.fromEntries(Object.entries(scope).filter(([, v]) => v !== undefined));
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(subject)
    .setIssuer(issuer)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(typeof secret === 'string' ? new TextEncoder().encode(secret) : secret);
}

/** Claims beyond the registered ones, named as the CLI's flags. */
interface ScopeClaims {
  role: Role;
  region?: string;
  enterprise?: string;
  provider?: string;
  agency?: string;
  seeker?: string;
}

/** Verified tokens remembered at most; the oldest is forgotten first. */
const VERIFIED_TOKENS_KEPT = 10_000;

export class Authenticator {
  private readonly secret?: Uint8Array;
  private readonly jwks?: ReturnType<typeof createRemoteJWKSet>;

  constructor(
    private readonly dataSource: DataSource,
    options: { secret?: string; jwksUrl?: string; issuer?: string; audience?: string },
    private readonly verifyOptions = { issuer: options.issuer, audience: options.audience },
  ) {
    if (options.secret) this.secret = new TextEncoder().encode(options.secret);
    if (options.jwksUrl) this.jwks = createRemoteJWKSet(new URL(options.jwksUrl));
  }

  async sign(claims: TokenClaims, expiresIn: string | number = '12h'): Promise<string> {
    if (!this.secret) throw new Error('No AUTH_SECRET configured: tokens come from the external identity provider');
    return signToken(this.secret, claims, expiresIn, this.verifyOptions.issuer);
  }

  /** The principal for a request's headers; undefined when anonymous; throws UNAUTHENTICATED on bad credentials. */
  async authenticate(authorization: string | undefined, apiKey: string | undefined): Promise<Principal | undefined> {
    if (authorization) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
      if (!match) throw unauthenticated('Authorization header must be "Bearer <token>"');
      return this.fromToken(match[1]);
    }
    if (apiKey) return this.fromApiKey(apiKey);
    return undefined;
  }

  /**
   * Tokens already verified, until they expire: a client sends the same token with every request,
   * and checking its signature each time cost a measurable share of a request's CPU. The key is the
   * whole token, signature included, so only the exact bytes that verified ever hit.
   */
  private readonly verified = new Map<string, { principal: Principal; expiresAtMs: number }>();

  private async fromToken(token: string): Promise<Principal> {
    const known = this.verified.get(token);
    if (known && known.expiresAtMs > Date.now()) return known.principal;
    if (known) this.verified.delete(token);
    const principal = await this.verifyToken(token);
    if (this.verified.size >= VERIFIED_TOKENS_KEPT) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, { principal, expiresAtMs: principal.expiresAt * 1000 });
    return principal;
  }

  private async verifyToken(token: string): Promise<Principal & { expiresAt: number }> {
    let payload: JWTPayload;
    try {
      if (token.split('.').length !== 3) throw new joseErrors.JWSInvalid('not a JWT');
      const header = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString('utf8')) as { alg?: string };
      const options = { issuer: this.verifyOptions.issuer ?? (header.alg === 'HS256' ? ISSUER : undefined), audience: this.verifyOptions.audience };
      if (header.alg === 'HS256' && this.secret) {
        ({ payload } = await jwtVerify(token, this.secret, { ...options, algorithms: ['HS256'], requiredClaims: ['exp'] }));
      } else if (this.jwks && header.alg !== 'HS256') {
        ({ payload } = await jwtVerify(token, this.jwks, { ...options, requiredClaims: ['exp'] }));
      } else {
        throw new joseErrors.JOSEAlgNotAllowed(`algorithm ${header.alg} not accepted`);
      }
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired) throw unauthenticated('Token has expired');
      throw unauthenticated('Token is invalid');
    }
    const role = payload.role as Role;
    if (!Object.values(Role).includes(role) || !payload.sub) throw unauthenticated('Token carries no known role or subject');
    const claim = (name: keyof ScopeClaims) => (typeof payload[name] === 'string' ? (payload[name] as string) : undefined);
    return {
      subject: payload.sub,
      role,
      regionCode: claim('region'),
      enterpriseId: claim('enterprise'),
      providerId: claim('provider'),
      agency: claim('agency'),
      seekerId: claim('seeker'),
      authenticatedBy: 'TOKEN',
      expiresAt: payload.exp!,
    };
  }

  private async fromApiKey(key: string): Promise<Principal> {
    const found = await this.dataSource.getRepository(ApiKey).findOneBy({ keyHash: hashApiKey(key) });
    if (!found || found.revokedAt) throw unauthenticated('API key is invalid or revoked');
    return {
      subject: `api-key:${found.prefix}`,
      role: Role.AGENCY,
      regionCode: found.regionCode,
      agency: found.agency,
      authenticatedBy: 'API_KEY',
    };
  }
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function generateApiKey(): { key: string; prefix: string; hash: string } {
  const key = `smk_${randomBytes(24).toString('base64url')}`;
  return { key, prefix: key.slice(0, 10), hash: hashApiKey(key) };
}

/**
 * GB/T 2260 nests by prefix: a province `21xxxx` covers `21....`, a prefecture `2102xx` covers
 * `2102..`; a county covers only itself. This is the prefix every region at or below `code` shares.
 */
export function regionPrefix(code: string): string {
  if (code.endsWith('0000')) return code.slice(0, 2);
  if (code.endsWith('00')) return code.slice(0, 4);
  return code;
}

/**
 * The codes at or below `code` as a half-open range of six-digit codes (`210200` → [`210200`,
 * `210300`)): a bound range, unlike `LIKE $1`, stays an index range in a prepared statement's generic plan.
 */
export function regionRange(code: string): [string, string] {
  const prefix = regionPrefix(code);
  const next = String(Number(prefix) + 1).padStart(prefix.length, '0');
  return [prefix.padEnd(6, '0'), next.padEnd(6, '0')];
}

export function regionCovers(scope: string, code: string): boolean {
  if (!/^\d{6}$/.test(scope) || !/^\d{6}$/.test(code)) return false;
  return code.startsWith(regionPrefix(scope));
}
