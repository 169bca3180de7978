// What a material may be, on its own so the web app checks a file before uploading without loading the schemas.

/** PDF, OFD (China's standard e-document format) and the usual scans. */
export const MATERIAL_CONTENT_TYPES = [
  'application/pdf',
  'application/ofd',
  'image/jpeg',
  'image/png',
] as const;
export const MAX_MATERIAL_BYTES = 20 * 1024 * 1024;
