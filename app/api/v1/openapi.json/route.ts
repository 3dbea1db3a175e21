/**
 * GET /api/v1/openapi.json — the API's OpenAPI 3.1 description. Public, like any API reference:
 * it holds no data, and the platform's developers read it before they have a token.
 */
import { openApiDocument } from "@/lib/api-tokens/openapi";

export function GET(): Response {
  return Response.json(openApiDocument, { headers: { "Cache-Control": "public, max-age=3600" } });
}
