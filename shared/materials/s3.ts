// The S3 adapter of the material store (fauxqs serves the same API locally).
import {
  GetObjectCommand,
  HeadObjectCommand,
  NotFound,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { tracer } from '../observability.ts';
import { DOWNLOAD_URL_SECONDS, type MaterialStore, UPLOAD_URL_SECONDS } from './materials.ts';

export function s3MaterialStore(bucket: string): MaterialStore {
  const s3 = tracer.captureAWSv3Client(
    new S3Client({
      // A local endpoint is an IP address, which only path-style URLs can address.
      forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3),
      // Otherwise the presigned URL carries the checksum of an empty body and S3 refuses the real upload.
      requestChecksumCalculation: 'WHEN_REQUIRED',
    }),
  );
  return {
    async presignUpload(material) {
      // Length and type are signed, so S3 refuses an upload other than the one declared.
      const url = await getSignedUrl(
        s3,
        new PutObjectCommand({
          Bucket: bucket,
          Key: material.objectKey,
          ContentType: material.contentType,
          ContentLength: material.sizeBytes,
        }),
        { expiresIn: UPLOAD_URL_SECONDS, signableHeaders: new Set(['content-type']) },
      );
      return { url, expiresAt: new Date(Date.now() + UPLOAD_URL_SECONDS * 1000).toISOString() };
    },
    async presignDownload(material) {
      const url = await getSignedUrl(
        s3,
        new GetObjectCommand({
          Bucket: bucket,
          Key: material.objectKey,
          ResponseContentType: material.contentType,
          ResponseContentDisposition: `inline; filename*=UTF-8''${encodeURIComponent(material.fileName)}`,
        }),
        { expiresIn: DOWNLOAD_URL_SECONDS },
      );
      return { url, expiresAt: new Date(Date.now() + DOWNLOAD_URL_SECONDS * 1000).toISOString() };
    },
    async describe(objectKey) {
      try {
        const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: objectKey }));
        return { sizeBytes: head.ContentLength ?? 0, contentType: head.ContentType };
      } catch (error) {
        if (error instanceof NotFound || (error as Error).name === 'NotFound') return undefined;
        throw error;
      }
    },
  };
}
