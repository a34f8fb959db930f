# One image for the three services (each container runs its own npm script) and one nginx image
# with the web client. Build: docker compose build; see README "Run it split".

FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM deps AS build
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

# user-service, chat-service and mail-service: `npm run start:user|start:chat|start:mail`, the
# same commands the split e2e suite (npm run test:split) starts as processes.
FROM node:20-bookworm-slim AS service
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/libs/database/migrations ./libs/database/migrations
# Served beside Swagger UI (/docs/chat/realtime.md): the socket protocol its description links.
COPY --from=build /app/docs/realtime.md ./docs/realtime.md
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
CMD ["npm", "run", "start:chat"]

# The single origin: the built web client and deploy/nginx/chat.conf.template, whose ${...} the
# official image fills in from the container's environment at start.
FROM nginx:1.27-alpine AS web
COPY --from=build /app/apps/web/dist /usr/share/nginx/html
COPY deploy/nginx/chat.conf.template /etc/nginx/templates/default.conf.template
