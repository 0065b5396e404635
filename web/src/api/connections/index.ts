export {
  type Connection,
  type ConnectionEngine,
  type CreateConnectionBody,
  connectionsApi,
  DEFAULT_PORTS,
} from './connections-api.js';
export {
  connectionKeys,
  useConnections,
  useCreateConnection,
  useDeleteConnection,
  useTestConnection,
} from './hooks.js';
