#!/usr/bin/env python3
"""Builds examples/org: a realistic organisation, its signed stores and signed requests.

Usage: examples/org/generate.py <path to the custos binary>
Keys under keys/ are made once (custos client keygen) and kept: they are example keys, never use
them for anything real. Everything else is regenerated. Store iat and request iat are fixed so that
regenerating gives stable files apart from signatures' randomness (Ed25519 is deterministic, so
the files are fully stable).
"""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CUSTOS = sys.argv[1] if len(sys.argv) > 1 else "custos"
STORE_IAT = "1767225600"  # 2026-01-01T00:00:00Z
REQUEST_IAT = "1767225600"
# The examples are decided at NOW (custos decide --now; tests/unit/engine/example_org.h kNow):
# ten minutes after signing. The historical-transfer feed is signed one minute before NOW (the
# engine refuses transfer feeds older than five minutes) and its transfers are dated from NOW.
NOW = 1767225600 + 600
TRANSFER_FEED_IAT = str(NOW - 60)
HOUR_MS = 3600 * 1000


def run(*args):
    return subprocess.run([CUSTOS, *args], check=True, capture_output=True, text=True).stdout


def write(path, value):
    full = os.path.join(HERE, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w") as f:
        f.write(value if isinstance(value, str) else json.dumps(value, indent=2) + "\n")


def key(name):
    path = os.path.join(HERE, "keys", name + ".jwk")
    if not os.path.exists(path):
        write(os.path.join("keys", name + ".jwk"), run("client", "keygen", "--kid", name))
    with open(path) as f:
        return json.load(f)


def public(jwk):
    return {k: v for k, v in jwk.items() if k not in ("d",)}


ADDR = {
    "treasury": "0x0a11ce0000000000000000000000000000000001",
    "ops": "0x0b0b000000000000000000000000000000000002",
    "payroll": "0x0ca1000000000000000000000000000000000003",
    "trading": "0x0dad000000000000000000000000000000000004",
    "cold": "0x0c01d00000000000000000000000000000000005",
    "vendor": "0x7e4d000000000000000000000000000000000006",
    "exchange": "0x3c4a000000000000000000000000000000000007",
    "stranger": "0x5afe000000000000000000000000000000000008",
    "uniswap": "0x3fc91a3afd70395cd496c647d5a6cc9d4b2b7fad",
    "usdc": "0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48",
}
ACCOUNT = {name: "eip155:eoa:" + ADDR[name] for name in ("treasury", "ops", "payroll", "trading", "cold")}
USERS = [
    ("root-rita", "root"),
    ("admin-alice", "admin"),
    ("admin-ann", "admin"),
    ("member-bob", "member"),
    ("member-carol", "member"),
    ("member-dave", "member"),
    ("manager-mia", "manager"),
]
USDC = "eip155:1/erc20:" + ADDR["usdc"]
ETH = "eip155:1/slip44:60"
WEI = 10**18


def entities():
    credentials = []
    for user, _ in USERS:
        k = key("cred-" + user)
        credentials.append({"id": "cred-" + user, "userId": user, "key": public(k)})
    return {
        "users": [{"id": u, "role": r} for u, r in USERS],
        "credentials": credentials,
        "accounts": [
            {"id": ACCOUNT[n], "address": ADDR[n], "accountType": "eoa", "label": n}
            for n in ("treasury", "ops", "payroll", "trading", "cold")
        ],
        "userAccounts": [
            {"userId": "member-bob", "accountId": ACCOUNT["ops"]},
            {"userId": "member-carol", "accountId": ACCOUNT["ops"]},
            {"userId": "member-carol", "accountId": ACCOUNT["payroll"]},
            {"userId": "member-dave", "accountId": ACCOUNT["trading"]},
            {"userId": "manager-mia", "accountId": ACCOUNT["payroll"]},
        ],
        "groups": [{"id": "treasury-approvers"}, {"id": "ops-team"}, {"id": "hot-wallets"}],
        "groupMembers": [
            {"groupId": "treasury-approvers", "userId": "admin-alice"},
            {"groupId": "treasury-approvers", "userId": "admin-ann"},
            {"groupId": "ops-team", "userId": "member-bob"},
            {"groupId": "ops-team", "userId": "member-carol"},
            {"groupId": "hot-wallets", "accountId": ACCOUNT["ops"]},
            {"groupId": "hot-wallets", "accountId": ACCOUNT["trading"]},
        ],
        "addressBook": [
            *[
                {"id": "eip155:1:" + ADDR[n], "address": ADDR[n], "chainId": 1, "classification": "internal"}
                for n in ("treasury", "ops", "payroll", "trading", "cold")
            ],
            {"id": "eip155:1:" + ADDR["vendor"], "address": ADDR["vendor"], "chainId": 1, "classification": "counterparty"},
            {"id": "eip155:1:" + ADDR["exchange"], "address": ADDR["exchange"], "chainId": 1, "classification": "managed"},
        ],
        "tokens": [
            {"id": USDC, "address": ADDR["usdc"], "chainId": 1, "symbol": "USDC", "decimals": 6},
        ],
    }


def c(criterion, args=None):
    return {"criterion": criterion, "args": args} if args is not None else {"criterion": criterion}


def amount(op, value, currency="*"):
    return {"currency": currency, "operator": op, "value": str(value)}


SIGN_TX = c("checkAction", ["signTransaction"])
MEMBER = c("checkPrincipalRole", ["member"])
NATIVE = c("checkIntentType", ["transferNative"])
KNOWN_DEST = c("checkDestinationClassification", ["internal", "counterparty"])
APPROVERS = {"approvalCount": 2, "countPrincipal": False, "approvalEntityType": "Narval::UserGroup",
             "entityIds": ["treasury-approvers"]}


def policies():
    return [
        {"id": "root-allow-all", "description": "The root user may do anything",
         "when": [c("checkPrincipalRole", ["root"])], "then": "permit"},
        {"id": "admins-grant-wallet-permissions", "description": "Admins may grant wallet permissions",
         "when": [c("checkAction", ["grantPermission"]), c("checkPrincipalRole", ["admin"]),
                  c("checkPermission", ["wallet:read", "wallet:create", "wallet:import"])], "then": "permit"},
        {"id": "members-small-eth", "description": "Members send up to 1 ETH from assigned accounts to known addresses",
         "when": [SIGN_TX, MEMBER, NATIVE, c("checkAccountAssigned"), KNOWN_DEST,
                  c("checkIntentChainId", ["1"]), c("checkIntentAmount", amount("lte", WEI))], "then": "permit"},
        {"id": "members-medium-eth-approved", "description": "1 to 10 ETH needs two treasury approvers",
         "when": [SIGN_TX, MEMBER, NATIVE, c("checkAccountAssigned"), KNOWN_DEST,
                  c("checkIntentAmount", amount("gt", WEI)), c("checkIntentAmount", amount("lte", 10 * WEI)),
                  c("checkApprovals", [APPROVERS])], "then": "permit"},
        {"id": "members-no-large-eth", "description": "Members never send more than 10 ETH",
         "when": [SIGN_TX, MEMBER, NATIVE, c("checkIntentAmount", amount("gt", 10 * WEI))], "then": "forbid"},
        {"id": "admins-eth-up-to-50", "description": "Admins send up to 50 ETH",
         "when": [SIGN_TX, c("checkPrincipalRole", ["admin"]), NATIVE,
                  c("checkIntentAmount", amount("lte", 50 * WEI))], "then": "permit"},
        {"id": "admins-eth-above-50-approved", "description": "Above 50 ETH an admin needs another admin",
         "when": [SIGN_TX, c("checkPrincipalRole", ["admin"]), NATIVE, c("checkIntentAmount", amount("gt", 50 * WEI)),
                  c("checkApprovals", [{"approvalCount": 1, "countPrincipal": False,
                                        "approvalEntityType": "Narval::UserRole", "entityIds": ["admin"]}])],
         "then": "permit"},
        {"id": "members-usdc-up-to-5000-usd", "description": "Members send USDC worth up to 5,000 USD",
         "when": [SIGN_TX, MEMBER, c("checkIntentType", ["transferErc20"]), c("checkIntentToken", [USDC]),
                  c("checkAccountAssigned"), c("checkIntentAmount", amount("lte", 5000, "fiat:usd"))], "then": "permit"},
        {"id": "members-daily-usd-limit", "description": "Members spend at most 20,000 USD of USDC per 24 h",
         "when": [SIGN_TX, MEMBER, c("checkIntentType", ["transferErc20"]),
                  c("checkSpendingLimit", {"limit": "20000", "currency": "fiat:usd", "operator": "gt",
                                           "timeWindow": {"type": "rolling", "value": 86400},
                                           "filters": {"perPrincipal": True, "tokens": [USDC]}})],
         "then": "forbid"},
        {"id": "manager-payroll-vendor", "description": "The manager pays the allow-listed vendor from payroll",
         "when": [SIGN_TX, c("checkPrincipalRole", ["manager"]), c("checkAccountId", [ACCOUNT["payroll"]]),
                  c("checkDestinationAddress", [ADDR["vendor"]]), c("checkIntentType", ["transferNative", "transferErc20"])],
         "then": "permit"},
        {"id": "manager-rate-limit", "description": "The manager makes at most 10 payments an hour",
         "when": [SIGN_TX, c("checkPrincipalRole", ["manager"]),
                  c("checkRateLimit", {"limit": 10, "timeWindow": {"type": "rolling", "value": 3600},
                                       "filters": {"perPrincipal": True}})],
         "then": "permit"},
        {"id": "forbid-member-contract-calls", "description": "Members never call contracts",
         "when": [SIGN_TX, c("checkPrincipalRole", ["member", "manager"]),
                  c("checkIntentType", ["callContract", "approveTokenAllowance", "deployContract"])], "then": "forbid"},
        {"id": "admins-call-uniswap", "description": "Admins call only the allow-listed Uniswap router",
         "when": [SIGN_TX, c("checkPrincipalRole", ["admin"]), c("checkIntentType", ["callContract"]),
                  c("checkIntentContract", ["eip155:1:" + ADDR["uniswap"]])], "then": "permit"},
        {"id": "forbid-cold-storage", "description": "Only root touches cold storage",
         "when": [c("checkAccountId", [ACCOUNT["cold"]]), c("checkPrincipalRole", ["admin", "member", "manager"])],
         "then": "forbid"},
        {"id": "forbid-high-gas", "description": "No transaction may pay more than 0.05 ETH of gas",
         "when": [SIGN_TX, c("checkGasFeeAmount", amount("gt", 5 * 10**16))], "then": "forbid"},
        {"id": "forbid-other-chains-for-members", "description": "Members transact on mainnet and Polygon only",
         "when": [SIGN_TX, MEMBER, c("checkIntentChainId", ["10", "42161", "8453"])], "then": "forbid"},
        {"id": "members-sign-in-messages", "description": "Members sign log-in messages",
         "when": [c("checkAction", ["signMessage"]), c("checkPrincipalRole", ["member", "manager"]),
                  c("checkIntentMessage", {"operator": "contains", "value": "Sign in to"})], "then": "permit"},
        {"id": "admins-permit2-typed-data", "description": "Admins sign typed data for known domains",
         "when": [c("checkAction", ["signTypedData"]), c("checkPrincipalRole", ["admin"]),
                  c("checkIntentDomain", {"name": ["Permit2", "Custos Example"]})], "then": "permit"},
        {"id": "ops-team-trading-group", "description": "The ops team may use the hot wallets for internal moves",
         "when": [SIGN_TX, c("checkPrincipalGroup", ["ops-team"]), c("checkAccountGroup", ["hot-wallets"]),
                  NATIVE, c("checkDestinationClassification", ["internal"]),
                  c("checkIntentAmount", amount("lte", 2 * WEI))], "then": "permit"},
        {"id": "forbid-sign-raw", "description": "Raw payload signing is disabled (raw Rego policy)",
         "rego": "package custos.decision\n\nimport rego.v1\n\nforbid contains reason if {\n"
                 "\tinput.action == \"signRaw\"\n"
                 "\treason := {\"type\": \"forbid\", \"policyId\": \"forbid-sign-raw\", \"policyName\": \"Raw payload signing is disabled\",\n"
                 "\t\t\"approvalsSatisfied\": [], \"approvalsMissing\": []}\n}\n"},
    ]


def tx(frm, to, value=0, data=None, **extra):
    t = {"chainId": 1, "from": ADDR[frm], "to": to if to.startswith("0x") else ADDR[to], "value": hex(value)}
    if data:
        t["data"] = data
    t.update(extra)
    return t


def erc20_transfer(to, units):
    return "0xa9059cbb" + ADDR[to][2:].rjust(64, "0") + hex(units)[2:].rjust(64, "0")


def transfer(n, user, account, to, token, units, hours_ago, usd_rate):
    """A past transfer in the reference's HistoricalTransfer format."""
    return {"id": "transfer-%02d" % n, "amount": str(units), "resourceId": ACCOUNT[account],
            "from": "eip155:1:" + ADDR[account], "to": "eip155:1:" + ADDR[to], "token": token,
            "chainId": 1, "initiatedBy": user, "timestamp": NOW * 1000 - int(hours_ago * HOUR_MS),
            "rates": {"fiat:usd": usd_rate}}


def past_transfers():
    """The organisation's recent transfers, as the armory's historical-transfer feed reports them.

    For members-daily-usd-limit (bob, USDC, rolling 24 h) only the first two count: 17,000 USD.
    """
    return [
        transfer(1, "member-bob", "ops", "vendor", USDC, 9000 * 10**6, 3, "1"),
        transfer(2, "member-bob", "ops", "exchange", USDC, 8000 * 10**6, 20, "1"),
        transfer(3, "member-bob", "ops", "vendor", USDC, 15000 * 10**6, 30, "1"),  # > 24 h ago
        transfer(4, "member-carol", "ops", "vendor", USDC, 12000 * 10**6, 2, "1"),  # not bob
        transfer(5, "member-bob", "ops", "vendor", ETH, 2 * WEI, 1, "3000"),  # not USDC
    ]


def requests():
    def sign_tx(n, account, t):
        return {"action": "signTransaction", "nonce": "req-%02d" % n, "resourceId": ACCOUNT[account],
                "transactionRequest": t}
    R = []
    # (name, signer, request, approvers, feeds ("prices", "transfers"), expected decision)
    R.append(("01-member-small-eth", "member-bob", sign_tx(1, "ops", tx("ops", "vendor", WEI // 2)), [], False, "Permit"))
    R.append(("02-member-medium-eth-needs-approval", "member-bob", sign_tx(2, "ops", tx("ops", "vendor", 5 * WEI)), [], False, "Confirm"))
    R.append(("03-member-medium-eth-approved", "member-bob", sign_tx(3, "ops", tx("ops", "vendor", 5 * WEI)),
              ["admin-alice", "admin-ann"], False, "Permit"))
    R.append(("04-member-medium-eth-one-approval", "member-bob", sign_tx(4, "ops", tx("ops", "vendor", 5 * WEI)),
              ["admin-alice"], False, "Confirm"))
    R.append(("05-member-large-eth-forbidden", "member-bob", sign_tx(5, "ops", tx("ops", "vendor", 20 * WEI)), [], False, "Forbid"))
    R.append(("06-member-unassigned-account", "member-dave", sign_tx(6, "ops", tx("ops", "vendor", WEI // 2)), [], False, "Forbid"))
    R.append(("07-member-unknown-destination", "member-bob", sign_tx(7, "ops", tx("ops", "stranger", WEI // 2)), [], False, "Forbid"))
    R.append(("08-admin-eth", "admin-alice", sign_tx(8, "treasury", tx("treasury", "exchange", 10 * WEI)), [], False, "Permit"))
    R.append(("09-admin-large-eth-needs-admin", "admin-alice", sign_tx(9, "treasury", tx("treasury", "exchange", 80 * WEI)), [], False, "Confirm"))
    R.append(("10-admin-large-eth-approved", "admin-alice", sign_tx(10, "treasury", tx("treasury", "exchange", 80 * WEI)),
              ["admin-ann"], False, "Permit"))
    R.append(("11-member-usdc-small", "member-bob",
              sign_tx(11, "ops", tx("ops", "usdc", 0, erc20_transfer("vendor", 1000 * 10**6))), [], "transfers",
              "Permit"))
    R.append(("12-member-usdc-over-limit", "member-bob",
              sign_tx(12, "ops", tx("ops", "usdc", 0, erc20_transfer("vendor", 30000 * 10**6))), [], True, "Forbid"))
    R.append(("13-member-contract-call", "member-bob",
              sign_tx(13, "ops", tx("ops", "uniswap", 0, "0x3593564c" + "00" * 32)), [], False, "Forbid"))
    R.append(("14-admin-uniswap-call", "admin-alice",
              sign_tx(14, "treasury", tx("treasury", "uniswap", 0, "0x3593564c" + "00" * 32)), [], False, "Permit"))
    R.append(("15-admin-cold-storage", "admin-alice", sign_tx(15, "cold", tx("cold", "treasury", WEI)), [], False, "Forbid"))
    R.append(("16-root-cold-storage", "root-rita", sign_tx(16, "cold", tx("cold", "treasury", 100 * WEI)), [], False, "Permit"))
    R.append(("17-member-high-gas", "member-bob",
              sign_tx(17, "ops", tx("ops", "vendor", WEI // 2, gas="0x5208", maxFeePerGas=hex(5 * 10**12))), [], False, "Forbid"))
    R.append(("18-member-sign-in-message", "member-carol",
              {"action": "signMessage", "nonce": "req-18", "resourceId": ACCOUNT["ops"],
               "message": "Sign in to app.example.com at 2026-01-01"}, [], False, "Permit"))
    R.append(("19-sign-raw-forbidden", "root-rita",
              {"action": "signRaw", "nonce": "req-19", "resourceId": ACCOUNT["ops"],
               "rawMessage": "0xdeadbeef", "alg": "ES256K"}, [], False, "Forbid"))
    R.append(("20-admin-grant-permission", "admin-alice",
              {"action": "grantPermission", "nonce": "req-20", "resourceId": "vault",
               "permissions": ["wallet:read", "wallet:create"]}, [], False, "Permit"))
    R.append(("21-manager-pays-vendor", "manager-mia",
              sign_tx(21, "payroll", tx("payroll", "vendor", 3 * WEI)), [], False, "Permit"))
    R.append(("22-ops-team-internal-move", "member-carol",
              sign_tx(22, "ops", tx("ops", "trading", 8 * WEI // 10)), [], False, "Permit"))
    # Bob has sent 17,000 USD of USDC in the last 24 h (past_transfers): 4,000 more exceeds the
    # 20,000 USD daily limit, 2,000 more does not.
    R.append(("23-member-usdc-daily-limit-exceeded", "member-bob",
              sign_tx(23, "ops", tx("ops", "usdc", 0, erc20_transfer("vendor", 4000 * 10**6))), [],
              "transfers", "Forbid"))
    R.append(("24-member-usdc-within-daily-limit", "member-bob",
              sign_tx(24, "ops", tx("ops", "usdc", 0, erc20_transfer("vendor", 2000 * 10**6))), [],
              "transfers", "Permit"))
    return R


def main():
    feed_key = key("feed-prices")
    admin = key("store-admin")
    ent = entities()
    write("stores/entities.json", {"entity": {"data": ent}})
    write("stores/policies.json", {"policy": {"data": policies()}})
    for kind, name in (("entity", "entities"), ("policy", "policies")):
        sig = run("store", "sign", "--key", os.path.join(HERE, "keys/store-admin.jwk"), "--kind", kind,
                  "--iat", STORE_IAT, os.path.join(HERE, "stores", name + ".json"))
        write("stores/%s.signature.json" % name, sig)
        write("%s-store.json" % kind, {
            "data": {"type": "FILE", "url": "stores/%s.json" % name},
            "signature": {"type": "FILE", "url": "stores/%s.signature.json" % name},
            "keys": [public(admin)],
        })
    write("keys/feed-prices.pub.jwk", public(feed_key))
    write("feeds/prices.json", {ETH: {"fiat:usd": "3000"}, USDC: {"fiat:usd": "1"}})
    feed = json.loads(run("client", "sign-feed", "--key", os.path.join(HERE, "keys/feed-prices.jwk"),
                          "--iat", REQUEST_IAT, os.path.join(HERE, "feeds/prices.json")))
    transfer_key = key("feed-transfers")
    write("keys/feed-transfers.pub.jwk", public(transfer_key))
    write("feeds/transfers.json", past_transfers())
    transfer_feed = json.loads(run("client", "sign-feed", "--key", os.path.join(HERE, "keys/feed-transfers.jwk"),
                                   "--source", "armory/historical-transfer-feed", "--iat", TRANSFER_FEED_IAT,
                                   os.path.join(HERE, "feeds/transfers.json")))
    expected = {}
    for name, signer, req, approvers, with_feed, decision in requests():
        evaluation = {"request": req}
        if with_feed == "transfers":
            evaluation["feeds"] = [feed, transfer_feed]
        elif with_feed:
            evaluation["feeds"] = [feed]
        write("requests/unsigned/%s.json" % name, evaluation)
        path = os.path.join(HERE, "requests/unsigned/%s.json" % name)
        signed = json.loads(run("client", "sign-request", "--key", os.path.join(HERE, "keys/cred-%s.jwk" % signer),
                                "--iat", REQUEST_IAT, path))
        for approver in approvers:
            write("requests/tmp.json", signed)
            signed = json.loads(run("client", "sign-request", "--approval", "--iat", REQUEST_IAT, "--key",
                                    os.path.join(HERE, "keys/cred-%s.jwk" % approver),
                                    os.path.join(HERE, "requests/tmp.json")))
        write("requests/%s.json" % name, signed)
        expected[name] = decision
    if os.path.exists(os.path.join(HERE, "requests/tmp.json")):
        os.remove(os.path.join(HERE, "requests/tmp.json"))
    write("requests/expected.json", expected)


if __name__ == "__main__":
    main()
