"""Drives the registry at argv[1] with Confluent's own Python client and checks every answer.

Run by InProcessSchemaRegistryIT; prints one line per step and exits non-zero on the first mismatch.
"""
import json
import sys

from confluent_kafka.schema_registry import Schema, SchemaRegistryClient
from confluent_kafka.schema_registry.error import SchemaRegistryError

V1 = json.dumps({"type": "record", "name": "Interaction", "namespace": "levi",
                 "fields": [{"name": "user", "type": "string"}]})
V2 = json.dumps({"type": "record", "name": "Interaction", "namespace": "levi",
                 "fields": [{"name": "user", "type": "string"},
                            {"name": "rating", "type": "float", "default": 0.0}]})
BAD = json.dumps({"type": "record", "name": "Interaction", "namespace": "levi",
                  "fields": [{"name": "user", "type": "string"}, {"name": "item", "type": "long"}]})


def check(step, actual, expected):
    if actual != expected:
        print("FAIL %s: expected %r, got %r" % (step, expected, actual))
        sys.exit(1)
    print("ok %s" % step)


def error_code(call):
    try:
        call()
    except SchemaRegistryError as e:
        return e.http_status_code, e.error_code
    return None


client = SchemaRegistryClient({"url": sys.argv[1]})
subject = "levi.interactions-value"

first = client.register_schema(subject, Schema(V1, "AVRO"))
check("register", first, 1)
check("register again", SchemaRegistryClient({"url": sys.argv[1]}).register_schema(subject, Schema(V1, "AVRO")), 1)
check("get_schema", json.loads(client.get_schema(first).schema_str), json.loads(V1))
check("get_schema type", client.get_schema(first).schema_type, "AVRO")
check("test_compatibility ok", client.test_compatibility(subject, Schema(V2, "AVRO")), True)
check("test_compatibility bad", client.test_compatibility(subject, Schema(BAD, "AVRO")), False)
check("register v2", client.register_schema(subject, Schema(V2, "AVRO")), 2)
check("register incompatible", error_code(lambda: client.register_schema(subject, Schema(BAD, "AVRO"))), (409, 409))

latest = client.get_latest_version(subject)
check("latest", (latest.schema_id, latest.subject, latest.version), (2, subject, 2))
found = client.lookup_schema(subject, Schema(V1, "AVRO"))
check("lookup", (found.schema_id, found.version), (1, 1))
check("get_version", client.get_version(subject, 1).schema_id, 1)
check("get_versions", client.get_versions(subject), [1, 2])
check("get_subjects", client.get_subjects(), [subject])
check("missing version", error_code(lambda: client.get_version(subject, 7)), (404, 40402))
check("missing id", error_code(lambda: client.get_schema(99)), (404, 40403))

check("global compatibility", client.get_compatibility(), "BACKWARD")
check("set compatibility", client.set_compatibility(subject, "full"), {"compatibility": "FULL"})
check("get compatibility", client.get_compatibility(subject), "FULL")

check("delete version", client.delete_version(subject, 2), 2)
check("delete subject", client.delete_subject(subject, permanent=True), [1])
check("subjects after delete", client.get_subjects(), [])

# register and get_versions percent-encode the subject (test_compatibility in 1.7 does not).
slashed = "team/interactions-value"
client.register_schema(slashed, Schema(V2, "AVRO"))
check("subject with a slash", client.get_versions(slashed), [1])
print("all checks passed")
