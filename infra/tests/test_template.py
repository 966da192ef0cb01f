"""The SAM template against the code: every Lambda crate has its function, each step function's
stream filter names the step its binary handles, the sweep runs on a schedule, and each function
gets exactly the permissions its code uses: the bucket prefixes it copies, and the DynamoDB
operations the store's client calls (read from functions/store/src/dynamodb), on the table and,
for the functions whose code queries an index, its indexes.

    .venv/bin/python -m unittest discover -s infra/tests
"""

import json
import re
import tomllib
import unittest
from pathlib import Path

from cfnlint.decode import decode

ROOT = Path(__file__).resolve().parents[2]
STEPS = ["authorize", "payment-check", "signature-check", "register", "qualification-check", "issue"]
STORE = ROOT / "functions/store/src/dynamodb"
# TransactWriteItems has no IAM action of its own: IAM authorises each of its items.
TRANSACT_ITEMS = {
    "Put": "dynamodb:PutItem",
    "Update": "dynamodb:UpdateItem",
    "Delete": "dynamodb:DeleteItem",
    "ConditionCheck": "dynamodb:ConditionCheckItem",
}
TABLE_ARN = {"Fn::GetAtt": ["Table", "Arn"]}
INDEX_ARN = {"Fn::Sub": "${Table.Arn}/index/*"}
# The code each function runs that may touch the store: where a grant to query an index would
# have to come from.
STEP_CODE = [
    "functions/core/src/steps",
    "functions/core/src/transition.rs",
    "functions/core/src/account.rs",
    "functions/core/src/population.rs",
    "functions/core/src/indicators.rs",
    "functions/rules/src",
    "functions/lambda/src/step.rs",
    "functions/lambda/src/stall.rs",
    "functions/lambda/src/function.rs",
    "functions/lambda/src/refresh.rs",
]
INDEX_READERS = {"api": ["functions/api/src"], "sweep": ["functions/core/src/wake.rs"]}
# The sources of the function binaries and what they share.
LAMBDA_CODE = ["functions/lambda/src", "functions/api/src", "functions/sweep/src"] + [
    f"functions/{step}/src" for step in STEPS
]


def kebab(variant: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"-\1", variant).lower()


def template() -> dict:
    parsed, problems = decode(str(ROOT / "infra/template.yaml"))
    assert not problems, problems
    return parsed


def functions(t: dict) -> dict:
    return {
        name: r
        for name, r in t["Resources"].items()
        if r["Type"] == "AWS::Serverless::Function"
    }


def by_code_uri(t: dict) -> dict:
    return {Path(r["Properties"]["CodeUri"]).name: (name, r) for name, r in functions(t).items()}


def sources(paths: list) -> str:
    """The Rust text under `paths` (files or directories), without test modules."""
    text = []
    for path in paths:
        path = ROOT / path
        files = sorted(path.rglob("*.rs")) if path.is_dir() else [path]
        for file in files:
            text.append(file.read_text().split("#[cfg(test)]", 1)[0])
    return "\n".join(text)


def store_functions() -> dict:
    """Each function of the DynamoDB adapter, by name: its body (test modules left out)."""
    bodies: dict = {}
    for file in sorted(STORE.glob("*.rs")) + [STORE.with_suffix(".rs")]:
        text = file.read_text().split("#[cfg(test)]", 1)[0]
        starts = [(m.start(), m.group(1)) for m in re.finditer(r"\bfn (\w+)", text)]
        for (at, name), (end, _) in zip(starts, starts[1:] + [(len(text), "")]):
            bodies[name] = bodies.get(name, "") + text[at:end]
    return bodies


def store_grants(methods: set) -> tuple:
    """The IAM actions the client calls reachable from the Store `methods` need: (on the table,
    on its indexes)."""
    bodies = store_functions()
    seen, todo = set(), list(methods)
    while todo:
        name = todo.pop()
        if name in seen or name not in bodies:
            continue
        seen.add(name)
        todo.extend(re.findall(r"\bself\s*\.\s*(\w+)\s*\(", bodies[name]))
    table, index = set(), set()
    for name in seen:
        body = bodies[name]
        calls = re.findall(r"\bself\s*\.\s*(?:client|streams)\s*\.\s*(\w+)\s*\(\)", body)
        for call in calls:
            if call == "transact_write_items":
                continue
            action = "dynamodb:" + "".join(w.capitalize() for w in call.split("_"))
            (index if ".index_name(" in body else table).add(action)
        for kind in re.findall(r"\b(\w+)::builder\(\)", body):
            if kind in TRANSACT_ITEMS:
                table.add(TRANSACT_ITEMS[kind])
    return table, index


