export * from './app-config';
export * from './config.module';
export { AdapterChoices } from './adapter-choices';
export { ConfigError, loadConfig, loadConfigOrExit, type ConfigProblem } from './load-config';
export { parseByteSize } from './byte-size';
export { parseDurationMs } from './duration';
export { projectPath } from './project-path';
export { StartupError, redactUrl } from './startup-error';
export type { ScriptedHosts } from './scripted-hosts';
