// @fastify/multipart answers every limit with 413, a form with two files as much as a file too big
// (issue 11 item 7: two small files answered 文件过大). One mapping for every upload route and the
// error handler: only a file over its size is 413.
import { AppError, badRequest } from './errors.js';

/**
 * The answer for a multipart limit error, or null when the error is not one. `tooLarge` is the
 * route's own 413 for a file over its size (it knows the limit).
 */
export function multipartError(err: unknown, tooLarge?: () => AppError): AppError | null {
  const code = (err as { code?: string } | null)?.code;
  switch (code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return tooLarge ? tooLarge() : new AppError(413, 'PAYLOAD_TOO_LARGE', '文件过大，请压缩或拆分后重新上传');
    case 'FST_FILES_LIMIT':
      return badRequest('FILE_ONE_AT_A_TIME', '一次只能上传一个文件，请分别上传', [{ field: 'file', label: '文件', message: '一次只能上传一个文件' }]);
    case 'FST_FIELDS_LIMIT':
    case 'FST_PARTS_LIMIT':
      return badRequest('FORM_TOO_MANY_FIELDS', '表单字段过多，请只提交文件和所需的字段');
    case 'FST_PROTO_VIOLATION':
      return badRequest('FORM_BAD_FIELD', '表单字段名无效');
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return badRequest('FORM_NOT_MULTIPART', '请以表单（multipart/form-data）上传文件');
    case 'FST_MP_PREMATURE_CLOSE':
      return badRequest('FORM_INCOMPLETE', '上传的内容不完整，请重新上传');
    default:
      return null;
  }
}
