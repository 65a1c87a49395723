// Files to attach (scanned letters, photos, evidence): each is uploaded as soon as it is chosen
// (POST /api/v1/attachments) and its id joins the form's attachmentIds; the submission or action that
// names them attaches them to the case. A form control: value and onChange come from Form.Item.
import { useState } from 'react';
import { Button, Upload, type UploadFile } from 'antd';
import { useTranslation } from 'react-i18next';
import { uploadAttachment } from '../api/client';

/** What the API takes (it recognises the type from the content and refuses a mismatch). */
export const ACCEPTED_FILES = '.pdf,.jpg,.jpeg,.png,.tif,.tiff,.txt,.docx,application/pdf,image/jpeg,image/png,image/tiff,text/plain,application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const MAX_FILES = 20;

interface Props { id?: string; value?: string[]; onChange?: (ids: string[]) => void }

export function AttachmentUpload({ id, onChange }: Props) {
  const { t } = useTranslation();
  const [files, setFiles] = useState<UploadFile<{ id: string }>[]>([]);
  const idsOf = (list: UploadFile<{ id: string }>[]) => list.filter((f) => f.status === 'done' && f.response).map((f) => f.response!.id);

  return (
    <Upload<{ id: string }>
      id={id}
      multiple
      accept={ACCEPTED_FILES}
      maxCount={MAX_FILES}
      fileList={files}
      customRequest={({ file, onSuccess, onError }) => {
        uploadAttachment(file as File).then((a) => onSuccess?.({ id: a.id }), (e: Error) => onError?.(e));
      }}
      onChange={({ fileList }) => {
        setFiles(fileList);
        onChange?.(idsOf(fileList));
      }}
      // A refused file keeps its place in the list with the API's reason (type, size) under its name.
      itemRender={(node, file) => (
        <div data-upload-status={file.status}>
          {node}
          {file.status === 'error' && <div role="alert" className="upload-error">{(file.error as Error | undefined)?.message}</div>}
        </div>
      )}
    >
      <Button data-testid="attach-files">{t('attachments.choose')}</Button>
    </Upload>
  );
}
