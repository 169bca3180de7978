// One material of a guide's checklist: the person picks a file, the platform registers it and hands out a presigned
// URL, and the browser sends the file straight to object storage. A native file input keeps it usable by keyboard.
import { Flex, Tag, Typography } from 'antd';
import { useId, useState } from 'react';
import { ApiError } from '../../../shared/api/client.ts';
import { type MATERIAL_CONTENT_TYPES, MAX_MATERIAL_BYTES } from '../../../shared/materials/limits.ts';
import { api } from '../api.ts';
import { TAG_COLOURS } from '../labels.ts';
import { nextStepOf } from './refusal.tsx';

type ContentType = (typeof MATERIAL_CONTENT_TYPES)[number];

/** Browsers name no type for OFD and sometimes none for scans: the extension decides. */
const TYPES_BY_EXTENSION: Record<string, ContentType> = {
  pdf: 'application/pdf',
  ofd: 'application/ofd',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
};

export interface UploadedMaterial {
  id: string;
  fileName: string;
}

type State =
  | { kind: 'empty' }
  | { kind: 'uploading'; fileName: string }
  | { kind: 'done'; material: UploadedMaterial }
  | { kind: 'failed'; message: string };

async function upload(
  token: string,
  materialName: string,
  file: File,
  onBehalfOf: string | undefined,
): Promise<UploadedMaterial> {
  const extension = file.name.split('.').pop()?.toLowerCase() ?? '';
  const contentType = TYPES_BY_EXTENSION[extension];
  if (!contentType) throw new Error('只能上传 PDF、OFD、JPG 或 PNG 文件');
  if (file.size > MAX_MATERIAL_BYTES) throw new Error('单个材料不得超过 20 MB，请压缩或分页扫描后再传');
  const registered = await api.call(
    'POST /materials',
    {
      body: {
        fileName: file.name,
        contentType,
        sizeBytes: file.size,
        materialName,
        ...(onBehalfOf ? { onBehalfOf } : {}),
      },
    },
    token,
  );
  const stored = await fetch(registered.upload.url, {
    method: registered.upload.method,
    headers: registered.upload.headers,
    body: file,
  }).catch(() => {
    // The browser says only "Failed to fetch" for a network break or a refused origin; say it in Chinese.
    throw new Error('文件没有传上：网络不通或被拦截，请检查网络后重新选择上传；仍不行请联系政务服务中心');
  });
  if (!stored.ok) throw new Error(`文件没有存上（${stored.status}），请重新选择上传`);
  return { id: registered.id, fileName: file.name };
}

export function MaterialUpload(props: {
  token: string;
  name: string;
  required: boolean;
  /** The enterprise window staff upload for at the counter (一窗受理); absent when the enterprise uploads its own. */
  onBehalfOf?: string | undefined;
  onUploaded: (material: UploadedMaterial | undefined) => void;
}) {
  const inputId = useId();
  const [state, setState] = useState<State>({ kind: 'empty' });
  const choose = async (file: File | undefined) => {
    if (!file) return;
    setState({ kind: 'uploading', fileName: file.name });
    props.onUploaded(undefined);
    try {
      const material = await upload(props.token, props.name, file, props.onBehalfOf);
      setState({ kind: 'done', material });
      props.onUploaded(material);
    } catch (error) {
      const message =
        error instanceof ApiError ? `${error.message}。${nextStepOf(error)}` : (error as Error).message;
      setState({ kind: 'failed', message });
    }
  };
  return (
    <Flex vertical gap={4} className="material">
      <Flex gap={8} wrap align="center">
        <Typography.Text strong>{props.name}</Typography.Text>
        {props.required ? <Tag color={TAG_COLOURS.red}>必交</Tag> : <Tag>如有请交</Tag>}
      </Flex>
      <Flex gap={12} wrap align="center">
        <input
          id={inputId}
          className="file-input"
          type="file"
          accept=".pdf,.ofd,.jpg,.jpeg,.png"
          aria-label={`上传：${props.name}`}
          onChange={(event) => void choose(event.target.files?.[0])}
        />
        <label htmlFor={inputId} className="file-button">
          {state.kind === 'done' ? '重新选择' : '选择文件'}
        </label>
        <span aria-live="polite">
          {state.kind === 'empty' ? <Typography.Text type="secondary">尚未上传</Typography.Text> : null}
          {state.kind === 'uploading' ? <Typography.Text>正在上传 {state.fileName}……</Typography.Text> : null}
          {state.kind === 'done' ? (
            <Typography.Text type="success">✓ 已上传：{state.material.fileName}</Typography.Text>
          ) : null}
          {state.kind === 'failed' ? (
            <Typography.Text type="danger">✗ {state.message}</Typography.Text>
          ) : null}
        </span>
      </Flex>
    </Flex>
  );
}
