# Pixorly bots.
#   docker build -t pixorly .
#   docker run -d -p 3000:3000 -v pixorly-data:/data --env-file .env pixorly
# Node 24 LTS, the major CI tests on (scripts/use-node.sh). Node runs the TypeScript sources
# itself (type stripping): no build step, no transpiler in the image.

FROM node:24-bookworm-slim AS build
# better-sqlite3 compiles from source when its prebuilt binary cannot be downloaded.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
# The install CI runs (.ci/run), then only the runtime dependencies stay: no dev dependency
# (tsx, vitest, typescript...) reaches the final image.
RUN npm ci --no-audit --no-fund \
 && npm prune --omit=dev --no-audit --no-fund

FROM node:24-bookworm-slim
# Fonts for the local renderer's placeholder text and the usage chart's labels.
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# npm (PID 1) runs the start script `exec node ... bots/main.ts` through the script shell, which
# execs: node is PID 1's child, and npm passes `docker stop`'s SIGTERM straight on to it. bash as
# the script shell also execs a lone command, should the `exec` ever be dropped. `docker run
# --init` puts tini in front as PID 1 (reaps zombies); signals still reach node through npm.
ENV NODE_ENV=production \
    DATA_DIR=/data \
    PORT=3000 \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_SCRIPT_SHELL=/bin/bash
COPY --from=build /app/node_modules ./node_modules
COPY package.json package-lock.json tsconfig.json ./
COPY core ./core
COPY bots ./bots
COPY convex ./convex
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 3000
# No curl in the image: node asks /healthz (503 when the store or storage fails).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# The README's start command; with stdin closed (no `-it`) the product runs headless.
CMD ["npm", "start"]
