// Renders /openapi.yaml with the vendored Swagger UI (swagger-ui-dist, see vendor/swagger-ui/).
// A file of its own, not inline: the page's Content-Security-Policy allows only scripts from 'self'.
window.addEventListener('DOMContentLoaded', () => {
  window.ui = window.SwaggerUIBundle({
    url: '/openapi.yaml',
    dom_id: '#api-description',
    deepLinking: true,
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
    // Never send the document to an online validator; the tests validate it.
    validatorUrl: null,
    defaultModelsExpandDepth: 0,
  });
});
