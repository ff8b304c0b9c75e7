"""Seeds a running app for bench/api-load.sh: the Jinjiang 2021 table imported by its unit's coordinator (54 targets
with their departments and people), published, one evidence file on every fifth target, and scored: an assessor's
score on every target the assessor may score. Prints the evaluator's key and the plan id. Standard library only."""
import http.client
import json
import subprocess
import sys
from urllib.parse import urlparse

base, admin = sys.argv[1], sys.argv[2]
url = urlparse(base)
conn = http.client.HTTPConnection(url.hostname, url.port)


def call(method, path, key, body=None, content_type="application/json", ok=True):
    data = body if isinstance(body, bytes) else (json.dumps(body).encode() if body is not None else None)
    conn.request(method, path, data, {"Content-Type": content_type, "X-API-Key": key})
    response = conn.getresponse()
    answer = response.read()
    if ok and response.status >= 300:
        raise SystemExit(f"{method} {path}: {response.status} {answer[:300]!r}")
    return json.loads(answer) if answer and response.status < 300 else None


unit = call("POST", "/api/v1/units", admin, {"name": "泉州市晋江生态环境局", "kind": "UNIT", "series": "第二系列参评单位"})["id"]
evaluator = call("POST", "/api/v1/api-keys", admin, {"name": "bench", "roles": ["EVALUATOR"]})["key"]
coordinator = call("POST", "/api/v1/api-keys", admin, {"name": "科室", "roles": ["UNIT_COORDINATOR"], "unitId": unit})["key"]
imported = subprocess.run(["curl", "-sf", "-H", f"X-API-Key: {coordinator}", "-F",
                           "file=@src/test/resources/fixtures/jinjiang-2021.xlsx", "-F", f"unitId={unit}",
                           "-F", "year=2021", f"{base}/api/v1/plans/import"], capture_output=True, check=True)
plan = json.loads(imported.stdout)["planId"]
call("POST", f"/api/v1/plans/{plan}/transitions", coordinator, {"action": "SUBMIT"})
for action in ["APPROVE", "PUBLISH"]:
    call("POST", f"/api/v1/plans/{plan}/transitions", evaluator, {"action": action})
leaves = []


def collect(nodes):
    for n in nodes:
        collect(n["children"]) if n.get("children") else leaves.append(n["id"])


collect(call("GET", f"/api/v1/plans/{plan}/indicators", evaluator)["indicators"])
for leaf in leaves[::5]:
    call("POST", f"/api/v1/plans/{plan}/indicators/{leaf}/evidence/stream?filename=report.pdf", coordinator,
         b"%PDF-1.7\n" + b"x" * 20000, "application/octet-stream")
office = call("POST", "/api/v1/units", admin, {"name": "绩效办", "kind": "UNIT"})["id"]
person = call("POST", "/api/v1/people", admin, {"name": "林静", "unitId": office})["id"]
assessor = call("POST", "/api/v1/api-keys", admin, {"name": "assessor", "roles": ["ASSESSOR"], "personId": person})["key"]
call("POST", f"/api/v1/plans/{plan}/assessors", evaluator, {"personId": person})
for action in ["OPEN_SELF_ASSESSMENT", "OPEN_EVALUATION"]:
    call("POST", f"/api/v1/plans/{plan}/transitions", evaluator, {"action": action})
scored = 0
for leaf in leaves:
    if call("PUT", f"/api/v1/plans/{plan}/indicators/{leaf}/assessments/{person}", assessor, {"score": 0.5},
            ok=False) is not None:
        scored += 1
print(evaluator, plan, unit, len(leaves), scored)
