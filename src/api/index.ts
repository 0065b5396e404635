export { type BuildServerOptions, buildServer, checkBind } from './server.js';
export { DEFAULT_WEB_DIST } from './web-static.js';
