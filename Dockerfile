# One image for the worker and the API: docker-compose.yml runs it twice with a different command.
# Debian-based (glibc): the Temporal worker's native core ships prebuilt for glibc, not musl.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# Production dependencies only; tsx (a dependency) runs the TypeScript sources as they are.
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY . .
# The workflow bundle, built once into the image: the worker loads it instead of bundling at start.
RUN node --import tsx scripts/build-workflows.ts
USER node
EXPOSE 3000
# `node --import tsx`: one process, so SIGTERM from `docker stop` reaches the program itself.
CMD ["node", "--import", "tsx", "server.ts"]
