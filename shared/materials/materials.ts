// Application materials (申请材料): uploaded straight to object storage through presigned URLs, checked before use.
import * as z from 'zod';
import { DomainError } from '../errors.ts';
import { uscc } from '../uscc.ts';
import { plainText } from '../validation.ts';
import { MATERIAL_CONTENT_TYPES, MAX_MATERIAL_BYTES } from './limits.ts';

export { MATERIAL_CONTENT_TYPES, MAX_MATERIAL_BYTES };
export const UPLOAD_URL_SECONDS = 15 * 60;
/** Long enough to open a file from the list, short enough that a copied link soon stops working. */
export const DOWNLOAD_URL_SECONDS = 5 * 60;

export const materialBody = z.strictObject({
  fileName: plainText(
    z
      .string()
      .trim()
      .min(1)
      .max(200)
      .regex(/^[^/\\]+$/, '文件名不能包含路径'),
  ),
  contentType: z.enum(MATERIAL_CONTENT_TYPES),
  sizeBytes: z.number().int().positive().max(MAX_MATERIAL_BYTES, '单个材料不得超过 20 MB'),
  /** Which material of the guide this file is (申请表, 营业执照, …). */
  materialName: plainText(z.string().trim().min(1).max(100)).optional(),
  onBehalfOf: uscc.optional(),
});
export type MaterialBody = z.infer<typeof materialBody>;

export interface Material {
  id: string;
  uscc: string;
  fileName: string;
  contentType: (typeof MATERIAL_CONTENT_TYPES)[number];
  sizeBytes: number;
  materialName?: string;
  objectKey: string;
  uploadedBy: string;
  createdAt: string;
}

/** The object store, as a port: presigned uploads and a look at what actually arrived. */
export interface MaterialStore {
  presignUpload(material: Material): Promise<{ url: string; expiresAt: string }>;
  /** A link that opens the stored file in the browser, under its own name. */
  presignDownload(material: Material): Promise<{ url: string; expiresAt: string }>;
  /** What is stored under the key, or undefined when nothing was uploaded. */
  describe(objectKey: string): Promise<{ sizeBytes: number; contentType?: string } | undefined>;
}

const materialProblem = (index: number, code: string, message: string) =>
  new DomainError(code, 422, message, { fields: [{ field: `materialIds.${index}`, code, message }] });

/**
 * Every material a case cites must be the enterprise's own and arrived as declared; real S3 enforces the signed
 * length on upload, and this check holds wherever the store does not.
 */
export async function assertMaterialsReady(
  store: MaterialStore,
  find: (id: string) => Promise<Material | undefined>,
  enterprise: string,
  materialIds: string[],
): Promise<void> {
  for (const [index, id] of materialIds.entries()) {
    const material = await find(id);
    if (!material || material.uscc !== enterprise)
      throw materialProblem(index, 'MATERIAL_NOT_FOUND', '材料不存在或不属于该企业');
    const stored = await store.describe(material.objectKey);
    if (!stored) throw materialProblem(index, 'MATERIAL_NOT_UPLOADED', `材料“${material.fileName}”尚未上传`);
    if (stored.sizeBytes !== material.sizeBytes || stored.contentType !== material.contentType)
      throw materialProblem(
        index,
        'MATERIAL_MISMATCH',
        `材料“${material.fileName}”的大小或类型与申报不符，请重新上传`,
      );
  }
}
