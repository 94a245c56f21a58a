"""Call a running app's Dash callbacks over plain HTTP, as its page would (for tests across processes)."""

from __future__ import annotations

import json
import urllib.request


def post_json(url: str, body: dict, timeout: float = 60) -> dict:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read() or b"{}")


def get_json(url: str, timeout: float = 60):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return json.loads(response.read())


def _outputs(output: str) -> list[dict]:
    parts = output[2:-2].split("...") if output.startswith("..") else [output]
    return [{"id": p.rpartition(".")[0], "property": p.rpartition(".")[2]} for p in parts]


def call(base: str, trigger: tuple[str, str], values: dict[tuple[str, str], object], wants: str) -> dict:
    """Fire the callback that `trigger` (id, property) starts and whose outputs name `wants`.

    `values` gives each input and state by (id, property); those not given are None. Returns
    {"id.property": value} for what the callback sent back.
    """
    for spec in get_json(base + "/_dash-dependencies"):
        inputs = [(i["id"], i["property"]) for i in spec["inputs"]]
        if trigger in inputs and wants in spec["output"]:
            break
    else:
        raise LookupError(f"no callback on {trigger} with output {wants}")

    def each(items):
        return [{"id": i, "property": p, "value": values.get((i, p))} for i, p in items]

    outputs = _outputs(spec["output"])
    body = {
        "output": spec["output"],
        "outputs": outputs if spec["output"].startswith("..") else outputs[0],
        "inputs": each(inputs),
        "state": each([(s["id"], s["property"]) for s in spec.get("state", [])]),
        "changedPropIds": [".".join(trigger)],
    }
    response = post_json(base + "/_dash-update-component", body).get("response", {})
    return {f"{k}.{p}": v for k, props in response.items() for p, v in props.items()}
