// Bank files' bytes in S3 (fauxqs serves the same API locally): payment files under outbox/, the bank's under inbox/.
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { tracer } from '../observability.ts';
import type { BankFileObjects } from './bank-files.ts';

export function s3BankFileObjects(bucket: string): BankFileObjects {
  const s3 = tracer.captureAWSv3Client(
    // A local endpoint is an IP address, which only path-style URLs can address.
    new S3Client({ forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3) }),
  );
  return {
    async put(key, bytes, contentType) {
      await s3.send(
        new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes, ContentType: contentType }),
      );
    },
    async get(key) {
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return (await object.Body?.transformToByteArray()) ?? new Uint8Array();
    },
  };
}
