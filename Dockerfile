# Pixorly bots.
#   docker build -t pixorly .
#   docker run -d -p 3000:3000 -v pixorly-data:/data --env-file .env pixorly
# Built on the current Node LTS; the code also runs on Node 20.

FROM node:24-bookworm-slim AS build
# better-sqlite3 compiles from source when its prebuilt binary cannot be downloaded.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
# The install CI runs (.ci/run), then only the runtime dependencies stay (tsx is one of them).
RUN npm ci --no-audit --no-fund \
 && npm prune --omit=dev --no-audit --no-fund

FROM node:24-bookworm-slim
# Fonts for the local renderer's placeholder text and the usage chart's labels.
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# npm runs the start script through `sh -c`, and Debian's sh neither execs the command nor
# passes SIGTERM on, so `docker stop` would kill the product without a graceful shutdown.
# bash execs a lone command, which leaves npm -> tsx -> node, each passing the signal on.
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
