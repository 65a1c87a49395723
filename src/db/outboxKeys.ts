// The notices outbox (Notification) holds what workflows emitted (key: petition id + event sequence +
// recipient + kind), and a few notices the API sends itself, such as a query code sent again on request.
// Those carry this prefix: reconciliation compares only the workflow's notices with its history.
export const API_NOTICE_KEY_PREFIX = 'api:';

export const isApiNotice = (key: string): boolean => key.startsWith(API_NOTICE_KEY_PREFIX);
