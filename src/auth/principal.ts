/** Who makes a request. Users and access keys come later; the seam exists now. */
export interface Principal {
  readonly id: string;
  readonly type: 'admin' | 'user' | 'system';
}

/** The principal of every request in the embedded default (loopback, no token). */
export const LOCAL_ADMIN: Principal = Object.freeze({ id: 'local-admin', type: 'admin' });
/** The principal when the admin token authenticated the request. */
export const TOKEN_ADMIN: Principal = Object.freeze({ id: 'admin', type: 'admin' });
/** Work Kelp does by itself (recovery, schedules). */
export const SYSTEM: Principal = Object.freeze({ id: 'system', type: 'system' });