def dynamodb_statements(resource: dict) -> list:
    """The explicit statements of a function that grant DynamoDB actions."""
    found = []
    for policy in resource["Properties"]["Policies"]:
        for statement in policy.get("Statement", []) if isinstance(policy, dict) else []:
            actions = statement["Action"]
            actions = [actions] if isinstance(actions, str) else actions
            if any(a.startswith("dynamodb:") for a in actions):
                found.append((set(actions), statement["Resource"], statement["Effect"]))
    return found


def s3_prefixes(resource: dict) -> set:
    """The bucket prefixes a function may read."""
    prefixes = set()
    for policy in resource["Properties"]["Policies"]:
        for statement in policy.get("Statement", []) if isinstance(policy, dict) else []:
            if statement["Action"] == "s3:GetObject":
                for arn in statement["Resource"]:
                    text = arn["Fn::Sub"]
                    prefixes.add(text.split("}/", 1)[1].rstrip("/*"))
    return prefixes


class TemplateMatchesCode(unittest.TestCase):
    def setUp(self) -> None:
        self.t = template()
        self.functions = by_code_uri(self.t)

    def test_every_step_crate_has_its_function_and_binary(self) -> None:
        for step in STEPS:
            cargo = tomllib.loads((ROOT / "functions" / step / "Cargo.toml").read_text())
            binary = cargo["bin"][0]["name"]
            self.assertIn(step, self.functions, f"no function with CodeUri ../functions/{step}")
            _, resource = self.functions[step]
            self.assertEqual(resource["Metadata"]["BuildProperties"]["Binary"], binary)
        self.assertEqual(
            len(functions(self.t)), len(STEPS) + 2, "the six steps, the sweep and the API"
        )

    def test_each_filter_names_the_step_its_binary_handles(self) -> None:
        for step in STEPS:
            main = (ROOT / "functions" / step / "src/main.rs").read_text()
            handled = re.findall(r"step::run\(Step::(\w+)\)", main)
            self.assertEqual(len(handled), 1, f"{step}/src/main.rs runs one step")
            self.assertEqual(kebab(handled[0]), step, f"{step} runs Step::{handled[0]}")
            _, resource = self.functions[step]
            stream = resource["Properties"]["Events"]["Stream"]["Properties"]
            filters = stream["FilterCriteria"]["Filters"]
            self.assertEqual(len(filters), 1)
            pattern = json.loads(filters[0]["Pattern"])
            self.assertEqual(pattern["eventName"], ["INSERT"])
            self.assertEqual(pattern["dynamodb"]["Keys"]["sk"]["S"], [{"prefix": "EVT#"}])
            self.assertEqual(pattern["dynamodb"]["NewImage"]["next"]["S"], [step])
            self.assertEqual(stream["FunctionResponseTypes"], ["ReportBatchItemFailures"])
            self.assertTrue(stream["BisectBatchOnFunctionError"])
            self.assertIn("OnFailure", stream["DestinationConfig"])

    def test_the_api_is_the_lambda_http_binary_on_an_http_api(self) -> None:
        cargo = tomllib.loads((ROOT / "functions/api/Cargo.toml").read_text())
        api_bin = next(b for b in cargo["bin"] if b["path"] == "src/bin/api.rs")
        _, resource = self.functions["api"]
        build = resource["Metadata"]["BuildProperties"]
        self.assertEqual(build["Binary"], api_bin["name"])
        self.assertEqual(build["Features"], ",".join(api_bin["required-features"]))
        events = resource["Properties"]["Events"]
        self.assertEqual([e["Type"] for e in events.values()], ["HttpApi"])

    def test_the_sweep_runs_on_a_schedule(self) -> None:
        cargo = tomllib.loads((ROOT / "functions/sweep/Cargo.toml").read_text())
        _, resource = self.functions["sweep"]
        self.assertEqual(resource["Metadata"]["BuildProperties"]["Binary"], cargo["bin"][0]["name"])
        main = (ROOT / "functions/sweep/src/main.rs").read_text()
        self.assertIn("reglament_lambda::sweep::run()", main)
        events = resource["Properties"]["Events"]
        self.assertEqual([e["Type"] for e in events.values()], ["ScheduleV2"])
        schedule = next(iter(events.values()))["Properties"]["ScheduleExpression"]
        self.assertEqual(schedule, {"Ref": "SweepSchedule"})
        default = self.t["Parameters"]["SweepSchedule"]["Default"]
        self.assertRegex(default, self.t["Parameters"]["SweepSchedule"]["AllowedPattern"])

    def test_dynamodb_grants_are_the_store_calls_and_nothing_wider(self) -> None:
        lambda_code = sources(LAMBDA_CODE)
        # The functions never read the stream through the store (the event-source mapping
        # does) nor make the table: the store's `stream` and `create_table` are the local
        # relay's and setup's.
        for used_elsewhere in [".stream(", "create_table", "runner::run"]:
            self.assertNotIn(used_elsewhere, lambda_code)
        store_impl = STORE.with_suffix(".rs").read_text().split("impl Store for DynamoStore", 1)[1]
        methods = set(re.findall(r"\basync fn (\w+)", store_impl)) - {"stream"}
        self.assertEqual(methods, {"get", "get_many", "query", "query_index", "transact"})
        table, index = store_grants(methods)
        self.assertEqual(index, {"dynamodb:Query"})
        self.assertTrue({"dynamodb:GetItem", "dynamodb:PutItem"} <= table, table)
        self.assertNotIn("query_index(", sources(STEP_CODE), "the steps never query an index")
        for paths in INDEX_READERS.values():
            self.assertIn("query_index(", sources(paths))

        for name, (logical, resource) in self.functions.items():
            statements = dynamodb_statements(resource)
            granted_table = [a for a, r, _ in statements if r == TABLE_ARN]
            granted_index = [a for a, r, _ in statements if r == INDEX_ARN]
            self.assertEqual(granted_table, [table], f"{logical}: the table operations")
            self.assertEqual(
                granted_index,
                [index] if name in INDEX_READERS else [],
                f"{logical}: index queries only where the code queries an index",
            )
            self.assertEqual(len(statements), len(granted_table) + len(granted_index), logical)
            self.assertTrue(all(e == "Allow" for _, _, e in statements), logical)
            templates = {next(iter(p)) for p in resource["Properties"]["Policies"] if isinstance(p, dict)}
            self.assertFalse(
                {t for t in templates if t.startswith("DynamoDB")} - {"DynamoDBStreamReadPolicy"},
                f"{logical}: no SAM DynamoDB policy template but the stream read",
            )

    def test_permissions_are_what_the_code_reads(self) -> None:
        def parts(path: str) -> set:
            text = (ROOT / path).read_text()
            listed = re.search(r"PARTS: \[&str; \d\] = \[([^\]]*)\]", text).group(1)
            return set(listed.replace('"', "").replace(" ", "").split(","))

        step_parts = parts("functions/lambda/src/function.rs")
        api_parts = parts("functions/api/src/bin/api.rs")
        sweep_parts = parts("functions/lambda/src/sweep.rs")
        for step in STEPS:
            _, resource = self.functions[step]
            self.assertEqual(s3_prefixes(resource), step_parts, step)
            names = [next(iter(p)) if isinstance(p, dict) else p for p in resource["Properties"]["Policies"]]
            self.assertIn("DynamoDBStreamReadPolicy", names, step)
        _, api = self.functions["api"]
        self.assertEqual(s3_prefixes(api), api_parts)
        names = [next(iter(p)) for p in api["Properties"]["Policies"]]
        self.assertNotIn("DynamoDBStreamReadPolicy", names, "the API does not read the stream")
        _, sweep = self.functions["sweep"]
        self.assertEqual(s3_prefixes(sweep), sweep_parts)
        self.assertEqual(
            [next(iter(p)) for p in sweep["Properties"]["Policies"]],
            ["Statement"],
            "the sweep reads no stream and sends to no queue",
        )

    def test_the_table_is_the_one_the_store_expects(self) -> None:
        table = self.t["Resources"]["Table"]["Properties"]
        self.assertEqual(table["StreamSpecification"]["StreamViewType"], "NEW_IMAGE")
        self.assertTrue(table["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"])
        store = (ROOT / "functions/store/src/dynamodb/table.rs").read_text()
        indexes = {i["IndexName"]: [k["AttributeName"] for k in i["KeySchema"]] for i in table["GlobalSecondaryIndexes"]}
        self.assertEqual(indexes, {"gsi1": ["gsi1pk", "gsi1sk"], "gsi2": ["gsi2pk", "gsi2sk"]})
        for name in indexes:
            self.assertIn(f'"{name}"', store)

    def test_every_region_has_a_parameter_set(self) -> None:
        config = tomllib.loads((ROOT / "infra/samconfig.toml").read_text())
        allowed = self.t["Parameters"]["Region"]["AllowedValues"]
        for region in ["akmola", "almaty", "west-kazakhstan", "atyrau"]:
            self.assertIn(region, allowed)
            overrides = config[region]["deploy"]["parameters"]["parameter_overrides"]
            self.assertIn(f"Region={region}", overrides)


if __name__ == "__main__":
    unittest.main()
