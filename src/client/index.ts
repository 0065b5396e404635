export {
  type InvocationBody,
  type InvocationResponse,
  type JobStreamEvent,
  KelpApiError,
  KelpClient,
  type KelpClientOptions,
  type PutObjectOptions,
  type UploadBody,
} from './kelp-client.js';
export { parseSse, type SseEvent } from './sse.js';
