"""Writes hostile templates for the bounded-recursion tests.

deep.py nested N   N nested deployments inside each other
deep.py udf N      N user-defined functions, each calling the next
"""
import json
import sys

SCHEMA = ("https://schema.management.azure.com/schemas/2019-04-01/"
          "deploymentTemplate.json#")


def nested(depth):
    template = {"$schema": SCHEMA, "contentVersion": "1.0.0.0",
                "resources": [{"type": "Microsoft.Network/virtualNetworks",
                               "apiVersion": "2023-09-01", "name": "vnet",
                               "location": "westeurope"}]}
    for i in range(depth):
        template = {"$schema": SCHEMA, "contentVersion": "1.0.0.0",
                    "resources": [{"type": "Microsoft.Resources/deployments",
                                   "apiVersion": "2022-09-01",
                                   "name": "level%d" % i,
                                   "properties": {"mode": "Incremental",
                                                  "template": template}}]}
    return template


def udf(count):
    members = {}
    for i in range(count):
        body = "[parameters('x')]" if i == count - 1 else \
            "[chain.f%d(parameters('x'))]" % (i + 1)
        members["f%d" % i] = {
            "parameters": [{"name": "x", "type": "string"}],
            "output": {"type": "string", "value": body}}
    return {"$schema": SCHEMA, "contentVersion": "1.0.0.0",
            "functions": [{"namespace": "chain", "members": members}],
            "resources": [],
            "outputs": {"o": {"type": "string",
                              "value": "[chain.f0('deep')]"}}}


kind, n = sys.argv[1], int(sys.argv[2])
print(json.dumps(nested(n) if kind == "nested" else udf(n), indent=1))
