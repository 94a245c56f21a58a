"""Call a running app's Dash callbacks over plain HTTP, as its page would (for tests across processes)."""

from __future__ import annotations

import json
import re
import time
import urllib.request


def post_json(url: str, body: dict, timeout: float = 60, headers: dict | None = None) -> dict:
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", **(headers or {})},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read() or b"{}")


def get_json(url: str, timeout: float = 60, headers: dict | None = None):
    with urllib.request.urlopen(
        urllib.request.Request(url, headers=headers or {}), timeout=timeout
    ) as response:
        return json.loads(response.read())


def _outputs(output: str) -> list[dict]:
    parts = output[2:-2].split("...") if output.startswith("..") else [output]
    return [{"id": p.rpartition(".")[0], "property": p.rpartition(".")[2]} for p in parts]


def request_body(
    base: str,
    trigger: tuple[str, str],
    values: dict[tuple[str, str], object],
    wants: str,
    headers: dict | None = None,
) -> dict:
    """The body dash-renderer posts for the callback that `trigger` starts and whose outputs name `wants`."""
    for spec in get_json(base + "/_dash-dependencies", headers=headers):
        inputs = [(i["id"], i["property"]) for i in spec["inputs"]]
        if trigger in inputs and wants in spec["output"]:
            break
    else:
        raise LookupError(f"no callback on {trigger} with output {wants}")

    def each(items):
        return [{"id": i, "property": p, "value": values.get((i, p))} for i, p in items]

    outputs = _outputs(spec["output"])
    return {
        "output": spec["output"],
        "outputs": outputs if spec["output"].startswith("..") else outputs[0],
        "inputs": each(inputs),
        "state": each([(s["id"], s["property"]) for s in spec.get("state", [])]),
        "changedPropIds": [".".join(trigger)],
    }


def _flat(response: dict) -> dict:
    return {f"{k}.{p}": v for k, props in response.items() for p, v in props.items()}


def call(base: str, trigger: tuple[str, str], values: dict[tuple[str, str], object], wants: str) -> dict:
    """Fire the callback that `trigger` (id, property) starts and whose outputs name `wants`.

    `values` gives each input and state by (id, property); those not given are None. Returns
    {"id.property": value} for what the callback sent back.
    """
    body = request_body(base, trigger, values, wants)
    return _flat(post_json(base + "/_dash-update-component", body).get("response", {}))


def call_background(
    base: str,
    trigger: tuple[str, str],
    values: dict[tuple[str, str], object],
    wants: str,
    *,
    timeout: float = 240,
    headers: dict | None = None,
) -> tuple[dict, list[dict]]:
    """Fire a background callback as dash-renderer does: start it, then poll until its outputs come.

    Returns (outputs as in `call`, every progress update seen, in order). Polls every 0.2 s; a job that
    has not answered within `timeout` seconds fails the test.
    """
    page = urllib.request.urlopen(urllib.request.Request(base + "/", headers=headers or {}), timeout=60)
    config = re.search(
        r'<script id="_dash-config" type="application/json">(.*?)</script>', page.read().decode()
    )
    end_id = json.loads(config[1])["end_id"]
    body = request_body(base, trigger, values, wants, headers)
    url = f"{base}/_dash-update-component?endId={end_id}"
    started = post_json(url, body, headers=headers)
    poll = f"{url}&cacheKey={started['cacheKey']}&job={started['job']}"
    progress: list[dict] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        answer = post_json(poll, body, headers=headers)
        if answer.get("progress"):
            progress.append(answer["progress"])
        if "response" in answer:
            return _flat(answer["response"]), progress
        time.sleep(0.2)
    raise TimeoutError(f"background callback {body['output']} gave nothing within {timeout} s")
