// Access to antd's message / notification / modal from outside React components (the query
// cache's error handler, the API's auth events). FeedbackHolder, rendered inside <App>, fills it.
import { App } from 'antd';
import { useEffect } from 'react';
import { ApiError } from './api.js';

type Feedback = ReturnType<typeof App.useApp>;
let feedback: Feedback | null = null;

export function FeedbackHolder() {
  const value = App.useApp();
  useEffect(() => {
    feedback = value;
  }, [value]);
  feedback = value;
  return null;
}

export function getFeedback(): Feedback {
  if (!feedback) throw new Error('FeedbackHolder is not mounted');
  return feedback;
}

/** The Chinese message for anything thrown. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  return '操作失败，请稍后重试';
}

/**
 * Shows an error as a message at the top. 401 and "password must be changed" are left to the
 * auth events, which redirect and say why.
 */
export function showError(err: unknown) {
  if (err instanceof ApiError && (err.status === 401 || err.code === 'PASSWORD_CHANGE_REQUIRED')) return;
  const text = errorMessage(err);
  feedback?.message.error({ content: text, key: text, duration: 5 });
}
