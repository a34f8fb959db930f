// The split suite runs nginx exactly as `npm run start:split` does: one runner, in tools/split.
export {
  Nginx,
  NGINX_TEMPLATE,
  renderTemplate,
  type NginxVariables,
} from '../../tools/split/nginx';
