import type { HookApp } from "./hook-app";

/**
 * The apps this Worker serves, by number. A hook runs inside its session's Durable Object
 * (SessionStore), which the runtime creates from the same script as the Worker, not from the
 * Worker's objects: the request names the app by its number, and the object finds it here. The
 * script registers its apps at load, in the same order in every isolate, so a number means the
 * same app wherever the object runs.
 */
const apps: HookApp[] = [];

/** The app's number, registering it the first time. */
export function serveApp(app: HookApp): number {
  const known = apps.indexOf(app);
  return known >= 0 ? known : apps.push(app) - 1;
}

export function servedApp(id: number): HookApp {
  const app = apps[id];
  if (!app) throw new Error(`No hook app number ${id} in this isolate: apps are served with createApi(app) when the Worker's script loads`);
  return app;
}
