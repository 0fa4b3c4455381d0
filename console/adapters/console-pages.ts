import path from 'node:path';
import nunjucks from 'nunjucks';

/** Where the templates are, and where the DSFR's built files are served from (node_modules, no CDN). */
export const TEMPLATES_DIR = path.join(__dirname, '..', 'templates');
export const ASSETS_DIR = path.join(__dirname, '..', 'assets');
export const DSFR_DIST_DIR = path.join(path.dirname(require.resolve('@gouvfr/dsfr/package.json')), 'dist');
/** DSFR Chart's web components, all in one build (its package exports no package.json: its main file's folder). */
export const DSFR_CHART_DIST_DIR = path.dirname(require.resolve('@gouvfr/dsfr-chart'));

/**
 * Nunjucks, with every value escaped unless a template says otherwise (none does): pages are
 * built from view models, which hold text, never HTML.
 */
export function createPageRenderer() {
  const environment = new nunjucks.Environment(new nunjucks.FileSystemLoader(TEMPLATES_DIR), { autoescape: true, throwOnUndefined: false });
  return {
    render(template: string, context: Record<string, unknown>): string {
      return environment.render(`pages/${template}.njk`, context);
    },
  };
}

export type PageRenderer = ReturnType<typeof createPageRenderer>;
