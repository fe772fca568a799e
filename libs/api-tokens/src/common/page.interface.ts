/** One page of a listing. */
export interface Page<T> {
  readonly items: T[];
  readonly total: number;
  /** 1-based. */
  readonly page: number;
  readonly pageSize: number;
}

export const MAX_PAGE_SIZE = 500;

/** Checks paging input from an untrusted source. */
export function pageWindow(page: unknown, pageSize: unknown, defaultSize = 20): { page: number; pageSize: number } {
  const p = page === undefined ? 1 : Number(page);
  const s = pageSize === undefined ? defaultSize : Number(pageSize);
  return {
    page: Number.isInteger(p) && p >= 1 && p <= 1_000_000 ? p : 1,
    pageSize: Number.isInteger(s) && s >= 1 ? Math.min(s, MAX_PAGE_SIZE) : defaultSize,
  };
}
