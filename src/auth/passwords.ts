import { hash, verify } from '@node-rs/argon2';

/** `Algorithm.Argon2id` of @node-rs/argon2 (a const enum, which isolated modules cannot import). */
const ARGON2ID = 2;

/** OWASP Password Storage Cheat Sheet: Argon2id, 19 MiB, 2 iterations, 1 lane. */
export interface Argon2Params {
  readonly memoryCost: number;
  readonly timeCost: number;
  readonly parallelism: number;
}

export const OWASP_ARGON2: Argon2Params = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const PASSWORD_MIN_LENGTH = 8;
/** Bounds hashing work per request; far above any real passphrase. */
export const PASSWORD_MAX_LENGTH = 256;

export class PasswordHasher {
  /** A hash of a random password, verified against when the email is unknown so both paths take as long. */
  private readonly decoy: Promise<string>;

  constructor(readonly params: Argon2Params = OWASP_ARGON2) {
    this.decoy = this.hash(`decoy-${Math.random()}`);
  }

  hash(password: string): Promise<string> {
    return hash(password, { algorithm: ARGON2ID, ...this.params });
  }

  async verify(storedHash: string, password: string): Promise<boolean> {
    try {
      return await verify(storedHash, password);
    } catch {
      return false;
    }
  }

  /** Spends the same time as a real verification, for unknown accounts. */
  async verifyDecoy(password: string): Promise<void> {
    await this.verify(await this.decoy, password);
  }

  /** True when the stored hash was made with other parameters (or another algorithm). */
  needsRehash(storedHash: string): boolean {
    const match = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(storedHash);
    if (!match) return true;
    const [, m, t, p] = match.map(Number);
    return m !== this.params.memoryCost || t !== this.params.timeCost || p !== this.params.parallelism;
  }
}
