// An independent authorization server for helseid-auth's interop test: panva's oidc-provider,
// configured like HelseID (see shared research, helseid.md §9): private_key_jwt only, client
// credentials, DPoP with a server nonce always required, JWT access tokens bound with cnf.jkt,
// assertion `aud` must be the issuer, `typ: client-authentication+jwt`, exp at most 60 s after iat.
//
// Usage: OIDC_CLIENTS_FILE=clients.json node oidc-interop-server.mjs
//   clients.json: [{"client_id": "...", "jwks": [<public JWK>, ...], "dpop": true}, ...]
// It listens on 127.0.0.1 on a free port and prints `READY <port>` on stdout once it serves.
// Diagnostics go to stderr. It exits when stdin closes (the test process ended).

import { createServer } from 'node:http';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Provider, errors } from 'oidc-provider';

const clientsFile = process.env.OIDC_CLIENTS_FILE;
if (!clientsFile) {
  console.error('OIDC_CLIENTS_FILE is not set');
  process.exit(2);
}
const clients = JSON.parse(readFileSync(clientsFile, 'utf8'));

const ALGS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'];
const SCOPES = 'nhn:test-api/read nhn:test-api/write';
const ORGNR_PARENT = 'helseid://claims/client/claims/orgnr_parent';
const ORGNR_CHILD = 'helseid://claims/client/claims/orgnr_child';

const server = createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address();
const issuer = `http://127.0.0.1:${port}`;

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), alg: 'RS256', use: 'sig', kid: 'interop-as' };

// Organisation numbers from HelseID's assertion_details, as HelseID puts them in the token.
function orgClaims(details) {
  const out = {};
  for (const d of [details].flat()) {
    const id = d?.practitioner_role?.organization?.identifier;
    if (d?.type !== 'helseid_authorization' || !id) continue;
    if (id.system === 'urn:oid:2.16.578.1.12.4.1.4.101') {
      out[ORGNR_CHILD] = id.value;
    } else if (id.system === 'urn:oid:1.0.6523') {
      const [parent, child] = String(id.value).replace(/^NO:ORGNR:/, '').split(':');
      out[ORGNR_PARENT] = parent;
      if (child) out[ORGNR_CHILD] = child;
    }
  }
  return out;
}

const provider = new Provider(issuer, {
  jwks: { keys: [signingKey] },
  routes: { token: '/connect/token', jwks: '/.well-known/openid-configuration/jwks' },
  clientAuthMethods: ['private_key_jwt'],
  clients: clients.map((c) => ({
    client_id: c.client_id,
    token_endpoint_auth_method: 'private_key_jwt',
    grant_types: ['client_credentials'],
    response_types: [],
    redirect_uris: [],
    jwks: { keys: c.jwks },
    dpop_bound_access_tokens: c.dpop !== false,
  })),
  enabledJWA: {
    clientAuthSigningAlgValues: ALGS,
    dPoPSigningAlgValues: ALGS,
  },
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    dPoP: { enabled: true, nonceSecret: randomBytes(32), requireNonce: () => true },
    resourceIndicators: {
      enabled: true,
      // Without a resource, oidc-provider drops non-OIDC scopes: take the API from "nhn:api/scope".
      defaultResource: async (ctx) => ctx.oidc.params.scope?.split(' ')[0]?.split('/')[0],
      getResourceServerInfo: async (_ctx, resource) => ({
        scope: SCOPES,
        audience: resource,
        accessTokenFormat: 'jwt',
        accessTokenTTL: 60,
        jwt: { sign: { alg: 'RS256' } },
      }),
    },
  },
  ttl: { ClientCredentials: 60 },
  async assertJwtClientAuthClaimsAndHeader(ctx, claims, header) {
    // HelseID's rules on top of oidc-provider's own (exp, jti single use, iss, signature).
    if (header.typ !== 'client-authentication+jwt') {
      throw new errors.InvalidClientAuth('typ must be client-authentication+jwt');
    }
    if (claims.aud !== ctx.oidc.issuer) {
      throw new errors.InvalidClientAuth('aud must be the issuer');
    }
    if (claims.sub !== claims.iss) {
      throw new errors.InvalidClientAuth('sub must be the client id');
    }
    if (typeof claims.iat !== 'number' || typeof claims.nbf !== 'number') {
      throw new errors.InvalidClientAuth('iat and nbf must be numbers');
    }
    if (claims.exp - claims.iat > 60) {
      throw new errors.InvalidClientAuth('exp must be at most 60 seconds after iat');
    }
    ctx.oidc.helseidOrgClaims = orgClaims(claims.assertion_details);
  },
  async extraTokenClaims(ctx) {
    return ctx.oidc.helseidOrgClaims;
  },
});

for (const event of ['grant.error', 'server_error']) {
  provider.on(event, (_ctx, err) => {
    console.error(`${event}: ${err.error ?? err.name}: ${err.error_description ?? err.message}${err.error_detail ? ` (${err.error_detail})` : ''}`);
  });
}

server.on('request', provider.callback());
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
console.log(`READY ${port}`);
