// custos evm against viem: random legacy / EIP-2930 / EIP-1559 transactions, EIP-191 messages,
// EIP-712 typed data (nested structs, dynamic and fixed arrays, bytesN, ints) and ERC-4337 v0.6
// user operations from a fixed seed. Hashes, serializations and signatures must match byte for
// byte, and custos-signed transactions must recover to the right sender in viem.
// All cases run through one `custos evm batch` invocation (JSON lines).

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import {
  hashMessage,
  hashTypedData,
  keccak256,
  parseTransaction,
  recoverTransactionAddress,
  serializeTransaction,
  toHex,
  getAddress,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { getUserOperationHash } from 'viem/account-abstraction'

const BIN = process.env.CUSTOS_BIN
const SEED = Number(process.env.CUSTOS_INTEROP_SEED ?? 20240601)
const COUNTS = { tx: 240, message: 120, typed: 160, userop: 40 }

// mulberry32: small deterministic PRNG.
function rng(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
const rand = rng(SEED)
const int = (n) => Math.floor(rand() * n)
const pick = (list) => list[int(list.length)]
const bytes = (n) => {
  const out = new Uint8Array(n)
  for (let i = 0; i < n; i++) out[i] = int(256)
  return out
}
const hex = (n) => toHex(bytes(n))
const bigOfBits = (bits) => {
  if (bits === 0) return 0n
  let v = 0n
  for (let i = 0; i < Math.ceil(bits / 8); i++) v = (v << 8n) | BigInt(int(256))
  return v & ((1n << BigInt(bits)) - 1n)
}
const quantity = () => bigOfBits(pick([0, 1, 8, 16, 32, 53, 64, 128, 256]))
// custos accepts decimal strings, 0x quantities and JSON integers; exercise all three.
const asJson = (v) => {
  const form = int(3)
  if (form === 0) return v.toString()
  if (form === 1) return '0x' + v.toString(16)
  return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString()
}
const privateKey = () => {
  for (;;) {
    const k = hex(32)
    const n = BigInt(k)
    if (n > 0n && n < 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n) return k
  }
}
const address = () => getAddress(hex(20))
const randomCase = (a) => (int(2) ? a.toLowerCase() : a)

function randomTransaction() {
  const type = pick(['legacy', 'eip2930', 'eip1559'])
  const tx = {
    type,
    nonce: int(4) === 0 ? 0 : int(1 << 20),
    gas: bigOfBits(pick([0, 16, 24, 32, 64])),
    value: quantity(),
    data: int(4) === 0 ? undefined : hex(int(120)),
  }
  if (int(8) !== 0) tx.to = address()
  if (type === 'legacy') {
    tx.gasPrice = quantity()
    if (int(6) !== 0) tx.chainId = 1 + int(pick([10, 1000, 2 ** 31]))
  } else {
    tx.chainId = 1 + int(pick([10, 1000, 2 ** 31]))
    if (type === 'eip2930') tx.gasPrice = quantity()
    else {
      tx.maxFeePerGas = quantity()
      tx.maxPriorityFeePerGas = tx.maxFeePerGas === 0n ? 0n : bigOfBits(8) % (tx.maxFeePerGas + 1n)
    }
    if (int(2)) {
      tx.accessList = Array.from({ length: int(3) }, () => ({
        address: address(),
        storageKeys: Array.from({ length: int(3) }, () => hex(32)),
      }))
    }
  }
  return tx
}

function custosTx(tx) {
  const out = { type: { legacy: '0', eip2930: '0x1', eip1559: 2 }[tx.type] }
  if (tx.chainId !== undefined) out.chainId = asJson(BigInt(tx.chainId))
  out.nonce = asJson(BigInt(tx.nonce))
  out.gas = asJson(tx.gas)
  out.value = asJson(tx.value)
  if (tx.to !== undefined) out.to = randomCase(tx.to)
  if (tx.data !== undefined) out.data = tx.data
  if (tx.gasPrice !== undefined) out.gasPrice = asJson(tx.gasPrice)
  if (tx.maxFeePerGas !== undefined) out.maxFeePerGas = asJson(tx.maxFeePerGas)
  if (tx.maxPriorityFeePerGas !== undefined) out.maxPriorityFeePerGas = asJson(tx.maxPriorityFeePerGas)
  if (tx.accessList !== undefined) out.accessList = tx.accessList
  return out
}

const WORDS = ['hello', 'Ξther', '🦊', 'custos', '', ' ', '\n', 'naïve', '0x1234', 'x'.repeat(200)]
function randomMessage() {
  if (int(3) === 0) return { raw: hex(int(80)) }
  return Array.from({ length: int(4) }, () => pick(WORDS)).join(pick([' ', '', '-']))
}

// Random typed data: a tree of struct types with atomic, struct and array members.
function randomTypedData() {
  const types = {}
  const values = {}
  let next = 0
  const atomic = () => {
    const kind = int(8)
    if (kind === 0) return { type: 'address', gen: () => randomCase(address()) }
    if (kind === 1) return { type: 'bool', gen: () => int(2) === 1 }
    if (kind === 2) return { type: 'string', gen: () => pick(WORDS) }
    if (kind === 3) return { type: 'bytes', gen: () => hex(int(70)) }
    if (kind === 4) {
      const n = 1 + int(32)
      return { type: `bytes${n}`, gen: () => hex(n) }
    }
    const bits = 8 * (1 + int(32))
    if (kind === 5) {
      return { type: `int${bits}`, gen: () => {
        const mag = bigOfBits(bits - 1)
        return (int(2) ? -mag : mag).toString()
      } }
    }
    return { type: `uint${bits}`, gen: () => asJson(bigOfBits(bits)) }
  }
  const makeStruct = (depth) => {
    const name = `S${next++}x${int(1000)}`
    const fields = []
    const gens = []
    const count = 1 + int(4)
    for (let i = 0; i < count; i++) {
      let member
      if (depth < 2 && int(4) === 0) member = makeStruct(depth + 1)
      else member = atomic()
      const arrays = int(4) === 0 ? [pick([0, 1, 2, 3])] : int(10) === 0 ? [int(3), 0] : []
      let type = member.type
      let gen = member.gen
      for (const len of arrays) {
        const inner = gen
        const fixed = len
        type = fixed === 0 ? `${type}[]` : `${type}[${fixed}]`
        gen = () => Array.from({ length: fixed === 0 ? int(3) : fixed }, () => inner())
      }
      fields.push({ name: `f${i}_${int(100)}`, type })
      gens.push(gen)
    }
    types[name] = fields
    return { type: name, gen: () => Object.fromEntries(fields.map((f, i) => [f.name, gens[i]()])) }
  }
  const primary = makeStruct(0)
  const domain = {}
  if (int(4)) domain.name = pick(WORDS)
  if (int(2)) domain.version = String(int(5))
  if (int(4)) domain.chainId = 1 + int(100000)
  if (int(4)) domain.verifyingContract = address()
  if (int(3) === 0) domain.salt = hex(32)
  return { types, primaryType: primary.type, domain, message: primary.gen() }
}

// viem wants bigints/booleans where custos takes JSON; convert by type.
function toViemValue(types, type, value) {
  const array = type.match(/^(.*)\[(\d*)\]$/)
  if (array) return value.map((v) => toViemValue(types, array[1], v))
  if (types[type]) {
    return Object.fromEntries(types[type].map((f) => [f.name, toViemValue(types, f.type, value[f.name])]))
  }
  if (/^u?int/.test(type)) return BigInt(value)
  return value
}

function randomUserOp() {
  return {
    sender: address(),
    nonce: quantity(),
    initCode: int(2) ? '0x' : hex(int(60)),
    callData: hex(int(100)),
    callGasLimit: quantity(),
    verificationGasLimit: quantity(),
    preVerificationGas: quantity(),
    maxFeePerGas: quantity(),
    maxPriorityFeePerGas: quantity(),
    paymasterAndData: int(2) ? '0x' : hex(int(60)),
    signature: '0x',
  }
}

function runBatch(lines) {
  assert.ok(BIN, 'CUSTOS_BIN must point at the custos binary')
  const input = lines.map((l) => JSON.stringify(l)).join('\n') + '\n'
  const output = execFileSync(BIN, ['evm', 'batch', '-'], { input, maxBuffer: 64 << 20 })
  const replies = output.toString().trim().split('\n').map((l) => JSON.parse(l))
  assert.equal(replies.length, lines.length)
  return replies
}

test('custos evm matches viem byte for byte', async () => {
  const lines = []
  const checks = []
  const expectOk = (reply, label) => {
    assert.ok(reply.ok, `${label}: ${JSON.stringify(reply.error)}`)
    return reply.result
  }

  for (let i = 0; i < COUNTS.tx; i++) {
    const tx = randomTransaction()
    const key = privateKey()
    const account = privateKeyToAccount(key)
    const input = custosTx(tx)
    const unsigned = serializeTransaction(tx)
    const signed = await account.signTransaction(tx)
    const label = `tx #${i} ${JSON.stringify(input)}`
    const hashAt = lines.push({ op: 'tx-hash', input }) - 1
    const signAt = lines.push({ op: 'tx-sign', input: { ...input, from: randomCase(account.address) }, key }) - 1
    checks.push(async (replies) => {
      const hashed = expectOk(replies[hashAt], label)
      assert.equal(hashed.signingPayload, unsigned, label)
      assert.equal(hashed.signingHash, keccak256(unsigned), label)
      const result = expectOk(replies[signAt], label)
      assert.equal(result.raw, signed, label)
      assert.equal(result.hash, keccak256(signed), label)
      const sender = await recoverTransactionAddress({ serializedTransaction: result.raw })
      assert.equal(sender, account.address, label)
      assert.equal(parseTransaction(result.raw).nonce ?? 0, tx.nonce, label)
    })
    const recoverAt = lines.push({ op: 'recover', input: { raw: signed } }) - 1
    checks.push(async (replies) => {
      const result = expectOk(replies[recoverAt], label)
      assert.equal(result.from, account.address.toLowerCase(), label)
    })
  }

  for (let i = 0; i < COUNTS.message; i++) {
    const message = randomMessage()
    const key = privateKey()
    const account = privateKeyToAccount(key)
    const signature = await account.signMessage({ message })
    const label = `message #${i} ${JSON.stringify(message)}`
    const at = lines.push({ op: 'message-sign', input: message, key }) - 1
    const recoverAt = lines.push({ op: 'recover', input: { message, signature } }) - 1
    checks.push(async (replies) => {
      const result = expectOk(replies[at], label)
      assert.equal(result.hash, hashMessage(message), label)
      assert.equal(result.signature, signature, label)
      assert.equal(expectOk(replies[recoverAt], label).address, account.address.toLowerCase(), label)
    })
  }

  for (let i = 0; i < COUNTS.typed; i++) {
    const doc = randomTypedData()
    const key = privateKey()
    const account = privateKeyToAccount(key)
    const viemDoc = {
      types: doc.types,
      primaryType: doc.primaryType,
      domain: doc.domain,
      message: toViemValue(doc.types, doc.primaryType, doc.message),
    }
    const input = int(3) === 0 ? JSON.stringify(doc) : doc
    const label = `typed data #${i} ${JSON.stringify(doc)}`
    const expectedHash = hashTypedData(viemDoc)
    const signature = await account.signTypedData(viemDoc)
    const at = lines.push({ op: 'typed-data-sign', input, key }) - 1
    checks.push(async (replies) => {
      const result = expectOk(replies[at], label)
      assert.equal(result.hash, expectedHash, label)
      assert.equal(result.signature, signature, label)
    })
  }

  for (let i = 0; i < COUNTS.userop; i++) {
    const op = randomUserOp()
    const entryPoint = address()
    const chainId = 1 + int(100000)
    const expected = getUserOperationHash({
      chainId,
      entryPointAddress: entryPoint,
      entryPointVersion: '0.6',
      userOperation: op,
    })
    const input = {
      ...Object.fromEntries(Object.entries(op).map(([k, v]) => [k, typeof v === 'bigint' ? asJson(v) : v])),
      entryPoint,
      chainId,
    }
    const label = `userop #${i}`
    const at = lines.push({ op: 'userop-hash', input }) - 1
    checks.push(async (replies) => assert.equal(expectOk(replies[at], label).hash, expected, label))
  }

  const replies = runBatch(lines)
  for (const check of checks) await check(replies)
})

test('custos refuses what viem would not sign', () => {
  const replies = runBatch([
    { op: 'tx-hash', input: { chainId: 1, gasPrice: '1', maxFeePerGas: '1' } },
    { op: 'typed-data-hash', input: { types: { A: [{ name: 'x', type: 'uint8' }] }, primaryType: 'A', domain: {}, message: { x: 256 } } },
    { op: 'message-hash', input: { raw: '0x123' } },
    { op: 'recover', input: { raw: '0x02c0' } },
  ])
  for (const reply of replies) assert.equal(reply.ok, false, JSON.stringify(reply))
  assert.equal(replies[0].error.code, 'evm_transaction_error')
  assert.equal(replies[1].error.code, 'evm_typed_data_error')
})
