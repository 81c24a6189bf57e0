/** Loopback only: a preview of a site is for this machine. */
export const PREVIEW_HOST = "127.0.0.1";
