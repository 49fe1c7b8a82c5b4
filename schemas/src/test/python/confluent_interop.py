#!/usr/bin/python3
"""Confluent's own Python client against LEVI Stream's registry and serde (driven by ConfluentPythonInteropIT).

Runs on Debian's python3 with python3-confluent-kafka (1.7), python3-avro and python3-requests. Debian has no
fastavro, so Avro encoding goes through confluent_kafka's Avro MessageSerializer (the confluent_kafka.avro package,
which uses python3-avro); the registry calls go through confluent_kafka.schema_registry.SchemaRegistryClient.

Modes (every mode prints JSON lines on stdout; the last line is a summary; errors go to stderr, exit status 1):
  registry  read a schema by id (--schema-id), register it under --subject, look it up, read latest and versions
  produce   write --count Interaction records to --topic, framed by Confluent's serializer
  consume   read --count records from --topic (written by our Java serializer) and decode them
"""
import argparse
import datetime
import json
import sys

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
BASE_MILLIS = 1_700_000_000_000


def millis(value):
    """timestamp-millis decodes to an aware datetime in python3-avro; Java sends the same instant as millis."""
    if isinstance(value, datetime.datetime):
        return (value - EPOCH) // datetime.timedelta(milliseconds=1)
    return value


def registry_mode(args):
    from confluent_kafka.schema_registry import Schema, SchemaRegistryClient

    client = SchemaRegistryClient({"url": args.registry})
    fetched = client.get_schema(args.schema_id)
    parsed = json.loads(fetched.schema_str)
    new_id = client.register_schema(args.subject, Schema(fetched.schema_str, "AVRO"))
    found = client.lookup_schema(args.subject, Schema(fetched.schema_str, "AVRO"))
    latest = client.get_latest_version(args.subject)
    print(json.dumps({
        "fetched_name": parsed["namespace"] + "." + parsed["name"],
        "fetched_fields": [f["name"] for f in parsed["fields"]],
        "registered_id": new_id,
        "lookup_id": found.schema_id,
        "lookup_version": found.version,
        "latest_id": latest.schema_id,
        "latest_version": latest.version,
        "versions": client.get_versions(args.subject),
        "subjects": sorted(client.get_subjects()),
        "compatible": client.test_compatibility(args.subject, Schema(fetched.schema_str, "AVRO")),
        "compatibility": client.get_compatibility(),
    }))


def interaction(i):
    """The i-th record; ConfluentPythonInteropIT computes the same values."""
    return {
        "userId": "py-user-%d" % i,
        "itemId": "item-%d" % (i * 7),
        "rating": 0.5 + (i % 10) * 0.5,
        "eventTime": EPOCH + datetime.timedelta(milliseconds=BASE_MILLIS + i),
        "itemTitle": "Title %d" % i if i % 2 == 0 else None,
        "genres": ["g%d" % g for g in range(i % 3)],
        "releaseYear": 1990 + i if i % 2 == 1 else None,
        "reviewText": None,
        "context": {"source": "python", "index": str(i)},
    }


def produce_mode(args):
    from confluent_kafka import Producer
    from confluent_kafka.avro import CachedSchemaRegistryClient, load
    from confluent_kafka.avro.serializer.message_serializer import MessageSerializer

    schema = load(args.schema_file)
    serializer = MessageSerializer(CachedSchemaRegistryClient({"url": args.registry}))
    producer = Producer({"bootstrap.servers": args.bootstrap, "acks": "all"})
    failures = []
    for i in range(args.count):
        record = interaction(i)
        value = serializer.encode_record_with_schema(args.topic, schema, record, is_key=False)
        producer.produce(args.topic, key=record["userId"].encode("utf-8"), value=value,
                         on_delivery=lambda err, msg: failures.append(str(err)) if err else None)
        print(json.dumps({"produced": record["userId"], "schema_id": int.from_bytes(value[1:5], "big")}))
    remaining = producer.flush(args.timeout)
    if remaining or failures:
        raise RuntimeError("%d record(s) not delivered; errors: %s" % (remaining, failures))
    print(json.dumps({"summary": "produced", "count": args.count}))


def consume_mode(args):
    from confluent_kafka import Consumer, KafkaException
    from confluent_kafka.avro import CachedSchemaRegistryClient
    from confluent_kafka.avro.serializer.message_serializer import MessageSerializer

    serializer = MessageSerializer(CachedSchemaRegistryClient({"url": args.registry}))
    consumer = Consumer({"bootstrap.servers": args.bootstrap, "group.id": args.group,
                         "auto.offset.reset": "earliest", "enable.auto.commit": False})
    consumer.subscribe([args.topic])
    seen = 0
    deadline = datetime.datetime.now() + datetime.timedelta(seconds=args.timeout)
    try:
        while seen < args.count and datetime.datetime.now() < deadline:
            msg = consumer.poll(0.5)
            if msg is None:
                continue
            if msg.error():
                raise KafkaException(msg.error())
            record = serializer.decode_message(msg.value(), is_key=False)
            record["eventTime"] = millis(record["eventTime"])
            print(json.dumps({"key": msg.key().decode("utf-8"), "partition": msg.partition(),
                              "offset": msg.offset(), "schema_id": int.from_bytes(msg.value()[1:5], "big"),
                              "value": record}, sort_keys=True))
            seen += 1
    finally:
        consumer.close()
    if seen < args.count:
        raise RuntimeError("read %d of %d records from %s before the deadline" % (seen, args.count, args.topic))
    print(json.dumps({"summary": "consumed", "count": seen}))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--registry", required=True)
    parser.add_argument("--topic")
    parser.add_argument("--mode", required=True, choices=["registry", "produce", "consume"])
    parser.add_argument("--subject")
    parser.add_argument("--schema-id", type=int)
    parser.add_argument("--schema-file")
    parser.add_argument("--group", default="confluent-interop")
    parser.add_argument("--count", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=30.0)
    args = parser.parse_args()
    {"registry": registry_mode, "produce": produce_mode, "consume": consume_mode}[args.mode](args)


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # noqa: BLE001 - the IT shows stderr; the traceback says where
        import traceback
        traceback.print_exc()
        sys.exit(1)
