// A whole grant flow against a running hint-mock, over plain HTTP, the way a non-Rust client
// (here Node with jose) does it: a HelseID token with private_key_jwt and DPoP (with the
// use_dpop_nonce round trip), a hAPI grant announcement, the scheme's budget from Budsjett,
// a sak with a journalpost and a document in Arkiv, a payment in Økonomi that survives a
// dropped answer (same Idempotency-Key retried: one payment), and its receipts.
//
//   node hint-mock-grant-flow.mjs http://127.0.0.1:8410
//
// Prints one line per step and `grant flow: ok` at the end; exits non-zero with the reason on
// the first thing that is not as it should be. hint-mock/tests/node_grant_flow.rs runs it.

import { createHash, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { SignJWT, calculateJwkThumbprint, decodeJwt, exportJWK, generateKeyPair, importJWK } from 'jose';

const base = (process.argv[2] ?? '').replace(/\/$/, '');
if (!base) {
  console.error('usage: node hint-mock-grant-flow.mjs <hint-mock URL>');
  process.exit(2);
}

function check(ok, what, detail) {
  if (!ok) {
    const extra = detail === undefined ? '' : `: ${typeof detail === 'string' ? detail : JSON.stringify(detail)}`;
    throw new Error(`${what}${extra}`);
  }
}

function step(text) {
  console.log(text);
}

async function control(method, path, body) {
  const res = await fetch(`${base}/_control/${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  check(res.ok, `control ${method} ${path} answered ${res.status}`, json);
  return json;
}

// ---- What the server printed, as JSON, and the test client it wrote -----------------------
const info = await control('GET', '');
const client = JSON.parse(await readFile(info.client.file, 'utf8'));
const clientKey = await importJWK(client.jwk, client.jwk.alg ?? 'ES256');
const dpop = await generateKeyPair('ES256');
const dpopJwk = await exportJWK(dpop.publicKey);
const url = (service, path) => new URL(path, info.services[service].base_url).toString();

async function proof(htm, target, { nonce, accessToken } = {}) {
  const u = new URL(target);
  u.search = '';
  u.hash = '';
  const claims = { htm, htu: u.toString(), jti: randomUUID() };
  if (nonce) claims.nonce = nonce;
  if (accessToken) claims.ath = createHash('sha256').update(accessToken).digest('base64url');
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: dpopJwk })
    .setIssuedAt()
    .sign(dpop.privateKey);
}

async function clientAssertion() {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: client.jwk.alg ?? 'ES256', typ: 'client-authentication+jwt', kid: client.jwk.kid })
    .setIssuer(client.client_id)
    .setSubject(client.client_id)
    .setAudience(info.helseid.issuer)
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + 30)
    .setJti(randomUUID())
    .sign(clientKey);
}

// ---- 1. HelseID: private_key_jwt + DPoP, the nonce round trip first -----------------------
const discovery = await (await fetch(`${info.helseid.issuer}/.well-known/openid-configuration`)).json();
check(discovery.issuer === info.helseid.issuer, 'discovery names the printed issuer', discovery.issuer);
const tokenEndpoint = discovery.token_endpoint;
const scopes = ['arkiv', 'okonomi', 'budsjett'].flatMap((s) => info.services[s].scopes);
let nonce;
let tokenBody;
const tokenStatuses = [];
for (let attempt = 0; attempt < 2 && !tokenBody; attempt++) {
  const res = await fetch(tokenEndpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      dpop: await proof('POST', tokenEndpoint, { nonce }),
    },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: client.client_id,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: await clientAssertion(),
      scope: scopes.join(' '),
    }),
  });
  const json = await res.json();
  tokenStatuses.push(`${res.status}${json.error ? ` ${json.error}` : ''}`);
  if (res.status === 400 && json.error === 'use_dpop_nonce') {
    nonce = res.headers.get('dpop-nonce');
    check(nonce, 'use_dpop_nonce comes with a DPoP-Nonce header');
  } else {
    check(res.status === 200, 'the token request succeeds', json);
    tokenBody = json;
  }
}
check(tokenStatuses[0] === '400 use_dpop_nonce', 'HelseID demands a nonce first', tokenStatuses);
check(tokenBody?.token_type === 'DPoP', 'the token is DPoP-bound', tokenBody);
const token = tokenBody.access_token;
const claims = decodeJwt(token);
check(claims.cnf?.jkt === (await calculateJwkThumbprint(dpopJwk)), 'cnf.jkt is the DPoP key', claims.cnf);
check(claims.iss === info.helseid.issuer, 'the token names the printed issuer', claims.iss);
step(`1 HelseID: ${tokenStatuses.join(' then ')}; DPoP token for ${claims.scope}`);

async function api(method, target, { body, headers = {}, auth = true, raw } = {}) {
  const h = { [info.api_key_header]: info.api_key, ...headers };
  if (auth) {
    h.authorization = `DPoP ${token}`;
    h.dpop = await proof(method, target, { accessToken: token });
  }
  let payload;
  if (raw !== undefined) {
    payload = raw;
  } else if (body !== undefined) {
    h['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const res = await fetch(target, { method, headers: h, body: payload });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, json, text };
}

// A proof for another URL is refused: the server checks htu against the URL the client used.
{
  const target = url('budsjett', 'budsjett');
  const res = await fetch(target, {
    headers: {
      [info.api_key_header]: info.api_key,
      authorization: `DPoP ${token}`,
      dpop: await proof('GET', url('budsjett', 'tilskuddsordninger'), { accessToken: token }),
    },
  });
  check(res.status === 401, 'a proof with the wrong htu is refused', res.status);
}

// ---- 2. hAPI: an open grant announcement with a budget post --------------------------------
const grants = await api('GET', url('hapi', 'tilskudd'), { auth: false });
check(grants.status === 200 && Array.isArray(grants.json), 'hAPI lists grants', grants.text.slice(0, 200));
const grant = grants.json.find((g) => g.data?.kapittelPost && g.data?.soknadsfrist && new Date(g.data.soknadsfrist) > new Date());
check(grant, 'an open grant with a kapittelPost', grants.json.map((g) => g.tittel));
step(`2 hAPI: «${grant.tittel}», kapittel/post ${grant.data.kapittelPost}`);

// ---- 3. Budsjett: the scheme's money on that chapter/post ----------------------------------
const [kapittel, post] = grant.data.kapittelPost.split('.');
const kapittelPost = `${Number(kapittel)}.${post}`;
const budget = await api('GET', `${url('budsjett', 'budsjett')}?kapittelPost=${kapittelPost}`);
check(budget.status === 200, 'Budsjett answers', budget.json);
// The newest year the budget holds for the post.
const row = budget.json.value.filter((r) => r.kode).sort((a, b) => b.periode - a.periode)[0];
check(row, `a budget row on ${kapittelPost}`, budget.json);
const scheme = await api('GET', url('budsjett', `tilskuddsordninger/${row.kode}`));
check(scheme.status === 200, 'the scheme', scheme.json);
step(`3 Budsjett: ${scheme.json.navn} (${row.kode}) has ${row.budsjett} in ${row.periode}`);

// ---- 4. Arkiv: a sak, a journalpost with a korrespondansepart, a document with its file ------
const sak = await api('POST', url('arkiv', 'saker'), {
  headers: { 'idempotency-key': randomUUID() },
  body: { tittel: `Søknad om tilskudd – ${grant.tittel}`, saksansvarlig: 'Saksbehandler' },
});
check(sak.status === 201, 'the sak is created', sak.json);
const journalpost = await api('POST', url('arkiv', `saker/${sak.json.systemID}/journalposter`), {
  headers: { 'idempotency-key': randomUUID() },
  body: {
    tittel: 'Søknad fra Frisklivssentralen i Vik',
    journalposttype: { kode: 'I' },
    korrespondansepartEnhet: [
      {
        korrespondanseparttype: { kode: 'EA' },
        navn: 'Frisklivssentralen i Vik',
        enhetsidentifikator: { organisasjonsnummer: '987654325' },
      },
    ],
  },
});
check(journalpost.status === 201, 'the journalpost is created', journalpost.json);
const beskrivelse = await api('POST', url('arkiv', `journalposter/${journalpost.json.systemID}/dokumentbeskrivelser`), {
  headers: { 'idempotency-key': randomUUID() },
  body: { tittel: 'Søknadsskjema', tilknyttetRegistreringSom: { kode: 'H' } },
});
check(beskrivelse.status === 201, 'the dokumentbeskrivelse is created', beskrivelse.json);
const objekt = await api('POST', url('arkiv', `dokumentbeskrivelser/${beskrivelse.json.systemID}/dokumentobjekter`), {
  headers: { 'idempotency-key': randomUUID() },
  body: { format: { kode: 'fmt/95' } },
});
check(objekt.status === 201, 'the dokumentobjekt is created', objekt.json);
const pdf = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
const upload = await api('POST', url('arkiv', `dokumentobjekter/${objekt.json.systemID}/referanseFil`), {
  headers: { 'content-type': 'application/pdf', 'content-disposition': 'attachment; filename="soknad.pdf"' },
  raw: pdf,
});
check(upload.status >= 200 && upload.status < 300, 'the file is uploaded', upload.text);
const stored = await api('GET', url('arkiv', `dokumentobjekter/${objekt.json.systemID}`));
check(stored.json?.sjekksum === createHash('sha256').update(pdf).digest('hex'), 'the archive stored the file whole', stored.json);
step(`4 Arkiv: sak ${sak.json.mappeID}, journalpost ${journalpost.json.registreringsID}, document of ${stored.json.filstoerrelse} bytes`);

// ---- 5. Økonomi: a payment whose answer is lost after the ledger committed -----------------
await control('POST', 'faults/okonomi', { kind: 'drop_after_commit', method: 'POST', path: '/okonomi/utbetalinger' });
const forfall = new Date(Date.now() + 14 * 24 * 3600 * 1000).toISOString().slice(0, 10);
const reference = `TS-${randomUUID().slice(0, 8)}`;
const payment = {
  mottaker: { navn: 'Frisklivssentralen i Vik', organisasjonsnummer: '987654325' },
  konto: { kontonummer: '15031234562' },
  beloep: '250000.00',
  valuta: 'NOK',
  forfallsdato: forfall,
  egenReferanse: reference,
};
const idempotencyKey = randomUUID();
let lost = false;
try {
  await api('POST', url('okonomi', 'utbetalinger'), { headers: { 'idempotency-key': idempotencyKey }, body: payment });
} catch {
  lost = true; // the connection closed without an answer
}
check(lost, 'the first answer is dropped');
const retried = await api('POST', url('okonomi', 'utbetalinger'), { headers: { 'idempotency-key': idempotencyKey }, body: payment });
check(retried.status === 201, 'the retry with the same Idempotency-Key answers', retried.json);
const listed = await api('GET', url('okonomi', 'utbetalinger'));
check(listed.status === 200, 'the payments list', listed.json);
const mine = listed.json.value.filter((u) => u.egenReferanse === reference);
check(mine.length === 1 && mine[0].id === retried.json.id, 'exactly one payment was made', mine);
const received = await control('GET', 'requests/okonomi');
const posts = received.requests.filter((r) => r.method === 'POST' && r.path === '/okonomi/utbetalinger');
check(posts.length === 2 && posts.every((r) => r.headers['idempotency-key'] === idempotencyKey), 'the service saw the same key twice', posts);
check(!JSON.stringify(received).includes(token), 'the control API never shows the token');
step(`5 Økonomi: payment ${retried.json.id} made once through a dropped answer (${posts.length} POSTs, one key)`);

// ---- 6. The receipts, once DFØ moved the payment on -----------------------------------------
const settled = await control('POST', 'okonomi/settle');
check(settled.settled >= 1, 'the ledger settled the payment', settled);
const receipts = await api('GET', url('okonomi', `utbetalinger/${retried.json.id}/kvitteringer`));
check(receipts.status === 200, 'the receipts', receipts.json);
const list = Array.isArray(receipts.json) ? receipts.json : receipts.json.value;
check(list.length === 2, 'a mottaksretur and an avregningsretur', list);
const after = await api('GET', url('okonomi', `utbetalinger/${retried.json.id}`));
check(after.json?.status === 'avregnet', 'the payment is settled', after.json);
step(`6 Økonomi: ${list.map((k) => k.type ?? k.kvitteringstype ?? '?').join(', ')}; status ${after.json.status}`);

console.log('grant flow: ok');
