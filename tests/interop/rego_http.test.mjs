// `custos eval` capabilities end to end: http.send against a Node HTTP server on 127.0.0.1
// (port 0) through custos' HTTP client, the host allow-list on redirects, the default-off
// behaviour, and net.lookup_ip_addr behind --allow-net-lookup.

import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { createServer } from 'node:http'
import { promisify } from 'node:util'

const run = promisify(execFile)
const BIN = process.env.CUSTOS_BIN
let server
let base

before(async () => {
  server = createServer((req, res) => {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', () => {
      if (req.url === '/redirect-local') {
        res.writeHead(302, { Location: '/echo' })
        return res.end()
      }
      if (req.url === '/redirect-away') {
        res.writeHead(307, { Location: 'http://not-allowed.invalid/x' })
        return res.end()
      }
      res.writeHead(200, { 'Content-Type': 'application/json', 'X-Custom': 'yes' })
      res.end(JSON.stringify({ method: req.method, url: req.url, body, auth: req.headers.authorization ?? null }))
    })
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${server.address().port}`
})

after(() => server.close())

async function evalQuery(query, flags) {
  try {
    const { stdout } = await run(BIN, ['eval', '--strict-builtin-errors', ...flags, query])
    return { ok: true, out: JSON.parse(stdout) }
  } catch (e) {
    return { ok: false, err: String(e.stderr) }
  }
}

const binding = (r) => r.out.result[0].bindings.x

test('http.send is refused without --http-allow', async () => {
  const r = await evalQuery(`x := http.send({"method": "GET", "url": "${base}/echo"})`, [])
  assert.equal(r.ok, false)
  assert.match(r.err, /eval_builtin_error: http\.send: disabled/)
})

test('http.send reaches an allow-listed host and decodes JSON', async () => {
  const q = `x := http.send({"method": "post", "url": "${base}/echo", "body": {"a": 1}, "headers": {"Authorization": "Bearer t"}})`
  const r = await evalQuery(q, ['--http-allow', '127.0.0.1'])
  assert.equal(r.ok, true, r.err)
  const x = binding(r)
  assert.equal(x.status_code, 200)
  assert.equal(x.status, '200 OK')
  assert.deepEqual(x.body, { method: 'POST', url: '/echo', body: '{"a":1}', auth: 'Bearer t' })
  assert.deepEqual(x.headers['x-custom'], ['yes'])
})

test('redirects: returned by default, followed on request, never to other hosts', async () => {
  const plain = await evalQuery(`x := http.send({"method": "GET", "url": "${base}/redirect-local"}).status_code`, ['--http-allow', '127.0.0.1'])
  assert.equal(binding(plain), 302)
  const followed = await evalQuery(
    `x := http.send({"method": "GET", "url": "${base}/redirect-local", "enable_redirect": true}).body.url`,
    ['--http-allow', '127.0.0.1'])
  assert.equal(binding(followed), '/echo')
  const away = await evalQuery(
    `x := http.send({"method": "GET", "url": "${base}/redirect-away", "enable_redirect": true})`,
    ['--http-allow', '127.0.0.1'])
  assert.equal(away.ok, false)
  assert.match(away.err, /unallowed host: not-allowed\.invalid/)
})

test('net.lookup_ip_addr needs --allow-net-lookup', async () => {
  const off = await evalQuery('x := net.lookup_ip_addr("127.0.0.1")', [])
  assert.equal(off.ok, false)
  assert.match(off.err, /net\.lookup_ip_addr: disabled/)
  const on = await evalQuery('x := net.lookup_ip_addr("127.0.0.1")', ['--allow-net-lookup'])
  assert.deepEqual(binding(on), ['127.0.0.1'])
})
