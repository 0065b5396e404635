/**
 * The media types of endpoint invocations, apart from the schemas so that model worker threads (and
 * the console) can read them without building every TypeBox schema.
 */

/** Content types an invocation accepts (SageMaker runtime names). */
export const INVOCATION_CONTENT_TYPES = [
  'text/csv',
  'application/json',
  'application/jsonlines',
  'application/x-recordio-protobuf',
] as const;

/**
 * Content types of responses (RecordIO requests are answered in JSON unless Accept says otherwise).
 * RecordIO responses hold one record per input row, its `label` map one tensor per output column.
 */
export const RESPONSE_CONTENT_TYPES = [
  'text/csv',
  'application/json',
  'application/jsonlines',
  'application/x-recordio-protobuf',
] as const;
