/**
 * SageMaker's RecordIO-protobuf format: `aialgs.data.Record` messages in MXNet RecordIO framing.
 * Errors are PlatformErrors with code 'invalid_argument' (bad input) and, from readRecordIO, a
 * message naming the file, record index and byte offset.
 */
export { frameRecord, recordEnds } from './framing.js';
export { decodeRecord } from './record-decoder.js';
export { encodeRecord } from './record-encoder.js';
export { type RecordJson, recordFromJson, recordToJson, type TensorJson } from './record-json.js';
export { decodeRecordIO, readRecordIO } from './recordio-reader.js';
export { encodeRecordIO, type RecordIOSink, RecordIOWriter } from './recordio-writer.js';
export type {
  ReadRecordIOOptions,
  RecordIORecord,
  RecordIOWriterOptions,
  Tensor,
  TensorType,
} from './types.js';
