// The peer of the SsoSuite benchmark: panva's oidc-provider configured like KaseyaOne for the scenarios
// both can serve: one client_credentials client, one code + PKCE client, an ES256 (P-256) key generated at
// start — the algorithm KaseyaOne signs with, so that both do the same work per token —
// the library's default in-memory adapter, loopback only. Like KaseyaOne's, its access tokens are signed
// JWTs (RFC 9068) that an API validates with the JWKS alone, through a default resource indicator; the
// library's own default would be opaque tokens kept in memory. Usage: node server.js <port>
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import Provider from 'oidc-provider';

const port = Number(process.argv[2] ?? process.env.PORT ?? 5300);
const secret = (name) => process.env[name] ?? randomBytes(32).toString('hex');

const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'bench-es256', alg: 'ES256', use: 'sig' };

const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [
    {
      client_id: process.env.PEER_CC_CLIENT_ID ?? 'bench-cc',
      client_secret: secret('PEER_CC_CLIENT_SECRET'),
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: 'ES256',
    },
    {
      client_id: process.env.PEER_WEB_CLIENT_ID ?? 'bench-web',
      client_secret: secret('PEER_WEB_CLIENT_SECRET'),
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: [process.env.PEER_WEB_REDIRECT_URI ?? 'http://127.0.0.1:9/callback'],
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: 'ES256',
    },
  ],
  jwks: { keys: [jwk] },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  features: {
    clientCredentials: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => 'urn:ssosuite:bench-api',
      useGrantedResource: () => true,
      getResourceServerInfo: () => ({
        scope: 'api',
        audience: 'urn:ssosuite:bench-api',
        accessTokenFormat: 'jwt',
        accessTokenTTL: 600,
        jwt: { sign: { alg: 'ES256' } },
      }),
    },
    devInteractions: { enabled: false },
    revocation: { enabled: true },
    userinfo: { enabled: true },
  },
  pkce: { required: () => true },
  scopes: ['openid', 'offline_access', 'profile', 'email'],
  ttl: { ClientCredentials: 600, AccessToken: 600, AuthorizationCode: 120, IdToken: 600, RefreshToken: 8 * 3600 },
});

const server = provider.listen(port, '127.0.0.1', () => console.log(`oidc-provider listening on http://127.0.0.1:${port}`));
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
