"""Seeds a running app for bench/rankings.sh: PLANS units of one series, each with a plan of LEAVES MANUAL
targets (5 level-1 nodes of equal weight) and one assessor's score on every target. Standard library only."""
import http.client
import json
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlparse

base, admin, plans, leaves = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
url = urlparse(base)
local = threading.local()


def call(method, path, key, body=None):
    if not hasattr(local, "conn"):
        local.conn = http.client.HTTPConnection(url.hostname, url.port)
    local.conn.request(method, path, json.dumps(body) if body is not None else None,
                       {"Content-Type": "application/json", "X-API-Key": key})
    response = local.conn.getresponse()
    answer = response.read()
    if response.status >= 300:
        raise SystemExit(f"{method} {path}: {response.status} {answer[:300]!r}")
    return json.loads(answer) if answer else None


evaluator = call("POST", "/api/v1/api-keys", admin, {"name": "bench", "roles": ["EVALUATOR"]})["key"]
office = call("POST", "/api/v1/units", admin, {"name": "绩效办", "kind": "UNIT"})["id"]
person = call("POST", "/api/v1/people", admin, {"name": "林静", "unitId": office})["id"]
assessor = call("POST", "/api/v1/api-keys", admin, {"name": "assessor", "roles": ["ASSESSOR"], "personId": person})["key"]
per_group = leaves // 5
cents = 2000 // per_group  # each level-1 node weighs 20: per_group leaves of equal cents, the remainder on the last
weights = [cents] * (per_group - 1) + [2000 - cents * (per_group - 1)]


def plan(i):
    unit = call("POST", "/api/v1/units", admin, {"name": f"参评单位{i:04d}", "kind": "UNIT", "series": "bench"})["id"]
    tree = [{"code": str(g + 1), "name": f"一级指标{g + 1}", "weight": 20,
             "children": [{"code": f"{g + 1}-{k + 1}", "name": f"目标{g + 1}-{k + 1}", "weight": w / 100}
                          for k, w in enumerate(weights)]} for g in range(5)]
    plan_id = call("POST", "/api/v1/plans", evaluator, {"title": f"考评表{i}", "year": 2021, "unitId": unit,
                                                         "indicators": tree})["id"]
    call("POST", f"/api/v1/plans/{plan_id}/assessors", evaluator, {"personId": person})
    read = call("GET", f"/api/v1/plans/{plan_id}/indicators", evaluator)
    for group in read["indicators"]:
        for leaf in group["children"]:
            score = round(leaf["weight"] * (0.6 + (i % 40) / 100), 2)
            call("PUT", f"/api/v1/plans/{plan_id}/indicators/{leaf['id']}/assessments/{person}", assessor, {"score": score})


with ThreadPoolExecutor(4) as pool:
    list(pool.map(plan, range(plans)))
print(evaluator)
