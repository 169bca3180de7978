// Money is kept in integer fen everywhere; people read it in yuan, with two decimals.

/** 12345 fen → "123.45" (yuan). */
export const yuan = (fen: number): string => (fen / 100).toFixed(2);
