"""Seeds a running app for bench/import.sh: a unit with 20 departments and 40 people, a plan of TARGETS targets
(2 一级指标 x 5 二级指标 x items of 5 targets) and on every target a leader, a lead and a supporting department and a
person. Prints the plan id and the evaluator key. Standard library only."""
import http.client
import json
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlparse

base, admin, targets = sys.argv[1], sys.argv[2], int(sys.argv[3])
url = urlparse(base)
local = threading.local()


def call(method, path, key, body=None):
    if not hasattr(local, "conn"):
        local.conn = http.client.HTTPConnection(url.hostname, url.port)
    headers = {"Content-Type": "application/json", "X-API-Key": key}
    if method == "PUT":
        headers["If-Match"] = '"0"'
    local.conn.request(method, path, json.dumps(body) if body is not None else None, headers)
    response = local.conn.getresponse()
    answer = response.read()
    if response.status >= 300:
        raise SystemExit(f"{method} {path}: {response.status} {answer[:300]!r}")
    return json.loads(answer) if answer else None


evaluator = call("POST", "/api/v1/api-keys", admin, {"name": "bench", "roles": ["EVALUATOR"]})["key"]
unit = call("POST", "/api/v1/units", admin, {"name": "基准单位", "kind": "UNIT"})["id"]
departments = [call("POST", "/api/v1/units", admin, {"name": f"第{i + 1}科", "kind": "DEPARTMENT", "parentId": unit})["id"]
               for i in range(20)]
people = [call("POST", "/api/v1/people", admin, {"name": f"人员{i + 1:02d}", "unitId": unit})["id"] for i in range(40)]
items = targets // 50  # per 二级指标: 2 x 5 of them, 5 targets per item
leaf = 100 / targets
tree = [{"name": f"一级指标{a + 1}", "weight": 50, "children": [
    {"name": f"二级指标{a + 1}.{b + 1}", "weight": 10, "children": [
        {"code": f"{a * 5 + b + 1}-{c + 1}", "name": f"项目{a * 5 + b + 1}-{c + 1}", "weight": round(5 * leaf, 2), "children": [
            {"name": f"目标内容 {a}-{b}-{c}-{d}: 完成年度重点任务并按期报送进展情况", "weight": round(leaf, 2)}
            for d in range(5)]} for c in range(items)]} for b in range(5)]} for a in range(2)]
plan = call("POST", "/api/v1/plans", evaluator, {"title": "基准考评表", "year": 2021, "unitId": unit, "indicators": tree})["id"]
read = call("GET", f"/api/v1/plans/{plan}/indicators", evaluator)
leaves = [t for a in read["indicators"] for b in a["children"] for c in b["children"] for t in c["children"]]


def assign(i_leaf):
    i, node = i_leaf
    call("PUT", f"/api/v1/plans/{plan}/indicators/{node['id']}/assignments", evaluator, {"items": [
        {"role": "LEADER", "responsibility": "LEAD", "personId": people[i % 5]},
        {"role": "DEPARTMENT", "responsibility": "LEAD", "departmentId": departments[i % 20]},
        {"role": "DEPARTMENT", "responsibility": "SUPPORT", "departmentId": departments[(i + 1) % 20]},
        {"role": "PERSON", "responsibility": "LEAD", "personId": people[5 + i % 35]}]})


with ThreadPoolExecutor(4) as pool:
    list(pool.map(assign, enumerate(leaves)))
print(plan, evaluator)
