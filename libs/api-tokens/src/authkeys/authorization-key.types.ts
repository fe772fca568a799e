/** What a listing shows of an authorization key: everything but the secret. */
export interface AuthorizationKeyView {
  readonly id: string;
  readonly owner: string;
  /** Normalized address or CIDR range the key may be used from. */
  readonly ip: string;
  readonly service: string;
  readonly privileges: readonly string[];
  readonly createdAt: Date;
  readonly lastUsedAt: Date | null;
  readonly lastUsedIp: string | null;
}

export interface CreateAuthorizationKeyInput {
  /** IPv4 or IPv6 address or CIDR range; `::ffff:a.b.c.d` is the IPv4 address a.b.c.d. */
  readonly ip: unknown;
  /** 1–64 characters of A-Z a-z 0-9 . _ - */
  readonly service: unknown;
  /** Non-empty list of privilege ids the creator holds. */
  readonly privileges: unknown;
}

/** The create (or registration) response: the only time the plaintext key exists outside the client. */
export interface CreatedAuthorizationKey {
  readonly key: string;
  readonly item: AuthorizationKeyView;
}
