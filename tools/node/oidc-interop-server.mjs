// An independent authorization server for helseid-auth's interop test: panva's oidc-provider,
// configured like HelseID (see shared research, helseid.md §9): private_key_jwt only, client
// credentials, DPoP with a server nonce always required, JWT access tokens bound with cnf.jkt,
// assertion `aud` must be the issuer, `typ: client-authentication+jwt`, exp at most 60 s after iat.
//
// On the same origin it serves a small DPoP-protected API (`/api/...`, RFC 9449 §7 and §9: it checks
// the access token, the proof, `ath`, `cnf.jkt`, and demands its own nonce), so the test sees the
// token endpoint and an API share an origin. Test controls: `GET /_test/stats` (requests counted
// per endpoint) and `POST /_test/restart-api` (the API forgets the tokens it knew and takes a new
// nonce, as after a restart).
//
// Usage: OIDC_CLIENTS_FILE=clients.json node oidc-interop-server.mjs
//   clients.json: [{"client_id": "...", "jwks": [<public JWK>, ...], "dpop": true}, ...]
// It listens on 127.0.0.1 on a free port and prints `READY <port>` on stdout once it serves.
// Diagnostics go to stderr. It exits when stdin closes (the test process ended).

import { createServer } from 'node:http';
import {
  constants,
  createHash,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  verify as verifySignature,
} from 'node:crypto';
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

// ---------- the API on the same origin ----------

const asPublicKey = createPublicKey(privateKey);
const HASHES = { 256: 'sha256', 384: 'sha384', 512: 'sha512' };

// Verifies a compact JWS (RS*, PS*, ES*) with `key`, or with the `jwk` in its header.
function verifyJws(jws, key) {
  const [h, p, s] = String(jws).split('.');
  const header = JSON.parse(Buffer.from(h, 'base64url'));
  const hash = HASHES[String(header.alg).slice(2)];
  const verifyKey = key ?? createPublicKey({ key: header.jwk, format: 'jwk' });
  const data = Buffer.from(`${h}.${p}`);
  const signature = Buffer.from(s, 'base64url');
  const kind = String(header.alg).slice(0, 2);
  const options = {
    ES: { key: verifyKey, dsaEncoding: 'ieee-p1363' },
    PS: { key: verifyKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST },
    RS: { key: verifyKey },
  }[kind];
  if (!hash || !options || !verifySignature(hash, data, options, signature)) {
    throw new Error('bad signature');
  }
  return { header, claims: JSON.parse(Buffer.from(p, 'base64url')) };
}

// RFC 7638 thumbprint of a public JWK.
function thumbprint(jwk) {
  const members = jwk.kty === 'EC'
    ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y }
    : { e: jwk.e, kty: jwk.kty, n: jwk.n };
  return createHash('sha256').update(JSON.stringify(members)).digest('base64url');
}

const stats = { token_requests: 0, discovery_requests: 0, api_requests: 0 };
let apiNonce = randomBytes(16).toString('base64url');
const knownTokens = new Set();
const forgottenTokens = new Set();

function answer(res, status, body, headers = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(body === undefined ? '' : JSON.stringify(body));
}

function challenge(res, status, error, description, extra = {}) {
  answer(res, status, { error, error_description: description }, {
    'www-authenticate': `DPoP error="${error}", error_description="${description}"`,
    ...extra,
  });
}

function api(req, res) {
  stats.api_requests += 1;
  const authorization = req.headers.authorization ?? '';
  const proof = req.headers.dpop;
  if (!authorization.startsWith('DPoP ') || !proof) {
    return challenge(res, 401, 'invalid_token', 'a DPoP token and proof are required');
  }
  const token = authorization.slice(5);
  let at;
  try {
    at = verifyJws(token, asPublicKey).claims;
  } catch {
    return challenge(res, 401, 'invalid_token', 'the access token does not verify');
  }
  if (at.exp < Date.now() / 1000 || forgottenTokens.has(at.jti)) {
    return challenge(res, 401, 'invalid_token', 'the access token is expired or unknown');
  }
  let dpop;
  try {
    dpop = verifyJws(proof);
  } catch {
    return challenge(res, 401, 'invalid_dpop_proof', 'the proof does not verify');
  }
  const htu = `${issuer}${req.url.split('?')[0]}`;
  const ath = createHash('sha256').update(token).digest('base64url');
  if (dpop.header.typ !== 'dpop+jwt' || dpop.claims.htm !== req.method || dpop.claims.htu !== htu
      || dpop.claims.ath !== ath) {
    return challenge(res, 401, 'invalid_dpop_proof', 'typ, htm, htu or ath is wrong');
  }
  if (at.cnf?.jkt !== thumbprint(dpop.header.jwk)) {
    return challenge(res, 401, 'invalid_token', 'the token is bound to another key');
  }
  if (dpop.claims.nonce !== apiNonce) {
    return challenge(res, 401, 'use_dpop_nonce', 'the API requires its nonce', { 'dpop-nonce': apiNonce });
  }
  knownTokens.add(at.jti);
  return answer(res, 200, { client_id: at.client_id, scope: at.scope });
}

const callback = provider.callback();
server.on('request', (req, res) => {
  const path = req.url.split('?')[0];
  if (path === '/connect/token' && req.method === 'POST') stats.token_requests += 1;
  if (path === '/.well-known/openid-configuration') stats.discovery_requests += 1;
  if (path.startsWith('/api/')) return api(req, res);
  if (path === '/_test/stats') return answer(res, 200, stats);
  if (path === '/_test/restart-api' && req.method === 'POST') {
    for (const jti of knownTokens) forgottenTokens.add(jti);
    knownTokens.clear();
    apiNonce = randomBytes(16).toString('base64url');
    return answer(res, 204);
  }
  return callback(req, res);
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
console.log(`READY ${port}`);
