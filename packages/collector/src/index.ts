import { app } from './app';
import { setLogLevel } from './logger';
import type { AppEnv } from './types';

type Bindings = AppEnv['Bindings'];

export default {
  fetch(request, env, ctx) {
    setLogLevel(env.LOG_LEVEL);
    return app.fetch(request, env, ctx);
  },
} satisfies ExportedHandler<Bindings>;
